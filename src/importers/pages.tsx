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
import { formatProblem, ImportError, importFormats, ImportRefused, importResponses } from './import.ts'
import { checkImport, mappingFromForm, type SurveyCheck } from './check.ts'
import { saveMapping } from './mappings.ts'
import { findImport, importsOf, removeImport, UndoRefused } from './undo.ts'
import { ImportsPage } from './views/imports-page.tsx'
import { frameworkTemplateCsv, surveyTemplateCsv } from './templates.ts'
import { RequestError } from '../http/errors.tsx'
import type { Context } from 'hono'
import type { FormBody } from '../http/request-body.ts'
import type { SurveyCatalog } from '../surveys/load.ts'
import { uploadedCsv, uploadForm, uploadLimit } from './upload.ts'
import { FrameworkImportPage, type FrameworkPreview } from './views/framework-import-page.tsx'
import { SurveyImportPage } from './views/survey-import-page.tsx'
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

/** The page's own props: who, where, the form's values and the boxes ticked on it. */
function pageProps(
  v: { user: StaffEnv['Variables']['user']; institution: { id: number; name: string }; catalog: SurveyCatalog },
  values: { survey: string; year: string; format: string },
  body: FormBody,
) {
  const ticks = Object.fromEntries(['addToExisting', 'acknowledgeCoverage', 'saveMapping'].map((name) => [name, formText(body, name) === 'yes']))
  return { user: v.user, institution: v.institution, catalog: v.catalog, values, ticks }
}

/** A CSV file to download. */
const csvDownload = (c: Context, text: string, name: string) =>
  c.body(text, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"` })

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
  .post('/institutions/:id/import/preview', uploadLimit(maxAnswersFile * 2, 'answers'), changeInstitution, leadImports, async (c) => {
    const body = await uploadForm(c)
    const values = { survey: formText(body, 'survey'), year: formText(body, 'year'), format: formText(body, 'format') }
    const page = (extra: { check?: SurveyCheck; error?: string; refused?: boolean }, status: 200 | 400 | 409 | 413) =>
      c.html(<SurveyImportPage {...pageProps(c.var, values, body)} {...extra} />, status)
    const form = importForm.safeParse(values)
    if (!form.success) return page({ error: form.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join('; ') }, 400)
    // a new file, or the file of a check sent back with other choices
    const upload = body.file === undefined && typeof body.text === 'string' ? { text: body.text } : await uploadedCsv(body)
    if ('error' in upload) return page({ error: upload.error }, 400)
    if (upload.text.length > maxAnswersFile)
      return page({ error: `The file is too large: at most ${maxAnswersFile / 1024 / 1024} MB of answers can be imported at once.` }, 413)
    const outcome = await checkImport(
      c.var.db,
      c.var.catalog,
      c.var.institution,
      { ...form.data, text: upload.text, mapping: mappingFromForm(body) },
      c.var.now(),
    )
    if ('error' in outcome) return page(outcome, outcome.refused ? 409 : 400)
    const { check } = outcome
    if ('note' in upload && upload.note) check.warnings.unshift({ text: upload.note })
    const unresolved = check.unknownAnswers.some((a) => a.choice === undefined)
    return page({ check }, check.problems.length || unresolved ? 400 : 200)
  })
  .post('/institutions/:id/import/confirm', uploadLimit(maxAnswersFile * 2, 'answers'), changeInstitution, leadImports, async (c) => {
    const body = await uploadForm(c)
    const values = { survey: formText(body, 'survey'), year: formText(body, 'year'), format: formText(body, 'format') }
    const page = (extra: { check?: SurveyCheck; done?: string; error?: string; refused?: boolean }, status: 200 | 400 | 409) =>
      c.html(<SurveyImportPage {...pageProps(c.var, values, body)} {...extra} />, status)
    const form = importForm.safeParse(values)
    if (!form.success) return page({ error: form.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join('; ') }, 400)
    const text = formText(body, 'text')
    if (!text) return page({ error: 'Nothing was imported: choose a CSV file and check it first.' }, 400)
    // checked again, as the preview did: only what was checked, with every choice it needs, is stored
    const outcome = await checkImport(c.var.db, c.var.catalog, c.var.institution, { ...form.data, text, mapping: mappingFromForm(body) ?? {} }, c.var.now())
    if ('error' in outcome) return page({ ...outcome, error: `Nothing was imported. ${outcome.error}` }, outcome.refused ? 409 : 400)
    const { check } = outcome
    // a form from a check page carries the check's fingerprint: a choice changed after the check is shown, not stored
    const fingerprint = formText(body, 'fingerprint')
    if (fingerprint !== '' && check.fingerprint !== fingerprint)
      return page({ check, error: 'The choices changed since the file was checked: here is the check with them. Nothing was imported.' }, 409)
    if (check.blocked) return page({ check, error: `Nothing was imported. ${check.blocked}` }, 409)
    const unresolved = check.unknownAnswers.filter((a) => a.choice === undefined).length
    if (check.problems.length || unresolved) return page({ check, error: 'Nothing was imported: the file still has problems (listed below).' }, 400)
    const unticked = check.warnings.filter((w) => w.tick && formText(body, w.tick) !== 'yes')
    if (unticked.length)
      return page({ check, error: `Nothing was imported: tick the box under “Before you import” to go on (${unticked.map((w) => w.text).join(' ')})` }, 400)
    try {
      const summary = await importResponses(c.var.db, c.var.catalog, text, {
        institution: c.var.institution.slug,
        survey: form.data.survey,
        year: form.data.year,
        format: form.data.format,
        mapping: check.mapping,
        today: c.var.now().toISOString().slice(0, 10),
      })
      if (formText(body, 'saveMapping') === 'yes') await saveMapping(c.var.db, c.var.institution.partnershipId, check.values.survey, check.mapping, c.var.now())
      if (!summary.alreadyImported) {
        await recordAudit(c.var.db, {
          action: 'import.stored',
          actor: actorOf(c.var.user),
          partnershipId: c.var.institution.partnershipId,
          institutionId: c.var.institution.id,
          roundId: summary.round.id,
          subject: `${c.var.institution.name}, ${form.data.survey} ${form.data.year}`,
          detail: `${summary.imported} responses (${form.data.format})`,
          at: c.var.now(),
        })
      }
      return page(
        {
          done: summary.alreadyImported
            ? 'This file was imported before: nothing was changed.'
            : `${summary.imported} responses imported into “${check.surveyTitle}”, ${form.data.year}. The round is marked imported and stays closed. ` +
              'It can be removed again, as a whole, from the imported files.',
        },
        200,
      )
    } catch (error) {
      if (error instanceof ImportRefused) return page({ error: `Nothing was imported. ${error.reason}`, refused: true }, 409)
      if (error instanceof ImportError) return page({ error: refusal(error) }, 400)
      throw error
    }
  })
  .get('/institutions/:id/imports', changeInstitution, leadImports, async (c) =>
    c.html(<ImportsPage user={c.var.user} institution={c.var.institution} catalog={c.var.catalog} imports={await importsOf(c.var.db, c.var.institution.id)} />),
  )
  .get('/institutions/:id/imports/:importId/remove', changeInstitution, leadImports, async (c) => {
    const confirm = await findImport(c.var.db, c.var.institution.id, Number(c.req.param('importId')) || 0)
    if (!confirm) throw new RequestError(404, 'There is no such import: it may have been removed already.')
    return c.html(
      <ImportsPage
        user={c.var.user}
        institution={c.var.institution}
        catalog={c.var.catalog}
        imports={await importsOf(c.var.db, c.var.institution.id)}
        confirm={confirm}
      />,
    )
  })
  .post('/institutions/:id/imports/:importId/remove', changeInstitution, leadImports, async (c) => {
    const body = await uploadForm(c)
    const { db, institution } = c.var
    const record = await findImport(db, institution.id, Number(c.req.param('importId')) || 0)
    if (!record) throw new RequestError(404, 'There is no such import: it may have been removed already.')
    const page = async (extra: { done?: string; error?: string; confirm?: typeof record }, status: 200 | 400 | 409) =>
      c.html(
        <ImportsPage user={c.var.user} institution={institution} catalog={c.var.catalog} imports={await importsOf(db, institution.id)} {...extra} />,
        status,
      )
    if (formText(body, 'confirm') !== 'yes') return page({ confirm: record, error: 'Nothing was removed: tick the box to confirm.' }, 400)
    const what = `${c.var.catalog.get(record.surveyId)?.title ?? record.surveyId}, ${record.year}`
    try {
      const { roundRemoved } = await removeImport(db, institution.id, record.id, {
        action: 'import.undone',
        actor: actorOf(c.var.user),
        partnershipId: institution.partnershipId,
        institutionId: institution.id,
        subject: `${institution.name}, ${record.surveyId} ${record.year}`,
        detail: `${record.responses} responses imported on ${record.importedOn} (${record.format}) removed`,
        at: c.var.now(),
      })
      return page(
        { done: `Removed the ${record.responses} responses imported into “${what}”${roundRemoved ? ', and the round the import had created' : ''}.` },
        200,
      )
    } catch (error) {
      if (error instanceof UndoRefused) return page({ error: `Nothing was removed. ${error.message}` }, 409)
      throw error
    }
  })
  .get('/import/templates/:file', (c) => {
    const file = c.req.param('file')
    const survey = file.endsWith('.csv') ? c.var.catalog.get(file.slice(0, -4)) : undefined
    if (!survey)
      throw new RequestError(404, `There is no template “${file}”: the templates are ${[...c.var.catalog.keys()].map((k) => `${k}.csv`).join(', ')}.`)
    return csvDownload(c, surveyTemplateCsv(survey), `${survey.id}-template.csv`)
  })
  .get('/framework/import/template.csv', (c) => csvDownload(c, frameworkTemplateCsv(), 'framework-figures-template.csv'))
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
