import { afterEach, beforeEach, expect, it } from 'vitest'
import { buildReport } from '../../src/analysis/report.ts'
import type { Db } from '../../src/db/database.ts'
import { closeRound } from '../../src/rounds/rounds.ts'
import { catalog, freshDatabase } from '../support/app.ts'
import { seedOrganisation, seedRound } from '../support/fixtures.ts'

let db: Db
let dispose: () => void
let institutionId: number
beforeEach(async () => {
  ;({ db, dispose } = await freshDatabase())
  institutionId = await seedOrganisation(db)
})
afterEach(() => dispose())

const people = (n: number, answers: Record<string, string>) => Array.from({ length: n }, () => answers)

it('compares a question with each other voice that is asked the same thing, one table row per pair', async () => {
  // six students who know who can help, six parents who know how their child gets help, six staff of whom two know how to pass a student on
  const rounds = [
    await seedRound(db, catalog, 'elm-school', '2025/26', people(6, { year_group: 'y10', know_who_can_help: '5' }), 'student-iag'),
    await seedRound(db, catalog, 'elm-school', '2025/26', people(6, { know_how_child_gets_help: '4' }), 'parent-carer'),
    await seedRound(
      db,
      catalog,
      'elm-school',
      '2025/26',
      [...people(2, { know_how_to_refer: '4' }), ...people(4, { know_how_to_refer: '2' })],
      'staff-careers',
    ),
  ]
  for (const r of rounds) await closeRound(db, r)
  const report = await buildReport(db, catalog, { institutionId, surveyId: 'student-iag', year: '2025/26' })
  const rows = report.gaps.filter((g) => g.key === 'know_who_can_help').map((g) => [g.pairedSurvey.audience, g.pairedKey, g.score, g.pairedScore, g.gap])
  expect(rows).toEqual([
    ['parent', 'know_how_child_gets_help', 1, 1, 0],
    ['staff', 'know_how_to_refer', 1, 0.3333, 0.6667],
  ])
  // a pair whose other voice did not answer it has no gap, and a voice with no round this year is not compared at all
  expect(report.gaps.find((g) => g.pairedKey === 'subject_links_to_jobs')).toMatchObject({ score: null, pairedScore: null, gap: null })
  expect(report.gaps.some((g) => g.pairedSurvey.audience === 'employer')).toBe(false)
  // the staff report compares back with the students
  const staff = await buildReport(db, catalog, { institutionId, surveyId: 'staff-careers', year: '2025/26' })
  expect(staff.gaps.find((g) => g.key === 'know_how_to_refer')).toMatchObject({ pairedKey: 'know_who_can_help', score: 0.3333, pairedScore: 1, gap: -0.6667 })
})
