import { availability, type Availability, type Round } from './rounds.ts'

/**
 * A round opens and closes itself at its dates: nothing runs in the background, every request
 * asks `availability` with today's date (the survey pages and the write path already do), and the
 * dashboard shows a round by the same answer. A round past its closing date reads as closed, one
 * before its opening date as scheduled, whatever its stored status.
 */

const dayMs = 86_400_000
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs)

/** "12 January 2026". */
export function longDate(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
}

const weekday = (day: string, form: 'long' | 'short') => new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', { weekday: form, timeZone: 'UTC' })

/** "Friday 28 November 2025": for a printed sheet, where the weekday is what a class remembers. */
export function dayAndDate(day: string): string {
  // built from its parts: ICU versions differ on the comma after the weekday
  return `${weekday(day, 'long')} ${longDate(day)}`
}

/** "Fri 28 Nov": short enough for a slip of paper. */
export function shortDate(day: string): string {
  return `${weekday(day, 'short')} ${new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' })}`
}

const inDays = (n: number) => (n === 0 ? 'today' : n === 1 ? 'tomorrow' : `in ${n} days`)

/** When a round opens or closes, in words: "closes in 3 days (Friday 14 November 2025)", "opens on 5 January 2026 (in 12 days)". */
export function scheduleWords(round: Pick<Round, 'status' | 'opensOn' | 'closesOn'>, day: string): string | null {
  const state = availability(round, day)
  if (state === 'not-yet-open' && round.opensOn) {
    const close = round.closesOn ? `, closes on ${longDate(round.closesOn)}` : ''
    return `Opens ${inDays(daysBetween(day, round.opensOn))} (${longDate(round.opensOn)})${close}`
  }
  if (state === 'open' && round.closesOn) return `Closes ${inDays(daysBetween(day, round.closesOn))} (at the end of ${longDate(round.closesOn)})`
  if (state === 'closed' && round.status === 'open' && round.closesOn) return `Closed itself at the end of ${longDate(round.closesOn)}`
  return null
}

export type Scheduled<R> = R & { availability: Availability; schedule: string | null }

/**
 * Rounds as the dashboard shows them today: a round past its closing date has the status
 * `closed` (so its exact count shows, as after closing it by hand), with when it opens or closes.
 */
export function scheduled<R extends Pick<Round, 'status' | 'opensOn' | 'closesOn'>>(rounds: R[], day: string): Scheduled<R>[] {
  return rounds.map((r) => {
    const state = availability(r, day)
    return { ...r, status: state === 'closed' ? ('closed' as const) : r.status, availability: state, schedule: scheduleWords(r, day) } as Scheduled<R>
  })
}
