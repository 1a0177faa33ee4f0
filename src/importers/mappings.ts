import type { Db } from '../db/database.ts'
import { columnMappingSchema, normalise, type ColumnMapping } from './columns.ts'

/**
 * A partnership's column choices for a survey's files: saved at a confirm when the lead asks,
 * and the start of the next check of a file for that survey (the same format as `--mapping`).
 */

export async function savedMapping(db: Db, partnershipId: number, surveyId: string): Promise<ColumnMapping | undefined> {
  const rs = await db.$client.execute({
    sql: 'SELECT mapping FROM import_mappings WHERE partnership_id = ? AND survey_id = ?',
    args: [partnershipId, surveyId],
  })
  const raw = rs.rows[0]?.mapping
  if (typeof raw !== 'string') return undefined
  try {
    const parsed = columnMappingSchema.safeParse(JSON.parse(raw))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}

/**
 * Saves a file's choices into the partnership's mapping for the survey: they replace the choices
 * for the same columns, and the choices for columns this file does not have are kept (an earlier
 * file's "Yr 10" is still mapped when the next one of its kind comes).
 */
export async function saveMapping(db: Db, partnershipId: number, surveyId: string, mapping: ColumnMapping, now: Date): Promise<void> {
  const earlier = (await savedMapping(db, partnershipId, surveyId)) ?? {}
  const headers = new Set(Object.keys(mapping).map(normalise))
  const kept = Object.fromEntries(Object.entries(earlier).filter(([header]) => !headers.has(normalise(header))))
  const merged: ColumnMapping = { ...kept, ...mapping }
  await db.$client.execute({
    sql: `INSERT INTO import_mappings (partnership_id, survey_id, mapping, updated_at) VALUES (?, ?, ?, ?)
          ON CONFLICT (partnership_id, survey_id) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at`,
    args: [partnershipId, surveyId, JSON.stringify(columnMappingSchema.parse(merged)), now.toISOString()],
  })
}
