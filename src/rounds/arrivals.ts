import type { InStatement } from '@libsql/client/web'
import { and, eq, inArray } from 'drizzle-orm'
import type { Db } from '../db/database.ts'
import { rounds } from '../db/schema.ts'
import { windowKey } from '../http/rate-limit.ts'

/**
 * How the responses of a code-only round arrived, kept without a time per response.
 *
 * A plain round code lets whoever holds it (the coordinator who is rated on the results, a
 * student with a script) post as many responses as they like, with answers they know. Nothing
 * in a response can tell a padded one from a real one, but padding has a shape: one person
 * posting many responses does it in a short time. So each code-only round keeps three numbers
 * (`rounds.arrival_window_start`, `arrival_window_count`, `busiest_window_count`): a tag of the
 * 10-minute window the latest responses fell in (not its time: `arrivalTag`), how many fell in it,
 * and the most any one window held. No response carries a time, and no row keeps one; the counts
 * say only how bunched the round's arrivals were.
 *
 * Tokens-required rounds are not counted (a one-time code admits one response: there is
 * nothing to pad), and neither are imports (they arrive all at once by nature).
 */

/** Minutes in an arrival window. Windows are aligned to the clock: minutes since 1970, floored to a multiple of 10. */
export const arrivalWindowMinutes = 10

/** The start of the window `now` falls in, in minutes since 1970 (a multiple of 10). */
export const arrivalWindowOf = (now: Date) => Math.floor(now.getTime() / 60_000 / arrivalWindowMinutes) * arrivalWindowMinutes

/**
 * What `rounds.arrival_window_start` stores for a window: a tag, a number made from an HMAC of the
 * round and the window with the server secret (52 bits), never the window's time. The round can
 * tell whether a response falls in the window it is counting (the same tag) or in another one, but
 * a copy of the database cannot tell when that window was, so the row does not date the round's
 * latest responses to within 10 minutes (finer than the day a response keeps).
 */
export async function arrivalTag(roundId: number, window: number): Promise<number> {
  return parseInt((await windowKey(`arrivals:window:${roundId}:${window}`)).slice(0, 13), 16)
}

/**
 * The statement that counts `arrived` responses (one by default) arriving in the window tagged
 * `tag` (`arrivalTag`) in a code-only round. It goes into the responses' own atomic batch, so a
 * response is counted exactly when it is stored; a group commit counts all of a round's responses
 * of one window in one statement (adding k at once ends in the same three numbers as k statements
 * adding 1: the busiest count only grows within a window). A response in another window than the
 * one counted starts a new count; since the tag keeps no time, that is also so for a clock set
 * back. In SQLite every expression of an UPDATE reads the row as it was, so the order of the SET
 * clauses does not matter. The text is the same for every round, window and count.
 */
export function arrivalStatement(roundId: number, tag: number, arrived = 1): InStatement {
  const fresh = 'arrival_window_start IS NULL OR arrival_window_start <> ?1'
  const count = `CASE WHEN ${fresh} THEN ?3 ELSE arrival_window_count + ?3 END`
  return {
    sql: `UPDATE rounds SET
            arrival_window_count = ${count},
            busiest_window_count = max(busiest_window_count, ${count}),
            arrival_window_start = ?1
          WHERE id = ?2 AND tokens_required = 0 AND source = 'collected'`,
    args: [tag, roundId, arrived],
  }
}

/** What a round keeps of its arrivals, and what its figures rest on. */
export type ArrivalCounts = {
  tokensRequired: boolean
  source: 'collected' | 'imported'
  arrivalWindowStart: number | null
  busiestWindowCount: number
  /** The responses the figures rest on (`rounds.shown_respondents`): they move in steps of the minimum cohort. */
  shownRespondents: number
}

/** How a code-only round's responses arrived, as a report shows it. */
export type Arrivals = {
  /** `shown`: the figures below; `too-few`: the figures rest on fewer than the minimum cohort; `not-recorded`: responses from before arrivals were counted. */
  status: 'shown' | 'too-few' | 'not-recorded'
  /** Minutes in a window (10). */
  windowMinutes: number
  /** The responses the figures rest on. */
  respondents: number
  /**
   * At least this many responses arrived within one 10-minute window: the busiest window's count
   * rounded down to a multiple of the minimum cohort, and at most `respondents`. 0 means fewer
   * than the minimum cohort did. Null unless `status` is `shown`.
   */
  busiestWindow: number | null
  /** `busiestWindow` as a share of `respondents`; null unless `status` is `shown`. */
  share: number | null
  /** The busiest window looks like padding (see `isBurst`). */
  burst: boolean
}

/**
 * Whether the busiest window is a burst worth telling the coordinator and the lead about:
 * more than half of the responses the figures rest on, and at least 2 × the minimum cohort of
 * them, arrived within one 10-minute window (both read from the rounded-down count).
 *
 * Why these two: a whole class, even a whole year group, answering in one tutor period is how
 * a school runs a survey, so a busy window alone means nothing, and the wording only informs.
 * "More than half" leaves out a round where one class of several answered together, and
 * catches a round that came mostly in one sitting, which is what a padded round looks like
 * (the padding outnumbers the real responses it is meant to read or outvote). "At least 2 ×
 * minCohort" leaves out a single step of the cohort: a few students answering together is too
 * ordinary to flag, and the share ("5 of 5 within 10 minutes") is shown anyway. It is also the
 * minimum round size by default, below which a round is too small to rate, so the flag speaks
 * where padding could change a rating. What it cannot see, said plainly in the README: padding
 * spread over many windows.
 */
export function isBurst(busiestWindow: number, respondents: number, minCohort: number): boolean {
  return busiestWindow >= 2 * minCohort && 2 * busiestWindow > respondents
}

/**
 * The arrival figures a report may show for a round, or null when there are none to show: a
 * round that needs one-time codes, or an imported one.
 *
 * The figures of an open round move only in steps of the minimum cohort (rounds/shown-figures.ts),
 * and so must these, or watching them would time single arrivals: nothing is shown until the
 * figures rest on at least `minCohort` respondents, and the busiest window's count is shown
 * rounded down to a multiple of `minCohort`, as a share of the respondents the figures rest on.
 */
export function shownArrivals(round: ArrivalCounts, minCohort: number): Arrivals | null {
  if (round.tokensRequired || round.source !== 'collected') return null
  const respondents = round.shownRespondents
  const none = { windowMinutes: arrivalWindowMinutes, respondents, busiestWindow: null, share: null, burst: false }
  if (respondents < minCohort) return { status: 'too-few', ...none }
  // responses stored before arrivals were counted (a round from before, or generated demo data)
  if (round.arrivalWindowStart === null) return { status: 'not-recorded', ...none }
  const busiestWindow = Math.min(Math.floor(round.busiestWindowCount / minCohort) * minCohort, respondents)
  return {
    status: 'shown',
    windowMinutes: arrivalWindowMinutes,
    respondents,
    busiestWindow,
    share: Math.round((busiestWindow / respondents) * 10_000) / 10_000,
    burst: isBurst(busiestWindow, respondents, minCohort),
  }
}

/** What a round keeps of its arrivals, as the two queries below read it. */
const arrivalColumns = {
  tokensRequired: rounds.tokensRequired,
  source: rounds.source,
  arrivalWindowStart: rounds.arrivalWindowStart,
  busiestWindowCount: rounds.busiestWindowCount,
  shownRespondents: rounds.shownRespondents,
}

/** The arrival counts of some rounds, by id, in one query. */
export async function arrivalCountsOf(db: Db, roundIds: number[]): Promise<Map<number, ArrivalCounts>> {
  if (roundIds.length === 0) return new Map()
  const rows = await db
    .select({ id: rounds.id, ...arrivalColumns })
    .from(rounds)
    .where(inArray(rounds.id, roundIds))
  return new Map(rows.map(({ id, ...counts }) => [id, counts]))
}

/** What the arrival figures say, in words: the report page and the lead's overview say the same. */
export function arrivalWords(a: Arrivals, minCohort: number): string {
  switch (a.status) {
    case 'too-few':
      return `Shown once the figures rest on at least ${minCohort} responses.`
    case 'not-recorded':
      return 'Not recorded: these responses came in before Signpost counted how responses arrive.'
    case 'shown':
      return a.busiestWindow === 0
        ? `Fewer than ${minCohort} of the ${a.respondents} responses arrived within any one ${a.windowMinutes}-minute window.`
        : `At least ${a.busiestWindow} of the ${a.respondents} responses (${Math.round(a.share! * 100)}%) arrived within one ${a.windowMinutes}-minute window.`
  }
}

/** The burst notice: it informs, it does not accuse (a class answering together looks the same). */
export const burstWords =
  'Most responses arrived within 10 minutes: if that was not a class answering together, responses may have been padded; one-time codes prevent this.'

/** The arrival counts of every round of some institutions in one academic year, in one query. */
export async function arrivalCountsInYear(db: Db, institutionIds: number[], year: string) {
  if (institutionIds.length === 0) return []
  return db
    .select({ institutionId: rounds.institutionId, audience: rounds.audience, ...arrivalColumns })
    .from(rounds)
    .where(and(inArray(rounds.institutionId, institutionIds), eq(rounds.year, year)))
}

/** The same, short, for a table cell of the lead's overview. */
export function arrivalShortWords(a: Arrivals, minCohort: number): string {
  switch (a.status) {
    case 'too-few':
      return 'too few responses yet'
    case 'not-recorded':
      return 'not recorded'
    case 'shown':
      return a.busiestWindow === 0
        ? `fewer than ${minCohort} in any ${a.windowMinutes} minutes`
        : `at least ${Math.round(a.share! * 100)}% (${a.busiestWindow} of ${a.respondents}) within ${a.windowMinutes} minutes`
  }
}
