import type { InStatement } from '@libsql/client/web'
import type { Db } from '../db/database.ts'

/**
 * The audit log of staff actions (issue 19, point 3): who (the account, or the command line, or
 * the retention schedule), what, which institution and round, and when, to the minute. Staff
 * actions are not anonymous; a respondent's never appears here.
 *
 * Append-only: this module only inserts and reads, and the table's triggers (migration 0009)
 * refuse any UPDATE or DELETE, whoever sends it. A caller that changes something in an atomic
 * batch adds `auditStatement(entry)` to that batch, so the change and its record land together
 * or not at all; `recordAudit` is the same row on its own.
 */

/** Every kind of entry, with the words the log page and its CSV show for it. */
export const auditActions = {
  'round.opened': 'Round opened',
  'round.closed': 'Round closed',
  'round.reopened': 'Round re-opened',
  'codes.printed': 'One-time codes printed',
  'event-code.added': 'Event code made',
  'event-code.stopped': 'Event code stopped',
  'export.downloaded': 'Export downloaded',
  'import.stored': 'File imported',
  'import.undone': 'Import undone',
  'responses.voided': 'Flood of responses voided',
  'action-plan.saved': 'Action plan saved',
  'you-said.published': '“You said, we did” published',
  'framework.figures': 'Framework figures entered',
  'framework.actions': 'Framework actions saved',
  'framework.criteria': 'Framework criteria saved',
  'framework.imported': 'Framework figures imported',
  'settings.changed': 'Settings changed',
  'account.created': 'Account created',
  'account.invited': 'Invitation created',
  'account.role-changed': 'Role changed',
  'account.removed': 'Account removed',
  'account.deactivated': 'Account deactivated',
  'account.reactivated': 'Account reactivated',
  'account.reset-link': 'Password-reset link created',
  'account.password-reset': 'Password reset',
  'two-factor.on': 'Two-factor sign-in turned on',
  'two-factor.off': 'Two-factor sign-in turned off',
  'sign-in': 'Signed in',
  'sign-in.failed': 'Sign-in failed',
  'sign-out': 'Signed out',
  'sessions.ended': 'Sessions ended',
  'deletion.round': 'Round deleted',
  'deletion.institution': 'Institution deleted',
  'deletion.free-text': 'Written answer deleted',
  'retention.run': 'Retention policy applied',
} as const

export type AuditAction = keyof typeof auditActions

export const isAuditAction = (value: string): value is AuditAction => Object.hasOwn(auditActions, value)

/** Who acted: a signed-in account, the `signpost` command line, the daily retention run, or Signpost itself (an unused account deactivated). */
export type AuditActor = { id: number; name: string; email: string } | 'command line' | 'retention schedule' | 'Signpost'

export type AuditEntry = {
  action: AuditAction
  actor: AuditActor
  partnershipId: number
  institutionId?: number | null
  roundId?: number | null
  /** What was acted on, in words ("Oak School, student-iag 2025/26"): kept readable after a deletion. */
  subject?: string
  /** Anything more: the file downloaded, the settings changed. Never an answer or a respondent's detail. */
  detail?: string
  /** When; the minute is kept, the seconds are not. */
  at?: Date
}

/** `YYYY-MM-DDTHH:MMZ`: staff actions are kept to the minute. */
export const auditMinute = (at: Date) => `${at.toISOString().slice(0, 16)}Z`

const actorWords = (actor: AuditActor) => (typeof actor === 'string' ? actor : `${actor.name} <${actor.email}>`)

/** The INSERT of one entry, to add to the caller's own atomic batch. */
export function auditStatement(entry: AuditEntry): InStatement {
  return {
    sql: `INSERT INTO audit_log (at, partnership_id, institution_id, round_id, user_id, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    args: [
      auditMinute(entry.at ?? new Date()),
      entry.partnershipId,
      entry.institutionId ?? null,
      entry.roundId ?? null,
      typeof entry.actor === 'string' ? null : entry.actor.id,
      actorWords(entry.actor),
      entry.action,
      entry.subject ?? '',
      entry.detail ?? '',
    ],
  }
}

/** Appends one entry on its own. */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.$client.execute(auditStatement(entry))
}

/**
 * The words for an institution's round, as entries name it. Looked up by the round's id; an
 * unknown round gives its id only (it may have been deleted since).
 */
export async function roundSubject(db: Db, roundId: number): Promise<{ subject: string; institutionId: number | null; partnershipId: number | null }> {
  const rs = await db.$client.execute({
    sql: `SELECT i.name, i.id AS institution_id, i.partnership_id, r.survey_id, r.year FROM rounds r JOIN institutions i ON i.id = r.institution_id WHERE r.id = ?`,
    args: [roundId],
  })
  const row = rs.rows[0]
  if (!row) return { subject: `round ${roundId}`, institutionId: null, partnershipId: null }
  return {
    subject: `${String(row.name)}, ${String(row.survey_id)} ${String(row.year)}`,
    institutionId: Number(row.institution_id),
    partnershipId: Number(row.partnership_id),
  }
}

export type AuditRow = {
  id: number
  at: string
  institutionId: number | null
  institution: string | null
  roundId: number | null
  actor: string
  action: string
  subject: string
  detail: string
}

/** What a reader narrows the log to; every field optional. */
export type AuditFilter = {
  institutionId?: number
  action?: AuditAction
  /** Part of the actor's name or email, any case. */
  actor?: string
  /** Days, `YYYY-MM-DD`, both included. */
  from?: string
  to?: string
}

/** The newest entries of a partnership first, narrowed by `filter`; at most `limit`. */
export async function readAudit(db: Db, partnershipId: number, filter: AuditFilter = {}, limit = 500): Promise<AuditRow[]> {
  const where = ['a.partnership_id = ?']
  const args: (string | number)[] = [partnershipId]
  if (filter.institutionId !== undefined) {
    where.push('a.institution_id = ?')
    args.push(filter.institutionId)
  }
  if (filter.action) {
    where.push('a.action = ?')
    args.push(filter.action)
  }
  if (filter.actor) {
    where.push(`instr(lower(a.actor), lower(?)) > 0`)
    args.push(filter.actor)
  }
  if (filter.from) {
    where.push('a.at >= ?')
    args.push(filter.from)
  }
  if (filter.to) {
    // every minute of the last day: 'YYYY-MM-DD' sorts before 'YYYY-MM-DDT...', so compare with the next character
    where.push('a.at < ?')
    args.push(`${filter.to}U`)
  }
  args.push(limit)
  const rs = await db.$client.execute({
    sql: `SELECT a.id, a.at, a.institution_id, i.name AS institution, a.round_id, a.actor, a.action, a.subject, a.detail
            FROM audit_log a LEFT JOIN institutions i ON i.id = a.institution_id
           WHERE ${where.join(' AND ')} ORDER BY a.at DESC, a.id DESC LIMIT ?`,
    args,
  })
  return rs.rows.map((r) => ({
    id: Number(r.id),
    at: String(r.at),
    institutionId: r.institution_id === null ? null : Number(r.institution_id),
    institution: r.institution === null ? null : String(r.institution),
    roundId: r.round_id === null ? null : Number(r.round_id),
    actor: String(r.actor),
    action: String(r.action),
    subject: String(r.subject),
    detail: String(r.detail),
  }))
}

/** The words for an entry's action (an unknown one, written by a later version, as it is). */
export const actionWords = (action: string) => (isAuditAction(action) ? auditActions[action] : action)

/**
 * Runs a change's statements in one atomic batch with its audit entry (when there is one), so
 * the change is never stored without its record. Without an entry, the statements run as before.
 */
export async function writeWithAudit(db: Db, statements: InStatement[], audit?: AuditEntry): Promise<void> {
  const all = audit ? [...statements, auditStatement(audit)] : statements
  if (all.length === 1) await db.$client.execute(all[0]!)
  else await db.$client.batch(all, 'write')
}
