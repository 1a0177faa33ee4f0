import type { User } from '../../auth/users.ts'
import type { SurveyCatalog } from '../../surveys/load.ts'
import { StaffFrame } from '../../ui/staff-frame.tsx'
import type { ImportRecord } from '../undo.ts'
import { ImportNotices } from './import-notices.tsx'

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`

/** The files imported into an institution's rounds, each with a way to remove it as a whole. */
export function ImportsPage(props: {
  user: User
  institution: { id: number; name: string }
  catalog: SurveyCatalog
  imports: ImportRecord[]
  /** The import whose removal is being confirmed. */
  confirm?: ImportRecord
  done?: string
  error?: string
}) {
  const { institution, confirm } = props
  const base = `/dashboard/institutions/${institution.id}`
  const title = (r: ImportRecord) => `${props.catalog.get(r.surveyId)?.title ?? r.surveyId}, ${r.year}`
  return (
    <StaffFrame title={`Imported files: ${institution.name}`} user={props.user} place={{ area: 'import', institution }} stylesheets={['/import.css']}>
      <h1>Files imported for {institution.name}</h1>
      <ImportNotices done={props.done} error={props.error} />
      {confirm ? (
        <section aria-labelledby="remove-title" class="notice notice-warning">
          <div>
            <h2 id="remove-title">Remove this import?</h2>
            <p>
              This removes the {plural(confirm.responses, 'response')} imported on {confirm.importedOn} into “{title(confirm)}”, with their answers and every
              figure they added, all at once. {confirm.roundCreated ? 'The import created the round: if nothing else is left in it, the round goes too.' : ''}{' '}
              The removal is recorded in the audit log. To bring the responses back, import the file again.
            </p>
            <form method="post" action={`${base}/imports/${confirm.id}/remove`}>
              <div class="choice">
                <input type="checkbox" id="confirm-remove" name="confirm" value="yes" required />
                <label for="confirm-remove">Yes, remove these {plural(confirm.responses, 'response')}</label>
              </div>
              <div class="button-group">
                <button type="submit" class="danger">
                  Remove the import
                </button>
                <a href={`${base}/imports`}>Keep it</a>
              </div>
            </form>
          </div>
        </section>
      ) : null}
      {props.imports.length === 0 ? (
        <p>No file has been imported for {institution.name}.</p>
      ) : (
        <div class="table-scroll" role="region" aria-labelledby="imports-caption" tabindex={0}>
          <table class="staff-table">
            <caption id="imports-caption">Imported files, latest year first</caption>
            <thead>
              <tr>
                <th scope="col">Survey and year</th>
                <th scope="col">Responses</th>
                <th scope="col">Imported on</th>
                <th scope="col">Remove</th>
              </tr>
            </thead>
            <tbody>
              {props.imports.map((r) => (
                <tr>
                  <th scope="row">{title(r)}</th>
                  <td class="num">{r.responses.toLocaleString('en-GB')}</td>
                  <td>{r.importedOn}</td>
                  <td>
                    {r.answersDeleted ? (
                      'Cannot be removed: its answers were deleted under the retention policy'
                    ) : (
                      <a href={`${base}/imports/${r.id}/remove`} aria-label={`Remove the import of ${title(r)}, ${plural(r.responses, 'response')}`}>
                        Remove…
                      </a>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <a href={`${base}/import`}>Import an earlier year’s answers</a> · <a href={base}>Back to {institution.name}</a>
      </p>
    </StaffFrame>
  )
}
