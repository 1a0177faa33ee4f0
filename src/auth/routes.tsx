import { eq } from 'drizzle-orm'
import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { ZodError } from 'zod'
import { users } from '../db/schema.ts'
import type { AppEnv } from '../env.ts'
import { formBody, formText, smallForm } from '../http/request-body.ts'
import { acceptInvitation, openInvitation } from './invitations.ts'
import { deactivateUnused, openPasswordReset, usePasswordReset } from './accounts.ts'
import { hashPassword, verifyPassword } from './password.ts'
import { clearHits, countHit, limitKey, retryAfter, waitInWords } from '../http/rate-limit.ts'
import { addressLimit, clientAddress, failureKey, failureStatement, failureWait, rememberDevice } from './sign-in-limits.ts'
import { readResume, safeNext } from './resume.ts'
import { codeDueUser, endSession, sessionEndedHere, startSession } from './sessions.ts'
import { checkSecondFactor, hasSecondFactor } from './two-factor.ts'
import { listProviders } from './sso.ts'
import { CodePage } from './views/code-page.tsx'
import { ResumePage } from './views/resume-page.tsx'
import { InvitePage } from './views/invite-page.tsx'
import { ResetPage } from './views/reset-page.tsx'
import { SignInPage } from './views/sign-in-page.tsx'
import { actorOf, auditStatement, recordAudit } from '../audit/record.ts'

/** A hash to check against when the email is unknown, so both cases take the same time. */
// made at the first sign-in, not at start: Workers allow no random values in global scope
let decoy: Promise<string> | undefined
const decoyHash = () => (decoy ??= hashPassword('not-a-real-password-at-all'))

const gone = 'This link has already been used or has expired. Ask your partnership lead for a new one.'

/**
 * A right password for an account that is deactivated (by the lead, or just now for going unused):
 * refused, saying why, and recorded. Said only after the right password, so it tells a guesser nothing.
 */
async function signInRefused(c: Context<AppEnv>, userId: number, now: Date, form: { email: string; next: string }) {
  const user = (await c.var.db.query.users.findFirst({ where: eq(users.id, userId) }))!
  await recordAudit(c.var.db, {
    action: 'sign-in.failed',
    actor: actorOf(user),
    partnershipId: user.partnershipId,
    detail: 'password right, but the account is deactivated',
    at: now,
  })
  return c.html(
    <SignInPage
      email={form.email}
      next={form.next}
      error={`This account has been deactivated (${user.deactivatedReason ?? 'by the partnership lead'}). Ask your partnership lead to reactivate it.`}
    />,
    403,
  )
}

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
    await recordAudit(c.var.db, {
      action: 'account.created',
      actor: actorOf(user),
      partnershipId: user.partnershipId,
      institutionId: user.institutionId,
      subject: `${user.name} <${user.email}>`,
      detail: `${user.role}, from an invitation`,
      at: now,
    })
    await startSession(c, c.var.db, user, now)
    await recordAudit(c.var.db, {
      action: 'sign-in',
      actor: actorOf(user),
      partnershipId: user.partnershipId,
      detail: 'password, on accepting the invitation',
      at: now,
    })
    return c.redirect('/dashboard', 303)
  })
  .get('/sign-in', async (c) => {
    // why this browser is here: said from the address and this browser's own (stale) cookie only, never from an account
    const done = c.req.query('done')
    const notice =
      done === 'reset'
        ? { text: 'Your password has been changed. Sign in with it now.', tone: 'info' as const }
        : done === 'signed-out-everywhere'
          ? { text: 'You were signed out everywhere.', tone: 'info' as const }
          : (await sessionEndedHere(c, c.var.db, c.var.now()))
            ? { text: 'Your session has ended: sign in again.', tone: 'warning' as const }
            : undefined
    return c.html(<SignInPage providers={await listProviders(c.var.db)} next={c.req.query('next') ?? ''} notice={notice?.text} noticeTone={notice?.tone} />)
  })
  .get('/reset/:token', async (c) => {
    const account = await openPasswordReset(c.var.db, c.req.param('token'), c.var.now())
    if (!account) throw new HTTPException(410, { message: gone })
    return c.html(<ResetPage token={c.req.param('token')} name={account.name} />)
  })
  .post('/reset/:token', smallForm, async (c) => {
    const token = c.req.param('token')
    const now = c.var.now()
    const account = await openPasswordReset(c.var.db, token, now)
    if (!account) throw new HTTPException(410, { message: gone })
    try {
      await usePasswordReset(c.var.db, account, { password: formText(await formBody(c), 'password') }, now)
    } catch (error) {
      if (!(error instanceof ZodError)) throw error
      return c.html(<ResetPage token={token} name={account.name} error={error.issues[0]?.message} />, 400)
    }
    return c.redirect('/sign-in?done=reset', 303)
  })
  .post('/sign-in', smallForm, async (c) => {
    const body = await formBody(c)
    const email = typeof body.email === 'string' ? body.email.trim().toLowerCase().slice(0, 200) : ''
    const password = typeof body.password === 'string' ? body.password.slice(0, 200) : ''
    const next = typeof body.next === 'string' ? body.next : ''
    const resumeText = typeof body.resume === 'string' ? body.resume : undefined
    const resume = readResume(resumeText)
    const carried = resume ? resumeText : undefined
    const now = c.var.now()
    const address = await addressLimit(clientAddress(c))
    const failures = await failureKey(c, email)
    const wait = Math.max(await retryAfter(c.var.db, [address], now), await failureWait(c.var.db, failures.key, now))
    if (wait > 0) {
      c.header('Retry-After', String(wait))
      return c.html(
        <SignInPage
          email={email}
          next={next}
          resume={carried}
          error={`Too many failed sign-ins: for your safety, wait ${waitInWords(wait)}, then try again. Nobody is locked out for good; each wrong password makes the wait longer.`}
        />,
        429,
      )
    }
    const user = email ? await c.var.db.query.users.findFirst({ where: eq(users.email, email) }) : undefined
    const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()))
    if (!user || !ok) {
      // the audit log names a failed sign-in only for an account that exists: never an unknown email, never the password
      const audit = user
        ? [auditStatement({ action: 'sign-in.failed', actor: actorOf(user), partnershipId: user.partnershipId, detail: 'wrong password', at: now })]
        : []
      await c.var.db.$client.batch([countHit(address, now), failureStatement(failures.key, now), ...audit], 'write')
      return c.html(
        <SignInPage email={email} next={next} resume={carried} error="The email address or password is not right. Check them and try again." />,
        401,
      )
    }
    // only this browser's or this account's run ends: a stranger's failures elsewhere go on counting
    await clearHits(c.var.db, failures.key)
    // an account unused for the partnership's number of days is deactivated now, before it can sign in
    if (!user.deactivatedAt && (await deactivateUnused(c.var.db, now, 'Signpost', user.id)) > 0) return signInRefused(c, user.id, now, { email, next })
    if (user.deactivatedAt) return signInRefused(c, user.id, now, { email, next })
    // with a second factor, the session waits for its code and opens nothing until then
    if (await hasSecondFactor(c.var.db, user.id)) {
      await startSession(c, c.var.db, user, now, { codeDue: true })
      return c.html(<CodePage next={next} resume={carried} />)
    }
    await startSession(c, c.var.db, user, now)
    await recordAudit(c.var.db, { action: 'sign-in', actor: actorOf(user), partnershipId: user.partnershipId, detail: 'password', at: now })
    // after the session's cookie: callers that read the first Set-Cookie get the session
    await rememberDevice(c, email)
    if (resume) return c.html(<ResumePage resume={resume} />)
    return c.redirect(safeNext(next), 303)
  })
  .get('/sign-in/code', async (c) => {
    if (!(await codeDueUser(c, c.var.db, c.var.now()))) return c.redirect('/sign-in', 303)
    return c.html(<CodePage next={c.req.query('next') ?? ''} />)
  })
  // the second step: the code is slowed down after wrong ones exactly like a password (per account, per address)
  .post('/sign-in/code', smallForm, async (c) => {
    const body = await formBody(c)
    const code = typeof body.code === 'string' ? body.code.slice(0, 40) : ''
    const next = typeof body.next === 'string' ? body.next : ''
    const resumeText = typeof body.resume === 'string' ? body.resume : undefined
    const resume = readResume(resumeText)
    const carried = resume ? resumeText : undefined
    const now = c.var.now()
    const user = await codeDueUser(c, c.var.db, now)
    if (!user) return c.html(<SignInPage next={next} resume={carried} notice="The time to type your code ran out. Sign in again." />, 401)
    const address = await addressLimit(clientAddress(c))
    const failures = await limitKey(`sign-in:code:${user.id}`)
    const wait = Math.max(await retryAfter(c.var.db, [address], now), await failureWait(c.var.db, failures, now))
    if (wait > 0) {
      c.header('Retry-After', String(wait))
      return c.html(
        <CodePage
          next={next}
          resume={carried}
          error={`Too many wrong codes: for your safety, wait ${waitInWords(wait)}, then try again. Each wrong code makes the wait longer.`}
        />,
        429,
      )
    }
    const checked = await checkSecondFactor(c.var.db, user, code, now)
    if (!checked) {
      await c.var.db.$client.batch(
        [
          countHit(address, now),
          failureStatement(failures, now),
          auditStatement({
            action: 'sign-in.failed',
            actor: actorOf(user),
            partnershipId: user.partnershipId,
            // six digits are meant as the app's code; anything else as a recovery code
            detail: /^\s*\d{6}\s*$/.test(code) ? 'password right, wrong authenticator code' : 'password right, wrong recovery code',
            at: now,
          }),
        ],
        'write',
      )
      return c.html(<CodePage next={next} resume={carried} error="That code is not right. Type the code your app shows now; each code works once." />, 401)
    }
    await clearHits(c.var.db, failures)
    await startSession(c, c.var.db, user, now)
    const detail = checked.method === 'app' ? 'password and authenticator code' : `password and a recovery code (${checked.left} left)`
    await recordAudit(c.var.db, { action: 'sign-in', actor: actorOf(user), partnershipId: user.partnershipId, detail, at: now })
    await rememberDevice(c, user.email)
    if (resume) return c.html(<ResumePage resume={resume} />)
    return c.redirect(safeNext(next), 303)
  })
  .post('/sign-out', async (c) => {
    await endSession(c, c.var.db)
    return c.redirect('/sign-in', 303)
  })
