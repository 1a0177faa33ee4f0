import { Layout } from '../../ui/layout.tsx'

/** Choosing a new password with a one-time reset link. */
export function ResetPage({ token, name, error }: { token: string; name: string; error?: string }) {
  const title = 'Choose a new password'
  return (
    <Layout title={error ? `Error: ${title}` : title} stylesheets={['/dashboard.css']} className="staff">
      <h1>{title}</h1>
      <p dir="auto">For {name}. This link works once; every place you are signed in is signed out when the password changes.</p>
      <form method="post" action={`/reset/${token}`} novalidate>
        <div class={error ? 'field field-error' : 'field'}>
          <label for="password">New password</label>
          <p class="hint" id="password-hint">
            At least 12 characters, not a common password. Three random words make a strong one that is easy to remember.
          </p>
          {error ? (
            <p class="error-message" id="password-error">
              <span class="visually-hidden">Error: </span>
              {error}
            </p>
          ) : null}
          <input
            id="password"
            name="password"
            type="password"
            autocomplete="new-password"
            aria-describedby={error ? 'password-hint password-error' : 'password-hint'}
            aria-invalid={error ? 'true' : undefined}
            required
          />
        </div>
        <button type="submit">Save the new password</button>
      </form>
    </Layout>
  )
}
