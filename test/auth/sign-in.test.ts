import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { addUser } from '../../src/auth/users.ts'
import type { Db } from '../../src/db/database.ts'
import { sha256Hex } from '../../src/crypto.ts'
import { addressLimit, delayAfter, signInLimits } from '../../src/auth/sign-in-limits.ts'
import { countHit } from '../../src/http/rate-limit.ts'
import { freshDatabase } from '../support/app.ts'
import { miniCatalog, seedOrganisation } from '../support/fixtures.ts'
import { origin, staffPassword as password } from '../support/staff.ts'

let db: Db
let dispose: () => void
let clock = new Date('2025-11-20T10:00:00Z')
let app: ReturnType<typeof createApp>

beforeEach(async () => {
  ;({ db, dispose } = await freshDatabase())
  await seedOrganisation(db, 'elm-school')
  await addUser(db, { email: 'elm@school.test', name: 'Elm', role: 'coordinator', partnership: 'fixture-city', institution: 'elm-school', password })
  await addUser(db, { email: 'other@school.test', name: 'Other', role: 'coordinator', partnership: 'fixture-city', institution: 'elm-school', password })
  clock = new Date('2025-11-20T10:00:00Z')
  app = createApp({ getDb: () => db, catalog: miniCatalog(), now: () => clock })
})
afterEach(() => dispose())

const attempt = (email: string, pass: string) =>
  app.request('/sign-in', {
    method: 'POST',
    body: new URLSearchParams({ email, password: pass }),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
  })

const from = (address: string, email: string, pass: string, headers: Record<string, string> = {}) =>
  app.fetch(
    new Request('http://localhost/sign-in', {
      method: 'POST',
      body: new URLSearchParams({ email, password: pass }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin, ...headers },
    }),
    { incoming: { socket: { remoteAddress: address } } } as never,
  )

/** `n` failures from an address counted at once, as that many wrong passwords would (each takes a PBKDF2 hash). */
async function failuresFrom(address: string, n: number) {
  const limit = await addressLimit(address)
  await db.$client.batch(
    Array.from({ length: n }, () => countHit(limit, clock)),
    'write',
  )
}

const later = (seconds: number) => (clock = new Date(clock.getTime() + seconds * 1000))

describe('failed sign-ins', () => {
  it('slow an account down with a growing delay after five, with 429 and Retry-After, and never lock it for good', async () => {
    for (let i = 0; i < 5; i++) expect((await attempt('elm@school.test', 'wrong password !!')).status).toBe(401)
    const blocked = await attempt('elm@school.test', password)
    expect(blocked.status).toBe(429)
    expect(Number(blocked.headers.get('retry-after'))).toBe(delayAfter(5))
    expect(await blocked.text()).toContain('Too many failed sign-ins')
    // another account is not slowed
    expect((await attempt('other@school.test', password)).status).toBe(303)
    const waits: number[] = []
    for (let i = 0; i < 6; i++) {
      later(delayAfter(5 + i))
      expect((await attempt('elm@school.test', 'wrong password !!')).status).toBe(401)
      waits.push(Number((await attempt('elm@school.test', password)).headers.get('retry-after')))
    }
    expect(waits).toEqual([4, 8, 16, 32, 64, 128])
    // the delay stops growing: at most a few minutes, never the old 15-minute lock for everyone
    expect(delayAfter(100)).toBe(signInLimits.maxDelaySeconds)
    expect(signInLimits.maxDelaySeconds).toBeLessThanOrEqual(300)
    later(128)
    expect((await attempt('elm@school.test', password)).status).toBe(303)
  })

  it('from a stranger never delay the owner on a browser the account signed in with before', async () => {
    const first = await from('198.51.100.9', 'elm@school.test', password)
    expect(first.status).toBe(303)
    const device = first.headers
      .getSetCookie()
      .find((c) => c.startsWith('signpost_device='))!
      .split(';')[0]!
    for (let i = 0; i < 12; i++) await from('203.0.113.7', 'elm@school.test', `wrong password ${i}`)
    expect((await from('203.0.113.7', 'elm@school.test', password)).status).toBe(429)
    // the owner, on their own computer, signs in at once
    expect((await from('198.51.100.9', 'elm@school.test', password, { cookie: device })).status).toBe(303)
    // a device cookie made for one account does nothing for another
    expect((await from('203.0.113.7', 'elm@school.test', password, { cookie: device.replace(/.$/, (ch) => (ch === '0' ? '1' : '0')) })).status).toBe(429)
  })

  it('are limited per address generously: a school behind one address is not stopped by a staff room of typos, a script is', async () => {
    // one guess at each of 60 accounts, as a busy staff room might over 15 minutes
    for (let i = 0; i < 60; i++) expect((await from('203.0.113.7', `guess${i}@school.test`, 'wrong password !!')).status).toBe(401)
    expect((await from('203.0.113.7', 'elm@school.test', password)).status).toBe(303)
    await failuresFrom('203.0.113.7', signInLimits.perAddress - 61)
    expect((await from('203.0.113.7', 'guess60@school.test', 'wrong password !!')).status).toBe(401)
    const blocked = await from('203.0.113.7', 'other@school.test', password)
    expect(blocked.status).toBe(429)
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await from('198.51.100.9', 'other@school.test', password)).status).toBe(303)
  })

  it('read the address from X-Forwarded-For only when TRUSTED_PROXY names the proxy', async () => {
    const spoof = (i: number) => ({ 'x-forwarded-for': `192.0.2.${i % 250}` })
    try {
      // no setting: the header is ignored, every failure counts on the socket's address
      await failuresFrom('10.0.0.5', signInLimits.perAddress - 3)
      for (let i = 0; i < 3; i++) expect((await from('10.0.0.5', `g${i}@school.test`, 'wrong password !!', spoof(i))).status).toBe(401)
      expect((await from('10.0.0.5', 'elm@school.test', password, spoof(999))).status).toBe(429)
      // behind a named proxy, the client's address is the header's
      process.env.TRUSTED_PROXY = '10.0.0.5, 10.0.0.6'
      expect((await from('10.0.0.5', 'elm@school.test', password, { 'x-forwarded-for': '198.51.100.20' })).status).toBe(303)
      // a client's own header in front of the proxy's entry is not believed: the proxy's last hop is
      const chain = { 'x-forwarded-for': '192.0.2.77, 203.0.113.50, 10.0.0.6' }
      await failuresFrom('203.0.113.50', signInLimits.perAddress - 1)
      expect((await from('10.0.0.5', 'h@school.test', 'wrong password !!', chain)).status).toBe(401)
      expect((await from('10.0.0.5', 'other@school.test', password, { 'x-forwarded-for': '203.0.113.50' })).status).toBe(429)
      expect((await from('10.0.0.5', 'other@school.test', password, { 'x-forwarded-for': '192.0.2.77' })).status).toBe(303)
    } finally {
      delete process.env.TRUSTED_PROXY
    }
  })

  it('keep no email or address in readable form: keys are HMACs with the server secret, not plain hashes', async () => {
    await from('203.0.113.7', 'elm@school.test', 'wrong password !!')
    const stored = (await db.$client.execute('SELECT key FROM rate_limits')).rows.map((r) => String(r.key))
    expect(stored).toHaveLength(2)
    for (const key of stored) expect(key).toMatch(/^[0-9a-f]{64}$/)
    const guesses = [
      'sign-in:account:elm@school.test',
      'sign-in:address:203.0.113.7',
      'elm@school.test',
      '203.0.113.7',
      'sign-in:account:elm@school.test'.toUpperCase(),
    ]
    for (const guess of guesses) expect(stored).not.toContain(await sha256Hex(guess))
  })
})

describe('staff responses', () => {
  it('are never stored by a browser or proxy: Cache-Control no-store on pages, API answers, errors and redirects', async () => {
    const cookie = (await attempt('elm@school.test', password)).headers.get('set-cookie')!.split(';')[0]!
    for (const [path, headers] of [
      ['/sign-in', {}],
      ['/dashboard', { cookie }],
      ['/dashboard', {}],
      ['/dashboard/institutions/999999', { cookie }],
      ['/api/institutions/1/report', {}],
      ['/api/surveys/nope', {}],
      ['/invite/not-a-valid-token-at-all', {}],
    ] as const) {
      const res = await app.request(path, { headers })
      expect(res.headers.get('cache-control'), `${path} ${res.status}`).toBe('no-store')
    }
    expect((await attempt('elm@school.test', 'wrong password !!')).headers.get('cache-control')).toBe('no-store')
  })
})
