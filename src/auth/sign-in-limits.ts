import type { InStatement } from '@libsql/client/web'
import type { Context } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import type { Db } from '../db/database.ts'
import { limitKey, type Limit } from '../http/rate-limit.ts'

/**
 * Failed sign-ins slow the guessing down without ever locking the real user out.
 *
 * - Per account, no lock: after `freeFailures` wrong passwords in a row, each further attempt
 *   must wait a delay that doubles with every failure (2 s, 4 s, ... at most `maxDelaySeconds`),
 *   so that a stranger guessing gets about a dozen guesses an hour, while the account's owner
 *   waits at most a few minutes. There is no second factor yet; when there is one, it is the
 *   other slower path.
 * - A browser the account signed in with before carries a "known device" cookie for it (signed
 *   with the server secret). Its attempts are counted apart: a stranger's failures never delay
 *   the owner on their own computer, and the owner's typos do not help the stranger.
 * - Per address, a fixed window generous enough for a whole school behind one address
 *   (`perAddress` failures in `windowMinutes`): it stops a script trying many accounts, not a
 *   staff room. The address is the socket's, or a trusted proxy's header when TRUSTED_PROXY names
 *   the proxy (see `clientAddress`).
 */
export const signInLimits = { windowMinutes: 15, perAddress: 300, freeFailures: 5, maxDelaySeconds: 300, forgetAfterHours: 24 }

/** Seconds to wait after `failures` wrong passwords in a row: none for the first few, then doubling, capped. */
export function delayAfter(failures: number): number {
  const { freeFailures, maxDelaySeconds } = signInLimits
  return failures < freeFailures ? 0 : Math.min(maxDelaySeconds, 2 ** (failures - freeFailures + 1))
}

const normaliseAddress = (address: string) =>
  address
    .trim()
    .toLowerCase()
    .replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '')

/** The proxies whose forwarded-for header is believed: TRUSTED_PROXY, comma-separated addresses (Node only). */
function trustedProxies(): Set<string> {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
  return new Set(
    (env?.TRUSTED_PROXY ?? '')
      .split(',')
      .map(normaliseAddress)
      .filter((a) => a !== ''),
  )
}

/** Whether a socket's address is one of the reverse proxies TRUSTED_PROXY names. */
export const isTrustedProxy = (address: string) => trustedProxies().has(normaliseAddress(address))

/**
 * The caller's address. On Node, the socket's, unless the socket is a proxy that TRUSTED_PROXY
 * names: then the nearest address in X-Forwarded-For that is not one of the trusted proxies. A
 * client can send any header it likes, so without that setting no header is read (otherwise
 * every request could claim a fresh address and a fresh limit). On Workers, where there is no
 * socket, Cloudflare's cf-connecting-ip, which Cloudflare sets.
 */
export function clientAddress(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming
  if (incoming) {
    const socket = incoming.socket?.remoteAddress
    if (!socket) return 'unknown'
    const proxies = trustedProxies()
    if (!proxies.has(normaliseAddress(socket))) return normaliseAddress(socket)
    const hops = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map(normaliseAddress)
      .filter((a) => a !== '')
    for (let i = hops.length - 1; i >= 0; i--) if (!proxies.has(hops[i]!)) return hops[i]!.slice(0, 64)
    return normaliseAddress(socket)
  }
  return c.req.header('cf-connecting-ip') ?? 'unknown'
}

/** The per-address limit of an address. Keys are HMACs with the server secret: the table holds no email or address. */
export async function addressLimit(address: string): Promise<Limit> {
  return { key: await limitKey(`sign-in:address:${address.toLowerCase()}`), max: signInLimits.perAddress, windowMinutes: signInLimits.windowMinutes }
}

const deviceCookie = 'signpost_device'

/** The nonce of this browser's known-device cookie for the email, if it has a valid one. */
async function knownDevice(c: Context, email: string): Promise<string | null> {
  const value = getCookie(c, deviceCookie)
  const match = value ? /^([A-Za-z0-9_-]{16,32})\.([0-9a-f]{64})$/.exec(value) : null
  if (!match || !email) return null
  return match[2] === (await limitKey(`sign-in:device-cookie:${email}:${match[1]}`)) ? match[1]! : null
}

/** After a sign-in, marks this browser as one the account uses (a year; only the latest account of a browser). */
export async function rememberDevice(c: Context, email: string): Promise<void> {
  const nonce = (await knownDevice(c, email)) ?? [...crypto.getRandomValues(new Uint8Array(12))].map((b) => b.toString(16).padStart(2, '0')).join('')
  setCookie(c, deviceCookie, `${nonce}.${await limitKey(`sign-in:device-cookie:${email}:${nonce}`)}`, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: new URL(c.req.url).protocol === 'https:',
    path: '/sign-in',
    maxAge: 365 * 86_400,
  })
}

/**
 * The failures counter a sign-in attempt for this email is counted on: the account's own, or,
 * from a browser it signed in with before, that browser's.
 */
export async function failureKey(c: Context, email: string): Promise<{ key: string; knownDevice: boolean }> {
  const device = await knownDevice(c, email)
  return device
    ? { key: await limitKey(`sign-in:device:${email}:${device}`), knownDevice: true }
    : { key: await limitKey(`sign-in:account:${email}`), knownDevice: false }
}

/**
 * Seconds until the next attempt on a failures counter may be tried: the delay of its run of
 * failures, from the last one. The row keeps the run's length in `count` and the last failure's
 * time in `window_start`; a run forgotten after `forgetAfterHours` starts again.
 */
export async function failureWait(db: Db, key: string, now: Date): Promise<number> {
  const rs = await db.$client.execute({ sql: 'SELECT window_start, count FROM rate_limits WHERE key = ?', args: [key] })
  const row = rs.rows[0]
  if (!row) return 0
  const since = (now.getTime() - new Date(String(row.window_start)).getTime()) / 1000
  if (since > signInLimits.forgetAfterHours * 3600) return 0
  return Math.max(0, Math.ceil(delayAfter(Number(row.count)) - since))
}

/** One more failure in a run; belongs in a write batch. */
export function failureStatement(key: string, now: Date): InStatement {
  const forgotten = new Date(now.getTime() - signInLimits.forgetAfterHours * 3_600_000).toISOString()
  return {
    sql: `INSERT INTO rate_limits (key, window_start, count, max) VALUES (?, ?, 1, NULL)
          ON CONFLICT (key) DO UPDATE SET count = CASE WHEN window_start <= ? THEN 1 ELSE count + 1 END, window_start = excluded.window_start, max = NULL`,
    args: [key, now.toISOString(), forgotten],
  }
}
