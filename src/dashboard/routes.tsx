import { and, eq } from 'drizzle-orm'
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { z } from 'zod'
import { resolveSurveyId, saveActionPlan } from '../analysis/action-plan.ts'
import { freeTextAnswers } from '../analysis/free-text.ts'
import { actionPlanOf, settingsOf } from '../analysis/queries.ts'
import { buildReport } from '../analysis/report.ts'
import { requireEditor, requireStaff, visibleInstitution, type StaffEnv } from '../auth/guard.ts'
import { partnerships, rounds } from '../db/schema.ts'
import { academicYear, academicYearOf } from '../rounds/academic-year.ts'
import { closeRound, findRound, issueTokens, openRound } from '../rounds/rounds.ts'
import { scoredQuestions } from '../surveys/schema.ts'
import { partnershipYear, quartiles, roundsOfInstitution } from './data.ts'
import { importPages } from './import-routes.tsx'
import { frameworkPages } from '../framework/routes.tsx'
import { answersCsv, reportCsv } from './export.ts'
import { formBody, formText, smallForm } from '../json-body.ts'
import { AccessSheet, InstitutionPage, OverviewPage, TokenSlips, type CityQuestion, type OverviewRow } from './views/pages.tsx'
import { ReportPage } from './views/report-page.tsx'

const idParam = z.object({ id: z.coerce.number().int().positive() })
const roundParam = idParam.extend({ roundId: z.coerce.number().int().positive() })
const reportQuery = z.object({ survey: z.string().min(1), year: academicYear })

/** A round of this institution, or 404. */
async function roundOf(c: { var: StaffEnv['Variables'] }, institutionId: number, roundId: number) {
  const round = await c.var.db.query.rounds.findFirst({ where: and(eq(rounds.id, roundId), eq(rounds.institutionId, institutionId)) })
  if (!round) throw new HTTPException(404, { message: 'There is no such round.' })
  return round
}

function csvResponse(body: string, filename: string) {
  return new Response(body, {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"`, 'cache-control': 'no-store' },
  })
}

/** The staff dashboard: every page signed in, every institution checked against the user. */
export const dashboard = new Hono<StaffEnv>()
  .use(requireStaff)
  .route('/', importPages)
  .route('/', frameworkPages)
  .get('/', async (c) => {
    const user = c.var.user
    if (user.role !== 'lead') return c.redirect(`/dashboard/institutions/${user.institutionId}`, 303)
    const year = academicYear.catch(academicYearOf(c.var.now())).parse(c.req.query('year') ?? academicYearOf(c.var.now()))
    const partnership = await c.var.db.query.partnerships.findFirst({ where: eq(partnerships.id, user.partnershipId) })
    const studentSurvey = [...c.var.catalog.values()].find((s) => s.audience === 'student')
    const list = await partnershipYear(c.var.db, user.partnershipId, year)
    const rows: OverviewRow[] = await Promise.all(
      list.map(async (inst) => {
        const count = (audience: string) => inst.rounds.find((r) => c.var.catalog.get(r.surveyId)?.audience === audience)?.respondents ?? null
        const hasStudent = studentSurvey && inst.rounds.some((r) => r.surveyId === studentSurvey.id)
        const report = hasStudent ? await buildReport(c.var.db, c.var.catalog, { institutionId: inst.id, surveyId: studentSurvey.id, year }) : null
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
    return c.html(<OverviewPage user={user} year={year} rows={rows} city={city} partnershipName={partnership?.name ?? ''} />)
  })
  .get('/institutions/:id', async (c) => {
    const { id } = idParam.parse(c.req.param())
    const institution = await visibleInstitution(c.var.db, c.var.user, id)
    const list = await roundsOfInstitution(c.var.db, id)
    const notices: Record<string, string> = { opened: 'The round is open.', closed: 'The round is closed.', reopened: 'The round is open again.' }
    return c.html(
      <InstitutionPage
        user={c.var.user}
        institution={institution}
        rounds={list}
        catalog={c.var.catalog}
        year={academicYearOf(c.var.now())}
        canEdit={c.var.user.role !== 'viewer'}
        message={notices[c.req.query('done') ?? '']}
      />,
    )
  })
  .post('/institutions/:id/rounds', smallForm, async (c) => {
    const { id } = idParam.parse(c.req.param())
    requireEditor(c.var.user)
    const institution = await visibleInstitution(c.var.db, c.var.user, id)
    const body = await formBody(c)
    await openRound(c.var.db, c.var.catalog, {
      institution: institution.slug,
      survey: formText(body, 'survey'),
      year: formText(body, 'year'),
      tokensRequired: body.tokensRequired === 'yes',
    })
    return c.redirect(`/dashboard/institutions/${id}?done=opened`, 303)
  })
  .post('/institutions/:id/rounds/:roundId/:action{close|open}', async (c) => {
    const { id, roundId } = roundParam.parse(c.req.param())
    requireEditor(c.var.user)
    const institution = await visibleInstitution(c.var.db, c.var.user, id)
    const round = await roundOf(c, id, roundId)
    if (c.req.param('action') === 'close') await closeRound(c.var.db, round)
    else await openRound(c.var.db, c.var.catalog, { institution: institution.slug, survey: round.surveyId, year: round.year })
    return c.redirect(`/dashboard/institutions/${id}?done=${c.req.param('action') === 'close' ? 'closed' : 'reopened'}`, 303)
  })
  .post('/institutions/:id/rounds/:roundId/tokens', smallForm, async (c) => {
    const { id, roundId } = roundParam.parse(c.req.param())
    requireEditor(c.var.user)
    await visibleInstitution(c.var.db, c.var.user, id)
    const round = await roundOf(c, id, roundId)
    const body = await formBody(c)
    const form = z.object({ count: z.coerce.number({ error: 'give a number of codes' }).int().min(1).max(500, 'at most 500 codes at a time'), label: z.string().trim().max(40).default('') }).parse(body)
    const tokens = await issueTokens(c.var.db, round, form.count, form.label || undefined)
    return c.html(
      <TokenSlips
        surveyTitle={c.var.catalog.get(round.surveyId)?.title ?? round.surveyId}
        label={form.label}
        tokens={tokens}
        startUrl={new URL(c.req.url).host}
        back={`/dashboard/institutions/${id}`}
      />,
    )
  })
  .get('/institutions/:id/rounds/:roundId/sheet', async (c) => {
    const { id, roundId } = roundParam.parse(c.req.param())
    const institution = await visibleInstitution(c.var.db, c.var.user, id)
    const round = await roundOf(c, id, roundId)
    const origin = new URL(c.req.url).origin
    return c.html(
      <AccessSheet institutionName={institution.name} surveyTitle={c.var.catalog.get(round.surveyId)?.title ?? round.surveyId} year={round.year} code={round.code} link={`${origin}/s/${round.code}`} />,
    )
  })
  .get('/institutions/:id/report', async (c) => {
    const { id } = idParam.parse(c.req.param())
    const query = reportQuery.parse(c.req.query())
    await visibleInstitution(c.var.db, c.var.user, id)
    const surveyId = resolveSurveyId(c.var.catalog, query.survey)
    const report = await buildReport(c.var.db, c.var.catalog, { institutionId: id, surveyId, year: query.year })
    const round = (await findRound(c.var.db, id, surveyId, query.year))!
    const survey = c.var.catalog.get(surveyId)!
    const freeText = c.var.user.role === 'coordinator' ? await freeTextAnswers(c.var.db, survey, round.id, report.respondents, report.settings.minFreeTextCohort) : null
    const qs = `survey=${surveyId}&year=${encodeURIComponent(query.year)}`
    const base = `/dashboard/institutions/${id}`
    return c.html(
      <ReportPage
        report={report}
        canEdit={c.var.user.role !== 'viewer'}
        freeText={freeText}
        actionPlan={await actionPlanOf(c.var.db, round.id)}
        csvHref={`${base}/report.csv?${qs}`}
        answersCsvHref={`${base}/answers.csv?${qs}`}
        actionPlanAction={`${base}/action-plan?${qs}`}
        message={c.req.query('saved') ? 'Action plan saved.' : undefined}
      />,
    )
  })
  .post('/institutions/:id/action-plan', smallForm, async (c) => {
    const { id } = idParam.parse(c.req.param())
    const query = reportQuery.parse(c.req.query())
    requireEditor(c.var.user)
    await visibleInstitution(c.var.db, c.var.user, id)
    const body = await formBody(c)
    const keys = ['key1', 'key2', 'key3'].map((k) => formText(body, k))
    const actions: Record<string, string> = {}
    keys.forEach((key, i) => {
      const action = formText(body, `action${i + 1}`).trim()
      if (action) actions[key] = action
    })
    const { surveyId } = await saveActionPlan(c.var.db, c.var.catalog, id, query, { developmentKeys: keys, actions })
    return c.redirect(`/dashboard/institutions/${id}/report?survey=${surveyId}&year=${encodeURIComponent(query.year)}&saved=1#action-plan`, 303)
  })
  .get('/institutions/:id/report.csv', async (c) => {
    const { id } = idParam.parse(c.req.param())
    const query = reportQuery.parse(c.req.query())
    const institution = await visibleInstitution(c.var.db, c.var.user, id)
    const surveyId = resolveSurveyId(c.var.catalog, query.survey)
    const report = await buildReport(c.var.db, c.var.catalog, { institutionId: id, surveyId, year: query.year })
    return csvResponse(reportCsv(report), `${institution.slug}-${surveyId}-${query.year.replace('/', '-')}-report.csv`)
  })
  .get('/institutions/:id/answers.csv', async (c) => {
    const { id } = idParam.parse(c.req.param())
    const query = reportQuery.parse(c.req.query())
    const institution = await visibleInstitution(c.var.db, c.var.user, id)
    const surveyId = resolveSurveyId(c.var.catalog, query.survey)
    const round = await findRound(c.var.db, id, surveyId, query.year)
    if (!round) throw new HTTPException(404, { message: `no ${surveyId} round for ${query.year}` })
    const { minCohort } = await settingsOf(c.var.db, institution.partnershipId)
    const csv = await answersCsv(c.var.db, c.var.catalog.get(surveyId)!, round.id, minCohort)
    return csvResponse(csv, `${institution.slug}-${surveyId}-${query.year.replace('/', '-')}-answers.csv`)
  })
