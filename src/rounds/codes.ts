import { sha256Hex } from '../crypto.ts'

/**
 * Round codes and one-time tokens. Both are drawn with WebCrypto from an alphabet without
 * look-alike characters (no 0/O, 1/I/L), so a student can copy one from a slip; input is
 * forgiving about case, spaces and hyphens.
 */
const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'

function randomString(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length * 2))
  let out = ''
  for (const b of bytes) {
    // reject values that would bias the draw
    if (b >= 256 - (256 % alphabet.length)) continue
    out += alphabet[b % alphabet.length]
    if (out.length === length) return out
  }
  return out + randomString(length - out.length)
}

/**
 * Round code lengths. A code-only round's code is the only key to it, and the look-ups that match
 * nothing are limited to 300 a minute for the whole server (collect/lookup-limit.ts), so its length
 * decides how long guessing takes: with 1,000 open code-only rounds, 31^6 / 1,000 / 300 a minute is
 * about 2 days, 31^8 / 1,000 / 300 about 5.4 years. So code-only rounds (and imported ones, which
 * have no one-time codes either, though they stay closed) get 8 characters.
 *
 * A round that needs one-time codes keeps 6: its round code alone admits no one (it is answered
 * 403, "this survey needs a one-time code"), and a round keeps the access it was opened with
 * (rounds.ts `accessStaysAsOpened`), so the code can never later become the only key. Guessing it
 * gains nothing but the name of a school, and each respondent types the 10-character one-time code,
 * not the round code, so the shorter code costs no one any typing.
 */
export const roundCodeLength = { codeOnly: 8, withTokens: 6 } as const

/** A new round's code: 8 characters (about 40 bits) for a round the code alone opens, 6 (about 30 bits) for one that needs one-time codes. */
export const newRoundCode = (tokensRequired: boolean) => randomString(tokensRequired ? roundCodeLength.withTokens : roundCodeLength.codeOnly)

/** A round code as printed: an 8-character code in two groups of four (ABCD EFGH), easier to copy; a shorter one whole. */
export const codeGroups = (code: string): string[] => (code.length === 8 ? [code.slice(0, 4), code.slice(4)] : [code])

/** A one-time token: 10 characters (about 50 bits), shown as XXXXX-XXXXX on a slip. */
export function newToken(): string {
  const raw = randomString(10)
  return `${raw.slice(0, 5)}-${raw.slice(5)}`
}

/** What a respondent typed, reduced to the stored form: upper case, no spaces or hyphens. */
export function normaliseCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]+/g, '')
}

/** Tokens are stored only as a SHA-256 hash of their normalised form. */
export const hashToken = (token: string): Promise<string> => sha256Hex(normaliseCode(token))
