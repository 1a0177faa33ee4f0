import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { describeBrowser, unknownBrowser } from '../../src/auth/browser.ts'
import { addUser } from '../../src/auth/users.ts'
import { catalog, freshDatabase, rows } from '../support/app.ts'
import { seedOrganisation } from '../support/fixtures.ts'
import { origin, postForm, staffPassword as password } from '../support/staff.ts'

/** Your own sessions on "Your account" (issue 20, point 4): listed, ended one by one, everywhere else, or everywhere. */

let fresh: Awaited<ReturnType<typeof freshDatabase>>
let clock: Date
let app: ReturnType<typeof createApp>
let institutionPage: string
const email = 'coordinator@elm.test'
const other = 'viewer@elm.test'

const firefox = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0'
const iphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1'
const edge = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0'

beforeEach(async () => {
  fresh = await freshDatabase()
  institutionPage = `/dashboard/institutions/${await seedOrganisation(fresh.db, 'elm-school')}`
  await addUser(fresh.db, { email, name: 'Cat Coordinator', role: 'coordinator', partnership: 'fixture-city', institution: 'elm-school', password })
  await addUser(fresh.db, { email: other, name: 'Vic Viewer', role: 'viewer', partnership: 'fixture-city', institution: 'elm-school', password })
  clock = new Date('2026-01-12T08:00:00Z')
  app = createApp({ getDb: () => fresh.db, catalog, now: () => clock })
})
afterEach(() => fresh.dispose())

/** Signs in from a browser with this User-Agent, from this address; the session cookie. */
async function signInFrom(userAgent: string, who = email) {
  const res = await app.request(
    '/sign-in',
    {
      method: 'POST',
      body: new URLSearchParams({ email: who, password }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin, 'user-agent': userAgent },
    },
    { incoming: { socket: { remoteAddress: '203.0.113.77' } } } as never,
  )
  expect(res.status).toBe(303)
  return res.headers.get('set-cookie')!.split(';')[0]!
}

const yourAccount = async (cookie: string, path = '/dashboard/account') => {
  const res = await app.request(path, { headers: { cookie } })
  expect(res.status).toBe(200)
  return res.text()
}
const opens = async (cookie: string) => (await app.request(institutionPage, { headers: { cookie } })).status === 200
/** The sessions the page lists, as [ref, the item's text]. */
const listed = (html: string) =>
  [...html.matchAll(/<li class="session-item" data-session="([0-9a-f]+)">([\s\S]*?)<\/li>/g)].map(
    ([, ref, item]) =>
      [
        ref!,
        item!
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim(),
      ] as const,
  )
const audit = async () => (await rows(fresh.db, 'SELECT action, actor, detail FROM audit_log ORDER BY id')).map((r) => `${r.action}: ${r.actor}: ${r.detail}`)

describe('Your account lists your sessions', () => {
  it('each with when it started and ends (to the minute, UK time), a coarse browser, and this browser marked; nobody else’s, no address', async () => {
    const laptop = await signInFrom(firefox)
    clock = new Date('2026-01-12T09:17:42Z')
    const phone = await signInFrom(iphone)
    await signInFrom(edge, other)
    const page = await yourAccount(phone)
    const sessions = listed(page)
    expect(sessions).toHaveLength(2)
    expect(sessions[0]![1]).toBe('Safari on iPhone This browser Signed in 12 Jan 2026, 09:17 Ends 12 Jan 2026, 17:17')
    expect(sessions[1]![1]).toMatch(/^Firefox on Windows Signed in 12 Jan 2026, 08:00 Ends 12 Jan 2026, 16:00 End this session/)
    expect(page).not.toContain('Edge')
    expect(page).not.toContain('203.0.113')
    // the browser's description is kept, never its User-Agent, never an address
    const stored = JSON.stringify(await rows(fresh.db, 'SELECT * FROM sessions'))
    expect(stored).toContain('Firefox on Windows')
    expect(stored).not.toContain('Gecko')
    expect(stored).not.toContain('203.0.113')
    expect(listed(await yourAccount(laptop))[0]![1]).toMatch(/^Firefox on Windows This browser/)
  })

  it('leaves out sessions that have expired', async () => {
    await signInFrom(firefox)
    clock = new Date('2026-01-12T15:00:00Z')
    const later = await signInFrom(iphone)
    clock = new Date('2026-01-12T16:30:00Z')
    expect(listed(await yourAccount(later)).map(([, text]) => text.split(' This')[0])).toEqual(['Safari on iPhone'])
  })
})

describe('ending your sessions', () => {
  it('one other session: it opens nothing more, this one goes on, and the audit log says which', async () => {
    const laptop = await signInFrom(firefox)
    const phone = await signInFrom(iphone)
    const ref = listed(await yourAccount(phone))[1]![0]
    const res = await postForm(app, '/dashboard/account/sessions/end', phone, { end: ref })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/dashboard/account?done=session-ended')
    expect(await yourAccount(phone, res.headers.get('location')!)).toContain('That session has ended')
    expect(await opens(laptop)).toBe(false)
    expect(await opens(phone)).toBe(true)
    expect(await audit()).toContain('sessions.ended: Cat Coordinator <coordinator@elm.test>: one other session: Firefox on Windows, started 2026-01-12T08:00Z')
  })

  it('is only ever your own: another account’s session, or an unknown one, is not found and nothing ends', async () => {
    const mine = await signInFrom(firefox)
    const theirs = await signInFrom(edge, other)
    const theirRef = listed(await yourAccount(theirs))[0]![0]
    const myRef = listed(await yourAccount(mine))[0]![0]
    expect((await postForm(app, '/dashboard/account/sessions/end', mine, { end: theirRef })).status).toBe(404)
    expect((await postForm(app, '/dashboard/account/sessions/end', mine, { end: '0123456789abcdef' })).status).toBe(404)
    // this browser's own session is ended by signing out, not by its reference
    expect((await postForm(app, '/dashboard/account/sessions/end', mine, { end: myRef })).status).toBe(404)
    const wrong = await postForm(app, '/dashboard/account/sessions/end', mine, { end: 'everyone' })
    expect(wrong.status).toBe(400)
    expect(await wrong.text()).toContain('Choose which sessions to end')
    expect(await opens(mine)).toBe(true)
    expect(await opens(theirs)).toBe(true)
    expect(await rows(fresh.db, "SELECT count(*) AS n FROM audit_log WHERE action = 'sessions.ended'")).toEqual([{ n: 0 }])
  })

  it('sign out everywhere else: every other session ends, this one goes on', async () => {
    const one = await signInFrom(firefox)
    const two = await signInFrom(edge)
    const here = await signInFrom(iphone)
    const theirs = await signInFrom(edge, other)
    const res = await postForm(app, '/dashboard/account/sessions/end', here, { end: 'others' })
    expect(res.status).toBe(303)
    const page = await yourAccount(here, res.headers.get('location')!)
    expect(page).toContain('You are signed out everywhere else')
    expect(listed(page)).toHaveLength(1)
    expect(page).not.toContain('Sign out everywhere else')
    expect([await opens(one), await opens(two), await opens(here), await opens(theirs)]).toEqual([false, false, true, true])
    expect(await audit()).toContain('sessions.ended: Cat Coordinator <coordinator@elm.test>: every other session (2)')
  })

  it('sign out everywhere: this browser too, its cookie cleared, and off to sign in', async () => {
    const one = await signInFrom(firefox)
    const here = await signInFrom(iphone)
    const res = await postForm(app, '/dashboard/account/sessions/end', here, { end: 'all' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/sign-in?done=signed-out-everywhere')
    expect(res.headers.get('set-cookie')).toMatch(/signpost_session=;.*Max-Age=0/)
    expect(await (await app.request(res.headers.get('location')!)).text()).toContain('You were signed out everywhere.')
    expect([await opens(one), await opens(here)]).toEqual([false, false])
    expect(await rows(fresh.db, 'SELECT count(*) AS n FROM sessions')).toEqual([{ n: 0 }])
    expect(await audit()).toContain('sessions.ended: Cat Coordinator <coordinator@elm.test>: every session, this browser’s included (2)')
  })

  it('a browser whose session was ended elsewhere is told so at the sign-in page, once', async () => {
    const one = await signInFrom(firefox)
    const here = await signInFrom(iphone)
    expect((await postForm(app, '/dashboard/account/sessions/end', here, { end: 'others' })).status).toBe(303)
    // the other browser opens a page: sent to sign in, and told why
    const sent = await app.request(institutionPage, { headers: { cookie: one } })
    expect(sent.status).toBe(303)
    const signInPage = await app.request(sent.headers.get('location')!, { headers: { cookie: one } })
    expect(signInPage.status).toBe(200)
    expect(await signInPage.text()).toContain('Your session has ended: sign in again.')
    // its stale cookie is cleared, so the notice is not said again
    expect(signInPage.headers.get('set-cookie')).toMatch(/signpost_session=;.*Max-Age=0/)
    // a browser that never signed in sees no notice, and signing out clears the cookie, so none follows it either
    expect(await (await app.request('/sign-in')).text()).not.toContain('Your session has ended')
    expect((await postForm(app, '/sign-out', here)).headers.get('set-cookie')).toMatch(/signpost_session=;/)
  })

  it('the notice is the same after a deactivation, a role change or a made-up cookie: it tells nothing about the account', async () => {
    await addUser(fresh.db, { email: 'lead@city.test', name: 'Lee Lead', role: 'lead', partnership: 'fixture-city', password })
    const leadCookie = await signInFrom(firefox, 'lead@city.test')
    const viewer = await signInFrom(edge, other)
    const coordinator = await signInFrom(iphone)
    const ids = Object.fromEntries((await rows(fresh.db, 'SELECT id, email FROM users')).map((r) => [r.email, r.id]))
    expect((await postForm(app, `/dashboard/accounts/${ids[other]}/deactivate`, leadCookie, { reason: 'left the school' })).status).toBe(303)
    expect(
      (await postForm(app, `/dashboard/accounts/${ids[email]}/role`, leadCookie, { role: 'viewer', institution: institutionPage.split('/').at(-1)! })).status,
    ).toBe(303)
    const noticeFor = async (cookie: string) => {
      const text = (await (await app.request('/sign-in', { headers: { cookie } })).text()).replace(/<[^>]+>/g, ' ')
      return /Your session has ended: sign in again\./.test(text) && !/deactivated|role|left the school/i.test(text)
    }
    expect(await noticeFor(viewer)).toBe(true)
    expect(await noticeFor(coordinator)).toBe(true)
    expect(await noticeFor('signpost_session=a-made-up-token-that-never-was')).toBe(true)
  })

  it('signing out is recorded too', async () => {
    const here = await signInFrom(firefox)
    expect((await postForm(app, '/sign-out', here)).status).toBe(303)
    expect(await audit()).toEqual([
      'sign-in: Cat Coordinator <coordinator@elm.test>: password',
      'sign-out: Cat Coordinator <coordinator@elm.test>: this browser',
    ])
  })
})

describe('a browser described coarsely', () => {
  it('names the browser and the kind of system only', () => {
    expect(describeBrowser(firefox)).toBe('Firefox on Windows')
    expect(describeBrowser(iphone)).toBe('Safari on iPhone')
    expect(describeBrowser(edge)).toBe('Edge on Windows')
    expect(describeBrowser('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36')).toBe(
      'Chrome on macOS',
    )
    expect(
      describeBrowser('Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0 Mobile Safari/537.36'),
    ).toBe('Samsung Internet on Android')
    expect(describeBrowser('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36')).toBe(
      'Chrome on Linux',
    )
    expect(describeBrowser('curl/8.5.0')).toBe(unknownBrowser)
    expect(describeBrowser(undefined)).toBe(unknownBrowser)
  })
})
