import { Layout } from '../../ui/layout.tsx'

/** The front door: type the code you were given. */
export function StartPage({ code = '', error }: { code?: string; error?: string }) {
  return (
    <Layout title={error ? 'Error: check your code' : 'Start'}>
      <h1>Have your say</h1>
      <p>Your school, college or careers team wants to know what you think of the help you get to plan your future.</p>
      <p>You do not give your name. It takes about 10 minutes.</p>
      <form method="get" action="/" class="start-form" novalidate>
        <div class={error ? 'field field-error' : 'field'}>
          <label for="code">Type the code you were given</label>
          <p class="hint" id="code-hint">
            It is on the sheet or slip from your teacher or coordinator, for example K7PQ2M.
          </p>
          {error ? (
            <p class="error-message" id="code-error" role="alert">
              <span class="visually-hidden">Error: </span>
              {error}
            </p>
          ) : null}
          <input
            id="code"
            name="code"
            type="text"
            value={code}
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            aria-describedby={error ? 'code-hint code-error' : 'code-hint'}
            aria-invalid={error ? 'true' : undefined}
            required
          />
        </div>
        <button type="submit">Start</button>
      </form>
      <p class="staff-link">
        Coordinator or partnership staff? <a href="/sign-in">Sign in to the dashboard</a>
      </p>
    </Layout>
  )
}
