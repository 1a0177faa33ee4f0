import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { deactivateUnused } from '../../src/auth/accounts.ts'
import { addUser } from '../../src/auth/users.ts'
import { run } from '../../src/cli/main.ts'
import { addInstitution } from '../../src/org/organisations.ts'
import { scheduledRetention } from '../../src/retention/schedule.ts'
import { catalog, freshDatabase, rows } from '../support/app.ts'
import { seedOrganisation } from '../support/fixtures.ts'
import { origin, postForm, signIn, staffPassword as password } from '../support/staff.ts'

/** Staff accounts in the dashboard (issue 20, point 1), through the pages, against the real database. */

let fresh: Awaited<ReturnType<typeof freshDatabase>>
let clock: Date
let app: ReturnType<typeof createApp>
let elm: number
let ash: number
const lead = 'lead@city.test'
const coordinator = 'coordinator@elm.test'
const viewer = 'viewer@elm.test'

beforeEach(async () => {
  fresh = await freshDatabase()
  elm = await seedOrganisation(fresh.db, 'elm-school')
  await fresh.db.$client.execute(`UPDATE institutions SET name = 'Elm School' WHERE slug = 'elm-school'`)
  await addInstitution(fresh.db, { slug: 'ash-school', name: 'Ash School', partnership: 'fixture-city' })
  ash = Number((await rows(fresh.db, "SELECT id FROM institutions WHERE slug = 'ash-school'"))[0]!.id)
  await addUser(fresh.db, { email: lead, name: 'Lee Lead', role: 'lead', partnership: 'fixture-city', password })
  await addUser(fresh.db, {
    email: coordinator,
    name: 'Cat Coordinator',
    role: 'coordinator',
    partnership: 'fixture-city',
    institution: 'elm-school',
    password,
  })
  await addUser(fresh.db, { email: viewer, name: 'Vic Viewer', role: 'viewer', partnership: 'fixture-city', institution: 'elm-school', password })
  await addUser(fresh.db, {
    email: 'other@ash.test',
    name: 'Ash Coordinator',
    role: 'coordinator',
    partnership: 'fixture-city',
    institution: 'ash-school',
    password,
  })
  // made before the test's clock, however the machine's clock stands
  await fresh.db.$client.execute(`UPDATE users SET created_at = '2025-09-01T00:00:00Z'`)
  clock = new Date('2026-01-12T08:00:00Z')
  app = createApp({ getDb: () => fresh.db, catalog, now: () => clock })
})
afterEach(() => {
  fresh.dispose()
  delete process.env.DATABASE_URL
})

const get = (path: string, cookie: string) => app.request(path, { headers: { cookie } })
const idOf = async (email: string) => Number((await rows(fresh.db, 'SELECT id FROM users WHERE email = ?', [email]))[0]!.id)
const linkIn = (html: string, kind: 'invite' | 'reset') => new URL(new RegExp(`value="(http://localhost/${kind}/[\\w-]+)"`).exec(html)![1]!).pathname
const audit = async () =>
  (await rows(fresh.db, 'SELECT actor, action, subject, detail FROM audit_log ORDER BY id')).map((r) => `${r.action}: ${r.subject} (${r.actor}) ${r.detail}`)

describe('the Accounts page', () => {
  it('shows the lead every account of the partnership, with role, institution, last sign-in, second factor and status', async () => {
    const cookie = await signIn(app, lead)
    const html = await (await get('/dashboard/accounts', cookie)).text()
    for (const name of ['Lee Lead', 'Cat Coordinator', 'Vic Viewer', 'Ash Coordinator']) expect(html).toContain(name)
    const row = /<tr data-account="coordinator@elm.test"[^>]*>([\s\S]*?)<\/tr>/.exec(html)![1]!
    expect(row).toContain('Coordinator')
    expect(row).toContain('Elm School')
    expect(row).toContain('Never')
    expect(row).toContain('Off')
    expect(row).toContain('Active')
    // the lead's own row shows today's sign-in
    expect(/<tr data-account="lead@city.test"[^>]*>([\s\S]*?)<\/tr>/.exec(html)![1]).toContain('12 Jan 2026')
    expect(html).toContain('href="/dashboard/accounts"')
  })

  it('shows a coordinator only the viewers of their own institution, and the viewer no page at all', async () => {
    const html = await (await get('/dashboard/accounts', await signIn(app, coordinator))).text()
    expect(html).toContain('Vic Viewer')
    expect(html).not.toContain('Ash Coordinator')
    expect(html).not.toContain('Lee Lead')
    expect(html).not.toContain('href="/dashboard/accounts/')
    const viewerCookie = await signIn(app, viewer)
    expect((await get('/dashboard/accounts', viewerCookie)).status).toBe(403)
    expect(await (await get(`/dashboard/institutions/${elm}`, viewerCookie)).text()).not.toContain('href="/dashboard/accounts"')
  })
})

describe('the rules for every account', () => {
  it('are set by the lead on the Accounts page, kept with the partnership’s settings and recorded; nobody else may', async () => {
    const cookie = await signIn(app, lead)
    const bad = await postForm(app, '/dashboard/accounts/rules', cookie, { requireTwoFactor: 'yes', deactivateUnusedAfterDays: '7' })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('at least 30 days')
    const saved = await postForm(app, '/dashboard/accounts/rules', cookie, { requireTwoFactor: 'yes', deactivateUnusedAfterDays: '180' })
    expect(saved.status).toBe(303)
    const [row] = await rows(fresh.db, 'SELECT settings FROM partnerships')
    expect(JSON.parse(String(row!.settings))).toMatchObject({ requireTwoFactor: true, deactivateUnusedAfterDays: 180, minCohort: 5 })
    expect(await audit()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^settings\.changed: .* \(Lee Lead <lead@city\.test>\) deactivateUnusedAfterDays: 180; requireTwoFactor: true$/),
      ]),
    )
    // the lead, without a second factor, is now sent to set one up
    expect((await get('/dashboard/accounts', cookie)).headers.get('location')).toBe('/dashboard/account')
    const coordinatorCookie = await signIn(app, coordinator)
    expect((await postForm(app, '/dashboard/accounts/rules', coordinatorCookie, { deactivateUnusedAfterDays: '400' })).status).toBe(403)
  })
})

describe('invitations from the dashboard', () => {
  it('the lead invites a coordinator for any institution: the link is accepted, the new account signs in, and both are in the audit log', async () => {
    const cookie = await signIn(app, lead)
    const res = await postForm(app, '/dashboard/accounts/invite', cookie, { role: 'coordinator', institution: String(ash) })
    expect(res.status).toBe(200)
    const invite = linkIn(await res.text(), 'invite')
    const accepted = await app.request(invite, {
      method: 'POST',
      body: new URLSearchParams({ name: 'Nia New', email: 'nia@ash.test', password: 'lantern orchard pebble' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
    })
    expect(accepted.status).toBe(303)
    const nia = await signIn(app, 'nia@ash.test', 'lantern orchard pebble')
    expect((await get(`/dashboard/institutions/${ash}`, nia)).status).toBe(200)
    expect((await get(`/dashboard/institutions/${elm}`, nia)).status).toBe(404)
    expect(await audit()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^account\.invited: coordinator at Ash School \(Lee Lead <lead@city\.test>\)/),
        expect.stringMatching(/^account\.created: Nia New <nia@ash\.test>/),
        'sign-in:  (Nia New <nia@ash.test>) password, on accepting the invitation',
      ]),
    )
  })

  it('the lead invites another lead; a role or institution left out is said beside its field', async () => {
    const cookie = await signIn(app, lead)
    expect((await postForm(app, '/dashboard/accounts/invite', cookie, { role: 'lead', institution: '' })).status).toBe(200)
    const missing = await postForm(app, '/dashboard/accounts/invite', cookie, { role: 'viewer', institution: '' })
    expect(missing.status).toBe(400)
    expect(await missing.text()).toContain('a coordinator or viewer belongs to an institution')
  })

  it('a coordinator invites viewers of their own institution only', async () => {
    const cookie = await signIn(app, coordinator)
    expect((await postForm(app, '/dashboard/accounts/invite', cookie, { role: 'viewer', institution: String(elm) })).status).toBe(200)
    expect((await postForm(app, '/dashboard/accounts/invite', cookie, { role: 'viewer', institution: String(ash) })).status).toBe(403)
    expect((await postForm(app, '/dashboard/accounts/invite', cookie, { role: 'coordinator', institution: String(elm) })).status).toBe(403)
    expect((await postForm(app, '/dashboard/accounts/invite', cookie, { role: 'lead' })).status).toBe(403)
    expect((await rows(fresh.db, 'SELECT role, institution_id FROM invitations')).map((r) => ({ ...r }))).toEqual([{ role: 'viewer', institution_id: elm }])
  })
})

describe('the lead manages an account', () => {
  it('deactivating it ends its live session at once; it cannot sign in, with the reason shown; reactivated, it can', async () => {
    const theirs = await signIn(app, coordinator)
    expect((await get(`/dashboard/institutions/${elm}`, theirs)).status).toBe(200)
    const cookie = await signIn(app, lead)
    const id = await idOf(coordinator)
    const res = await postForm(app, `/dashboard/accounts/${id}/deactivate`, cookie, { reason: 'left the school in July' })
    expect(res.status).toBe(303)
    const next = await get(`/dashboard/institutions/${elm}`, theirs)
    expect(next.status).toBe(303)
    expect(next.headers.get('location')).toMatch(/^\/sign-in/)
    expect(await rows(fresh.db, 'SELECT count(*) AS n FROM sessions WHERE user_id = ?', [id])).toEqual([{ n: 0 }])

    const refused = await app.request('/sign-in', {
      method: 'POST',
      body: new URLSearchParams({ email: coordinator, password }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
    })
    expect(refused.status).toBe(403)
    expect(refused.headers.get('set-cookie') ?? '').not.toMatch(/signpost_session=[\w-]{20,}/)
    expect(await refused.text()).toContain('left the school in July')
    const list = await (await get('/dashboard/accounts', cookie)).text()
    expect(/<tr data-account="coordinator@elm.test"[^>]*>([\s\S]*?)<\/tr>/.exec(list)![1]).toMatch(/Deactivated[\s\S]*left the school in July/)

    expect((await postForm(app, `/dashboard/accounts/${id}/reactivate`, cookie)).status).toBe(303)
    expect((await get(`/dashboard/institutions/${elm}`, await signIn(app, coordinator))).status).toBe(200)
    expect(await audit()).toEqual(
      expect.arrayContaining([
        'account.deactivated: Cat Coordinator <coordinator@elm.test> (Lee Lead <lead@city.test>) left the school in July',
        expect.stringMatching(/^sign-in\.failed: .*the account is deactivated$/),
        expect.stringMatching(/^account\.reactivated: Cat Coordinator/),
      ]),
    )
  })

  it('a role change signs the account out everywhere at once; signed in again, it works in its new role', async () => {
    const theirs = await signIn(app, coordinator)
    const elsewhere = await signIn(app, coordinator)
    const opening = { survey: 'student-iag', year: '2026/27' }
    const cookie = await signIn(app, lead)
    const id = await idOf(coordinator)
    const changed = await postForm(app, `/dashboard/accounts/${id}/role`, cookie, { role: 'viewer', institution: String(elm) })
    expect(changed.status).toBe(303)
    expect(await (await get(changed.headers.get('location')!, cookie)).text()).toContain('signed out everywhere')
    for (const old of [theirs, elsewhere]) {
      const next = await get(`/dashboard/institutions/${elm}`, old)
      expect(next.status).toBe(303)
      expect(next.headers.get('location')).toMatch(/^\/sign-in/)
      // a form sent with the old session saves nothing: it is asked to sign in
      expect((await postForm(app, `/dashboard/institutions/${elm}/rounds`, old, opening)).status).toBe(401)
    }
    expect(await rows(fresh.db, 'SELECT count(*) AS n FROM sessions WHERE user_id = ?', [id])).toEqual([{ n: 0 }])
    const asViewer = await signIn(app, coordinator)
    expect((await postForm(app, `/dashboard/institutions/${elm}/rounds`, asViewer, opening)).status).toBe(403)
    expect((await get('/dashboard/accounts', asViewer)).status).toBe(403)
    // and a coordinator moved to another institution sees that one, not the old
    expect((await postForm(app, `/dashboard/accounts/${id}/role`, cookie, { role: 'coordinator', institution: String(ash) })).status).toBe(303)
    expect((await get(`/dashboard/institutions/${ash}`, asViewer)).status).toBe(303)
    const moved = await signIn(app, coordinator)
    expect((await get(`/dashboard/institutions/${ash}`, moved)).status).toBe(200)
    expect((await get(`/dashboard/institutions/${elm}`, moved)).status).toBe(404)
    // the lead who acted stays signed in
    expect((await get('/dashboard/accounts', cookie)).status).toBe(200)
    expect(await audit()).toEqual(
      expect.arrayContaining([
        'account.role-changed: Cat Coordinator <coordinator@elm.test> (Lee Lead <lead@city.test>) coordinator at Elm School → viewer at Elm School; signed out everywhere',
      ]),
    )
  })

  it('the lead cannot deactivate or demote their own account, and nobody else can act on accounts', async () => {
    const cookie = await signIn(app, lead)
    const self = await idOf(lead)
    expect((await postForm(app, `/dashboard/accounts/${self}/deactivate`, cookie)).status).toBe(409)
    const own = await postForm(app, `/dashboard/accounts/${self}/role`, cookie, { role: 'viewer', institution: String(elm) })
    expect(own.status).toBe(409)
    expect(await own.text()).toContain('ask another partnership lead')
    expect(await rows(fresh.db, 'SELECT role FROM users WHERE id = ?', [self])).toEqual([{ role: 'lead' }])
    expect((await get('/dashboard/accounts', cookie)).status).toBe(200)
    const theirs = await signIn(app, coordinator)
    const victim = await idOf(viewer)
    for (const action of ['deactivate', 'reactivate', 'reset-link'])
      expect((await postForm(app, `/dashboard/accounts/${victim}/${action}`, theirs)).status).toBe(403)
    expect(await rows(fresh.db, 'SELECT deactivated_at FROM users WHERE id = ?', [victim])).toEqual([{ deactivated_at: null }])
  })
})

describe('an account unused for the partnership’s number of days', () => {
  it('is deactivated when it next signs in, with the reason shown to it and on the Accounts page', async () => {
    await signIn(app, coordinator)
    clock = new Date(clock.getTime() + 366 * 86_400_000)
    const res = await app.request('/sign-in', {
      method: 'POST',
      body: new URLSearchParams({ email: coordinator, password }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
    })
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('Not used for 365 days')
    // the lead signs in now too (so is used) and reads the reason
    await fresh.db.$client.execute({ sql: 'UPDATE users SET last_sign_in_at = ? WHERE email = ?', args: [clock.toISOString(), lead] })
    const list = await (await get('/dashboard/accounts', await signIn(app, lead))).text()
    expect(/<tr data-account="coordinator@elm.test"[^>]*>([\s\S]*?)<\/tr>/.exec(list)![1]).toContain('Not used for 365 days, so deactivated automatically')
    expect(await audit()).toContain('account.deactivated: Cat Coordinator <coordinator@elm.test> (Signpost) not used for 365 days (deactivateUnusedAfterDays)')
  })

  it('is deactivated by the daily run, using the partnership’s own number of days; one used within it is left alone', async () => {
    await fresh.db.$client.execute(`UPDATE partnerships SET settings = '{"deactivateUnusedAfterDays":60}'`)
    await fresh.db.$client.execute({ sql: 'UPDATE users SET created_at = ?', args: ['2025-06-01T00:00:00Z'] })
    await fresh.db.$client.execute({
      sql: 'UPDATE users SET last_sign_in_at = ? WHERE email = ?',
      args: [new Date(Date.now() - 10 * 86_400_000).toISOString(), lead],
    })
    await scheduledRetention(fresh.db, catalog, () => {})
    expect(await rows(fresh.db, 'SELECT email, deactivated_reason FROM users ORDER BY email')).toEqual([
      { email: coordinator, deactivated_reason: 'Not used for 60 days, so deactivated automatically' },
      { email: lead, deactivated_reason: null },
      { email: 'other@ash.test', deactivated_reason: 'Not used for 60 days, so deactivated automatically' },
      { email: viewer, deactivated_reason: 'Not used for 60 days, so deactivated automatically' },
    ])
    // a second run finds nothing more to do
    expect(await deactivateUnused(fresh.db, new Date())).toBe(0)
  })

  it('counts its days from its reactivation', async () => {
    clock = new Date(clock.getTime() + 400 * 86_400_000)
    expect(await deactivateUnused(fresh.db, clock)).toBe(4)
    await fresh.db.$client.execute({ sql: 'UPDATE users SET deactivated_at = NULL, reactivated_at = ? WHERE email = ?', args: [clock.toISOString(), lead] })
    await signIn(app, lead)
  })
})

describe('a password-reset link', () => {
  it('from the lead’s page lets the owner choose a new password once; their sessions end and the old password no longer works', async () => {
    const theirs = await signIn(app, coordinator)
    const cookie = await signIn(app, lead)
    const res = await postForm(app, `/dashboard/accounts/${await idOf(coordinator)}/reset-link`, cookie)
    expect(res.status).toBe(200)
    const reset = linkIn(await res.text(), 'reset')
    expect(await (await app.request(reset)).text()).toContain('Cat Coordinator')
    const send = (pw: string) =>
      app.request(reset, {
        method: 'POST',
        body: new URLSearchParams({ password: pw }),
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      })
    const weak = await send('password1234')
    expect(weak.status).toBe(400)
    expect(await weak.text()).toContain('one of the first that attackers try')
    const done = await send('velvet compass meadow')
    expect(done.status).toBe(303)
    expect(done.headers.get('location')).toBe('/sign-in?done=reset')
    expect((await get(`/dashboard/institutions/${elm}`, theirs)).status).toBe(303)
    await signIn(app, coordinator, 'velvet compass meadow')
    const old = await app.request('/sign-in', {
      method: 'POST',
      body: new URLSearchParams({ email: coordinator, password }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
    })
    expect(old.status).toBe(401)
    expect((await send('another fine password')).status).toBe(410)
    expect((await app.request(reset)).status).toBe(410)
    expect(await audit()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^account\.reset-link: Cat Coordinator <coordinator@elm\.test> \(Lee Lead/),
        expect.stringMatching(/^account\.password-reset: Cat Coordinator <coordinator@elm\.test> \(Cat Coordinator/),
      ]),
    )
  })

  it('from `signpost user reset-link` works the same, and is recorded as the command line’s', async () => {
    process.env.DATABASE_URL = fresh.url
    const lines: string[] = []
    expect(await run(['user', 'reset-link', '--email', viewer, '--base-url', 'http://localhost'], { log: (l) => lines.push(l) })).toBe(0)
    const reset = new URL(lines.find((l) => l.startsWith('http'))!).pathname
    const res = await app.request(reset, {
      method: 'POST',
      body: new URLSearchParams({ password: 'saffron beacon thistle' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
    })
    expect(res.status).toBe(303)
    await signIn(app, viewer, 'saffron beacon thistle')
    expect(await audit()).toEqual(expect.arrayContaining([expect.stringMatching(/^account\.reset-link: Vic Viewer <viewer@elm\.test> \(command line\)/)]))
  })
})
