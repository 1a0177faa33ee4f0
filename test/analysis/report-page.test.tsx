import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { freeTextAnswers } from '../../src/analysis/free-text.ts'
import { buildReport } from '../../src/analysis/report.ts'
import type { Report } from '../../src/analysis/report-schema.ts'
import { createApp } from '../../src/app.ts'
import { addUser } from '../../src/auth/users.ts'
import type { Db } from '../../src/db/database.ts'
import { setPartnershipSettings } from '../../src/org/organisations.ts'
import { closeRound } from '../../src/rounds/rounds.ts'
import { RagBadge } from '../../src/ui/rag-badge.tsx'
import { renderedFor, signIn, staffPassword } from '../support/staff.ts'
import { ReportPage, type ReportPageProps } from '../../src/analysis/views/report-page.tsx'
import { buildCatalog } from '../../src/surveys/load.ts'
import { freshDatabase } from '../support/app.ts'
import { agreementYaml, handYear1, handYear2, respondents, seedOrganisation, seedRound, testSurveyYaml } from '../support/fixtures.ts'

/** The mini survey of the analysis tests, plus a sixth question few answer and a free-text question. */
const catalog = buildCatalog([
  {
    file: 'surveys/dash.yaml',
    text: testSurveyYaml(
      'dash',
      'Dashboard survey',
      ['q1', 'q2', 'q3', 'q4', 'q5', 'q6'].map((k, i) => agreementYaml(k, i < 3 ? 'a1' : 'a2')).join('') +
        '      - key: comments\n        kind: text\n        text: Anything else?\n',
    ),
  },
])
const survey = catalog.get('dash')!

/** 2024/25: the hand-computed year (y8 6, y9 3 below the cohort, one not saying; top three q1, q3, q2), q6 all 5. */
const year1 = respondents({ ...handYear1, q6: Array(10).fill('5') })

/** 2025/26: top three q1, q2, q4 (q3 left: Amber/Red); q6 answered by three only; y8 7, y9 3. */
const year2 = respondents({
  ...handYear2,
  year_group: ['y8', 'y8', 'y8', 'y8', 'y8', 'y8', 'y8', 'y9', 'y9', 'y9'],
  q6: ['5', '5', '5', null, null, null, null, null, null, null],
  comments: [
    '<script>alert(1)</script>',
    'more college visits',
    '  ',
    'Apprenticeships please',
    null,
    'better careers fair',
    null,
    'Work experience',
    null,
    null,
  ],
})

const seed = (db: Db, year: string, people: Record<string, string>[]) => seedRound(db, catalog, 'elm-school', year, people, 'dash')

const render = async (node: unknown) => String(await (node as { toString(): string | Promise<string> }).toString())

/** Text content of some HTML, tags dropped and the entities hono writes decoded. */
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

/** The outer HTML of the first element `<tag ... id="id"...>...</tag>` (no nesting of the same tag inside). */
function element(html: string, tag: string, id: string): string {
  const start = html.search(new RegExp(`<${tag}[^>]*\\sid="${id}"`))
  expect(start, `no <${tag} id="${id}">`).toBeGreaterThanOrEqual(0)
  const end = html.indexOf(`</${tag}>`, start)
  return html.slice(start, end + tag.length + 3)
}

let db: Db
let dispose: () => void
let institutionId: number
beforeEach(async () => {
  ;({ db, dispose } = await freshDatabase())
  institutionId = await seedOrganisation(db)
})
afterEach(() => dispose())

function props(report: Report, extra: Partial<ReportPageProps> = {}): ReportPageProps {
  return {
    user: renderedFor,
    report,
    canEdit: true,
    freeText: null,
    actionPlan: null,
    csvHref: '/dashboard/institutions/1/report.csv?survey=dash&year=2025/26',
    answersCsvHref: '/dashboard/institutions/1/answers.csv?survey=dash&year=2025/26',
    actionPlanAction: '/dashboard/institutions/1/action-plan?survey=dash&year=2025/26',
    actionPlanLockedBy: null,
    ...extra,
  }
}

describe('the report page', () => {
  it('shows the rating as a word, every question in the table, and a suppressed question without a figure', async () => {
    await seed(db, '2024/25', year1)
    await seed(db, '2025/26', year2)
    const report = await buildReport(db, catalog, { institutionId, surveyId: 'dash', year: '2025/26' })
    expect(report.rag!.rating).toBe('Amber/Red')
    const html = await render(<ReportPage {...props(report)} />)

    expect(html).toMatch(/^<!doctype html>/i)
    expect(html).toContain('<title>elm-school name – student survey 2025/26 – Signpost</title>')
    expect(html).toContain('<link rel="stylesheet" href="/dashboard.css"')
    const summary = textOf(element(html, 'section', 'summary'))
    expect(summary).toContain('Amber/Red')
    expect(summary).toContain('Left the top three: Statement q3.')
    expect(summary).toContain('Still in the top three: Statement q1.')

    const table = element(html, 'table', 'scores-table')
    expect(table).toContain('<caption')
    expect(table).toContain('<th scope="col" role="columnheader">Score</th>')
    for (const q of report.questions) expect(table).toContain(`<th scope="row" role="rowheader">${q.text}</th>`)
    expect(table.match(/<tr data-key=/g)).toHaveLength(report.questions.length)
    // lowest first: q1 (0.1) before q2 (0.2) before q4 (0.3)
    const order = [...table.matchAll(/<tr data-key="(\w+)"/g)].map((m) => m[1])
    expect(order.slice(0, 3)).toEqual(['q1', 'q2', 'q4'])
    // q6 was answered by three: no figure at all in its row
    const q6 = table.slice(table.indexOf('<tr data-key="q6"'))
    const q6Row = q6.slice(0, q6.indexOf('</tr>'))
    expect(textOf(q6Row)).toContain('Too few answers to show (fewer than 5 on the scale)')
    expect(textOf(q6Row)).not.toMatch(/\d+%/)

    // the top three, with interval and change in words
    const priorities = textOf(element(html, 'section', 'priorities'))
    expect(priorities).toContain('Statement q1.')
    expect(priorities).toContain('95% interval')
    expect(priorities).toMatch(/on 2024\/25 \(\d+%\): (within sampling error|more than sampling error)/)

    // trends: a table with both years
    const trends = element(html, 'table', 'trends-table')
    expect(trends).toContain('<th scope="col" role="columnheader">2024/25</th>')
    expect(trends).toContain('<th scope="col" role="columnheader">2025/26</th>')

    // the charts are enhancements: a canvas with a role and a name, and the scripts
    expect(html).toMatch(/<canvas id="score-chart" role="img" aria-label="[^"]+"/)
    expect(html).toContain('<script src="/vendor/chart.umd.min.js" defer="">')
    expect(html).toContain('<script src="/report-charts.js" defer="">')
    expect(html).toContain('id="print-report"')
    expect(html).not.toContain('onclick')
    expect(html).toContain(`href="${props(report).csvHref}"`.replace(/&/g, '&amp;'))
  })

  it('shows no figure for a breakdown group below the minimum cohort', async () => {
    await seed(db, '2024/25', year1)
    const report = await buildReport(db, catalog, { institutionId, surveyId: 'dash', year: '2024/25' })
    const y9 = report.breakdowns[0]!.groups.find((g) => g.value === 'y9')!
    expect(y9.suppressed).toBe(true)
    const html = await render(<ReportPage {...props(report)} />)
    const table = element(html, 'table', 'breakdown-0')
    const y9Cells = [...table.matchAll(/<t[hd][^>]*data-group="y9"[^>]*>([\s\S]*?)<\/t[hd]>/g)].map((m) => textOf(m[1]!))
    expect(y9Cells.length).toBe(report.questions.length + 1)
    for (const cell of y9Cells) {
      expect(cell).toMatch(/hidden \(fewer than 5\)$/)
      expect(cell.replace('fewer than 5', '').replace(/^Year 9 /, '')).not.toMatch(/\d/)
    }
    // Year 9 (3) and "not answered" (1) are 4 together, fewer than 5: Year 8 is hidden too, or
    // the other four's results could be worked out as the total minus Year 8
    expect(textOf(table)).toMatch(/Year 8 hidden \(fewer than 5\)/)
    expect(textOf(table)).not.toContain('6 respondents')
    // baseline year: not rated, in words
    expect(textOf(element(html, 'section', 'summary'))).toContain('Not rated (baseline year)')
  })

  it('shades the breakdown cells by score with the number printed, and draws a bar per question for narrow screens', async () => {
    // Year 8 six, all positive on q1; Year 9 six, q1 two of six positive; q6 answered by three Year 8s only
    const people = [
      ...Array.from({ length: 6 }, (_, i) => ({ year_group: 'y8', q1: '5', q2: '4', q3: '2', q4: '4', q5: '3', ...(i < 3 ? { q6: '5' } : {}) })),
      ...Array.from({ length: 6 }, (_, i) => ({ year_group: 'y9', q1: i < 2 ? '4' : '1', q2: '2', q3: '2', q4: '4', q5: '3' })),
    ]
    await seed(db, '2024/25', people)
    const report = await buildReport(db, catalog, { institutionId, surveyId: 'dash', year: '2024/25' })
    const html = await render(<ReportPage {...props(report)} />)
    const table = element(html, 'table', 'breakdown-0')
    const cell = (key: string, group: string) =>
      new RegExp(`<tr data-key="${key}"[^>]*>[\\s\\S]*?<td class="([^"]*)" data-group="${group}"[^>]*>([^<]*)</td>`).exec(table)!
    expect(cell('q1', 'y8').slice(1)).toEqual(['num score-band-4', '100%'])
    expect(cell('q1', 'y9').slice(1)).toEqual(['num score-band-1', '33%'])
    // a hidden cell is not shaded and says so in words
    expect(cell('q6', 'y9').slice(1)).toEqual(['suppressed', 'Too few answers to show'])
    expect(textOf(element(html, 'section', 'breakdowns'))).toContain('Cells are shaded by score, darker for higher')

    // the bars: every shown question, lowest first, its whole text and its score printed; top three marked
    const list = html.slice(html.indexOf('<ol class="score-bars"'), html.indexOf('</ol>', html.indexOf('<ol class="score-bars"')))
    const bars = [...list.matchAll(/<li(?: class="is-top-three")? data-key="(q\d)">([\s\S]*?)<\/li>/g)].map((m) => [m[1], textOf(m[2]!)])
    const shown = report.questions.filter((q) => q.status === 'shown').sort((a, b) => (a.rank ?? 99) - (b.rank ?? 99))
    expect(bars.map(([key]) => key)).toEqual(shown.map((q) => q.key))
    expect(bars[0]![1]).toBe(`Top 3 ${shown[0]!.text} ${Math.round(shown[0]!.score! * 100)}%`)
    expect(bars.filter(([, text]) => text!.startsWith('Top 3'))).toHaveLength(3)
  })

  it('starts the trend chart with the top three and the development questions ticked, the others a click away', async () => {
    await seed(db, '2024/25', year1)
    await seed(db, '2025/26', year2)
    const report = await buildReport(db, catalog, { institutionId, surveyId: 'dash', year: '2025/26' })
    const key = element(await render(<ReportPage {...props(report)} />), 'fieldset', 'trend-key')
    const ticked = [...key.matchAll(/<input type="checkbox" id="trend-(\w+)" value="\w+" checked=""/g)].map((m) => m[1])
    expect(new Set(ticked)).toEqual(new Set([...report.topThree, ...report.development.keys]))
    expect(ticked.length).toBeLessThanOrEqual(6)
    // every question with a score in some year has a labelled checkbox, the unticked ones inside "Add other questions"
    const all = [...key.matchAll(/<label for="trend-(\w+)">/g)].map((m) => m[1])
    expect(all.length).toBe(report.questions.filter((q) => q.trend.some((t) => t.score !== null)).length)
    const others = key.slice(key.indexOf('<details>'))
    expect(others).toContain(`Add other questions (${all.length - ticked.length})`)
    for (const k of ticked) expect(others).not.toContain(`id="trend-${k}"`)
  })

  it('shows free text escaped, sorted, isolated for direction, and only from a closed round with enough writers', async () => {
    await seed(db, '2024/25', year1)
    const round = await seed(db, '2025/26', year2)
    const report = await buildReport(db, catalog, { institutionId, surveyId: 'dash', year: '2025/26' })

    // 10 respondents, 5 of whom wrote (a blank answer is no answer)
    const question = { key: 'comments', text: 'Anything else?' }
    expect(await freeTextAnswers(db, survey, { id: round.id, status: 'open' }, 5)).toEqual({ status: 'round-open', minWriters: 5, questions: [question] })
    expect(await freeTextAnswers(db, survey, { id: round.id, status: 'closed' }, 6)).toEqual({
      status: 'closed',
      minWriters: 6,
      questions: [{ ...question, status: 'too-few-writers' }],
    })
    const freeText = await freeTextAnswers(db, survey, { id: round.id, status: 'closed' }, 5)
    expect(freeText).toEqual({
      status: 'closed',
      minWriters: 5,
      questions: [
        {
          ...question,
          status: 'shown',
          answers: ['<script>alert(1)</script>', 'Apprenticeships please', 'better careers fair', 'more college visits', 'Work experience'],
          total: 5,
        },
      ],
    })

    const html = await render(<ReportPage {...props(report, { freeText })} />)
    const section = element(html, 'section', 'free-text')
    expect(section).toContain('<li dir="auto">&lt;script&gt;alert(1)&lt;/script&gt;</li>')
    expect(html).not.toContain('<script>alert(1)')
    expect(textOf(section)).toContain('5 answers, in alphabetical order')
    expect(textOf(section)).toContain('Apprenticeships please')

    const open = await render(<ReportPage {...props(report, { freeText: await freeTextAnswers(db, survey, { id: round.id, status: 'open' }, 5) })} />)
    expect(textOf(element(open, 'section', 'free-text'))).toContain('This round is still open: written answers appear when it closes.')
    expect(open).not.toContain('Apprenticeships please')
    const few = await render(<ReportPage {...props(report, { freeText: await freeTextAnswers(db, survey, { id: round.id, status: 'closed' }, 6) })} />)
    expect(textOf(element(few, 'section', 'free-text'))).toContain('Too few written answers to show (fewer than 6 people wrote one).')
    expect(few).not.toContain('Apprenticeships please')

    const withoutFreeText = await render(<ReportPage {...props(report)} />)
    expect(withoutFreeText).not.toContain('id="free-text"')
    expect(withoutFreeText).not.toContain('Apprenticeships please')
  })

  it('reads the written answers with the survey the round was opened with, not the file as it is today', async () => {
    const round = await seed(db, '2025/26', year2)
    await closeRound(db, round)
    // today's file: the written question reworded under a new key, the old one gone
    const today = buildCatalog([
      {
        file: 'surveys/dash.yaml',
        text: testSurveyYaml(
          'dash',
          'Dashboard survey',
          ['q1', 'q2', 'q3', 'q4', 'q5', 'q6'].map((k, i) => agreementYaml(k, i < 3 ? 'a1' : 'a2')).join('') +
            '      - key: ideas\n        kind: text\n        text: What should we change?\n',
        ),
      },
    ])
    await setPartnershipSettings(db, 'fixture-city', { minFreeTextCohort: 5 })
    await addUser(db, {
      email: 'elm@school.test',
      name: 'Elm Coordinator',
      role: 'coordinator',
      partnership: 'fixture-city',
      institution: 'elm-school',
      password: staffPassword,
    })
    const app = createApp({ getDb: () => db, catalog: today })
    const cookie = await signIn(app, 'elm@school.test')
    const res = await app.request(`/dashboard/institutions/${institutionId}/report?survey=dash&year=2025%2F26`, { headers: { cookie } })
    expect(res.status).toBe(200)
    const section = element(await res.text(), 'section', 'free-text')
    expect(textOf(section)).toContain('Anything else?')
    expect(textOf(section)).toContain('Apprenticeships please')
    expect(textOf(section)).not.toContain('What should we change?')
  })

  it('writes the chart data as JSON that cannot close its script element', async () => {
    await seed(db, '2024/25', year1)
    await seed(db, '2025/26', year2)
    const report = await buildReport(db, catalog, { institutionId, surveyId: 'dash', year: '2025/26' })
    const hostile = '</script><script>alert(1)</script><!--'
    report.questions[0]!.text = hostile
    const html = await render(<ReportPage {...props(report)} />)
    const open = '<script type="application/json" id="report-data">'
    const start = html.indexOf(open) + open.length
    const body = html.slice(start, html.indexOf('</script>', start))
    expect(body).not.toContain('<')
    const data = JSON.parse(body)
    expect(data.scores[0]).toMatchObject({ key: 'q1', text: hostile, score: 0.1, topThree: true })
    expect(data.scores.map((s: { key: string }) => s.key)).not.toContain('q6')
    expect(data.years).toEqual(['2024/25', '2025/26'])
    expect(data.trends.find((t: { key: string }) => t.key === 'q3').scores).toEqual([0.3, 0.9])
    expect(html).not.toContain('<script><')
  })

  it('offers the action plan form with labelled fields to editors only, and shows the message', async () => {
    await seed(db, '2024/25', year1)
    await seed(db, '2025/26', year2)
    const report = await buildReport(db, catalog, { institutionId, surveyId: 'dash', year: '2025/26' })
    const html = await render(<ReportPage {...props(report, { message: 'Action plan saved' })} />)
    expect(html).toMatch(/<div role="status" class="status-message"><p>Action plan saved<\/p><\/div>/)
    // the page's own first form (the staff header's Sign out comes before <main>)
    const start = html.indexOf('<form', html.indexOf('<main'))
    const form = html.slice(start, html.indexOf('</form>', start))
    expect(form).toContain('method="post"')
    expect(form).toContain(`action="${props(report).actionPlanAction.replace(/&/g, '&amp;')}"`)
    for (const i of [1, 2, 3]) {
      expect(form).toContain(`<label for="plan-key${i}">Question</label>`)
      expect(form).toMatch(new RegExp(`<select id="plan-key${i}" name="key${i}"`))
      expect(form).toContain(`<label for="plan-action${i}">What will you do?</label>`)
      expect(form).toMatch(new RegExp(`<textarea id="plan-action${i}" name="action${i}"`))
    }
    // preselected from this year's top three
    const selected = (i: number) => {
      const select = form.slice(form.indexOf(`<select id="plan-key${i}"`), form.indexOf('</select>', form.indexOf(`<select id="plan-key${i}"`)))
      return [...select.matchAll(/<option value="(\w+)" selected=""/g)].map((m) => m[1])
    }
    expect([1, 2, 3].map(selected)).toEqual([['q1'], ['q2'], ['q4']])

    // a recorded plan preselects its own questions and actions
    const planned = await render(
      <ReportPage {...props(report, { actionPlan: { keys: ['q5', 'q3', 'q1'], actions: { q5: 'Assemblies & visits <b>', q3: '', q1: 'Fair' } } })} />,
    )
    expect(planned).toContain('<option value="q5" selected="">')
    expect(planned).toContain('Assemblies &amp; visits &lt;b&gt;</textarea>')

    // a viewer gets no form
    const viewer = await render(<ReportPage {...props(report, { canEdit: false })} />)
    // (only the staff header's Sign out form, before <main>)
    expect(viewer.slice(viewer.indexOf('<main'))).not.toContain('<form')
    expect(viewer).not.toContain('<select')
  })
})

describe('the RAG badge', () => {
  it('always writes the rating or why there is none', async () => {
    const text = async (p: Parameters<typeof RagBadge>[0]) => textOf(await render(<RagBadge {...p} />))
    expect(await text({ rating: 'Amber/Red' })).toBe('▲ Amber/Red')
    expect(await text({ rating: 'Green', provisional: true })).toBe('● Green (provisional)')
    expect(await text({ rating: null, baseline: true })).toBe('○ Not rated (baseline year)')
    expect(await text({ rating: null, tooSmall: true })).toBe('○ Not rated (too small)')
    const html = await render(<RagBadge rating="Red" />)
    expect(html).toContain('class="rag rag-red"')
    expect(html).toContain('aria-hidden="true"')
  })
})
