import { readFileSync, statSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { loadKeySecret, secretFileFor } from '../../src/entry/key-secret-node.ts'
import { limitKey, windowKey } from '../../src/http/rate-limit.ts'
import { filePathOf } from '../../src/db/connect-node.ts'
import { freshDatabase } from '../support/app.ts'

/**
 * Issue 22 point 5: rate-limit keys (and the windows' tags) are HMACs with a server secret that
 * Node makes at its first start and keeps outside the database, readable by its owner only; a
 * copy of the database alone cannot be used to reverse them by guessing.
 */

const opened: (() => void)[] = []
afterEach(() => {
  for (const dispose of opened.splice(0)) dispose()
  delete process.env.SIGNPOST_SECRET
})

describe('the server secret on Node', () => {
  it('is made at the first start in a file beside the database, owner-only, kept across starts, and is in no table', async () => {
    const fresh = await freshDatabase()
    opened.push(fresh.dispose)
    const file = secretFileFor(fresh.url)
    expect(file).toBe(filePathOf(fresh.url).replace(/\.db$/, '.secret'))
    const first = loadKeySecret(fresh.url)
    expect(first.from).toBe(file)
    expect(first.secret.length).toBeGreaterThanOrEqual(40)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const key = await limitKey('sign-in:address:203.0.113.7')
    // a second start reads the same secret: the keys stored before still count
    expect(loadKeySecret(fresh.url).secret).toBe(first.secret)
    expect(await limitKey('sign-in:address:203.0.113.7')).toBe(key)
    // nowhere in the database file
    expect(readFileSync(filePathOf(fresh.url)).includes(Buffer.from(first.secret))).toBe(false)
    const tables = (await fresh.db.$client.execute("SELECT name FROM sqlite_master WHERE type = 'table'")).rows.map((r) => String(r.name))
    for (const table of tables) {
      const rows = await fresh.db.$client.execute(`SELECT * FROM "${table}"`)
      expect(JSON.stringify(rows.rows)).not.toContain(first.secret)
    }
  })

  it('is SIGNPOST_SECRET when it is set (16 characters at least), and another secret gives other keys', async () => {
    const fresh = await freshDatabase()
    opened.push(fresh.dispose)
    process.env.SIGNPOST_SECRET = 'one-secret-for-every-process-of-this-server'
    expect(loadKeySecret(fresh.url)).toEqual({ secret: 'one-secret-for-every-process-of-this-server', from: 'SIGNPOST_SECRET' })
    const a = await limitKey('sign-in:account:elm@school.test')
    process.env.SIGNPOST_SECRET = 'another-secret-as-long-as-it-should-be'
    loadKeySecret(fresh.url)
    expect(await limitKey('sign-in:account:elm@school.test')).not.toBe(a)
    // a secret short enough to guess is refused
    process.env.SIGNPOST_SECRET = 'short'
    expect(() => loadKeySecret(fresh.url)).toThrow(/at least 16 characters/)
  })

  it("remembers a round window's key only for the secret it was made with", async () => {
    const fresh = await freshDatabase()
    opened.push(fresh.dispose)
    process.env.SIGNPOST_SECRET = 'one-secret-for-every-process-of-this-server'
    loadKeySecret(fresh.url)
    const first = await windowKey('submissions:window:7:10:123')
    expect(first).toBe(await limitKey('submissions:window:7:10:123'))
    expect(await windowKey('submissions:window:7:10:123')).toBe(first)
    // a new secret: the tags stored under the old one are not made again from memory
    process.env.SIGNPOST_SECRET = 'another-secret-as-long-as-it-should-be'
    loadKeySecret(fresh.url)
    const second = await windowKey('submissions:window:7:10:123')
    expect(second).not.toBe(first)
    expect(second).toBe(await limitKey('submissions:window:7:10:123'))
  })
})
