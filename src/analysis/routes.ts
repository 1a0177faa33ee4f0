import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { z } from 'zod'
import { requireEditor, requireStaff, visibleInstitution, type StaffEnv } from '../auth/guard.ts'
import { jsonBody } from '../json-body.ts'
import { academicYear } from '../rounds/academic-year.ts'
import { findRound } from '../rounds/rounds.ts'
import type { SurveyCatalog } from '../surveys/load.ts'
import { recordActionPlan } from './action-plan.ts'
import { buildReport } from './report.ts'

/** `survey` may name a survey id or an audience ("student", "parent") with one survey. */
export function resolveSurveyId(catalog: SurveyCatalog, survey: string): string {
  if (catalog.has(survey)) return survey
  const byAudience = [...catalog.values()].filter((s) => s.audience === survey)
  if (byAudience.length === 1) return byAudience[0]!.id
  throw new HTTPException(404, { message: `no survey "${survey}" (surveys: ${[...catalog.keys()].join(', ')})` })
}

const reportQuery = z.object({
  survey: z.string({ error: 'give ?survey=student or a survey id' }).min(1),
  year: academicYear,
})
const institutionParam = z.object({ id: z.coerce.number({ error: 'the institution id is a number' }).int().positive() })

/** Reports and action plans, for signed-in staff who may see the institution. */
export const reportApi = new Hono<StaffEnv>()
  .use(requireStaff)
  .get('/:id/report', async (c) => {
    const { id } = institutionParam.parse(c.req.param())
    const query = reportQuery.parse(c.req.query())
    await visibleInstitution(c.var.db, c.var.user, id)
    const report = await buildReport(c.var.db, c.var.catalog, { institutionId: id, surveyId: resolveSurveyId(c.var.catalog, query.survey), year: query.year })
    return c.json(report)
  })
  .put('/:id/action-plan', async (c) => {
    const { id } = institutionParam.parse(c.req.param())
    const query = reportQuery.parse(c.req.query())
    requireEditor(c.var.user)
    await visibleInstitution(c.var.db, c.var.user, id)
    const surveyId = resolveSurveyId(c.var.catalog, query.survey)
    const round = await findRound(c.var.db, id, surveyId, query.year)
    if (!round) throw new HTTPException(404, { message: `no ${surveyId} round for ${query.year}` })
    const plan = await recordActionPlan(c.var.db, c.var.catalog.get(surveyId)!, round, await jsonBody(c))
    return c.json(plan)
  })
