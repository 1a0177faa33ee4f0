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
  /**
   * The share of students on roll (whole percent) a round's responses must reach for the
   * student-survey rating to stand; below it the rating is marked provisional (src/coverage/).
   * 40%: schools publish completion rates, and below about two in five the students who chose to
   * answer can differ from the rest more than the rating's own margins; a year group answering in
   * tutor time usually passes it easily.
   */
  minResponseRate: z.number().int().min(0).max(100).default(40),
  /**
   * How many points a year group's response rate may fall below the overall rate before the
   * rating is marked provisional. 30: a gap that size (Year 12 at 31% against 62% overall) means
   * one year group is heard about half as well as the rest, so the top three may be the other
   * year groups' priorities; smaller gaps are common between a class that answered in a lesson
   * and one that did not.
   */
  maxYearGroupGap: z.number().int().min(0).max(100).default(30),
  /** Rows one imported file may hold (src/importers/): a file with more is refused, nothing read into the database. */
  maxImportRows: z.number().int().min(1).max(100_000).default(20_000),
  /**
   * Academic years a closed round keeps its individual answers (response rows, every answer,
   * free text) before `signpost retention apply` deletes them, keeping only the tallies. Three:
   * the round's own year and the two after it, enough for the next year's development questions,
   * a check of the action plan a year on and a question raised late; after that the reports,
   * trend and development questions need only the tallies (src/retention/).
   */
  keepAnswersYears: z.number().int().min(1).max(20).default(3),
  /**
   * Who respondents and staff contact about their data and the accessibility of the pages: shown
   * on the privacy notice and the accessibility statement. Null until the partnership sets it
   * (the pages then say to ask the school's careers coordinator).
   */
  contact: z
    .strictObject({
      name: z.string().trim().min(2).max(120),
      email: z.email().optional(),
      phone: z.string().trim().min(3).max(40).optional(),
      address: z.string().trim().min(3).max(300).optional(),
    })
    .nullable()
    .default(null),
  /**
   * Days a staff account may go unused (no sign-in since it was made, last signed in or was
   * reactivated) before it is deactivated, at its next sign-in or by the daily run (src/auth/accounts.ts).
   * 365: a coordinator who runs one round a year still signs in within a year, while an account
   * unused for a whole school year is most likely a leaver's, which the DfE's cyber security
   * standards expect removed.
   */
  deactivateUnusedAfterDays: z.number().int().min(30).max(3650).default(365),
  /**
   * Whether partnership leads and coordinators must sign in with a second factor (an
   * authenticator app's code, src/auth/two-factor.ts): one without it is sent to set it up
   * before anything else. Off by default, so that turning it on is the partnership's own
   * decision, made once its staff have been told; viewers, who only read, may turn it on themselves.
   */
  requireTwoFactor: z.boolean().default(false),
  /** The day (YYYY-MM-DD) the partnership last reviewed its accessibility statement; null: not yet. */
  accessibilityReviewedOn: z.iso.date().nullable().default(null),
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
