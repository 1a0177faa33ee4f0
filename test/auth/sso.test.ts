import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { createInvitation } from '../../src/auth/invitations.ts'
import { addProvider } from '../../src/auth/sso.ts'
import { ssoStartLimits } from '../../src/auth/sso-limits.ts'
import { addUser } from '../../src/auth/users.ts'
import { setPartnershipSettings } from '../../src/org/organisations.ts'
import { catalog, freshDatabase, rows } from '../support/app.ts'
import { seedOrganisation } from '../support/fixtures.ts'
import { startOidcProvider } from '../support/oidc-provider.ts'
import { origin, signIn, staffPassword as password } from '../support/staff.ts'

/**
 * Single sign-on with OpenID Connect (issue 20, point 3) against a real provider: the `oidc-provider`
 * package in a process of its own on a loopback port. The test is the browser: it follows the app's
 * redirect to the provider, signs in at the provider's own login form, and comes back to the app's
 * callback, all over real HTTP (the app, in this process, talks to the provider over HTTP too).
 */

const tenant = '11111111-2222-3333-4444-555555555555'
const clientSecret = 'a-client-secret-for-the-test-provider'
/** What the provider says of each account a test signs in as (the login typed at its form). */
const accounts: Record<string, Record<string, unknown>> = {
  // the same address as Signpost's account, in other letters: matched all the same
  known: { email: 'Coordinator@Elm.test', email_verified: true, tid: tenant, name: 'Cat Coordinator' },
  stranger: { email: 'stranger@elm.test', email_verified: true, tid: tenant, name: 'Sam Stranger' },
  invited: { email: 'new.viewer@elm.test', email_verified: true, tid: tenant, name: 'Nia Newviewer' },
  'other-tenant': { email: 'coordinator@elm.test', email_verified: true, tid: '99999999-0000-0000-0000-000000000000', name: 'Cat Coordinator' },
  unverified: { email: 'coordinator@elm.test', email_verified: false, tid: tenant },
  leaver: { email: 'leaver@elm.test', email_verified: true, tid: tenant, name: 'Lee Leaver' },
  'google-staff': { email: 'coordinator@elm.test', email_verified: true, hd: 'elm.test' },
  'google-personal': { email: 'coordinator@elm.test', email_verified: true },
}

let provider: Awaited<ReturnType<typeof startOidcProvider>>
let issuer: string

beforeAll(async () => {
  provider = await startOidcProvider({
    accounts,
    // one client per provider row of a fresh database: ids 1 and 2
    clients: [1, 2].map((id) => ({ client_id: `signpost-${id}`, client_secret: clientSecret, redirect_uris: [`${origin}/sign-in/sso/${id}/callback`] })),
    idTokenTtlSeconds: 60,
  })
  issuer = provider.issuer
})
afterAll(() => provider.stop())

let fresh: Awaited<ReturnType<typeof freshDatabase>>
let clock: Date
let app: ReturnType<typeof createApp>

beforeEach(async () => {
  fresh = await freshDatabase()
  await seedOrganisation(fresh.db, 'elm-school')
  await addUser(fresh.db, {
    email: 'coordinator@elm.test',
    name: 'Cat Coordinator',
    role: 'coordinator',
    partnership: 'fixture-city',
    institution: 'elm-school',
    password,
  })
  await addUser(fresh.db, { email: 'leaver@elm.test', name: 'Lee Leaver', role: 'viewer', partnership: 'fixture-city', institution: 'elm-school', password })
  await addUser(fresh.db, { email: 'lead@city.test', name: 'Lee Lead', role: 'lead', partnership: 'fixture-city', password })
  // the provider's tokens carry the real time: Signpost's clock starts there
  clock = new Date()
  app = createApp({ getDb: () => fresh.db, catalog, now: () => clock })
  const microsoft = await addProvider(fresh.db, 1, {
    name: 'Elm Microsoft 365',
    kind: 'microsoft',
    issuer,
    clientId: 'signpost-1',
    clientSecret,
    allowed: tenant,
  })
  expect(microsoft.id).toBe(1)
})
afterEach(() => fresh.dispose())

/** A browser's cookies, by origin (path and expiry kept simple: a cookie set empty is gone). */
class Browser {
  jar = new Map<string, Map<string, string>>()
  cookieFor(url: URL) {
    return [...(this.jar.get(url.origin) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`).join('; ')
  }
  keep(url: URL, res: Response) {
    const jar = this.jar.get(url.origin) ?? new Map<string, string>()
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';')
      const [name, ...value] = pair!.split('=')
      const gone = value.join('=') === '' || attrs.some((a) => /max-age=0\b/i.test(a.trim()) || /expires=Thu, 01 Jan 1970/i.test(a.trim()))
      if (gone) jar.delete(name!.trim())
      else jar.set(name!.trim(), value.join('='))
    }
    this.jar.set(url.origin, jar)
  }
  /** One request, to the app (in this process) or to the provider (over HTTP); redirects not followed. */
  async send(url: URL, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = {}
    const cookie = this.cookieFor(url)
    if (cookie) headers.cookie = cookie
    const body = init.form ? new URLSearchParams(init.form) : undefined
    if (body) headers['content-type'] = 'application/x-www-form-urlencoded'
    const request = { method: init.method ?? 'GET', headers, body, redirect: 'manual' as const }
    const res = url.origin === origin ? await app.request(url.toString(), request) : await fetch(url, request)
    this.keep(url, res)
    return res
  }
}

/**
 * From the app's sign-in button through the provider's login form as `login`, up to (not into) the
 * app's callback: returns the callback's address. `tamper` changes the address the app sent the
 * browser to at the provider (a bad nonce, a changed PKCE challenge).
 */
async function throughProvider(browser: Browser, login: string, { providerId = 1, tamper }: { providerId?: number; tamper?: (url: URL) => void } = {}) {
  const start = await browser.send(new URL(`${origin}/sign-in/sso/${providerId}?next=/dashboard/account`))
  expect(start.status).toBe(302)
  let url = new URL(start.headers.get('location')!)
  expect(url.origin).toBe(issuer)
  expect(url.searchParams.get('code_challenge_method')).toBe('S256')
  expect(url.searchParams.get('state')).toBeTruthy()
  expect(url.searchParams.get('nonce')).toBeTruthy()
  tamper?.(url)
  for (let step = 0; step < 12; step++) {
    if (url.origin === origin) return url
    const res = await browser.send(url)
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location')!, url)
      continue
    }
    // the provider's development login form: any password, the account id as the login
    const html = await res.text()
    const action = /<form[^>]*action="([^"]+)"[^>]*method="post"/.exec(html)?.[1]
    expect(action, `a form at ${url}: ${html.slice(0, 300)}`).toBeTruthy()
    const hidden = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]))
    const posted = await browser.send(new URL(action!, url), { method: 'POST', form: { ...hidden, login, password: 'anything' } })
    expect(posted.status, await posted.clone().text()).toBeGreaterThanOrEqual(300)
    url = new URL(posted.headers.get('location')!, url)
  }
  throw new Error('the provider never sent the browser back')
}

/** Signs in by single sign-on as `login`; returns the callback's response and the browser. */
async function signOn(login: string, options: Parameters<typeof throughProvider>[2] = {}) {
  const browser = new Browser()
  const callback = await throughProvider(browser, login, options)
  return { browser, callback, res: await browser.send(callback) }
}

const auditOf = () =>
  rows(fresh.db, "SELECT actor, action, subject, detail FROM audit_log WHERE action LIKE 'sign-in%' OR action = 'account.created' ORDER BY id")

describe('single sign-on with a real OpenID Connect provider', () => {
  it('shows a button for each provider on the sign-in page', async () => {
    const html = await (await app.request('/sign-in?next=/dashboard')).text()
    expect(html).toContain('Sign in with Elm Microsoft 365')
    expect(html).toContain('href="/sign-in/sso/1?next=%2Fdashboard"')
  })

  it('signs in a known account by its verified email, in any letter case, and records the sign-in as sso', async () => {
    const { browser, res } = await signOn('known')
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/dashboard/account')
    const page = await browser.send(new URL(`${origin}/dashboard/account`))
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Cat Coordinator')
    expect(await auditOf()).toEqual([{ actor: 'Cat Coordinator <coordinator@elm.test>', action: 'sign-in', subject: '', detail: 'sso:Elm Microsoft 365' }])
    // the login state was used up
    expect(await rows(fresh.db, 'SELECT * FROM sso_logins')).toEqual([])
  })

  it('refuses a replayed callback: the state works once', async () => {
    const { browser, callback, res } = await signOn('known')
    expect(res.status).toBe(303)
    // the same callback again, with the state cookie put back as an attacker replaying it would
    browser.jar.get(origin)!.set('signpost_sso_state', callback.searchParams.get('state')!)
    const again = await browser.send(callback)
    expect(again.status).toBe(400)
    expect(await again.text()).toContain('already been used')
    // before the provider has vouched for anyone, a refusal is anonymous: said on the page, not written to the append-only log
    expect((await auditOf()).map((a) => a.action)).toEqual(['sign-in'])
  })

  it('refuses a callback in a browser that did not start the sign-in', async () => {
    const browser = new Browser()
    const callback = await throughProvider(browser, 'known')
    const res = await new Browser().send(callback)
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('was not started in this browser')
    expect(res.headers.getSetCookie().some((c) => c.includes('signpost_session=') && !c.includes('signpost_session=;'))).toBe(false)
  })

  it('refuses an unknown email: no self-sign-up', async () => {
    const { res } = await signOn('stranger')
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('There is no Signpost account for stranger@elm.test')
    expect(await rows(fresh.db, "SELECT id FROM users WHERE email = 'stranger@elm.test'")).toEqual([])
    expect((await auditOf()).at(-1)).toMatchObject({
      action: 'sign-in.failed',
      subject: 'stranger@elm.test',
      detail: 'sso:Elm Microsoft 365: no account has this email',
    })
  })

  it('accepts a pending invitation for the email, making the account with the invited role', async () => {
    await createInvitation(fresh.db, { role: 'viewer', partnershipId: 1, institutionId: 1, email: 'New.Viewer@elm.test' }, clock)
    const { browser, res } = await signOn('invited')
    expect(res.status).toBe(303)
    expect(await rows(fresh.db, "SELECT name, role, institution_id FROM users WHERE email = 'new.viewer@elm.test'")).toEqual([
      { name: 'Nia Newviewer', role: 'viewer', institution_id: 1 },
    ])
    expect(await rows(fresh.db, 'SELECT used_at IS NOT NULL AS used FROM invitations')).toEqual([{ used: 1 }])
    expect((await browser.send(new URL(`${origin}/dashboard/institutions/1`))).status).toBe(200)
    const audit = await auditOf()
    expect(audit.map((a) => a.action)).toEqual(['account.created', 'sign-in'])
    expect(audit[1]!.detail).toBe('sso:Elm Microsoft 365, accepting an invitation')
    // the invitation is spent: the same person signing on again is the account, not a second one
    expect((await signOn('invited')).res.status).toBe(303)
    expect(await rows(fresh.db, "SELECT count(*) AS n FROM users WHERE email = 'new.viewer@elm.test'")).toEqual([{ n: 1 }])
  })

  it('refuses an account from another tenant, even with a known email', async () => {
    const { res } = await signOn('other-tenant')
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('outside the organisation this partnership allows')
    expect((await auditOf()).at(-1)).toMatchObject({
      action: 'sign-in.failed',
      detail: 'sso:Elm Microsoft 365: tenant ID 99999999-0000-0000-0000-000000000000 is not the allowed one',
    })
  })

  it('refuses an email the provider has not verified', async () => {
    const { res } = await signOn('unverified')
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('did not give Signpost a verified email address')
  })

  it('records every refusal after the provider confirmed who it is, with the method sso:<provider>, and a sign-in with it', async () => {
    const lead = await signIn(app, 'lead@city.test')
    const leaver = (await rows(fresh.db, "SELECT id FROM users WHERE email = 'leaver@elm.test'"))[0]!.id
    await app.request(`/dashboard/accounts/${leaver}/deactivate`, {
      method: 'POST',
      body: new URLSearchParams({ reason: 'left the school' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin, cookie: lead },
    })
    for (const login of ['stranger', 'other-tenant', 'unverified', 'leaver']) expect((await signOn(login)).res.status).toBe(403)
    expect((await signOn('known')).res.status).toBe(303)
    const entries = await rows(
      fresh.db,
      "SELECT actor, action, subject, detail, partnership_id FROM audit_log WHERE action IN ('sign-in', 'sign-in.failed') AND detail LIKE 'sso:%' ORDER BY id",
    )
    expect(entries).toEqual([
      {
        actor: 'Signpost',
        action: 'sign-in.failed',
        subject: 'stranger@elm.test',
        detail: 'sso:Elm Microsoft 365: no account has this email',
        partnership_id: 1,
      },
      {
        actor: 'Signpost',
        action: 'sign-in.failed',
        subject: 'coordinator@elm.test',
        detail: 'sso:Elm Microsoft 365: tenant ID 99999999-0000-0000-0000-000000000000 is not the allowed one',
        partnership_id: 1,
      },
      { actor: 'Signpost', action: 'sign-in.failed', subject: 'coordinator@elm.test', detail: 'sso:Elm Microsoft 365: no verified email', partnership_id: 1 },
      {
        actor: 'Lee Leaver <leaver@elm.test>',
        action: 'sign-in.failed',
        subject: '',
        detail: 'sso:Elm Microsoft 365: the account is deactivated',
        partnership_id: 1,
      },
      { actor: 'Cat Coordinator <coordinator@elm.test>', action: 'sign-in', subject: '', detail: 'sso:Elm Microsoft 365', partnership_id: 1 },
    ])
  })

  it('refuses an ID token whose nonce is not the one the sign-in sent', async () => {
    const { res } = await signOn('known', { tamper: (url) => url.searchParams.set('nonce', 'a-nonce-of-an-attacker-000000') })
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('Elm Microsoft 365 did not confirm who you are (the ID token did not match (nonce))')
    expect(await auditOf()).toEqual([])
  })

  it('refuses a code whose PKCE challenge was changed on the way', async () => {
    const { res } = await signOn('known', { tamper: (url) => url.searchParams.set('code_challenge', 'x'.repeat(43)) })
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('(the provider refused the code (invalid_grant))')
  })

  it('refuses an expired ID token (the provider issues them for 60 seconds; Signpost’s clock is 5 minutes on)', async () => {
    const browser = new Browser()
    const callback = await throughProvider(browser, 'known')
    clock = new Date(clock.getTime() + 5 * 60_000)
    const res = await browser.send(callback)
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('(the ID token had expired)')
    expect(await rows(fresh.db, 'SELECT count(*) AS n FROM sessions')).toEqual([{ n: 0 }])
  })

  it('refuses a sign-in that took longer than 10 minutes', async () => {
    const browser = new Browser()
    const callback = await throughProvider(browser, 'known')
    clock = new Date(clock.getTime() + 11 * 60_000)
    const res = await browser.send(callback)
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('took more than 10 minutes')
  })

  it('refuses a deactivated account, saying why', async () => {
    const lead = await signIn(app, 'lead@city.test')
    const leaver = (await rows(fresh.db, "SELECT id FROM users WHERE email = 'leaver@elm.test'"))[0]!.id
    const off = await app.request(`/dashboard/accounts/${leaver}/deactivate`, {
      method: 'POST',
      body: new URLSearchParams({ reason: 'left the school' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin, cookie: lead },
    })
    expect(off.status).toBe(303)
    const { res } = await signOn('leaver')
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('This account has been deactivated (Deactivated by Lee Lead: left the school)')
    expect((await auditOf()).at(-1)).toMatchObject({
      actor: 'Lee Leaver <leaver@elm.test>',
      action: 'sign-in.failed',
      detail: 'sso:Elm Microsoft 365: the account is deactivated',
    })
  })

  it('lets the provider’s sign-in stand in for the second factor the partnership requires', async () => {
    await setPartnershipSettings(fresh.db, 'fixture-city', { requireTwoFactor: true })
    // with a password, the coordinator is sent to set up two-factor sign-in first
    const withPassword = await app.request('/dashboard/institutions/1', { headers: { cookie: await signIn(app, 'coordinator@elm.test') } })
    expect(withPassword.status).toBe(303)
    expect(withPassword.headers.get('location')).toBe('/dashboard/account')
    // by single sign-on, the institution's page opens
    const { browser, res } = await signOn('known')
    expect(res.status).toBe(303)
    expect((await browser.send(new URL(`${origin}/dashboard/institutions/1`))).status).toBe(200)
  })

  it('checks a Google Workspace hosted domain', async () => {
    await addProvider(fresh.db, 1, { name: 'Elm Google', kind: 'google', issuer, clientId: 'signpost-2', clientSecret, allowed: 'Elm.test' })
    expect((await signOn('google-staff', { providerId: 2 })).res.status).toBe(303)
    const personal = await signOn('google-personal', { providerId: 2 })
    expect(personal.res.status).toBe(403)
    expect((await auditOf()).at(-1)).toMatchObject({ detail: 'sso:Elm Google: hosted domain (none) is not the allowed one' })
  })

  it('limits the starts from one address, keeping no address readably, and the 429 says when to try again', async () => {
    const start = (address: string) => app.request('/sign-in/sso/1', { headers: { 'cf-connecting-ip': address } })
    for (let i = 0; i < ssoStartLimits.perAddress; i++) expect((await start('203.0.113.5')).status).toBe(302)
    const refused = await start('203.0.113.5')
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe(String(ssoStartLimits.windowMinutes * 60))
    const page = await refused.text()
    expect(page).toContain('Many sign-ins with a school account have been started from your network in the last few minutes. Try again in 10 minutes')
    // the password form is still there
    expect(page).toContain('name="password"')
    // another address is not held up
    expect((await start('198.51.100.9')).status).toBe(302)
    expect(await rows(fresh.db, 'SELECT count(*) AS n FROM sso_logins')).toEqual([{ n: ssoStartLimits.perAddress + 1 }])
    expect(JSON.stringify(await rows(fresh.db, 'SELECT * FROM rate_limits'))).not.toMatch(/203\.0\.113|198\.51\.100/)
    // the window passes: the address may start again
    clock = new Date(clock.getTime() + ssoStartLimits.windowMinutes * 60_000 + 1000)
    expect((await start('203.0.113.5')).status).toBe(302)
  })

  it('caps the logins under way overall, whatever the addresses, until the oldest expires', async () => {
    // all but one of the places taken by logins started a minute apart from now on
    await fresh.db.$client.execute({
      sql: `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
            INSERT INTO sso_logins (state_hash, provider_id, sealed, expires_at) SELECT 'taken-' || i, 1, 'x', ? FROM n`,
      args: [ssoStartLimits.pending - 1, new Date(clock.getTime() + 4 * 60_000).toISOString()],
    })
    const start = (address: string) => app.request('/sign-in/sso/1', { headers: { 'cf-connecting-ip': address } })
    expect((await start('203.0.113.1')).status).toBe(302)
    const refused = await start('203.0.113.2')
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('240')
    expect(await refused.text()).toContain('Too many sign-ins with a school account are under way just now. Try again in 4 minutes')
    expect(refused.headers.getSetCookie().some((c) => c.startsWith('signpost_sso_state='))).toBe(false)
    expect(await rows(fresh.db, 'SELECT count(*) AS n FROM sso_logins')).toEqual([{ n: ssoStartLimits.pending }])
    // many at once: the cap still holds
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => start(`192.0.2.${i + 1}`)))
    expect(burst.every((r) => r.status === 429)).toBe(true)
    expect(await rows(fresh.db, 'SELECT count(*) AS n FROM sso_logins')).toEqual([{ n: ssoStartLimits.pending }])
    // once they expire, there is room again
    clock = new Date(clock.getTime() + 5 * 60_000)
    expect((await start('203.0.113.2')).status).toBe(302)
  })

  it('stores the client secret sealed, never in clear', async () => {
    const stored = await rows(fresh.db, 'SELECT client_secret_sealed FROM sign_in_providers')
    expect(String(stored[0]!.client_secret_sealed)).toMatch(/^v1\./)
    expect(JSON.stringify(stored)).not.toContain(clientSecret)
  })
})
