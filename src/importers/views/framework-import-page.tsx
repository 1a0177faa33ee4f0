import type { User } from '../../auth/users.ts'
import { StaffFrame } from '../../ui/staff-frame.tsx'
import { entryColumns, type EntryField } from '../../framework/entered-figures.ts'
import { frameworkCsvHeader } from '../../framework/import.ts'
import { qualityAwardCodes, staffingCodes } from '../../framework/statements.ts'
import { ImportSteps, type CheckedFile } from './import-steps.tsx'

export type FrameworkPreview = {
  text: string
  rows: { row: number; institution: string; values: Partial<Record<EntryField, number | string | null>> }[]
  fields: EntryField[]
  problems: string[]
}

export type FrameworkImportPageProps = {
  user: User
  year?: string
  preview?: FrameworkPreview
  done?: string
  error?: string
}

/** Upload a CSV of the four elements (one row per institution), see every problem by row and column, confirm: all or nothing. */
export function FrameworkImportPage(props: FrameworkImportPageProps) {
  const { preview, year } = props
  const rows = preview ? `${preview.rows.length} ${preview.rows.length === 1 ? 'institution' : 'institutions'}` : ''
  const checked: CheckedFile | undefined = preview && {
    problems: preview.problems,
    ready: (
      <div class="table-scroll" role="region" aria-labelledby="preview-caption" tabindex={0}>
        <table class="report-table">
          <caption id="preview-caption">
            {rows} ready to import for {year}
          </caption>
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Institution</th>
              {preview.fields.map((f) => (
                <th scope="col">{entryColumns[f]}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((r) => (
              <tr>
                <td class="num">{r.row}</td>
                <th scope="row">{r.institution}</th>
                {preview.fields.map((f) => (
                  <td>{r.values[f] === null || r.values[f] === undefined ? '(empty: cleared)' : String(r.values[f])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    ),
    carry: { year: year ?? '', text: preview.text },
    confirmLabel: `Import ${rows} for ${year}`,
  }
  return (
    <StaffFrame title="Import framework figures" user={props.user} place={{ area: 'framework-import' }} stylesheets={['/framework.css']}>
      <div class="framework">
        <h1>Import the four elements from a CSV file</h1>
        <p>
          One row per institution. Nothing is stored until you confirm, and then either every row is stored or none. A column the file leaves out keeps what is
          stored; an empty cell clears that figure.
        </p>
        <ImportSteps
          action="/dashboard/framework/import"
          outcome={props}
          checked={checked}
          uploadFields={
            <>
              <div class="field">
                <label for="import-year">Academic year</label>
                <input id="import-year" name="year" type="text" placeholder="2025/26" value={year ?? ''} required />
              </div>
              <div class="field">
                <label for="import-file">CSV file</label>
                <p class="hint" id="import-file-hint">
                  Columns: {frameworkCsvHeader.join(', ')}. Institution: its slug or name. Percentages from 0 to 100. quality_award:{' '}
                  {qualityAwardCodes.join(', ')}. staffing: {staffingCodes.join(', ')}. A statement may also be given as the rating it stands for.{' '}
                  <a href="/dashboard/framework/import/template.csv" download>
                    Download a template
                  </a>
                  .
                </p>
                <input id="import-file" name="file" type="file" accept=".csv,text/csv" required aria-describedby="import-file-hint" />
              </div>
            </>
          }
        />
      </div>
    </StaffFrame>
  )
}
