import { eq } from 'drizzle-orm'
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { ZodError } from 'zod'
import { users } from '../db/schema.ts'
import type { AppEnv } from '../env.ts'
import { formBody, formText, smallForm } from '../http/request-body.ts'
import { Layout } from '../ui/layout.tsx'
import { acceptInvitation, openInvitation } from './invitations.ts'
import { hashPassword, verifyPassword } from './password.ts'
import { clearHits, recordHits, retryAfter } from '../http/rate-limit.ts'
import { clientAddress, signInLimitsFor } from './sign-in-limits.ts'
import { endSession, startSession } from './sessions.ts'

/** A hash to check against when the email is unknown, so both cases take the same time. */
// made at the first sign-in, not at start: Workers allow no random values in global scope
let decoy: Promise<string> | undefined
const decoyHash = () => (decoy ??= hashPassword('not-a-real-password-at-all'))

/** Only same-site paths are followed after sign-in. */
const safeNext = (next: string | undefined) => (next && /^\/(?!\/)[\w\-/%.?=&]*$/.test(next) ? next : '/dashboard')

function SignInPage({ email = '', next = '', error }: { email?: string; next?: string; error?: string }) {
  return (
    <Layout title={error ? 'Error: sign in' : 'Sign in'}>
      <h1>Sign in</h1>
      <p>For IAG coordinators and partnership staff.</p>
      {error ? (
        <div class="error-summary" role="alert" tabindex={-1}>
          <h2>Sign-in failed</h2>
          <p>{error}</p>
        </div>
      ) : null}
      <form method="post" action="/sign-in">
        <input type="hidden" name="next" value={next} />
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

type InviteProps = { token: string; setup: boolean; role: string; values?: Record<string, string>; errors?: Record<string, string> }

function Field({ id, label, type = 'text', autocomplete, hint, values, errors }: { id: string; label: string; type?: string; autocomplete?: string; hint?: string; values?: Record<string, string>; errors?: Record<string, string> }) {
  const error = errors?.[id]
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={id}>{label}</label>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="error-message" id={`${id}-error`}>
          <span class="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
      <input id={id} name={id} type={type} autocomplete={autocomplete} value={type === 'password' ? '' : (values?.[id] ?? '')} aria-describedby={described} aria-invalid={error ? 'true' : undefined} required />
    </div>
  )
}

/** Accepting a one-time link: the first start's setup, or an invitation. */
function InvitePage({ token, setup, role, values, errors }: InviteProps) {
  const title = setup ? 'Set up Signpost' : 'Create your account'
  return (
    <Layout title={errors && Object.keys(errors).length ? `Error: ${title}` : title}>
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
            <Field id="partnershipSlug" label="Short name for addresses and commands" hint="Lower case letters, digits and hyphens, for example derby-city" values={values} errors={errors} />
          </>
        ) : null}
        <Field id="name" label="Your name" autocomplete="name" values={values} errors={errors} />
        <Field id="email" label="Email address" type="email" autocomplete="username" values={values} errors={errors} />
        <Field id="password" label="Choose a password" type="password" autocomplete="new-password" hint="At least 12 characters." values={values} errors={errors} />
        <button type="submit">Create the account</button>
      </form>
    </Layout>
  )
}

const gone = 'This link has already been used or has expired. Ask your partnership lead for a new one.'

export const authRoutes = new Hono<AppEnv>()
  .get('/invite/:token', async (c) => {
    const invitation = await openInvitation(c.var.db, c.req.param('token'), c.var.now())
    if (!invitation) throw new HTTPException(410, { message: gone })
    return c.html(<InvitePage token={c.req.param('token')} setup={invitation.setup} role={invitation.role} />)
  })
  .post('/invite/:token', smallForm, async (c) => {
    const token = c.req.param('token')
    const now = c.var.now()
    const invitation = await openInvitation(c.var.db, token, now)
    if (!invitation) throw new HTTPException(410, { message: gone })
    const body = await formBody(c)
    const fields = invitation.setup ? ['partnershipName', 'partnershipSlug', 'name', 'email', 'password'] : ['name', 'email', 'password']
    const values = Object.fromEntries(fields.map((k) => [k, formText(body, k)]))
    let userId: number
    try {
      userId = await acceptInvitation(c.var.db, invitation, values, now)
    } catch (error) {
      const errors: Record<string, string> = {}
      if (error instanceof ZodError) for (const issue of error.issues) errors[String(issue.path[0] ?? '')] ??= issue.message
      else if (error instanceof HTTPException && error.status === 409) errors[''] = error.message
      else throw error
      return c.html(<InvitePage token={token} setup={invitation.setup} role={invitation.role} values={values} errors={errors} />, 400)
    }
    const user = (await c.var.db.query.users.findFirst({ where: eq(users.id, userId) }))!
    await startSession(c, c.var.db, user, now)
    return c.redirect('/dashboard', 303)
  })
  .get('/sign-in', (c) => c.html(<SignInPage next={c.req.query('next') ?? ''} />))
  .post('/sign-in', smallForm, async (c) => {
    const body = await formBody(c)
    const email = typeof body.email === 'string' ? body.email.trim().toLowerCase().slice(0, 200) : ''
    const password = typeof body.password === 'string' ? body.password.slice(0, 200) : ''
    const next = typeof body.next === 'string' ? body.next : ''
    const now = c.var.now()
    const limits = await signInLimitsFor(email, clientAddress(c))
    const wait = await retryAfter(c.var.db, [limits.account, limits.address], now)
    if (wait > 0) {
      c.header('Retry-After', String(wait))
      return c.html(
        <SignInPage email={email} next={next} error={`Too many failed sign-ins. Wait ${Math.ceil(wait / 60)} minutes, then try again.`} />,
        429,
      )
    }
    const user = email ? await c.var.db.query.users.findFirst({ where: eq(users.email, email) }) : undefined
    const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()))
    if (!user || !ok) {
      await recordHits(c.var.db, [limits.account, limits.address], now)
      return c.html(<SignInPage email={email} next={next} error="The email address or password is not right. Check them and try again." />, 401)
    }
    await clearHits(c.var.db, limits.account.key)
    await startSession(c, c.var.db, user, now)
    return c.redirect(safeNext(next), 303)
  })
  .post('/sign-out', async (c) => {
    await endSession(c, c.var.db)
    return c.redirect('/sign-in', 303)
  })
