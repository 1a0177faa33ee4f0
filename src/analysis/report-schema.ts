import { audiences } from '../surveys/audience.ts'
import { z } from 'zod'
import { analysisSettingsSchema } from '../org/settings.ts'
import { ragRatings } from './rag.ts'

/**
 * The report of one round: the single definition of what the JSON API, the CLI and the
 * dashboard show. Shares are fractions (0-1); a `null` figure is one that is not shown,
 * either because there is no data or because the group is below the minimum cohort.
 */

const share = z.number().min(0).max(1)
const interval = z.tuple([share, share])

export const countsSchema = z.object({
  /** Answers on the five-point scale (don't know left out). */
  n: z.number().int(),
  positive: z.number().int(),
  neutral: z.number().int(),
  negative: z.number().int(),
  dontKnow: z.number().int(),
})

export const figuresSchema = countsSchema.extend({
  /** Share of positive answers among those on the scale: the question's score. */
  score: share.nullable(),
  /** Mean on the 1-5 scale. */
  mean: z.number().nullable(),
  ci: interval.nullable(),
  /** Shares of everyone who answered (don't know included); they add up to 1. */
  shares: z.object({ positive: share, neutral: share, negative: share, dontKnow: share }).nullable(),
})

export const changeSchema = z.object({
  previousYear: z.string(),
  previousScore: share,
  difference: z.number(),
  /** The change lies inside the 95% interval of a difference: it may be sampling noise. */
  withinSamplingError: z.boolean(),
})

export const questionReportSchema = figuresSchema.extend({
  key: z.string(),
  text: z.string(),
  area: z.string(),
  priority: z.boolean(),
  /** 1 = the most urgent priority area; null when not ranked. */
  rank: z.number().int().nullable(),
  /** True when fewer than the minimum cohort answered: no figure is shown. */
  suppressed: z.boolean(),
  change: changeSchema.nullable(),
  trend: z.array(z.object({ year: z.string(), score: share.nullable(), n: z.number().int() })),
})

export const areaReportSchema = figuresSchema.extend({ id: z.string(), title: z.string(), source: z.string().nullable(), suppressed: z.boolean() })

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
      /** question key -> score (null when suppressed or no answers) */
      scores: z.record(z.string(), share.nullable()),
    }),
  ),
})

export const gapSchema = z.object({
  key: z.string(),
  text: z.string(),
  pairedKey: z.string(),
  pairedText: z.string(),
  score: share.nullable(),
  pairedScore: share.nullable(),
  /** This survey's score minus the paired survey's. */
  gap: z.number().nullable(),
})

export const reportSchema = z.object({
  institution: z.object({ id: z.number().int(), slug: z.string(), name: z.string() }),
  survey: z.object({ id: z.string(), audience: z.enum(audiences), title: z.string() }),
  year: z.string(),
  round: z.object({ status: z.string(), code: z.string() }),
  settings: analysisSettingsSchema,
  respondents: z.number().int(),
  completion: z.array(z.object({ key: z.string(), answered: z.number().int(), rate: share.nullable() })),
  questions: z.array(questionReportSchema),
  areas: z.array(areaReportSchema),
  /** Keys of the ranked questions, most urgent first. */
  ranking: z.array(z.string()),
  topThree: z.array(z.string()),
  /** Set when the third and fourth places' intervals overlap. */
  rankingNote: z.string().nullable(),
  development: z.object({
    keys: z.array(z.string()),
    source: z.enum(['action-plan', 'previous-top-three', 'none']),
    fromYear: z.string().nullable(),
    questions: z.array(z.object({ key: z.string(), text: z.string(), asked: z.boolean() })),
  }),
  rag: z
    .object({
      rating: z.enum(ragRatings).nullable(),
      remaining: z.array(z.string()),
      left: z.array(z.string()),
      notAsked: z.array(z.string()),
      baseline: z.boolean(),
      provisional: z.boolean(),
      tooSmall: z.boolean(),
      explanation: z.string(),
    })
    .nullable(),
  years: z.array(z.object({ year: z.string(), respondents: z.number().int() })),
  breakdowns: z.array(breakdownSchema),
  gaps: z.array(gapSchema),
})

export type Report = z.infer<typeof reportSchema>
export type QuestionReport = z.infer<typeof questionReportSchema>
export type Counts = z.infer<typeof countsSchema>
export type Figures = z.infer<typeof figuresSchema>
export type Breakdown = z.infer<typeof breakdownSchema>
