import Papa from 'papaparse'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { addUser } from '../../src/auth/users.ts'
import type { Db } from '../../src/db/database.ts'
import { addInstitution, addPartnership } from '../../src/org/organisations.ts'
import { closeRound, openRound } from '../../src/rounds/rounds.ts'
import { freshDatabase } from '../support/app.ts'
import { origin, signIn, staffPassword as password } from '../support/staff.ts'
import { hostileCatalog, hostileNow } from './in-process-target.ts'
import { markers, validAnswers } from './run-corpus.ts'

/**
 * Free text that holds markup or spreadsheet formulas, stored the legitimate way (answers
 * through the JSON API and the survey form, an action plan, an imported earlier year), is shown
 * as text wherever it is shown and never reaches an export unneutralised.
 *
 * Written answers are shown only once a round is closed, for a question at least
 * `minFreeTextCohort` (10) respondents wrote to: the 12 hostile texts come from 12 respondents,
 * and the round is closed before any page is read.
 */
const catalog = hostileCatalog()
const survey = catalog.get('hostile-student')!
const hostileTexts = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><iframe src=javascript:alert(1)>",
  '<svg onload=alert(1)>',
  '</textarea><script>alert(2)</script>',
  '</li></ul><h1>Forged heading</h1>',
  '=HYPERLINK("http://evil.example","click")',
  '  +SUM(1+1)',
  '@cmd',
  '-2+3',
  "'); DROP TABLE answers; --",
  'Tom & Jerry &amp; &lt;b&gt;',
]
const actionTexts = { know_who_helps: '<script>alert(3)</script> Plan', know_options: '"><img src=x onerror=alert(4)>', find_information: '=1+1' }
const importedText = '<img src=x onerror=alert(5)> imported'

/** What hono's JSX makes of a text: the markup characters as entities. */
const escaped = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')

let db: Db
let dispose: () => void
let app: ReturnType<typeof createApp>
let institutionId: number
let cookie: string
let leadCookie: string
const query = 'survey=hostile-student&year=2025%2F26'

beforeAll(async () => {
  ;({ db, dispose } = await freshDatabase())
  await addPartnership(db, { slug: 'markup-city', name: 'Markup City' })
  institutionId = (await addInstitution(db, { slug: 'oak-school', name: 'Oak <b>School</b>', partnership: 'markup-city' })).id
  const round = await openRound(db, catalog, { institution: 'oak-school', survey: 'hostile-student', year: '2025/26', tokensRequired: false })
  await addUser(db, {
    email: 'coordinator@oak.test',
    name: 'Coordinator <i>Oak</i>',
    role: 'coordinator',
    partnership: 'markup-city',
    institution: 'oak-school',
    password,
  })
  // only the partnership lead imports: the earlier year below comes in through the lead
  await addUser(db, { email: 'lead@markup.test', name: 'Lead Markup', role: 'lead', partnership: 'markup-city', password })
  app = createApp({ getDb: () => db, catalog, now: () => hostileNow })
  cookie = await signIn(app, 'coordinator@oak.test')
  leadCookie = await signIn(app, 'lead@markup.test')

  // every hostile text as a free-text answer: all but the last through the JSON API, the last through the survey form
  const answers = validAnswers(survey)
  for (const [i, text] of hostileTexts.slice(0, -1).entries()) {
    const res = await app.request(`/api/surveys/${round.code}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ submissionId: crypto.randomUUID(), answers: { ...answers, what_would_help: text } }),
    })
    expect(res.status, text).toBe(201)
  }
  const form = new URLSearchParams({ submissionId: crypto.randomUUID() })
  for (const [k, v] of Object.entries({ ...answers, what_would_help: hostileTexts.at(-1)! })) for (const item of [v].flat()) form.append(k, item)
  const posted = await app.request(`/s/${round.code}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin }, body: form })
  expect(posted.status).toBe(303)

  // an action plan whose actions hold markup and a formula
  const plan = await app.request(`/api/institutions/${institutionId}/action-plan?${query}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', origin, cookie },
    body: JSON.stringify({ developmentKeys: Object.keys(actionTexts), actions: actionTexts }),
  })
  expect(plan.status).toBe(200)

  // an earlier year imported from a CSV file whose free-text cells hold markup (ten rows: the free-text cohort)
  const csv = ['year_group,know_who_helps,what_would_help', ...Array.from({ length: 10 }, () => `y9,4,"${importedText}"`)].join('\r\n')
  const confirm = await app.request(`/dashboard/institutions/${institutionId}/import/confirm`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin, cookie: leadCookie },
    body: new URLSearchParams({ survey: 'hostile-student', year: '2024/25', format: 'csv', text: csv, acknowledgeCoverage: 'yes' }),
  })
  expect(confirm.status).toBe(200)

  // written answers appear once the round is closed
  await closeRound(db, round)
})
afterAll(() => dispose())

const get = (path: string) => app.request(path, { headers: { cookie } })

function expectNoRawMarkup(html: string) {
  for (const m of [...markers, '<h1>Forged heading</h1>', '</textarea><script>', '<i>Oak</i>', '<b>School</b>']) expect(html).not.toContain(m)
}

describe('stored markup renders as text', () => {
  it('on the report page: every free-text answer and every action, escaped', async () => {
    const res = await get(`/dashboard/institutions/${institutionId}/report?${query}`)
    expect(res.status).toBe(200)
    const html = await res.text()
    expectNoRawMarkup(html)
    for (const text of hostileTexts) expect(html, text).toContain(escaped(text.trim()))
    for (const text of Object.values(actionTexts)) expect(html, text).toContain(escaped(text))
    // the survey file's own markup (question text, area title) is text too
    expect(html).toContain(escaped('The help I get suits me. <svg onload=alert(1)>'))
    // the chart data in the page is JSON in a script element: no "<" that could close it
    const data = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? ''
    expect(data).not.toContain('<')
  })

  it('on the report page of the imported year', async () => {
    const html = await (await get(`/dashboard/institutions/${institutionId}/report?survey=hostile-student&year=2024%2F25`)).text()
    expectNoRawMarkup(html)
    expect(html).toContain(escaped(importedText))
  })

  it('on the institution page and the overview, where staff and institution names show', async () => {
    for (const [path, as] of [
      [`/dashboard/institutions/${institutionId}`, cookie],
      [`/dashboard/institutions/${institutionId}/import`, leadCookie],
    ] as const) {
      const res = await app.request(path, { headers: { cookie: as } })
      expect(res.status, path).toBe(200)
      const html = await res.text()
      expectNoRawMarkup(html)
      expect(html).toContain(escaped('Oak <b>School</b>'))
    }
  })

  it('in the JSON report: served as application/json, never as a page', async () => {
    const res = await get(`/api/institutions/${institutionId}/report?${query}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  })
})

describe('exports', () => {
  async function download(kind: 'report.csv' | 'answers.csv') {
    // the answers one row per response are the lead's download
    const res = await app.request(`/dashboard/institutions/${institutionId}/${kind}?${query}`, {
      headers: { cookie: kind === 'answers.csv' ? leadCookie : cookie },
    })
    expect(res.status).toBe(200)
    // a download, typed as CSV, never sniffed or shown as a page
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="[a-z0-9-]+\.csv"$/)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    const text = await res.text()
    return { text, cells: Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data.flat() }
  }

  it('answers.csv leaves free text out, so no answer text or action reaches it', async () => {
    const { text } = await download('answers.csv')
    for (const t of [...hostileTexts, ...Object.values(actionTexts)]) expect(text, t).not.toContain(t.trim())
    expect(text).not.toContain('what_would_help')
  })

  it('no cell of either export starts, after spaces, with = + - @, a tab or a carriage return, unless it is a number Signpost computed', async () => {
    for (const kind of ['report.csv', 'answers.csv'] as const) {
      const { cells } = await download(kind)
      expect(cells.length).toBeGreaterThan(10)
      const formulas = cells.filter((cell) => /^\s*[=+\-@\t\r]/.test(cell) && !Number.isFinite(Number(cell)))
      expect(formulas, kind).toEqual([])
      // the survey's own texts with markup are there, as plain text (CSV is not HTML)
      if (kind === 'report.csv') expect(cells).toContain('The help I get suits me. <svg onload=alert(1)>')
    }
  })
})
