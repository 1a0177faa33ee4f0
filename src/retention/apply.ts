import type { InStatement } from '@libsql/client/web'
import { auditStatement, type AuditActor } from '../audit/log.ts'
import type { Db } from '../db/database.ts'
import { parseSettings } from '../org/settings.ts'
import { academicYearOf, today } from '../rounds/academic-year.ts'
import { surveyOfRound } from '../rounds/survey-versions.ts'
import type { SurveyCatalog } from '../surveys/load.ts'

/**
 * Retention that keeps the trend (issue 19, point 1). A closed round whose academic year is
 * `keepAnswersYears` or more before this one (setting, default 3: the round's year and the two
 * after it) loses its individual answers: every answer row, so every free-text answer, every
 * response row, and the free text counted in its tallies. What remains are the tallies per
 * question and per profile group, which are all a report, the trend and next years'
 * development questions read, through the same suppression as before. The round keeps how many
 * responses it had and the day they were deleted, and its report says so.
 *
 * An open round is never touched (its answers are still arriving); it is listed in the plan as
 * kept. The same code runs from `signpost retention apply`, at the Node server's start and once a
 * day, and from the Worker's Cron Trigger.
 */

export type RetentionItem = {
  roundId: number
  partnershipId: number
  institution: string
  institutionId: number
  surveyId: string
  year: string
  responses: number
  /** Why it goes, or why it stays although old enough. */
  action: 'delete' | 'kept-open'
}

/** The academic years between a round's year and now's: 0 in the round's own year. */
const yearsSince = (year: string, now: Date) => Number(academicYearOf(now).slice(0, 4)) - Number(year.slice(0, 4))

/** The rounds whose individual answers are due to go now, and the old ones kept because they are still open. */
export async function retentionPlan(db: Db, now: Date): Promise<RetentionItem[]> {
  const rs = await db.$client.execute(
    `SELECT r.id, r.survey_id, r.year, r.status, i.id AS institution_id, i.name AS institution, p.id AS partnership_id, p.settings,
            (SELECT count(*) FROM responses s WHERE s.round_id = r.id) AS responses,
            (SELECT count(*) FROM answers a WHERE a.round_id = r.id) AS answers
       FROM rounds r JOIN institutions i ON i.id = r.institution_id JOIN partnerships p ON p.id = i.partnership_id
      WHERE r.answers_deleted_on IS NULL
      ORDER BY p.id, r.year, i.name, r.survey_id`,
  )
  const items: RetentionItem[] = []
  for (const row of rs.rows) {
    const keep = parseSettings(String(row.settings)).keepAnswersYears
    if (yearsSince(String(row.year), now) < keep) continue
    if (Number(row.responses) === 0 && Number(row.answers) === 0) continue
    items.push({
      roundId: Number(row.id),
      partnershipId: Number(row.partnership_id),
      institution: String(row.institution),
      institutionId: Number(row.institution_id),
      surveyId: String(row.survey_id),
      year: String(row.year),
      responses: Number(row.responses),
      action: row.status === 'open' ? 'kept-open' : 'delete',
    })
  }
  return items
}

/** The statements that delete one round's individual answers, in one atomic batch with its audit entry. */
async function deletionStatements(db: Db, catalog: SurveyCatalog, item: RetentionItem, now: Date, actor: AuditActor): Promise<InStatement[]> {
  const round = (await db.query.rounds.findFirst({ where: (r, { eq }) => eq(r.id, item.roundId) }))!
  const survey = await surveyOfRound(db, catalog, round)
  // free text is counted in the tallies by its value too: those rows go, the count of writers ('' row) stays
  const textKeys = survey.sections
    .flatMap((s) => s.questions)
    .filter((q) => q.kind === 'text')
    .map((q) => q.key)
  const day = today(now)
  const marked = `EXISTS (SELECT 1 FROM rounds WHERE id = ? AND status = 'closed' AND answers_deleted_on = ?)`
  return [
    {
      sql: `UPDATE rounds SET answers_deleted_on = ?, deleted_responses = deleted_responses + (SELECT count(*) FROM responses WHERE round_id = ?) WHERE id = ? AND status = 'closed'`,
      args: [day, item.roundId, item.roundId],
    },
    // each only if the UPDATE above marked the round: a round re-opened since the plan was made keeps everything
    { sql: `DELETE FROM answers WHERE round_id = ? AND ${marked}`, args: [item.roundId, item.roundId, day] },
    { sql: `DELETE FROM responses WHERE round_id = ? AND ${marked}`, args: [item.roundId, item.roundId, day] },
    {
      sql: `DELETE FROM answer_tallies WHERE round_id = ? AND value <> '' AND question_key IN (SELECT value FROM json_each(?)) AND ${marked}`,
      args: [item.roundId, JSON.stringify(textKeys), item.roundId, day],
    },
    auditStatement({
      action: 'retention.run',
      actor,
      partnershipId: item.partnershipId,
      institutionId: item.institutionId,
      roundId: item.roundId,
      subject: `${item.institution}, ${item.surveyId} ${item.year}`,
      detail: `individual answers of ${item.responses} responses deleted; tallies kept`,
      at: now,
    }),
  ]
}

export type RetentionResult = { deleted: RetentionItem[]; keptOpen: RetentionItem[]; dryRun: boolean }

/**
 * Applies the policy: each due round in its own atomic batch (its answers go with its audit
 * entry, or nothing does), then the WAL is emptied so the deleted pages do not linger in it
 * (secure_delete has zeroed them in the file). With `dryRun`, only says what would go.
 */
export async function applyRetention(
  db: Db,
  catalog: SurveyCatalog,
  options: { now?: Date; dryRun?: boolean; actor?: AuditActor } = {},
): Promise<RetentionResult> {
  const now = options.now ?? new Date()
  const plan = await retentionPlan(db, now)
  const deleted = plan.filter((i) => i.action === 'delete')
  const keptOpen = plan.filter((i) => i.action === 'kept-open')
  if (options.dryRun) return { deleted, keptOpen, dryRun: true }
  for (const item of deleted) {
    await db.$client.batch(await deletionStatements(db, catalog, item, now, options.actor ?? 'retention schedule'), 'write')
  }
  if (deleted.length > 0) {
    // an embedded file: move the commits into the file and empty the WAL; a libSQL server keeps its own log (see README)
    await db.$client.execute('PRAGMA wal_checkpoint(TRUNCATE)').catch(() => undefined)
  }
  return { deleted, keptOpen, dryRun: false }
}

/** The lines `signpost retention apply` prints. */
export function retentionLines(result: RetentionResult): string[] {
  const verb = result.dryRun ? 'Would delete' : 'Deleted'
  const lines = result.deleted.map(
    (i) => `${verb} the individual answers of ${i.institution}, ${i.surveyId} ${i.year} (${i.responses} responses); its tallies stay`,
  )
  for (const i of result.keptOpen) lines.push(`Kept ${i.institution}, ${i.surveyId} ${i.year}: old enough to delete, but still open (close it first)`)
  if (lines.length === 0) lines.push('Nothing is due: every round is within its partnership’s keepAnswersYears.')
  return lines
}
