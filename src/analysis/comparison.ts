import { and, eq, isNotNull, sql } from 'drizzle-orm'
import type { Db } from '../db/database.ts'
import { answerTallies, institutions, rounds } from '../db/schema.ts'
import { minOtherInstitutions } from '../framework/elements.ts'

/** A question's partnership median as a coordinator may see it, or why it is not shown. */
export type PartnershipMedian = { shown: true; median: number; institutions: number } | { shown: false; others: number }

/**
 * Each question's score at every institution of a partnership that ran the survey in the year:
 * positive and on-scale answers per institution and question, read in one GROUP BY over the
 * tallies' shown counts (the figures each institution's own report shows).
 */
export async function partnershipScores(db: Db, partnershipId: number, surveyId: string, year: string) {
  return db
    .select({
      institutionId: rounds.institutionId,
      key: answerTallies.questionKey,
      n: sql<number>`sum(${answerTallies.shown})`.mapWith(Number),
      positive: sql<number>`sum(CASE WHEN ${answerTallies.scale} >= 4 THEN ${answerTallies.shown} ELSE 0 END)`.mapWith(Number),
    })
    .from(rounds)
    .innerJoin(institutions, eq(institutions.id, rounds.institutionId))
    .innerJoin(answerTallies, eq(answerTallies.roundId, rounds.id))
    .where(and(eq(institutions.partnershipId, partnershipId), eq(rounds.surveyId, surveyId), eq(rounds.year, year), isNotNull(answerTallies.scale)))
    .groupBy(rounds.institutionId, answerTallies.questionKey)
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/**
 * The partnership median of each of `keys` for one institution's report: the middle of the
 * scores the partnership's institutions show that year, each with its own suppression (a score
 * from fewer than `minCohort` on-scale answers does not count), this institution's included.
 * Shown only where at least `minOtherInstitutions` (3) other institutions show a score, as the
 * framework's city average: with fewer, the median would give another's score away. It never
 * names an institution.
 */
export async function partnershipMedians(
  db: Db,
  where: { partnershipId: number; institutionId: number; surveyId: string; year: string; minCohort: number },
  keys: string[],
): Promise<Record<string, PartnershipMedian>> {
  const rows = await partnershipScores(db, where.partnershipId, where.surveyId, where.year)
  const medians: Record<string, PartnershipMedian> = {}
  for (const key of keys) {
    const shown = rows.filter((r) => r.key === key && r.n >= where.minCohort)
    const others = shown.filter((r) => r.institutionId !== where.institutionId).length
    medians[key] =
      others >= minOtherInstitutions
        ? { shown: true, median: median(shown.map((r) => r.positive / r.n)), institutions: shown.length }
        : { shown: false, others }
  }
  return medians
}
