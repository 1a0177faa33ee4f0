import type { InStatement } from '@libsql/client/web'
import { auditStatement, type AuditEntry } from '../audit/log.ts'
import type { Db } from '../db/database.ts'
import { writeBatch } from '../db/writer.ts'

/**
 * Removing an import as a whole: the responses and answers it added (the block of response ids
 * it was given), the counts it added to the round's tallies (kept with the import), and the round
 * itself when the import created it and nothing else is left in it. One atomic batch, with the
 * audit log's entry in it: the import is gone, with its record, or nothing changed. The tallies
 * of an imported round (always closed) are shown as counted, so `shown` follows `n`.
 */

export type ImportRecord = {
  id: number
  roundId: number
  surveyId: string
  year: string
  format: string
  responses: number
  importedOn: string
  roundCreated: boolean
  /** The round's retention deleted its individual answers: the import can no longer be told apart from them. */
  answersDeleted: boolean
}

const recordOf = (r: Record<string, unknown>): ImportRecord => ({
  id: Number(r.id),
  roundId: Number(r.round_id),
  surveyId: String(r.survey_id),
  year: String(r.year),
  format: String(r.format),
  responses: Number(r.responses),
  importedOn: String(r.imported_on),
  roundCreated: Number(r.round_created) === 1,
  answersDeleted: r.answers_deleted_on !== null && r.answers_deleted_on !== undefined,
})

const selectRecords = `SELECT i.id, i.round_id, i.survey_id, i.year, i.format, i.responses, i.imported_on, i.round_created, r.answers_deleted_on
  FROM imports i JOIN rounds r ON r.id = i.round_id`

/** An institution's imports, the latest year first. */
export async function importsOf(db: Db, institutionId: number): Promise<ImportRecord[]> {
  const rs = await db.$client.execute({ sql: `${selectRecords} WHERE i.institution_id = ? ORDER BY i.year DESC, i.id DESC`, args: [institutionId] })
  return rs.rows.map((r) => recordOf(r as Record<string, unknown>))
}

export async function findImport(db: Db, institutionId: number, importId: number): Promise<ImportRecord | undefined> {
  const rs = await db.$client.execute({ sql: `${selectRecords} WHERE i.institution_id = ? AND i.id = ?`, args: [institutionId, importId] })
  return rs.rows[0] ? recordOf(rs.rows[0] as Record<string, unknown>) : undefined
}

export class UndoRefused extends Error {}

/** Removes an import; returns whether its round went too. Throws UndoRefused when it cannot be removed. */
export async function removeImport(db: Db, institutionId: number, importId: number, audit: Omit<AuditEntry, 'roundId'>): Promise<{ roundRemoved: boolean }> {
  const rs = await db.$client.execute({
    sql: 'SELECT id, round_id, first_response_id, last_response_id, tallies, profiles FROM imports WHERE institution_id = ? AND id = ?',
    args: [institutionId, importId],
  })
  const row = rs.rows[0]
  if (!row) throw new UndoRefused('This import is not there any more: it was removed already.')
  const record = await findImport(db, institutionId, importId)
  if (record?.answersDeleted)
    throw new UndoRefused(
      'The individual answers of this round were deleted under the retention policy: what this file added can no longer be told apart, so it cannot be removed.',
    )
  const roundId = Number(row.round_id)
  const [lo, hi] = [Number(row.first_response_id), Number(row.last_response_id)]
  const statements: InStatement[] = [
    // removed by someone else since it was read: the whole batch fails (json() of text that is not JSON)
    { sql: `SELECT CASE WHEN EXISTS (SELECT 1 FROM imports WHERE id = ?) THEN 1 ELSE json('the import was removed already') END`, args: [importId] },
    { sql: 'DELETE FROM answers WHERE round_id = ? AND response_id BETWEEN ? AND ?', args: [roundId, lo, hi] },
    { sql: 'DELETE FROM responses WHERE round_id = ? AND id BETWEEN ? AND ?', args: [roundId, lo, hi] },
    {
      sql: `UPDATE answer_tallies SET n = answer_tallies.n - d.dn
            FROM (SELECT value ->> 0 AS k, value ->> 1 AS v, value ->> 3 AS dn FROM json_each(?)) AS d
            WHERE answer_tallies.round_id = ? AND answer_tallies.question_key = d.k AND answer_tallies.value = d.v`,
      args: [String(row.tallies), roundId],
    },
    {
      sql: `UPDATE profile_tallies SET n = profile_tallies.n - d.dn
            FROM (SELECT value ->> 0 AS p, value ->> 1 AS g, value ->> 2 AS k, value ->> 3 AS pt, value ->> 4 AS dn FROM json_each(?)) AS d
            WHERE profile_tallies.round_id = ? AND profile_key = d.p AND group_value = d.g AND question_key = d.k AND profile_tallies.point = d.pt`,
      args: [String(row.profiles), roundId],
    },
    { sql: 'DELETE FROM answer_tallies WHERE round_id = ? AND n <= 0', args: [roundId] },
    { sql: 'DELETE FROM profile_tallies WHERE round_id = ? AND n <= 0', args: [roundId] },
    { sql: 'UPDATE answer_tallies SET shown = n WHERE round_id = ?', args: [roundId] },
    { sql: 'UPDATE profile_tallies SET shown = n WHERE round_id = ?', args: [roundId] },
    { sql: 'UPDATE responses SET in_figures = 1 WHERE round_id = ?', args: [roundId] },
    { sql: 'UPDATE rounds SET shown_respondents = (SELECT count(*) FROM responses WHERE round_id = ?1) WHERE id = ?1', args: [roundId] },
    { sql: 'DELETE FROM imports WHERE id = ?', args: [importId] },
    auditStatement({ ...audit, roundId }),
    // an imported round with nothing left in it, and nothing written about it, goes too
    {
      sql: `DELETE FROM rounds WHERE id = ?1 AND source = 'imported'
              AND NOT EXISTS (SELECT 1 FROM responses WHERE round_id = ?1) AND NOT EXISTS (SELECT 1 FROM imports WHERE round_id = ?1)
              AND NOT EXISTS (SELECT 1 FROM action_plans WHERE round_id = ?1) AND NOT EXISTS (SELECT 1 FROM you_said_we_did WHERE round_id = ?1)
              AND NOT EXISTS (SELECT 1 FROM access_tokens WHERE round_id = ?1)`,
      args: [roundId],
    },
  ]
  try {
    const changed = await writeBatch(db, statements)
    return { roundRemoved: changed[changed.length - 1]! > 0 }
  } catch (error) {
    if (/removed already/i.test(String((error as Error)?.message))) throw new UndoRefused('This import is not there any more: it was removed already.')
    throw error
  }
}
