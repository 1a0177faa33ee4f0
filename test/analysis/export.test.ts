import Papa from 'papaparse'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { HTTPException } from 'hono/http-exception'
import { buildReport } from '../../src/analysis/report.ts'
import { responseStatements } from '../../src/collect/store.ts'
import { catchUpStatements } from '../../src/rounds/shown-figures.ts'
import type { Db } from '../../src/db/database.ts'
import { answersCsv, csvFileName, hiddenAnswerValue, reportCsv, reportCsvHeader } from '../../src/analysis/export.ts'
import { closeRound, openRound } from '../../src/rounds/rounds.ts'
import { buildCatalog } from '../../src/surveys/load.ts'
import { freshDatabase } from '../support/app.ts'
import { seedOrganisation, testSurveyYaml } from '../support/fixtures.ts'

const catalog = buildCatalog([
  {
    file: 'surveys/exp.yaml',
    text: testSurveyYaml(
      'exp',
      'Export survey',
      `      - key: q1
        kind: agreement
        area: a1
        text: Statement one.
      - key: q2
        kind: agreement
        area: a1
        text: "=HYPERLINK(\\"http://example.com\\")"
      - key: activities
        kind: multiple
        text: Which did you do?
        options:
          - { value: fair, label: Careers fair }
          - { value: visit, label: College visit }
          - { value: talk, label: Employer talk }
      - key: comments
        kind: text
        text: Anything else?
`,
      ['a1'],
    ),
  },
])
const survey = catalog.get('exp')!

type Person = { year_group?: string; q1?: string; q2?: string; activities?: string[]; comments?: string }

let seq = 0
async function seed(db: Db, people: Person[], year = '2025/26') {
  const round = await openRound(db, catalog, { institution: 'elm-school', survey: 'exp', year })
  const statements = people.flatMap((p) =>
    responseStatements(survey, round.id, {
      submissionId: `exp-${++seq}`,
      language: 'en',
      day: `${year.slice(0, 4)}-11-0${(seq % 9) + 1}`,
      rows: [
        ...(p.year_group ? [{ key: 'year_group', value: p.year_group, scale: null }] : []),
        ...(['q1', 'q2'] as const).flatMap((k) => (p[k] ? [{ key: k, value: p[k]!, scale: p[k] === 'dk' ? null : Number(p[k]) }] : [])),
        ...(p.activities ?? []).map((value) => ({ key: 'activities', value, scale: null })),
        ...(p.comments ? [{ key: 'comments', value: p.comments, scale: null }] : []),
      ],
    }),
  )
  // the figures show the seeded responses as they stand, as after a step of the minimum cohort
  await db.$client.batch([...statements, ...catchUpStatements(round.id, 1)], 'write')
  return round
}

const parse = (csv: string) => {
  expect(csv.startsWith('\uFEFF')).toBe(true)
  const result = Papa.parse<Record<string, string>>(csv.slice(1), { header: true, skipEmptyLines: true })
  expect(result.errors).toEqual([])
  return result
}

let db: Db
let dispose: () => void
let institutionId: number
beforeEach(async () => {
  ;({ db, dispose } = await freshDatabase())
  institutionId = await seedOrganisation(db)
})
afterEach(() => dispose())

describe('answersCsv', () => {
  const people: Person[] = [
    { year_group: 'y8', q1: '5', q2: '4', activities: ['fair', 'visit'], comments: 'secret note' },
    { year_group: 'y8', q1: '1', q2: 'dk', activities: ['talk'] },
    { year_group: 'y8', q1: '3', q2: '2' },
    { year_group: 'y8', q1: '4', activities: ['=cmd|calc'] as string[] },
    { year_group: 'y8', q1: '2', q2: '5' },
    { year_group: 'y9', q1: '4', q2: '4' },
    { year_group: 'y9', q1: '4', q2: '4' },
    { year_group: 'y9', q1: '5', q2: '1' },
    { year_group: 'y9', q1: '5', q2: '3' },
    { year_group: 'y9', q1: '1' },
    { year_group: 'y10', q1: '2' },
    { q2: '3' },
  ]

  /** The answers of a round as the lead downloads them: once it is closed, with the report's figures. */
  async function exportOf(round: { id: number }) {
    await closeRound(db, round)
    const report = await buildReport(db, catalog, { institutionId, surveyId: 'exp', year: '2025/26' })
    return answersCsv(db, survey, round.id, report)
  }

  it('has one row per response, one column per question, and round-trips through Papa.parse', async () => {
    const round = await seed(db, people)
    const csv = await exportOf(round)
    expect(csv).toContain('\r\n')
    const { data, meta } = parse(csv)
    expect(meta.fields).toEqual(['response', 'year', 'year_group', 'q1', 'q2', 'activities'])
    expect(meta.fields).not.toContain('submission_id')
    expect(csv).not.toMatch(/exp-\d|2025-11-0\d|submitted|language/)
    // free text stays on the report page
    expect(csv).not.toContain('secret note')
    expect(data).toHaveLength(people.length)
    expect(data.map((r) => r.response)).toEqual(people.map((_, i) => String(i + 1)))
    expect(new Set(data.map((r) => r.year))).toEqual(new Set(['2025/26']))

    // the same answers, in some order: compare as sorted lists of rows without the number
    const small = '(group of fewer than 5)'
    const expected = people.map((p) => ({
      // y10 and "not answered" (one each) are below the cohort and together fewer than 5, so y8
      // (the first of the two groups of five) is masked with them; y9 is shown
      year_group: p.year_group === 'y9' ? 'y9' : small,
      q1: p.q1 ?? '',
      // Year 9 has 4 on-scale answers to q2: the report hides that cell (and the hidden groups'
      // with it), so q2 is masked in every row, or the report's q2 minus the file would give it
      q2: hiddenAnswerValue,
      activities:
        p.activities
          ?.map((a) => (a.startsWith('=') ? `'${a}` : a))
          .sort()
          .join('; ') ?? '',
    }))
    const got = data.map(({ response: _r, year: _y, ...rest }) => rest)
    const key = (r: Record<string, string>) => JSON.stringify(r)
    expect(got.map(key).sort()).toEqual(expected.map(key).sort())
  })

  it('is refused while the round is open, and for a round with fewer responses than the minimum cohort', async () => {
    const round = await seed(db, people)
    const open = await buildReport(db, catalog, { institutionId, surveyId: 'exp', year: '2025/26' })
    await expect(answersCsv(db, survey, round.id, open)).rejects.toMatchObject({ status: 409, message: expect.stringContaining('once the round is closed') })

    const { db: other, dispose: done } = await freshDatabase()
    try {
      const id = await seedOrganisation(other)
      const few = await openRound(other, catalog, { institution: 'elm-school', survey: 'exp', year: '2025/26' })
      await other.$client.batch(
        [
          ...people.slice(0, 4).flatMap((p, i) =>
            responseStatements(survey, few.id, {
              submissionId: `few-${i}`,
              language: 'en',
              day: '2025-11-01',
              rows: [{ key: 'q1', value: p.q1!, scale: Number(p.q1) }],
            }),
          ),
          ...catchUpStatements(few.id, 1),
        ],
        'write',
      )
      await closeRound(other, few)
      const report = await buildReport(other, catalog, { institutionId: id, surveyId: 'exp', year: '2025/26' })
      const attempt = answersCsv(other, survey, few.id, report)
      await expect(attempt).rejects.toBeInstanceOf(HTTPException)
      await expect(attempt).rejects.toMatchObject({ status: 409, message: expect.stringContaining('fewer than 5 responses') })
    } finally {
      done()
    }
  })

  it('holds only the responses the figures rest on: those after the last step stay out, also once closed', async () => {
    const round = await openRound(db, catalog, { institution: 'elm-school', survey: 'exp', year: '2025/26' })
    const post = (from: number, count: number) =>
      db.$client.batch(
        [
          ...Array.from({ length: count }, (_, i) =>
            responseStatements(survey, round.id, {
              submissionId: `step-${from + i}`,
              language: 'en',
              day: '2025-11-01',
              rows: [{ key: 'q1', value: '4', scale: 4 }],
            }),
          ).flat(),
          ...catchUpStatements(round.id, 5),
        ],
        'write',
      )
    await post(0, 5)
    await post(5, 3) // three more: fewer than the cohort, not yet in the figures
    const { data } = parse(await exportOf(round))
    expect(data).toHaveLength(5)
  })

  it('shows two profile columns together only where every combination of them is a cohort', async () => {
    const twoProfiles = buildCatalog([
      {
        file: 'surveys/two.yaml',
        text: testSurveyYaml(
          'two',
          'Two profiles',
          '      - key: q1\n        kind: agreement\n        area: a1\n        text: Statement one.\n' +
            '      - key: send\n        kind: yesno\n        profile: true\n        text: Do you get extra help?\n',
          ['a1'],
        ),
      },
    ])
    const two = twoProfiles.get('two')!
    const seedTwo = async (year: string, people: [string, string][]) => {
      const round = await openRound(db, twoProfiles, { institution: 'elm-school', survey: 'two', year })
      await db.$client.batch(
        [
          ...people.flatMap(([group, send], i) =>
            responseStatements(two, round.id, {
              submissionId: `${year}-two-${i}`,
              language: 'en',
              day: `${year.slice(0, 4)}-11-01`,
              rows: [
                { key: 'year_group', value: group, scale: null },
                { key: 'send', value: send, scale: null },
                { key: 'q1', value: '4', scale: 4 },
              ],
            }),
          ),
          ...catchUpStatements(round.id, 1),
        ],
        'write',
      )
      await closeRound(db, round)
      const report = await buildReport(db, twoProfiles, { institutionId, surveyId: 'two', year })
      return parse(await answersCsv(db, two, round.id, report)).data
    }
    const each = (n: number, group: string, send: string) => Array.from({ length: n }, (): [string, string] => [group, send])
    // every year group × extra help combination has 5 or more: both columns are shown
    const safe = await seedTwo('2024/25', [...each(5, 'y8', 'yes'), ...each(5, 'y8', 'no'), ...each(5, 'y9', 'yes'), ...each(6, 'y9', 'no')])
    expect(safe.filter((r) => r.year_group === 'y9' && r.send === 'yes')).toHaveLength(5)
    // each year group and each answer on its own is a cohort, but two Year 9 students get extra help:
    // the year group stays, extra help is masked in every row
    const rows = await seedTwo('2025/26', [...each(5, 'y8', 'yes'), ...each(5, 'y8', 'no'), ...each(2, 'y9', 'yes'), ...each(6, 'y9', 'no')])
    expect(new Set(rows.map((r) => r.send))).toEqual(new Set(['(group of fewer than 5)']))
    expect(rows.filter((r) => r.year_group === 'y9')).toHaveLength(8)
  })
})

describe('reportCsv', () => {
  it('neutralises every text a survey file brings: area titles and question texts that read as formulas', async () => {
    const formulas = ['=1+1', '+SUM(A1)', '-2+3', '@cmd', "=cmd|' /C calc'!A0"]
    const hostile = buildCatalog([
      {
        file: 'surveys/formulas.yaml',
        text: testSurveyYaml(
          'formulas',
          '=Title',
          formulas.map((text, i) => `      - key: f${i}\n        kind: agreement\n        area: a1\n        text: ${JSON.stringify(text)}\n`).join(''),
          ['a1'],
        ).replace('title: Area one', 'title: "@Area one"'),
      },
    ])
    const round = await openRound(db, hostile, { institution: 'elm-school', survey: 'formulas', year: '2025/26' })
    await db.$client.batch(
      Array.from({ length: 6 }, (_, i) =>
        responseStatements(hostile.get('formulas')!, round.id, {
          submissionId: `formula-${i}`,
          language: 'en',
          day: '2025-11-02',
          rows: formulas.map((_, k) => ({ key: `f${k}`, value: '4', scale: 4 })),
        }),
      )
        .flat()
        .concat(catchUpStatements(round.id, 1)),
      'write',
    )
    const report = await buildReport(db, hostile, { institutionId, surveyId: 'formulas', year: '2025/26' })
    const { data } = parse(reportCsv(report))
    expect(data.map((r) => r.question)).toEqual(formulas.map((f) => `'${f}`))
    expect(new Set(data.map((r) => r.area))).toEqual(new Set(["'@Area one"]))
    // figures stay numbers
    expect(data.every((r) => r.score_percent === '100')).toBe(true)
  })

  it('gives one row per question, neutralised text, and empty figures for a suppressed question', async () => {
    await seed(db, [{ q1: '5', q2: '5' }, { q1: '4', q2: '4' }, { q1: '1', q2: '1' }, { q1: '2' }, { q1: 'dk' }, { q1: '3' }])
    const report = await buildReport(db, catalog, { institutionId, surveyId: 'exp', year: '2025/26' })
    const { data, meta } = parse(reportCsv(report))
    expect(meta.fields).toEqual(reportCsvHeader)
    expect(data).toHaveLength(2)
    expect(data[0]).toMatchObject({
      key: 'q1',
      area: 'Area one',
      question: 'Statement one.',
      answers: '5',
      positive: '2',
      neutral: '1',
      negative: '2',
      dont_know: '1',
      score_percent: '40',
      rank: '1',
      change_points: '',
      suppressed: 'no',
    })
    expect(Number(data[0]!.ci_low_percent)).toBeLessThan(40)
    expect(Number(data[0]!.ci_high_percent)).toBeGreaterThan(40)
    // q2: three answers, below the cohort; its text would be a formula
    expect(data[1]).toMatchObject({
      key: 'q2',
      question: `'=HYPERLINK("http://example.com")`,
      answers: '',
      positive: '',
      score_percent: '',
      rank: '',
      suppressed: 'yes',
    })
    expect(csvFileName(report, 'report')).toBe('elm-school-exp-2025-26-report.csv')
  })
})
