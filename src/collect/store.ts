import type { InStatement } from '@libsql/client/web'
import type { Db } from '../db/database.ts'
import type { AnswerRow } from '../surveys/answers.ts'
import type { Access } from './access.ts'

export type Submission = {
  submissionId: string
  language: string
  /** The day it arrived (YYYY-MM-DD); no finer time is stored. */
  day: string
  rows: AnswerRow[]
}

/** `stored`: this call stored it; `duplicate`: the same submissionId was already stored; `token-used`: refused. */
export type StoreOutcome = 'stored' | 'duplicate' | 'token-used'

async function alreadyStored(db: Db, roundId: number, submissionId: string): Promise<boolean> {
  const rs = await db.$client.execute({
    sql: 'SELECT 1 FROM responses WHERE round_id = ? AND submission_id = ?',
    args: [roundId, submissionId],
  })
  return rs.rows.length > 0
}

async function tokenUsed(db: Db, tokenHash: string): Promise<boolean> {
  const rs = await db.$client.execute({ sql: 'SELECT 1 FROM used_tokens WHERE token_hash = ?', args: [tokenHash] })
  return rs.rows.length > 0
}

/** The two statements that write one response and its answers (they belong in one batch). */
export function responseStatements(roundId: number, submission: Submission): InStatement[] {
  const statements: InStatement[] = [
    {
      sql: 'INSERT INTO responses (round_id, submission_id, submitted_on, language) VALUES (?, ?, ?, ?)',
      args: [roundId, submission.submissionId, submission.day, submission.language],
    },
  ]
  if (submission.rows.length > 0) {
    statements.push({
      sql: `INSERT INTO answers (response_id, round_id, question_key, value, scale)
            SELECT r.id, r.round_id, v.column1, v.column2, v.column3
            FROM responses r, (VALUES ${submission.rows.map(() => '(?, ?, ?)').join(', ')}) v
            WHERE r.round_id = ? AND r.submission_id = ?`,
      args: [...submission.rows.flatMap((row) => [row.key, row.value, row.scale]), roundId, submission.submissionId],
    })
  }
  return statements
}

/**
 * Stores a response and all its answers in one atomic write batch, or nothing.
 *
 * Exactly-once comes from the database, not from the check in front: the unique index on
 * (round, submissionId) and the primary key of used_tokens make a second concurrent write
 * of the same submission, or a second use of a token, fail as a whole; the loser then finds
 * out which of the two it was.
 */
export async function storeResponse(db: Db, access: Access, submission: Submission): Promise<StoreOutcome> {
  const roundId = access.round.id
  if (await alreadyStored(db, roundId, submission.submissionId)) return 'duplicate'
  if (access.tokenHash && (await tokenUsed(db, access.tokenHash))) return 'token-used'

  const statements: InStatement[] = []
  if (access.tokenHash) statements.push({ sql: 'INSERT INTO used_tokens (token_hash) VALUES (?)', args: [access.tokenHash] })
  statements.push(...responseStatements(roundId, submission))
  try {
    await db.$client.batch(statements, 'write')
    return 'stored'
  } catch (error) {
    if (!isConstraintError(error)) throw error
    if (await alreadyStored(db, roundId, submission.submissionId)) return 'duplicate'
    if (access.tokenHash && (await tokenUsed(db, access.tokenHash))) return 'token-used'
    throw error
  }
}

function isConstraintError(error: unknown): boolean {
  const text = `${(error as { code?: string })?.code ?? ''} ${(error as Error)?.message ?? ''}`
  return /CONSTRAINT/i.test(text)
}
