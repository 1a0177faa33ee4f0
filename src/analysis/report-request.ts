import { createMiddleware } from 'hono/factory'
import { z } from 'zod'
import type { InstitutionEnv } from '../auth/guard.tsx'
import { academicYear } from '../rounds/academic-year.ts'
import { resolveSurveyId } from './action-plan.ts'
import { buildReport } from './report.ts'
import type { Report } from './report-schema.ts'

/** Which report: `?survey=student&year=2025/26` (a survey id or an audience). */
export const reportQuery = z.object({
  survey: z.string({ error: 'give ?survey=student or a survey id' }).min(1),
  year: academicYear,
})

/** A route about one round's report, after `seeInstitution` or `changeInstitution`. */
export type ReportEnv = InstitutionEnv & {
  Variables: InstitutionEnv['Variables'] & {
    surveyId: string
    year: string
    /** The report, built on first use (routes that only change something never build it). */
    report: () => Promise<Report>
  }
}

/** Reads `?survey=&year=` into `c.var.surveyId` and `c.var.year`, and offers `c.var.report()`. */
export const reportTarget = createMiddleware<ReportEnv>(async (c, next) => {
  const query = reportQuery.parse(c.req.query())
  const surveyId = resolveSurveyId(c.var.catalog, query.survey)
  c.set('surveyId', surveyId)
  c.set('year', query.year)
  let built: Promise<Report> | undefined
  c.set('report', () => (built ??= buildReport(c.var.db, c.var.catalog, { institutionId: c.var.institution.id, surveyId, year: query.year })))
  await next()
})
