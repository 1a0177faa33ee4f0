import type { Context } from 'hono'
import { sha256Hex } from '../crypto.ts'

/** Failed sign-ins allowed in a window: per account, and per address (a school shares one). */
export const signInLimits = { windowMinutes: 15, perAccount: 5, perAddress: 30 }

/** The caller's address as the runtime sees it (Workers: cf-connecting-ip; Node: the socket). */
export function clientAddress(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming
  return c.req.header('cf-connecting-ip') ?? incoming?.socket?.remoteAddress ?? 'unknown'
}

/** The two sign-in limits of an email and an address. Keys are hashed: the table never holds either readably. */
export async function signInLimitsFor(email: string, address: string) {
  const { windowMinutes } = signInLimits
  return {
    account: { key: await sha256Hex(`sign-in:account:${email.toLowerCase()}`), max: signInLimits.perAccount, windowMinutes },
    address: { key: await sha256Hex(`sign-in:address:${address.toLowerCase()}`), max: signInLimits.perAddress, windowMinutes },
  }
}
