import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { addUser } from '../../src/auth/users.ts'
import { run } from '../../src/cli/main.ts'
import { catalog, freshDatabase, rows } from '../support/app.ts'
import { seedOrganisation } from '../support/fixtures.ts'
import { origin, postForm, signIn, staffPassword as password } from '../support/staff.ts'

/** The lead sets up single sign-on providers (issue 20, point 3): the dashboard page, the command line, and invitations for a named email. */

let fresh: Awaited<ReturnType<typeof freshDatabase>>
let app: ReturnType<typeof createApp>
const clock = new Date('2026-01-12T08:00:00Z')
const provider = {
  name: 'Elm Microsoft 365',
  kind: 'microsoft',
  issuer: 'https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0/',
  clientId: 'client-1',
  clientSecret: 'a-secret-nobody-should-see-again',
  allowed: '11111111-2222-3333-4444-555555555555',
}

beforeEach(async () => {
  fresh = await freshDatabase()
  await seedOrganisation(fresh.db, 'elm-school')
  await addUser(fresh.db, { email: 'lead@city.test', name: 'Lee Lead', role: 'lead', partnership: 'fixture-city', password })
  await addUser(fresh.db, {
    email: 'c@elm.test',
    name: 'Cat Coordinator',
    role: 'coordinator',
    partnership: 'fixture-city',
    institution: 'elm-school',
    password,
  })
  app = createApp({ getDb: () => fresh.db, catalog, now: () => clock })
})
afterEach(() => fresh.dispose())

describe('sign-in providers in the dashboard', () => {
  it('the lead adds a provider: its button is on the sign-in page, its secret is never shown, and the change is in the audit log', async () => {
    const lead = await signIn(app, 'lead@city.test')
    const accounts = await (await app.request('/dashboard/accounts', { headers: { cookie: lead } })).text()
    expect(accounts).toContain('href="/dashboard/accounts/sign-in-providers"')
    const added = await postForm(app, '/dashboard/accounts/sign-in-providers', lead, provider)
    expect(added.status).toBe(303)
    const page = await (await app.request(added.headers.get('location')!, { headers: { cookie: lead } })).text()
    expect(page).toContain('The provider was added')
    expect(page).toContain('http://localhost/sign-in/sso/1/callback')
    // the issuer is kept without its trailing slash, as oauth4webapi compares it
    expect(page).toContain('https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0<')
    expect(page).not.toContain(provider.clientSecret)
    expect(JSON.stringify(await rows(fresh.db, 'SELECT * FROM sign_in_providers'))).not.toContain(provider.clientSecret)
    expect(await (await app.request('/sign-in')).text()).toContain('Sign in with Elm Microsoft 365')
    expect(await rows(fresh.db, "SELECT actor, subject, detail FROM audit_log WHERE action = 'settings.changed'")).toEqual([
      {
        actor: 'Lee Lead <lead@city.test>',
        subject: 'single sign-on',
        detail: 'added Elm Microsoft 365 (microsoft, https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0)',
      },
    ])
    const removed = await postForm(app, '/dashboard/accounts/sign-in-providers/1/remove', lead, { confirm: 'yes' })
    expect(removed.status).toBe(303)
    expect(await (await app.request('/sign-in')).text()).not.toContain('Sign in with')
  })

  it('removes a provider only once its box is ticked, without JavaScript', async () => {
    const lead = await signIn(app, 'lead@city.test')
    expect((await postForm(app, '/dashboard/accounts/sign-in-providers', lead, provider)).status).toBe(303)
    const page = await (await app.request('/dashboard/accounts/sign-in-providers', { headers: { cookie: lead } })).text()
    // the box is in the removal's own form, required, and labelled with the provider's name
    const form = /<form method="post" action="\/dashboard\/accounts\/sign-in-providers\/1\/remove">([\s\S]*?)<\/form>/.exec(page)![1]!
    expect(form).toMatch(/<input type="checkbox" id="confirm-remove-1" name="confirm" value="yes" required/)
    expect(form).toContain('<label for="confirm-remove-1">Yes, remove Elm Microsoft 365')
    for (const fields of [{}, { confirm: 'no' }, { confirm: '' }] as Record<string, string>[]) {
      const unticked = await postForm(app, '/dashboard/accounts/sign-in-providers/1/remove', lead, fields)
      expect(unticked.status).toBe(400)
      const html = await unticked.text()
      expect(html).toContain('<title>Error: Sign-in providers')
      expect(html).toContain('Tick “Yes, remove Elm Microsoft 365” to remove it.')
      expect(html).toContain('aria-invalid="true"')
    }
    expect(await rows(fresh.db, 'SELECT name FROM sign_in_providers')).toEqual([{ name: 'Elm Microsoft 365' }])
    expect(await rows(fresh.db, "SELECT detail FROM audit_log WHERE detail LIKE 'removed%'")).toEqual([])
    expect((await postForm(app, '/dashboard/accounts/sign-in-providers/1/remove', lead, { confirm: 'yes' })).status).toBe(303)
    expect(await rows(fresh.db, 'SELECT name FROM sign_in_providers')).toEqual([])
  })

  it('refuses a second provider of the same name, in any letter case', async () => {
    const lead = await signIn(app, 'lead@city.test')
    expect((await postForm(app, '/dashboard/accounts/sign-in-providers', lead, provider)).status).toBe(303)
    const again = await postForm(app, '/dashboard/accounts/sign-in-providers', lead, { ...provider, name: 'ELM microsoft 365', clientId: 'client-2' })
    expect(again.status).toBe(400)
    expect(await again.text()).toContain('another provider is already called “ELM microsoft 365”')
    expect(await rows(fresh.db, 'SELECT count(*) AS n FROM sign_in_providers')).toEqual([{ n: 1 }])
  })

  it('says what is wrong with each field, and refuses an issuer over plain http', async () => {
    const lead = await signIn(app, 'lead@city.test')
    const res = await postForm(app, '/dashboard/accounts/sign-in-providers', lead, { ...provider, issuer: 'http://idp.example.org', clientId: '', name: 'E' })
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('the issuer URL must begin https://')
    expect(html).toContain('give the client (application) ID')
    expect(html).toContain('give a name of at least 2 characters')
    // a secret typed is not sent back in the page
    expect(html).not.toContain(provider.clientSecret)
    expect(await rows(fresh.db, 'SELECT id FROM sign_in_providers')).toEqual([])
  })

  it('says so when the provider cannot be reached, and keeps the password form', async () => {
    const lead = await signIn(app, 'lead@city.test')
    // nothing listens on port 9 of this machine
    expect((await postForm(app, '/dashboard/accounts/sign-in-providers', lead, { ...provider, issuer: 'http://127.0.0.1:9' })).status).toBe(303)
    const res = await app.request('/sign-in/sso/1')
    expect(res.status).toBe(502)
    const html = await res.text()
    expect(html).toContain('Signpost could not reach Elm Microsoft 365 just now')
    expect(html).toContain('name="password"')
    expect(await rows(fresh.db, 'SELECT * FROM sso_logins')).toEqual([])
  })

  it('is the lead’s alone', async () => {
    const coordinator = await signIn(app, 'c@elm.test')
    expect((await app.request('/dashboard/accounts/sign-in-providers', { headers: { cookie: coordinator } })).status).toBe(403)
    expect((await postForm(app, '/dashboard/accounts/sign-in-providers', coordinator, provider)).status).toBe(403)
  })

  it('an invitation for a named email makes an account for that email only', async () => {
    const lead = await signIn(app, 'lead@city.test')
    const res = await postForm(app, '/dashboard/accounts/invite', lead, { role: 'viewer', institution: '1', email: 'New.Viewer@elm.test' })
    expect(res.status).toBe(200)
    const link = new URL(/value="(http:\/\/localhost\/invite\/[\w-]+)"/.exec(await res.text())![1]!).pathname
    expect(await rows(fresh.db, 'SELECT email FROM invitations')).toEqual([{ email: 'new.viewer@elm.test' }])
    const accept = (email: string) =>
      app.request(link, {
        method: 'POST',
        body: new URLSearchParams({ name: 'Nia Newviewer', email, password: 'a long enough pass phrase' }),
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      })
    const other = await accept('someone.else@elm.test')
    expect(other.status).toBe(400)
    expect(await other.text()).toContain('this invitation is for new.viewer@elm.test')
    expect((await accept('new.viewer@elm.test')).status).toBe(303)
    const bad = await postForm(app, '/dashboard/accounts/invite', lead, { role: 'viewer', institution: '1', email: 'not an email' })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('give a valid email address, or leave it blank')
  })
})

describe('signpost sso add|list|remove', () => {
  it('adds, lists and removes a provider, the secret from the environment and never printed', async () => {
    const lines: string[] = []
    const out = { log: (l: string) => lines.push(l) }
    const before = { url: process.env.DATABASE_URL, secret: process.env.SIGNPOST_SECRET }
    process.env.DATABASE_URL = fresh.url
    process.env.SIGNPOST_SECRET = 'a server secret for this test only'
    process.env.SIGNPOST_SSO_CLIENT_SECRET = provider.clientSecret
    try {
      const args = ['--partnership', 'fixture-city', '--name', 'Elm Google', '--kind', 'google', '--issuer', 'https://accounts.google.com']
      expect(await run(['sso', 'add', ...args, '--client-id', 'g-1', '--allowed', 'Elm.Test', '--base-url', 'https://signpost.example.org/'], out)).toBe(0)
      expect(lines).toEqual([
        'Added sign-in provider 1: Elm Google (Google Workspace)',
        'Register this redirect URI with the provider: https://signpost.example.org/sign-in/sso/1/callback',
      ])
      lines.length = 0
      expect(await run(['sso', 'list'], out)).toBe(0)
      expect(lines.join('\n')).toContain('elm.test')
      expect(lines.join('\n')).not.toContain(provider.clientSecret)
      lines.length = 0
      expect(await run(['sso', 'remove', '1', '--partnership', 'fixture-city'], out)).toBe(0)
      expect(lines).toEqual(['Removed sign-in provider 1: Elm Google'])
      await expect(run(['sso', 'remove', '1', '--partnership', 'fixture-city'], out)).rejects.toThrow('no sign-in provider 1 in fixture-city')
      expect((await rows(fresh.db, "SELECT actor FROM audit_log WHERE subject = 'single sign-on'")).map((r) => r.actor)).toEqual([
        'command line',
        'command line',
      ])
    } finally {
      if (before.url === undefined) delete process.env.DATABASE_URL
      else process.env.DATABASE_URL = before.url
      if (before.secret === undefined) delete process.env.SIGNPOST_SECRET
      else process.env.SIGNPOST_SECRET = before.secret
      delete process.env.SIGNPOST_SSO_CLIENT_SECRET
    }
  })
})
