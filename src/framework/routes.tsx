import { eq } from 'drizzle-orm'
import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import { z } from 'zod'
import { resolveSurveyId } from '../analysis/action-plan.ts'
import { actionPlanOf } from '../analysis/queries.ts'
import { buildReport } from '../analysis/report.ts'
import { requireEditor, visibleInstitution, type StaffEnv } from '../auth/guard.ts'
import type { User } from '../auth/users.ts'
import { partnerships } from '../db/schema.ts'
import { RequestError } from '../http/errors.tsx'
import { csvDownload } from '../http/csv.ts'
import { formatProblem, ImportError } from '../importers/import.ts'
import { formBody as readForm, formText, smallForm } from '../http/request-body.ts'
import { academicYear, academicYearOf, nextYear, previousYear } from '../rounds/academic-year.ts'
import { findRound } from '../rounds/rounds.ts'
import { changeBetween, partnershipFramework, rateYear } from './evaluate.ts'
import { frameworkCsv } from './export.ts'
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
  type FormBody,
  type FormErrors,
} from './forms.ts'
import { importFramework, readFrameworkCsv } from './import.ts'
import { criteriaOf, institutionsOf, saveActions, saveCriteria, saveEntry } from './queries.ts'
import { CriteriaPage } from './views/criteria-page.tsx'
import { FrameworkImportPage, type FrameworkPreview } from '../importers/views/framework-import-page.tsx'
import { InstitutionFrameworkPage, type SurveyPlan, type YouSaidStatus } from './views/institution-page.tsx'
import { MatrixPage } from './views/matrix-page.tsx'
import { YouSaidPage } from './views/you-said-page.tsx'
import { publishable, publishedFor, publishYouSaid, requirePublishable } from './you-said.ts'

/**
 * The framework's pages, mounted in the dashboard (behind its sign-in guard):
 *
 *   GET  /framework                        the partnership matrix (lead; others go to their institution's page)
 *   GET  /framework.csv                    the matrix as CSV (lead)
 *   GET  /framework/criteria               the year's criteria (every staff member reads; the lead gets the form)
 *   POST /framework/criteria               save the year's criteria (lead)
 *   GET  /framework/import                 CSV import: upload (lead)
 *   POST /framework/import/preview         ... check every row, store nothing (lead)
 *   POST /framework/import/confirm         ... store every row or none (lead)
 *   GET  /institutions/:id/framework       one institution's year (anyone who may see the institution)
 *   POST /institutions/:id/framework       enter the four elements (lead)
 *   POST /institutions/:id/framework/actions   the framework action plan (coordinator or lead)
 *   GET  /institutions/:id/you-said        "you said, we did" for a round (?survey=&year=)
 *   POST /institutions/:id/you-said        publish it (coordinator or lead)
 *
 * Who may do what is checked before the request's fields are read, so a caller who may not see
 * an institution gets 404 and one who may not change it 403, whatever they send.
 */

const idParam = z.object({ id: z.coerce.number().int().positive() })
const maxFile = 1024 * 1024

/** A refused upload: 413, saying what the limit is. */
const tooLarge = (limit: number) => () => {
  throw new RequestError(413, `The file is too large: at most ${limit / 1024 / 1024} MB of framework figures can be imported at once.`)
}

/** A file's text: UTF-8, as spreadsheets save CSV, without the byte-order mark some add; null when it is not UTF-8. */
async function utf8Text(file: File): Promise<string | null> {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer()).replace(/^\ufeff/, '')
  } catch {
    return null
  }
}

/** Only the partnership lead sets criteria and enters the elements. */
export function requireLead(user: User, what: string): void {
  if (user.role !== 'lead') throw new HTTPException(403, { message: `Only the partnership lead can ${what}.` })
}

type Ctx = Context<StaffEnv>

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
 * dashboard form is (see src/json-body.ts). Fields the form does not have are not read.
 */
async function formOf(c: Ctx, names: readonly string[]): Promise<FormBody> {
  return textFields(await readForm(c), names)
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
  extra: { entryValues?: FormBody; entryErrors?: FormErrors; actionValues?: FormBody; actionErrors?: FormErrors } = {},
  status: 200 | 400 = 200,
) {
  const { db, catalog, user } = c.var
  const before = previousYear(year)
  const [now, then] = await Promise.all([rateYear(db, catalog, institution.partnershipId, year, [institution.id]), rateYear(db, catalog, institution.partnershipId, before, [institution.id])])
  const current = now.rows[0]!
  const previous = then.rows[0]!
  const report = now.reports.get(institution.id) ?? null

  // the student survey's development questions and action plans
  const survey: SurveyPlan = { report, reportHref: null, developmentActions: {}, planForNext: null }
  if (report) {
    survey.reportHref = `/dashboard/institutions/${institution.id}/report?survey=${report.survey.id}&year=${encodeURIComponent(year)}`
    const [round, lastRound] = await Promise.all([findRound(db, institution.id, report.survey.id, year), findRound(db, institution.id, report.survey.id, before)])
    if (round) survey.planForNext = await actionPlanOf(db, round.id)
    if (lastRound && report.development.source === 'action-plan') survey.developmentActions = (await actionPlanOf(db, lastRound.id))?.actions ?? {}
  }

  // "you said, we did" for each survey that had a round last year
  const youSaid: YouSaidStatus[] = []
  for (const s of catalog.values()) {
    const round = await findRound(db, institution.id, s.id, before)
    if (!round) continue
    const [published, size] = await Promise.all([publishedFor(db, round.id), publishable(db, round.id)])
    const textOf = new Map(s.sections.flatMap((sec) => sec.questions).map((q) => [q.key, q.text]))
    youSaid.push({
      surveyTitle: s.title,
      fromYear: before,
      href: `/dashboard/institutions/${institution.id}/you-said?survey=${s.id}&year=${encodeURIComponent(before)}`,
      published: published && size.ok ? published.items.map((i) => ({ ...i, text: textOf.get(i.questionKey) ?? i.questionKey })) : null,
      publishable: size.ok,
    })
  }

  return c.html(
    <InstitutionFrameworkPage
      user={user}
      institution={institution}
      year={year}
      current={current}
      previous={previous}
      change={changeBetween(current.overall.rating, previous.overall.rating)}
      canEnter={user.role === 'lead'}
      canEdit={user.role !== 'viewer'}
      actions={now.entries.get(institution.id)?.actions ?? {}}
      survey={survey}
      youSaid={youSaid}
      criteriaHref={`/dashboard/framework/criteria?year=${encodeURIComponent(year)}`}
      matrixHref={user.role === 'lead' ? `/dashboard/framework?year=${encodeURIComponent(year)}` : null}
      message={notices[c.req.query('done') ?? '']}
      {...extra}
    />,
    status,
  )
}

async function criteriaPage(c: Ctx, year: string, extra: { values?: FormBody; errors?: FormErrors } = {}, status: 200 | 400 = 200) {
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
  return { round, survey: c.var.catalog.get(surveyId)!, year: where.year }
}

async function youSaidPage(c: Ctx, institution: { id: number; name: string }, fields: { survey?: string; year?: string }, extra: { values?: FormBody; errors?: FormErrors } = {}, status: 200 | 400 = 200) {
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
    return c.html(<MatrixPage user={user} data={data} csvHref={`/dashboard/framework.csv?${qs}`} criteriaHref={`/dashboard/framework/criteria?${qs}`} importHref={`/dashboard/framework/import?${qs}`} />)
  })
  .get('/framework.csv', async (c) => {
    requireLead(c.var.user, 'download the partnership’s framework')
    const year = yearOf(c, c.req.query('year'))
    const partnership = await partnershipOf(c)
    const data = await partnershipFramework(c.var.db, c.var.catalog, partnership, year)
    return csvDownload(frameworkCsv(data), `${partnership.slug}-framework-${year.replace('/', '-')}.csv`)
  })
  .get('/framework/criteria', async (c) => criteriaPage(c, yearOf(c, c.req.query('year'))))
  .post('/framework/criteria', smallForm, async (c) => {
    requireLead(c.var.user, 'change the framework criteria')
    const body = await formOf(c, ['year', ...criteriaFieldNames])
    const year = yearOf(c, body.year)
    const form = criteriaFromForm(body)
    if (!form.ok) return criteriaPage(c, year, { values: body, errors: form.errors }, 400)
    await saveCriteria(c.var.db, c.var.user.partnershipId, year, form.value, c.var.now())
    return c.redirect(`/dashboard/framework/criteria?year=${encodeURIComponent(year)}&done=criteria`, 303)
  })
  .get('/framework/import', async (c) => {
    requireLead(c.var.user, 'import framework figures')
    return c.html(<FrameworkImportPage user={c.var.user} year={yearOf(c, c.req.query('year'))} />)
  })
  .post('/framework/import/preview', bodyLimit({ maxSize: maxFile, onError: tooLarge(maxFile) }), async (c) => {
    requireLead(c.var.user, 'import framework figures')
    const body = await readForm(c)
    const rawYear = formText(body, 'year')
    const year = academicYear.safeParse(rawYear)
    const page = (extra: { preview?: FrameworkPreview; error?: string }, status: 200 | 400) =>
      c.html(<FrameworkImportPage user={c.var.user} year={rawYear} {...extra} />, status)
    if (!year.success) return page({ error: `Academic year: ${year.error.issues[0]!.message}.` }, 400)
    const file = body.file
    if (Array.isArray(file)) throw new RequestError(400, 'The form gives "file" more than once: choose one CSV file.', [{ path: 'file', message: 'choose one file' }])
    if (!(file instanceof File) || file.size === 0) return page({ error: 'Choose a CSV file to check.' }, 400)
    const text = await utf8Text(file)
    if (text === null) return page({ error: 'The file is not UTF-8 text. Save it from the spreadsheet as “CSV UTF-8” and choose it again.' }, 400)
    const read = readFrameworkCsv(text, await institutionsOf(c.var.db, c.var.user.partnershipId))
    return page(
      {
        preview: {
          text,
          rows: read.rows.map((r) => ({ row: r.row, institution: r.institution.name, values: r.values })),
          fields: read.fields,
          problems: read.problems.map(formatProblem),
        },
      },
      read.problems.length ? 400 : 200,
    )
  })
  .post('/framework/import/confirm', bodyLimit({ maxSize: maxFile * 2, onError: tooLarge(maxFile) }), async (c) => {
    requireLead(c.var.user, 'import framework figures')
    const body = await formOf(c, ['year', 'text'])
    const year = academicYear.safeParse(body.year ?? '')
    const page = (extra: { done?: string; error?: string }, status: 200 | 400) => c.html(<FrameworkImportPage user={c.var.user} year={body.year ?? ''} {...extra} />, status)
    if (!year.success) return page({ error: `Academic year: ${year.error.issues[0]!.message}.` }, 400)
    try {
      const summary = await importFramework(c.var.db, c.var.user.partnershipId, year.data, body.text ?? '', c.var.now())
      return page({ done: `Stored the figures of ${summary.imported} ${summary.imported === 1 ? 'institution' : 'institutions'} for ${year.data}.` }, 200)
    } catch (error) {
      if (error instanceof ImportError) return page({ error: `Nothing was imported: ${error.problems.slice(0, 20).map(formatProblem).join('; ')}` }, 400)
      throw error
    }
  })
  .get('/institutions/:id/framework', async (c) => {
    const { id } = idParam.parse(c.req.param())
    const institution = await visibleInstitution(c.var.db, c.var.user, id)
    return institutionPage(c, institution, yearOf(c, c.req.query('year')))
  })
  .post('/institutions/:id/framework', smallForm, async (c) => {
    const { id } = idParam.parse(c.req.param())
    const institution = await visibleInstitution(c.var.db, c.var.user, id)
    requireLead(c.var.user, 'enter the framework elements')
    const body = await formOf(c, ['year', ...entryFormFieldNames])
    const year = yearOf(c, body.year)
    const form = entryFromForm(body)
    if (!form.ok) return institutionPage(c, institution, year, { entryValues: body, entryErrors: form.errors }, 400)
    await saveEntry(c.var.db, institution.id, year, form.value, c.var.now())
    return c.redirect(`${institutionHref(id, year)}&done=entry`, 303)
  })
  .post('/institutions/:id/framework/actions', smallForm, async (c) => {
    const { id } = idParam.parse(c.req.param())
    requireEditor(c.var.user)
    const institution = await visibleInstitution(c.var.db, c.var.user, id)
    const body = await formOf(c, ['year', ...actionFieldNames])
    const year = yearOf(c, body.year)
    const form = actionsFromForm(body)
    if (!form.ok) return institutionPage(c, institution, year, { actionValues: body, actionErrors: form.errors }, 400)
    await saveActions(c.var.db, institution.id, year, form.value, c.var.now())
    return c.redirect(`${institutionHref(id, year)}&done=actions#action-plan`, 303)
  })
  .get('/institutions/:id/you-said', async (c) => {
    const { id } = idParam.parse(c.req.param())
    const institution = await visibleInstitution(c.var.db, c.var.user, id)
    return youSaidPage(c, institution, { survey: c.req.query('survey'), year: c.req.query('year') })
  })
  .post('/institutions/:id/you-said', smallForm, async (c) => {
    const { id } = idParam.parse(c.req.param())
    requireEditor(c.var.user)
    const institution = await visibleInstitution(c.var.db, c.var.user, id)
    const body = await formOf(c, ['survey', 'year', ...youSaidFieldNames])
    const { round, survey, year } = await youSaidRound(c, institution.id, { survey: body.survey, year: body.year }, 400)
    // the page offers no form for a round below the minimum cohort: say so, whatever was sent
    await requirePublishable(c.var.db, round.id)
    const form = youSaidFromForm(body, survey)
    if (!form.ok) return youSaidPage(c, institution, { survey: survey.id, year }, { values: body, errors: form.errors }, 400)
    const items = await publishYouSaid(c.var.db, survey, round.id, form.value, c.var.now())
    return c.redirect(
      `/dashboard/institutions/${id}/you-said?survey=${survey.id}&year=${encodeURIComponent(year)}&done=${items.length ? 'published' : 'withdrawn'}`,
      303,
    )
  })
