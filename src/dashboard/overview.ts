import { eq } from 'drizzle-orm'
import { buildReport } from '../analysis/report.ts'
import type { Db } from '../db/database.ts'
import { partnerships } from '../db/schema.ts'
import type { SurveyCatalog } from '../surveys/load.ts'
import { scoredQuestions } from '../surveys/schema.ts'
import type { Report } from '../analysis/report-schema.ts'
import { settingsOf } from '../org/settings.ts'
import { countWords, visibleCount } from '../rounds/live-count.ts'

/** An institution's row: response counts in words (rounded while a round is open, see rounds/live-count.ts), its student report. */
export type OverviewRow = { id: number; name: string; student: string | null; parent: string | null; report: Report | null }
export type CityQuestion = { key: string; text: string; institutions: number; q1: number; median: number; q3: number }

/** Every institution of a partnership with its rounds of one academic year and their counts. */
export async function partnershipYear(db: Db, partnershipId: number, year: string) {
  const rs = await db.$client.execute({
    sql: `SELECT i.id, i.slug, i.name, r.survey_id AS surveyId, r.status,
                 (SELECT count(*) FROM responses s WHERE s.round_id = r.id) AS respondents
          FROM institutions i LEFT JOIN rounds r ON r.institution_id = i.id AND r.year = ?
          WHERE i.partnership_id = ? ORDER BY i.name`,
    args: [year, partnershipId],
  })
  const byId = new Map<number, { id: number; slug: string; name: string; rounds: { surveyId: string; status: string; respondents: number }[] }>()
  for (const r of rs.rows) {
    const id = Number(r.id)
    const entry = byId.get(id) ?? { id, slug: String(r.slug), name: String(r.name), rounds: [] }
    byId.set(id, entry)
    if (r.surveyId !== null) entry.rounds.push({ surveyId: String(r.surveyId), status: String(r.status), respondents: Number(r.respondents) })
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
  const rows: OverviewRow[] = await Promise.all(
    list.map(async (inst) => {
      const count = (audience: string) => {
        const round = inst.rounds.find((r) => catalog.get(r.surveyId)?.audience === audience)
        return round ? countWords(visibleCount(round.respondents, round.status, minCohort), minCohort) : null
      }
      const hasStudent = studentSurvey && inst.rounds.some((r) => r.surveyId === studentSurvey.id)
      const report = hasStudent ? await buildReport(db, catalog, { institutionId: inst.id, surveyId: studentSurvey.id, year }) : null
      return { id: inst.id, name: inst.name, student: count('student'), parent: count('parent'), report }
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
  return { partnershipName: partnership?.name ?? '', rows, city }
}
