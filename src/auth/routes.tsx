import { eq } from 'drizzle-orm'
import { Hono } from 'hono'
import { users } from '../db/schema.ts'
import type { AppEnv } from '../env.ts'
import { Layout } from '../ui/layout.tsx'
import { hashPassword, verifyPassword } from './password.ts'
import { clearFailures, clientAddress, limitKey, recordFailure, retryAfter, signInLimits } from './rate-limit.ts'
import { endSession, startSession } from './sessions.ts'

/** A hash to check against when the email is unknown, so both cases take the same time. */
const decoy = hashPassword('not-a-real-password-at-all')

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

export const authRoutes = new Hono<AppEnv>()
  .get('/sign-in', (c) => c.html(<SignInPage next={c.req.query('next') ?? ''} />))
  .post('/sign-in', async (c) => {
    const body = await c.req.parseBody()
    const email = typeof body.email === 'string' ? body.email.trim().toLowerCase().slice(0, 200) : ''
    const password = typeof body.password === 'string' ? body.password.slice(0, 200) : ''
    const next = typeof body.next === 'string' ? body.next : ''
    const now = c.var.now()
    const accountKey = await limitKey('account', email)
    const addressKey = await limitKey('address', clientAddress(c))
    const wait = await retryAfter(
      c.var.db,
      [
        { key: accountKey, max: signInLimits.perAccount },
        { key: addressKey, max: signInLimits.perAddress },
      ],
      now,
    )
    if (wait > 0) {
      c.header('Retry-After', String(wait))
      return c.html(
        <SignInPage email={email} next={next} error={`Too many failed sign-ins. Wait ${Math.ceil(wait / 60)} minutes, then try again.`} />,
        429,
      )
    }
    const user = email ? await c.var.db.query.users.findFirst({ where: eq(users.email, email) }) : undefined
    const ok = await verifyPassword(password, user?.passwordHash ?? (await decoy))
    if (!user || !ok) {
      await recordFailure(c.var.db, [accountKey, addressKey], now)
      return c.html(<SignInPage email={email} next={next} error="The email address or password is not right. Check them and try again." />, 401)
    }
    await clearFailures(c.var.db, accountKey)
    await startSession(c, c.var.db, user, now)
    return c.redirect(safeNext(next), 303)
  })
  .post('/sign-out', async (c) => {
    await endSession(c, c.var.db)
    return c.redirect('/sign-in', 303)
  })
