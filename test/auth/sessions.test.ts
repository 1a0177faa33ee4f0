import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { sessionHours } from '../../src/auth/sessions.ts'
import { addUser } from '../../src/auth/users.ts'
import { catalog, freshDatabase, rows } from '../support/app.ts'
import { seedOrganisation } from '../support/fixtures.ts'
import { origin, signIn, staffPassword as password } from '../support/staff.ts'

let fresh: Awaited<ReturnType<typeof freshDatabase>>
let clock: Date
let app: ReturnType<typeof createApp>
let institutionPage: string
const email = 'coordinator@elm.test'

beforeEach(async () => {
  fresh = await freshDatabase()
  institutionPage = `/dashboard/institutions/${await seedOrganisation(fresh.db, 'elm-school')}`
  await addUser(fresh.db, { email, name: 'Coordinator', role: 'coordinator', partnership: 'fixture-city', institution: 'elm-school', password })
  clock = new Date('2026-01-12T08:00:00Z')
  app = createApp({ getDb: () => fresh.db, catalog, now: () => clock })
})
afterEach(() => fresh.dispose())

const dashboard = (cookie: string) => app.request(institutionPage, { headers: { cookie } })
const signInWith = (url: string, cookie?: string) =>
  app.request(url, {
    method: 'POST',
    body: new URLSearchParams({ email, password }),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(url).origin, ...(cookie ? { cookie } : {}) },
  })

describe('staff sessions', () => {
  it('set an HttpOnly, SameSite=Lax cookie on http://localhost, and a Secure __Host- cookie behind https', async () => {
    const plain = (await signInWith('http://localhost/sign-in')).headers.get('set-cookie')!
    expect(plain).toMatch(/^signpost_session=[\w-]{30,};/)
    expect(plain).toMatch(/HttpOnly/)
    expect(plain).toMatch(/SameSite=Lax/)
    expect(plain).toMatch(/Path=\//)
    expect(plain).not.toMatch(/Domain=/)

    const secure = (await signInWith('https://signpost.example.org/sign-in')).headers.get('set-cookie')!
    expect(secure).toMatch(/^__Host-signpost_session=[\w-]{30,};/)
    expect(secure).toMatch(/; Secure/)
    expect(secure).toMatch(/HttpOnly/)
    expect(secure).not.toMatch(/Domain=/)
  })

  it('store only a hash of the session id', async () => {
    const cookie = await signIn(app, email)
    const token = cookie.split('=')[1]!
    const stored = await rows(fresh.db, 'SELECT id_hash FROM sessions')
    expect(stored).toHaveLength(1)
    expect(JSON.stringify(stored)).not.toContain(token)
  })

  it('rotate at sign-in: the session a browser held before signing in no longer opens anything', async () => {
    const first = await signIn(app, email)
    expect((await dashboard(first)).status).toBe(200)
    const again = await signInWith('http://localhost/sign-in', first)
    const second = again.headers.get('set-cookie')!.split(';')[0]!
    expect(second).not.toBe(first)
    expect((await dashboard(second)).status).toBe(200)
    const old = await dashboard(first)
    expect(old.status).toBe(303)
    expect(old.headers.get('location')).toBe(`/sign-in?next=${encodeURIComponent(institutionPage)}`)
    expect(await rows(fresh.db, 'SELECT count(*) AS n FROM sessions')).toEqual([{ n: 1 }])
  })

  it(`expire after ${sessionHours} hours: pages send the user to sign in, the API answers 401`, async () => {
    const cookie = await signIn(app, email)
    clock = new Date(clock.getTime() + sessionHours * 3600_000 - 1000)
    expect((await dashboard(cookie)).status).toBe(200)
    clock = new Date(clock.getTime() + 2000)
    const page = await dashboard(cookie)
    expect(page.status).toBe(303)
    expect(page.headers.get('location')).toMatch(/^\/sign-in/)
    const api = await app.request('/api/institutions/1/report?survey=student&year=2025/26', { headers: { cookie } })
    expect(api.status).toBe(401)
    expect(await api.json()).toMatchObject({ error: expect.any(String) })
  })

  it('sweep expired sessions out at the next sign-in', async () => {
    await signIn(app, email)
    clock = new Date(clock.getTime() + (sessionHours + 1) * 3600_000)
    await signIn(app, email)
    expect(await rows(fresh.db, 'SELECT count(*) AS n FROM sessions')).toEqual([{ n: 1 }])
  })

  it('end at sign-out: the cookie is cleared and, if kept, is worthless', async () => {
    const cookie = await signIn(app, email)
    const out = await app.request('/sign-out', { method: 'POST', headers: { cookie, origin } })
    expect(out.status).toBe(303)
    expect(out.headers.get('set-cookie')).toMatch(/signpost_session=;.*Max-Age=0/)
    expect((await dashboard(cookie)).status).toBe(303)
    expect(await rows(fresh.db, 'SELECT count(*) AS n FROM sessions')).toEqual([{ n: 0 }])
  })

  it('cannot be ended or started by a GET, or by a form posted from another site', async () => {
    const cookie = await signIn(app, email)
    expect((await app.request('/sign-out', { headers: { cookie } })).status).toBe(404)
    const crossSite = await app.request('/sign-out', {
      method: 'POST',
      headers: { cookie, origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(crossSite.status).toBe(403)
    expect((await dashboard(cookie)).status).toBe(200)
    const forged = await app.request('/sign-in', {
      method: 'POST',
      body: new URLSearchParams({ email, password }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
    })
    expect(forged.status).toBe(403)
    expect(forged.headers.get('set-cookie')).toBeNull()
  })
})

describe('security headers', () => {
  it('are on every page: no framing, no sniffing, no referrer, and a policy that runs only same-origin scripts', async () => {
    for (const path of ['/', '/sign-in', '/no-such-page']) {
      const res = await app.request(path)
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN')
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('referrer-policy')).toBe('no-referrer')
      const csp = res.headers.get('content-security-policy')!
      expect(csp).toContain("script-src 'self'")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).not.toContain('unsafe-inline')
    }
  })
})
