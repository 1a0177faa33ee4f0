import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '../db/database.ts'
import { accessTokens, labelUses } from '../db/schema.ts'

/**
 * Progress by class in a round with one-time codes: per label the slips were printed for, how
 * many codes were printed and how many have been used. The used count is the label's counter
 * (`label_uses`), stepped in the batch that stores each response: never worked out by lining
 * tokens up with responses, and it says nothing of which code was used or what was answered.
 *
 * A label with fewer codes printed than the minimum cohort shows no used count: with three slips
 * for a small group, "2 of 3 used" says too much about who answered.
 */
export type LabelProgress = {
  /** The label as printed; '' for codes printed without one. */
  label: string
  printed: number
  /** Codes used so far; null when fewer than the minimum cohort were printed. */
  used: number | null
}

export async function labelProgress(db: Db, roundId: number, minCohort: number): Promise<LabelProgress[]> {
  const label = sql<string>`coalesce(${accessTokens.label}, '')`
  const rows = await db
    .select({ label, printed: sql<number>`count(*)`.mapWith(Number), used: sql<number>`coalesce(max(${labelUses.used}), 0)`.mapWith(Number) })
    .from(accessTokens)
    .leftJoin(labelUses, and(eq(labelUses.roundId, accessTokens.roundId), eq(labelUses.label, label)))
    .where(eq(accessTokens.roundId, roundId))
    .groupBy(label)
    .orderBy(label)
  return rows.map((r) => ({ label: r.label, printed: r.printed, used: r.printed < minCohort ? null : r.used }))
}
