import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { z } from 'zod'
import { requireEditor, visibleInstitution, type StaffEnv } from '../auth/guard.ts'
import { RequestError } from '../http/errors.tsx'
import { formatProblem, ImportError, importFormats, importResponses, readImport } from './import.ts'
import { formBody, formText } from '../http/request-body.ts'
import { academicYear } from '../rounds/academic-year.ts'
import type { SurveyCatalog } from '../surveys/load.ts'
import { StaffFrame } from '../ui/staff-frame.tsx'
import type { User } from '../auth/users.ts'
import { ImportNotices, ProblemSummary } from '../ui/import-notices.tsx'

const maxFile = 5 * 1024 * 1024

const tooLarge = (limit: number) => () => {
  throw new RequestError(413, `The file is too large: at most ${limit / 1024 / 1024} MB can be imported at once.`)
}

const institutionParam = z.object({ id: z.coerce.number({ error: 'the institution id is a number' }).int().positive() })

/** The institution of the address, if this user may see it and change it. */
async function editableInstitution(c: { req: { param: (name: 'id') => string }; var: StaffEnv['Variables'] }) {
  const { id } = institutionParam.parse({ id: c.req.param('id') })
  const institution = await visibleInstitution(c.var.db, c.var.user, id)
  requireEditor(c.var.user)
  return institution
}

/** A file's text: UTF-8, as spreadsheets save CSV, without the byte-order mark some add. */
async function utf8Text(file: File): Promise<string | null> {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer()).replace(/^\ufeff/, '')
  } catch {
    return null
  }
}

const importForm = z.object({
  survey: z.string().min(1, 'choose a survey'),
  year: academicYear,
  format: z.enum(importFormats, { error: 'choose the kind of file' }),
})

type Preview = { text: string; respondents: number; skipped: string[]; problems: string[] }

function ImportPage(props: {
  user: User
  institution: { id: number; name: string }
  catalog: SurveyCatalog
  values?: { survey?: string; year?: string; format?: string }
  preview?: Preview
  done?: string
  error?: string
}) {
  const { institution, values = {}, preview } = props
  const action = `/dashboard/institutions/${institution.id}/import`
  return (
    <StaffFrame title={`Import earlier answers: ${institution.name}`} user={props.user}>
      <h1>Import an earlier year’s answers</h1>
      <p>
        Bring in a year surveyed before Signpost, so that the first year here already has a year to compare with. Nothing is stored until you
        confirm, and then either every row is stored or none.
      </p>
      <ImportNotices done={props.done} error={props.error} />
      {preview ? (
        <section aria-labelledby="preview-title">
          <h2 id="preview-title">Check the file</h2>
          {preview.problems.length ? (
            <ProblemSummary problems={preview.problems} />
          ) : (
            <>
              <p>
                {preview.respondents} responses are ready to import into {values.survey}, {values.year}.
              </p>
              {preview.skipped.length ? <p>These columns identify people or devices and will be dropped, never stored: {preview.skipped.join(', ')}.</p> : null}
              <form method="post" action={`${action}/confirm`}>
                <input type="hidden" name="survey" value={values.survey} />
                <input type="hidden" name="year" value={values.year} />
                <input type="hidden" name="format" value={values.format} />
                <input type="hidden" name="text" value={preview.text} />
                <button type="submit">Import {preview.respondents} responses</button>
              </form>
            </>
          )}
        </section>
      ) : null}
      <form method="post" action={`${action}/preview`} enctype="multipart/form-data">
        <div class="field">
          <label for="import-survey">Survey</label>
          <select id="import-survey" name="survey">
            {[...props.catalog.values()].map((s) => (
              <option value={s.id} selected={values.survey === s.id}>
                {s.title}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="import-year">Academic year</label>
          <input id="import-year" name="year" type="text" placeholder="2024/25" value={values.year ?? ''} required />
        </div>
        <fieldset>
          <legend>Kind of file</legend>
          <div class="choice">
            <input type="radio" id="format-surveymonkey" name="format" value="surveymonkey" checked={values.format !== 'csv'} />
            <label for="format-surveymonkey">SurveyMonkey export (two header rows)</label>
          </div>
          <div class="choice">
            <input type="radio" id="format-csv" name="format" value="csv" checked={values.format === 'csv'} />
            <label for="format-csv">CSV with question keys as headers</label>
          </div>
        </fieldset>
        <div class="field">
          <label for="import-file">CSV file</label>
          <input id="import-file" name="file" type="file" accept=".csv,text/csv" required />
        </div>
        <button type="submit">Check the file</button>
      </form>
    </StaffFrame>
  )
}

/** Upload an earlier year, see every problem by row and column, confirm: all or nothing. */
export const importPages = new Hono<StaffEnv>()
  .get('/institutions/:id/import', async (c) => {
    const institution = await editableInstitution(c)
    return c.html(<ImportPage user={c.var.user} institution={institution} catalog={c.var.catalog} />)
  })
  .post('/institutions/:id/import/preview', bodyLimit({ maxSize: maxFile, onError: tooLarge(maxFile) }), async (c) => {
    const institution = await editableInstitution(c)
    const body = await formBody(c)
    const values = { survey: formText(body, 'survey'), year: formText(body, 'year'), format: formText(body, 'format') }
    const form = importForm.safeParse(values)
    const file = body.file
    const page = (extra: { preview?: Preview; error?: string }, status: 200 | 400) =>
      c.html(<ImportPage user={c.var.user} institution={institution} catalog={c.var.catalog} values={values} {...extra} />, status)
    if (!form.success) return page({ error: form.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join('; ') }, 400)
    if (!(file instanceof File) || file.size === 0) return page({ error: 'Choose a CSV file to check.' }, 400)
    const survey = c.var.catalog.get(form.data.survey)
    if (!survey) return page({ error: `There is no survey "${form.data.survey}".` }, 400)
    const text = await utf8Text(file)
    if (text === null) return page({ error: 'The file is not UTF-8 text. Save it from the spreadsheet as “CSV UTF-8” and choose it again.' }, 400)
    const read = readImport(survey, text, form.data.format)
    return page(
      { preview: { text, respondents: read.rows.length, skipped: read.skippedColumns, problems: read.problems.map(formatProblem) } },
      read.problems.length ? 400 : 200,
    )
  })
  .post('/institutions/:id/import/confirm', bodyLimit({ maxSize: maxFile * 2, onError: tooLarge(maxFile) }), async (c) => {
    const institution = await editableInstitution(c)
    const body = await formBody(c)
    const values = { survey: formText(body, 'survey'), year: formText(body, 'year'), format: formText(body, 'format') }
    const form = importForm.parse(values)
    const page = (extra: { done?: string; error?: string }, status: 200 | 400) =>
      c.html(<ImportPage user={c.var.user} institution={institution} catalog={c.var.catalog} values={values} {...extra} />, status)
    try {
      const summary = await importResponses(c.var.db, c.var.catalog, formText(body, 'text'), {
        institution: institution.slug,
        survey: form.survey,
        year: form.year,
        format: form.format,
        today: c.var.now().toISOString().slice(0, 10),
      })
      return page({ done: summary.alreadyImported ? 'This file was imported before: nothing was changed.' : `${summary.imported} responses imported into ${form.survey}, ${form.year}.` }, 200)
    } catch (error) {
      if (error instanceof ImportError) return page({ error: `Nothing was imported: ${error.problems.slice(0, 20).map(formatProblem).join('; ')}` }, 400)
      throw error
    }
  })
