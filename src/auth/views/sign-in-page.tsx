import { Layout } from '../../ui/layout.tsx'

/** Sign in, with what went wrong when it did. */
export function SignInPage({
  email = '',
  next = '',
  error,
  resume,
  notice,
  noticeTone = 'warning',
  providers = [],
}: {
  email?: string
  next?: string
  error?: string
  resume?: string
  notice?: string
  /** How the notice looks: a warning (the default) or plain information. */
  noticeTone?: 'warning' | 'info'
  /** Single sign-on providers (src/auth/sso.ts): a button each, above the password form. */
  providers?: { id: number; name: string }[]
}) {
  return (
    <Layout title={error ? 'Error: sign in' : 'Sign in'} stylesheets={['/dashboard.css']} className="staff">
      <h1>Sign in</h1>
      <p>For IAG coordinators and partnership staff.</p>
      {notice ? (
        <div class={`notice notice-${noticeTone}`} role="status">
          <p>{notice}</p>
        </div>
      ) : null}
      {error ? (
        <div class="error-summary" role="alert" tabindex={-1}>
          <h2>Sign-in failed</h2>
          <p>{error}</p>
        </div>
      ) : null}
      {providers.length > 0 ? (
        <section aria-labelledby="sso-heading">
          <h2 id="sso-heading">With your school account</h2>
          <div class="button-group">
            {providers.map((p) => (
              <a class="button-secondary" href={`/sign-in/sso/${p.id}${next ? `?next=${encodeURIComponent(next)}` : ''}`}>
                Sign in with {p.name}
              </a>
            ))}
          </div>
        </section>
      ) : null}
      {providers.length > 0 ? <h2>With your email address and password</h2> : null}
      <form method="post" action="/sign-in">
        <input type="hidden" name="next" value={next} />
        {resume ? <input type="hidden" name="resume" value={resume} /> : null}
        <div class="field">
          <label for="email">Email address</label>
          <input id="email" name="email" type="email" autocomplete="username" value={email} required />
        </div>
        <div class="field">
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
        </div>
        <button type="submit">Sign in</button>
      </form>
    </Layout>
  )
}
