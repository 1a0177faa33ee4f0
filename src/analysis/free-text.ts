import type { Db } from '../db/database.ts'
import { questionsOf, type Survey } from '../surveys/schema.ts'

/**
 * Free-text answers of one round, for the coordinator's report page only (never in the JSON
 * report or an export).
 *
 * - `round-open`: nothing is shown while the round is open, not even how many have written,
 *   so that reading the page before and after one student answers tells nothing about them.
 * - `closed`: each question shows its answers only when at least `minWriters` different
 *   respondents wrote one to that question (`shown`); otherwise `too-few-writers`, for 0 to
 *   `minWriters` − 1 alike, without the count. The round's number of respondents does not
 *   count: 9 responses posted without writing must not unlock the one that wrote.
 */
export type FreeTextAnswers =
  | { status: 'round-open'; minWriters: number; questions: { key: string; text: string }[] }
  | { status: 'closed'; minWriters: number; questions: FreeTextQuestion[] }

export type FreeTextQuestion =
  | {
      key: string
      text: string
      status: 'shown'
      /** How many respondents wrote an answer to the question (each writes at most one). */
      total: number
      /** At most `freeTextCap` of them, alphabetically. */
      answers: string[]
    }
  | { key: string; text: string; status: 'too-few-writers' }

/** The most answers shown per question. */
export const freeTextCap = 500

/**
 * The round's answers to the survey's `text` questions, as far as they may be shown: nothing
 * while the round is open; once it is closed, each question's answers when at least
 * `minWriters` respondents wrote one.
 *
 * One query. Answers are sorted alphabetically (case-insensitively), never in the order they
 * arrived, so that an answer cannot be matched to when it was sent or to the respondent's
 * other answers; blank answers are left out and count no writer; each question is capped at
 * `freeTextCap`.
 */
export async function freeTextAnswers(db: Db, survey: Survey, round: { id: number; status: string }, minWriters: number): Promise<FreeTextAnswers> {
  const questions = questionsOf(survey).filter((q) => q.kind === 'text')
  if (round.status !== 'closed') return { status: 'round-open', minWriters, questions: questions.map((q) => ({ key: q.key, text: q.text })) }
  if (questions.length === 0) return { status: 'closed', minWriters, questions: [] }
  const marks = questions.map(() => '?').join(', ')
  const rs = await db.$client.execute({
    sql: `WITH written AS (
            SELECT response_id, question_key, value FROM answers
            WHERE round_id = ? AND question_key IN (${marks}) AND trim(value) <> ''
          ),
          enough AS (
            SELECT question_key, count(DISTINCT response_id) AS writers FROM written GROUP BY question_key HAVING count(DISTINCT response_id) >= ?
          )
          SELECT question_key, value, writers FROM (
            SELECT w.question_key, w.value, e.writers,
                   row_number() OVER (PARTITION BY w.question_key ORDER BY w.value COLLATE NOCASE, w.value) AS position
            FROM written w JOIN enough e ON e.question_key = w.question_key
          )
          WHERE position <= ?
          ORDER BY question_key, position`,
    args: [round.id, ...questions.map((q) => q.key), minWriters, freeTextCap],
  })
  const byKey = new Map<string, { answers: string[]; total: number }>()
  for (const row of rs.rows) {
    const key = String(row.question_key)
    const entry = byKey.get(key) ?? { answers: [], total: Number(row.writers) }
    byKey.set(key, entry)
    entry.answers.push(String(row.value))
  }
  return {
    status: 'closed',
    minWriters,
    questions: questions.map((q): FreeTextQuestion => {
      const found = byKey.get(q.key)
      return found ? { key: q.key, text: q.text, status: 'shown', ...found } : { key: q.key, text: q.text, status: 'too-few-writers' }
    }),
  }
}
