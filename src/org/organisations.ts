import { asc, eq } from 'drizzle-orm'
import { HTTPException } from 'hono/http-exception'
import { z } from 'zod'
import { analysisSettingsSchema, parseSettings, type AnalysisSettings } from './settings.ts'
import { auditStatement, type AuditActor } from '../audit/log.ts'
import type { Db } from '../db/database.ts'
import { institutions, partnerships } from '../db/schema.ts'

export const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'a slug is 2-63 lower case letters, digits and hyphens, e.g. "derby-city"')
export const displayName = z.string().trim().min(2, 'a name needs at least 2 characters').max(120, 'a name is at most 120 characters')

export async function addPartnership(db: Db, input: { slug: string; name: string }) {
  const values = z.object({ slug, name: displayName }).parse(input)
  if (await findPartnership(db, values.slug)) throw new HTTPException(409, { message: `a partnership "${values.slug}" already exists` })
  const [row] = await db.insert(partnerships).values(values).returning()
  return row!
}

export async function findPartnership(db: Db, partnershipSlug: string) {
  return db.query.partnerships.findFirst({ where: eq(partnerships.slug, partnershipSlug) })
}

export async function addInstitution(db: Db, input: { slug: string; name: string; partnership: string }) {
  const values = z.object({ slug, name: displayName, partnership: slug }).parse(input)
  const partnership = await findPartnership(db, values.partnership)
  if (!partnership) throw new HTTPException(404, { message: `no partnership "${values.partnership}"` })
  if (await findInstitution(db, values.slug)) throw new HTTPException(409, { message: `an institution "${values.slug}" already exists` })
  const [row] = await db.insert(institutions).values({ slug: values.slug, name: values.name, partnershipId: partnership.id }).returning()
  return row!
}

export async function findInstitution(db: Db, institutionSlug: string) {
  return db.query.institutions.findFirst({ where: eq(institutions.slug, institutionSlug) })
}

/** A partnership's settings (small groups, round size, submission limit), defaults filled in. */
export async function partnershipSettings(db: Db, partnershipSlug: string): Promise<AnalysisSettings> {
  const partnership = await findPartnership(db, partnershipSlug)
  if (!partnership) throw new HTTPException(404, { message: `no partnership "${partnershipSlug}"` })
  return parseSettings(partnership.settings)
}

/**
 * Replaces a partnership's settings: `input` is checked whole by the settings schema (a key it
 * does not know, or a value out of range, is refused with where and why) and stored with its
 * defaults filled in, so what is stored is what every report then says decided it.
 */
export async function setPartnershipSettings(
  db: Db,
  partnershipSlug: string,
  input: unknown,
  by: { actor: AuditActor; at: Date } = { actor: 'command line', at: new Date() },
): Promise<AnalysisSettings> {
  const settings = analysisSettingsSchema.parse(input)
  const partnership = await findPartnership(db, partnershipSlug)
  if (!partnership) throw new HTTPException(404, { message: `no partnership "${partnershipSlug}"` })
  const before = parseSettings(partnership.settings) as Record<string, unknown>
  const changed = Object.keys(settings).filter((k) => JSON.stringify(before[k]) !== JSON.stringify((settings as Record<string, unknown>)[k]))
  const update = db
    .update(partnerships)
    .set({ settings: JSON.stringify(settings) })
    .where(eq(partnerships.id, partnership.id))
  // nothing changed (the same settings sent again): stored as before, with nothing for the audit log
  if (changed.length === 0) {
    await update
    return settings
  }
  const { sql, params } = update.toSQL()
  // the change and its audit entry in one atomic batch: the entry names the settings that changed and their new values
  const detail = changed.map((k) => `${k}: ${JSON.stringify((settings as Record<string, unknown>)[k])}`).join('; ')
  await db.$client.batch(
    [
      { sql, args: params as never },
      auditStatement({ action: 'settings.changed', actor: by.actor, partnershipId: partnership.id, subject: partnership.name, detail, at: by.at }),
    ],
    'write',
  )
  return settings
}

/** Every partnership's slug and name, by slug. */
export async function listPartnerships(db: Db): Promise<{ slug: string; name: string }[]> {
  return db.select({ slug: partnerships.slug, name: partnerships.name }).from(partnerships).orderBy(asc(partnerships.slug))
}

/**
 * Every institution's slug and name with its partnership's slug, by partnership then slug; only
 * one partnership's when `partnershipSlug` is given (404 when there is no such partnership).
 */
export async function listInstitutions(db: Db, partnershipSlug?: string): Promise<{ slug: string; name: string; partnership: string }[]> {
  if (partnershipSlug !== undefined && !(await findPartnership(db, partnershipSlug))) {
    throw new HTTPException(404, { message: `no partnership "${partnershipSlug}"` })
  }
  return db
    .select({ slug: institutions.slug, name: institutions.name, partnership: partnerships.slug })
    .from(institutions)
    .innerJoin(partnerships, eq(partnerships.id, institutions.partnershipId))
    .where(partnershipSlug === undefined ? undefined : eq(partnerships.slug, partnershipSlug))
    .orderBy(asc(partnerships.slug), asc(institutions.slug))
}
