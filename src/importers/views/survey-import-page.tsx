import type { User } from '../../auth/users.ts'
import type { SurveyCatalog } from '../../surveys/load.ts'
import { StaffFrame } from '../../ui/staff-frame.tsx'
import { ImportSteps, type CheckedFile } from './import-steps.tsx'

export type SurveyPreview = { text: string; respondents: number; skipped: string[]; problems: string[] }

/** Bring in an earlier year's answers: upload, see every problem by row and column, confirm. */
export function SurveyImportPage(props: {
  user: User
  institution: { id: number; name: string }
  catalog: SurveyCatalog
  values?: { survey?: string; year?: string; format?: string }
  preview?: SurveyPreview
  done?: string
  error?: string
  /** The year's round takes no import (see `importRefusal`): the error says which round and why. */
  refused?: boolean
}) {
  const { institution, values = {}, preview } = props
  const surveyTitle = props.catalog.get(values.survey ?? '')?.title ?? values.survey
  const checked: CheckedFile | undefined = preview && {
    problems: preview.problems,
    ready: (
      <>
        <p>
          {preview.respondents} responses are ready to import into “{surveyTitle}”, {values.year}.
        </p>
        {preview.skipped.length ? <p>These columns identify people or devices and will be dropped, never stored: {preview.skipped.join(', ')}.</p> : null}
      </>
    ),
    carry: { survey: values.survey ?? '', year: values.year ?? '', format: values.format ?? '', text: preview.text },
    confirmLabel: `Import ${preview.respondents} responses`,
  }
  return (
    <StaffFrame title={`Import earlier answers: ${institution.name}`} user={props.user} place={{ area: 'import', institution }}>
      <h1>Import an earlier year’s answers</h1>
      <p>
        Bring in a year surveyed before Signpost, so that the first year here already has a year to compare with. Nothing is stored until you confirm, and then
        either every row is stored or none.
      </p>
      <p>
        A file can go only into a year with no round that Signpost collected for {institution.name} and that survey: answers Signpost collected are the evidence
        the school is rated on, and a file cannot add to them. The round an import creates is marked as imported, stays closed and is never opened for answers;
        every report on it says that Signpost did not collect it. Another file can be added to it later.
      </p>
      <ImportSteps
        action={`/dashboard/institutions/${institution.id}/import`}
        outcome={{ ...props, errorTitle: props.refused ? `Nothing can be imported into ${values.year}` : undefined }}
        checked={checked}
        uploadFields={
          <>
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
          </>
        }
      />
    </StaffFrame>
  )
}
