import type { Context } from 'hono'
import { sha256Hex } from '../crypto.ts'

/** Failed sign-ins allowed in a window: per account, and per address (a school shares one). */
export const signInLimits = { windowMinutes: 15, perAccount: 5, perAddress: 30 }

/**
 * The caller's address as the runtime sees it. On Node, the socket's: a client can send any
 * cf-connecting-ip header it likes, and would otherwise get a fresh per-address limit with
 * every request. On Workers, where there is no socket, Cloudflare's cf-connecting-ip.
 */
export function clientAddress(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming
  if (incoming) return incoming.socket?.remoteAddress ?? 'unknown'
  return c.req.header('cf-connecting-ip') ?? 'unknown'
}

/** The two sign-in limits of an email and an address. Keys are hashed: the table never holds either readably. */
export async function signInLimitsFor(email: string, address: string) {
  const { windowMinutes } = signInLimits
  return {
    account: { key: await sha256Hex(`sign-in:account:${email.toLowerCase()}`), max: signInLimits.perAccount, windowMinutes },
    address: { key: await sha256Hex(`sign-in:address:${address.toLowerCase()}`), max: signInLimits.perAddress, windowMinutes },
  }
}
