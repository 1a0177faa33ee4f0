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

/** A round code: 6 characters, about 30 bits; anyone with it may answer the round's survey. */
export const newRoundCode = () => randomString(6)

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
