import { Hono } from 'hono'
import { createMiddleware } from 'hono/factory'
import { z } from 'zod'
import { changeInstitution, requireLead, type StaffEnv } from '../auth/guard.tsx'
import { importFramework, readFrameworkCsv } from '../framework/import.ts'
import { institutionsOf } from '../framework/queries.ts'
import { formText } from '../http/request-body.ts'
import { settingsOf } from '../org/settings.ts'
import { academicYear, academicYearOf } from '../rounds/academic-year.ts'
import { findRound } from '../rounds/rounds.ts'
import { surveyOfRound } from '../rounds/survey-versions.ts'
import { formatProblem, ImportError, importFormats, importRefusal, ImportRefused, importResponses, scanImport } from './import.ts'
import { uploadedCsv, uploadForm, uploadLimit } from './upload.ts'
import { FrameworkImportPage, type FrameworkPreview } from './views/framework-import-page.tsx'
import { SurveyImportPage, type SurveyPreview } from './views/survey-import-page.tsx'
import { actorOf, recordAudit } from '../audit/record.ts'

/**
 * The largest file: 5 MB holds the row limit (20,000 rows by default) of a plain CSV of values,
 * or about 11,000 rows of a SurveyMonkey export with its metadata columns (split a larger one).
 */
const maxAnswersFile = 5 * 1024 * 1024
const maxFiguresFile = 1024 * 1024

const importForm = z.object({
  survey: z.string().min(1, 'choose a survey'),
  year: academicYear,
  format: z.enum(importFormats, { error: 'choose the kind of file' }),
})

/**
 * Only the partnership lead imports earlier years' answers: the coordinator and the viewer are
 * rated on the results, and an import adds to the evidence. After `changeInstitution`, so that
 * another institution is still "not found" (404) before anyone learns of a 403.
 */
const leadImports = createMiddleware<StaffEnv>(async (c, next) => {
  requireLead(c.var.user, 'import earlier years’ answers: send them the file')
  await next()
})

/** "Nothing was imported: …" with the first problems, each naming its row and column. */
const refusal = (error: ImportError) => `Nothing was imported: ${error.problems.slice(0, 20).map(formatProblem).join('; ')}`

/**
 * File imports, mounted in the dashboard: upload, see every problem by row and column, confirm;
 * then every row is stored or none.
 *
 *   GET  /institutions/:id/import            an earlier year's answers (the partnership lead only), into a year
 *                                            with no round Signpost collected (see `importRefusal`)
 *   POST /institutions/:id/import/preview    ... check the file, store nothing
 *   POST /institutions/:id/import/confirm    ... store every response or none
 *   GET  /framework/import                   the framework's four entered elements (lead)
 *   POST /framework/import/preview           ... check every row, store nothing
 *   POST /framework/import/confirm           ... store every row or none
 */
export const importPages = new Hono<StaffEnv>()
  .get('/institutions/:id/import', changeInstitution, leadImports, async (c) =>
    c.html(<SurveyImportPage user={c.var.user} institution={c.var.institution} catalog={c.var.catalog} />),
  )
  .post('/institutions/:id/import/preview', uploadLimit(maxAnswersFile, 'answers'), changeInstitution, leadImports, async (c) => {
    const body = await uploadForm(c)
    const values = { survey: formText(body, 'survey'), year: formText(body, 'year'), format: formText(body, 'format') }
    const page = (extra: { preview?: SurveyPreview; error?: string; refused?: boolean }, status: 200 | 400 | 409) =>
      c.html(<SurveyImportPage user={c.var.user} institution={c.var.institution} catalog={c.var.catalog} values={values} {...extra} />, status)
    const form = importForm.safeParse(values)
    if (!form.success) return page({ error: form.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join('; ') }, 400)
    const survey = c.var.catalog.get(form.data.survey)
    if (!survey) return page({ error: `There is no survey "${form.data.survey}".` }, 400)
    // refused as the confirm would refuse it, whatever the file holds: a round Signpost collected
    const round = await findRound(c.var.db, c.var.institution.id, survey.id, form.data.year)
    const refused = importRefusal(round, { institution: c.var.institution.name, survey: survey.title })
    if (refused) return page({ error: refused, refused: true }, 409)
    const upload = await uploadedCsv(body)
    if ('error' in upload) return page({ error: upload.error }, 400)
    // read as the confirm will: with the survey of the round the file goes into, if it exists
    // row by row, with other requests served in between, and no more rows than the partnership allows
    const { maxImportRows } = await settingsOf(c.var.db, c.var.institution.partnershipId)
    const read = await scanImport(
      round ? await surveyOfRound(c.var.db, c.var.catalog, round) : survey,
      upload.text,
      form.data.format,
      {},
      { maxRows: maxImportRows },
    )
    return page(
      {
        preview: {
          // the file goes back with the confirm form only when it can be imported
          text: read.problems.length ? '' : upload.text,
          respondents: read.respondents,
          skipped: read.skippedColumns,
          problems: read.problems.map(formatProblem),
        },
      },
      read.problems.length ? 400 : 200,
    )
  })
  .post('/institutions/:id/import/confirm', uploadLimit(maxAnswersFile * 2, 'answers'), changeInstitution, leadImports, async (c) => {
    const body = await uploadForm(c)
    const values = { survey: formText(body, 'survey'), year: formText(body, 'year'), format: formText(body, 'format') }
    const form = importForm.parse(values)
    const page = (extra: { done?: string; error?: string; refused?: boolean }, status: 200 | 400 | 409) =>
      c.html(<SurveyImportPage user={c.var.user} institution={c.var.institution} catalog={c.var.catalog} values={values} {...extra} />, status)
    try {
      const summary = await importResponses(c.var.db, c.var.catalog, formText(body, 'text'), {
        institution: c.var.institution.slug,
        survey: form.survey,
        year: form.year,
        format: form.format,
        today: c.var.now().toISOString().slice(0, 10),
      })
      if (!summary.alreadyImported) {
        await recordAudit(c.var.db, {
          action: 'import.stored',
          actor: actorOf(c.var.user),
          partnershipId: c.var.institution.partnershipId,
          institutionId: c.var.institution.id,
          roundId: summary.round.id,
          subject: `${c.var.institution.name}, ${form.survey} ${form.year}`,
          detail: `${summary.imported} responses (${form.format})`,
          at: c.var.now(),
        })
      }
      return page(
        {
          done: summary.alreadyImported
            ? 'This file was imported before: nothing was changed.'
            : `${summary.imported} responses imported into “${c.var.catalog.get(form.survey)?.title ?? form.survey}”, ${form.year}. The round is marked imported and stays closed.`,
        },
        200,
      )
    } catch (error) {
      if (error instanceof ImportRefused) return page({ error: `Nothing was imported. ${error.reason}`, refused: true }, 409)
      if (error instanceof ImportError) return page({ error: refusal(error) }, 400)
      throw error
    }
  })
  .get('/framework/import', async (c) => {
    requireLead(c.var.user, 'import framework figures')
    const raw = c.req.query('year')
    const year = raw === undefined || raw === '' ? academicYearOf(c.var.now()) : academicYear.parse(raw)
    return c.html(<FrameworkImportPage user={c.var.user} year={year} />)
  })
  .post('/framework/import/preview', uploadLimit(maxFiguresFile, 'framework figures'), async (c) => {
    requireLead(c.var.user, 'import framework figures')
    const body = await uploadForm(c)
    const rawYear = formText(body, 'year')
    const page = (extra: { preview?: FrameworkPreview; error?: string }, status: 200 | 400) =>
      c.html(<FrameworkImportPage user={c.var.user} year={rawYear} {...extra} />, status)
    const year = academicYear.safeParse(rawYear)
    if (!year.success) return page({ error: `Academic year: ${year.error.issues[0]!.message}.` }, 400)
    const upload = await uploadedCsv(body)
    if ('error' in upload) return page({ error: upload.error }, 400)
    const read = readFrameworkCsv(upload.text, await institutionsOf(c.var.db, c.var.user.partnershipId))
    return page(
      {
        preview: {
          text: upload.text,
          rows: read.rows.map((r) => ({ row: r.row, institution: r.institution.name, values: r.values })),
          fields: read.fields,
          problems: read.problems.map(formatProblem),
        },
      },
      read.problems.length ? 400 : 200,
    )
  })
  .post('/framework/import/confirm', uploadLimit(maxFiguresFile * 2, 'framework figures'), async (c) => {
    requireLead(c.var.user, 'import framework figures')
    const body = await uploadForm(c)
    const fields = { year: formText(body, 'year'), text: formText(body, 'text') }
    const page = (extra: { done?: string; error?: string }, status: 200 | 400) =>
      c.html(<FrameworkImportPage user={c.var.user} year={fields.year} {...extra} />, status)
    const year = academicYear.safeParse(fields.year)
    if (!year.success) return page({ error: `Academic year: ${year.error.issues[0]!.message}.` }, 400)
    try {
      const summary = await importFramework(c.var.db, c.var.user.partnershipId, year.data, fields.text, c.var.now(), {
        action: 'framework.imported',
        actor: actorOf(c.var.user),
        partnershipId: c.var.user.partnershipId,
        subject: `the framework figures for ${year.data}`,
        at: c.var.now(),
      })
      return page({ done: `Stored the figures of ${summary.imported} ${summary.imported === 1 ? 'institution' : 'institutions'} for ${year.data}.` }, 200)
    } catch (error) {
      if (error instanceof ImportError) return page({ error: refusal(error) }, 400)
      throw error
    }
  })
