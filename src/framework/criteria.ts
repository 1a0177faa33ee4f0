import { z } from 'zod'

/**
 * The partnership's criteria for the IAG Improvement Framework, one version per academic year
 * (table `framework_criteria`). Only the partnership lead changes them. Every field has a
 * default; the defaults and why they were chosen:
 *
 * Destination Measure (`destination.ks4`, `destination.post16`): the framework leaves these
 * criteria "to be determined", so the default is none (`null`) and the element is shown as
 * not rated until the partnership sets them. When set, each stage has three minimum shares
 * (percent still in education, employment or training): Green from `green`, Amber/Green from
 * `amberGreen`, Amber/Red from `amberRed`, Red below that.
 *
 * Year 11 progression into EET (`y11`), compared with the city average in percentage points:
 * - `atWidth` (default 0.5): "at the city average" means within this many points either side,
 *   inclusive. The framework does not say how close counts as "at"; 0.5 points is what a share
 *   rounded to a whole percent cannot tell apart, so a school the same as the city on a
 *   rounded figure is "at" it. Above that is Green.
 * - `amberRedDepth` (default 2, the framework's figure): from just below "at" down to this many
 *   points below, inclusive, is Amber/Red.
 * - `redDepth` (default 5, the framework's figure): more than this many points below is Red.
 * - `gapBand` (default Amber/Red): the rating for a gap of more than `amberRedDepth` and at most
 *   `redDepth` points below, which the framework leaves undefined. Amber/Red by default because
 *   the framework keeps Red for "more than 5 below", so a school 3 points below has not met
 *   Red's own description; a partnership that reads it the other way sets Red. Either way the
 *   rating says that this setting decided it.
 * - `cityAverage` (default null: computed): the city average to compare with. When not entered,
 *   it is the mean of the shares of every institution of the partnership with a figure for the
 *   year (each institution counts once), to two decimal places. An entered figure belongs to
 *   its year and is never carried to another year.
 *
 * Overall rating (`overall`):
 * - `method` (default `mean-of-points`): how the five elements combine. Points are Green 4,
 *   Amber/Green 3, Amber/Red 2, Red 1. `mean-of-points`: the mean of the rated elements'
 *   points, to the nearest rating (3.5 or more Green, 2.5 or more Amber/Green, 1.5 or more
 *   Amber/Red, else Red; a half rounds up). `lowest`: the lowest rated element. `median`: the
 *   middle rated element (with an even number, the lower of the two middle ones).
 * - `minimumRated` (default 3): how many of the five elements must be rated for an overall
 *   rating. Three, so that a partnership that has not yet set Destination Measure criteria, or
 *   an institution in its baseline survey year, still gets a rating, marked provisional, while
 *   one or two elements alone never make an overall rating.
 */

const percent = z.number({ error: 'give a percentage, such as 94.5' }).min(0, 'a percentage cannot be below 0').max(100, 'a percentage cannot be above 100')

const points = (max: number) =>
  z
    .number({ error: 'give a number of percentage points, such as 2' })
    .min(0, 'give a number of points of 0 or more')
    .max(max, `give a number of points of at most ${max}`)

/** One stage's Destination Measure thresholds: the minimum share for each rating above Red. */
export const stageThresholdsSchema = z
  .strictObject({ green: percent, amberGreen: percent, amberRed: percent })
  .refine((t) => t.green > t.amberGreen && t.amberGreen > t.amberRed, {
    message: 'the minimum for Green must be above the minimum for Amber/Green, and that above the minimum for Amber/Red',
  })

export const gapBandRatings = ['Amber/Red', 'Red'] as const
export const overallMethods = ['mean-of-points', 'lowest', 'median'] as const
export type OverallMethod = (typeof overallMethods)[number]

export const y11CriteriaSchema = z
  .strictObject({
    atWidth: points(10).default(0.5),
    amberRedDepth: points(50).default(2),
    redDepth: points(50).default(5),
    gapBand: z.enum(gapBandRatings, { error: 'choose Amber/Red or Red' }).default('Amber/Red'),
    cityAverage: percent.nullable().default(null),
  })
  .refine((y) => y.atWidth < y.amberRedDepth, {
    message: 'the width of “at the city average” must be smaller than the depth of the Amber/Red band',
    path: ['atWidth'],
  })
  .refine((y) => y.amberRedDepth <= y.redDepth, {
    message: 'the Red depth must be at least the Amber/Red depth',
    path: ['redDepth'],
  })

export const overallCriteriaSchema = z.strictObject({
  method: z.enum(overallMethods, { error: `choose one of ${overallMethods.join(', ')}` }).default('mean-of-points'),
  minimumRated: z
    .number({ error: 'give a whole number from 1 to 5' })
    .int('give a whole number from 1 to 5')
    .min(1, 'at least 1 element')
    .max(5, 'there are only 5 elements')
    .default(3),
})

export const frameworkCriteriaSchema = z.strictObject({
  destination: z
    .strictObject({
      ks4: stageThresholdsSchema.nullable().default(null),
      post16: stageThresholdsSchema.nullable().default(null),
    })
    .prefault({}),
  y11: y11CriteriaSchema.prefault({}),
  overall: overallCriteriaSchema.prefault({}),
})

export type FrameworkCriteria = z.infer<typeof frameworkCriteriaSchema>
export type FrameworkCriteriaInput = z.input<typeof frameworkCriteriaSchema>
export type StageThresholds = z.infer<typeof stageThresholdsSchema>

export const defaultCriteria: FrameworkCriteria = frameworkCriteriaSchema.parse({})

/** Where a year's criteria came from: saved for the year, carried from an earlier year, or the defaults. */
export type CriteriaSource = { kind: 'saved'; year: string; updatedAt: string } | { kind: 'inherited'; year: string } | { kind: 'default' }

/**
 * The criteria of a year from the stored versions: the year's own, else the latest earlier
 * year's (without its entered city average, which belongs to that year), else the defaults.
 */
export function criteriaForYear(
  year: string,
  versions: { year: string; criteria: string; updatedAt: string }[],
): { criteria: FrameworkCriteria; source: CriteriaSource } {
  const own = versions.find((v) => v.year === year)
  if (own) return { criteria: frameworkCriteriaSchema.parse(JSON.parse(own.criteria)), source: { kind: 'saved', year, updatedAt: own.updatedAt } }
  const earlier = versions.filter((v) => v.year < year).sort((a, b) => (a.year < b.year ? 1 : -1))[0]
  if (earlier) {
    const criteria = frameworkCriteriaSchema.parse(JSON.parse(earlier.criteria))
    return { criteria: { ...criteria, y11: { ...criteria.y11, cityAverage: null } }, source: { kind: 'inherited', year: earlier.year } }
  }
  return { criteria: defaultCriteria, source: { kind: 'default' } }
}

export const overallMethodWords: Record<OverallMethod, string> = {
  'mean-of-points': 'the mean of the rated elements’ points, to the nearest rating (a half rounds up)',
  lowest: 'the lowest rated element',
  median: 'the middle rated element (the lower of the two middle ones when there is an even number)',
}
