import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { recordActionPlan } from '../../src/analysis/action-plan.ts'
import { buildReport } from '../../src/analysis/report.ts'
import { createApp } from '../../src/app.ts'
import type { Db } from '../../src/db/database.ts'
import { importResponses } from '../../src/importers/import.ts'
import { closeRound, openRound } from '../../src/rounds/rounds.ts'
import { versionUnversionedRounds } from '../../src/rounds/survey-versions.ts'
import { buildCatalog } from '../../src/surveys/load.ts'
import { freshDatabase, rows } from '../support/app.ts'
import { agreementYaml as q, handYear1, handYear2, miniCatalog, respondents, seedOrganisation, seedRound, testSurveyYaml } from '../support/fixtures.ts'

/**
 * Past years are frozen: a round keeps the survey it was opened with, so editing or replacing
 * the survey file changes the rounds opened afterwards and never a past year's report.
 */

const v1 = miniCatalog()
/**
 * The same survey after a year of edits: retitled, every question reworded, q1 and q2 moved to
 * the other area and reordered, q1 no longer a priority area, q3 replaced by q7, q4 dropped.
 */
const edited = buildCatalog([
  {
    file: 'surveys/mini.yaml',
    text: testSurveyYaml(
      'mini',
      'Mini survey, edited',
      [q('q2', 'a2'), q('q1', 'a2', '        priority: false\n'), q('q7', 'a1', '        replaces: q3\n'), q('q5', 'a1')].join(''),
    ).replaceAll('text: Statement', 'text: Reworded statement'),
  },
])

let db: Db
let dispose: () => void
let institutionId: number
beforeEach(async () => {
  ;({ db, dispose } = await freshDatabase())
  institutionId = await seedOrganisation(db)
})
afterEach(() => dispose())

const lastYear = { surveyId: 'mini', year: '2024/25' }
const thisYear = { surveyId: 'mini', year: '2025/26' }

describe('a past year is frozen when the survey file changes', () => {
  it("keeps last year's report exactly as it was: texts, areas, ranking, top three", async () => {
    const round = await seedRound(db, v1, 'elm-school', '2024/25', respondents(handYear1))
    await closeRound(db, round)
    const before = await buildReport(db, v1, { institutionId, ...lastYear })
    expect(before.topThree).toEqual(['q1', 'q3', 'q2'])

    const after = await buildReport(db, edited, { institutionId, ...lastYear })
    expect(after).toEqual(before)
    expect(after.survey.title).toBe('Mini survey')
    expect(after.questions.map((x) => x.text)).toEqual(['Statement q1.', 'Statement q2.', 'Statement q3.', 'Statement q4.', 'Statement q5.'])
    expect(after.survey.version).toMatch(/^[0-9a-f]{64}$/)
  })

  it('reads the edited file for the round opened afterwards, following replaces and naming a dropped question by its old text', async () => {
    const last = await seedRound(db, v1, 'elm-school', '2024/25', respondents(handYear1))
    await recordActionPlan(db, v1.get('mini')!, last, { developmentKeys: ['q4', 'q1', 'q3'] })
    await closeRound(db, last)
    const { q3, q4: _dropped, ...rest } = handYear2
    await seedRound(db, edited, 'elm-school', '2025/26', respondents({ ...rest, q7: q3! }))

    const report = await buildReport(db, edited, { institutionId, ...thisYear })
    expect(report.survey.title).toBe('Mini survey, edited')
    expect(report.questions.map((x) => [x.key, x.area, x.text])).toEqual([
      ['q2', 'a2', 'Reworded statement q2.'],
      ['q1', 'a2', 'Reworded statement q1.'],
      ['q7', 'a1', 'Reworded statement q7.'],
      ['q5', 'a1', 'Reworded statement q5.'],
    ])
    // last year's plan named q4 (no longer asked), q1 and q3 (now q7)
    expect(report.development.questions).toEqual([
      { key: 'q4', text: 'Statement q4.', asked: false },
      { key: 'q1', text: 'Reworded statement q1.', asked: true },
      { key: 'q7', text: 'Reworded statement q7.', asked: true },
    ])
    // q7 carries on q3's line: 3 positive of 10 last year, 9 of 10 this year
    expect(report.questions.find((x) => x.key === 'q7')!.trend.map((t) => [t.year, t.score])).toEqual([
      ['2024/25', 0.3],
      ['2025/26', 0.9],
    ])
    expect(report.questions.find((x) => x.key === 'q7')!.change).toMatchObject({ previousYear: '2024/25', previousScore: 0.3, difference: 0.6 })
    expect(report.survey.version).not.toBe((await buildReport(db, edited, { institutionId, ...lastYear })).survey.version)
  })

  it("sets last year's top three from last year's survey when there is no action plan", async () => {
    // last year ranked q1, q3, q2 first; the edited survey no longer ranks q1 (nor asks q4),
    // but last year's top three is what last year's survey made it
    const last = await seedRound(db, v1, 'elm-school', '2024/25', respondents(handYear1))
    await closeRound(db, last)
    const { q3, q4: _dropped, ...rest } = handYear2
    await seedRound(db, edited, 'elm-school', '2025/26', respondents({ ...rest, q7: q3! }))
    const report = await buildReport(db, edited, { institutionId, ...thisYear })
    expect(report.development).toMatchObject({ source: 'previous-top-three', keys: ['q1', 'q7', 'q2'] })
  })

  it('serves respondents the survey their round was opened with, and accepts only its questions', async () => {
    const round = await openRound(db, v1, { institution: 'elm-school', survey: 'mini', year: '2025/26', tokensRequired: false })
    const app = createApp({ getDb: () => db, catalog: edited })
    const res = await app.request(`/api/surveys/${round.code}`)
    expect(res.status).toBe(200)
    const body = (await res.json()) as { survey: { title: string; sections: { questions: { key: string; text: string }[] }[] } }
    expect(body.survey.title).toBe('Mini survey')
    expect(body.survey.sections.flatMap((s) => s.questions.map((x) => x.key))).toEqual(['year_group', 'q1', 'q2', 'q3', 'q4', 'q5'])

    const post = (answers: Record<string, string>, submissionId: string) =>
      app.request(`/api/surveys/${round.code}/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ submissionId, answers }),
      })
    expect((await post({ q3: '4', q4: '5' }, crypto.randomUUID())).status).toBe(201)
    const refused = await post({ q7: '4' }, crypto.randomUUID())
    expect(refused.status).toBe(400)
    expect(await rows(db, 'SELECT question_key, value FROM answers ORDER BY question_key')).toEqual([
      { question_key: 'q3', value: '4' },
      { question_key: 'q4', value: '5' },
    ])
  })

  it('re-opening a round keeps its version', async () => {
    const round = await openRound(db, v1, { institution: 'elm-school', survey: 'mini', year: '2025/26', tokensRequired: false })
    await closeRound(db, round)
    const reopened = await openRound(db, edited, { institution: 'elm-school', survey: 'mini', year: '2025/26' })
    expect(reopened.surveyVersion).toBe(round.surveyVersion)
  })

  it('reads an import into an existing round with that round’s survey', async () => {
    // an import goes only into a round an earlier import created (never one Signpost collected)
    const first = 'year_group,q1\ny10,4\n'
    await importResponses(db, v1, first, { institution: 'elm-school', survey: 'mini', year: '2024/25', format: 'csv', today: '2025-12-01' })
    const csv = 'year_group,q3,q4\ny8,4,5\ny9,2,dk\n'
    const summary = await importResponses(db, edited, csv, { institution: 'elm-school', survey: 'mini', year: '2024/25', format: 'csv', today: '2025-12-01' })
    expect(summary.imported).toBe(2)
    expect(await rows(db, "SELECT count(*) AS n FROM answers WHERE question_key IN ('q3', 'q4')")).toEqual([{ n: 4 }])
  })

  it('stores the version an import creates its round with', async () => {
    const csv = 'year_group,q1,q7\ny8,4,5\n'
    const summary = await importResponses(db, edited, csv, { institution: 'elm-school', survey: 'mini', year: '2023/24', format: 'csv', today: '2025-12-01' })
    const later = buildCatalog([{ file: 'surveys/mini.yaml', text: testSurveyYaml('mini', 'Mini survey, later', q('q1', 'a1')) }])
    expect((await buildReport(db, later, { institutionId, surveyId: 'mini', year: '2023/24' })).survey.title).toBe('Mini survey, edited')
    expect(summary.round.surveyVersion).toMatch(/^[0-9a-f]{64}$/)
  })
})

describe('rounds from before survey versions were kept', () => {
  it('are given the installed survey by the migration step, once, and then keep it', async () => {
    await db.$client.execute({
      sql: "INSERT INTO rounds (institution_id, survey_id, audience, year, code, status) VALUES (?, 'mini', 'student', '2023/24', 'OLDRND', 'closed')",
      args: [institutionId],
    })
    // until dated, the round reads the survey as installed
    expect((await buildReport(db, v1, { institutionId, surveyId: 'mini', year: '2023/24' })).survey).toMatchObject({ title: 'Mini survey', version: null })
    expect(await versionUnversionedRounds(db, () => v1)).toBe(1)
    expect(await versionUnversionedRounds(db, () => edited)).toBe(0)
    const report = await buildReport(db, edited, { institutionId, surveyId: 'mini', year: '2023/24' })
    expect(report.survey).toMatchObject({ title: 'Mini survey' })
    expect(report.survey.version).toMatch(/^[0-9a-f]{64}$/)
  })
})
