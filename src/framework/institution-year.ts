import { actionPlanOf } from '../analysis/queries.ts'
import type { Role } from '../auth/users.ts'
import type { Db } from '../db/database.ts'
import { previousYear } from '../rounds/academic-year.ts'
import { roundsInYears } from '../rounds/rounds.ts'
import { surveyOfRound } from '../rounds/survey-versions.ts'
import type { SurveyCatalog } from '../surveys/load.ts'
import { questionsOf } from '../surveys/schema.ts'
import { changeBetween, rateYear } from './evaluate.ts'
import type { Change, InstitutionYear } from './result-schema.ts'
import type { Actions } from './entered-figures.ts'
import type { Report } from '../analysis/report-schema.ts'
import { publishable, publishedFor, type YouSaidItem } from './you-said.ts'

/** The student survey's part of the page: this year's report, last year's actions, the plan for next year. */
export type SurveyPlan = {
  /** The year's student-survey report (null: no student round this year). */
  report: Report | null
  reportHref: string | null
  /** Actions recorded with the development questions in last year's action plan. */
  developmentActions: Record<string, string>
  /** The action plan recorded in this year's round, for next year. */
  planForNext: { keys: string[]; actions: Record<string, string> } | null
}

/** "You said, we did" of one survey's round last year. */
export type YouSaidStatus = {
  surveyTitle: string
  /** The year whose priority areas the items answer (the round they belong to). */
  fromYear: string
  href: string
  published: (YouSaidItem & { text: string })[] | null
  publishable: boolean
}

export type InstitutionFramework = {
  current: InstitutionYear
  previous: InstitutionYear
  change: Change | null
  actions: Actions
  survey: SurveyPlan
  youSaid: YouSaidStatus[]
}

/**
 * What an institution's framework page shows for a year: the five elements this year and last,
 * the change, the framework action plan, the student survey's development questions and action
 * plans, and "you said, we did" for each survey that had a round last year. `seenBy` is the
 * reader's role: a coordinator or viewer gets no city average that rests on fewer than 3 other
 * institutions (its value is null and no reason names it).
 */
export async function institutionFramework(
  db: Db,
  catalog: SurveyCatalog,
  institution: { id: number; partnershipId: number },
  year: string,
  seenBy: Role,
): Promise<InstitutionFramework> {
  const before = previousYear(year)
  // the lead sees every institution's figures; the institution's own staff no average of fewer than 3 others
  const one = { institutionId: institution.id, audience: seenBy === 'lead' ? ('partnership' as const) : ('institution' as const) }
  const [now, then, rounds] = await Promise.all([
    rateYear(db, catalog, institution.partnershipId, year, one),
    rateYear(db, catalog, institution.partnershipId, before, one),
    roundsInYears(db, institution.id, [year, before]),
  ])
  const roundOf = (surveyId: string, y: string) => rounds.find((r) => r.surveyId === surveyId && r.year === y)
  const current = now.rows[0]!
  const previous = then.rows[0]!
  const report = now.reports.get(institution.id) ?? null

  const survey: SurveyPlan = { report, reportHref: null, developmentActions: {}, planForNext: null }
  if (report) {
    survey.reportHref = `/dashboard/institutions/${institution.id}/report?survey=${report.survey.id}&year=${encodeURIComponent(year)}`
    const round = roundOf(report.survey.id, year)
    const lastRound = roundOf(report.survey.id, before)
    const [plan, lastPlan] = await Promise.all([
      round ? actionPlanOf(db, round.id) : null,
      lastRound && report.development.source === 'action-plan' ? actionPlanOf(db, lastRound.id) : null,
    ])
    survey.planForNext = plan
    survey.developmentActions = lastPlan?.actions ?? {}
  }

  const lastYears = [...catalog.values()].flatMap((s) => {
    const round = roundOf(s.id, before)
    return round ? [{ s, round }] : []
  })
  const youSaid = await Promise.all(
    lastYears.map(async ({ s, round }): Promise<YouSaidStatus> => {
      const [published, size] = await Promise.all([publishedFor(db, round.id), publishable(db, round.id)])
      // the question texts of last year's round as it was asked
      const textOf = new Map(questionsOf(await surveyOfRound(db, catalog, round)).map((q) => [q.key, q.text]))
      return {
        surveyTitle: s.title,
        fromYear: before,
        href: `/dashboard/institutions/${institution.id}/you-said?survey=${s.id}&year=${encodeURIComponent(before)}`,
        published: published && size.ok ? published.items.map((i) => ({ ...i, text: textOf.get(i.questionKey) ?? i.questionKey })) : null,
        publishable: size.ok,
      }
    }),
  )

  return {
    current,
    previous,
    change: changeBetween(current.overall.rating, previous.overall.rating),
    actions: now.entries.get(institution.id)?.actions ?? {},
    survey,
    youSaid,
  }
}
