import { readFileSync } from 'node:fs'
import { Secret, TOTP } from 'otpauth'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { filePathOf } from '../../src/db/connect-node.ts'
import { addUser } from '../../src/auth/users.ts'
import { catalog, freshDatabase, rows } from '../support/app.ts'
import { seedOrganisation } from '../support/fixtures.ts'
import { origin, postForm, signIn, staffPassword as password } from '../support/staff.ts'

/** Two-factor sign-in with an authenticator app (issue 20, point 2), through the pages, against the real database. */

let fresh: Awaited<ReturnType<typeof freshDatabase>>
let clock: Date
let app: ReturnType<typeof createApp>
let institutionPage: string
const coordinator = 'coordinator@elm.test'

beforeEach(async () => {
  fresh = await freshDatabase()
  institutionPage = `/dashboard/institutions/${await seedOrganisation(fresh.db, 'elm-school')}`
  await addUser(fresh.db, {
    email: coordinator,
    name: 'Cat Coordinator',
    role: 'coordinator',
    partnership: 'fixture-city',
    institution: 'elm-school',
    password,
  })
  await addUser(fresh.db, { email: 'viewer@elm.test', name: 'Vic Viewer', role: 'viewer', partnership: 'fixture-city', institution: 'elm-school', password })
  await addUser(fresh.db, { email: 'lead@city.test', name: 'Lee Lead', role: 'lead', partnership: 'fixture-city', password })
  clock = new Date('2026-01-12T08:00:00Z')
  app = createApp({ getDb: () => fresh.db, catalog, now: () => clock })
})
afterEach(() => fresh.dispose())

const form = (path: string, fields: Record<string, string>, cookie?: string) =>
  app.request(path, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin, ...(cookie ? { cookie } : {}) },
  })
const cookieOf = (res: Response) => res.headers.get('set-cookie')!.split(';')[0]!
const codeFor = (secret: string, at = clock) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: at.getTime() })

/** Turns two-factor sign-in on through the pages, as the user would: returns the key shown and the recovery codes. */
async function turnOn(email = coordinator) {
  const cookie = await signIn(app, email)
  const setup = await postForm(app, '/dashboard/account/two-factor', cookie, { password })
  expect(setup.status).toBe(200)
  const html = await setup.text()
  expect(html).toContain('<svg')
  const secret = /class="code setup-secret">([A-Z2-7 ]+)</.exec(html)![1]!.replaceAll(' ', '')
  const wrong = await postForm(app, '/dashboard/account/two-factor/confirm', cookie, {
    code: String((Number(codeFor(secret)) + 1) % 1_000_000).padStart(6, '0'),
  })
  expect(wrong.status).toBe(400)
  const confirmed = await postForm(app, '/dashboard/account/two-factor/confirm', cookie, { code: codeFor(secret) })
  expect(confirmed.status).toBe(200)
  const codes = [...(await confirmed.text()).matchAll(/<li class="code">([a-z0-9-]+)<\/li>/g)].map((m) => m[1]!)
  expect(codes).toHaveLength(10)
  // the next code step along: the one used to confirm is spent
  clock = new Date(clock.getTime() + 30_000)
  return { secret, codes }
}

/** The first step: a right password gives the code page (200), with a session that waits for the code. */
async function passwordStep(email = coordinator) {
  const res = await form('/sign-in', { email, password, next: institutionPage })
  expect(res.status).toBe(200)
  expect(await res.text()).toContain('Enter your code')
  return cookieOf(res)
}

describe('two-factor sign-in', () => {
  it('asks for the code after the password; the half-signed-in session opens nothing; a wrong code is refused, the right one signs in', async () => {
    const { secret } = await turnOn()
    const waiting = await passwordStep()
    const page = await app.request(institutionPage, { headers: { cookie: waiting } })
    expect(page.status).toBe(303)
    expect(page.headers.get('location')).toMatch(/^\/sign-in\?next=/)
    expect((await app.request('/sign-in/code', { headers: { cookie: waiting } })).status).toBe(200)

    const wrong = await form('/sign-in/code', { code: '000000' === codeFor(secret) ? '111111' : '000000', next: institutionPage }, waiting)
    expect(wrong.status).toBe(401)
    expect(await wrong.text()).toContain('That code is not right')

    const right = await form('/sign-in/code', { code: codeFor(secret), next: institutionPage }, waiting)
    expect(right.status).toBe(303)
    expect(right.headers.get('location')).toBe(institutionPage)
    const session = cookieOf(right)
    expect(session).not.toBe(waiting)
    expect((await app.request(institutionPage, { headers: { cookie: session } })).status).toBe(200)
    // the waiting session's id is gone: rotated at the second step
    expect((await app.request(institutionPage, { headers: { cookie: waiting } })).status).toBe(303)

    const log = await rows(fresh.db, "SELECT action, detail FROM audit_log WHERE action LIKE 'sign-in%' OR action LIKE 'two-factor%' ORDER BY id")
    expect(log.map((r) => `${r.action}: ${r.detail}`)).toEqual([
      'sign-in: password',
      'two-factor.on: authenticator app, 10 recovery codes',
      'sign-in.failed: password right, wrong authenticator code',
      'sign-in: password and authenticator code',
    ])
  })

  it('accepts each app code once only', async () => {
    const { secret } = await turnOn()
    const code = codeFor(secret)
    expect((await form('/sign-in/code', { code }, await passwordStep())).status).toBe(303)
    expect((await form('/sign-in/code', { code }, await passwordStep())).status).toBe(401)
  })

  it('accepts a recovery code once; the second time it is refused', async () => {
    const { codes } = await turnOn()
    const first = await form('/sign-in/code', { code: codes[3]!.toUpperCase() }, await passwordStep())
    expect(first.status).toBe(303)
    expect((await app.request(institutionPage, { headers: { cookie: cookieOf(first) } })).status).toBe(200)
    expect((await form('/sign-in/code', { code: codes[3]! }, await passwordStep())).status).toBe(401)
    expect(await rows(fresh.db, "SELECT detail FROM audit_log WHERE action LIKE 'sign-in%' ORDER BY id DESC LIMIT 2")).toEqual([
      { detail: 'password right, wrong recovery code' },
      { detail: 'password and a recovery code (9 left)' },
    ])
  })

  it('slows wrong codes down like wrong passwords: after five, the next must wait (429, Retry-After)', async () => {
    await turnOn()
    const waiting = await passwordStep()
    for (let i = 0; i < 5; i++) expect((await form('/sign-in/code', { code: 'abcd-efgh-jkmn' }, waiting)).status).toBe(401)
    const slowed = await form('/sign-in/code', { code: '123456' }, waiting)
    expect(slowed.status).toBe(429)
    expect(Number(slowed.headers.get('retry-after'))).toBeGreaterThan(0)
  })

  it('gives the code step ten minutes: after that, sign in again', async () => {
    const { secret } = await turnOn()
    const waiting = await passwordStep()
    clock = new Date(clock.getTime() + 11 * 60_000)
    const late = await form('/sign-in/code', { code: codeFor(secret) }, waiting)
    expect(late.status).toBe(401)
    expect(await late.text()).toContain('ran out')
  })

  it('stores the secret sealed and the recovery codes hashed: neither is anywhere in the database file', async () => {
    const { secret, codes } = await turnOn()
    const path = filePathOf(fresh.url)
    const bytes = [path, `${path}-wal`].map((p) => {
      try {
        return readFileSync(p).toString('latin1')
      } catch {
        return ''
      }
    })
    const file = bytes.join('')
    expect(file).toContain('second_factors')
    expect(file).not.toContain(secret)
    for (const code of codes) {
      expect(file).not.toContain(code)
      expect(file).not.toContain(code.replaceAll('-', ''))
    }
    const [row] = await rows(fresh.db, 'SELECT secret_sealed FROM second_factors')
    expect(String(row!.secret_sealed)).toMatch(/^v1\.[\w-]+\.[\w-]+$/)
  })

  it('is turned off with the password; then sign-in asks for the password only', async () => {
    const { codes } = await turnOn()
    const cookie = cookieOf(await form('/sign-in/code', { code: codes[0]! }, await passwordStep()))
    expect((await postForm(app, '/dashboard/account/two-factor/off', cookie, { password: 'not the password' })).status).toBe(401)
    expect((await postForm(app, '/dashboard/account/two-factor/off', cookie, { password })).status).toBe(303)
    // sent again (a second tab): nothing more to turn off, and nothing more recorded
    expect((await postForm(app, '/dashboard/account/two-factor/off', cookie, { password })).status).toBe(303)
    expect(await rows(fresh.db, "SELECT count(*) AS n FROM audit_log WHERE action = 'two-factor.off'")).toEqual([{ n: 1 }])
    await signIn(app, coordinator)
    expect(await rows(fresh.db, 'SELECT count(*) AS n FROM recovery_codes')).toEqual([{ n: 0 }])
  })
})

describe('the lead, for someone who has lost their phone and their recovery codes', () => {
  it('turns their two-factor sign-in off: they sign in with their password, and the audit log names the lead', async () => {
    await turnOn()
    const id = Number((await rows(fresh.db, 'SELECT id FROM users WHERE email = ?', [coordinator]))[0]!.id)
    const viewer = await signIn(app, 'viewer@elm.test')
    expect((await postForm(app, `/dashboard/accounts/${id}/two-factor-off`, viewer)).status).toBe(403)
    const lead = await signIn(app, 'lead@city.test')
    expect(await (await app.request(`/dashboard/accounts/${id}`, { headers: { cookie: lead } })).text()).toContain('Turn off their two-factor sign-in')
    expect((await postForm(app, `/dashboard/accounts/${id}/two-factor-off`, lead)).status).toBe(303)
    await signIn(app, coordinator)
    expect(await rows(fresh.db, "SELECT actor, subject FROM audit_log WHERE action = 'two-factor.off'")).toEqual([
      { actor: 'Lee Lead <lead@city.test>', subject: 'Cat Coordinator <coordinator@elm.test>' },
    ])
  })
})

describe('a partnership that requires two-factor sign-in of leads and coordinators', () => {
  beforeEach(async () => {
    await fresh.db.$client.execute(`UPDATE partnerships SET settings = '{"requireTwoFactor":true}'`)
  })

  it('sends a coordinator without it to set it up before anything else, then lets them through', async () => {
    const cookie = await signIn(app, coordinator)
    const page = await app.request(institutionPage, { headers: { cookie } })
    expect(page.status).toBe(303)
    expect(page.headers.get('location')).toBe('/dashboard/account')
    expect(await (await app.request('/dashboard/account', { headers: { cookie } })).text()).toContain('Your partnership asks every lead and coordinator')
    expect((await postForm(app, `${institutionPage}/rounds`, cookie, { survey: 'student-iag', year: '2026/27' })).status).toBe(403)
    expect((await app.request('/api/institutions/1/report?survey=student-iag&year=2025/26', { headers: { cookie } })).status).toBe(403)
    const { secret } = await turnOn()
    const signedIn = cookieOf(await form('/sign-in/code', { code: codeFor(secret) }, await passwordStep()))
    expect((await app.request(institutionPage, { headers: { cookie: signedIn } })).status).toBe(200)
  })

  it('leaves a viewer, who only reads, to choose', async () => {
    const cookie = await signIn(app, 'viewer@elm.test')
    expect((await app.request(institutionPage, { headers: { cookie } })).status).toBe(200)
  })
})
