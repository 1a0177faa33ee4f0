import type { Child } from 'hono/jsx'
import type { Report } from '../../analysis/report-schema.ts'
import type { User } from '../../auth/users.ts'
import type { SurveyCatalog } from '../../surveys/load.ts'
import { Layout } from '../../ui/layout.tsx'
import type { RoundSummary } from '../data.ts'
import { RagBadge } from './rag-badge.tsx'

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${Math.round(x * 100)}%`)

/** The frame of every staff page: who is signed in, the way back, sign out. */
export function StaffFrame({ title, user, children }: { title: string; user: User; children: Child }) {
  return (
    <Layout title={title}>
      <link rel="stylesheet" href="/dashboard.css" />
      <nav class="staff-nav" aria-label="Staff">
        <a href="/dashboard">Dashboard</a>
        <span class="signed-in">
          Signed in as {user.name} ({user.role === 'lead' ? 'partnership lead' : user.role})
        </span>
        <form method="post" action="/sign-out" class="inline-form">
          <button type="submit" class="link-button">
            Sign out
          </button>
        </form>
      </nav>
      {children}
    </Layout>
  )
}

export type OverviewRow = { id: number; name: string; student: number | null; parent: number | null; report: Report | null }
export type CityQuestion = { key: string; text: string; institutions: number; q1: number; median: number; q3: number }

/** The partnership lead's view of every institution this year. */
export function OverviewPage({ user, year, rows, city, partnershipName }: { user: User; year: string; rows: OverviewRow[]; city: CityQuestion[]; partnershipName: string }) {
  return (
    <StaffFrame title={`${partnershipName} ${year}`} user={user}>
      <h1>
        {partnershipName}: {year}
      </h1>
      <p>
        <a href={`/dashboard/framework?year=${encodeURIComponent(year)}`}>IAG Improvement Framework: every institution’s ratings for {year}</a>
      </p>
      <section aria-labelledby="institutions-title">
        <h2 id="institutions-title">Institutions</h2>
        <table>
          <caption>Responses, student-survey rating and top three priority areas for {year}</caption>
          <thead>
            <tr>
              <th scope="col">Institution</th>
              <th scope="col">Student responses</th>
              <th scope="col">Parent responses</th>
              <th scope="col">Student-survey rating</th>
              <th scope="col">Top three priority areas</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <th scope="row">
                  <a href={`/dashboard/institutions/${r.id}`}>{r.name}</a>
                </th>
                <td>{r.student ?? 'no round'}</td>
                <td>{r.parent ?? 'no round'}</td>
                <td>{r.report?.rag ? <RagBadge {...r.report.rag} /> : 'no round'}</td>
                <td>
                  {r.report && r.report.topThree.length ? (
                    <ol class="compact">
                      {r.report.topThree.map((k) => (
                        <li>{r.report!.questions.find((q) => q.key === k)?.text}</li>
                      ))}
                    </ol>
                  ) : (
                    '–'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="city-title">
        <h2 id="city-title">Across the partnership</h2>
        <p>
          Each student-survey question’s score across the institutions with enough answers: the middle (median) institution and the
          range of the middle half (quartiles).
        </p>
        <table>
          <caption>Student survey {year}: score per question across institutions</caption>
          <thead>
            <tr>
              <th scope="col">Question</th>
              <th scope="col">Institutions</th>
              <th scope="col">Lower quartile</th>
              <th scope="col">Median</th>
              <th scope="col">Upper quartile</th>
            </tr>
          </thead>
          <tbody>
            {city.map((q) => (
              <tr>
                <th scope="row">{q.text}</th>
                <td>{q.institutions}</td>
                <td>{pct(q.q1)}</td>
                <td>{pct(q.median)}</td>
                <td>{pct(q.q3)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </StaffFrame>
  )
}

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
            <thead>
              <tr>
                <th scope="col">Survey</th>
                <th scope="col">Status</th>
                <th scope="col">Responses</th>
                <th scope="col">Access</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
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

/** A sheet to print for a class: the address and the round code, large. */
export function AccessSheet({ institutionName, surveyTitle, year, code, link }: { institutionName: string; surveyTitle: string; year: string; code: string; link: string }) {
  return (
    <Layout title={`Access sheet: ${surveyTitle}`}>
      <link rel="stylesheet" href="/dashboard.css" />
      <div class="sheet">
        <p class="sheet-school">
          {institutionName} · {year}
        </p>
        <h1>{surveyTitle}</h1>
        <p>Go to this address:</p>
        <p class="sheet-link">{link}</p>
        <p>and type this code:</p>
        <p class="sheet-code">{code}</p>
        <p>You do not give your name. It takes about 10 minutes.</p>
      </div>
    </Layout>
  )
}

/** One-time codes as slips to cut out; shown once, never stored in readable form. */
export function TokenSlips({ surveyTitle, label, tokens, startUrl, back }: { surveyTitle: string; label: string; tokens: string[]; startUrl: string; back: string }) {
  return (
    <Layout title={`One-time codes: ${surveyTitle}`}>
      <link rel="stylesheet" href="/dashboard.css" />
      <div class="no-print">
        <h1>
          {tokens.length} one-time codes{label ? ` for ${label}` : ''}
        </h1>
        <p>Print this page now: the codes are not stored in a readable form and cannot be shown again.</p>
        <p>
          <a href={back}>Back to the institution</a>
        </p>
      </div>
      <ul class="slips">
        {tokens.map((t) => (
          <li class="slip">
            <span class="slip-title">{surveyTitle}</span>
            <span>Go to {startUrl} and type:</span>
            <strong class="code">{t}</strong>
            {label ? <span>{label}</span> : null}
          </li>
        ))}
      </ul>
    </Layout>
  )
}
