import { eq, sql } from 'drizzle-orm'
import type { Db } from '../db/database.ts'
import { accessTokens, eventCodes, institutions, partnerships, rounds, usedTokens } from '../db/schema.ts'
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
  /** The partnership's slug: the respondent pages link its privacy notice. */
  partnershipSlug?: string
  /** Set when the code typed is an event's (rounds/event-codes.ts): such an access is never cached, so a stopped code stops at once. */
  eventCode?: boolean
}

/** The round, with its institution's name and its partnership's settings and slug. */
const accessFields = { round: rounds, institutionName: institutions.name, settings: partnerships.settings, partnershipSlug: partnerships.slug }

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
    byEventCode: db
      .select(accessFields)
      .from(eventCodes)
      .innerJoin(rounds, eq(rounds.id, eventCodes.roundId))
      .innerJoin(institutions, eq(institutions.id, rounds.institutionId))
      .innerJoin(partnerships, eq(partnerships.id, institutions.partnershipId))
      .where(eq(eventCodes.code, sql.placeholder('code')))
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

/** One indexed lookup for a round code, two for an event's code, three for a token. */
export async function resolveAccess(db: Db, typed: string): Promise<Access | null> {
  const code = normaliseCode(typed)
  if (!/^[A-Z0-9]{4,16}$/.test(code)) return null
  const queries = queriesOf(db)
  const byCode = await queries.byCode.get({ code })
  if (byCode) return { ...byCode, tokenHash: null }
  // a code made for one event of a code-only round (rounds/event-codes.ts) opens that round
  const byEvent = code.length === 8 ? await queries.byEventCode.get({ code }) : undefined
  if (byEvent) return { ...byEvent, tokenHash: null, eventCode: true }
  const tokenHash = await hashToken(code)
  const byToken = await queries.byToken.get({ tokenHash })
  return byToken ? { ...byToken, tokenHash } : null
}

/**
 * Accesses found lately, for the posts of responses: a school's class sends the same code many
 * times a minute, and the join behind it would be read for each. Only an access whose round was
 * open when it was read is kept, for `accessCacheMs`, and only as a shortcut: the write reads the
 * round and its settings again for every group (group-write.ts `planGroup`), so a round closed
 * or a limit changed in the meantime takes effect for the next write, at once. Kept per database
 * handle, in this process's memory only; a one-time token is kept by its hash, never as typed.
 * An event's code is not kept: the school stops one when its event is over, and that takes effect at once.
 */
export const accessCacheMs = 60_000
const accessCacheSize = 10_000
type Cached = { access: Access; until: number }
const caches = new WeakMap<Db, Map<string, Cached>>()

const cacheOf = (db: Db) => {
  let cache = caches.get(db)
  if (!cache) caches.set(db, (cache = new Map()))
  return cache
}

/** A code already known to open a round (see `resolveAccessCached`), without reading the database; null if not known. */
export async function knownAccess(db: Db, typed: string, now: Date): Promise<Access | null> {
  const code = normaliseCode(typed)
  if (!/^[A-Z0-9]{4,16}$/.test(code)) return null
  const cache = cacheOf(db)
  const hit = cache.get(code) ?? cache.get(`token:${await hashToken(code)}`)
  if (!hit) return null
  if (hit.until <= now.getTime()) {
    cache.delete(code)
    return null
  }
  return hit.access
}

/** `resolveAccess`, keeping what it found while the round is open (see `accessCacheMs`). */
export async function resolveAccessCached(db: Db, typed: string, now: Date): Promise<Access | null> {
  const known = await knownAccess(db, typed, now)
  if (known) return known
  const access = await resolveAccess(db, typed)
  if (access && !access.eventCode && availability(access.round, now.toISOString().slice(0, 10)) === 'open') {
    const cache = cacheOf(db)
    if (cache.size >= accessCacheSize) cache.delete(cache.keys().next().value!)
    cache.set(access.tokenHash ? `token:${access.tokenHash}` : normaliseCode(typed), { access, until: now.getTime() + accessCacheMs })
  }
  return access
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
