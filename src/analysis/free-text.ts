import type { Db } from '../db/database.ts'
import { questionsOf, type Survey } from '../surveys/schema.ts'

/**
 * Free-text answers of one round, grouped by question, for the coordinator's report only.
 * `total` is how many non-empty answers the question received; `answers` holds at most
 * `freeTextCap` of them.
 */
export type FreeTextAnswers = { key: string; text: string; answers: string[]; total?: number }[]

/** The most answers shown per question. */
export const freeTextCap = 500

/**
 * The round's answers to the survey's `text` questions, or null when the round has fewer
 * respondents than `minFreeTextCohort` (free text from a small round is too easy to attribute).
 *
 * One query. Answers are sorted alphabetically (case-insensitively), never in the order they
 * arrived, so that an answer cannot be matched to when it was sent or to the respondent's
 * other answers; blank answers are left out; each question is capped at `freeTextCap`.
 */
export async function freeTextAnswers(
  db: Db,
  survey: Survey,
  roundId: number,
  respondents: number,
  minFreeTextCohort: number,
): Promise<FreeTextAnswers | null> {
  if (respondents < minFreeTextCohort) return null
  const questions = questionsOf(survey).filter((q) => q.kind === 'text')
  if (questions.length === 0) return []
  const marks = questions.map(() => '?').join(', ')
  const rs = await db.$client.execute({
    sql: `SELECT question_key, value, total FROM (
            SELECT question_key, value,
                   row_number() OVER (PARTITION BY question_key ORDER BY value COLLATE NOCASE, value) AS position,
                   count(*) OVER (PARTITION BY question_key) AS total
            FROM answers
            WHERE round_id = ? AND question_key IN (${marks}) AND trim(value) <> ''
          )
          WHERE position <= ?
          ORDER BY question_key, position`,
    args: [roundId, ...questions.map((q) => q.key), freeTextCap],
  })
  const byKey = new Map<string, { answers: string[]; total: number }>()
  for (const row of rs.rows) {
    const key = String(row.question_key)
    const entry = byKey.get(key) ?? { answers: [], total: Number(row.total) }
    byKey.set(key, entry)
    entry.answers.push(String(row.value))
  }
  return questions.map((q) => ({ key: q.key, text: q.text, answers: byKey.get(q.key)?.answers ?? [], total: byKey.get(q.key)?.total ?? 0 }))
}
