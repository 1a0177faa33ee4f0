import { z } from 'zod'
import { buildReport } from '../analysis/report.ts'
import type { Report } from '../analysis/report-schema.ts'
import { overallRateWords } from '../coverage/rates.ts'
import type { Db } from '../db/database.ts'
import { roundSources } from '../db/schema.ts'
import { actionPlanOf } from '../analysis/queries.ts'
import { publishedFor } from '../framework/you-said.ts'
import { nextYear } from '../rounds/academic-year.ts'
import { roundsOfInstitution } from '../rounds/summaries.ts'
import { audiences, audienceWords, byAudience } from '../surveys/audience.ts'
import type { SurveyCatalog } from '../surveys/load.ts'

/** A priority area as the statement gives it: the question, its score and the change on last year, in plain words. */
const priorityItemSchema = z.object({ key: z.string(), text: z.string(), score: z.number().nullable(), change: z.string().nullable() })

/** One survey round of the year in the statement and the evidence pack: only what its report shows. */
export const impactRoundSchema = z.object({
  surveyId: z.string(),
  title: z.string(),
  audience: z.enum(audiences),
  /** "students", "staff"... */
  people: z.string(),
  /** "student survey", "staff survey"... */
  surveyName: z.string(),
  status: z.enum(['open', 'closed']),
  source: z.enum(roundSources),
  opensOn: z.string().nullable(),
  closesOn: z.string().nullable(),
  /** The responses the figures rest on (in steps of the minimum cohort). */
  respondents: z.number().int(),
  /** In words, for a survey that asks the year group; null for one that does not (staff, employers). */
  responseRate: z.string().nullable(),
  topThree: z.array(priorityItemSchema),
  /** The student-survey rating of the IAG Improvement Framework, with its reason; null for the other surveys. */
  rating: z.object({ rating: z.string().nullable(), provisional: z.boolean(), explanation: z.string() }).nullable(),
  /** Next year's action plan written on this round: each development question with what will be done. */
  actions: z.array(z.object({ key: z.string(), text: z.string(), action: z.string() })),
  /** "You said, we did" published for this round's respondents' successors. */
  youSaid: z.array(z.object({ key: z.string(), text: z.string(), weDid: z.string() })),
})

export const impactSchema = z.object({
  institution: z.object({ id: z.number().int(), slug: z.string(), name: z.string() }),
  year: z.string(),
  minCohort: z.number().int(),
  rounds: z.array(impactRoundSchema),
  nextReview: z.string(),
})
export type Impact = z.infer<typeof impactSchema>
export type ImpactRound = z.infer<typeof impactRoundSchema>

const points = (d: number) => Math.round(Math.abs(d) * 100)

/** "up 6 points on 2024/25", or "about the same as 2024/25" when the change is within sampling error. */
function changeWords(change: { previousYear: string; difference: number; withinSamplingError: boolean } | null): string | null {
  if (!change) return null
  if (change.withinSamplingError) return `about the same as ${change.previousYear}`
  return `${change.difference > 0 ? 'up' : 'down'} ${points(change.difference)} points on ${change.previousYear}`
}

/**
 * The careers impact statement of one institution and academic year, and the Benchmark 1
 * evidence pack: every survey round of the year, each read through its own report (so the
 * minimum cohort, the steps of an open round and every suppression apply exactly as there).
 * An open round's figures are not given: its results come when it closes.
 */
export async function impactOf(
  db: Db,
  catalog: SurveyCatalog,
  institution: { id: number; slug: string; name: string; partnershipId: number },
  year: string,
  minCohort: number,
  /** What the caller has read already: the institution's rounds of every year, reports of the year. */
  known: { rounds?: Awaited<ReturnType<typeof roundsOfInstitution>>; reports?: Report[] } = {},
): Promise<Impact> {
  const all = known.rounds ?? (await roundsOfInstitution(db, institution.id))
  const ofYear = all.filter((r) => r.year === year).sort(byAudience)
  const rounds = await Promise.all(
    ofYear.map(async (r): Promise<ImpactRound> => {
      const report =
        known.reports?.find((k) => k.survey.id === r.surveyId && k.year === year) ??
        (await buildReport(db, catalog, { institutionId: institution.id, surveyId: r.surveyId, year }))
      const text = new Map(report.questions.map((q) => [q.key, q.text]))
      for (const d of report.development.questions) if (!text.has(d.key)) text.set(d.key, d.text)
      const closed = r.status === 'closed'
      const [plan, published] = await Promise.all([actionPlanOf(db, r.id), publishedFor(db, r.id)])
      return {
        surveyId: r.surveyId,
        title: report.survey.title,
        audience: r.audience,
        people: audienceWords[r.audience].people,
        surveyName: audienceWords[r.audience].survey,
        status: closed ? 'closed' : 'open',
        source: r.source,
        opensOn: r.opensOn,
        closesOn: r.closesOn,
        respondents: report.respondents,
        responseRate: report.coverage.groups.length > 0 ? overallRateWords(report.coverage) : null,
        topThree: closed
          ? report.topThree.map((key) => {
              const q = report.questions.find((x) => x.key === key)!
              return { key, text: q.text, score: q.score, change: changeWords(q.change) }
            })
          : [],
        rating: closed && report.rag ? { rating: report.rag.rating, provisional: report.rag.provisional, explanation: report.rag.explanation } : null,
        actions: plan
          ? plan.keys.flatMap((key) => (plan.actions[key]?.trim() ? [{ key, text: text.get(key) ?? key, action: plan.actions[key]!.trim() }] : []))
          : [],
        youSaid: published ? published.items.map((i) => ({ key: i.questionKey, text: text.get(i.questionKey) ?? i.questionKey, weDid: i.weDid })) : [],
      }
    }),
  )
  const next = nextYear(year)
  const planned = all.find((r) => r.year === next && r.opensOn)
  return {
    institution: { id: institution.id, slug: institution.slug, name: institution.name },
    year,
    minCohort,
    rounds,
    nextReview: planned?.opensOn ? `with the ${next} surveys, which open on ${planned.opensOn}` : `with the ${next} surveys, in the autumn term of ${next}`,
  }
}
