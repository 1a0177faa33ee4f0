import type { InStatement } from '@libsql/client/web'
import { inArray, sql } from 'drizzle-orm'
import { HTTPException } from 'hono/http-exception'
import type { Db } from '../db/database.ts'
import { rateLimits } from '../db/schema.ts'
import { writeBatch } from '../db/writer.ts'

/**
 * Fixed-window counters kept in the database (table rate_limits), so that a limit holds across
 * restarts, across processes and on the Worker. Keys that would hold an email or an address
 * are HMACs with the server secret (`limitKey`).
 */
export type Limit = {
  key: string
  max: number
  windowMinutes: number
  /**
   * Windows start on a multiple of their length (09:00, 09:10...) rather than at the first hit,
   * so the row records no exact time: for limits counted alongside anonymous responses.
   */
  aligned?: boolean
  /**
   * The counter itself refuses the hit past `max` (see `countHit`), so the limit is exact under
   * any number of concurrent requests. For hits counted in the same batch as what they limit.
   */
  capped?: boolean
}

/**
 * The server secret that rate-limit keys are made with (HMAC-SHA256): a key that would hold an
 * email or an address is `await limitKey('sign-in:account:' + email)`, never a plain hash, which
 * anyone could reverse by hashing every likely email or address. On Node the secret comes from
 * SIGNPOST_SECRET or a file made at first start beside the database (see src/entry/key-secret-node.ts);
 * on Workers from the SIGNPOST_SECRET secret. Without one set (tests in one process), a random
 * secret of this process is used: limits then hold only while the process lives.
 */
let keySecret: Promise<CryptoKey> | undefined
let keySecretText: string | undefined
let secretBytes: Uint8Array<ArrayBuffer> | undefined

/** Sets the secret that `limitKey` uses (at start, or on a Worker's first request). */
export function useKeySecret(secret: string): void {
  if (secret.length < 16) throw new Error('SIGNPOST_SECRET must be at least 16 characters: make one with `openssl rand -base64 32`')
  if (secret === keySecretText) return
  keySecretText = secret
  secretBytes = new TextEncoder().encode(secret)
  keySecret = importKey(secretBytes)
  windowKeys.clear()
  secretGeneration++
}

/** The server secret's bytes, for the keys derived from it with HKDF (src/auth/sealed.ts); this process's random one when none is set. */
export function serverSecretBytes(): Uint8Array<ArrayBuffer> {
  // made at the first use, not at import: Workers allow no random values in global scope
  return (secretBytes ??= crypto.getRandomValues(new Uint8Array(32)))
}

const importKey = (bytes: Uint8Array<ArrayBuffer>) => crypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])

/** A rate-limit key for text that would identify someone: HMAC-SHA256 with the server secret, 64 hex digits. */
export async function limitKey(text: string): Promise<string> {
  // made at the first use, not at import: Workers allow no random values in global scope
  keySecret ??= importKey(serverSecretBytes())
  const mac = await crypto.subtle.sign('HMAC', await keySecret, new TextEncoder().encode(text))
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * The keys of a round's windows (`limitKey` of texts that name a round and a window, never a
 * person), remembered: every group of responses needs a few of them, and each HMAC is a trip
 * through the thread pool that, on a busy server, waits behind every request that came in
 * meanwhile. At most `maxWindowKeys`, forgotten all at once beyond that and when the secret changes.
 */
const windowKeys = new Map<string, string>()
const maxWindowKeys = 4096
let secretGeneration = 0

/** `limitKey(text)` for a text that names a round's window, from memory when this process made it before. */
export async function windowKey(text: string): Promise<string> {
  const known = windowKeys.get(text)
  if (known !== undefined) return known
  const generation = secretGeneration
  const key = await limitKey(text)
  if (generation === secretGeneration) {
    if (windowKeys.size >= maxWindowKeys) windowKeys.clear()
    windowKeys.set(text, key)
  }
  return key
}

const windowStart = (now: Date, windowMinutes: number) => new Date(now.getTime() - windowMinutes * 60_000).toISOString()

/**
 * The read of `retryAfter`, prepared once per database handle and number of keys: every
 * submission makes it, and drizzle would otherwise build its SQL anew each time.
 */
function windowsRead(db: Db, keys: number) {
  const placeholders = Array.from({ length: keys }, (_, i) => sql.placeholder(`key${i}`))
  return db
    .select({ key: rateLimits.key, count: rateLimits.count, windowStart: rateLimits.windowStart })
    .from(rateLimits)
    .where(inArray(rateLimits.key, placeholders))
    .prepare()
}

const windowsReads = new WeakMap<Db, Map<number, ReturnType<typeof windowsRead>>>()

function windowsReadOf(db: Db, keys: number): ReturnType<typeof windowsRead> {
  let byCount = windowsReads.get(db)
  if (!byCount) windowsReads.set(db, (byCount = new Map()))
  let read = byCount.get(keys)
  if (!read) byCount.set(keys, (read = windowsRead(db, keys)))
  return read
}

/** Seconds until every limit has room again, or 0 when none is reached. */
export async function retryAfter(db: Db, limits: Limit[], now: Date): Promise<number> {
  if (limits.length === 0) return 0
  const rows = await windowsReadOf(db, limits.length).all(Object.fromEntries(limits.map((l, i) => [`key${i}`, l.key])))
  let wait = 0
  for (const row of rows) {
    const limit = limits.find((l) => l.key === row.key)!
    const started = new Date(row.windowStart).getTime()
    const ends = started + limit.windowMinutes * 60_000
    if (ends > now.getTime() && row.count >= limit.max) wait = Math.max(wait, Math.ceil((ends - now.getTime()) / 1000))
  }
  return wait
}

/**
 * One more hit against a limit; a window that has passed starts again. Belongs in a write batch.
 *
 * For a `capped` limit, the row carries the limit's `max` and its CHECK (rate_limit_full) makes this
 * statement fail when the window is full, which aborts the whole batch: the hit and whatever it
 * was counted for are then both refused, atomically, however many requests race for the last
 * place. Tell that failure apart with `isLimitReached`. Otherwise the hit is always counted.
 */
export function countHit(limit: Limit, now: Date): InStatement {
  const windowMs = limit.windowMinutes * 60_000
  const start = limit.aligned ? new Date(Math.floor(now.getTime() / windowMs) * windowMs) : now
  const expired = limit.aligned ? new Date(start.getTime() - 1).toISOString() : windowStart(now, limit.windowMinutes)
  return {
    sql: `INSERT INTO rate_limits (key, window_start, count, max) VALUES (?, ?, 1, ?)
          ON CONFLICT (key) DO UPDATE SET
            count = CASE WHEN window_start <= ? THEN 1 ELSE count + 1 END,
            window_start = CASE WHEN window_start <= ? THEN excluded.window_start ELSE window_start END,
            max = excluded.max`,
    args: [limit.key, start.toISOString(), limit.capped ? limit.max : null, expired, expired],
  }
}

/**
 * Whether a failed write was refused by a capped counter that was full. The constraint's name is
 * in the message on every client: an embedded file (code SQLITE_CONSTRAINT_CHECK) and a libSQL
 * server over HTTP (code SQLITE_CONSTRAINT, no extended code) alike.
 */
export function isLimitReached(error: unknown): boolean {
  const messages = [(error as Error)?.message, ((error as Error)?.cause as Error | undefined)?.message]
  return messages.some((m) => typeof m === 'string' && /CHECK constraint failed: rate_limit_full/.test(m))
}

/** Counts one hit against each limit, in one atomic write. */
export async function recordHits(db: Db, limits: Limit[], now: Date): Promise<void> {
  await writeBatch(
    db,
    limits.map((limit) => countHit(limit, now)),
  )
}

export async function clearHits(db: Db, key: string): Promise<void> {
  await db.$client.execute({ sql: 'DELETE FROM rate_limits WHERE key = ?', args: [key] })
}

/** A limit was reached: a 429 whose Retry-After says when to try again (app.onError adds the header). */
export class TooManyRequests extends HTTPException {
  constructor(
    readonly retryAfterSeconds: number,
    message: string,
  ) {
    super(429, { message })
  }
}

/** "2 minutes", "40 seconds": how long to wait, in words. */
export function waitInWords(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`
  return `${Math.ceil(seconds / 60)} minutes`
}
