import { afterEach, beforeEach, expect, it } from 'vitest'
import { run } from '../../src/cli/main.ts'
import { addInstitution, addPartnership } from '../../src/org/organisations.ts'
import { closeRound } from '../../src/rounds/rounds.ts'
import { catalog, freshDatabase, rows, studentAnswers } from '../support/app.ts'
import { seedRound } from '../support/fixtures.ts'

/** `signpost retention apply [--dry-run]`, in this process, against a database file of its own. */
let fresh: Awaited<ReturnType<typeof freshDatabase>>
const saved = process.env.DATABASE_URL
beforeEach(async () => {
  fresh = await freshDatabase()
  process.env.DATABASE_URL = fresh.url
  await addPartnership(fresh.db, { slug: 'cli-city', name: 'CLI City' })
  await addInstitution(fresh.db, { slug: 'elder-school', name: 'Elder School', partnership: 'cli-city' })
  const flat = Object.fromEntries(Object.entries(studentAnswers()).filter((e): e is [string, string] => typeof e[1] === 'string'))
  // ten years back: beyond any keepAnswersYears the default allows
  const round = await seedRound(fresh.db, catalog, 'elder-school', '2015/16', Array(6).fill(flat), 'student-iag')
  await closeRound(fresh.db, round)
})
afterEach(() => {
  process.env.DATABASE_URL = saved
  fresh.dispose()
})

it('prints what would go with --dry-run and deletes nothing; then deletes it', async () => {
  const lines: string[] = []
  expect(await run(['retention', 'apply', '--dry-run'], { log: (l) => lines.push(l) })).toBe(0)
  expect(lines).toEqual(['Would delete the individual answers of Elder School, student-iag 2015/16 (6 responses); its tallies stay'])
  expect(await rows(fresh.db, 'SELECT count(*) AS n FROM responses')).toEqual([{ n: 6 }])
  lines.length = 0
  expect(await run(['retention', 'apply'], { log: (l) => lines.push(l) })).toBe(0)
  expect(lines).toEqual(['Deleted the individual answers of Elder School, student-iag 2015/16 (6 responses); its tallies stay'])
  expect(await rows(fresh.db, 'SELECT count(*) AS n FROM responses')).toEqual([{ n: 0 }])
  expect(await rows(fresh.db, "SELECT actor FROM audit_log WHERE action = 'retention.run'")).toEqual([{ actor: 'command line' }])
})
