import { HTTPException } from 'hono/http-exception'
import type { Db } from '../db/database.ts'
import type { SurveyCatalog } from '../surveys/load.ts'
import type { Survey } from '../surveys/schema.ts'
import { normaliseCode } from '../rounds/codes.ts'
import { surveyOfRound } from '../rounds/survey-versions.ts'
import { knownAccess, resolveAccess, resolveAccessCached, refusal, type Access, type Refusal } from './access.ts'
import { checkLookups, countFailedLookup, lookupLimitsFor } from './lookup-limit.ts'
import { explainRefusal } from './refusals.ts'

export type Opened = { access: Access; survey: Survey; refused: Refusal | null }

/** How a code is looked up: from the cache of open rounds (posts of responses), and counted against the caller's address. */
export type OpenOptions = {
  /** The caller's address: a code that matches nothing counts against it and the server (lookup-limit.ts). */
  address?: string
  /** Use the cache of open rounds (only where the write checks the round again, as posting a response does). */
  cached?: boolean
  now?: Date
}

/**
 * Opens a code for answering: finds its round and survey and says whether it may be
 * answered today. Throws 404 for a code that matches nothing, and 429 when the caller's address
 * (or the server) has had too many such codes in the last minute.
 */
export async function openCode(db: Db, catalog: SurveyCatalog, code: string, day: string, options: OpenOptions = {}): Promise<Opened> {
  const access = await lookUp(db, code, options)
  if (!access) throw new HTTPException(404, { message: explainRefusal('unknown').message })
  // the survey as the round was opened with it, whatever the files say today
  const survey = await surveyOfRound(db, catalog, access.round)
  return { access, survey, refused: await refusal(db, access, day) }
}

/**
 * A code's access, or null; with an address, limited: a code this process knows opens its round
 * at once, any other is looked up only while the address and the server are under their limits
 * of failed look-ups, and counted when it matches nothing.
 */
export async function lookUp(db: Db, code: string, options: OpenOptions = {}): Promise<Access | null> {
  const now = options.now ?? new Date()
  // what cannot be a code is no guess of one: not looked up, not counted
  if (!/^[A-Z0-9]{4,16}$/.test(normaliseCode(code))) return null
  if (options.address === undefined) return options.cached ? resolveAccessCached(db, code, now) : resolveAccess(db, code)
  const known = await knownAccess(db, code, now)
  if (known) return options.cached ? known : resolveAccess(db, code)
  const limits = await lookupLimitsFor(options.address)
  await checkLookups(db, limits, now)
  const access = options.cached ? await resolveAccessCached(db, code, now) : await resolveAccess(db, code)
  if (!access) await countFailedLookup(db, limits, now)
  return access
}
