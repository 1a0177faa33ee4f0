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
  /** A round with fewer respondents than this is too small to rate. */
  minRoundSize: z.number().int().min(1).max(1000).default(10),
})

export type AnalysisSettings = z.infer<typeof analysisSettingsSchema>

export const defaultSettings: AnalysisSettings = analysisSettingsSchema.parse({})

/** Reads a partnership's stored settings; anything missing takes the default. */
export function parseSettings(json: string | null | undefined): AnalysisSettings {
  return analysisSettingsSchema.parse(json ? JSON.parse(json) : {})
}
