import { describedBy, FieldFrame } from '../../ui/form-messages.tsx'
import { StaffFrame } from '../../ui/staff-frame.tsx'
import { kindWords, type Provider } from '../sso.ts'
import type { User } from '../users.ts'
import { SelectField } from './account-fields.tsx'

type Props = {
  user: User
  providers: Provider[]
  /** The address to register with each provider as its redirect URI (one per provider, by its id). */
  callbackOf: (id: number) => string
  done?: 'added' | 'removed'
  values?: Record<string, string>
  errors?: Record<string, string>
  /** A removal sent without its confirmation ticked: which provider, and what to do. */
  removeError?: { id: number; message: string }
}

function TextField({
  id,
  label,
  hint,
  values,
  errors,
  type = 'text',
}: {
  id: string
  label: string
  hint?: string
  values?: Record<string, string>
  errors?: Record<string, string>
  type?: string
}) {
  const error = errors?.[id]
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <input
        id={id}
        name={id}
        type={type}
        autocomplete="off"
        spellcheck={false}
        value={type === 'password' ? '' : (values?.[id] ?? '')}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? 'true' : undefined}
      />
    </FieldFrame>
  )
}

/** The lead's page of single sign-on providers: those set up (with the redirect URI each needs), and the form that adds one. */
export function SignInProvidersPage({ user, providers, callbackOf, done, values, errors, removeError }: Props) {
  const title = 'Sign-in providers'
  return (
    <StaffFrame title={errors || removeError ? `Error: ${title}` : title} user={user} place={{ area: 'accounts' }} stylesheets={['/accounts.css']}>
      <p>
        <a href="/dashboard/accounts">Back to accounts</a>
      </p>
      <h1>{title}</h1>
      <p class="lede">
        Staff can sign in with their school’s Microsoft 365 or Google Workspace account instead of a Signpost password. Signpost makes no accounts by itself:
        someone signing in this way needs an account (or a pending invitation) with the same email address.
      </p>
      <div role="status" class="status-message">
        {done ? (
          <div class="notice">
            <p>{done === 'added' ? 'The provider was added. Its button is on the sign-in page now.' : 'The provider was removed.'}</p>
          </div>
        ) : null}
      </div>
      {providers.length === 0 ? (
        <p>No provider is set up: everyone signs in with their email address and password.</p>
      ) : (
        <ul class="provider-list">
          {providers.map((p) => (
            <li>
              <h2>{p.name}</h2>
              <dl class="provider-facts">
                <dt>Kind</dt>
                <dd>{kindWords[p.kind].product}</dd>
                <dt>Issuer</dt>
                <dd class="provider-value">{p.issuer}</dd>
                <dt>Client ID</dt>
                <dd class="provider-value">{p.clientId}</dd>
                <dt>Allowed {kindWords[p.kind].allowed}</dt>
                <dd class="provider-value">{p.allowed}</dd>
                <dt>Redirect URI to register</dt>
                <dd class="provider-value">{callbackOf(p.id)}</dd>
              </dl>
              <form method="post" action={`/dashboard/accounts/sign-in-providers/${p.id}/remove`}>
                <div class={removeError?.id === p.id ? 'field field-error' : 'field'}>
                  {removeError?.id === p.id ? (
                    <p class="error-message" id={`confirm-remove-${p.id}-error`}>
                      <span class="visually-hidden">Error: </span>
                      {removeError.message}
                    </p>
                  ) : null}
                  <div class="choice">
                    <input
                      type="checkbox"
                      id={`confirm-remove-${p.id}`}
                      name="confirm"
                      value="yes"
                      required
                      aria-describedby={removeError?.id === p.id ? `confirm-remove-${p.id}-error` : undefined}
                      aria-invalid={removeError?.id === p.id ? 'true' : undefined}
                    />
                    <label for={`confirm-remove-${p.id}`}>
                      Yes, remove {p.name}
                      <span class="choice-hint">
                        Its button goes from the sign-in page, and sign-ins with it that are under way fail. Staff can still sign in with their password.
                      </span>
                    </label>
                  </div>
                </div>
                <button type="submit" class="danger">
                  Remove {p.name}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <section aria-labelledby="add-heading" class="account-invite">
        <h2 id="add-heading">Add a provider</h2>
        {errors?.[''] ? (
          <div class="error-summary" role="alert">
            <p>{errors['']}</p>
          </div>
        ) : null}
        <form method="post" action="/dashboard/accounts/sign-in-providers" novalidate>
          <TextField
            id="name"
            label="Name on the button"
            hint="For example “Northfield Microsoft 365”: the button reads “Sign in with” this name."
            {...{ values, errors }}
          />
          <SelectField
            id="kind"
            name="kind"
            label="Kind"
            error={errors?.kind}
            value={values?.kind ?? 'microsoft'}
            options={[
              { value: 'microsoft', label: kindWords.microsoft.product },
              { value: 'google', label: kindWords.google.product },
            ]}
          />
          <TextField
            id="issuer"
            label="Issuer URL"
            hint="Microsoft: https://login.microsoftonline.com/<tenant ID>/v2.0. Google: https://accounts.google.com."
            {...{ values, errors }}
          />
          <TextField id="clientId" label="Client (application) ID" {...{ values, errors }} />
          <TextField
            id="clientSecret"
            label="Client secret"
            type="password"
            hint="Stored encrypted with the server’s secret; never shown again."
            {...{ values, errors }}
          />
          <TextField
            id="allowed"
            label="Allowed tenant ID or hosted domain"
            hint="Microsoft: your tenant ID (the ID token’s tid). Google: your Workspace domain (its hd), such as northfield.sch.uk."
            {...{ values, errors }}
          />
          <button type="submit">Add the provider</button>
        </form>
      </section>
    </StaffFrame>
  )
}
