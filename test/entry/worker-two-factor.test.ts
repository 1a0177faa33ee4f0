/**
 * Two-factor sign-in on the Worker (issue 20, point 2): `wrangler dev` (workerd, locally) serving
 * src/entry/worker.ts against a real libSQL server (sqld). The secret is sealed with WebCrypto's
 * HKDF and AES-GCM and the code checked by otpauth inside workerd; the test computes the codes
 * with otpauth from the key the page shows.
 */
import type { Client } from '@libsql/client'
import { Secret, TOTP } from 'otpauth'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { addUser } from '../../src/auth/users.ts'
import type { Db } from '../../src/db/database.ts'
import type { Sqld } from '../support/sqld.ts'
import { printWorkerLogOnFailure, startWorkerOnSqld, stopWorkerOnSqld, type WorkerProcess } from '../support/worker.ts'
import { staffPassword as password } from '../support/staff.ts'

let sqld: Sqld | undefined
let setupDb: Db | undefined
let reader: Client | undefined
let worker: WorkerProcess | undefined
const email = 'two-factor@oak.test'

beforeAll(async () => {
  ;({ sqld, setupDb, reader, worker } = await startWorkerOnSqld(async (db) => {
    await addUser(db, { email, name: 'Two Factor', role: 'coordinator', partnership: 'test-city', institution: 'oak-school', password })
  }))
}, 120_000)

afterAll(() => stopWorkerOnSqld({ worker, reader, setupDb, sqld }), 60_000)

beforeEach(printWorkerLogOnFailure(() => worker))

const post = (path: string, fields: Record<string, string>, cookie?: string) =>
  fetch(`${worker!.url}${path}`, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: worker!.url, ...(cookie ? { cookie } : {}) },
    redirect: 'manual',
  })
const cookieOf = (res: Response) => res.headers.get('set-cookie')!.split(';')[0]!
const codeFor = (secret: string, at: number) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: at })

describe('two-factor sign-in on the Worker', () => {
  it('is turned on with the key shown, asks for the code at sign-in, refuses a wrong one and a used recovery code', async () => {
    const first = await post('/sign-in', { email, password })
    expect(first.status).toBe(303)
    const cookie = cookieOf(first)
    const setup = await post('/dashboard/account/two-factor', { password }, cookie)
    expect(setup.status).toBe(200)
    const secret = /class="code setup-secret">([A-Z2-7 ]+)</.exec(await setup.text())![1]!.replaceAll(' ', '')
    // the step before now: the code of this step is left for the sign-in below
    const confirmed = await post('/dashboard/account/two-factor/confirm', { code: codeFor(secret, Date.now() - 30_000) }, cookie)
    expect(confirmed.status).toBe(200)
    const codes = [...(await confirmed.text()).matchAll(/<li class="code">([a-z0-9-]+)<\/li>/g)].map((m) => m[1]!)
    expect(codes).toHaveLength(10)
    const stored = (await reader!.execute('SELECT secret_sealed FROM second_factors')).rows.map((r) => String(r.secret_sealed))
    expect(stored).toHaveLength(1)
    expect(stored[0]).not.toContain(secret)
    expect(stored[0]).toMatch(/^v1\./)

    const passwordStep = async () => {
      const res = await post('/sign-in', { email, password })
      expect(res.status).toBe(200)
      return cookieOf(res)
    }
    const waiting = await passwordStep()
    const opensNothing = await fetch(`${worker!.url}/dashboard`, { headers: { cookie: waiting }, redirect: 'manual' })
    expect(opensNothing.headers.get('location')).toMatch(/^\/sign-in\?/)
    const right = codeFor(secret, Date.now())
    expect((await post('/sign-in/code', { code: right === '000000' ? '111111' : '000000' }, waiting)).status).toBe(401)
    const signedIn = await post('/sign-in/code', { code: right }, waiting)
    expect(signedIn.status).toBe(303)
    const home = await fetch(`${worker!.url}/dashboard`, { headers: { cookie: cookieOf(signedIn) }, redirect: 'manual' })
    expect(home.headers.get('location')).toMatch(/^\/dashboard\/institutions\/\d+$/)
    expect((await fetch(`${worker!.url}/dashboard/account`, { headers: { cookie: cookieOf(signedIn) } })).status).toBe(200)

    expect((await post('/sign-in/code', { code: codes[0]! }, await passwordStep())).status).toBe(303)
    expect((await post('/sign-in/code', { code: codes[0]! }, await passwordStep())).status).toBe(401)
  }, 60_000)
})
