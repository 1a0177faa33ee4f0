import type { Db } from '../db/database.ts'

/**
 * The aggregates behind every report, read in libSQL from the tallies that every response
 * updates in its own atomic batch (see src/collect/store.ts): a report reads a few hundred
 * rows whatever the number of responses, and never an individual answer.
 */

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ')

/** Every round of one institution for the given surveys, oldest year first, with its respondent count. */
export async function roundsWithCounts(db: Db, institutionId: number, surveyIds: string[]) {
  const rs = await db.$client.execute({
    sql: `SELECT r.id, r.year, r.status, r.code, r.survey_id AS surveyId,
                 (SELECT count(*) FROM responses s WHERE s.round_id = r.id) AS respondents
          FROM rounds r WHERE r.institution_id = ? AND r.survey_id IN (${marks(surveyIds.length)})
          ORDER BY r.year`,
    args: [institutionId, ...surveyIds],
  })
  return rs.rows.map((r) => ({
    id: Number(r.id),
    year: String(r.year),
    status: String(r.status),
    code: String(r.code),
    surveyId: String(r.surveyId),
    respondents: Number(r.respondents),
  }))
}

export type ScaleRow = { roundId: number; key: string; scale: number | null; count: number }

/**
 * Answers to agreement questions, counted per round, question and scale point (null = don't
 * know), from the tallies kept with every response. Every agreement question a round asked
 * is counted, including ones a later survey no longer asks, so an earlier year's ranking can
 * be rebuilt.
 */
export async function scaleCounts(db: Db, roundIds: number[]): Promise<ScaleRow[]> {
  if (roundIds.length === 0) return []
  const rs = await db.$client.execute({
    sql: `SELECT round_id, question_key, scale, sum(n) AS n FROM answer_tallies
          WHERE round_id IN (${marks(roundIds.length)}) AND (scale IS NOT NULL OR value = 'dk')
          GROUP BY round_id, question_key, scale`,
    args: roundIds,
  })
  return rs.rows.map((r) => ({
    roundId: Number(r.round_id),
    key: String(r.question_key),
    scale: r.scale === null ? null : Number(r.scale),
    count: Number(r.n),
  }))
}

/** How many respondents answered each question of a round (a multiple-choice answer counts once). */
export async function answeredCounts(db: Db, roundId: number): Promise<Map<string, number>> {
  const rs = await db.$client.execute({
    sql: `SELECT question_key, n FROM answer_tallies WHERE round_id = ? AND value = ''`,
    args: [roundId],
  })
  return new Map(rs.rows.map((r) => [String(r.question_key), Number(r.n)]))
}

export type GroupRow = { group: string; key: string; scale: number | null; count: number }

/**
 * The agreement answers of a round split by the answer the same respondent gave to a
 * profile question ('' for respondents who did not answer it), with each group's size.
 */
export async function breakdownCounts(db: Db, roundId: number, profileKey: string) {
  const rs = await db.$client.execute({
    sql: `SELECT group_value, question_key, point, n FROM profile_tallies WHERE round_id = ? AND profile_key = ?`,
    args: [roundId, profileKey],
  })
  const sizes = new Map<string, number>()
  const cells: GroupRow[] = []
  for (const r of rs.rows) {
    const group = String(r.group_value)
    if (r.question_key === '') sizes.set(group, Number(r.n))
    else cells.push({ group, key: String(r.question_key), scale: Number(r.point) === 0 ? null : Number(r.point), count: Number(r.n) })
  }
  return { sizes, cells }
}

/** The action plan recorded for a round, if any. */
export async function actionPlanOf(db: Db, roundId: number): Promise<{ keys: string[]; actions: Record<string, string> } | null> {
  const rs = await db.$client.execute({ sql: 'SELECT development_keys, actions FROM action_plans WHERE round_id = ?', args: [roundId] })
  const row = rs.rows[0]
  return row ? { keys: JSON.parse(String(row.development_keys)), actions: JSON.parse(String(row.actions)) } : null
}
