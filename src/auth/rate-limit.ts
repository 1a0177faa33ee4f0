import type { Context } from 'hono'
import type { Db } from '../db/database.ts'
import { sha256Hex } from '../crypto.ts'

/** Failed sign-ins allowed in a window: per account, and per address (a school shares one). */
export const signInLimits = { windowMinutes: 15, perAccount: 5, perAddress: 30 }

/** The caller's address as the runtime sees it (Workers: cf-connecting-ip; Node: the socket). */
export function clientAddress(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming
  return c.req.header('cf-connecting-ip') ?? incoming?.socket?.remoteAddress ?? 'unknown'
}

/** Keys are hashed, so the table never holds an email or an address in readable form. */
export const limitKey = (kind: 'account' | 'address', value: string) => sha256Hex(`sign-in:${kind}:${value.toLowerCase()}`)

const windowStartFor = (now: Date) => new Date(now.getTime() - signInLimits.windowMinutes * 60_000).toISOString()

/** Seconds until the caller may try again, or 0 when no limit is reached. */
export async function retryAfter(db: Db, limits: { key: string; max: number }[], now: Date): Promise<number> {
  const rs = await db.$client.execute({
    sql: `SELECT key, count, window_start FROM rate_limits WHERE key IN (${limits.map(() => '?').join(', ')}) AND window_start > ?`,
    args: [...limits.map((l) => l.key), windowStartFor(now)],
  })
  let wait = 0
  for (const row of rs.rows) {
    const limit = limits.find((l) => l.key === row.key)!
    if (Number(row.count) >= limit.max) {
      const ends = new Date(String(row.window_start)).getTime() + signInLimits.windowMinutes * 60_000
      wait = Math.max(wait, Math.ceil((ends - now.getTime()) / 1000))
    }
  }
  return wait
}

/** Counts one failure against each key, in one atomic write; a window that has passed starts again. */
export async function recordFailure(db: Db, keys: string[], now: Date): Promise<void> {
  const expired = windowStartFor(now)
  await db.$client.batch(
    keys.map((key) => ({
      sql: `INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, 1)
            ON CONFLICT (key) DO UPDATE SET
              count = CASE WHEN window_start <= ? THEN 1 ELSE count + 1 END,
              window_start = CASE WHEN window_start <= ? THEN excluded.window_start ELSE window_start END`,
      args: [key, now.toISOString(), expired, expired],
    })),
    'write',
  )
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.$client.execute({ sql: 'DELETE FROM rate_limits WHERE key = ?', args: [key] })
}
