import { Agent, get } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addProvider } from '../../src/auth/sso.ts'
import { openRound } from '../../src/rounds/rounds.ts'
import { QrCode } from '../../src/ui/qr-code.tsx'
import { catalog } from '../support/app.ts'
import { oakSchool } from '../support/oak-school.ts'
import { startOidcProvider } from '../support/oidc-provider.ts'
import { startServer, type BenchServer } from '../support/server.ts'
import { staffPassword } from '../support/staff.ts'

/**
 * The Node server behind a reverse proxy that ends TLS: the proxy connects over http from
 * 127.0.0.1 and says with X-Forwarded-Proto and X-Forwarded-Host what the browser used.
 */
const publicHost = 'signpost.example.org'
const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': publicHost, 'x-forwarded-for': '198.51.100.7' }

/** The redirect URI the school's IT registers with its provider: the public address's. */
const registeredCallback = `https://${publicHost}/sign-in/sso/1/callback`

let school: Awaited<ReturnType<typeof oakSchool>>
let oidc: Awaited<ReturnType<typeof startOidcProvider>>
let code: string
let sheetPath: string
beforeAll(async () => {
  school = await oakSchool()
  const round = await openRound(school.db, catalog, { institution: 'oak-school', survey: 'student-iag', year: '2025/26', tokensRequired: false })
  code = round.code
  sheetPath = `/dashboard/institutions/${school.oak}/rounds/${round.id}/sheet`
  oidc = await startOidcProvider({ clients: [{ client_id: 'signpost-1', client_secret: 'a test secret', redirect_uris: [registeredCallback] }] })
  await addProvider(school.db, 1, {
    name: 'Oak Microsoft 365',
    kind: 'microsoft',
    issuer: oidc.issuer,
    clientId: 'signpost-1',
    clientSecret: 'a test secret',
    allowed: '11111111-2222-3333-4444-555555555555',
  })
})
afterAll(() => {
  oidc?.stop()
  school.dispose()
})

/** Starts single sign-on through the proxy: where Signpost sends the browser, and whether the provider accepts it. */
async function ssoStart(server: BenchServer) {
  const start = await fetch(`${server.url}/sign-in/sso/1`, { redirect: 'manual', headers: forwarded })
  const location = new URL(start.headers.get('location') ?? '')
  // the provider's own check of the redirect URI: an unregistered one gets its error page, a registered one its login
  const atProvider = await fetch(location, { redirect: 'manual' })
  return {
    status: start.status,
    redirectUri: location.searchParams.get('redirect_uri'),
    setCookie: start.headers.get('set-cookie') ?? '',
    providerStatus: atProvider.status,
  }
}

/** The QR code a sheet prints for `link`, as the sheet draws it. */
const qrFor = (link: string) => String(QrCode({ text: link, class: 'qr qr-large' }))

/** Signs in through the proxy (as the browser's form post arrives there) and opens the round's printable sheet. */
async function throughProxy(server: BenchServer, origin: string) {
  const signIn = await fetch(`${server.url}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...forwarded, 'content-type': 'application/x-www-form-urlencoded', origin },
    body: new URLSearchParams({ email: 'coordinator@oak.test', password: staffPassword }),
  })
  const setCookie = signIn.headers.get('set-cookie') ?? ''
  const sheet = await fetch(`${server.url}${sheetPath}`, { headers: { ...forwarded, cookie: setCookie.split(';')[0]! } })
  return { status: signIn.status, setCookie, sheet: sheet.status, html: await sheet.text() }
}

describe('behind a reverse proxy that ends TLS', () => {
  it('a proxy TRUSTED_PROXY names gives the address the browser used: a Secure __Host- session, https links on the printed sheet, and the single sign-on redirect URI the provider has registered', async () => {
    const server = await startServer(school.url, { env: { TRUSTED_PROXY: '127.0.0.1' } })
    try {
      const seen = await throughProxy(server, `https://${publicHost}`)
      expect(seen.status).toBe(303)
      expect(seen.setCookie).toMatch(/^__Host-signpost_session=/)
      expect(seen.setCookie).toMatch(/;\s*Secure/i)
      expect(seen.sheet).toBe(200)
      // the address students type and the QR code they scan: the public one, not the proxy's view of the server
      expect(seen.html).toContain(`<p class="sheet-link">${publicHost}</p>`)
      expect(seen.html).toContain(`go straight to ${publicHost}/s/${code}`)
      expect(seen.html).toContain(qrFor(`https://${publicHost}/s/${code}`))
      expect(seen.html).not.toContain('127.0.0.1')
      // single sign-on: the redirect URI the provider has registered, so the provider lets the browser in
      const sso = await ssoStart(server)
      expect(sso.status).toBe(302)
      expect(sso.redirectUri).toBe(registeredCallback)
      expect(sso.setCookie).toMatch(/;\s*Secure/i)
      expect(sso.providerStatus).toBe(303)
    } finally {
      await server.stop()
    }
  })

  it('from a socket TRUSTED_PROXY does not name, the forwarded headers are ignored: anyone can send them', async () => {
    const server = await startServer(school.url, { env: { TRUSTED_PROXY: '10.0.0.5' } })
    try {
      const own = new URL(server.url)
      const seen = await throughProxy(server, own.origin)
      expect(seen.status).toBe(303)
      expect(seen.setCookie).toMatch(/^signpost_session=/)
      expect(seen.setCookie).not.toMatch(/;\s*Secure/i)
      expect(seen.html).toContain(`go straight to ${own.host}/s/${code}`)
      expect(seen.html).toContain(qrFor(`${own.origin}/s/${code}`))
      expect(seen.html).not.toContain(publicHost)
      const sso = await ssoStart(server)
      expect(sso.redirectUri).toBe(`${own.origin}/sign-in/sso/1/callback`)
      expect(sso.providerStatus).toBe(400)
    } finally {
      await server.stop()
    }
  })

  it('keeps a proxy’s idle kept-alive connection open past Node’s default 5 s, so that the proxy, not the server, closes it', async () => {
    const server = await startServer(school.url, { env: { TRUSTED_PROXY: '127.0.0.1' } })
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    /** A GET over the agent's one socket: its status and which local port it went from. */
    const once = () =>
      new Promise<{ status: number; port: number }>((resolve, reject) => {
        const req = get(`${server.url}/`, { agent, headers: forwarded }, (res) => {
          res.resume()
          res.on('end', () => resolve({ status: res.statusCode ?? 0, port: req.socket!.localPort! }))
        })
        req.on('error', reject)
      })
    try {
      const first = await once()
      await new Promise((resolve) => setTimeout(resolve, 6_500))
      const second = await once()
      expect(second.status).toBe(200)
      // the same connection, not a new one after the server closed the first
      expect(second.port).toBe(first.port)
    } finally {
      agent.destroy()
      await server.stop()
    }
  })
})
