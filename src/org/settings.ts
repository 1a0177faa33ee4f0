import type { Db } from '../db/database.ts'
import { z } from 'zod'

/**
 * The rules a partnership may configure, with the defaults of the IAG Improvement Framework.
 * Stored as JSON on the partnership; every report carries the settings that decided it.
 */
export const analysisSettingsSchema = z.strictObject({
  /** No figure is shown for a group of fewer respondents than this. */
  minCohort: z.number().int().min(2).max(100).default(5),
  /** Free-text answers are shown only for a round with at least this many respondents. */
  minFreeTextCohort: z.number().int().min(2).max(100).default(10),
  /**
   * Whether coordinators may download their institution's answers one row per response. By
   * default only the partnership lead may (the rows are combination-safe, but row-level data is
   * the easiest to misuse).
   */
  coordinatorsMayExportAnswers: z.boolean().default(false),
  /** A round with fewer respondents than this is too small to rate. */
  minRoundSize: z.number().int().min(1).max(1000).default(10),
  /**
   * Responses one round code accepts in a window. A code is shared by a whole school, often in
   * one tutor period, so the default is generous: it stops a script, not a year group.
   */
  submissionLimit: z
    .strictObject({
      max: z.number().int().min(1).max(100_000).default(600),
      windowMinutes: z.number().int().min(1).max(1440).default(10),
    })
    .default({ max: 600, windowMinutes: 10 }),
})

export type AnalysisSettings = z.infer<typeof analysisSettingsSchema>

export const defaultSettings: AnalysisSettings = analysisSettingsSchema.parse({})

/**
 * Reads a partnership's stored settings; anything missing takes the default. Stored settings
 * that do not pass the schema (written around `signpost partnership settings`, which checks
 * them) are the server's fault, not the caller's: a plain Error (500, logged), never a 400
 * telling a respondent their answers were wrong.
 */
export function parseSettings(json: string | null | undefined): AnalysisSettings {
  let value: unknown
  try {
    value = json ? JSON.parse(json) : {}
  } catch {
    throw new Error('The partnership’s stored settings are not valid JSON: set them again with `signpost partnership settings`.')
  }
  const parsed = analysisSettingsSchema.safeParse(value)
  if (!parsed.success) {
    throw new Error(
      `The partnership’s stored settings are invalid (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}): set them again with \`signpost partnership settings\`.`,
    )
  }
  return parsed.data
}

/** A partnership's analysis settings (defaults for anything not set). */
export async function settingsOf(db: Db, partnershipId: number): Promise<AnalysisSettings> {
  const rs = await db.$client.execute({ sql: 'SELECT settings FROM partnerships WHERE id = ?', args: [partnershipId] })
  return parseSettings(rs.rows[0] ? String(rs.rows[0].settings) : null)
}
