import type { User } from '../../auth/users.ts'
import { StaffFrame } from '../../ui/staff-frame.tsx'

/** "Close this round?" / "Re-open this round?": a page of its own, so it works without JavaScript. */
export function ConfirmRoundPage(props: {
  user: User
  institution: { id: number; name: string }
  round: { id: number; year: string; code: string }
  surveyTitle: string
  action: 'close' | 'open'
  respondents: string
}) {
  const { institution, round, action } = props
  const base = `/dashboard/institutions/${institution.id}`
  const closing = action === 'close'
  const title = closing ? 'Close this round?' : 'Re-open this round?'
  return (
    <StaffFrame title={`${title} ${props.surveyTitle} ${round.year}`} user={props.user} place={{ area: 'rounds', institution }}>
      <h1>
        {title}
        <span class="subtitle">
          {props.surveyTitle}, {round.year} (code <span class="code">{round.code}</span>)
        </span>
      </h1>
      <p>Responses so far: {props.respondents}.</p>
      {closing ? (
        <div class="notice notice-warning">
          <p>Once it is closed, the code no longer opens the survey. Anyone answering now loses what they have not sent. You can re-open it later.</p>
        </div>
      ) : (
        <div class="notice notice-warning">
          <p>
            The code {round.code} will open the survey again, and new answers will count towards {round.year}.
          </p>
        </div>
      )}
      <div class="button-group">
        <form method="post" action={`${base}/rounds/${round.id}/${action}`} class="inline-form">
          <button type="submit" class={closing ? 'danger' : undefined}>
            {closing ? 'Yes, close the round' : 'Yes, re-open the round'}
          </button>
        </form>
        <a href={base}>No, go back</a>
      </div>
    </StaffFrame>
  )
}
