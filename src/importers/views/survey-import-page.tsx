import type { User } from '../../auth/users.ts'
import type { SurveyCatalog } from '../../surveys/load.ts'
import { byAudience } from '../../surveys/audience.ts'
import { StaffFrame } from '../../ui/staff-frame.tsx'
import { answerField, columnField, unanswered, type SurveyCheck } from '../check.ts'
import { cut, type MatchHow } from '../columns.ts'
import { ImportNotices, ProblemSummary } from './import-notices.tsx'

/** How a column was matched, in words. */
const howWords: Record<MatchHow, string> = {
  metadata: 'Identifies a person or device: never stored',
  mapping: 'Your choice',
  key: 'By its question key',
  text: 'By the question’s text',
  earlier: 'By an earlier wording of the question',
  none: 'Matches no question: left out',
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`

/** The choices form of a checked file: every column and its question, the answers that fit no option, the warnings, confirm. */
function CheckedFile(props: { action: string; check: SurveyCheck; ticks: Record<string, boolean> }) {
  const { check } = props
  const unresolved = check.unknownAnswers.filter((a) => a.choice === undefined)
  const blocking = check.problems.length > 0 || unresolved.length > 0 || check.blocked !== undefined
  const fromSaved = check.fromSavedMapping ? ' The choices start from the ones saved with the last file of this survey.' : ''
  return (
    <section aria-labelledby="preview-title">
      <h2 id="preview-title">Check the file</h2>
      {check.problems.length ? <ProblemSummary problems={check.problems} /> : null}
      {check.blocked ? (
        <p class="notice notice-info" role="status">
          {check.blocked}
        </p>
      ) : null}
      {!blocking ? (
        <p role="status">
          {plural(check.respondents, 'response')} {check.respondents === 1 ? 'is' : 'are'} ready to import into “{check.surveyTitle}”, {check.values.year}.
        </p>
      ) : null}
      {check.warnings.length ? (
        <div class="notice notice-warning" role="alert">
          <div>
            <h3 class="import-warning-title">Before you import</h3>
            <ul class="compact">
              {check.warnings.map((w) => (
                <li>{w.text}</li>
              ))}
            </ul>
          </div>
        </div>
      ) : null}
      {check.text === '' ? null : (
        <form method="post" action={`${props.action}/confirm`} enctype="multipart/form-data" class="import-choices">
          <input type="hidden" name="survey" value={check.values.survey} />
          <input type="hidden" name="year" value={check.values.year} />
          <input type="hidden" name="format" value={check.values.format} />
          <input type="hidden" name="text" value={check.text} />
          <input type="hidden" name="mapping" value={JSON.stringify(check.mapping)} />
          <input type="hidden" name="fingerprint" value={check.fingerprint} />

          <h3 id="columns-title">The file’s columns</h3>
          <p class="hint">Each column is matched to a question of the survey, or left out. Change a match with its list, then check again.{fromSaved}</p>
          <div class="table-scroll" role="region" aria-labelledby="columns-title" tabindex={0}>
            <table class="staff-table import-columns">
              <thead>
                <tr>
                  <th scope="col">Column</th>
                  <th scope="col">How it was matched</th>
                  <th scope="col">Question</th>
                </tr>
              </thead>
              <tbody>
                {check.matches.map((m, i) => (
                  <tr>
                    <th scope="row" id={`column-name-${i}`}>
                      {cut(m.shown)}
                    </th>
                    <td>{howWords[m.how]}</td>
                    <td>
                      {m.how === 'metadata' || !m.header ? (
                        'Not stored'
                      ) : (
                        <>
                          <input type="hidden" name={`${columnField(i)}-header`} value={m.header} />
                          <select name={columnField(i)} aria-labelledby={`column-name-${i}`} aria-describedby={`column-how-${i}`}>
                            <option value="" selected={m.key === null}>
                              Leave this column out
                            </option>
                            {check.questions.map((q) => (
                              <option value={q.key} selected={m.key === q.key}>
                                {q.text} ({q.key})
                              </option>
                            ))}
                          </select>
                          <span id={`column-how-${i}`} class="visually-hidden">
                            {howWords[m.how]}
                          </span>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>

          {check.missingQuestions.length ? (
            <>
              <h3>Questions the file has no column for</h3>
              <p class="hint">
                Every response is imported with these not answered: the survey of that year may not have asked them. “Required” applies to the form students
                fill in today, not to an earlier year.
              </p>
              <ul class="compact">
                {check.missingQuestions.map((q) => (
                  <li>
                    {q.text} ({q.key})
                  </li>
                ))}
              </ul>
            </>
          ) : null}

          {check.unknownAnswers.length ? (
            <>
              <h3 id="answers-title">Answers that are not one of the question’s options</h3>
              <p class="hint">Choose the option each one means, or leave it unanswered. Nothing can be imported until each has a choice.</p>
              <div class="table-scroll" role="region" aria-labelledby="answers-title" tabindex={0}>
                <table class="staff-table import-columns">
                  <thead>
                    <tr>
                      <th scope="col">Column</th>
                      <th scope="col">Answer in the file</th>
                      <th scope="col">Rows</th>
                      <th scope="col">Means</th>
                    </tr>
                  </thead>
                  <tbody>
                    {check.unknownAnswers.map((a, i) => (
                      <tr>
                        <td>{a.column}</td>
                        <th scope="row" id={`answer-name-${i}`}>
                          “{a.value}”
                        </th>
                        <td>
                          {a.count === 0 ? 'not in this file' : `${a.count === 1 ? 'row' : 'rows'} ${a.rows.join(', ')}`}
                          {a.count > a.rows.length ? ` and ${a.count - a.rows.length} more` : ''}
                        </td>
                        <td>
                          <input type="hidden" name={`${answerField(i)}-column`} value={a.column} />
                          <input type="hidden" name={`${answerField(i)}-value`} value={a.value} />
                          <select name={answerField(i)} aria-labelledby={`answer-name-${i}`}>
                            <option value="" selected={a.choice === undefined}>
                              Choose…
                            </option>
                            <option value={unanswered} selected={a.choice === null}>
                              Leave it unanswered
                            </option>
                            {a.options.map((o) => (
                              <option value={o.value} selected={a.choice === o.value}>
                                {o.label}
                              </option>
                            ))}
                          </select>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : null}

          {check.skipped.length ? <p>These columns identify people or devices and are dropped, never stored: {check.skipped.join(', ')}.</p> : null}

          {!blocking
            ? check.warnings
                .filter((w) => w.tick)
                .map((w) => (
                  <div class="choice">
                    <input type="checkbox" id={`tick-${w.tick}`} name={w.tick} value="yes" checked={props.ticks[w.tick!]} />
                    <label for={`tick-${w.tick}`}>
                      {w.tick === 'addToExisting'
                        ? 'Add these responses to the ones already imported for this year'
                        : 'I understand what the rating will rest on'}
                    </label>
                  </div>
                ))
            : null}
          {!check.blocked ? (
            <div class="choice">
              <input type="checkbox" id="save-mapping" name="saveMapping" value="yes" checked={props.ticks.saveMapping} />
              <label for="save-mapping">Keep these column choices for the next file of this survey</label>
            </div>
          ) : null}
          <div class="button-group">
            {!blocking ? <button type="submit">Import {plural(check.respondents, 'response')}</button> : null}
            <button type="submit" class="secondary" formaction={`${props.action}/preview`}>
              Check again with these choices
            </button>
          </div>
        </form>
      )}
    </section>
  )
}

/** The two kinds of SurveyMonkey's "numerical value" export: which answer its 1 stands for. */
const numberFormats = [
  { id: 'numbers-agree-first', value: 'surveymonkey-numbers-agree-first', one: 'Strongly agree' },
  { id: 'numbers-disagree-first', value: 'surveymonkey-numbers-disagree-first', one: 'Strongly disagree' },
] as const

/** Bring in an earlier year's answers: upload, match the columns, see every problem and warning, confirm. */
export function SurveyImportPage(props: {
  user: User
  institution: { id: number; name: string }
  catalog: SurveyCatalog
  values?: { survey?: string; year?: string; format?: string }
  check?: SurveyCheck
  /** Boxes ticked on the form that was sent, kept on the page shown again. */
  ticks?: Record<string, boolean>
  done?: string
  error?: string
  /** The year's round takes no import (see `importRefusal`): the error says which round and why. */
  refused?: boolean
}) {
  const { institution, values = {}, check } = props
  const action = `/dashboard/institutions/${institution.id}/import`
  return (
    <StaffFrame title={`Import earlier answers: ${institution.name}`} user={props.user} place={{ area: 'import', institution }} stylesheets={['/import.css']}>
      <h1>Import an earlier year’s answers</h1>
      <p>
        Bring in a year surveyed before Signpost, so that the first year here already has a year to compare with. Nothing is stored until you confirm, and then
        either every row is stored or none. An import can be removed again, as a whole, from the institution’s page.
      </p>
      <p>
        A file can go only into a year with no round that Signpost collected for {institution.name} and that survey: answers Signpost collected are the evidence
        the school is rated on, and a file cannot add to them. The round an import creates is marked as imported, stays closed and is never opened for answers;
        every report on it says that Signpost did not collect it.
      </p>
      <ImportNotices done={props.done} error={props.error} errorTitle={props.refused ? `Nothing can be imported into ${values.year}` : undefined} />
      {props.done ? (
        <p>
          <a href={`/dashboard/institutions/${institution.id}/imports`}>Imported files (to remove an import)</a> ·{' '}
          <a href={`/dashboard/institutions/${institution.id}`}>Back to {institution.name}</a>
        </p>
      ) : null}
      {check ? <CheckedFile action={action} check={check} ticks={props.ticks ?? {}} /> : null}
      <h2>{check ? 'Check another file' : 'Choose the file'}</h2>
      <form method="post" action={`${action}/preview`} enctype="multipart/form-data">
        <div class="field">
          <label for="import-survey">Survey</label>
          <select id="import-survey" name="survey">
            {[...props.catalog.values()].sort(byAudience).map((s) => (
              <option value={s.id} selected={values.survey === s.id}>
                {s.title}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="import-year">Academic year</label>
          <input id="import-year" name="year" type="text" placeholder="2024/25" value={values.year ?? ''} required aria-describedby="import-year-hint" />
          <p id="import-year-hint" class="hint">
            Written as 2024/25.
          </p>
        </div>
        <fieldset>
          <legend>Kind of file</legend>
          <div class="choice">
            <input type="radio" id="format-surveymonkey" name="format" value="surveymonkey" checked={!values.format || values.format === 'surveymonkey'} />
            <label for="format-surveymonkey">SurveyMonkey export with answers as text (two header rows, expanded or condensed)</label>
          </div>
          {numberFormats.map((f) => (
            <div class="choice">
              <input
                type="radio"
                id={`format-${f.id}`}
                name="format"
                value={f.value}
                checked={values.format === f.value}
                aria-describedby="format-numbers-hint"
              />
              <label for={`format-${f.id}`}>SurveyMonkey export with answers as numbers, where 1 is “{f.one}”</label>
            </div>
          ))}
          <div class="choice">
            <input type="radio" id="format-csv" name="format" value="csv" checked={values.format === 'csv'} />
            <label for="format-csv">CSV with question keys as headers</label>
          </div>
          <p id="format-numbers-hint" class="hint">
            SurveyMonkey’s “numerical value” download numbers each answer in the order the survey listed them. Look at the survey in SurveyMonkey: if its first
            choice was “Strongly agree”, 1 means Strongly agree. A 6 is “Don’t know”. Other questions’ numbers are matched to answers in the preview.
          </p>
        </fieldset>
        <p>
          Templates of the CSV with question keys as headers:{' '}
          {[...props.catalog.values()].sort(byAudience).map((s, i) => (
            <>
              {i > 0 ? ', ' : ''}
              <a href={`/dashboard/import/templates/${s.id}.csv`} download>
                {s.title}
              </a>
            </>
          ))}
          .
        </p>
        <div class="field">
          <label for="import-file">CSV file</label>
          <input id="import-file" name="file" type="file" accept=".csv,text/csv" required />
        </div>
        <button type="submit">Check the file</button>
      </form>
    </StaffFrame>
  )
}
