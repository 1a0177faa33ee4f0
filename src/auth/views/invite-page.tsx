import { describedBy, FieldFrame } from '../../ui/form-messages.tsx'
import { Layout } from '../../ui/layout.tsx'

type InviteProps = { token: string; setup: boolean; role: string; values?: Record<string, string>; errors?: Record<string, string> }

function Field({
  id,
  label,
  type = 'text',
  autocomplete,
  hint,
  values,
  errors,
}: {
  id: string
  label: string
  type?: string
  autocomplete?: string
  hint?: string
  values?: Record<string, string>
  errors?: Record<string, string>
}) {
  const error = errors?.[id]
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <input
        id={id}
        name={id}
        type={type}
        autocomplete={autocomplete}
        value={type === 'password' ? '' : (values?.[id] ?? '')}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? 'true' : undefined}
        required
      />
    </FieldFrame>
  )
}

/** Accepting a one-time link: the first start's setup, or an invitation. */
export function InvitePage({ token, setup, role, values, errors }: InviteProps) {
  const title = setup ? 'Set up Signpost' : 'Create your account'
  return (
    <Layout title={errors && Object.keys(errors).length ? `Error: ${title}` : title} stylesheets={['/dashboard.css']} className="staff">
      <h1>{title}</h1>
      <p>
        {setup
          ? 'Name your partnership and create the first partnership lead account. You can add institutions and invite coordinators afterwards.'
          : `You have been invited as ${role === 'lead' ? 'a partnership lead' : `a ${role}`}. This link works once.`}
      </p>
      {errors?.[''] ? (
        <div class="error-summary" role="alert">
          <p>{errors['']}</p>
        </div>
      ) : null}
      <form method="post" action={`/invite/${token}`} novalidate>
        {setup ? (
          <>
            <Field id="partnershipName" label="Partnership name" hint="For example: Derby City 14-19 Partnership" values={values} errors={errors} />
            <Field
              id="partnershipSlug"
              label="Short name for addresses and commands"
              hint="Lower case letters, digits and hyphens, for example derby-city"
              values={values}
              errors={errors}
            />
          </>
        ) : null}
        <Field id="name" label="Your name" autocomplete="name" values={values} errors={errors} />
        <Field id="email" label="Email address" type="email" autocomplete="username" values={values} errors={errors} />
        <Field
          id="password"
          label="Choose a password"
          type="password"
          autocomplete="new-password"
          hint="At least 12 characters, not a common password. Three random words make a strong one that is easy to remember."
          values={values}
          errors={errors}
        />
        <button type="submit">Create the account</button>
      </form>
    </Layout>
  )
}
