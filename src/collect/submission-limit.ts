import type { InStatement } from '@libsql/client/web'
import { parseSettings } from '../org/settings.ts'
import { windowKey, TooManyRequests, waitInWords, type Limit } from '../http/rate-limit.ts'
import type { Db } from '../db/database.ts'
import type { Access } from './access.ts'

/**
 * How many responses a round code accepts in a window (the partnership's `submissionLimit`).
 * Only stored responses count: the hit is written in the same atomic batch as the response,
 * so a refused or invalid post costs nothing and a retry of a stored one is not counted twice.
 * The counter is capped: the hit that would go past `max` fails, and the response's whole batch
 * with it, so the limit is exact however many posts arrive at once.
 * The window is aligned to the clock and stored only as a keyed tag (`windowTag`), so the row keeps
 * no time at all.
 */
export function submissionLimitOf(access: Pick<Access, 'round' | 'settings'>): Limit {
  return roundLimit(access.round.id, access.settings)
}

/** The submission limit of a round, from its partnership's settings (JSON). */
export function roundLimit(roundId: number, settings: string | null): Limit {
  const { max, windowMinutes } = parseSettings(settings).submissionLimit
  return { key: `submissions:round:${roundId}`, max, windowMinutes, aligned: true, capped: true }
}

/** The round's counter as stored: the tag of the window it counts, and its count. */
export type CounterRow = { windowStart: string; count: number }

/** The window `now` falls in: its number since 1970 (windows aligned to the clock) and when it ends (ms). */
export function windowAt(limit: Pick<Limit, 'windowMinutes'>, now: Date): { index: number; ends: number } {
  const ms = limit.windowMinutes * 60_000
  const index = Math.floor(now.getTime() / ms)
  return { index, ends: (index + 1) * ms }
}

/**
 * What a round's counter stores for the window it counts: a tag, an HMAC with the server secret of
 * the round and the window's number (never a time). The counter can tell whether a response falls
 * in the window it counts (the same tag) or in a new one (another tag), but no one reading the
 * database, a copy or a backup can tell when that window was, so the row does not date the latest
 * responses: a time kept there (09:30) would say that the last `count` responses arrived between
 * 09:30 and 09:40, which is finer than the day a response keeps. The wait of a full round is
 * worked out from the clock: the window it counts is the current one, ending at `windowAt().ends`.
 */
export async function windowTag(roundId: number, limit: Pick<Limit, 'windowMinutes'>, now: Date): Promise<string> {
  const { index } = windowAt(limit, now)
  return `tag:${(await windowKey(`submissions:window:${roundId}:${limit.windowMinutes}:${index}`)).slice(0, 32)}`
}

/** Seconds until the round takes responses again, or 0 when it has room now. */
export async function submissionWait(db: Db, roundId: number, limit: Limit, now: Date): Promise<number> {
  const rs = await db.$client.execute({ sql: 'SELECT window_start, count FROM rate_limits WHERE key = ?', args: [limit.key] })
  const row = rs.rows[0]
  if (!row) return 0
  const left = roomLeft(limit, { windowStart: String(row.window_start), count: Number(row.count) }, await windowTag(roundId, limit, now))
  return left > 0 ? 0 : Math.ceil((windowAt(limit, now).ends - now.getTime()) / 1000)
}

/** The 429 (with Retry-After) for a round that has taken its limit of responses for now. */
export function tooManySubmissions(wait: number): TooManyRequests {
  // a window that closed between the refusal and this reading: try again at once, or nearly
  wait = Math.max(1, wait)
  return new TooManyRequests(
    wait,
    `This survey is taking a lot of answers at the moment, so yours was not sent. Keep this page open and send it again in ${waitInWords(wait)}.`,
  )
}

/**
 * `hits` more against a round's counter, in the window tagged `tag` (`windowTag`), as one statement
 * of fixed text: a group commit counts all of a round's responses in one step. A row that counts
 * another window starts again at `hits`. The CHECK rate_limit_full makes it fail, and the whole
 * group's batch with it, when the hits do not all fit: the group is then split and retried
 * (write-queue.ts).
 */
export function countHits(limit: Limit, tag: string, hits: number): InStatement {
  return {
    sql: `INSERT INTO rate_limits (key, window_start, count, max) VALUES (?1, ?2, ?3, ?4)
          ON CONFLICT (key) DO UPDATE SET
            count = CASE WHEN window_start = ?2 THEN count + ?3 ELSE ?3 END,
            window_start = ?2,
            max = excluded.max`,
    args: [limit.key, tag, hits, limit.capped ? limit.max : null],
  }
}

/** How many more responses a round's counter has room for in the window tagged `tag`, given its stored row (if any). */
export function roomLeft(limit: Limit, row: CounterRow | undefined, tag: string): number {
  // a row that counts another window (one that has passed, or a time stored before windows were tagged) has room for all
  if (!row || row.windowStart !== tag) return limit.max
  return Math.max(0, limit.max - row.count)
}
