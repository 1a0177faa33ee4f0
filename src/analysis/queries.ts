import { and, eq, inArray, isNotNull, or, sql } from 'drizzle-orm'
import type { Db } from '../db/database.ts'
import { actionPlans, answerTallies, institutions, partnerships, profileTallies, rounds } from '../db/schema.ts'

/**
 * The aggregates behind every report, read in libSQL from the tallies that every response
 * updates in its own atomic batch (see src/collect/store.ts): a report reads a few hundred
 * rows whatever the number of responses, and never an individual answer. Each reads the
 * tallies' `shown` counts, which move in steps of the minimum cohort (rounds/shown-figures.ts). Typed drizzle
 * selects: each column comes back as its schema type, counts through `mapWith(Number)`.
 */

/** The institution a report is about, with its partnership's stored settings (JSON text). */
export async function institutionWithSettings(db: Db, institutionId: number) {
  const [row] = await db
    .select({ id: institutions.id, slug: institutions.slug, name: institutions.name, settings: partnerships.settings })
    .from(institutions)
    .innerJoin(partnerships, eq(partnerships.id, institutions.partnershipId))
    .where(eq(institutions.id, institutionId))
  return row
}

/** Every round of one institution for the given surveys, oldest year first, with its respondent count. */
export async function roundsWithCounts(db: Db, institutionId: number, surveyIds: string[]) {
  return db
    .select({
      id: rounds.id,
      year: rounds.year,
      status: rounds.status,
      code: rounds.code,
      // collected by Signpost, or imported from a file: every report says which
      source: rounds.source,
      surveyId: rounds.surveyId,
      surveyVersion: rounds.surveyVersion,
      // the responses the figures rest on, which move in steps of the minimum cohort (rounds/shown-figures.ts)
      respondents: rounds.shownRespondents,
      // every response stored, to be told once the round is closed (while open it would give away each arrival)
      // written out qualified: inside a select, drizzle renders a column without its table, which here would be s.id
      // with the responses the retention policy deleted (src/retention/), so the count stays what it was
      collected: sql<number>`(SELECT count(*) FROM responses s WHERE s.round_id = "rounds"."id") + "rounds"."deleted_responses"`.mapWith(Number),
      // the day the round's individual answers were deleted under the retention policy, or null
      answersDeletedOn: rounds.answersDeletedOn,
    })
    .from(rounds)
    .where(and(eq(rounds.institutionId, institutionId), inArray(rounds.surveyId, surveyIds)))
    .orderBy(rounds.year)
}

export type ScaleRow = { roundId: number; key: string; scale: number | null; count: number }

/**
 * Answers to agreement questions, counted per round, question and scale point (null = don't
 * know), from the tallies kept with every response. Every agreement question a round asked
 * is counted, including ones a later survey no longer asks, so an earlier year's ranking can
 * be rebuilt. The same GROUP BY over the tallies' primary key as written by hand (the query
 * plan is checked in test/analysis/queries.test.ts).
 */
export async function scaleCounts(db: Db, roundIds: number[]): Promise<ScaleRow[]> {
  if (roundIds.length === 0) return []
  // a tally row made after the last step counts nothing yet
  return (await scaleCountsQuery(db, roundIds)).filter((r) => r.count > 0)
}

/** The statement behind `scaleCounts` (exported for the query-plan test). */
export function scaleCountsQuery(db: Db, roundIds: number[]) {
  return db
    .select({
      roundId: answerTallies.roundId,
      key: answerTallies.questionKey,
      scale: answerTallies.scale,
      count: sql<number>`sum(${answerTallies.shown})`.mapWith(Number),
    })
    .from(answerTallies)
    .where(and(inArray(answerTallies.roundId, roundIds), or(isNotNull(answerTallies.scale), eq(answerTallies.value, 'dk'))))
    .groupBy(answerTallies.roundId, answerTallies.questionKey, answerTallies.scale)
}

/** How many respondents answered each question of a round (a multiple-choice answer counts once). */
export async function answeredCounts(db: Db, roundId: number): Promise<Map<string, number>> {
  const rows = await db
    .select({ key: answerTallies.questionKey, n: answerTallies.shown })
    .from(answerTallies)
    .where(and(eq(answerTallies.roundId, roundId), eq(answerTallies.value, '')))
  return new Map(rows.filter((r) => r.n > 0).map((r) => [r.key, r.n]))
}

export type GroupRow = { group: string; key: string; scale: number | null; count: number }

/**
 * The agreement answers of a round split by the answer the same respondent gave to a
 * profile question ('' for respondents who did not answer it), with each group's size.
 */
export async function breakdownCounts(db: Db, roundId: number, profileKey: string) {
  const rows = (
    await db
      .select({ group: profileTallies.groupValue, key: profileTallies.questionKey, point: profileTallies.point, n: profileTallies.shown })
      .from(profileTallies)
      .where(and(eq(profileTallies.roundId, roundId), eq(profileTallies.profileKey, profileKey)))
  ).filter((r) => r.n > 0)
  const sizes = new Map<string, number>()
  const cells: GroupRow[] = []
  for (const r of rows) {
    // question key '' counts the group's respondents; point 0 is "Don't know"
    if (r.key === '') sizes.set(r.group, r.n)
    else cells.push({ group: r.group, key: r.key, scale: r.point === 0 ? null : r.point, count: r.n })
  }
  return { sizes, cells }
}

/** The action plan recorded for a round, if any; `changedAfterOpeningOn` is the day the lead changed it after the next round opened. */
export async function actionPlanOf(
  db: Db,
  roundId: number,
): Promise<{ keys: string[]; actions: Record<string, string>; changedAfterOpeningOn: string | null } | null> {
  const [row] = await db
    .select({ keys: actionPlans.developmentKeys, actions: actionPlans.actions, changedAfterOpeningOn: actionPlans.changedAfterOpeningOn })
    .from(actionPlans)
    .where(eq(actionPlans.roundId, roundId))
  return row ? { keys: JSON.parse(row.keys), actions: JSON.parse(row.actions), changedAfterOpeningOn: row.changedAfterOpeningOn } : null
}
