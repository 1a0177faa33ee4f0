import { Hono } from 'hono'
import { createMiddleware } from 'hono/factory'
import { actorOf } from '../audit/record.ts'
import { changeInstitution, requireLead, type StaffEnv } from '../auth/guard.tsx'
import { RequestError } from '../http/errors.tsx'
import { roundParam } from '../http/params.ts'
import { formBody, formText, smallForm } from '../http/request-body.ts'
import { roundOfInstitution } from './rounds.ts'
import { surveyOfRound } from './survey-versions.ts'
import { voidOverview, VoidRefused, voidWindow } from './void.ts'
import { VoidPage } from './views/void-page.tsx'

/**
 * Voiding a flood (rounds/void.ts), for the partnership lead only: the coordinator is rated on
 * the round's results, so the one who could pad a round is not the one who takes responses out.
 * After `changeInstitution`, so that another institution is "not found" (404) before a 403.
 *
 *   GET  /institutions/:id/rounds/:roundId/void            today's busy windows (?window= asks to confirm one)
 *   POST /institutions/:id/rounds/:roundId/void            window=<minutes since 1970>, confirm=yes: voids it
 */
const leadVoids = createMiddleware<StaffEnv>(async (c, next) => {
  requireLead(c.var.user, 'void responses: ask them to look at the round')
  await next()
})

export const voidPages = new Hono<StaffEnv>()
  .get('/institutions/:id/rounds/:roundId/void', changeInstitution, leadVoids, async (c) => {
    const { db, institution } = c.var
    const round = await roundOfInstitution(db, institution.id, roundParam.parse(c.req.param()).roundId)
    const overview = await voidOverview(db, round, institution.partnershipId, c.var.now())
    const asked = Number(c.req.query('window'))
    const confirm = overview.windows.find((w) => w.window === asked)
    const done = c.req.query('voided')
    return c.html(
      <VoidPage
        user={c.var.user}
        institution={institution}
        round={round}
        surveyTitle={c.var.catalog.get(round.surveyId)?.title ?? round.surveyId}
        overview={overview}
        confirm={confirm}
        done={done && /^\d+$/.test(done) ? `${Number(done).toLocaleString('en-GB')} responses were voided. The audit log records it.` : undefined}
        error={c.req.query('window') !== undefined && !confirm ? 'That window is not one of today’s that can be voided.' : undefined}
      />,
    )
  })
  .post('/institutions/:id/rounds/:roundId/void', smallForm, changeInstitution, leadVoids, async (c) => {
    const { db, institution } = c.var
    const round = await roundOfInstitution(db, institution.id, roundParam.parse(c.req.param()).roundId)
    const body = await formBody(c)
    const window = Number(formText(body, 'window'))
    const now = c.var.now()
    const surveyTitle = c.var.catalog.get(round.surveyId)?.title ?? round.surveyId
    const page = async (error: string, status: 400 | 409) => {
      const overview = await voidOverview(db, round, institution.partnershipId, now)
      return c.html(
        <VoidPage
          user={c.var.user}
          institution={institution}
          round={round}
          surveyTitle={surveyTitle}
          overview={overview}
          confirm={overview.windows.find((w) => w.window === window)}
          error={error}
        />,
        status,
      )
    }
    if (!Number.isSafeInteger(window) || window <= 0) throw new RequestError(400, 'Choose a window to void.', [{ path: 'window', message: 'choose a window' }])
    if (formText(body, 'confirm') !== 'yes') return page('Tick the box to confirm.', 400)
    try {
      const voided = await voidWindow(db, round, await surveyOfRound(db, c.var.catalog, round), window, {
        actor: actorOf(c.var.user),
        partnershipId: institution.partnershipId,
        subject: `${institution.name}, ${round.surveyId} ${round.year}`,
        now,
      })
      return c.redirect(`/dashboard/institutions/${institution.id}/rounds/${round.id}/void?voided=${voided}`, 303)
    } catch (error) {
      if (error instanceof VoidRefused) return page(error.message, 409)
      throw error
    }
  })
