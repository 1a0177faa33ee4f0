import type { User } from '../../auth/users.ts'
import { StaffFrame } from '../../ui/staff-frame.tsx'
import type { VoidOverview, VoidWindow } from '../void.ts'

/** "09:30" in UK time: the lead names a window as the school's clock shows it. */
const clock = (at: Date) => at.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' })

/** A window's count as the page shows it: rounded down to a multiple of the minimum cohort, like the arrival figures. */
const atLeast = (w: VoidWindow, minCohort: number) => Math.floor(w.responses / minCohort) * minCohort

/**
 * The lead's page to void a flood in a code-only round: today's 10-minute windows that hold at
 * least twice the minimum cohort of responses, each with a button to void it, behind a
 * confirmation. Quieter windows are not listed at all, and the counts are rounded down to a
 * multiple of the minimum cohort, so the page singles out no small group.
 */
export function VoidPage(props: {
  user: User
  institution: { id: number; name: string }
  round: { id: number; year: string; code: string }
  surveyTitle: string
  overview: VoidOverview
  /** The window whose void is being confirmed. */
  confirm?: VoidWindow
  done?: string
  error?: string
}) {
  const { institution, round, overview, confirm } = props
  const base = `/dashboard/institutions/${institution.id}`
  const action = `${base}/rounds/${round.id}/void`
  const span = (w: VoidWindow) => `${clock(w.starts)} to ${clock(w.ends)}`
  return (
    <StaffFrame title={`Void a flood of responses: ${props.surveyTitle} ${round.year}`} user={props.user} place={{ area: 'rounds', institution }}>
      <h1>
        Void a flood of responses
        <span class="subtitle">
          {institution.name}: {props.surveyTitle}, {round.year} (code <span class="code">{round.code}</span>)
        </span>
      </h1>
      {props.done ? (
        <p role="status" class="notice notice-success">
          {props.done}
        </p>
      ) : null}
      {props.error ? (
        <div class="error-summary" role="alert">
          <h2>Nothing was voided</h2>
          <p>{props.error}</p>
        </div>
      ) : null}
      {overview.notVoidable === 'tokens-required' ? (
        <p>This round needs a one-time code for each response, so nobody can send more responses than the codes they hold: there is nothing to void.</p>
      ) : overview.notVoidable === 'imported' ? (
        <p>
          This round was imported from a file. To take its responses out, <a href={`${base}/imports`}>remove the import</a>.
        </p>
      ) : (
        <>
          <p>
            Anyone with the round code can send answers, as many times as they like. If someone sent a flood of made-up responses today, you can take out every
            response that arrived in the same 10 minutes: they leave every figure of the round at once, and the audit log records it.
          </p>
          <ul>
            <li>Only today’s windows can be voided. Responses keep the day they arrived and nothing finer, so after today the windows cannot be told apart.</li>
            <li>
              Only windows with at least {overview.minimum} responses are listed (twice the smallest group a report shows). Taking out fewer could show a few
              people’s answers by comparing the figures before and after.
            </li>
            <li>Every response of the window goes, real ones included: a class that answered in those 10 minutes will need to answer again.</li>
          </ul>
          {confirm ? (
            <section aria-labelledby="void-title" class="notice notice-warning">
              <div>
                <h2 id="void-title">Void the responses that arrived from {span(confirm)}?</h2>
                <p>
                  This takes out every response that arrived from {span(confirm)} today (at least {atLeast(confirm, overview.minCohort).toLocaleString('en-GB')}
                  ), with their answers and every figure they added. It cannot be undone.
                </p>
                <form method="post" action={action}>
                  <input type="hidden" name="window" value={String(confirm.window)} />
                  <div class="choice">
                    <input type="checkbox" id="confirm-void" name="confirm" value="yes" required />
                    <label for="confirm-void">Yes, void the responses that arrived from {span(confirm)}</label>
                  </div>
                  <div class="button-group">
                    <button type="submit" class="danger">
                      Void these responses
                    </button>
                    <a href={action}>Keep them</a>
                  </div>
                </form>
              </div>
            </section>
          ) : null}
          {overview.windows.length === 0 ? (
            <p>No 10-minute window today holds {overview.minimum} responses or more: there is no flood to void.</p>
          ) : (
            <div class="table-scroll" role="region" aria-labelledby="windows-caption" tabindex={0}>
              <table class="staff-table">
                <caption id="windows-caption">Today’s busy 10-minute windows, latest first (UK time)</caption>
                <thead>
                  <tr>
                    <th scope="col">Arrived</th>
                    <th scope="col">Responses</th>
                    <th scope="col">Void</th>
                  </tr>
                </thead>
                <tbody>
                  {overview.windows.map((w) => (
                    <tr>
                      <th scope="row">{span(w)}</th>
                      <td class="num">at least {atLeast(w, overview.minCohort).toLocaleString('en-GB')}</td>
                      <td>
                        <a href={`${action}?window=${w.window}`} aria-label={`Void the responses that arrived from ${span(w)}`}>
                          Void…
                        </a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
      <p>
        <a href={base}>Back to {institution.name}</a>
      </p>
    </StaffFrame>
  )
}
