import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createApp } from '../../src/app.ts'
import { addUser } from '../../src/auth/users.ts'
import { catalog, freshDatabase } from '../support/app.ts'
import { seedOrganisation } from '../support/fixtures.ts'
import { origin, signIn, staffPassword as password } from '../support/staff.ts'
import { cellsOf, editCsv, surveyMonkeyExport } from './fixture.ts'
import type { Db } from '../../src/db/database.ts'

let db: Db
let dispose: () => void
let app: ReturnType<typeof createApp>
let elm: number
let cookie: string

beforeEach(async () => {
  ;({ db, dispose } = await freshDatabase())
  elm = await seedOrganisation(db, 'elm-school')
  // only the partnership lead imports (test/anonymity/import-rewrites-evidence.test.ts: a coordinator gets 403)
  await addUser(db, { email: 'lead@city.test', name: 'City Lead', role: 'lead', partnership: 'fixture-city', password })
  app = createApp({ getDb: () => db, catalog, now: () => new Date('2025-11-20T10:00:00Z') })
  cookie = await signIn(app, 'lead@city.test')
})
afterEach(() => dispose())

const responses = async () => Number((await db.$client.execute('SELECT count(*) AS n FROM responses')).rows[0]!.n)

function upload(csv: string, format = 'surveymonkey', institution = elm) {
  const form = new FormData()
  form.set('survey', 'student-iag')
  form.set('year', '2024/25')
  form.set('format', format)
  form.set('file', new File([csv], 'export.csv', { type: 'text/csv' }))
  return app.request(`/dashboard/institutions/${institution}/import/preview`, { method: 'POST', body: form, headers: { origin, cookie } })
}

/** The file's text the preview hands on to the confirm step. */
const checkedText = (html: string) =>
  html
    .match(/name="text" value="([^"]*)"/)![1]!
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')

describe('importing an earlier year from the browser', () => {
  it('previews the file, stores nothing, then imports every row on confirmation', async () => {
    const preview = await upload(surveyMonkeyExport)
    const html = await preview.text()
    expect(preview.status).toBe(200)
    expect(html).toContain('14 responses are ready to import')
    // the survey is named by its title, as the coordinator knows it, not by its file id
    expect(html).toContain(`ready to import into “${catalog.get('student-iag')!.title}”, 2024/25`)
    expect(html).toContain('IP Address')
    expect(await responses()).toBe(0)
    const text = checkedText(html)
    const confirm = await app.request(`/dashboard/institutions/${elm}/import/confirm`, {
      method: 'POST',
      body: new URLSearchParams({ survey: 'student-iag', year: '2024/25', format: 'surveymonkey', text }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin, cookie },
    })
    expect(confirm.status).toBe(200)
    expect(await confirm.text()).toContain('14 responses imported')
    expect(await responses()).toBe(14)
    // recorded in the audit log, with who and how many, never a row of the file
    const audit = (await db.$client.execute('SELECT action, detail, actor FROM audit_log')).rows.filter((r) => r.action === 'import.stored')
    expect(audit.map((r) => String(r.detail))).toEqual(['14 responses (surveymonkey)'])

    // the institution page shows the new round as imported: no code to hand out, no way to open it
    const rounds = await (await app.request(`/dashboard/institutions/${elm}`, { headers: { cookie } })).text()
    expect(rounds).toContain('Imported from a file: Signpost did not collect these responses.')
    expect(rounds).not.toMatch(/rounds\/\d+\/open/)
    expect(rounds).not.toContain('Printable access sheet')
    // and so does its report, in the page, the JSON and the CSV
    const q = 'survey=student-iag&year=2024%2F25'
    const report = await (await app.request(`/dashboard/institutions/${elm}/report?${q}`, { headers: { cookie } })).text()
    expect(report).toContain('Imported from a file: Signpost did not collect these responses.')
    expect(report).toContain('2024/25 (closed, imported from a file)')
    const json = await (await app.request(`/api/institutions/${elm}/report?${q}`, { headers: { cookie } })).json()
    expect(json.round.source).toBe('imported')
    expect(json.years).toEqual([{ year: '2024/25', respondents: 14, source: 'imported' }])
    const csv = await (await app.request(`/dashboard/institutions/${elm}/report.csv?${q}`, { headers: { cookie } })).text()
    const [header, ...lines] = cellsOf(csv)
    const source = header!.indexOf('round_source')
    expect(source).toBeGreaterThan(0)
    expect(lines.length).toBeGreaterThan(0)
    for (const line of lines) expect(line[source]).toBe('imported')
  })

  it('imports SurveyMonkey’s numerical-value export read in the stated scale order to the same report as its text export', async () => {
    // the same answers as numbers, the survey's list starting at "Strongly agree" (6: Don't know)
    const scale = ['strongly agree', 'agree', 'neither agree nor disagree', 'disagree', 'strongly disagree', 'don’t know']
    const numbers = editCsv(surveyMonkeyExport, (rows) => {
      for (const row of rows.slice(2))
        row.forEach((cell, i) => {
          const n = scale.indexOf(cell.trim().toLowerCase().replace("'", '’'))
          if (n >= 0) row[i] = String(n + 1)
        })
    })
    expect(numbers).not.toMatch(/Strongly agree/i)
    const oak = await seedOrganisation(db, 'oak-school')
    const preview = await upload(numbers, 'surveymonkey-numbers-agree-first', oak)
    const html = await preview.text()
    expect(preview.status).toBe(200)
    expect(html).toContain('14 responses are ready to import')
    expect(html).toContain('The answers are read as numbers, 1 meaning “Strongly agree”.')
    const confirm = await app.request(`/dashboard/institutions/${oak}/import/confirm`, {
      method: 'POST',
      body: new URLSearchParams({ survey: 'student-iag', year: '2024/25', format: 'surveymonkey-numbers-agree-first', text: checkedText(html) }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin, cookie },
    })
    expect(await confirm.text()).toContain('14 responses imported')
    // the text export into Elm: every question's figures alike
    const text = await upload(surveyMonkeyExport)
    await app.request(`/dashboard/institutions/${elm}/import/confirm`, {
      method: 'POST',
      body: new URLSearchParams({ survey: 'student-iag', year: '2024/25', format: 'surveymonkey', text: checkedText(await text.text()) }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin, cookie },
    })
    const figures = async (id: number) => {
      const report = await (await app.request(`/api/institutions/${id}/report?survey=student-iag&year=2024%2F25`, { headers: { cookie } })).json()
      return report.questions.map((q: { key: string; n: number; positive: number; negative: number; dontKnow: number }) => [
        q.key,
        q.n,
        q.positive,
        q.negative,
        q.dontKnow,
      ])
    }
    const fromNumbers = await figures(oak)
    expect(fromNumbers.some((row: number[]) => row[4]! > 0)).toBe(true)
    expect(fromNumbers).toEqual(await figures(elm))
  })

  it('shows every problem with its row and column, and offers no import', async () => {
    const cells = cellsOf(surveyMonkeyExport)
    const broken = editCsv(surveyMonkeyExport, (rows) => {
      const last = rows[rows.length - 1]!
      const col = last.findIndex((v, i) => i > 8 && /agree/i.test(v))
      last[col] = 'Strongly agre'
    })
    expect(cells.length).toBeGreaterThan(3)
    const res = await upload(broken)
    const html = await res.text()
    expect(res.status).toBe(400)
    // with the row it is on
    expect(html).toContain(`<td>row ${cells.length}</td>`)
    expect(html).toContain('Strongly agre')
    // the answer is offered for mapping to an option; no import until it has a choice
    expect(html).toContain('Answers that are not one of the question’s options')
    expect(html).not.toMatch(/<button type="submit">Import/)
    expect(await responses()).toBe(0)
  })
  it('refuses malformed multipart with a 400 that says so, and no stack trace in the log', async () => {
    const errors: unknown[] = []
    const spy = vi.spyOn(console, 'error').mockImplementation((...args) => void errors.push(args))
    try {
      for (const body of [
        '--x\r\nContent-Disposition: form-data; name="survey"\r\n\r\nstudent-iag',
        'not multipart at all',
        '--x\r\nbroken header\r\n\r\n--x--',
      ]) {
        const res = await app.request(`/dashboard/institutions/${elm}/import/preview`, {
          method: 'POST',
          body,
          headers: { origin, cookie, 'content-type': 'multipart/form-data; boundary=x' },
        })
        expect(res.status).toBe(400)
        expect(await res.text()).toContain('The upload could not be read')
      }
      expect(errors).toEqual([])
    } finally {
      spy.mockRestore()
    }
  })

  it('refuses a file with more rows than the partnership allows, saying what to do, and echoes no cell longer than 200 characters', async () => {
    await db.$client.execute({ sql: 'UPDATE partnerships SET settings = ?', args: [JSON.stringify({ maxImportRows: 5 })] })
    const res = await upload(surveyMonkeyExport)
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('more than 5 rows of answers')
    expect(html).not.toContain('name="text"')
    await db.$client.execute({ sql: 'UPDATE partnerships SET settings = ?', args: ['{}'] })
    const long = editCsv(surveyMonkeyExport, (rows) => {
      rows[3]![12] = 'y'.repeat(300_000)
    })
    const page = await (await upload(long)).text()
    expect(page).toContain('300,000 characters in all')
    expect(page.length).toBeLessThan(60_000)
  })
})
