import { TooManyRequests, waitInWords, type Limit } from '../http/rate-limit.ts'

/**
 * One client cannot fill a round. The round's submission window (submission-limit.ts, default 600
 * responses in 10 minutes) stops a script, but a script alone could take all of it and leave the
 * next real student a 429. So each address may take at most half of a code-only round's window
 * (300 of the default 600 in 10 minutes, windows aligned to the clock): a flood from one address
 * leaves the other half for everyone else, and a school behind one address still gets 300
 * responses in 10 minutes from its own computers (a year group in one tutor period), with phones
 * on their own networks beside it. The address is the one the sign-in limit reads (the socket, or
 * `X-Forwarded-For` from a proxy named in TRUSTED_PROXY).
 *
 * Counted in the memory of this process, never in the database: a row per address and window
 * would record when someone at an address last answered, which is the time no stored row may
 * give. The cost: on a server of several processes, and on Workers (per isolate), each process
 * counts on its own, so one address can take up to half of the window in each; the round's window
 * in the database stays exact whatever happens. Rounds that need one-time codes are not counted:
 * each code admits one response, so a client can send no more than the codes it holds.
 *
 * Only stored responses count: a place is taken before the write and given back when the
 * response was not stored (a retry of a stored one, a refusal), so that under any number of posts
 * at once an address stores at most its allowance in one window.
 */

/** How many of a round's window one address may take: half, and at least 1. */
export const addressAllowance = (limit: Pick<Limit, 'max'>) => Math.max(1, Math.floor(limit.max / 2))

/** An address's count in one window of one round, and when that window ends (ms since 1970). */
type Entry = { window: number; count: number; until: number }

const taken = new Map<string, Entry>()
let lastSweep = 0

/** The window `now` falls in, in windows since 1970, and when it ends. */
function windowOf(limit: Pick<Limit, 'windowMinutes'>, now: Date) {
  const ms = limit.windowMinutes * 60_000
  const window = Math.floor(now.getTime() / ms)
  return { window, until: (window + 1) * ms }
}

/** Forgets the windows that have ended, at most once a minute: the map holds only the current window of each address and round. */
function sweep(now: Date) {
  if (now.getTime() - lastSweep < 60_000) return
  lastSweep = now.getTime()
  for (const [key, entry] of taken) if (entry.until <= now.getTime()) taken.delete(key)
}

/** A place taken for one response from an address; `giveBack` when the response was not stored (twice is once). */
export type Place = { giveBack: () => void }

/**
 * Takes a place for one response from `address` in the round's current window, or returns the
 * seconds until the window ends when the address has taken its allowance. An address that cannot
 * be told ('unknown': no socket, no Cloudflare header) is not counted.
 */
export function takePlace(roundId: number, address: string, limit: Pick<Limit, 'max' | 'windowMinutes'>, now: Date): Place | { wait: number } {
  if (address === 'unknown') return { giveBack: () => {} }
  sweep(now)
  const key = `${roundId}\u0000${address.toLowerCase()}`
  const { window, until } = windowOf(limit, now)
  let entry = taken.get(key)
  if (!entry || entry.window !== window) taken.set(key, (entry = { window, count: 0, until }))
  if (entry.count >= addressAllowance(limit)) return { wait: Math.max(1, Math.ceil((until - now.getTime()) / 1000)) }
  entry.count++
  const held = entry
  let given = false
  return {
    giveBack: () => {
      if (given) return
      given = true
      if (held.count > 0) held.count--
    },
  }
}

/** The 429 (with Retry-After) for an address that has sent its share of a round's responses for now. */
export function tooManyFromAddress(wait: number): TooManyRequests {
  return new TooManyRequests(
    wait,
    `A lot of answers to this survey have come from your network in the last few minutes, so yours was not sent. Keep this page open and send it again in ${waitInWords(wait)}.`,
  )
}

/** Forgets every place taken (tests that start a new server in the same process). */
export function forgetPlaces(): void {
  taken.clear()
}
