import { z } from 'zod'
import { ragRatings } from '../analysis/rag.ts'
import { frameworkCriteriaSchema, overallMethods } from './criteria.ts'
import { elementIds, qualityAwardCodes, staffingCodes } from './statements.ts'

/**
 * What the framework shows: one definition for the pages, the CSV, the CLI and its JSON.
 * Percentages are 0-100 (as the partnership's data gives them), not fractions.
 */

const rating = z.enum(ragRatings)

/** Why an element is rated or not: a rating, or the reason there is none. */
export const elementStatuses = ['rated', 'not-entered', 'criteria-not-set', 'no-round', 'baseline', 'too-small'] as const

/** The setting that decided a rating, with its value in words. */
export const settingSchema = z.object({ key: z.string(), label: z.string(), value: z.string() })

export const elementResultSchema = z.object({
  element: z.enum(elementIds),
  rating: rating.nullable(),
  provisional: z.boolean(),
  /** Why a rating is provisional, each reason a short sentence ("Year 12: 31% against 62% overall."); empty when it is not. */
  provisionalBecause: z.array(z.string()),
  status: z.enum(elementStatuses),
  /** The figure or statement rated, in words ("KS4 94.5%", "Working towards a quality award"), or "" when none. */
  evidence: z.string(),
  /** A sentence: how the evidence meets the rule. */
  reason: z.string(),
  /** The rule that decided, and the partnership setting behind it (null when the framework fixes it). */
  decidedBy: z.object({ rule: z.string(), setting: settingSchema.nullable() }),
})

export const overallResultSchema = z.object({
  rating: rating.nullable(),
  provisional: z.boolean(),
  method: z.enum(overallMethods),
  ratedCount: z.number().int(),
  /** The combined points: the mean, the lowest or the median (null when not rated). */
  points: z.number().nullable(),
  reason: z.string(),
  decidedBy: z.object({ rule: z.string(), setting: settingSchema.nullable() }),
})

export const entrySchemaOut = z.object({
  destinationKs4: z.number().nullable(),
  destinationPost16: z.number().nullable(),
  y11Eet: z.number().nullable(),
  qualityAward: z.enum(qualityAwardCodes).nullable(),
  staffing: z.enum(staffingCodes).nullable(),
})

export const cityAverageSchema = z.object({
  value: z.number().nullable(),
  source: z.enum(['entered', 'computed']),
  /** Institutions with a figure for the year (those a computed average is taken over). */
  institutions: z.number().int(),
  /**
   * True where the result is for an institution's own staff (a coordinator or viewer) and the
   * average is computed from fewer than `minOtherInstitutions` (3) institutions besides their
   * own: `value` is then null, and no reason or evidence names the average or a distance from it.
   */
  withheld: z.boolean(),
})

export const institutionYearSchema = z.object({
  institution: z.object({ id: z.number().int(), slug: z.string(), name: z.string() }),
  year: z.string(),
  entry: entrySchemaOut,
  y11CityAverage: cityAverageSchema,
  elements: z.array(elementResultSchema),
  overall: overallResultSchema,
})

export const changes = ['improved', 'held', 'fell'] as const

export const distanceSchema = z.object({ improved: z.number().int(), held: z.number().int(), fell: z.number().int(), notComparable: z.number().int() })

export const cityElementSchema = z.object({
  element: z.enum([...elementIds, 'overall']),
  counts: z.object({
    Green: z.number().int(),
    'Amber/Green': z.number().int(),
    'Amber/Red': z.number().int(),
    Red: z.number().int(),
    notRated: z.number().int(),
  }),
  /** Mean points of the rated institutions, and the rating it rounds to (as the mean-of-points method). */
  meanPoints: z.number().nullable(),
  meanRating: rating.nullable(),
  /** For the elements with a figure: the mean of the institutions' figures (percent). */
  figures: z.array(z.object({ label: z.string(), mean: z.number().nullable(), institutions: z.number().int() })),
  /** Improved, held or fell since the previous year. */
  distance: distanceSchema,
})

export const partnershipYearSchema = z.object({
  partnership: z.object({ id: z.number().int(), slug: z.string(), name: z.string() }),
  year: z.string(),
  previousYear: z.string(),
  criteria: frameworkCriteriaSchema,
  criteriaSource: z.string(),
  rows: z.array(
    z.object({
      current: institutionYearSchema,
      previous: institutionYearSchema,
      /** Overall rating against the previous year; null when either year is not rated. */
      change: z.enum(changes).nullable(),
    }),
  ),
  city: z.array(cityElementSchema),
})

export type ElementResult = z.infer<typeof elementResultSchema>
export type OverallResult = z.infer<typeof overallResultSchema>
export type InstitutionYear = z.infer<typeof institutionYearSchema>
export type PartnershipYear = z.infer<typeof partnershipYearSchema>
export type CityAverage = z.infer<typeof cityAverageSchema>
export type Entry = z.infer<typeof entrySchemaOut>
export type Setting = z.infer<typeof settingSchema>
export type Change = (typeof changes)[number]
export type CityElement = z.infer<typeof cityElementSchema>
