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

/** An institution's row: response counts in words (rounded while a round is open, see rounds/live-count.ts), its student report. */
export type OverviewRow = {
  id: number
  name: string
  student: string | null
  parent: string | null
  report: Report | null
  /** How the responses of each code-only round arrived (rounds/arrivals.ts); null for a round that needs one-time codes, an imported one, or none. */
  arrivals: { student: Arrivals | null; parent: Arrivals | null }
  /** Whether this year's round of each audience was imported from a file (Signpost did not collect it). */
  imported: { student: boolean; parent: boolean }
}
export type CityQuestion = { key: string; text: string; institutions: number; q1: number; median: number; q3: number }

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
      const count = (audience: string) => {
        const round = inst.rounds.find((r) => catalog.get(r.surveyId)?.audience === audience)
        return round ? countWords(visibleCount(round.respondents, round.status, minCohort), minCohort) : null
      }
      const importedRound = (audience: string) => inst.rounds.some((r) => catalog.get(r.surveyId)?.audience === audience && r.source === 'imported')
      const hasStudent = studentSurvey && inst.rounds.some((r) => r.surveyId === studentSurvey.id)
      const report = hasStudent ? await buildReport(db, catalog, { institutionId: inst.id, surveyId: studentSurvey.id, year }) : null
      return {
        id: inst.id,
        name: inst.name,
        student: count('student'),
        parent: count('parent'),
        report,
        arrivals: { student: arrivalsOf(inst.id, 'student'), parent: arrivalsOf(inst.id, 'parent') },
        imported: { student: importedRound('student'), parent: importedRound('parent') },
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
  return { partnershipName: partnership?.name ?? '', rows, city, minCohort }
}
