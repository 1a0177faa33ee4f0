import { eq } from 'drizzle-orm'
import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { z } from 'zod'
import { resolveSurveyId } from '../analysis/action-plan.ts'
import { recordAudit } from '../audit/log.ts'
import { actorOf, partnershipExportEntry } from '../audit/record.ts'
import { actionPlanOf } from '../analysis/queries.ts'
import { partnershipPackPdf, pdfDownload } from '../analysis/summary-data.ts'
import { buildReport } from '../analysis/report.ts'
import { changeInstitution, requireLead, seeInstitution, type StaffEnv } from '../auth/guard.tsx'
import { partnerships } from '../db/schema.ts'
import { csvDownload } from '../http/csv.ts'
import { formBody, smallForm } from '../http/request-body.ts'
import { academicYear, academicYearOf, nextYear, previousYear } from '../rounds/academic-year.ts'
import { findRound } from '../rounds/rounds.ts'
import { surveyOfRound } from '../rounds/survey-versions.ts'
import { partnershipFramework } from './evaluate.ts'
import { frameworkCsv } from './export.ts'
import { matrixPdf } from './matrix-pdf.ts'
import {
  actionFieldNames,
  actionsFromForm,
  criteriaFieldNames,
  criteriaFromForm,
  entryFormFieldNames,
  entryFromForm,
  textFields,
  youSaidFieldNames,
  youSaidFromForm,
  type FormErrors,
  type FormFields,
} from './forms.ts'
import { institutionFramework } from './institution-year.ts'
import { saveActions, saveCriteria, saveEntry, criteriaOf } from './queries.ts'
import { CriteriaPage } from './views/criteria-page.tsx'
import { InstitutionFrameworkPage } from './views/institution-page.tsx'
import { MatrixPage } from './views/matrix-page.tsx'
import { YouSaidPage } from './views/you-said-page.tsx'
import { publishable, publishedFor, publishYouSaid, requirePublishable } from './you-said.ts'

/**
 * The framework's pages, mounted in the dashboard (behind its sign-in guard):
 *
 *   GET  /framework                        the partnership matrix (lead; others go to their institution's page)
 *   GET  /framework.csv                    the matrix as CSV (lead)
 *   GET  /framework/summaries.pdf          every institution's governors' summary in one PDF (lead; ?year=&survey=, student by default)
 *   GET  /framework/matrix.pdf             the matrix as one landscape A4 page (lead)
 *   GET  /framework/criteria               the year's criteria (every staff member reads; the lead gets the form)
 *   POST /framework/criteria               save the year's criteria (lead)
 *   GET  /institutions/:id/framework       one institution's year (anyone who may see the institution)
 *   POST /institutions/:id/framework       enter the four elements (lead)
 *   POST /institutions/:id/framework/actions   the framework action plan (coordinator or lead)
 *   GET  /institutions/:id/you-said        "you said, we did" for a round (?survey=&year=)
 *   POST /institutions/:id/you-said        publish it (coordinator or lead)
 *
 * Who may do what is checked before the request's fields are read, so a caller who may not see
 * an institution gets 404 and one who may not change it 403, whatever they send.
 */

/** What the page helpers read of a request: its variables, query and the way to answer with HTML. */
type Ctx = Pick<Context<StaffEnv>, 'var' | 'req' | 'html'>

/** The year asked for (?year= or a form field), or this academic year; a badly written year is a 400 naming the rule. */
function yearOf(c: Ctx, raw: string | undefined): string {
  return raw === undefined || raw === '' ? academicYearOf(c.var.now()) : academicYear.parse(raw)
}

async function partnershipOf(c: Ctx) {
  const p = await c.var.db.query.partnerships.findFirst({ where: eq(partnerships.id, c.var.user.partnershipId) })
  if (!p) throw new HTTPException(404, { message: 'There is no such partnership.' })
  return { id: p.id, slug: p.slug, name: p.name }
}

/**
 * The named fields of the request's form, each as text: a form that is not UTF-8 (also where
 * %-encoded) or gives one of these fields twice or as a file is refused with 400, as every
 * dashboard form is (see src/http/request-body.ts). Fields the form does not have are not read.
 */
async function formOf(c: Ctx, names: readonly string[]): Promise<FormFields> {
  return textFields(await formBody(c), names)
}

const institutionHref = (id: number, year: string) => `/dashboard/institutions/${id}/framework?year=${encodeURIComponent(year)}`

const notices: Record<string, string> = {
  entry: 'The four elements are saved.',
  actions: 'The action plan is saved.',
  criteria: 'The criteria are saved.',
  published: 'Published: it is shown on next year’s survey.',
  withdrawn: 'Withdrawn: nothing is published for this round now.',
}

/** One institution's framework page, with a form's typed values and problems when it comes back. */
async function institutionPage(
  c: Ctx,
  institution: { id: number; name: string; slug: string; partnershipId: number },
  year: string,
  extra: { entryValues?: FormFields; entryErrors?: FormErrors; actionValues?: FormFields; actionErrors?: FormErrors } = {},
  status: 200 | 400 = 200,
) {
  const { user } = c.var
  const model = await institutionFramework(c.var.db, c.var.catalog, institution, year, user.role)
  return c.html(
    <InstitutionFrameworkPage
      user={user}
      institution={institution}
      year={year}
      {...model}
      canEnter={user.role === 'lead'}
      canEdit={user.role !== 'viewer'}
      criteriaHref={`/dashboard/framework/criteria?year=${encodeURIComponent(year)}`}
      matrixHref={user.role === 'lead' ? `/dashboard/framework?year=${encodeURIComponent(year)}` : null}
      message={notices[c.req.query('done') ?? '']}
      {...extra}
    />,
    status,
  )
}

async function criteriaPage(c: Ctx, year: string, extra: { values?: FormFields; errors?: FormErrors } = {}, status: 200 | 400 = 200) {
  const { criteria, source } = await criteriaOf(c.var.db, c.var.user.partnershipId, year)
  return c.html(
    <CriteriaPage
      user={c.var.user}
      year={year}
      previousYear={previousYear(year)}
      criteria={criteria}
      source={source}
      canEdit={c.var.user.role === 'lead'}
      message={notices[c.req.query('done') ?? '']}
      {...extra}
    />,
    status,
  )
}

/** The round a "you said, we did" page is about, or a clear error. */
async function youSaidRound(c: Ctx, institutionId: number, fields: { survey?: string; year?: string }, missing: 400 | 404) {
  const where = z
    .object({
      survey: z.string({ error: 'give the survey (?survey=student or a survey id)' }).min(1, 'give the survey'),
      year: z.string({ error: 'give the academic year of the round, such as 2024/25' }).pipe(academicYear),
    })
    .parse(fields)
  const surveyId = resolveSurveyId(c.var.catalog, where.survey)
  const round = await findRound(c.var.db, institutionId, surveyId, where.year)
  if (!round) throw new HTTPException(missing, { message: `There is no ${surveyId} round in ${where.year} at this institution.` })
  return { round, survey: await surveyOfRound(c.var.db, c.var.catalog, round), year: where.year }
}

async function youSaidPage(
  c: Ctx,
  institution: { id: number; name: string },
  fields: { survey?: string; year?: string },
  extra: { values?: FormFields; errors?: FormErrors } = {},
  status: 200 | 400 = 200,
) {
  const { round, survey, year } = await youSaidRound(c, institution.id, fields, 404)
  const { db, catalog } = c.var
  const [published, size, plan] = await Promise.all([publishedFor(db, round.id), publishable(db, round.id), actionPlanOf(db, round.id)])
  // start from the round's development questions for next year: its action plan, else its top three (which respects the minimum cohort)
  const suggested = plan?.keys ?? (size.ok ? (await buildReport(db, catalog, { institutionId: institution.id, surveyId: survey.id, year })).topThree : [])
  return c.html(
    <YouSaidPage
      user={c.var.user}
      institution={institution}
      survey={survey}
      year={year}
      suggested={suggested}
      published={size.ok ? published : null}
      publishable={size}
      canEdit={c.var.user.role !== 'viewer'}
      message={notices[c.req.query('done') ?? '']}
      backHref={institutionHref(institution.id, nextYear(year))}
      {...extra}
    />,
    status,
  )
}

export const frameworkPages = new Hono<StaffEnv>()
  .get('/framework', async (c) => {
    const user = c.var.user
    const year = yearOf(c, c.req.query('year'))
    if (user.role !== 'lead') return c.redirect(institutionHref(user.institutionId!, year), 303)
    const data = await partnershipFramework(c.var.db, c.var.catalog, await partnershipOf(c), year)
    const qs = `year=${encodeURIComponent(year)}`
    return c.html(
      <MatrixPage
        user={user}
        data={data}
        csvHref={`/dashboard/framework.csv?${qs}`}
        criteriaHref={`/dashboard/framework/criteria?${qs}`}
        importHref={`/dashboard/framework/import?${qs}`}
      />,
    )
  })
  .get('/framework.csv', async (c) => {
    requireLead(c.var.user, 'download the partnership’s framework')
    const year = yearOf(c, c.req.query('year'))
    const partnership = await partnershipOf(c)
    const data = await partnershipFramework(c.var.db, c.var.catalog, partnership, year)
    const file = `${partnership.slug}-framework-${year.replace('/', '-')}.csv`
    const body = frameworkCsv(data)
    await recordAudit(c.var.db, partnershipExportEntry(c.var.user, file, c.var.now()))
    return csvDownload(body, file)
  })
  .get('/framework/summaries.pdf', async (c) => {
    requireLead(c.var.user, 'download every institution’s summary')
    const year = yearOf(c, c.req.query('year'))
    const surveyId = resolveSurveyId(c.var.catalog, c.req.query('survey') || 'student')
    const partnership = await partnershipOf(c)
    const { bytes } = await partnershipPackPdf(c.var.db, c.var.catalog, partnership, surveyId, year, c.var.now())
    const file = `${partnership.slug}-${surveyId}-${year.replace('/', '-')}-summaries.pdf`
    await recordAudit(c.var.db, partnershipExportEntry(c.var.user, file, c.var.now()))
    return pdfDownload(bytes, file)
  })
  .get('/framework/matrix.pdf', async (c) => {
    requireLead(c.var.user, 'download the partnership’s framework')
    const year = yearOf(c, c.req.query('year'))
    const partnership = await partnershipOf(c)
    const data = await partnershipFramework(c.var.db, c.var.catalog, partnership, year)
    const file = `${partnership.slug}-framework-${year.replace('/', '-')}.pdf`
    const pdf = await matrixPdf(data, c.var.now())
    await recordAudit(c.var.db, partnershipExportEntry(c.var.user, file, c.var.now()))
    return pdfDownload(pdf, file)
  })
  .get('/framework/criteria', async (c) => criteriaPage(c, yearOf(c, c.req.query('year'))))
  .post('/framework/criteria', smallForm, async (c) => {
    requireLead(c.var.user, 'change the framework criteria')
    const body = await formOf(c, ['year', ...criteriaFieldNames])
    const year = yearOf(c, body.year)
    const form = criteriaFromForm(body)
    if (!form.ok) return criteriaPage(c, year, { values: body, errors: form.errors }, 400)
    await saveCriteria(c.var.db, c.var.user.partnershipId, year, form.value, c.var.now(), {
      action: 'framework.criteria',
      actor: actorOf(c.var.user),
      partnershipId: c.var.user.partnershipId,
      subject: `the criteria for ${year}`,
      at: c.var.now(),
    })
    return c.redirect(`/dashboard/framework/criteria?year=${encodeURIComponent(year)}&done=criteria`, 303)
  })
  .get('/institutions/:id/framework', seeInstitution, async (c) => {
    return institutionPage(c, c.var.institution, yearOf(c, c.req.query('year')))
  })
  .post('/institutions/:id/framework', smallForm, seeInstitution, async (c) => {
    const { institution } = c.var
    requireLead(c.var.user, 'enter the framework elements')
    const body = await formOf(c, ['year', ...entryFormFieldNames])
    const year = yearOf(c, body.year)
    const form = entryFromForm(body)
    if (!form.ok) return institutionPage(c, institution, year, { entryValues: body, entryErrors: form.errors }, 400)
    await saveEntry(c.var.db, institution.id, year, form.value, c.var.now(), {
      action: 'framework.figures',
      actor: actorOf(c.var.user),
      partnershipId: institution.partnershipId,
      institutionId: institution.id,
      subject: `${institution.name}, ${year}`,
      at: c.var.now(),
    })
    return c.redirect(`${institutionHref(institution.id, year)}&done=entry`, 303)
  })
  .post('/institutions/:id/framework/actions', smallForm, changeInstitution, async (c) => {
    const { institution } = c.var
    const body = await formOf(c, ['year', ...actionFieldNames])
    const year = yearOf(c, body.year)
    const form = actionsFromForm(body)
    if (!form.ok) return institutionPage(c, institution, year, { actionValues: body, actionErrors: form.errors }, 400)
    await saveActions(c.var.db, institution.id, year, form.value, c.var.now(), {
      action: 'framework.actions',
      actor: actorOf(c.var.user),
      partnershipId: institution.partnershipId,
      institutionId: institution.id,
      subject: `${institution.name}, ${year}`,
      at: c.var.now(),
    })
    return c.redirect(`${institutionHref(institution.id, year)}&done=actions#action-plan`, 303)
  })
  .get('/institutions/:id/you-said', seeInstitution, async (c) => {
    return youSaidPage(c, c.var.institution, { survey: c.req.query('survey'), year: c.req.query('year') })
  })
  .post('/institutions/:id/you-said', smallForm, changeInstitution, async (c) => {
    const { institution } = c.var
    const body = await formOf(c, ['survey', 'year', ...youSaidFieldNames])
    const { round, survey, year } = await youSaidRound(c, institution.id, { survey: body.survey, year: body.year }, 400)
    // the page offers no form for a round below the minimum cohort: say so, whatever was sent
    await requirePublishable(c.var.db, round.id)
    const form = youSaidFromForm(body, survey)
    if (!form.ok) return youSaidPage(c, institution, { survey: survey.id, year }, { values: body, errors: form.errors }, 400)
    const items = await publishYouSaid(c.var.db, survey, round.id, form.value, c.var.now(), {
      action: 'you-said.published',
      actor: actorOf(c.var.user),
      partnershipId: institution.partnershipId,
      institutionId: institution.id,
      roundId: round.id,
      subject: `${institution.name}, ${survey.id} ${year}`,
      at: c.var.now(),
    })
    return c.redirect(
      `/dashboard/institutions/${institution.id}/you-said?survey=${survey.id}&year=${encodeURIComponent(year)}&done=${items.length ? 'published' : 'withdrawn'}`,
      303,
    )
  })
