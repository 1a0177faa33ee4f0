import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { addUser } from '../../src/auth/users.ts'
import type { Db } from '../../src/db/database.ts'
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

describe('failed sign-ins', () => {
  it('are limited per account with 429 and Retry-After, even for the right password, until the window passes', async () => {
    for (let i = 0; i < 5; i++) expect((await attempt('elm@school.test', 'wrong password !!')).status).toBe(401)
    const blocked = await attempt('elm@school.test', password)
    expect(blocked.status).toBe(429)
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await blocked.text()).toContain('Too many failed sign-ins')
    expect((await attempt('other@school.test', password)).status).toBe(303)
    clock = new Date(clock.getTime() + 16 * 60_000)
    expect((await attempt('elm@school.test', password)).status).toBe(303)
  })

  it('are limited per address too: 30 failures from one address refuse it even the right password, other addresses sign in', async () => {
    const from = (address: string, email: string, pass: string) =>
      app.fetch(
        new Request('http://localhost/sign-in', {
          method: 'POST',
          body: new URLSearchParams({ email, password: pass }),
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
        }),
        { incoming: { socket: { remoteAddress: address } } } as never,
      )
    // one guess at each of 30 accounts (none over its own limit of 5)
    for (let i = 0; i < 30; i++) expect((await from('203.0.113.7', `guess${i}@school.test`, 'wrong password !!')).status).toBe(401)
    const blocked = await from('203.0.113.7', 'elm@school.test', password)
    expect(blocked.status).toBe(429)
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await from('198.51.100.9', 'elm@school.test', password)).status).toBe(303)
  })

  it('keep no email or address in readable form', async () => {
    await attempt('elm@school.test', 'wrong password !!')
    const stored = (await db.$client.execute('SELECT key FROM rate_limits')).rows.map((r) => String(r.key))
    expect(stored).toHaveLength(2)
    for (const key of stored) expect(key).toMatch(/^[0-9a-f]{64}$/)
  })
})
