import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { z } from 'zod'
import { requireEditor, requireStaff, visibleInstitution, type StaffEnv } from '../auth/guard.ts'
import { RequestError } from '../errors.tsx'
import { jsonBody } from '../json-body.ts'
import { academicYear } from '../rounds/academic-year.ts'
import { resolveSurveyId, saveActionPlan } from './action-plan.ts'
import { buildReport } from './report.ts'

const reportQuery = z.object({
  survey: z.string({ error: 'give ?survey=student or a survey id' }).min(1),
  year: academicYear,
})
/** An action plan is three keys and three short texts: 64 KB is far more than one needs. */
const maxBody = 64 * 1024

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
  .put(
    '/:id/action-plan',
    bodyLimit({
      maxSize: maxBody,
      onError: () => {
        throw new RequestError(413, `The body is larger than ${maxBody / 1024} KB.`)
      },
    }),
    async (c) => {
      const { id } = institutionParam.parse(c.req.param())
      const query = reportQuery.parse(c.req.query())
      requireEditor(c.var.user)
      await visibleInstitution(c.var.db, c.var.user, id)
      const { plan } = await saveActionPlan(c.var.db, c.var.catalog, id, query, await jsonBody(c))
      return c.json(plan)
    },
  )
