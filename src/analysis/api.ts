import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { changeInstitution, requireStaff, seeInstitution, type StaffEnv } from '../auth/guard.tsx'
import { RequestError } from '../http/errors.tsx'
import { jsonBody } from '../http/request-body.ts'
import { saveActionPlan } from './action-plan.ts'
import { reportTarget } from './report-request.ts'

/** An action plan is three keys and three short texts: 64 KB is far more than one needs. */
const maxBody = 64 * 1024

/**
 * Reports and action plans as JSON, for signed-in staff who may see the institution:
 *
 *   GET /api/institutions/:id/report?survey=&year=        the report object (reportSchema)
 *   PUT /api/institutions/:id/action-plan?survey=&year=   record the round's action plan (coordinator or lead; the lead only once next year's round opened)
 */
export const reportApi = new Hono<StaffEnv>()
  .use(requireStaff)
  .get('/:id/report', seeInstitution, reportTarget, async (c) => c.json(await c.var.report()))
  .put(
    '/:id/action-plan',
    bodyLimit({
      maxSize: maxBody,
      onError: () => {
        throw new RequestError(413, `The body is larger than ${maxBody / 1024} KB.`)
      },
    }),
    changeInstitution,
    reportTarget,
    async (c) => {
      const { plan } = await saveActionPlan(
        c.var.db,
        c.var.catalog,
        c.var.user,
        c.var.institution.id,
        { survey: c.var.surveyId, year: c.var.year },
        await jsonBody(c),
        c.var.now(),
      )
      return c.json(plan)
    },
  )
