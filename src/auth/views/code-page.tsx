import { Layout } from '../../ui/layout.tsx'

/** Sign-in's second step: the code from the authenticator app, or a recovery code. */
export function CodePage({ next = '', resume, error }: { next?: string; resume?: string; error?: string }) {
  return (
    <Layout title={error ? 'Error: enter your code' : 'Enter your code'} stylesheets={['/dashboard.css', '/accounts.css']} className="staff">
      <h1>Enter your code</h1>
      <p>Your password was right. Now open the authenticator app on your phone and type the 6-digit code it shows for Signpost.</p>
      {error ? (
        <div class="error-summary" role="alert" tabindex={-1}>
          <h2>Sign-in failed</h2>
          <p>{error}</p>
        </div>
      ) : null}
      <form method="post" action="/sign-in/code">
        <input type="hidden" name="next" value={next} />
        {resume ? <input type="hidden" name="resume" value={resume} /> : null}
        <div class={error ? 'field field-error' : 'field'}>
          <label for="code">Code</label>
          <p class="hint" id="code-hint">
            6 digits, or one of your recovery codes (such as abcd-efgh-jkmn) if you do not have your phone. Each recovery code works once.
          </p>
          <input
            id="code"
            name="code"
            type="text"
            inputmode="text"
            autocomplete="one-time-code"
            autocapitalize="none"
            spellcheck={false}
            class="code-input"
            aria-describedby="code-hint"
            aria-invalid={error ? 'true' : undefined}
            required
          />
        </div>
        <button type="submit">Sign in</button>
      </form>
      <form method="post" action="/sign-out" class="account-cancel">
        <button type="submit" class="link-button">
          Cancel and sign in as someone else
        </button>
      </form>
    </Layout>
  )
}
