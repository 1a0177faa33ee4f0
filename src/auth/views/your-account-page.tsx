import { describedBy, FieldFrame } from '../../ui/form-messages.tsx'
import { QrCode } from '../../ui/qr-code.tsx'
import { StaffFrame } from '../../ui/staff-frame.tsx'
import type { SessionRow } from '../sessions.ts'
import type { User } from '../users.ts'
import { roleLabel } from './account-fields.tsx'
import { capitalised } from '../../ui/words.ts'

/** What the page says it has just done: turned two-factor sign-in off, ended one other session, or every other one. */
export type YourAccountDone = 'off' | 'session-ended' | 'others-ended'

/** What the "Your account" page shows: the account, its own sessions, and the state of its second factor. */
export type YourAccountView =
  | {
      step: 'overview'
      twoFactor: boolean
      required: boolean
      sessions: SessionRow[]
      sessionHours: number
      done?: YourAccountDone
      error?: string
      sessionError?: string
    }
  /** The QR code and key shown once; again after a wrong first code, without them. */
  | { step: 'scan'; secret?: string; uri?: string; error?: string }
  | { step: 'codes'; codes: string[] }

function PasswordField({ id, error }: { id: string; error?: string }) {
  return (
    <FieldFrame id={id} label="Your password" error={error}>
      <input
        id={id}
        name="password"
        type="password"
        autocomplete="current-password"
        aria-describedby={describedBy(id, undefined, error)}
        aria-invalid={error ? 'true' : undefined}
        required
      />
    </FieldFrame>
  )
}

function CodeField({ error }: { error?: string }) {
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for="code">The 6-digit code your app shows now</label>
      {error ? (
        <p class="error-message" id="code-error">
          <span class="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
      <input
        id="code"
        name="code"
        type="text"
        inputmode="numeric"
        autocomplete="one-time-code"
        pattern="[0-9]{6}"
        maxlength={6}
        class="code-input"
        aria-describedby={error ? 'code-error' : undefined}
        aria-invalid={error ? 'true' : undefined}
        required
      />
    </div>
  )
}

function ConfirmForm({ error }: { error?: string }) {
  return (
    <form method="post" action="/dashboard/account/two-factor/confirm" novalidate>
      <CodeField error={error} />
      <div class="button-group">
        <button type="submit">Turn on two-factor sign-in</button>
        <a href="/dashboard/account">Not now</a>
      </div>
    </form>
  )
}

/** `YYYY-MM-DDTHH:MM...Z` as "12 Jan 2026, 08:00" in UK time, as staff read a clock. */
function minute(at: string | null): string {
  if (!at) return 'before Signpost kept it'
  const d = new Date(at)
  if (Number.isNaN(d.getTime())) return at
  const date = d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Europe/London' })
  const time = d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' })
  return `${date}, ${time}`
}

const doneWords: Record<YourAccountDone, string> = {
  off: 'Two-factor sign-in is off. You sign in with your password only.',
  'session-ended': 'That session has ended. Whoever was using it must sign in again.',
  'others-ended': 'You are signed out everywhere else. Only this browser is still signed in.',
}

/** The account's own sessions, this browser's marked, with a way to end the others, or every one. */
function SessionList({ sessions, sessionHours, error }: { sessions: SessionRow[]; sessionHours: number; error?: string }) {
  const others = sessions.filter((s) => !s.current).length
  return (
    <section aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Where you are signed in</h2>
      {error ? (
        <div class="error-summary" role="alert">
          <p>{error}</p>
        </div>
      ) : null}
      <p>
        Each sign-in lasts {sessionHours} hours, or until you sign out. If you see one you do not recognise, end it and ask your partnership lead for a
        password-reset link.
      </p>
      <ul class="session-list">
        {sessions.map((s) => {
          const browser = s.browser ?? 'A browser'
          const what = `${browser}, signed in ${minute(s.createdAt)}`
          return (
            <li class="session-item" data-session={s.ref}>
              <p class="session-browser">
                <strong>{capitalised(browser)}</strong>
                {s.current ? (
                  <>
                    {' '}
                    <span class="status-tag status-open">This browser</span>
                  </>
                ) : null}
              </p>
              <dl class="summary-list">
                <div>
                  <dt>Signed in</dt>
                  <dd>{minute(s.createdAt)}</dd>
                </div>
                <div>
                  <dt>Ends</dt>
                  <dd>{minute(s.expiresAt)}</dd>
                </div>
              </dl>
              {s.current ? null : (
                <form method="post" action="/dashboard/account/sessions/end">
                  <button type="submit" class="secondary" name="end" value={s.ref}>
                    End this session<span class="visually-hidden">: {what}</span>
                  </button>
                </form>
              )}
            </li>
          )
        })}
      </ul>
      <div class="button-group">
        {others > 0 ? (
          <form method="post" action="/dashboard/account/sessions/end">
            <button type="submit" name="end" value="others">
              Sign out everywhere else
            </button>
          </form>
        ) : null}
        <form method="post" action="/dashboard/account/sessions/end">
          <button type="submit" class="secondary" name="end" value="all">
            Sign out everywhere
          </button>
        </form>
      </div>
      <p class="note">“Sign out everywhere” signs this browser out too.</p>
    </section>
  )
}

/** The secret in groups of four, as authenticator apps show it when typed by hand. */
const grouped = (secret: string) => secret.match(/.{1,4}/g)!.join(' ')

/** "Your account": who you are, two-factor sign-in turned on (scan, confirm, recovery codes) or off, and where you are signed in. */
export function YourAccountPage({ user, view }: { user: User; view: YourAccountView }) {
  const error = 'error' in view ? view.error : undefined
  const anyError = error ?? ('sessionError' in view ? view.sessionError : undefined)
  const title = view.step === 'scan' ? 'Set up two-factor sign-in' : view.step === 'codes' ? 'Your recovery codes' : 'Your account'
  return (
    <StaffFrame title={anyError ? `Error: ${title}` : title} user={user} place={{ area: 'account' }} stylesheets={['/accounts.css']}>
      <h1>{title}</h1>
      {view.step === 'overview' ? (
        <>
          <dl class="summary-list">
            <div>
              <dt>Name</dt>
              <dd dir="auto">{user.name}</dd>
            </div>
            <div>
              <dt>Email</dt>
              <dd class="account-email">{user.email}</dd>
            </div>
            <div>
              <dt>Role</dt>
              <dd>{roleLabel[user.role]}</dd>
            </div>
          </dl>
          <div role="status" class="status-message">
            {view.done ? (
              <div class="notice">
                <p>{doneWords[view.done]}</p>
              </div>
            ) : null}
          </div>
          <section aria-labelledby="two-factor-heading">
            <h2 id="two-factor-heading">Two-factor sign-in</h2>
            {view.required && !view.twoFactor ? (
              <div class="notice notice-warning">
                <p>Your partnership asks every lead and coordinator to use two-factor sign-in. Set it up now: the other pages open once it is on.</p>
              </div>
            ) : null}
            <p>
              Two-factor sign-in is <strong>{view.twoFactor ? 'on' : 'off'}</strong>.{' '}
              {view.twoFactor
                ? 'After your password, Signpost asks for the code your authenticator app shows.'
                : 'With it on, someone who learns your password still cannot sign in without your phone. You need an authenticator app, such as Microsoft Authenticator or Google Authenticator.'}
            </p>
            {view.twoFactor ? (
              <form method="post" action="/dashboard/account/two-factor/off" novalidate>
                <PasswordField id="off-password" error={error} />
                <button type="submit" class="secondary">
                  Turn two-factor sign-in off
                </button>
              </form>
            ) : (
              <form method="post" action="/dashboard/account/two-factor" novalidate>
                <PasswordField id="on-password" error={error} />
                <button type="submit">Set up two-factor sign-in</button>
              </form>
            )}
          </section>
          <SessionList sessions={view.sessions} sessionHours={view.sessionHours} error={view.sessionError} />
        </>
      ) : view.step === 'scan' ? (
        view.secret && view.uri ? (
          <ol class="setup-steps">
            <li>
              <p>In your authenticator app, add an account and scan this QR code.</p>
              <QrCode text={view.uri} class="qr setup-qr" />
              <p>
                Or type this key into the app instead: <span class="code setup-secret">{grouped(view.secret)}</span>
              </p>
              <p class="note">The QR code and key are shown only now. Nobody from your partnership will ever ask you for them.</p>
            </li>
            <li>
              <ConfirmForm error={error} />
            </li>
          </ol>
        ) : (
          <>
            <p>Type the code that the Signpost entry you have just added to your authenticator app shows now.</p>
            <ConfirmForm error={error} />
            <section aria-labelledby="again-heading">
              <h2 id="again-heading">No Signpost entry in your app?</h2>
              <form method="post" action="/dashboard/account/two-factor" novalidate>
                <p>Start again with a new QR code.</p>
                <PasswordField id="again-password" />
                <button type="submit" class="secondary">
                  Start again
                </button>
              </form>
            </section>
          </>
        )
      ) : (
        <>
          <div class="notice">
            <p>Two-factor sign-in is on.</p>
          </div>
          <p>
            If you lose your phone, sign in with one of these codes instead of the app’s code. Each works once. Print them or keep them somewhere safe away from
            your phone: they are shown only now.
          </p>
          <ul class="recovery-codes">
            {view.codes.map((code) => (
              <li class="code">{code}</li>
            ))}
          </ul>
          <p>
            <a href="/dashboard">Continue to the dashboard</a>
          </p>
        </>
      )}
    </StaffFrame>
  )
}
