import { and, eq } from 'drizzle-orm'
import { buildReport } from '../analysis/report.ts'
import type { Db } from '../db/database.ts'
import { institutions, partnerships, responses, rounds } from '../db/schema.ts'
import type { SurveyCatalog } from '../surveys/load.ts'
import { scoredQuestions } from '../surveys/schema.ts'
import type { Report } from '../analysis/report-schema.ts'
import { settingsOf } from '../org/settings.ts'
import { countWords, visibleCount } from '../rounds/live-count.ts'
import { arrivalCountsInYear, shownArrivals, type Arrivals } from '../rounds/arrivals.ts'
import { z } from 'zod'
import type { Coverage } from '../coverage/rates.ts'
import { audiences, type Audience } from '../surveys/audience.ts'

/** One value for each audience: students, parents and carers, staff, employers. */
export type ByAudience<T> = Record<Audience, T>

/** An institution's row: response counts in words (rounded while a round is open, see rounds/live-count.ts), its student report. */
export type OverviewRow = {
  id: number
  name: string
  /** Each audience's response count in words, or null without a round of it this year. */
  counts: ByAudience<string | null>
  /** The counts those words say, as numbers (rounded the same way): what the columns sort and total by. */
  shown: ByAudience<number | null>
  /** False while a round is open: its count is rounded down, so a total is "at least". */
  exact: boolean
  report: Report | null
  /** The student round's response rate against the year-group sizes (its report's), or null without a student round. */
  coverage: Coverage | null
  /** How the responses of each code-only round arrived (rounds/arrivals.ts); null for a round that needs one-time codes, an imported one, or none. */
  arrivals: ByAudience<Arrivals | null>
  /** Whether this year's round of each audience was imported from a file (Signpost did not collect it). */
  imported: ByAudience<boolean>
  /** Each audience's Gatsby Benchmark scores (its report's, suppression applied), or null without a round. */
  benchmarks: ByAudience<Report['benchmarks'] | null>
}
export type CityQuestion = { key: string; text: string; institutions: number; q1: number; median: number; q3: number }
/** A Gatsby Benchmark's score in one survey across the institutions that show it. */
export type CityBenchmark = { number: number; title: string; institutions: number; q1: number; median: number; q3: number }
/** One survey's benchmarks across the partnership, weakest first. */
export type CityBenchmarks = { audience: Audience; surveyTitle: string; benchmarks: CityBenchmark[] }

/** `f` of each audience, as a record. */
const eachAudience = <T>(f: (audience: Audience) => T): ByAudience<T> => Object.fromEntries(audiences.map((a) => [a, f(a)])) as ByAudience<T>

/** Every institution of a partnership with its rounds of one academic year and their counts. */
export async function partnershipYear(db: Db, partnershipId: number, year: string) {
  const rows = await db
    .select({
      institution: { id: institutions.id, slug: institutions.slug, name: institutions.name },
      // null for an institution without a round that year (the left join found none)
      round: {
        surveyId: rounds.surveyId,
        status: rounds.status,
        source: rounds.source,
        respondents: db.$count(responses, eq(responses.roundId, rounds.id)).mapWith(Number),
      },
    })
    .from(institutions)
    .leftJoin(rounds, and(eq(rounds.institutionId, institutions.id), eq(rounds.year, year)))
    .where(eq(institutions.partnershipId, partnershipId))
    .orderBy(institutions.name)
  type Round = NonNullable<(typeof rows)[number]['round']>
  const byId = new Map<number, (typeof rows)[number]['institution'] & { rounds: Round[] }>()
  for (const { institution, round } of rows) {
    const entry = byId.get(institution.id) ?? { ...institution, rounds: [] }
    byId.set(institution.id, entry)
    if (round) entry.rounds.push(round)
  }
  return [...byId.values()]
}

/** Median and quartiles of a list of numbers (linear interpolation); null for an empty list. */
export function quartiles(values: number[]): { q1: number; median: number; q3: number } | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const at = (p: number) => {
    const i = (sorted.length - 1) * p
    const lo = Math.floor(i)
    const hi = Math.ceil(i)
    return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (i - lo)
  }
  return { q1: at(0.25), median: at(0.5), q3: at(0.75) }
}

/**
 * The partnership lead's overview of a year: each institution's response counts and student
 * report, and each student-survey question's quartiles across the institutions that show it.
 */
export async function partnershipOverview(db: Db, catalog: SurveyCatalog, partnershipId: number, year: string) {
  const partnership = await db.query.partnerships.findFirst({ where: eq(partnerships.id, partnershipId) })
  const studentSurvey = [...catalog.values()].find((s) => s.audience === 'student')
  const [list, { minCohort }] = await Promise.all([partnershipYear(db, partnershipId, year), settingsOf(db, partnershipId)])
  const arrivalCounts = await arrivalCountsInYear(
    db,
    list.map((i) => i.id),
    year,
  )
  const arrivalsOf = (institutionId: number, audience: string) => {
    const counts = arrivalCounts.find((r) => r.institutionId === institutionId && r.audience === audience)
    return counts ? shownArrivals(counts, minCohort) : null
  }
  const rows: OverviewRow[] = await Promise.all(
    list.map(async (inst) => {
      const roundOf = (audience: Audience) => inst.rounds.find((r) => catalog.get(r.surveyId)?.audience === audience)
      const shownCount = (audience: Audience) => {
        const round = roundOf(audience)
        return round ? visibleCount(round.respondents, round.status, minCohort) : null
      }
      const reportOf = async (audience: Audience) => {
        const round = roundOf(audience)
        return round ? buildReport(db, catalog, { institutionId: inst.id, surveyId: round.surveyId, year }) : null
      }
      const reports = Object.fromEntries(await Promise.all(audiences.map(async (a) => [a, await reportOf(a)] as const))) as ByAudience<Report | null>
      const counts = eachAudience(shownCount)
      const report = reports.student
      return {
        id: inst.id,
        name: inst.name,
        counts: eachAudience((a) => (counts[a] === null ? null : countWords(counts[a]!, minCohort))),
        shown: eachAudience((a) => counts[a]?.count ?? null),
        exact: audiences.every((a) => counts[a]?.exact ?? true),
        report,
        coverage: report?.coverage ?? null,
        arrivals: eachAudience((a) => arrivalsOf(inst.id, a)),
        imported: eachAudience((a) => roundOf(a)?.source === 'imported'),
        benchmarks: eachAudience((a) => reports[a]?.benchmarks ?? null),
      }
    }),
  )
  const city: CityQuestion[] = studentSurvey
    ? scoredQuestions(studentSurvey).flatMap((q) => {
        const scores = rows.flatMap((r) => {
          const s = r.report?.questions.find((x) => x.key === q.key)?.score
          return s === null || s === undefined ? [] : [s]
        })
        const qs = quartiles(scores)
        return qs ? [{ key: q.key, text: q.text, institutions: scores.length, ...qs }] : []
      })
    : []
  // each survey's benchmarks, weakest across the partnership first: each institution's pooled score (its own suppression applied)
  const benchmarks: CityBenchmarks[] = audiences.flatMap((audience) => {
    const survey = [...catalog.values()].find((x) => x.audience === audience)
    const scores = new Map<number, { title: string; scores: number[] }>()
    for (const r of rows)
      for (const b of r.benchmarks[audience] ?? []) {
        const entry = scores.get(b.number) ?? { title: b.title, scores: [] }
        if (b.score !== null) entry.scores.push(b.score)
        scores.set(b.number, entry)
      }
    const list = [...scores]
      .flatMap(([number, { title, scores }]) => {
        const qs = quartiles(scores)
        return qs ? [{ number, title, institutions: scores.length, ...qs }] : []
      })
      .sort((a, b) => a.median - b.median || a.number - b.number)
    return survey && list.length ? [{ audience, surveyTitle: survey.title, benchmarks: list }] : []
  })
  return { partnershipName: partnership?.name ?? '', rows, city, benchmarks, minCohort }
}

/** The columns the lead can sort the institutions by; `-` before one reverses it. */
export const overviewSortKeys = ['institution', 'student', 'rate', 'parent', 'staff', 'employer', 'rating'] as const
export type OverviewSortKey = (typeof overviewSortKeys)[number]
export type OverviewSort = { key: OverviewSortKey; descending: boolean }

/** `?sort=rate` or `?sort=-rate`; anything else is by institution name. */
export const overviewSortSchema = z
  .string()
  .optional()
  .transform((v): OverviewSort => {
    const key = z.enum(overviewSortKeys).safeParse(v?.replace(/^-/, ''))
    return key.success ? { key: key.data, descending: v!.startsWith('-') } : { key: 'institution', descending: false }
  })

/** The rounded-down whole percent the tables show (39.9% is 39%, below a 40% threshold as the flag says). */
export const shownRate = (c: Coverage | null) => (c && c.status === 'known' && c.onRoll ? Math.floor((c.respondents * 100) / c.onRoll) : null)

const ratingRank: Record<string, number> = { Red: 1, 'Amber/Red': 2, 'Amber/Green': 3, Green: 4 }

/**
 * The institutions in the order asked for. Rows with nothing to sort by (no round, no sizes, not
 * rated) go last in either direction; ties keep the order of the names.
 */
export function sortOverview(rows: OverviewRow[], sort: OverviewSort): OverviewRow[] {
  const value = (r: OverviewRow): number | null => {
    switch (sort.key) {
      case 'student':
      case 'parent':
      case 'staff':
      case 'employer':
        return r.shown[sort.key]
      case 'rate':
        return shownRate(r.coverage)
      case 'rating':
        return r.report?.rag?.rating ? ratingRank[r.report.rag.rating]! : null
      default:
        return null
    }
  }
  const byName = (a: OverviewRow, b: OverviewRow) => a.name.localeCompare(b.name, 'en-GB')
  const sign = sort.descending ? -1 : 1
  return [...rows].sort((a, b) => {
    if (sort.key === 'institution') return sign * byName(a, b)
    const x = value(a)
    const y = value(b)
    if (x === null || y === null) return x === y ? byName(a, b) : x === null ? 1 : -1
    return sign * (x - y) || byName(a, b)
  })
}

/** The partnership's totals: responses as the rows show them, and the average of the institutions' student response rates where known. */
export function overviewTotals(rows: OverviewRow[]) {
  // null when no institution has a round of that audience
  const sum = (xs: (number | null)[]) => (xs.every((x) => x === null) ? null : xs.reduce<number>((a, x) => a + (x ?? 0), 0))
  const rates = rows.map((r) => shownRate(r.coverage)).filter((x): x is number => x !== null)
  return {
    exact: rows.every((r) => r.exact),
    responses: eachAudience((a) => sum(rows.map((r) => r.shown[a]))),
    averageRate: rates.length ? Math.round(rates.reduce((a, x) => a + x, 0) / rates.length) : null,
    rated: rates.length,
    provisional: rows.filter((r) => r.report?.rag?.rating && r.coverage?.provisional).length,
    /** Institutions with a student round and no (or incomplete) year-group sizes: their rate is unknown. */
    withoutSizes: rows.filter((r) => r.coverage && r.coverage.status !== 'known').map((r) => ({ id: r.id, name: r.name, status: r.coverage!.status })),
  }
}
