import type { InStatement } from '@libsql/client/web'
import { and, eq } from 'drizzle-orm'
import type { Db } from '../db/database.ts'
import { isConstraintError } from '../db/errors.ts'
import { responses } from '../db/schema.ts'
import { answerRows, type AnswerRow, type Answers } from '../surveys/answers.ts'
import { profileQuestions, scoredQuestions, type Survey } from '../surveys/schema.ts'
import { countHit, isLimitReached } from '../http/rate-limit.ts'
import { parseSettings } from '../org/settings.ts'
import { today } from '../rounds/academic-year.ts'
import { arrivalStatement } from '../rounds/arrivals.ts'
import { catchUpStatements } from '../rounds/shown-figures.ts'
import { tokenUsed, type Access } from './access.ts'
import { submissionLimitOf, submissionWait, tooManySubmissions } from './submission-limit.ts'
import { writeAtomically } from './write-queue.ts'

export type Submission = {
  submissionId: string
  language: string
  /** The day it arrived (YYYY-MM-DD); no finer time is stored. */
  day: string
  rows: AnswerRow[]
}

/** `stored`: this call stored it; `duplicate`: the same submissionId was already stored; `token-used`: refused. */
export type StoreOutcome = 'stored' | 'duplicate' | 'token-used'

/** Whether a response with this submissionId is stored for the round. */
export async function alreadyStored(db: Db, roundId: number, submissionId: string): Promise<boolean> {
  const stored = await db
    .select({ id: responses.id })
    .from(responses)
    .where(and(eq(responses.roundId, roundId), eq(responses.submissionId, submissionId)))
    .get()
  return stored !== undefined
}

const valuesList = (rows: number, columns: number) =>
  Array.from({ length: rows }, () => `(${Array.from({ length: columns }, () => '?').join(', ')})`).join(', ')

/**
 * The statements that write one response, its answers and the running tallies the reports
 * read (they belong in one atomic batch: all of them or none).
 */
export function responseStatements(survey: Survey, roundId: number, submission: Submission): InStatement[] {
  const { rows } = submission
  const statements: InStatement[] = [
    {
      sql: 'INSERT INTO responses (round_id, submission_id, submitted_on, language) VALUES (?, ?, ?, ?)',
      args: [roundId, submission.submissionId, submission.day, submission.language],
    },
  ]
  if (rows.length > 0) {
    statements.push({
      sql: `INSERT INTO answers (response_id, round_id, question_key, value, scale)
            SELECT r.id, r.round_id, v.column1, v.column2, v.column3
            FROM responses r, (VALUES ${valuesList(rows.length, 3)}) v
            WHERE r.round_id = ? AND r.submission_id = ?`,
      args: [...rows.flatMap((row) => [row.key, row.value, row.scale]), roundId, submission.submissionId],
    })
    // every (question, value), and '' once per question answered
    const tallies = [...rows.map((r) => [r.key, r.value, r.scale]), ...[...new Set(rows.map((r) => r.key))].map((key) => [key, '', null])]
    statements.push({
      sql: `INSERT INTO answer_tallies (round_id, question_key, value, scale, n)
            SELECT ?, column1, column2, column3, 1 FROM (VALUES ${valuesList(tallies.length, 3)}) WHERE true
            ON CONFLICT (round_id, question_key, value) DO UPDATE SET n = n + 1`,
      args: [roundId, ...tallies.flat()],
    })
  }
  const profiles = profileQuestions(survey)
  if (profiles.length > 0) {
    const scored = new Set(scoredQuestions(survey).map((q) => q.key))
    const agreement = rows.filter((r) => scored.has(r.key))
    const groupRows = profiles.flatMap((p) => {
      const group = rows.find((r) => r.key === p.key)?.value ?? ''
      return [[p.key, group, '', 0], ...agreement.map((r) => [p.key, group, r.key, r.scale ?? 0])]
    })
    statements.push({
      sql: `INSERT INTO profile_tallies (round_id, profile_key, group_value, question_key, point, n)
            SELECT ?, column1, column2, column3, column4, 1 FROM (VALUES ${valuesList(groupRows.length, 4)}) WHERE true
            ON CONFLICT (round_id, profile_key, group_value, question_key, point) DO UPDATE SET n = n + 1`,
      args: [roundId, ...groupRows.flat()],
    })
  }
  return statements
}

/**
 * Stores a response and all its answers in one atomic write batch, or nothing.
 *
 * Exactly-once and the submission limit come from the database, not from the check in front:
 * the unique index on (round, submissionId) and the primary key of used_tokens make a second
 * concurrent write of the same submission, or a second use of a token, fail as a whole, and so
 * does the capped counter of the round once its window is full (the counter is the batch's last
 * statement, so the response, its answers and tallies go with it). The loser then finds out
 * which of these it was. In a code-only round the same batch counts the response's arrival in
 * its 10-minute window of `now` (rounds/arrivals.ts), so a response is counted exactly when it
 * is stored, also when a group commit holds several responses of the round.
 */
export async function storeResponse(db: Db, access: Access, survey: Survey, submission: Submission, now: Date): Promise<StoreOutcome> {
  const roundId = access.round.id
  // only here, with a complete and valid response in hand, is a token's use looked at: the same
  // submission sent again (a double click, a refresh, a retry after a lost answer) is the response
  // already stored and gets the answer the first post got; any other is refused
  if (access.tokenHash && (await tokenUsed(db, access.tokenHash))) {
    return (await alreadyStored(db, roundId, submission.submissionId)) ? 'duplicate' : 'token-used'
  }
  const limit = submissionLimitOf(access)
  const refusedForNow = async () => {
    // the retry of a response stored before the limit was reached still gets its answer
    if (await alreadyStored(db, roundId, submission.submissionId)) return 'duplicate' as const
    throw tooManySubmissions(await submissionWait(db, limit, now))
  }
  // a shortcut only, so that a full round is not sent writes that must fail; the write decides
  if ((await submissionWait(db, limit, now)) > 0) return refusedForNow()

  const statements: InStatement[] = []
  if (access.tokenHash) statements.push({ sql: 'INSERT INTO used_tokens (token_hash) VALUES (?)', args: [access.tokenHash] })
  statements.push(...responseStatements(survey, roundId, submission))
  // a code-only round counts how its responses arrive (per 10-minute window, never per response),
  // so that padding shows; an import does not come this way and is not counted
  if (!access.round.tokensRequired) statements.push(arrivalStatement(roundId, now))
  // the figures move on, in the same transaction, when this response completes a step of the minimum cohort
  statements.push(...catchUpStatements(roundId, parseSettings(access.settings).minCohort), countHit(limit, now))
  try {
    await writeAtomically(db, statements, { usesToken: access.tokenHash !== null })
    return 'stored'
  } catch (error) {
    if (!isConstraintError(error)) throw error
    if (isLimitReached(error)) return refusedForNow()
    if (await alreadyStored(db, roundId, submission.submissionId)) return 'duplicate'
    if (access.tokenHash && (await tokenUsed(db, access.tokenHash))) return 'token-used'
    throw error
  }
}

/** Stores a validated submission (the output of `submissionSchema`) that arrives now; only its day is kept. */
export function storeSubmission(
  db: Db,
  access: Access,
  survey: Survey,
  valid: { submissionId: string; language: string; answers: Answers },
  now: Date,
): Promise<StoreOutcome> {
  const submission = { submissionId: valid.submissionId, language: valid.language, day: today(now), rows: answerRows(survey, valid.answers) }
  return storeResponse(db, access, survey, submission, now)
}
