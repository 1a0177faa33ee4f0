import { limitKey, waitInWords, type Limit } from '../http/rate-limit.ts'

/**
 * Starting a single sign-on (`GET /sign-in/sso/:providerId`) stores a login row (sso_logins) for
 * 10 minutes, and anyone may start one without signing in. Two limits keep that table small:
 *
 * - Per address, `perAddress` starts in `windowMinutes`, counted in rate_limits like failed
 *   sign-ins: the key is an HMAC of the address with the server secret (`limitKey`), so no address
 *   is stored readably. 30 in 10 minutes is far more than the staff of one school start by hand
 *   (each start is a click on "Sign in with ..."), even behind one address.
 * - Overall, at most `pending` logins under way at once, whoever started them: a flood from many
 *   addresses fills this, not the database. The cap is checked in the same statement that stores
 *   the row, so it holds under any number of starts at once. While it is full, single sign-on waits
 *   (at most 10 minutes, until the oldest login expires); the password form still works.
 */
export const ssoStartLimits = { windowMinutes: 10, perAddress: 30, pending: 500 }

/** The per-address limit of starts, keyed by an HMAC of the address. */
export async function ssoAddressLimit(address: string): Promise<Limit> {
  return { key: await limitKey(`sso-start:address:${address.toLowerCase()}`), max: ssoStartLimits.perAddress, windowMinutes: ssoStartLimits.windowMinutes }
}

/** Why a start was refused, in words for the sign-in page, with when to try again. */
export function tooManyStarts(why: 'address' | 'pending', wait: number): string {
  return why === 'address'
    ? `Many sign-ins with a school account have been started from your network in the last few minutes. Try again in ${waitInWords(wait)}, or sign in with your email address and password below.`
    : `Too many sign-ins with a school account are under way just now. Try again in ${waitInWords(wait)}, or sign in with your email address and password below.`
}
