import type { User } from '../auth/users.ts'
import type { Db } from '../db/database.ts'
import { auditStatement, recordAudit, type AuditActor, type AuditEntry } from './log.ts'

/** The actor of an entry for a signed-in account: its id, with its name and email as they are now. */
export const actorOf = (user: Pick<User, 'id' | 'name' | 'email'>): AuditActor => ({ id: user.id, name: user.name, email: user.email })

/** An institution's round as an entry names it, found by survey and year (the round may not exist: then no round id). */
async function roundOf(db: Db, institutionId: number, surveyId: string, year: string) {
  const rs = await db.$client.execute({
    sql: `SELECT id FROM rounds WHERE institution_id = ? AND survey_id = ? AND year = ?`,
    args: [institutionId, surveyId, year],
  })
  return rs.rows[0] ? Number(rs.rows[0].id) : null
}

/**
 * Records a download of an institution's round (report CSV, answers CSV, governors' summary):
 * called once the file is made, just before it is sent, so a refused download records nothing.
 */
export async function recordExport(
  db: Db,
  who: { user: Pick<User, 'id' | 'name' | 'email'>; now: Date },
  where: { institution: { id: number; name: string; partnershipId: number }; surveyId: string; year: string },
  file: string,
): Promise<void> {
  await recordAudit(db, {
    action: 'export.downloaded',
    actor: actorOf(who.user),
    partnershipId: where.institution.partnershipId,
    institutionId: where.institution.id,
    roundId: await roundOf(db, where.institution.id, where.surveyId, where.year),
    subject: `${where.institution.name}, ${where.surveyId} ${where.year}`,
    detail: file,
    at: who.now,
  })
}

/** An entry for a partnership-wide download (the framework matrix, the pack of summaries). */
export function partnershipExportEntry(user: Pick<User, 'id' | 'name' | 'email' | 'partnershipId'>, file: string, now: Date): AuditEntry {
  return { action: 'export.downloaded', actor: actorOf(user), partnershipId: user.partnershipId, subject: 'the partnership', detail: file, at: now }
}

export { auditStatement, recordAudit }
