import { and, eq, inArray } from 'drizzle-orm'
import { z } from 'zod'
import { suppressedGroups } from '../analysis/suppression.ts'
import type { Db } from '../db/database.ts'
import { profileTallies } from '../db/schema.ts'
import type { AnalysisSettings } from '../org/settings.ts'
import { yearGroupLabel, yearGroups, type Roll } from './rolls.ts'

/**
 * Response rates: the responses a round's figures rest on against the number on roll, overall
 * and per year group, and whether the student-survey rating they support is representative.
 *
 * Every figure here is worked out from the counts the round's report shows: the responses and
 * the year groups' respondents as the figures rest on them (`shown_respondents` and the profile
 * tallies' `shown`, which move only in steps of the minimum cohort while a round is open, see
 * rounds/shown-figures.ts). So a rate moves when the report moves, never with one response.
 *
 * **A rate must not give back a count the report hides.** Rate × roll = count: a year group the
 * report's breakdown hides (fewer than the minimum cohort answered, or held back so that a
 * smaller group cannot be worked out) would be unmasked by its exact rate. Its rate is shown as
 * a band instead, 10 points wide, or wider where 10 points of the group's roll are fewer than the
 * minimum cohort, so that a band always spans at least that many students: "under 10%",
 * "10–20%". The band tells the coordinator which year group to chase, and nothing finer than
 * "fewer than 5" does. A year group whose roll is below the minimum cohort shows no rate.
 * The provisional flag is worked out from the figures shown (for a band, its top), so the flag
 * cannot tell more than the figures either.
 */

export const coverageGroupSchema = z.object({
  value: z.string(),
  label: z.string(),
  /** Number on roll; null when none was entered for this year group. */
  onRoll: z.number().int().nullable(),
  /** Responses from this year group; null when not shown (the breakdown hides the group). */
  respondents: z.number().int().nullable(),
  /** responses / on roll (4 places), when shown exactly. */
  rate: z.number().nullable(),
  /** Whole-percent band [from, to) when the group's count is hidden; null otherwise. */
  band: z.tuple([z.number().int(), z.number().int()]).nullable(),
  /** `exact`, `banded` (count hidden), `no-roll` (no size entered), `not-taught` (0 on roll), `roll-too-small` (fewer on roll than the minimum cohort). */
  shown: z.enum(['exact', 'banded', 'no-roll', 'not-taught', 'roll-too-small']),
})

export const coverageSchema = z.object({
  /**
   * `known`: every year group the survey asks about has a size; `incomplete`: some do not, so the
   * overall rate is unknown; `unknown`: no sizes entered at all. Neither makes a rating provisional.
   */
  status: z.enum(['known', 'incomplete', 'unknown']),
  /** The year the sizes were entered for; `carried` when it is an earlier year's ("last year's figures"). */
  rollYear: z.string().nullable(),
  carried: z.boolean(),
  /** Students on roll in the year groups asked about; the parent survey's base too (families are not counted). */
  onRoll: z.number().int().nullable(),
  /** The responses the figures rest on (as the report's `respondents`), those with no year group included. */
  respondents: z.number().int(),
  rate: z.number().nullable(),
  groups: z.array(coverageGroupSchema),
  /** Labels of the year groups with no size. */
  missing: z.array(z.string()),
  /** Below `minResponseRate`, or a year group more than `maxYearGroupGap` points below the overall rate. */
  provisional: z.boolean(),
  /** Why, in words: "Year 12: 31% against 62% overall". */
  reasons: z.array(z.string()),
  minResponseRate: z.number(),
  maxYearGroupGap: z.number(),
})

export type Coverage = z.infer<typeof coverageSchema>
export type CoverageGroup = z.infer<typeof coverageGroupSchema>

/** The responses a round's figures rest on, per year group (`''`: no year group given), from the tallies as shown. */
export async function yearGroupCounts(db: Db, roundIds: number[]): Promise<Map<number, Map<string, number>>> {
  const out = new Map<number, Map<string, number>>()
  if (roundIds.length === 0) return out
  const rows = await db
    .select({ roundId: profileTallies.roundId, group: profileTallies.groupValue, n: profileTallies.shown })
    .from(profileTallies)
    .where(
      and(
        inArray(profileTallies.roundId, roundIds),
        eq(profileTallies.profileKey, 'year_group'),
        eq(profileTallies.questionKey, ''),
        eq(profileTallies.point, 0),
      ),
    )
  for (const r of rows) {
    if (r.n <= 0) continue
    const m = out.get(r.roundId) ?? new Map<string, number>()
    out.set(r.roundId, m)
    m.set(r.group, r.n)
  }
  return out
}

/** Whole percent, rounded down: 39.9% is "39%", below a 40% threshold as the flag says. */
export const wholePercent = (count: number, base: number) => Math.floor((count * 100) / base)

/** The band of whole percents a hidden count falls in: at least 10 points and at least `minCohort` students of the roll wide. */
export function bandOf(count: number, onRoll: number, minCohort: number): [number, number] {
  let width = 10
  while ((onRoll * width) / 100 < minCohort && width < 100) width += 10
  const from = Math.min(Math.floor((count * 100) / onRoll / width) * width, 100 - width)
  return [from, from + width]
}

/** "31%", "under 10%", "10–20%". */
export function groupRateWords(g: CoverageGroup): string {
  if (g.shown === 'exact') return `${Math.floor(g.rate! * 100)}%`
  if (g.shown === 'banded') return g.band![0] === 0 ? `under ${g.band![1]}%` : `${g.band![0]}–${g.band![1]}%`
  if (g.shown === 'not-taught') return 'none on roll'
  if (g.shown === 'roll-too-small') return `not shown (fewer than the minimum on roll)`
  return 'no size entered'
}

export type CoverageInput = {
  audience: string
  respondents: number
  /** Year group -> responses, as the figures rest on them. */
  groupCounts: ReadonlyMap<string, number>
  /** The year groups the survey asks about, in order. */
  asked: readonly string[]
  roll: Roll | null
  settings: Pick<AnalysisSettings, 'minCohort' | 'minResponseRate' | 'maxYearGroupGap'>
}

/**
 * The coverage of one round, from its shown counts and the sizes. Thresholds are compared exactly
 * on the counts (no rounded percent decides): the round is below `minResponseRate` when
 * responses × 100 < rate × on roll, so exactly 40% is not below 40%; a year group is
 * under-represented when the overall rate minus its rate is more than `maxYearGroupGap` points,
 * so a gap of exactly 30 points is not.
 */
export function coverageOf(input: CoverageInput): Coverage {
  const { roll, settings } = input
  const { minCohort, minResponseRate, maxYearGroupGap } = settings
  const asked = input.asked.filter((g) => (yearGroups as readonly string[]).includes(g))
  // the same groups the report's breakdown hides (and "not answered", which it counts as a group)
  const hidden = suppressedGroups(new Map([...input.groupCounts].filter(([g]) => g === '' || asked.includes(g))), minCohort)
  const groups: CoverageGroup[] = asked.map((value) => {
    const onRoll = roll?.sizes.get(value) ?? null
    const count = input.groupCounts.get(value) ?? 0
    const base = { value, label: yearGroupLabel(value), onRoll, respondents: null, rate: null, band: null }
    if (onRoll === null) return { ...base, shown: 'no-roll' as const, respondents: hidden.has(value) ? null : count }
    if (onRoll === 0) return { ...base, shown: 'not-taught' as const, respondents: hidden.has(value) ? null : count }
    if (onRoll < minCohort) return { ...base, shown: 'roll-too-small' as const }
    if (hidden.has(value)) return { ...base, shown: 'banded' as const, band: bandOf(count, onRoll, minCohort) }
    return { ...base, shown: 'exact' as const, respondents: count, rate: Math.round((count / onRoll) * 10_000) / 10_000 }
  })
  const missing = groups.filter((g) => g.shown === 'no-roll').map((g) => g.label)
  const status = !roll || roll.sizes.size === 0 ? 'unknown' : missing.length ? 'incomplete' : 'known'
  const onRoll = status === 'known' ? groups.reduce((sum, g) => sum + (g.onRoll ?? 0), 0) : null
  const respondents = input.respondents
  const rate = onRoll ? Math.round((respondents / onRoll) * 10_000) / 10_000 : null
  const reasons: string[] = []
  if (onRoll && respondents > 0) {
    if (respondents * 100 < minResponseRate * onRoll) {
      reasons.push(`Responses from ${wholePercent(respondents, onRoll)}% of students on roll, below the ${minResponseRate}% the partnership asks for.`)
    }
    for (const g of groups) {
      if (g.shown === 'exact') {
        // overall − group > gap, exactly: 100·(R·t − r·T) > gap·T·t
        const r = g.respondents!
        const t = g.onRoll!
        if (100 * (respondents * t - r * onRoll) > maxYearGroupGap * onRoll * t) {
          reasons.push(`${g.label}: ${wholePercent(r, t)}% against ${wholePercent(respondents, onRoll)}% overall.`)
        }
      } else if (g.shown === 'banded') {
        // only when even the top of the band is more than the gap below: 100·R/T − top > gap
        const top = g.band![1]
        if (100 * respondents > (top + maxYearGroupGap) * onRoll) {
          reasons.push(`${g.label}: ${groupRateWords(g)} against ${wholePercent(respondents, onRoll)}% overall.`)
        }
      }
    }
  }
  return {
    status,
    rollYear: roll?.fromYear ?? null,
    carried: roll?.carried ?? false,
    onRoll,
    respondents,
    rate,
    groups,
    missing,
    provisional: reasons.length > 0,
    reasons,
    minResponseRate,
    maxYearGroupGap,
  }
}

/** The overall rate in words: "62% (310 of 500 on roll)", "unknown: no year-group sizes entered". */
export function overallRateWords(c: Coverage): string {
  if (c.status === 'unknown') return 'unknown: no year-group sizes entered'
  if (c.status === 'incomplete') return `unknown: no size for ${c.missing.join(', ')}`
  if (!c.onRoll) return 'no students on roll in the year groups asked'
  return `${wholePercent(c.respondents, c.onRoll)}% (${c.respondents} of ${c.onRoll} on roll)`
}

/** "last year's figures (2024/25)" or "" when the sizes are this year's. */
export const rollSourceWords = (c: Pick<Coverage, 'carried' | 'rollYear'>) => (c.carried && c.rollYear ? `last year’s figures (${c.rollYear})` : '')
