import type { InStatement } from '@libsql/client/web'
import { parseSettings } from '../org/settings.ts'
import { retryAfter, TooManyRequests, waitInWords, type Limit } from '../http/rate-limit.ts'
import type { Db } from '../db/database.ts'
import type { Access } from './access.ts'

/**
 * How many responses a round code accepts in a window (the partnership's `submissionLimit`).
 * Only stored responses count: the hit is written in the same atomic batch as the response,
 * so a refused or invalid post costs nothing and a retry of a stored one is not counted twice.
 * The counter is capped: the hit that would go past `max` fails, and the response's whole batch
 * with it, so the limit is exact however many posts arrive at once.
 * The window is aligned to the clock, so no exact time of any response is kept.
 */
export function submissionLimitOf(access: Pick<Access, 'round' | 'settings'>): Limit {
  return roundLimit(access.round.id, access.settings)
}

/** The submission limit of a round, from its partnership's settings (JSON). */
export function roundLimit(roundId: number, settings: string | null): Limit {
  const { max, windowMinutes } = parseSettings(settings).submissionLimit
  return { key: `submissions:round:${roundId}`, max, windowMinutes, aligned: true, capped: true }
}

/** Seconds until the round takes responses again, or 0 when it has room now. */
export const submissionWait = (db: Db, limit: Limit, now: Date) => retryAfter(db, [limit], now)

/** The 429 (with Retry-After) for a round that has taken its limit of responses for now. */
export function tooManySubmissions(wait: number): TooManyRequests {
  // a window that closed between the refusal and this reading: try again at once, or nearly
  wait = Math.max(1, wait)
  return new TooManyRequests(
    wait,
    `This survey is taking a lot of answers at the moment, so yours was not sent. Keep this page open and send it again in ${waitInWords(wait)}.`,
  )
}

/** The start of an aligned window `now` falls in. */
const alignedStart = (now: Date, windowMinutes: number) => {
  const windowMs = windowMinutes * 60_000
  return new Date(Math.floor(now.getTime() / windowMs) * windowMs)
}

/**
 * `hits` more against an aligned, capped limit, as one statement of fixed text: a group commit
 * counts all of a round's responses in one step (rate-limit.ts `countHit` is this with 1). The
 * CHECK rate_limit_full makes it fail, and the whole group's batch with it, when the hits do not
 * all fit: the group is then split and retried (write-queue.ts).
 */
export function countHits(limit: Limit, now: Date, hits: number): InStatement {
  const start = alignedStart(now, limit.windowMinutes)
  const expired = new Date(start.getTime() - 1).toISOString()
  return {
    sql: `INSERT INTO rate_limits (key, window_start, count, max) VALUES (?1, ?2, ?3, ?4)
          ON CONFLICT (key) DO UPDATE SET
            count = CASE WHEN window_start <= ?5 THEN ?3 ELSE count + ?3 END,
            window_start = CASE WHEN window_start <= ?5 THEN excluded.window_start ELSE window_start END,
            max = excluded.max`,
    args: [limit.key, start.toISOString(), hits, limit.capped ? limit.max : null, expired],
  }
}

/** How many more hits an aligned limit has room for now, given its stored row (if any). */
export function roomLeft(limit: Limit, row: { windowStart: string; count: number } | undefined, now: Date): number {
  if (!row) return limit.max
  const start = alignedStart(now, limit.windowMinutes).getTime()
  // a window that began before the current one has passed
  if (new Date(row.windowStart).getTime() < start) return limit.max
  return Math.max(0, limit.max - row.count)
}
