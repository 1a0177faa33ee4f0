import { audiences } from '../surveys/audience.ts'
import { z } from 'zod'
import { analysisSettingsSchema } from '../org/settings.ts'
import { roundSources } from '../db/schema.ts'
import { ragRatings } from './ratings.ts'
import { coverageSchema } from '../coverage/rates.ts'

/**
 * The report of one round: the single definition of what the JSON API, the CLI and the
 * dashboard show. Shares are fractions (0-1); a `null` figure is one that is not shown,
 * either because there is no data or because the group is below the minimum cohort.
 */

const share = z.number().min(0).max(1)
const interval = z.tuple([share, share])
/** A count; null when it is not shown (fewer than the minimum cohort), never 0 for "hidden". */
const shownCount = z.number().int().min(0).nullable()

/** Counts of answers as they are tallied (every one known). */
export const countsSchema = z.object({
  /** Answers on the five-point scale (don't know left out). */
  n: z.number().int(),
  positive: z.number().int(),
  neutral: z.number().int(),
  negative: z.number().int(),
  dontKnow: z.number().int(),
})

/**
 * Why a figure is or is not shown. The minimum cohort counts the answers a score is made of:
 * the on-scale answers, "Don't know" left out.
 * - `shown`: at least the minimum cohort answered on the scale;
 * - `too-few-answers`: fewer did (possibly with more "Don't know"): nothing is shown, every
 *   figure is null;
 * - `only-dont-know`: at least the minimum cohort answered, every one "Don't know": no score;
 * - `no-answers`: nobody answered (counts 0, no score).
 */
export const figureStatuses = ['shown', 'too-few-answers', 'only-dont-know', 'no-answers'] as const
export const figureStatusSchema = z.enum(figureStatuses)

/** What each status says, in the page, the CSV and the JSON (`note`). */
export const figureNotes: Record<(typeof figureStatuses)[number], string | null> = {
  shown: null,
  'too-few-answers': 'too few answers to show',
  'only-dont-know': 'only “Don’t know” answers: no score',
  'no-answers': 'no answers',
}

export const figuresSchema = z.object({
  /** Answers on the five-point scale (don't know left out); null when not shown. */
  n: shownCount,
  positive: shownCount,
  neutral: shownCount,
  negative: shownCount,
  dontKnow: shownCount,
  /**
   * Share of positive answers among those on the scale: the question's score. There is no mean
   * on the 1–5 scale: from a small group padded with known answers it gives back each answer.
   */
  score: share.nullable(),
  ci: interval.nullable(),
  /** Shares of everyone who answered (don't know included); they add up to 1. */
  shares: z.object({ positive: share, neutral: share, negative: share, dontKnow: share }).nullable(),
  status: figureStatusSchema,
  /** The status in words ("too few answers to show"); null when the figure is shown. */
  note: z.string().nullable(),
})

/** A difference of two shares, a − b, with its 95% interval (Newcombe's hybrid score method). */
const differenceInterval = z.tuple([z.number().min(-1).max(1), z.number().min(-1).max(1)])

export const changeSchema = z.object({
  previousYear: z.string(),
  previousScore: share,
  /** This year's score minus last year's, from the exact shares, rounded once (4 places). */
  difference: z.number().min(-1).max(1),
  /** 95% interval of the difference (Newcombe's hybrid score interval from the two Wilson intervals). */
  interval: differenceInterval,
  /** The interval includes 0: the change may be sampling noise. */
  withinSamplingError: z.boolean(),
})

export const questionReportSchema = figuresSchema.extend({
  key: z.string(),
  text: z.string(),
  area: z.string(),
  priority: z.boolean(),
  /** 1 = the most urgent priority area; null when not ranked. */
  rank: z.number().int().nullable(),
  /** True when fewer than the minimum cohort answered on the scale: no figure is shown (status `too-few-answers`). */
  suppressed: z.boolean(),
  change: changeSchema.nullable(),
  /** This year and earlier years only. `n` is null (and `score` null) when that year's figure is not shown. */
  trend: z.array(z.object({ year: z.string(), score: share.nullable(), n: shownCount, status: figureStatusSchema })),
})

export const areaReportSchema = figuresSchema.extend({ id: z.string(), title: z.string(), source: z.string().nullable(), suppressed: z.boolean() })

/** A Gatsby Benchmark's figures: its shown questions pooled, and which of the top three give evidence on it. */
export const benchmarkReportSchema = figuresSchema.extend({
  number: z.number().int().min(1).max(8),
  title: z.string(),
  /** The round's scored questions tagged with this benchmark. */
  keys: z.array(z.string()),
  /** Those of the top three priority areas among them. */
  priorities: z.array(z.string()),
  suppressed: z.boolean(),
})

export const breakdownSchema = z.object({
  key: z.string(),
  text: z.string(),
  groups: z.array(
    z.object({
      value: z.string(),
      label: z.string(),
      /** Respondents in the group; null when the group is suppressed. */
      respondents: z.number().int().nullable(),
      suppressed: z.boolean(),
      /** question key -> score (null when hidden or nobody in the group answered on the scale) */
      scores: z.record(z.string(), share.nullable()),
      /**
       * Question keys whose cell is hidden: fewer than the minimum cohort in the group answered
       * on the scale, or the cell is held back so that a smaller one cannot be worked out.
       */
      hidden: z.array(z.string()),
    }),
  ),
})

export const gapSchema = z.object({
  key: z.string(),
  text: z.string(),
  /** The other voice's survey this row compares with. */
  pairedSurvey: z.object({ id: z.string(), title: z.string(), audience: z.enum(audiences) }),
  pairedKey: z.string(),
  pairedText: z.string(),
  score: share.nullable(),
  pairedScore: share.nullable(),
  /** This survey's score minus the paired survey's, from the exact shares, rounded once. */
  gap: z.number().min(-1).max(1).nullable(),
  /** 95% interval of the gap (Newcombe's hybrid score interval). */
  interval: differenceInterval.nullable(),
  /** The interval includes 0: the gap may be sampling noise; null without a gap. */
  withinSamplingError: z.boolean().nullable(),
})

export const developmentQuestionSchema = z.object({
  key: z.string(),
  text: z.string(),
  /** Whether this year's survey still asks it (possibly under the key that replaced it). */
  asked: z.boolean(),
})

export const ragSchema = z.object({
  rating: z.enum(ragRatings).nullable(),
  remaining: z.array(z.string()),
  left: z.array(z.string()),
  notAsked: z.array(z.string()),
  baseline: z.boolean(),
  provisional: z.boolean(),
  /** This year's round is below the minimum round size. */
  tooSmall: z.boolean(),
  /** Last year's round (opened, but below the minimum round size, or empty) set no development questions. */
  previousTooSmall: z.boolean(),
  explanation: z.string(),
})

export const reportSchema = z.object({
  institution: z.object({ id: z.number().int(), slug: z.string(), name: z.string() }),
  /** `version`: the SHA-256 of the survey definition the round was opened with (null for a round from before versions were kept). */
  survey: z.object({ id: z.string(), audience: z.enum(audiences), title: z.string(), version: z.string().nullable() }),
  year: z.string(),
  /**
   * `source`: `collected` by Signpost, or `imported` from another tool's file (Signpost did not
   * collect those responses; an imported round is always closed). Every view of the report says so.
   */
  /** `answersDeletedOn`: the day the round's individual answers were deleted under the retention policy (its figures are its tallies), else null. */
  round: z.object({ status: z.string(), code: z.string(), source: z.enum(roundSources), answersDeletedOn: z.string().nullable() }),
  settings: analysisSettingsSchema,
  /**
   * The responses the figures rest on. While a round is open they move in steps of the minimum
   * cohort; responses that came after the last step (fewer than the cohort) are held back.
   */
  respondents: z.number().int(),
  /** Every response stored, once the round is closed; null while open, when it would time each arrival. */
  collected: z.number().int().nullable(),
  /**
   * How a code-only round's responses arrived (rounds/arrivals.ts): the busiest 10-minute window's
   * count rounded down to a multiple of the minimum cohort, as a share of `respondents`, and
   * whether that looks like a burst. Null for a round that needs one-time codes and for an
   * imported round.
   */
  arrivals: z
    .object({
      status: z.enum(['shown', 'too-few', 'not-recorded']),
      windowMinutes: z.number().int(),
      respondents: z.number().int(),
      busiestWindow: z.number().int().min(0).nullable(),
      share: share.nullable(),
      burst: z.boolean(),
    })
    .nullable(),
  /** How many answered each question; `answered` and `rate` are null (`suppressed`) for 1 to minCohort − 1. */
  completion: z.array(z.object({ key: z.string(), answered: shownCount, rate: share.nullable(), suppressed: z.boolean() })),
  questions: z.array(questionReportSchema),
  areas: z.array(areaReportSchema),
  /** By Gatsby Benchmark, for the benchmarks the round's questions are tagged with (none for a survey version from before the tags). */
  benchmarks: z.array(benchmarkReportSchema),
  /** Keys of the ranked questions, most urgent first. */
  ranking: z.array(z.string()),
  topThree: z.array(z.string()),
  /** Set when the third and fourth places' 95% intervals overlap. */
  rankingNote: z.string().nullable(),
  development: z.object({
    keys: z.array(z.string()),
    /** `previous-too-small`: last year's round (below the minimum round size, or empty) set none; `none`: no round last year. */
    source: z.enum(['action-plan', 'previous-top-three', 'previous-too-small', 'none']),
    fromYear: z.string().nullable(),
    questions: z.array(developmentQuestionSchema),
    /**
     * The day the partnership lead changed last year's action plan after this year's round had
     * opened (the plan is locked then: see analysis/action-plan.ts); null when it was not.
     */
    changedAfterOpeningOn: z.string().nullable(),
  }),
  rag: ragSchema.nullable(),
  /** This year and earlier years only, oldest first; `source` as in `round` (an imported year is marked so wherever it shows). */
  years: z.array(z.object({ year: z.string(), respondents: z.number().int(), source: z.enum(roundSources) })),
  breakdowns: z.array(breakdownSchema),
  gaps: z.array(gapSchema),
  /** Response rates against the year-group sizes, and whether they make the rating provisional (src/coverage/rates.ts). */
  coverage: coverageSchema,
})

export type Report = z.infer<typeof reportSchema>
export type QuestionReport = z.infer<typeof questionReportSchema>
export type Counts = z.infer<typeof countsSchema>
export type Figures = z.infer<typeof figuresSchema>
export type Breakdown = z.infer<typeof breakdownSchema>
export type FigureStatus = z.infer<typeof figureStatusSchema>
export type Rag = z.infer<typeof ragSchema>
export type DevelopmentQuestion = z.infer<typeof developmentQuestionSchema>
