import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { recordExport } from '../audit/record.ts'
import { changeInstitution, seeInstitution, type StaffEnv } from '../auth/guard.tsx'
import { csvDownload } from '../http/csv.ts'
import { formBody, formText, smallForm } from '../http/request-body.ts'
import { nextYear } from '../rounds/academic-year.ts'
import { findRound } from '../rounds/rounds.ts'
import { surveyOfRound } from '../rounds/survey-versions.ts'
import { saveActionPlan } from './action-plan.ts'
import { partnershipMedians } from './comparison.ts'
import { answersCsv, csvFileName, mayExportAnswers, reportCsv } from './export.ts'
import { freeTextAnswers } from './free-text.ts'
import { actionPlanOf } from './queries.ts'
import { reportTarget } from './report-request.ts'
import { pdfDownload, summaryInputOf } from './summary-data.ts'
import { summaryFileName, summaryPdf } from './summary-pdf.ts'
import { ReportPage } from './views/report-page.tsx'

/** Three development questions and an action for each, as the report page's form sends them. */
function actionPlanFromForm(body: Awaited<ReturnType<typeof formBody>>) {
  const developmentKeys = ['key1', 'key2', 'key3'].map((k) => formText(body, k))
  const actions: Record<string, string> = {}
  developmentKeys.forEach((key, i) => {
    const action = formText(body, `action${i + 1}`).trim()
    if (action) actions[key] = action
  })
  return { developmentKeys, actions }
}

/**
 * A round's report for staff, mounted in the dashboard (`?survey=&year=` on each):
 *
 *   GET  /institutions/:id/report        the report page
 *   POST /institutions/:id/action-plan   record the action plan (coordinator or lead)
 *   GET  /institutions/:id/report.csv    every scored question's figures
 *   GET  /institutions/:id/summary.pdf   the governors' summary: two A4 pages (analysis/summary-pdf.ts)
 *   GET  /institutions/:id/answers.csv   one row per response, closed rounds, lead only by default
 */
export const reportPages = new Hono<StaffEnv>()
  .get('/institutions/:id/report', seeInstitution, reportTarget, async (c) => {
    const { db, user, institution, surveyId, year } = c.var
    const report = await c.var.report()
    const round = (await findRound(db, institution.id, surveyId, year))!
    // the round's own version of the survey (its questions as asked then), never today's file
    const freeText =
      user.role === 'coordinator' ? await freeTextAnswers(db, await surveyOfRound(db, c.var.catalog, round), round, report.settings.minFreeTextCohort) : null
    const qs = `survey=${surveyId}&year=${encodeURIComponent(year)}`
    const base = `/dashboard/institutions/${institution.id}`
    return c.html(
      <ReportPage
        user={user}
        report={report}
        canEdit={user.role !== 'viewer'}
        freeText={freeText}
        actionPlan={await actionPlanOf(db, round.id)}
        actionPlanLockedBy={(await findRound(db, institution.id, surveyId, nextYear(year))) ? nextYear(year) : null}
        comparison={await partnershipMedians(
          db,
          { partnershipId: institution.partnershipId, institutionId: institution.id, surveyId, year, minCohort: report.settings.minCohort },
          report.topThree,
        )}
        csvHref={`${base}/report.csv?${qs}`}
        answersCsvHref={`${base}/answers.csv?${qs}`}
        freeTextDeleteHref={(key) => `${base}/delete-answer?${qs}&key=${encodeURIComponent(key)}`}
        actionPlanAction={`${base}/action-plan?${qs}`}
        message={c.req.query('saved') ? 'Action plan saved.' : undefined}
      />,
    )
  })
  .post('/institutions/:id/action-plan', smallForm, changeInstitution, reportTarget, async (c) => {
    const { institution, surveyId, year } = c.var
    await saveActionPlan(c.var.db, c.var.catalog, c.var.user, institution.id, { survey: surveyId, year }, actionPlanFromForm(await formBody(c)), c.var.now())
    return c.redirect(`/dashboard/institutions/${institution.id}/report?survey=${surveyId}&year=${encodeURIComponent(year)}&saved=1#action-plan`, 303)
  })
  .get('/institutions/:id/report.csv', seeInstitution, reportTarget, async (c) => {
    const report = await c.var.report()
    const file = csvFileName({ institution: c.var.institution, survey: { id: c.var.surveyId }, year: c.var.year }, 'report')
    const body = reportCsv(report)
    await recordExport(c.var.db, { user: c.var.user, now: c.var.now() }, c.var, file)
    return csvDownload(body, file)
  })
  .get('/institutions/:id/summary.pdf', seeInstitution, reportTarget, async (c) => {
    const report = await c.var.report()
    const pdf = await summaryPdf(await summaryInputOf(c.var.db, c.var.catalog, report), c.var.now())
    await recordExport(c.var.db, { user: c.var.user, now: c.var.now() }, c.var, summaryFileName(report))
    return pdfDownload(pdf, summaryFileName(report))
  })
  .get('/institutions/:id/answers.csv', seeInstitution, reportTarget, async (c) => {
    const { db, user, institution, surveyId, year } = c.var
    const report = await c.var.report()
    if (!mayExportAnswers(user, report.settings)) {
      throw new HTTPException(403, { message: 'Only the partnership lead can download the answers one row per response.' })
    }
    if (report.round.answersDeletedOn) {
      throw new HTTPException(410, {
        message: `The individual answers of this round were deleted under the retention policy on ${report.round.answersDeletedOn}: only its figures remain.`,
      })
    }
    const round = (await findRound(db, institution.id, surveyId, year))!
    const csv = await answersCsv(db, await surveyOfRound(db, c.var.catalog, round), round.id, report)
    const file = csvFileName({ institution, survey: { id: surveyId }, year }, 'answers')
    await recordExport(db, { user, now: c.var.now() }, c.var, file)
    return csvDownload(csv, file)
  })
