import type { Db } from '../db/database.ts'
import { limitKey, recordHits, retryAfter, TooManyRequests, waitInWords, type Limit } from '../http/rate-limit.ts'

/**
 * Guessing codes online. A round code or a one-time token that matches nothing is a failed
 * look-up, counted in the database (table rate_limits, like failed sign-ins) per address and for
 * the whole server, per minute; past either limit every look-up that is not already known to
 * this process is refused with 429 and Retry-After, before the database is asked about the code.
 *
 * Sizes. A school behind one address: a class of 30 typing codes from slips makes a few typos a
 * minute, so `perAddress` is 30 a minute. `global` caps the guesses of any number of addresses:
 * 300 a minute. At that rate, with 1,000 open 8-character round codes (31^8 ≈ 8.5 × 10^11), the
 * expected time to find one is 31^8 / 1,000 / 300 minutes ≈ 5.4 years; with 6-character codes it
 * would be about 2 days, so code-only rounds get 8-character codes (rounds/codes.ts). One-time
 * tokens (31^10) are out of reach at any number of open tokens a partnership prints.
 *
 * What this cannot prevent: a flood of wrong codes from many addresses fills the global window,
 * and then a code this process has not seen answered since it started is refused for up to a
 * minute (codes already answered are served from memory and keep working); the README says so.
 */
export const lookupLimits = { windowMinutes: 1, perAddress: 30, global: 300 }

/** The two limits a look-up from an address counts against. The address is an HMAC with the server secret: never stored readably. */
export async function lookupLimitsFor(address: string): Promise<Limit[]> {
  const { windowMinutes } = lookupLimits
  return [
    { key: await limitKey(`lookup:address:${address.toLowerCase()}`), max: lookupLimits.perAddress, windowMinutes },
    { key: 'lookup:global', max: lookupLimits.global, windowMinutes },
  ]
}

/** The 429 for an address (or a server) that has guessed too many codes for now. */
export function tooManyLookups(wait: number): TooManyRequests {
  wait = Math.max(1, wait)
  return new TooManyRequests(
    wait,
    `Too many codes that match no survey have been typed here in the last minute. Check the code on your sheet or slip and try again in ${waitInWords(wait)}.`,
  )
}

/** Throws the 429 when the address or the server is past its limit of failed look-ups. */
export async function checkLookups(db: Db, limits: Limit[], now: Date): Promise<void> {
  const wait = await retryAfter(db, limits, now)
  if (wait > 0) throw tooManyLookups(wait)
}

/** Counts one failed look-up against the address and the server. */
export const countFailedLookup = (db: Db, limits: Limit[], now: Date) => recordHits(db, limits, now)
