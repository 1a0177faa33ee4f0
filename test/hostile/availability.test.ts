import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createInvitation } from '../../src/auth/invitations.ts'
import { addressLimit } from '../../src/auth/sign-in-limits.ts'
import { sha256Hex } from '../../src/crypto.ts'
import { openDatabase } from '../../src/db/connect-node.ts'
import type { Db } from '../../src/db/database.ts'
import { loadKeySecret } from '../../src/entry/key-secret-node.ts'
import { openRound } from '../../src/rounds/rounds.ts'
import { questionsOf } from '../../src/surveys/schema.ts'
import { catalog } from '../support/app.ts'
import { startServer, type BenchServer } from '../support/server.ts'
import { staffPassword } from '../support/staff.ts'
import { randomResponse } from '../bench/submit.ts'
import { largePlainCsv } from '../importers/large-file.ts'
import { loadCorpus, type Role } from './corpus-schema.ts'
import { prepareTarget, staffEmails } from './in-process-target.ts'
import { runCorpus, type HostileTarget } from './run-corpus.ts'

/**
 * The availability cases of issue 22 against a real server process (`tsx src/entry/node.ts`)
 * over HTTP: the single requests of corpus/availability.json, and what takes a sequence of
 * requests: a stranger's failed sign-ins do not lock the owner out, a forged forwarded-for
 * header gets no fresh limit, every staff response says no-store, an old setup link is void,
 * an import does not stall students submitting, and a crash's staged rows go at the next start.
 */
let dir: string
let url: string
let server: BenchServer
let db: Db
let target: HostileTarget

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'signpost-availability-'))
  url = `file:${join(dir, 'availability.db')}`
  server = await startServer(url)
  db = await openDatabase(url)
  target = await prepareTarget(db, catalog, (req) => fetch(req), { origin: server.url, now: new Date() })
}, 180_000)
afterAll(async () => {
  db?.$client.close()
  await server?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const signInAs = (email: string, password: string, cookie = '', headers: Record<string, string> = {}) =>
  fetch(`${server.url}/sign-in`, {
    method: 'POST',
    body: new URLSearchParams({ email, password }),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url, ...(cookie ? { cookie } : {}), ...headers },
    redirect: 'manual',
  })

it('answers every availability case of the corpus as it should, storing nothing', async () => {
  const { failures, skipped } = await runCorpus(target, loadCorpus(undefined, ['availability.json']))
  expect(failures).toEqual([])
  expect(skipped).toEqual([])
}, 120_000)

describe('sign-in limits', () => {
  it('a stranger’s failed sign-ins slow the account down, but never the owner on their own browser', async () => {
    const email = staffEmails.viewer
    const first = await signInAs(email, staffPassword)
    expect(first.status).toBe(303)
    const device = first.headers
      .getSetCookie()
      .find((c) => c.startsWith('signpost_device='))!
      .split(';')[0]!
    for (let i = 0; i < 5; i++) expect((await signInAs(email, `a wrong guess number ${i}`)).status).toBe(401)
    // the stranger's next guesses wait: not even tried
    for (let i = 0; i < 5; i++) expect((await signInAs(email, `a wrong guess number ${i}`)).status).toBe(429)
    const stranger = await signInAs(email, staffPassword)
    expect(stranger.status).toBe(429)
    expect(Number(stranger.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await signInAs(email, staffPassword, device)).status).toBe(303)
  }, 60_000)

  it('a forged X-Forwarded-For gets no fresh per-address limit: without TRUSTED_PROXY the socket’s address is counted', async () => {
    // the server's secret is in the file beside its database: the same keys can be computed here
    loadKeySecret(url)
    const real = await addressLimit('127.0.0.1')
    const forged = await addressLimit('192.0.2.99')
    const countOf = async (key: string) =>
      Number((await db.$client.execute({ sql: 'SELECT count FROM rate_limits WHERE key = ?', args: [key] })).rows[0]?.count ?? 0)
    const before = await countOf(real.key)
    expect(
      (await signInAs('nobody@oak.test', 'not the password at all', '', { 'x-forwarded-for': '192.0.2.99', 'cf-connecting-ip': '192.0.2.99' })).status,
    ).toBe(401)
    expect(await countOf(real.key)).toBe(before + 1)
    expect(await countOf(forged.key)).toBe(0)
    // and the keys are HMACs with that secret: a plain hash of the address or email is not among them
    const keys = (await db.$client.execute('SELECT key FROM rate_limits')).rows.map((r) => String(r.key))
    for (const plain of ['sign-in:address:127.0.0.1', 'sign-in:account:nobody@oak.test', `sign-in:account:${staffEmails.viewer}`]) {
      expect(keys).not.toContain(await sha256Hex(plain))
    }
  })
})

it('says Cache-Control: no-store on every staff page and API response, errors and redirects included', async () => {
  const cookie = await target.signIn('coordinator' as Role)
  const id = target.vars.institutionId
  for (const [path, headers] of [
    ['/sign-in', {}],
    ['/dashboard', { cookie }],
    ['/dashboard', {}],
    [`/dashboard/institutions/${id}`, { cookie }],
    [`/dashboard/institutions/${id}/report?survey=${target.vars.surveyId ?? 'student-iag'}&year=${target.vars.year}`, { cookie }],
    [`/api/institutions/${id}/report`, { cookie }],
    ['/api/institutions/1/report', {}],
    [`/api/surveys/${target.vars.code}`, {}],
    ['/invite/not-a-valid-invitation-token', {}],
  ] as const) {
    const res = await fetch(`${server.url}${path}`, { headers, redirect: 'manual' })
    expect(res.headers.get('cache-control'), `${path}: ${res.status}`).toBe('no-store')
  }
})

it('an older setup link is void once a lead exists', async () => {
  const token = await createInvitation(db, { role: 'lead' }, new Date())
  expect((await fetch(`${server.url}/invite/${token}`)).status).toBe(410)
  const res = await fetch(`${server.url}/invite/${token}`, {
    method: 'POST',
    body: new URLSearchParams({
      partnershipName: 'Rogue',
      partnershipSlug: 'rogue',
      name: 'Eve Rogue',
      email: 'eve@rogue.test',
      password: 'violet kettle harbour',
    }),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
  })
  expect(res.status).toBe(410)
  expect((await db.$client.execute("SELECT count(*) AS n FROM partnerships WHERE slug = 'rogue'")).rows[0]!.n).toBe(0)
})

it('a flood from one client, with a forged X-Forwarded-For on every post, takes at most half of a round and leaves the round room', async () => {
  const parent = catalog.get('parent-carer')!
  const round = await openRound(db, catalog, { institution: 'birch-college', survey: parent.id, year: String(target.vars.year), tokensRequired: false })
  const post = (headers: Record<string, string>) =>
    fetch(`${server.url}/api/surveys/${round.code}/responses`, {
      method: 'POST',
      body: JSON.stringify({ submissionId: randomUUID(), answers: randomResponse(parent).answers }),
      headers: { 'content-type': 'application/json', ...headers },
    }).then(async (res) => ({ status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.text() }))
  // 700 posts, 50 at a time, each claiming another address: without TRUSTED_PROXY the socket's address is the one counted
  const results: Awaited<ReturnType<typeof post>>[] = []
  for (let wave = 0; wave < 14; wave++) {
    results.push(...(await Promise.all(Array.from({ length: 50 }, (_, i) => post({ 'x-forwarded-for': `192.0.2.${(wave * 50 + i) % 250}` })))))
  }
  const stored = results.filter((r) => r.status === 201)
  const refused = results.filter((r) => r.status === 429)
  // the default window is 600 responses in 10 minutes: one address takes at most 300 of it
  expect(stored.length).toBeLessThanOrEqual(300)
  expect(stored.length + refused.length).toBe(700)
  expect(refused[0]!.retryAfter).toMatch(/^\d+$/)
  expect(refused[0]!.body).toContain('from your network')
  const count = await db.$client.execute({ sql: 'SELECT count(*) AS n FROM responses WHERE round_id = ?', args: [round.id] })
  expect(Number(count.rows[0]!.n)).toBe(stored.length)
  // the round itself still has room: its window is not full
  const window = await db.$client.execute({ sql: 'SELECT count FROM rate_limits WHERE key = ?', args: [`submissions:round:${round.id}`] })
  expect(Number(window.rows[0]!.count)).toBeLessThan(600)
}, 120_000)

it('an import of thousands of rows does not stall students submitting, and is stored whole', async () => {
  const survey = catalog.get('student-iag')!
  const rows = 4000
  const csv = largePlainCsv(
    questionsOf(survey).map((q) => q.key),
    rows,
    () => randomResponse(survey).answers,
  )
  const lead = await target.signIn('lead')
  const latencies: number[] = []
  const statuses: number[] = []
  let importing = true
  const submitter = async () => {
    while (importing) {
      const started = performance.now()
      const res = await fetch(`${server.url}/api/surveys/${target.vars.code}/responses`, {
        method: 'POST',
        body: JSON.stringify({ submissionId: randomUUID(), answers: randomResponse(survey).answers }),
        headers: { 'content-type': 'application/json' },
      })
      await res.arrayBuffer()
      latencies.push(performance.now() - started)
      statuses.push(res.status)
    }
  }
  const submitters = Array.from({ length: 5 }, submitter)
  const form = new FormData()
  form.set('survey', 'student-iag')
  form.set('year', '2022/23')
  form.set('format', 'csv')
  form.set('text', csv)
  const res = await fetch(`${server.url}/dashboard/institutions/${target.vars.institutionId}/import/confirm`, {
    method: 'POST',
    body: form,
    headers: { origin: server.url, cookie: lead },
  })
  const page = await res.text()
  importing = false
  await Promise.all(submitters)
  expect(res.status, page.slice(0, 500)).toBe(200)
  expect(page).toContain(`${rows} responses imported`)
  expect(statuses.length).toBeGreaterThan(20)
  // the submission limit of the round may refuse some (429): none fails, none waits seconds
  for (const s of statuses) expect([201, 429]).toContain(s)
  latencies.sort((a, b) => a - b)
  expect(latencies.at(-1)!).toBeLessThan(3000)
  const stored = await db.$client.execute("SELECT count(*) AS n FROM responses r JOIN rounds o ON o.id = r.round_id WHERE o.year = '2022/23'")
  expect(Number(stored.rows[0]!.n)).toBe(rows)
  expect(Number((await db.$client.execute('SELECT count(*) AS n FROM import_staged_answers')).rows[0]!.n)).toBe(0)
}, 180_000)

it('deletes at start the staged rows an import killed part-way left behind', async () => {
  await server.stop()
  await db.$client.batch(
    [
      { sql: "INSERT INTO import_runs (id, started_at) VALUES ('killed', ?)", args: [new Date(Date.now() - 60_000).toISOString()] },
      "INSERT INTO import_staged_responses (import_id, response_id, submission_id, submitted_on, language) VALUES ('killed', 1, 'import-x-3', '2023-12-01', 'en')",
      "INSERT INTO import_staged_answers (import_id, question_key, response_id, value, scale) VALUES ('killed', 'k', 1, '4', 4)",
    ],
    'write',
  )
  server = await startServer(url)
  for (const table of ['import_runs', 'import_staged_responses', 'import_staged_answers']) {
    expect(Number((await db.$client.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n), table).toBe(0)
  }
}, 120_000)
