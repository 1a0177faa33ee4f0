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
export function submissionLimitOf(access: Access): Limit {
  const { max, windowMinutes } = parseSettings(access.settings).submissionLimit
  return { key: `submissions:round:${access.round.id}`, max, windowMinutes, aligned: true, capped: true }
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
