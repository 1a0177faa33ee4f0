/**
 * Single sign-on on the Worker (issue 20, point 3): `wrangler dev` (workerd, locally) serving
 * src/entry/worker.ts against a real libSQL server (sqld), and a real OpenID Connect provider
 * (`oidc-provider`, test/support/oidc-provider-server.mjs) on a loopback port. The lead adds the
 * provider on the Worker's own page (so its secret is sealed with the Worker's key), then the test,
 * as the browser, goes from the sign-in button through the provider's login form and back to the
 * Worker's callback: oauth4webapi's discovery, code exchange and ID token checks all run in workerd.
 */
import type { Client } from '@libsql/client'
import { spawn, type ChildProcess } from 'node:child_process'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { addUser } from '../../src/auth/users.ts'
import type { Db } from '../../src/db/database.ts'
import type { Sqld } from '../support/sqld.ts'
import { printWorkerLogOnFailure, startWorkerOnSqld, stopWorkerOnSqld, type WorkerProcess } from '../support/worker.ts'
import { staffPassword as password } from '../support/staff.ts'

const tenant = '11111111-2222-3333-4444-555555555555'
const clientSecret = 'a-client-secret-for-the-test-provider'
const accounts = {
  known: { email: 'Coordinator@Oak.test', email_verified: true, tid: tenant, name: 'Cat Coordinator' },
  stranger: { email: 'stranger@oak.test', email_verified: true, tid: tenant, name: 'Sam Stranger' },
}

let sqld: Sqld | undefined
let setupDb: Db | undefined
let reader: Client | undefined
let worker: WorkerProcess | undefined
let providerProcess: ChildProcess | undefined
let issuer: string

beforeAll(async () => {
  ;({ sqld, setupDb, reader, worker } = await startWorkerOnSqld(async (db) => {
    await addUser(db, { email: 'lead@city.test', name: 'Lee Lead', role: 'lead', partnership: 'test-city', password })
    await addUser(db, {
      email: 'coordinator@oak.test',
      name: 'Cat Coordinator',
      role: 'coordinator',
      partnership: 'test-city',
      institution: 'oak-school',
      password,
    })
  }))
  // the provider knows the Worker's callback address, so it starts once the Worker's port is known
  providerProcess = spawn(process.execPath, ['test/support/oidc-provider-server.mjs'], {
    env: {
      ...process.env,
      OIDC_ACCOUNTS: JSON.stringify(accounts),
      OIDC_CLIENTS: JSON.stringify([{ client_id: 'signpost-1', client_secret: clientSecret, redirect_uris: [`${worker.url}/sign-in/sso/1/callback`] }]),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  issuer = await new Promise<string>((resolve, reject) => {
    let out = ''
    providerProcess!.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const m = /issuer (\S+)/.exec(out)
      if (m) resolve(m[1]!)
    })
    providerProcess!.on('exit', (code) => reject(new Error(`the provider stopped (${code})`)))
  })
}, 120_000)

afterAll(async () => {
  providerProcess?.kill()
  await stopWorkerOnSqld({ worker, reader, setupDb, sqld })
}, 60_000)

beforeEach(printWorkerLogOnFailure(() => worker))

/** A browser's cookies, by origin; every request over HTTP, redirects not followed. */
class Browser {
  jar = new Map<string, Map<string, string>>()
  async send(url: URL, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = {}
    const jar = this.jar.get(url.origin) ?? new Map<string, string>()
    if (jar.size > 0) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
    const body = init.form ? new URLSearchParams(init.form) : undefined
    if (body) {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      headers.origin = url.origin
    }
    const res = await fetch(url, { method: init.method ?? 'GET', headers, body, redirect: 'manual' })
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';')
      const [name, ...value] = pair!.split('=')
      const gone = value.join('=') === '' || attrs.some((a) => /max-age=0\b/i.test(a.trim()))
      if (gone) jar.delete(name!.trim())
      else jar.set(name!.trim(), value.join('='))
    }
    this.jar.set(url.origin, jar)
    return res
  }
}

const rowsOf = async (sql: string) => (await reader!.execute(sql)).rows.map((r) => ({ ...r }))

describe('single sign-on on the Worker', () => {
  it('the lead adds a provider on the Worker, and a known account signs in through the real provider; an unknown one is refused', async () => {
    const lead = new Browser()
    expect((await lead.send(new URL(`${worker!.url}/sign-in`), { method: 'POST', form: { email: 'lead@city.test', password } })).status).toBe(303)
    const added = await lead.send(new URL(`${worker!.url}/dashboard/accounts/sign-in-providers`), {
      method: 'POST',
      form: { name: 'Oak Microsoft 365', kind: 'microsoft', issuer, clientId: 'signpost-1', clientSecret, allowed: tenant },
    })
    expect(added.status).toBe(303)
    expect(String((await rowsOf('SELECT client_secret_sealed FROM sign_in_providers'))[0]!.client_secret_sealed)).toMatch(/^v1\./)

    const signOn = async (login: string) => {
      const browser = new Browser()
      const start = await browser.send(new URL(`${worker!.url}/sign-in/sso/1?next=/dashboard/account`))
      expect(start.status, await start.clone().text()).toBe(302)
      let url = new URL(start.headers.get('location')!)
      expect(url.origin).toBe(issuer)
      // the redirect step: PKCE (S256) with a challenge, a state and a nonce, and the login kept by the Worker in sqld
      expect(url.searchParams.get('code_challenge_method')).toBe('S256')
      expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/)
      expect(url.searchParams.get('nonce')).toBeTruthy()
      expect(url.searchParams.get('redirect_uri')).toBe(`${worker!.url}/sign-in/sso/1/callback`)
      const pending = await rowsOf('SELECT state_hash, sealed FROM sso_logins')
      expect(pending).toHaveLength(1)
      expect(String(pending[0]!.state_hash)).not.toBe(url.searchParams.get('state'))
      expect(String(pending[0]!.sealed)).not.toContain(url.searchParams.get('nonce'))
      for (let step = 0; step < 12 && url.origin !== worker!.url; step++) {
        const res = await browser.send(url)
        if (res.status >= 300 && res.status < 400) {
          url = new URL(res.headers.get('location')!, url)
          continue
        }
        const html = await res.text()
        const action = /<form[^>]*action="([^"]+)"[^>]*method="post"/.exec(html)?.[1]
        expect(action, html.slice(0, 300)).toBeTruthy()
        const hidden = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]))
        const posted = await browser.send(new URL(action!, url), { method: 'POST', form: { ...hidden, login, password: 'anything' } })
        url = new URL(posted.headers.get('location')!, url)
      }
      expect(url.origin).toBe(worker!.url)
      return { browser, res: await browser.send(url) }
    }

    const { browser, res } = await signOn('known')
    expect(res.status, await res.clone().text()).toBe(303)
    expect(res.headers.get('location')).toBe('/dashboard/account')
    const account = await browser.send(new URL(`${worker!.url}/dashboard/account`))
    expect(account.status).toBe(200)
    expect(await account.text()).toContain('Cat Coordinator')
    expect(await rowsOf('SELECT * FROM sso_logins')).toEqual([])

    const stranger = await signOn('stranger')
    expect(stranger.res.status).toBe(403)
    expect(await stranger.res.text()).toContain('There is no Signpost account for stranger@oak.test')

    expect(await rowsOf("SELECT actor, action, subject, detail FROM audit_log WHERE action LIKE 'sign-in%' AND detail LIKE 'sso:%' ORDER BY id")).toEqual([
      { actor: 'Cat Coordinator <coordinator@oak.test>', action: 'sign-in', subject: '', detail: 'sso:Oak Microsoft 365' },
      { actor: 'Signpost', action: 'sign-in.failed', subject: 'stranger@oak.test', detail: 'sso:Oak Microsoft 365: no account has this email' },
    ])
  }, 90_000)
})
