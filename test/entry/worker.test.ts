/**
 * The Cloudflare Worker entry, end to end: `wrangler dev` (workerd, locally) serving
 * src/entry/worker.ts against a real libSQL server (sqld), checked from the outside
 * over HTTP and by reading sqld directly.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Client } from '@libsql/client'
import { PDFDocument, PDFName } from 'pdf-lib'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Db } from '../../src/db/database.ts'
import { addInstitution, addPartnership } from '../../src/org/organisations.ts'
import { addUser } from '../../src/auth/users.ts'
import { issueTokens, openRound, type Round } from '../../src/rounds/rounds.ts'
import { catalog, studentAnswers } from '../support/app.ts'
import { projectRoot, type Sqld } from '../support/sqld.ts'
import { printWorkerLogOnFailure, startWorkerOnSqld, stopWorkerOnSqld, type WorkerProcess } from '../support/worker.ts'
import { staffPassword } from '../support/staff.ts'
const survey = catalog.get('student-iag')!

let sqld: Sqld | undefined
let setupDb: Db | undefined
let reader: Client | undefined
let worker: WorkerProcess | undefined
let workerUrl = ''
let round: Round
let tokenRound: Round
let tokens: string[] = []
let limitedRound: Round

beforeAll(async () => {
  ;({ sqld, setupDb, reader, worker } = await startWorkerOnSqld(async (db) => {
    round = await openRound(db, catalog, { institution: 'oak-school', survey: 'student-iag', year: '2025/26', tokensRequired: false })
    tokenRound = await openRound(db, catalog, { institution: 'oak-school', survey: 'parent-carer', year: '2025/26', tokensRequired: true })
    tokens = await issueTokens(db, tokenRound, 3)
    // a partnership whose round codes take two responses in ten minutes
    await addPartnership(db, { slug: 'small-city', name: 'Small City Partnership' })
    await db.$client.execute(`UPDATE partnerships SET settings = '{"submissionLimit":{"max":2,"windowMinutes":10}}' WHERE slug = 'small-city'`)
    await addInstitution(db, { slug: 'elm-school', name: 'Elm School', partnership: 'small-city' })
    limitedRound = await openRound(db, catalog, { institution: 'elm-school', survey: 'student-iag', year: '2025/26', tokensRequired: false })
  }))
  workerUrl = worker.url
}, 120_000)

afterAll(() => stopWorkerOnSqld({ worker, reader, setupDb, sqld }), 60_000)

beforeEach(printWorkerLogOnFailure(() => worker))

/** Rows read straight from sqld, not through the Worker. */
async function query(sql: string, args: (string | number)[] = []) {
  return (await reader!.execute({ sql, args })).rows.map((r) => ({ ...r }))
}

async function counts() {
  const [row] = await query('SELECT (SELECT count(*) FROM responses) AS responses, (SELECT count(*) FROM answers) AS answers')
  return row
}

/** The answers as stored rows would hold them: one (key, value) per answered question or chosen option. */
function expectedRows(answers: Record<string, string | string[]>) {
  return Object.entries(answers)
    .flatMap(([key, v]) => (Array.isArray(v) ? v : [v]).map((value) => ({ question_key: key, value })))
    .sort((a, b) => `${a.question_key}\0${a.value}`.localeCompare(`${b.question_key}\0${b.value}`))
}

async function storedRows(submissionId: string) {
  return query(
    `SELECT a.question_key, a.value FROM answers a JOIN responses r ON r.id = a.response_id
     WHERE r.submission_id = ? ORDER BY a.question_key, a.value`,
    [submissionId],
  ).then((rows) => rows.sort((a, b) => `${a.question_key}\0${a.value}`.localeCompare(`${b.question_key}\0${b.value}`)))
}

function postJson(body: unknown, code = round.code, headers: Record<string, string> = {}) {
  return fetch(`${workerUrl}/api/surveys/${code}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
}

describe('the Worker (wrangler dev) against sqld', () => {
  it('serves the survey form for a round code', async () => {
    const res = await fetch(`${workerUrl}/s/${round.code}`)
    const html = await res.text()
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    expect(html).toContain(survey.title)
    expect(html).toContain('Oak School')
    expect(html).toMatch(/name="submissionId" value="[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"/)
  })

  it('serves the static files in web/ as assets', async () => {
    const res = await fetch(`${workerUrl}/styles.css`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/css/)
    expect(await res.text()).toBe(readFileSync(join(projectRoot, 'web', 'styles.css'), 'utf8'))
  })

  it('serves the survey as JSON', async () => {
    const res = await fetch(`${workerUrl}/api/surveys/${round.code}`)
    expect(res.status).toBe(200)
    const body = (await res.json()) as { round: { institution: string; year: string }; survey: { id: string } }
    expect(body.round).toMatchObject({ institution: 'Oak School', year: '2025/26' })
    expect(body.survey.id).toBe('student-iag')
  })

  const submissionId = crypto.randomUUID()
  const answers = studentAnswers({ year_group: 'y10' })

  it('stores a valid JSON response in sqld', async () => {
    const res = await postJson({ submissionId, answers })
    expect(res.status).toBe(201)
    expect(await res.json()).toEqual({ submissionId, status: 'received' })

    const responses = await query('SELECT id, round_id, submission_id, language FROM responses WHERE submission_id = ?', [submissionId])
    expect(responses).toHaveLength(1)
    expect(responses[0]).toMatchObject({ round_id: round.id, submission_id: submissionId, language: 'en' })
    expect(await storedRows(submissionId)).toEqual(expectedRows(answers))
    const [yearGroup] = await query('SELECT value, scale, round_id FROM answers WHERE response_id = ? AND question_key = ?', [
      responses[0]!.id as number,
      'year_group',
    ])
    expect(yearGroup).toEqual({ value: 'y10', scale: null, round_id: round.id })
  })

  it('answers a retry of the same submissionId the same way and stores it once', async () => {
    const before = await counts()
    const res = await postJson({ submissionId, answers })
    expect(res.status).toBe(201)
    expect(await res.json()).toEqual({ submissionId, status: 'received' })
    expect(await query('SELECT id FROM responses WHERE submission_id = ?', [submissionId])).toHaveLength(1)
    expect(await counts()).toEqual(before)
  })

  it('refuses an invalid answer with 400, naming the question, and stores nothing', async () => {
    const key = survey.sections.flatMap((s) => s.questions).find((q) => q.kind === 'agreement')!.key
    const before = await counts()
    const badId = crypto.randomUUID()
    const res = await postJson({ submissionId: badId, answers: studentAnswers({ [key]: '9' }) })
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: string; issues: { path: string; message: string }[] }
    expect(body.issues).toContainEqual(expect.objectContaining({ path: `answers.${key}` }))
    expect(body.issues.map((i) => i.path)).toEqual([`answers.${key}`])
    expect(await counts()).toEqual(before)
    expect(await query('SELECT id FROM responses WHERE submission_id = ?', [badId])).toHaveLength(0)
  })

  it('stores a response sent with the HTML form and redirects to the thanks page', async () => {
    const page = await (await fetch(`${workerUrl}/s/${round.code}`)).text()
    const formId = page.match(/name="submissionId" value="([^"]+)"/)![1]!
    const formAnswers = studentAnswers({ year_group: 'y12' })
    const body = new URLSearchParams({ submissionId: formId })
    for (const [k, v] of Object.entries(formAnswers)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one)

    const res = await fetch(`${workerUrl}/s/${round.code}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: workerUrl },
      body,
    })
    expect(res.status).toBe(303)
    const location = new URL(res.headers.get('location')!, workerUrl)
    expect(location.pathname).toBe(`/s/${round.code}/thanks`)
    const thanks = await fetch(location)
    expect(thanks.status).toBe(200)
    expect(await thanks.text()).toContain('Thank you')

    const responses = await query('SELECT round_id FROM responses WHERE submission_id = ?', [formId])
    expect(responses).toEqual([{ round_id: round.id }])
    expect(await storedRows(formId)).toEqual(expectedRows(formAnswers))
  })

  it('refuses a form posted from another origin', async () => {
    const before = await counts()
    const res = await fetch(`${workerUrl}/s/${round.code}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: new URLSearchParams({ submissionId: crypto.randomUUID(), year_group: 'y9' }),
    })
    expect(res.status).toBe(403)
    expect(await counts()).toEqual(before)
  })
})

describe('exactly once, and limits, on the Worker', () => {
  it('stores one response for twenty concurrent posts of the same submissionId, and answers them all alike', async () => {
    const before = await counts()
    const id = crypto.randomUUID()
    const answers = studentAnswers({ year_group: 'y9' })
    const results = await Promise.all(Array.from({ length: 20 }, () => postJson({ submissionId: id, answers })))
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201))
    expect(await Promise.all(results.map((r) => r.json()))).toEqual(Array(20).fill({ submissionId: id, status: 'received' }))
    expect(await query('SELECT id FROM responses WHERE submission_id = ?', [id])).toHaveLength(1)
    expect(await counts()).toEqual({ responses: Number(before!.responses) + 1, answers: Number(before!.answers) + expectedRows(answers).length })
  })

  it('admits exactly one response for a one-time token used twice at once', async () => {
    const parent = catalog.get('parent-carer')!
    const answers: Record<string, string> = {}
    for (const q of parent.sections.flatMap((s) => s.questions)) {
      if (q.kind === 'agreement') answers[q.key] = '4'
      else if (q.kind === 'single') answers[q.key] = q.options[0]!.value
    }
    const token = tokens[0]!
    const results = await Promise.all(Array.from({ length: 10 }, () => postJson({ submissionId: crypto.randomUUID(), answers }, token)))
    const statuses = results.map((r) => r.status).sort()
    expect(statuses).toEqual([201, ...Array(9).fill(409)])
    expect(await query('SELECT count(*) AS n FROM responses WHERE round_id = ?', [tokenRound.id])).toEqual([{ n: 1 }])
    expect(await query('SELECT count(*) AS n FROM used_tokens')).toEqual([{ n: 1 }])
  })

  it('refuses a round code past its submission limit with 429 and Retry-After, counted in sqld', async () => {
    // windows are aligned to the clock (09:00, 09:10...): keep the three posts inside one
    const toBoundary = 600_000 - (Date.now() % 600_000)
    if (toBoundary < 5000) await new Promise((r) => setTimeout(r, toBoundary + 100))
    // from three addresses: one address may take only half of the round's window (collect/address-allowance.ts)
    const from = (address: string) => ({ 'cf-connecting-ip': address })
    expect((await postJson({ submissionId: crypto.randomUUID(), answers: studentAnswers() }, limitedRound.code, from('198.51.100.1'))).status).toBe(201)
    expect((await postJson({ submissionId: crypto.randomUUID(), answers: studentAnswers() }, limitedRound.code, from('198.51.100.2'))).status).toBe(201)
    const refused = await postJson({ submissionId: crypto.randomUUID(), answers: studentAnswers() }, limitedRound.code, from('198.51.100.3'))
    expect(refused.status).toBe(429)
    const retryAfter = Number(refused.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(600)
    expect(await refused.json()).toMatchObject({ error: expect.stringContaining('send it again') })
    expect(await query('SELECT count(*) AS n FROM responses WHERE round_id = ?', [limitedRound.id])).toEqual([{ n: 2 }])
    // the limit is a row in sqld, so it holds for every Worker instance
    expect(await query('SELECT count FROM rate_limits WHERE key = ?', [`submissions:round:${limitedRound.id}`])).toEqual([{ count: 2 }])
  })

  it('makes the governors’ summary PDF in workerd: three A4 pages with the evidence pack, titled, in British English', async () => {
    await addUser(setupDb!, { email: 'lead@worker.test', name: 'Worker Lead', role: 'lead', partnership: 'test-city', password: staffPassword })
    const signedIn = await fetch(`${workerUrl}/sign-in`, {
      method: 'POST',
      body: new URLSearchParams({ email: 'lead@worker.test', password: staffPassword }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: workerUrl },
      redirect: 'manual',
    })
    expect(signedIn.status).toBe(303)
    const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!
    const [oak] = await query("SELECT id FROM institutions WHERE slug = 'oak-school'")
    const res = await fetch(`${workerUrl}/dashboard/institutions/${oak!.id}/summary.pdf?survey=student&year=2025/26`, { headers: { cookie } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="oak-school-student-iag-2025-26-summary.pdf"')
    const pdf = await PDFDocument.load(await res.arrayBuffer())
    // the two pages of the summary and the evidence pack of the year
    expect(pdf.getPageCount()).toBe(3)
    expect(pdf.getTitle()).toBe('Oak School: governors’ summary, student survey 2025/26')
    expect(pdf.getPage(0).getSize()).toEqual({ width: 595.28, height: 841.89 })
    expect(String(pdf.catalog.get(PDFName.of('Lang')))).toBe('(en-GB)')
  })
})
