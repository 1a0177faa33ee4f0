import type { InStatement } from '@libsql/client/web'
import { HTTPException } from 'hono/http-exception'
import { auditStatement, type AuditActor } from '../audit/log.ts'
import type { Db } from '../db/database.ts'

/**
 * Deletion on request (issue 19, point 2). Each deletion is one atomic batch with its audit
 * entry: what goes and the record of it land together or not at all. The audit log itself is
 * never touched (its rows keep the deleted round's or institution's name in words).
 *
 * - A round, by the partnership lead: its responses, answers, tallies, one-time codes, action
 *   plan and "you said, we did", and the round itself. The partnership's figures are worked out
 *   from the tallies, so they follow at once.
 * - An institution, by the lead: every round of it as above, its framework entries, its staff
 *   accounts (with their sessions) and open invitations, and the institution.
 * - A written answer, by a coordinator (or the lead): every answer to that question of the
 *   round with exactly that text, and its count in the tallies. The count of people who wrote
 *   an answer to the question stays, so the free-text minimum still counts them and nothing
 *   else on the report moves.
 */

type Round = { id: number; institutionId: number; surveyId: string; year: string }
type Institution = { id: number; name: string; partnershipId: number }

/** What a round's deletion removes, in counts, for the confirmation page. */
export async function roundContents(db: Db, roundId: number) {
  const rs = await db.$client.execute({
    sql: `SELECT (SELECT count(*) FROM responses WHERE round_id = ?1) AS responses,
                 (SELECT count(*) FROM access_tokens WHERE round_id = ?1) AS tokens,
                 (SELECT count(*) FROM action_plans WHERE round_id = ?1) AS plans,
                 (SELECT count(*) FROM you_said_we_did WHERE round_id = ?1) AS youSaid,
                 (SELECT deleted_responses FROM rounds WHERE id = ?1) AS deletedResponses`,
    args: [roundId],
  })
  const r = rs.rows[0]!
  return {
    responses: Number(r.responses) + Number(r.deletedResponses ?? 0),
    tokens: Number(r.tokens),
    actionPlan: Number(r.plans) > 0,
    youSaid: Number(r.youSaid) > 0,
  }
}

function roundStatements(roundId: number): InStatement[] {
  return [
    { sql: 'DELETE FROM used_tokens WHERE token_hash IN (SELECT token_hash FROM access_tokens WHERE round_id = ?)', args: [roundId] },
    { sql: 'DELETE FROM access_tokens WHERE round_id = ?', args: [roundId] },
    { sql: 'DELETE FROM label_uses WHERE round_id = ?', args: [roundId] },
    { sql: 'DELETE FROM event_codes WHERE round_id = ?', args: [roundId] },
    { sql: 'DELETE FROM answers WHERE round_id = ?', args: [roundId] },
    { sql: 'DELETE FROM responses WHERE round_id = ?', args: [roundId] },
    { sql: 'DELETE FROM answer_tallies WHERE round_id = ?', args: [roundId] },
    { sql: 'DELETE FROM profile_tallies WHERE round_id = ?', args: [roundId] },
    { sql: 'DELETE FROM action_plans WHERE round_id = ?', args: [roundId] },
    { sql: 'DELETE FROM you_said_we_did WHERE round_id = ?', args: [roundId] },
    { sql: 'DELETE FROM rounds WHERE id = ?', args: [roundId] },
  ]
}

/** Deletes a round and everything of it, with its audit entry. */
export async function deleteRound(db: Db, institution: Institution, round: Round, actor: AuditActor, now: Date): Promise<void> {
  const contents = await roundContents(db, round.id)
  await db.$client.batch(
    [
      ...roundStatements(round.id),
      auditStatement({
        action: 'deletion.round',
        actor,
        partnershipId: institution.partnershipId,
        institutionId: institution.id,
        roundId: round.id,
        subject: `${institution.name}, ${round.surveyId} ${round.year}`,
        detail: `${contents.responses} responses with their answers and tallies`,
        at: now,
      }),
    ],
    'write',
  )
  await db.$client.execute('PRAGMA wal_checkpoint(TRUNCATE)').catch(() => undefined)
}

/** Deletes an institution, every round of it, its framework entries and its staff accounts, with one audit entry. */
export async function deleteInstitution(db: Db, institution: Institution, actor: AuditActor, now: Date): Promise<void> {
  const rounds = (await db.$client.execute({ sql: 'SELECT id FROM rounds WHERE institution_id = ?', args: [institution.id] })).rows.map((r) => Number(r.id))
  const users = `SELECT id FROM users WHERE institution_id = ${Number(institution.id)}`
  await db.$client.batch(
    [
      ...rounds.flatMap(roundStatements),
      { sql: 'DELETE FROM framework_entries WHERE institution_id = ?', args: [institution.id] },
      { sql: `UPDATE action_plans SET changed_after_opening_by = NULL WHERE changed_after_opening_by IN (${users})`, args: [] },
      { sql: `DELETE FROM sessions WHERE user_id IN (${users})`, args: [] },
      ...['second_factors', 'recovery_codes', 'password_resets'].map((table) => ({ sql: `DELETE FROM ${table} WHERE user_id IN (${users})`, args: [] })),
      { sql: 'DELETE FROM invitations WHERE institution_id = ?', args: [institution.id] },
      { sql: 'DELETE FROM users WHERE institution_id = ?', args: [institution.id] },
      { sql: 'DELETE FROM institutions WHERE id = ?', args: [institution.id] },
      auditStatement({
        action: 'deletion.institution',
        actor,
        partnershipId: institution.partnershipId,
        institutionId: institution.id,
        subject: institution.name,
        detail: `${rounds.length} rounds, its framework entries and its staff accounts`,
        at: now,
      }),
    ],
    'write',
  )
  await db.$client.execute('PRAGMA wal_checkpoint(TRUNCATE)').catch(() => undefined)
}

/**
 * Deletes every answer to a written question of a round with exactly this text, and its count in
 * the tallies (also the figures an open round shows). 404 when there is no such answer.
 */
export async function deleteFreeText(
  db: Db,
  institution: Institution,
  round: Round,
  questionKey: string,
  text: string,
  actor: AuditActor,
  now: Date,
): Promise<number> {
  const found = await db.$client.execute({
    sql: 'SELECT count(*) AS n FROM answers WHERE round_id = ? AND question_key = ? AND value = ? AND scale IS NULL',
    args: [round.id, questionKey, text],
  })
  const n = Number(found.rows[0]!.n)
  if (n === 0) throw new HTTPException(404, { message: 'There is no such written answer in this round.' })
  await db.$client.batch(
    [
      { sql: 'DELETE FROM answers WHERE round_id = ? AND question_key = ? AND value = ?', args: [round.id, questionKey, text] },
      { sql: 'DELETE FROM answer_tallies WHERE round_id = ? AND question_key = ? AND value = ?', args: [round.id, questionKey, text] },
      auditStatement({
        action: 'deletion.free-text',
        actor,
        partnershipId: institution.partnershipId,
        institutionId: institution.id,
        roundId: round.id,
        subject: `${institution.name}, ${round.surveyId} ${round.year}`,
        // never the text itself: the log would keep what was deleted
        detail: `${n} written ${n === 1 ? 'answer' : 'answers'} to ${questionKey}`,
        at: now,
      }),
    ],
    'write',
  )
  await db.$client.execute('PRAGMA wal_checkpoint(TRUNCATE)').catch(() => undefined)
  return n
}
