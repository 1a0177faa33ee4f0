import { eq } from 'drizzle-orm'
import type { Db } from '../db/database.ts'
import { accessTokens, institutions, rounds, usedTokens } from '../db/schema.ts'
import { hashToken, normaliseCode } from '../rounds/codes.ts'
import { availability, type Availability, type Round } from '../rounds/rounds.ts'

/**
 * What a typed code opens: a round reached by its round code, or by a one-time token
 * (then `tokenHash` is set). Null when the code matches nothing.
 */
export type Access = {
  round: Round
  institutionName: string
  tokenHash: string | null
}

export async function resolveAccess(db: Db, typed: string): Promise<Access | null> {
  const code = normaliseCode(typed)
  if (!/^[A-Z0-9]{4,16}$/.test(code)) return null
  const byCode = await db
    .select({ round: rounds, institutionName: institutions.name })
    .from(rounds)
    .innerJoin(institutions, eq(institutions.id, rounds.institutionId))
    .where(eq(rounds.code, code))
    .get()
  if (byCode) return { ...byCode, tokenHash: null }
  const tokenHash = await hashToken(code)
  const byToken = await db
    .select({ round: rounds, institutionName: institutions.name })
    .from(accessTokens)
    .innerJoin(rounds, eq(rounds.id, accessTokens.roundId))
    .innerJoin(institutions, eq(institutions.id, rounds.institutionId))
    .where(eq(accessTokens.tokenHash, tokenHash))
    .get()
  return byToken ? { ...byToken, tokenHash } : null
}

/** Why an access cannot be used to answer now, if it cannot. */
export type Refusal = Exclude<Availability, 'open'> | 'token-required' | 'token-used'

export async function refusal(db: Db, access: Access, day: string): Promise<Refusal | null> {
  const state = availability(access.round, day)
  if (state !== 'open') return state
  if (access.round.tokensRequired && !access.tokenHash) return 'token-required'
  if (access.tokenHash) {
    const used = await db.select().from(usedTokens).where(eq(usedTokens.tokenHash, access.tokenHash)).get()
    if (used) return 'token-used'
  }
  return null
}
