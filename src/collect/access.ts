import { eq, sql } from 'drizzle-orm'
import type { Db } from '../db/database.ts'
import { accessTokens, institutions, partnerships, rounds, usedTokens } from '../db/schema.ts'
import { hashToken, normaliseCode } from '../rounds/codes.ts'
import { availability, type Availability, type Round } from '../rounds/rounds.ts'

/**
 * What a typed code opens: a round reached by its round code, or by a one-time token
 * (then `tokenHash` is set). Null when the code matches nothing.
 */
export type Access = {
  round: Round
  institutionName: (typeof institutions.$inferSelect)['name']
  tokenHash: string | null
  /** The partnership's settings (JSON), which hold the round's submission limit. */
  settings: (typeof partnerships.$inferSelect)['settings']
}

/** The round, with its institution's name and its partnership's settings. */
const accessFields = { round: rounds, institutionName: institutions.name, settings: partnerships.settings }

/**
 * The reads every submission makes, built once per database handle and then only executed:
 * drizzle builds a query's SQL anew on each call, which would cost more than the lookup itself.
 */
function accessQueries(db: Db) {
  return {
    byCode: db
      .select(accessFields)
      .from(rounds)
      .innerJoin(institutions, eq(institutions.id, rounds.institutionId))
      .innerJoin(partnerships, eq(partnerships.id, institutions.partnershipId))
      .where(eq(rounds.code, sql.placeholder('code')))
      .prepare(),
    byToken: db
      .select(accessFields)
      .from(accessTokens)
      .innerJoin(rounds, eq(rounds.id, accessTokens.roundId))
      .innerJoin(institutions, eq(institutions.id, rounds.institutionId))
      .innerJoin(partnerships, eq(partnerships.id, institutions.partnershipId))
      .where(eq(accessTokens.tokenHash, sql.placeholder('tokenHash')))
      .prepare(),
    used: db
      .select({ tokenHash: usedTokens.tokenHash })
      .from(usedTokens)
      .where(eq(usedTokens.tokenHash, sql.placeholder('tokenHash')))
      .prepare(),
  }
}

const prepared = new WeakMap<Db, ReturnType<typeof accessQueries>>()

function queriesOf(db: Db): ReturnType<typeof accessQueries> {
  let queries = prepared.get(db)
  if (!queries) prepared.set(db, (queries = accessQueries(db)))
  return queries
}

/** On every submission: one indexed lookup for a round code, two for a token. */
export async function resolveAccess(db: Db, typed: string): Promise<Access | null> {
  const code = normaliseCode(typed)
  if (!/^[A-Z0-9]{4,16}$/.test(code)) return null
  const queries = queriesOf(db)
  const byCode = await queries.byCode.get({ code })
  if (byCode) return { ...byCode, tokenHash: null }
  const tokenHash = await hashToken(code)
  const byToken = await queries.byToken.get({ tokenHash })
  return byToken ? { ...byToken, tokenHash } : null
}

/** Whether a one-time token (by its hash) has been used. */
export async function tokenUsed(db: Db, tokenHash: string): Promise<boolean> {
  return (await queriesOf(db).used.get({ tokenHash })) !== undefined
}

/** Why an access cannot be used to answer now, if it cannot. `token-used` is only ever the answer to a complete response (see storeResponse). */
export type Refusal = Exclude<Availability, 'open'> | 'token-required' | 'token-used'

/**
 * Whether a code may be answered today, from the round alone. It never asks whether a one-time
 * token was used: anyone holding a slip could otherwise poll the survey without sending
 * anything and learn the moment its student answered. An unused and a used token open the same
 * survey page and the same JSON; only a complete response sent with a used token is refused.
 * The database is not read (`_db` is kept so that callers need not change).
 */
export async function refusal(_db: Db, access: Access, day: string): Promise<Refusal | null> {
  const state = availability(access.round, day)
  if (state !== 'open') return state
  if (access.round.tokensRequired && !access.tokenHash) return 'token-required'
  return null
}
