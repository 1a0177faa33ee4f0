import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { addUser } from '../../src/auth/users.ts'
import type { Db } from '../../src/db/database.ts'
import { addInstitution } from '../../src/org/organisations.ts'
import { freshDatabase } from '../support/app.ts'
import { miniCatalog, respondents, seedOrganisation, seedRound } from '../support/fixtures.ts'

const catalog = miniCatalog()
let db: Db
let dispose: () => void
let app: ReturnType<typeof createApp>
let elm: number
let ash: number

const people = respondents({
  year_group: Array(12).fill('y8'),
  q1: Array(12).fill('2'),
  q2: Array(12).fill('4'),
  q3: Array(12).fill('5'),
  q4: Array(12).fill('1'),
})

beforeEach(async () => {
  ;({ db, dispose } = await freshDatabase())
  elm = await seedOrganisation(db, 'elm-school')
  await addInstitution(db, { slug: 'ash-school', name: 'Ash School', partnership: 'fixture-city' })
  ash = Number((await db.$client.execute("SELECT id FROM institutions WHERE slug = 'ash-school'")).rows[0]!.id)
  await seedRound(db, catalog, 'elm-school', '2025/26', people)
  const password = 'correct horse battery'
  await addUser(db, {
    email: 'elm@school.test',
    name: 'Elm Coordinator',
    role: 'coordinator',
    partnership: 'fixture-city',
    institution: 'elm-school',
    password,
  })
  await addUser(db, {
    email: 'ash@school.test',
    name: 'Ash Coordinator',
    role: 'coordinator',
    partnership: 'fixture-city',
    institution: 'ash-school',
    password,
  })
  await addUser(db, { email: 'viewer@school.test', name: 'Elm Viewer', role: 'viewer', partnership: 'fixture-city', institution: 'elm-school', password })
  await addUser(db, { email: 'lead@city.test', name: 'Lead', role: 'lead', partnership: 'fixture-city', password })
  app = createApp({ getDb: () => db, catalog })
})
afterEach(() => dispose())

async function signIn(email: string, password = 'correct horse battery'): Promise<string> {
  const res = await app.request('/sign-in', {
    method: 'POST',
    body: new URLSearchParams({ email, password }),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
  })
  expect(res.status).toBe(303)
  return res.headers.get('set-cookie')!.split(';')[0]!
}

const reportUrl = (id: number, query = 'survey=mini&year=2025/26') => `/api/institutions/${id}/report?${query}`

describe('GET /api/institutions/:id/report', () => {
  it('asks anonymous callers to sign in', async () => {
    const res = await app.request(reportUrl(elm))
    expect(res.status).toBe(401)
    expect((await res.json()).error).toContain('Sign in')
  })

  it('gives a coordinator the report of their own institution', async () => {
    const cookie = await signIn('elm@school.test')
    const res = await app.request(reportUrl(elm), { headers: { cookie } })
    expect(res.status).toBe(200)
    const report = await res.json()
    expect(report.respondents).toBe(12)
    // q1 and q4 tie on score and negative share: survey order decides
    expect(report.topThree).toEqual(['q1', 'q4', 'q2'])
    expect(report.rag).toMatchObject({ rating: null, baseline: true })
    expect(report.questions[0]).toMatchObject({ key: 'q1', text: 'Statement q1.', area: 'a1', n: 12, positive: 0, negative: 12, score: 0, rank: 1 })
  })

  it('answers 404 to a coordinator of another institution, the same as for one that does not exist', async () => {
    const cookie = await signIn('ash@school.test')
    const other = await app.request(reportUrl(elm), { headers: { cookie } })
    const missing = await app.request(reportUrl(9999), { headers: { cookie } })
    expect(other.status).toBe(404)
    expect(missing.status).toBe(404)
    expect(await other.json()).toEqual(await missing.json())
    expect((await app.request(reportUrl(ash, 'survey=mini&year=2025/26'), { headers: { cookie } })).status).toBe(404)
  })

  it('lets the partnership lead see every institution', async () => {
    const cookie = await signIn('lead@city.test')
    expect((await app.request(reportUrl(elm), { headers: { cookie } })).status).toBe(200)
  })

  it('explains a bad year or a missing survey parameter', async () => {
    const cookie = await signIn('elm@school.test')
    const res = await app.request(reportUrl(elm, 'survey=mini&year=2025-26'), { headers: { cookie } })
    expect(res.status).toBe(400)
    expect((await res.json()).issues[0]).toMatchObject({ path: 'year', message: expect.stringContaining('2025/26') })
    const noSurvey = await app.request(reportUrl(elm, 'year=2025/26'), { headers: { cookie } })
    expect(noSurvey.status).toBe(400)
  })

  it('a wrong password gets a clear message and no session', async () => {
    const res = await app.request('/sign-in', {
      method: 'POST',
      body: new URLSearchParams({ email: 'elm@school.test', password: 'wrong password!!' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
    })
    expect(res.status).toBe(401)
    expect(res.headers.get('set-cookie')).toBeNull()
    expect(await res.text()).toContain('email address or password is not right')
  })

  it('signing out ends the session on the server', async () => {
    const cookie = await signIn('elm@school.test')
    await app.request('/sign-out', { method: 'POST', headers: { cookie, origin: 'http://localhost' } })
    expect((await app.request(reportUrl(elm), { headers: { cookie } })).status).toBe(401)
  })
})

describe('PUT /api/institutions/:id/action-plan', () => {
  const put = (id: number, cookie: string, body: unknown) =>
    app.request(`/api/institutions/${id}/action-plan?survey=mini&year=2025/26`, {
      method: 'PUT',
      body: JSON.stringify(body),
      headers: { cookie, 'content-type': 'application/json' },
    })

  it('records three development questions that next year’s rating reads', async () => {
    const cookie = await signIn('elm@school.test')
    const res = await put(elm, cookie, { developmentKeys: ['q5', 'q3', 'q2'], actions: { q5: 'Employer talks each term' } })
    expect(res.status).toBe(200)
    await seedRound(db, catalog, 'elm-school', '2026/27', people)
    const next = await (await app.request(reportUrl(elm, 'survey=mini&year=2026/27'), { headers: { cookie } })).json()
    expect(next.development).toMatchObject({ keys: ['q5', 'q3', 'q2'], source: 'action-plan' })
    expect(next.rag.rating).toBe('Amber/Green')
  })

  it('refuses two of the same question or a key of no question, and a viewer', async () => {
    const cookie = await signIn('elm@school.test')
    const twice = await put(elm, cookie, { developmentKeys: ['q1', 'q1', 'q2'] })
    expect(twice.status).toBe(400)
    expect((await twice.json()).issues[0].message).toContain('three different')
    const unknown = await put(elm, cookie, { developmentKeys: ['q1', 'q2', 'nope'] })
    expect(unknown.status).toBe(400)
    expect((await unknown.json()).issues[0].path).toBe('developmentKeys[2]')
    const viewer = await signIn('viewer@school.test')
    expect((await put(elm, viewer, { developmentKeys: ['q1', 'q2', 'q3'] })).status).toBe(403)
  })
})
