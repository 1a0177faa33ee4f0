import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { addUser } from '../../src/auth/users.ts'
import type { Db } from '../../src/db/database.ts'
import { questionsOf, scoredQuestions } from '../../src/surveys/schema.ts'
import { catalog, freshDatabase, rows } from '../support/app.ts'
import { seedOrganisation } from '../support/fixtures.ts'
import { origin, signIn, staffPassword as password } from '../support/staff.ts'
import { cellsOf, columnIndex, editCsv, surveyMonkeyExport } from './fixture.ts'

let db: Db
let dispose: () => void
let app: ReturnType<typeof createApp>
let elm: number
let cookie: string
const base = () => `/dashboard/institutions/${elm}`

beforeEach(async () => {
  ;({ db, dispose } = await freshDatabase())
  elm = await seedOrganisation(db, 'elm-school')
  await addUser(db, { email: 'lead@city.test', name: 'City Lead', role: 'lead', partnership: 'fixture-city', password })
  app = createApp({ getDb: () => db, catalog, now: () => new Date('2025-11-20T10:00:00Z') })
  cookie = await signIn(app, 'lead@city.test')
})
afterEach(() => dispose())

const count = async (sql: string) => Number((await rows(db, sql))[0]!.n)
const responses = () => count('SELECT count(*) AS n FROM responses')

const unescape = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')

/** The fields the choices form of a check page sends as it is: its hidden fields, each list's chosen option, each ticked box. */
function choicesForm(html: string): FormData {
  const form = html.match(/<form method="post" action="[^"]*\/import\/confirm"[\s\S]*?<\/form>/)
  if (!form) throw new Error('no choices form on the page')
  const data = new FormData()
  for (const m of form[0].matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/?>/g)) data.set(unescape(m[1]!), unescape(m[2]!))
  for (const m of form[0].matchAll(/<select name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const chosen = m[2]!.match(/<option value="([^"]*)" selected=""/)
    data.set(m[1]!, chosen ? unescape(chosen[1]!) : '')
  }
  for (const m of form[0].matchAll(/<input type="checkbox"[^>]*name="([^"]+)" value="yes" checked=""/g)) data.set(m[1]!, 'yes')
  return data
}

/** The index of the list for a column, found by the column's header text. */
function columnSelect(html: string, header: string): string {
  const m = [...html.matchAll(/name="(column-\d+)-header" value="([^"]*)"/g)].find((x) => unescape(x[2]!) === header)
  if (!m) throw new Error(`no list for “${header}”`)
  return m[1]!
}

function upload(csv: string, fields: { year?: string; format?: string } = {}) {
  const form = new FormData()
  form.set('survey', 'student-iag')
  form.set('year', fields.year ?? '2024/25')
  form.set('format', fields.format ?? 'surveymonkey')
  form.set('file', new File([csv], 'export.csv', { type: 'text/csv' }))
  return app.request(`${base()}/import/preview`, { method: 'POST', body: form, headers: { origin, cookie } })
}

const post = (path: string, body: FormData | URLSearchParams) => app.request(`${base()}${path}`, { method: 'POST', body, headers: { origin, cookie } })

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const extraQuestion = 'Which careers activities did you take part in?'
const reworded = 'Do you know who to ask about careers?'
/** The fixture with a question Signpost does not ask, and one question reworded beyond recognition. */
const realExport = editCsv(surveyMonkeyExport, (c) => {
  c[0]!.push(extraQuestion)
  c[1]!.push('Response')
  c.slice(2).forEach((r, i) => r.push(i % 3 ? 'Careers fair' : ''))
  c[0]![columnIndex(c, 'i know who can give me advice about my future')] = reworded
})

describe('matching the columns of a real export in the browser', () => {
  it('lists every column with what it matched and how, leaves out what matches nothing, and imports with the choices made', async () => {
    const res = await upload(realExport)
    const html = await res.text()
    expect(res.status).toBe(200)
    expect(await responses()).toBe(0)
    // every column is listed: metadata dropped, questions matched by their text, the rest left out
    expect(html).toMatch(/IP Address<\/th><td>Identifies a person or device: never stored/)
    expect(html).toMatch(/WHAT YEAR ARE YOU IN\?<\/th><td>By the question’s text/)
    expect(html).toMatch(new RegExp(`${esc(extraQuestion)}</th><td>Matches no question: left out`))
    expect(html).toMatch(new RegExp(`${esc(reworded)}</th><td>Matches no question: left out`))
    expect(html).toContain('14 responses are ready to import')

    // the lead matches the reworded column to its question and checks again, without a JSON file
    const form = choicesForm(html)
    form.set(columnSelect(html, reworded), 'know_who_can_help')
    form.set('saveMapping', 'yes')
    const again = await post('/import/preview', form)
    const againHtml = await again.text()
    expect(again.status).toBe(200)
    expect(againHtml).toMatch(new RegExp(`${esc(reworded)}</th><td>Your choice`))
    // the lists sent back unchanged keep how Signpost matched them: only the changed one is the lead's choice
    expect(againHtml).toMatch(/WHAT YEAR ARE YOU IN\?<\/th><td>By the question’s text/)
    expect(againHtml).toMatch(new RegExp(`${esc(extraQuestion)}</th><td>Matches no question: left out`))

    // confirmed as checked: stored with the choice, the left-out column nowhere
    const confirm = choicesForm(againHtml)
    confirm.set('saveMapping', 'yes')
    const done = await post('/import/confirm', confirm)
    expect(done.status).toBe(200)
    expect(await done.text()).toContain('14 responses imported')
    expect(await count("SELECT count(*) AS n FROM answers WHERE question_key = 'know_who_can_help'")).toBeGreaterThan(0)
    expect(await count("SELECT count(*) AS n FROM answers WHERE value = 'Careers fair'")).toBe(0)

    // the choices are offered again with the next file of that survey
    const next = await (await upload(realExport, { year: '2023/24' })).text()
    expect(next).toContain('The choices start from the ones saved with the last file of this survey.')
    expect(next).toMatch(new RegExp(`${esc(reworded)}</th><td>Your choice`))
    expect(next).toMatch(/WHAT YEAR ARE YOU IN\?<\/th><td>By the question’s text/)
  })

  it('stores nothing when a choice was changed after the check: the check with it is shown instead', async () => {
    const html = await (await upload(realExport)).text()
    const form = choicesForm(html)
    form.set(columnSelect(html, reworded), 'know_who_can_help')
    const res = await post('/import/confirm', form)
    expect(res.status).toBe(409)
    const page = await res.text()
    expect(page).toContain('The choices changed since the file was checked')
    expect(page).toMatch(new RegExp(`${esc(reworded)}</th><td>Your choice`))
    expect(await responses()).toBe(0)
  })

  it('lists the answers that fit no option with their rows, and imports them as the lead maps them', async () => {
    const odd = editCsv(surveyMonkeyExport, (c) => {
      c[2]![columnIndex(c, 'WHAT YEAR ARE YOU IN?')] = 'Yr 10'
      c[4]![columnIndex(c, 'WHAT YEAR ARE YOU IN?')] = 'Yr 10'
      c[5]![columnIndex(c, 'I know my strengths - the things I am good at.')] = 'Neutral'
    })
    const res = await upload(odd)
    const html = await res.text()
    expect(res.status).toBe(400)
    expect(html).toContain('Answers that are not one of the question’s options')
    expect(html).toMatch(/“Yr 10”<\/th><td>rows 3, 5<\/td>/)
    expect(html).toMatch(/“Neutral”<\/th><td>row 6<\/td>/)
    expect(html).not.toMatch(/<button type="submit">Import/)

    const form = choicesForm(html)
    const field = (value: string) => [...html.matchAll(/name="(answer-\d+)-value" value="([^"]*)"/g)].find((m) => m[2] === value)![1]!
    form.set(field('Yr 10'), 'y10')
    form.set(field('Neutral'), '-')
    const again = await post('/import/preview', form)
    const againHtml = await again.text()
    expect(again.status).toBe(200)
    expect(againHtml).toContain('14 responses are ready to import')
    expect((await post('/import/confirm', choicesForm(againHtml))).status).toBe(200)
    expect(await count("SELECT count(*) AS n FROM answers WHERE question_key = 'year_group' AND value = 'y10'")).toBeGreaterThanOrEqual(2)
  })

  it('keeps the saved choices for columns a later file does not have: an earlier file’s answers are mapped again when its kind comes back', async () => {
    const yr10 = (year: string) =>
      editCsv(surveyMonkeyExport, (c) => {
        c[2]![columnIndex(c, 'WHAT YEAR ARE YOU IN?')] = 'Yr 10'
        c[3]![columnIndex(c, 'Is there anything else you want to tell us about careers help at school?')] = `From ${year}`
      })
    const confirmAll = async (html: string) => {
      const form = choicesForm(html)
      for (const m of html.matchAll(/<input type="checkbox" id="[^"]*" name="([^"]+)" value="yes"/g)) form.set(m[1]!, 'yes')
      form.set('saveMapping', 'yes')
      const res = await post('/import/confirm', form)
      expect(await res.text()).toContain('responses imported')
    }
    // 2022/23: "Yr 10" mapped to Year 10, and the choices saved
    const first = await (await upload(yr10('2022/23'), { year: '2022/23' })).text()
    const form = choicesForm(first)
    const field = [...first.matchAll(/name="(answer-\d+)-value" value="([^"]*)"/g)].find((m) => m[2] === 'Yr 10')![1]!
    form.set(field, 'y10')
    await confirmAll(await (await post('/import/preview', form)).text())
    // 2023/24: a survey that did not ask the year group, its choices saved too
    const noYear = editCsv(surveyMonkeyExport, (c) => {
      const i = columnIndex(c, 'WHAT YEAR ARE YOU IN?')
      for (const r of c) r.splice(i, 1)
    })
    await confirmAll(await (await upload(noYear, { year: '2023/24' })).text())
    // 2021/22, a file like the first: "Yr 10" is still mapped, and the file is ready to import
    const res = await upload(yr10('2021/22'), { year: '2021/22' })
    const html = await res.text()
    expect(res.status).toBe(200)
    expect(html).toMatch(/“Yr 10”<\/th>[\s\S]*?<option value="y10" selected="">/)
    expect(html).toContain('responses are ready to import')
  })

  it('imports an earlier survey that did not ask a required question, saying which questions had no column', async () => {
    const noYear = editCsv(surveyMonkeyExport, (c) => {
      const i = columnIndex(c, 'WHAT YEAR ARE YOU IN?')
      for (const r of c) r.splice(i, 1)
    })
    const html = await (await upload(noYear)).text()
    expect(html).toContain('Questions the file has no column for')
    expect(html).toMatch(/What year are you in\?.*\(year_group\)/i)
    expect((await post('/import/confirm', choicesForm(html))).status).toBe(200)
    expect(await responses()).toBe(14)
    expect(await count("SELECT count(*) AS n FROM answers WHERE question_key = 'year_group'")).toBe(0)
  })
})

describe('warnings before anything is stored', () => {
  const survey = catalog.get('student-iag')!
  const scored = scoredQuestions(survey)
  /** A plain CSV answering the first `n` scored questions, 6 respondents. */
  const partial = (n: number) =>
    [scored.slice(0, n).map((q) => q.key), ...Array.from({ length: 6 }, (_, i) => scored.slice(0, n).map((_, j) => String(((i + j) % 5) + 1)))]
      .map((r) => r.join(','))
      .join('\n')

  it('says how many scored questions the file answers and what the rating will rest on; below half, a box must be ticked', async () => {
    const html = await (await upload(partial(3), { format: 'csv' })).text()
    expect(html).toContain(
      `This file answers 3 of the survey’s ${scored.length} scored questions: the 2024/25 top three, and the development questions 2025/26 is rated on, will be chosen from those 3 only`,
    )
    const form = choicesForm(html)
    const refused = await post('/import/confirm', form)
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain('tick the box')
    expect(await responses()).toBe(0)
    form.set('acknowledgeCoverage', 'yes')
    expect((await post('/import/confirm', form)).status).toBe(200)
    expect(await responses()).toBe(6)
  })

  it('says the year already has an imported round, with its count, and adds to it only when ticked; the same file is recognised at the check', async () => {
    const first = await (await upload(surveyMonkeyExport)).text()
    expect((await post('/import/confirm', choicesForm(first))).status).toBe(200)

    // the same file again: recognised before anything is stored, nothing to confirm
    const same = await (await upload(surveyMonkeyExport)).text()
    expect(same).toContain('This file was imported into 2024/25 on 2025-11-20: importing it again would change nothing.')
    expect(same).not.toMatch(/<button type="submit">Import/)
    // and in another year: said, as a likely mistake
    expect(await (await upload(surveyMonkeyExport, { year: '2023/24' })).text()).toContain('The same file was imported into 2024/25 on 2025-11-20.')

    const second = editCsv(surveyMonkeyExport, (c) => c.splice(3, 1))
    const html = await (await upload(second)).text()
    expect(html).toContain('2024/25 already has an imported round for this survey, with 14 responses.')
    const form = choicesForm(html)
    expect((await post('/import/confirm', form)).status).toBe(400)
    expect(await responses()).toBe(14)
    form.set('addToExisting', 'yes')
    expect((await post('/import/confirm', form)).status).toBe(200)
    expect(await responses()).toBe(27)
  })

  it('says which way the following year’s rating would move', async () => {
    // 2025/26 was collected in Signpost: its three lowest questions are the first three scored ones
    const low = scored.slice(0, 3).map((q) => q.key)
    const answers = Object.fromEntries(scored.map((q) => [q.key, low.includes(q.key) ? '1' : '5']))
    const { seedRound } = await import('../support/fixtures.ts')
    await seedRound(
      db,
      catalog,
      'elm-school',
      '2025/26',
      Array.from({ length: 12 }, () => ({ year_group: 'y10', ...answers })),
      'student-iag',
    )
    // a 2024/25 file whose lowest three are the same: 2025/26 would keep all three of its development questions
    const file = [scored.map((q) => q.key).join(','), ...Array.from({ length: 10 }, () => scored.map((q) => answers[q.key]).join(','))].join('\n')
    const html = await (await upload(file, { format: 'csv' })).text()
    expect(unescape(html)).toContain(
      `2025/26’s rating would change from no rating (a baseline year) to Red: its development questions would be this file’s top three (“${scored[0]!.text}”`,
    )
    expect(unescape(html)).toContain('and 3 of them are in 2025/26’s top three.')
  })

  it('refuses a year that has not started and warns of one more than 10 years back', async () => {
    const future = await upload(surveyMonkeyExport, { year: '2026/27' })
    expect(future.status).toBe(409)
    expect(await future.text()).toContain('2026/27 has not started yet')
    expect(await (await upload(surveyMonkeyExport, { year: '2012/13' })).text()).toContain('2012/13 is more than 10 years ago.')
  })

  it('says how many responses a round Signpost collected holds when it refuses it', async () => {
    const { seedRound } = await import('../support/fixtures.ts')
    await seedRound(
      db,
      catalog,
      'elm-school',
      '2024/25',
      Array.from({ length: 12 }, () => ({ year_group: 'y10', know_who_can_help: '4' })),
      'student-iag',
    )
    const res = await upload(surveyMonkeyExport)
    expect(res.status).toBe(409)
    expect(await res.text()).toMatch(/Signpost collected the 2024\/25 round.*It holds 12 responses\./)
  })
})

describe('templates', () => {
  it('gives each survey’s plain CSV with question keys and texts as headers and one example row, which imports as one response', async () => {
    const res = await app.request('/dashboard/import/templates/student-iag.csv', { headers: { cookie } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toContain('student-iag-template.csv')
    const text = await res.text()
    const cells = cellsOf(text)
    const questions = questionsOf(catalog.get('student-iag')!)
    expect(cells[0]).toEqual(questions.map((q) => q.key))
    expect(cells[1]).toEqual(questions.map((q) => q.text))
    expect(cells).toHaveLength(3)
    const html = await (await upload(text, { format: 'csv' })).text()
    expect(html).toContain('1 response is ready to import')
    expect((await app.request('/dashboard/import/templates/nothing.csv', { headers: { cookie } })).status).toBe(404)
  })

  it('gives the framework figures’ CSV, whose example row names no real institution', async () => {
    const res = await app.request('/dashboard/framework/import/template.csv', { headers: { cookie } })
    expect(res.status).toBe(200)
    const cells = cellsOf(await res.text())
    expect(cells[0]).toEqual(['institution', 'destination_ks4', 'destination_post16', 'y11_eet', 'quality_award', 'staffing'])
    expect(cells[1]![0]).toBe('example-school')
  })
})

describe('removing an import', () => {
  const tallies = () => rows(db, 'SELECT question_key, value, n, shown FROM answer_tallies ORDER BY question_key, value')

  it('removes the responses, answers and figures it added, and the round it created, at once, recorded in the audit log', async () => {
    const html = await (await upload(surveyMonkeyExport)).text()
    expect((await post('/import/confirm', choicesForm(html))).status).toBe(200)
    const list = await (await app.request(`${base()}/imports`, { headers: { cookie } })).text()
    expect(list).toMatch(/Your careers help at school, 2024\/25<\/th><td class="num">14<\/td><td>2025-11-20<\/td>/)
    const id = list.match(/imports\/(\d+)\/remove/)![1]!
    const ask = await (await app.request(`${base()}/imports/${id}/remove`, { headers: { cookie } })).text()
    expect(ask).toContain('Remove this import?')

    // not without the box ticked
    expect((await post(`/imports/${id}/remove`, new URLSearchParams())).status).toBe(400)
    expect(await responses()).toBe(14)

    const done = await post(`/imports/${id}/remove`, new URLSearchParams({ confirm: 'yes' }))
    expect(done.status).toBe(200)
    expect(await done.text()).toContain('Removed the 14 responses imported into “Your careers help at school, 2024/25”, and the round the import had created.')
    expect(await responses()).toBe(0)
    expect(await count('SELECT count(*) AS n FROM answers')).toBe(0)
    expect(await tallies()).toEqual([])
    expect(await count('SELECT count(*) AS n FROM rounds')).toBe(0)
    expect((await rows(db, "SELECT detail FROM audit_log WHERE action = 'import.undone'")).map((r) => r.detail)).toEqual([
      '14 responses imported on 2025-11-20 (surveymonkey) removed',
    ])
    // removed once: a second try finds nothing
    expect((await post(`/imports/${id}/remove`, new URLSearchParams({ confirm: 'yes' }))).status).toBe(404)
  })

  it('removing the second file of a round leaves exactly what the first file stored', async () => {
    const first = await (await upload(surveyMonkeyExport)).text()
    await post('/import/confirm', choicesForm(first))
    const afterFirst = await tallies()
    const second = editCsv(surveyMonkeyExport, (c) => c.splice(3, 2))
    const form = choicesForm(await (await upload(second)).text())
    form.set('addToExisting', 'yes')
    expect((await post('/import/confirm', form)).status).toBe(200)
    expect(await responses()).toBe(26)
    // the round's count (kept by triggers) follows the import in and out
    expect(await count('SELECT response_count AS n FROM rounds')).toBe(26)
    const list = await (await app.request(`${base()}/imports`, { headers: { cookie } })).text()
    const latest = list.match(/imports\/(\d+)\/remove/)![1]!
    expect((await post(`/imports/${latest}/remove`, new URLSearchParams({ confirm: 'yes' }))).status).toBe(200)
    expect(await responses()).toBe(14)
    expect(await count('SELECT response_count AS n FROM rounds')).toBe(14)
    expect(await tallies()).toEqual(afterFirst)
    expect(await count('SELECT count(*) AS n FROM rounds')).toBe(1)
  })

  it('is the lead’s only: the coordinator gets 403', async () => {
    await addUser(db, {
      email: 'coord@elm.test',
      name: 'Elm Coordinator',
      role: 'coordinator',
      partnership: 'fixture-city',
      institution: 'elm-school',
      password,
    })
    const coordinator = await signIn(app, 'coord@elm.test')
    expect((await app.request(`${base()}/imports`, { headers: { cookie: coordinator } })).status).toBe(403)
  })
})
