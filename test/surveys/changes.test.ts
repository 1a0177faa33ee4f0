import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { surveysCheck } from '../../src/cli/commands/surveys.ts'
import { openDatabase } from '../../src/db/connect-node.ts'
import { applyMigrations } from '../../src/db/migrate-node.ts'
import { addInstitution, addPartnership } from '../../src/org/organisations.ts'
import { openRound } from '../../src/rounds/rounds.ts'
import { meaningChanges } from '../../src/surveys/changes.ts'
import { buildCatalog } from '../../src/surveys/load.ts'
import type { Survey } from '../../src/surveys/schema.ts'
import { catalog as shipped } from '../support/app.ts'
import { agreementYaml as q, testSurveyYaml } from '../support/fixtures.ts'

const mini = (questions: string[]): Survey =>
  buildCatalog([{ file: 'surveys/mini.yaml', text: testSurveyYaml('mini', 'Mini', questions.join('')) }]).get('mini')!

describe('what an edit of a survey file changes about its keys', () => {
  const before = mini([q('q1', 'a1'), q('q2', 'a1'), q('q3', 'a2')])

  it('says nothing when only spacing, case or end punctuation changes, or a question is added', () => {
    const after = mini([q('q1', 'a1').replace('Statement q1.', 'statement   Q1'), q('q2', 'a1'), q('q3', 'a2'), q('q4', 'a2')])
    expect(meaningChanges(before, after)).toEqual([])
  })

  it('warns when a key is reworded, unless the old wording is listed as an earlier wording of the same question', () => {
    const reworded = mini([q('q1', 'a1').replace('Statement q1.', 'I know who to ask about apprenticeships.'), q('q2', 'a1'), q('q3', 'a2')])
    expect(meaningChanges(before, reworded)).toEqual([
      '"q1" now reads “I know who to ask about apprenticeships.” but was asked as “Statement q1.”: if it means the same, list the old wording under earlierWordings; if not, give it a new key (with replaces: q1 only if the years should still be compared)',
    ])
    const declared = mini([
      q('q1', 'a1', '        earlierWordings: ["Statement q1."]\n').replace('text: Statement q1.', 'text: I know who to ask about apprenticeships.'),
      q('q2', 'a1'),
      q('q3', 'a2'),
    ])
    expect(meaningChanges(before, declared)).toEqual([])
  })

  it('warns when a key moves area, and when a dropped key has a new one beside it with no replaces', () => {
    const after = mini([q('q1', 'a2'), q('q2', 'a1'), q('q9', 'a2')])
    expect(meaningChanges(before, after)).toEqual([
      '"q1" moves from area a1 to a2: its past years count towards the old area',
      '"q3" is no longer asked and "q9" is new: if a new question asks what an old one did, say so with replaces: <old key>, or its years will not be compared',
    ])
    expect(meaningChanges(before, mini([q('q1', 'a1'), q('q2', 'a1'), q('q9', 'a2', '        replaces: q3\n')]))).toEqual([])
  })
})

describe('signpost surveys check', () => {
  let dir: string | undefined
  const saved = process.env.DATABASE_URL
  afterEach(() => {
    process.env.DATABASE_URL = saved
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('warns about a key whose wording differs from the version the latest round was opened with', async () => {
    dir = mkdtempSync(join(tmpdir(), 'signpost-check-'))
    const url = `file:${join(dir, 'check.db')}`
    const db = await openDatabase(url)
    await applyMigrations(db)
    await addPartnership(db, { slug: 'check-city', name: 'Check City' })
    await addInstitution(db, { slug: 'oak-school', name: 'Oak School', partnership: 'check-city' })
    // the round was opened when the file asked one question differently
    const student = structuredClone(shipped.get('student-iag')!)
    const asked = student.sections.flatMap((s) => s.questions).find((x) => x.key === 'find_info_on_my_own')!
    asked.text = 'I know where to find out about jobs.'
    asked.earlierWordings = []
    await openRound(db, new Map([['student-iag', student]]), { institution: 'oak-school', survey: 'student-iag', year: '2025/26' })
    db.$client.close()

    process.env.DATABASE_URL = url
    const lines: string[] = []
    expect(await surveysCheck.run([], { log: (l) => lines.push(l) })).toBe(0)
    const warnings = lines.filter((l) => l.includes('since the version'))
    expect(warnings).toEqual([
      '    warn since the version the 2025/26 round uses: "find_info_on_my_own" now reads “I can look up jobs and courses by myself.” but was asked as “I know where to find out about jobs.”: if it means the same, list the old wording under earlierWordings; if not, give it a new key (with replaces: find_info_on_my_own only if the years should still be compared)',
    ])
  })

  it('creates no database when there is none', async () => {
    dir = mkdtempSync(join(tmpdir(), 'signpost-check-'))
    process.env.DATABASE_URL = `file:${join(dir, 'none.db')}`
    const lines: string[] = []
    expect(await surveysCheck.run([], { log: (l) => lines.push(l) })).toBe(0)
    expect(lines.some((l) => l.startsWith('ok  student-iag'))).toBe(true)
    const { existsSync } = await import('node:fs')
    expect(existsSync(join(dir, 'none.db'))).toBe(false)
  })
})
