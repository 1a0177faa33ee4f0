import type { User } from '../../auth/users.ts'
import type { SurveyCatalog } from '../../surveys/load.ts'
import { StaffFrame } from '../../ui/staff-frame.tsx'
import type { RoundSummary } from '../summaries.ts'
import { HeadRow } from '../../ui/head-row.tsx'

/** One institution: its rounds by year, access, and the way to each report. */
export function InstitutionPage(props: {
  user: User
  institution: { id: number; name: string }
  rounds: RoundSummary[]
  catalog: SurveyCatalog
  year: string
  canEdit: boolean
  message?: string
}) {
  const { institution, rounds, catalog, canEdit } = props
  const years = [...new Set(rounds.map((r) => r.year))]
  const missing = [...catalog.values()].filter((s) => !rounds.some((r) => r.year === props.year && r.surveyId === s.id))
  const base = `/dashboard/institutions/${institution.id}`
  return (
    <StaffFrame title={institution.name} user={props.user}>
      <h1>{institution.name}</h1>
      {props.message ? (
        <p role="status" class="notice">
          {props.message}
        </p>
      ) : null}
      <p>
        <a href={`${base}/framework?year=${encodeURIComponent(props.year)}`}>IAG Improvement Framework: ratings and action plan for {props.year}</a>
      </p>
      {canEdit && missing.length ? (
        <section aria-labelledby="open-title">
          <h2 id="open-title">Open a survey round for {props.year}</h2>
          <form method="post" action={`${base}/rounds`}>
            <input type="hidden" name="year" value={props.year} />
            <label for="open-survey">Survey</label>
            <select id="open-survey" name="survey">
              {missing.map((s) => (
                <option value={s.id}>{s.title}</option>
              ))}
            </select>
            <div class="choice">
              <input type="checkbox" id="open-tokens" name="tokensRequired" value="yes" />
              <label for="open-tokens">Each respondent needs a one-time code from a printed slip</label>
            </div>
            <button type="submit">Open the round</button>
          </form>
        </section>
      ) : null}
      {canEdit ? (
        <p>
          <a href={`${base}/import`}>Import an earlier year’s answers (SurveyMonkey or CSV)</a>
        </p>
      ) : null}
      {years.length === 0 ? <p>No survey rounds yet.</p> : null}
      {years.map((year) => (
        <section aria-labelledby={`year-${year.replace('/', '-')}`}>
          <h2 id={`year-${year.replace('/', '-')}`}>{year}</h2>
          <table>
            <caption>Survey rounds in {year}</caption>
            <HeadRow columns={['Survey', 'Status', 'Responses', 'Access', 'Actions']} />
            <tbody>
              {rounds
                .filter((r) => r.year === year)
                .map((r) => (
                  <tr>
                    <th scope="row">{catalog.get(r.surveyId)?.title ?? r.surveyId}</th>
                    <td>{r.status === 'open' ? 'Open' : 'Closed'}</td>
                    <td data-round-responses={r.id}>{r.respondents}</td>
                    <td>
                      Code <strong class="code">{r.code}</strong>
                      {r.tokensRequired ? ' plus one-time codes' : ''}
                      {r.tokens ? ` (${r.tokens} one-time codes issued)` : ''}
                      <br />
                      <a href={`${base}/rounds/${r.id}/sheet`}>Printable access sheet</a>
                    </td>
                    <td class="actions">
                      <a href={`${base}/report?survey=${r.surveyId}&year=${encodeURIComponent(r.year)}`}>Report</a>
                      {canEdit ? (
                        <>
                          <form method="post" action={`${base}/rounds/${r.id}/${r.status === 'open' ? 'close' : 'open'}`} class="inline-form">
                            <button type="submit" class="secondary">
                              {r.status === 'open' ? 'Close round' : 'Re-open round'}
                            </button>
                          </form>
                          {r.status === 'open' ? (
                            <form method="post" action={`${base}/rounds/${r.id}/tokens`} class="token-form">
                              <label for={`count-${r.id}`}>One-time codes</label>
                              <input id={`count-${r.id}`} name="count" type="number" min="1" max="500" value="30" inputmode="numeric" />
                              <label for={`label-${r.id}`}>Class or group</label>
                              <input id={`label-${r.id}`} name="label" type="text" maxlength={40} placeholder="10B" />
                              <button type="submit" class="secondary">
                                Print slips
                              </button>
                            </form>
                          ) : null}
                        </>
                      ) : null}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </section>
      ))}
    </StaffFrame>
  )
}
