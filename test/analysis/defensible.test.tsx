import Papa from 'papaparse'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { recordActionPlan } from '../../src/analysis/action-plan.ts'
import { reportCsv } from '../../src/analysis/export.ts'
import { buildReport } from '../../src/analysis/report.ts'
import { reportSchema, type Report } from '../../src/analysis/report-schema.ts'
import { chartDataJson, ReportPage } from '../../src/analysis/views/report-page.tsx'
import { reportAsText } from '../../src/analysis/report-text.ts'
import type { Db } from '../../src/db/database.ts'
import { rateSurvey } from '../../src/framework/elements.ts'
import { setPartnershipSettings } from '../../src/org/organisations.ts'
import { openRound } from '../../src/rounds/rounds.ts'
import { buildCatalog } from '../../src/surveys/load.ts'
import { freshDatabase } from '../support/app.ts'
import {
  agreementYaml,
  handYear1,
  handYear2,
  miniCatalog,
  respondents,
  seedOrganisation,
  seedRound,
  testSurveyYaml,
  type Columns,
} from '../support/fixtures.ts'
import { renderedFor } from '../support/staff.ts'

/**
 * Issue 13, "numbers a partnership can defend": each case below is worked out by hand in its
 * comment, and every report built here is also parsed with `reportSchema`.
 */

let db: Db
let dispose: () => void
let institutionId: number
beforeEach(async () => {
  ;({ db, dispose } = await freshDatabase())
  institutionId = await seedOrganisation(db)
})
afterEach(() => dispose())

const mini = miniCatalog('v1')

async function report(year: string, catalog = mini, surveyId = 'mini', id = institutionId): Promise<Report> {
  const r = await buildReport(db, catalog, { institutionId: id, surveyId, year })
  // the schema's claims hold of every report built here (shares in 0-1, counts whole, ...)
  expect(reportSchema.parse(r)).toEqual(r)
  return r
}

/** `count` copies of `value`, for building columns of answers. */
const times = (count: number, value: string | null) => Array<string | null>(count).fill(value)
const col = (...parts: (string | null)[][]) => parts.flat()

const render = async (node: unknown) => String(await (node as { toString(): string | Promise<string> }).toString())
const textOf = (html: string) =>
  html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim()
const rowOf = (html: string, tableId: string, key: string) => {
  const table = html.slice(html.indexOf(`id="${tableId}"`))
  const start = table.indexOf(`<tr data-key="${key}"`)
  return textOf(table.slice(start, table.indexOf('</tr>', start)))
}
const pageOf = (r: Report) =>
  render(
    <ReportPage
      user={renderedFor}
      report={r}
      canEdit={true}
      freeText={null}
      actionPlan={null}
      csvHref="/r.csv"
      answersCsvHref="/a.csv"
      actionPlanLockedBy={null}
      actionPlanAction="/plan"
    />,
  )
const csvRows = (r: Report) => Papa.parse<Record<string, string>>(reportCsv(r).replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data

describe('the minimum cohort counts the on-scale answers a figure is made of', () => {
  /**
   * 15 respondents. q1: 4 answered "strongly disagree", 11 "Don't know": 4 on-scale answers, fewer
   * than the cohort of 5, so q1 has no score (before: "0% positive", rank 1, in the top three).
   * q2 10 of 15 positive (0.6667), q3 6 of 15 (0.4), q4 9 of 15 (0.6), q5 12 of 15 (0.8).
   * Ranking q3, q4, q2, q5; q1 not ranked.
   */
  const fifteen: Columns = {
    year_group: col(times(12, 'y8'), times(3, 'y9')),
    q1: col(times(4, '1'), times(11, 'dk')),
    q2: col(times(10, '5'), times(5, '2')),
    q3: col(times(6, '4'), times(9, '1')),
    q4: col(times(9, '4'), times(6, '3')),
    q5: col(times(12, '5'), times(3, '1')),
  }

  it('4 on-scale answers and 11 “Don’t know”: not shown, not ranked, not a priority area; null in JSON, never 0', async () => {
    await seedRound(db, mini, 'elm-school', '2025/26', respondents(fifteen))
    const r = await report('2025/26')
    const q1 = r.questions.find((q) => q.key === 'q1')!
    expect(q1).toEqual(expect.objectContaining({ status: 'too-few-answers', note: 'too few answers to show', suppressed: true, rank: null, change: null }))
    for (const k of ['n', 'positive', 'neutral', 'negative', 'dontKnow', 'score', 'ci', 'shares'] as const) expect(q1[k], k).toBeNull()
    expect(q1, 'no mean on the scale is given at all').not.toHaveProperty('mean')
    expect(r.ranking).toEqual(['q3', 'q4', 'q2', 'q5'])
    expect(r.topThree).toEqual(['q3', 'q4', 'q2'])
    expect(r.questions.find((q) => q.key === 'q3')).toMatchObject({ status: 'shown', note: null, n: 15, positive: 6, score: 0.4, rank: 1 })
    // the JSON says null where the figure is hidden
    const json = JSON.parse(JSON.stringify(r))
    expect(json.questions[0]).toMatchObject({ key: 'q1', n: null, score: null, dontKnow: null, note: 'too few answers to show' })
    // the trend too: hidden that year, not "0 answers"
    expect(q1.trend).toEqual([{ year: '2025/26', score: null, n: null, status: 'too-few-answers' }])
    // the area pools only what it shows: a1 is q2 + q3 = 16 positive of 30
    expect(r.areas.find((a) => a.id === 'a1')).toMatchObject({ n: 30, positive: 16, score: 0.5333, dontKnow: 0, status: 'shown' })

    // CSV: every figure empty, and the words
    const row = csvRows(r).find((x) => x.key === 'q1')!
    expect(row).toMatchObject({ answers: '', positive: '', dont_know: '', score_percent: '', rank: '', suppressed: 'yes', note: 'too few answers to show' })
    // chart: not drawn, and named as hidden
    const chart = JSON.parse(chartDataJson(r))
    expect(chart.scores.map((s: { key: string }) => s.key)).toEqual(['q3', 'q4', 'q2', 'q5'])
    expect(chart.notShown).toEqual([{ key: 'q1', text: 'Statement q1.', status: 'too-few-answers', note: 'too few answers to show' }])
    // the page: in the table and under the chart, in words
    const html = await pageOf(r)
    expect(rowOf(html, 'scores-table', 'q1')).toBe('– Statement q1. Area one Too few answers to show (fewer than 5 on the scale)')
    expect(textOf(html)).toContain('Not in the chart: “Statement q1.” (too few answers to show).')
    expect(reportAsText(r)).toMatch(/–\s+–\s+–\s+–\s+few {2}Statement q1\. \(too few answers to show\)/)
  })

  it('a breakdown cell counts on-scale answers too: Year 9’s 3 are hidden, and Year 8 with them (complementary suppression)', async () => {
    // y8 12 respondents, y9 3 (hidden as a group); q4 in y8: 9 of 12 on the scale... every y8 cell
    // is hidden as the complement of y9's, because y9 alone would be the total minus y8
    await seedRound(db, mini, 'elm-school', '2025/26', respondents(fifteen))
    const r = await report('2025/26')
    const groups = r.breakdowns[0]!.groups
    expect(groups.map((g) => [g.value, g.suppressed])).toEqual([
      ['y8', true],
      ['y9', true],
      ['y10', false],
    ])
    // now y8 10, y9 5: q2 answered on the scale by 8 in y8 and 3 in y9 (2 "Don't know"); the y9
    // cell of 3 is hidden, and y8's with it (else q2's 11 minus y8's 8 gives y9's 3 away)
    const people = respondents({
      year_group: col(times(10, 'y8'), times(5, 'y9')),
      q1: times(15, '4'),
      q2: col(times(8, '5'), times(2, 'dk'), times(3, '1'), times(2, 'dk')),
    })
    await seedRound(db, mini, 'elm-school', '2026/27', people)
    const next = await report('2026/27')
    const [y8, y9] = next.breakdowns[0]!.groups
    expect([y8!.suppressed, y9!.suppressed]).toEqual([false, false])
    expect(y8!.scores).toMatchObject({ q1: 1, q2: null })
    expect(y9!.scores).toMatchObject({ q1: 1, q2: null })
    expect(y8!.hidden).toEqual(['q2'])
    expect(y9!.hidden).toEqual(['q2'])
    expect(next.questions.find((q) => q.key === 'q2')).toMatchObject({ status: 'shown', n: 11, dontKnow: 4 })
    // q3 nobody answered: not hidden, "no answers"
    expect(next.questions.find((q) => q.key === 'q3')).toMatchObject({ status: 'no-answers', n: 0, dontKnow: 0, score: null, note: 'no answers' })
    const html = await pageOf(next)
    expect(rowOf(html, 'breakdown-0', 'q2')).toBe('Statement q2. Too few answers to show Too few answers to show')
    expect(rowOf(html, 'breakdown-0', 'q1')).toBe('Statement q1. 100% 100%')
  })

  it('a question answered only “Don’t know” is flagged as such and not ranked', async () => {
    // q1: 11 "Don't know", nobody on the scale; q2: 3 "Don't know" only (too few to say even that)
    const people = respondents({
      q1: times(11, 'dk'),
      q2: col(times(3, 'dk'), times(8, null)),
      q3: times(11, '4'),
      q4: times(11, '2'),
      q5: times(11, '5'),
    })
    await seedRound(db, mini, 'elm-school', '2025/26', people)
    const r = await report('2025/26')
    expect(r.questions.find((q) => q.key === 'q1')).toMatchObject({
      status: 'only-dont-know',
      suppressed: false,
      n: 0,
      dontKnow: 11,
      score: null,
      rank: null,
      shares: { positive: 0, neutral: 0, negative: 0, dontKnow: 1 },
    })
    expect(r.questions.find((q) => q.key === 'q2')).toMatchObject({ status: 'too-few-answers', dontKnow: null, rank: null })
    expect(r.ranking).toEqual(['q4', 'q3', 'q5'])
    const html = await pageOf(r)
    expect(rowOf(html, 'scores-table', 'q1')).toContain('Only “Don’t know” answers (11): no score, not ranked')
    expect(csvRows(r).find((x) => x.key === 'q1')).toMatchObject({ answers: '0', dont_know: '11', score_percent: '', rank: '', suppressed: 'no' })
  })

  it('completion counts below the minimum cohort are not shown', async () => {
    const people = respondents({ q1: col(times(3, '4'), times(9, null)), q2: times(12, '4'), q3: col(times(1, 'dk'), times(11, null)) })
    await seedRound(db, mini, 'elm-school', '2025/26', people)
    const r = await report('2025/26')
    const completion = Object.fromEntries(r.completion.map((c) => [c.key, c]))
    expect(completion.q1).toEqual({ key: 'q1', answered: null, rate: null, suppressed: true })
    expect(completion.q2).toEqual({ key: 'q2', answered: 12, rate: 1, suppressed: false })
    expect(completion.q3).toEqual({ key: 'q3', answered: null, rate: null, suppressed: true })
    expect(completion.q4).toEqual({ key: 'q4', answered: 0, rate: 0, suppressed: false })
  })
})

describe('ranking compares exact values', () => {
  /**
   * 2000 respondents. q1: 824 agree, 600 neither, 574 disagree, 2 "Don't know": 824/1998 = 0.412412...
   * q2 (near tie): 822 strongly agree, 1171 disagree, 7 "Don't know": 822/1993 = 0.412443...
   * Both round to 0.4124. Before, the two tied and q2's larger negative share (1171/1993 = 0.588
   * against 574/1998 = 0.287) put it first; exactly, q1 is the lower score and comes first.
   * q3 (exact tie with q1): 412 agree, 587 disagree, 1001 "Don't know": 412/999 = 824/1998
   * exactly, so the larger negative share (587/999 = 0.588) decides: q3 before q1.
   * q4, q5: everyone agrees (1.0).
   */
  const big: Columns = {
    q1: col(times(824, '4'), times(600, '3'), times(574, '2'), times(2, 'dk')),
    q2: col(times(822, '5'), times(1171, '2'), times(7, 'dk')),
    q3: col(times(412, '4'), times(587, '1'), times(1001, 'dk')),
    q4: times(2000, '5'),
    q5: times(2000, '5'),
  }

  it('824/1998 against 822/1993 (a near tie) and 412/999 (an exact tie)', async () => {
    await seedRound(db, mini, 'elm-school', '2025/26', respondents(big))
    const r = await report('2025/26')
    const byKey = Object.fromEntries(r.questions.map((q) => [q.key, q]))
    expect([byKey.q1!.score, byKey.q2!.score, byKey.q3!.score]).toEqual([0.4124, 0.4124, 0.4124])
    expect([byKey.q1!.n, byKey.q2!.n, byKey.q3!.n]).toEqual([1998, 1993, 999])
    // q3 = q1 exactly, more negative; q1 < q2 exactly
    expect(r.ranking).toEqual(['q3', 'q1', 'q2', 'q4', 'q5'])
    expect(r.topThree).toEqual(['q3', 'q1', 'q2'])
    // the page's table follows the same exact order, not the rounded scores
    const html = await pageOf(r)
    const table = html.slice(html.indexOf('id="scores-table"'), html.indexOf('</table>', html.indexOf('id="scores-table"')))
    expect([...table.matchAll(/<tr data-key="(\w+)"/g)].map((m) => m[1])).toEqual(['q3', 'q1', 'q2', 'q4', 'q5'])
  }, 60_000)

  it('computes the change on last year from the exact shares and rounds it once', async () => {
    // last year q1 2 of 12 (0.1667 rounded), this year 5 of 15 (0.3333): rounded first, the
    // change would be 0.3333 − 0.1667 = 0.1666; exactly it is 1/3 − 1/6 = 1/6 = 0.1667
    await seedRound(db, mini, 'elm-school', '2024/25', respondents({ q1: col(times(2, '4'), times(10, '2')), q2: times(12, '4') }))
    await seedRound(db, mini, 'elm-school', '2025/26', respondents({ q1: col(times(5, '4'), times(10, '2')), q2: times(15, '4') }))
    const r = await report('2025/26')
    const q1 = r.questions.find((q) => q.key === 'q1')!
    expect([q1.score, q1.change!.previousScore]).toEqual([0.3333, 0.1667])
    expect(q1.change!.difference).toBe(0.1667)
  })
})

describe('edge cases say what they are', () => {
  it('a previous round of 7 responses sets no development questions: no rating, and the framework element is not rated', async () => {
    // before: the 7 responses' top three (q1, q3, q2) were the development questions, and this
    // year's top three q1, q2, q4 gave "Amber/Red"
    await seedRound(db, mini, 'elm-school', '2024/25', respondents(handYear1).slice(0, 7))
    await seedRound(db, mini, 'elm-school', '2025/26', respondents(handYear2))
    const r = await report('2025/26')
    expect(r.topThree).toEqual(['q1', 'q2', 'q4'])
    expect(r.development).toEqual({ keys: [], source: 'previous-too-small', fromYear: '2024/25', questions: [], changedAfterOpeningOn: null })
    expect(r.rag).toMatchObject({ rating: null, baseline: false, tooSmall: false, previousTooSmall: true, remaining: [] })
    expect(r.rag!.explanation).toBe('No rating: last year’s round had too few responses to set development questions (7 responses, fewer than the 10 needed).')
    const element = rateSurvey(r, '2025/26')
    expect(element).toMatchObject({ rating: null, status: 'too-small', reason: r.rag!.explanation })
    expect(element.decidedBy.rule).toContain('too small to set development questions')
    const html = await pageOf(r)
    expect(textOf(html)).toContain('Not rated No rating: last year’s round had too few responses to set development questions')
  })

  it('a previous round opened with no responses: the same, never “Green: 0 of the 0 development questions”', async () => {
    await openRound(db, mini, { institution: 'elm-school', survey: 'mini', year: '2024/25' })
    await seedRound(db, mini, 'elm-school', '2025/26', respondents(handYear2))
    const r = await report('2025/26')
    expect(r.years).toEqual([
      { year: '2024/25', respondents: 0, source: 'collected' },
      { year: '2025/26', respondents: 10, source: 'collected' },
    ])
    expect(r.rag).toMatchObject({ rating: null, previousTooSmall: true })
    expect(r.rag!.explanation).toContain('(0 responses, fewer than the 10 needed)')
    expect(r.rag!.explanation).not.toContain('Green')
    expect(rateSurvey(r, '2025/26')).toMatchObject({ rating: null, status: 'too-small' })
  })

  it('an action plan recorded for a small previous round still names the development questions', async () => {
    const small = await seedRound(db, mini, 'elm-school', '2024/25', respondents(handYear1).slice(0, 7))
    await recordActionPlan(db, mini.get('mini')!, small, { developmentKeys: ['q4', 'q5', 'q3'] })
    await seedRound(db, mini, 'elm-school', '2025/26', respondents(handYear2))
    const r = await report('2025/26')
    expect(r.development).toMatchObject({ keys: ['q4', 'q5', 'q3'], source: 'action-plan' })
    expect(r.rag).toMatchObject({ rating: 'Amber/Green', remaining: ['q4'], previousTooSmall: false })
  })

  it('a year’s report and its trend show that year and earlier years only', async () => {
    await seedRound(db, mini, 'elm-school', '2024/25', respondents(handYear1))
    await seedRound(db, mini, 'elm-school', '2025/26', respondents(handYear2))
    const before = await report('2024/25')
    await seedRound(db, mini, 'elm-school', '2026/27', respondents(handYear1))
    const r = await report('2024/25')
    expect(r.years).toEqual([{ year: '2024/25', respondents: 10, source: 'collected' }])
    for (const q of r.questions) expect(q.trend.map((t) => t.year)).toEqual(['2024/25'])
    expect(r).toEqual(before)
    const middle = await report('2025/26')
    expect(middle.years.map((y) => y.year)).toEqual(['2024/25', '2025/26'])
    expect(middle.rag).toMatchObject({ rating: 'Amber/Red' })
    const html = await pageOf(r)
    expect(html).not.toContain('2025/26')
    expect(html).not.toContain('2026/27')
  })

  it('the note on the third and fourth places says what was tested: their 95% intervals overlap', async () => {
    // hand year 1: third q2 3/10 (11% to 60%), fourth q4 8/9 (57% to 98%): they overlap
    await seedRound(db, mini, 'elm-school', '2024/25', respondents(handYear1))
    const r = await report('2024/25')
    expect(r.rankingNote).toBe(
      'The third and fourth priority areas, “Statement q2.” (30%, 95% interval 11% to 60%) and “Statement q4.” (89%, 57% to 98%): their 95% intervals overlap, so the order between them is not statistically clear.',
    )
    // 40 respondents: third 4/40 (4% to 23%), fourth 36/40 (77% to 96%): apart, so no note
    const apart = respondents({
      q1: times(40, '1'),
      q2: times(40, '2'),
      q3: col(times(4, '4'), times(36, '2')),
      q4: col(times(36, '4'), times(4, '2')),
      q5: times(40, '5'),
    })
    await seedRound(db, mini, 'elm-school', '2025/26', apart)
    expect((await report('2025/26')).rankingNote).toBeNull()
  })

  it('“within sampling error” is Newcombe’s interval of the change including 0, the same for the student–parent gap', async () => {
    await seedRound(db, mini, 'elm-school', '2024/25', respondents(handYear1))
    await seedRound(db, mini, 'elm-school', '2025/26', respondents(handYear2))
    const r = await report('2025/26')
    const change = (key: string) => r.questions.find((q) => q.key === key)!.change!
    // q3: 9/10 − 3/10 = 0.6, Newcombe 0.1705 to 0.8090 (his example (b)): more than sampling error
    expect(change('q3')).toEqual({ previousYear: '2024/25', previousScore: 0.3, difference: 0.6, interval: [0.1705, 0.809], withinSamplingError: false })
    // q1: 1/10 − 2/10 = −0.1, interval around 0: within sampling error
    expect(change('q1')).toMatchObject({ difference: -0.1, withinSamplingError: true })
    expect(change('q1').interval[0]).toBeLessThan(0)
    expect(change('q1').interval[1]).toBeGreaterThan(0)
    const html = await pageOf(r)
    expect(rowOf(html, 'scores-table', 'q3')).toContain(
      'Up 60 percentage points on 2024/25 (30%): more than sampling error (95% interval of the change +17 to +81 points)',
    )
    expect(textOf(html)).toContain('Within sampling error: the 95% interval of the difference between the two scores (Newcombe’s method')

    // the gap: students 9/10 (q3) against parents 3/10 on the paired question
    const paired = buildCatalog([
      {
        file: 'surveys/mini.yaml',
        text: testSurveyYaml('mini', 'Mini survey', agreementYaml('q1', 'a1') + agreementYaml('q3', 'a1', '        pairedWith: p3\n')),
      },
      { file: 'surveys/pmini.yaml', text: testSurveyYaml('pmini', 'Parent mini', agreementYaml('p3', 'a1')).replace('audience: student', 'audience: parent') },
    ])
    const id = await seedOrganisation(db, 'gap-school')
    await seedRound(db, paired, 'gap-school', '2025/26', respondents({ q1: handYear2.q1!, q3: handYear2.q3! }))
    await seedRound(db, paired, 'gap-school', '2025/26', respondents({ p3: handYear1.q3! }), 'pmini')
    const g = (await report('2025/26', paired, 'mini', id)).gaps[0]!
    expect(g).toEqual({
      key: 'q3',
      text: 'Statement q3.',
      pairedSurvey: { id: 'pmini', title: 'Parent mini', audience: 'parent' },
      pairedKey: 'p3',
      pairedText: 'Statement p3.',
      score: 0.9,
      pairedScore: 0.3,
      gap: 0.6,
      interval: [0.1705, 0.809],
      withinSamplingError: false,
    })
  })

  it('a smaller minimum cohort shows what a larger one hides, from the same answers', async () => {
    // q1 with 4 on-scale answers is shown once the partnership sets the cohort to 4
    await seedRound(db, mini, 'elm-school', '2025/26', respondents({ q1: col(times(4, '1'), times(11, 'dk')), q2: times(15, '4') }))
    await setPartnershipSettings(db, 'fixture-city', { minCohort: 4 })
    const r = await report('2025/26')
    expect(r.questions[0]).toMatchObject({ status: 'shown', n: 4, dontKnow: 11, score: 0, rank: 1 })
  })
})
