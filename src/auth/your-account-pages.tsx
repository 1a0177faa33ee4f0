import { eq } from 'drizzle-orm'
import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { z } from 'zod'
import { users } from '../db/schema.ts'
import { settingsOf } from '../org/settings.ts'
import { clearHits, waitInWords } from '../http/rate-limit.ts'
import { formBody, formText, smallForm } from '../http/request-body.ts'
import type { StaffEnv } from './guard.tsx'
import { verifyPassword } from './password.ts'
import { endOwnSessions, listSessions, sessionHours, sessionRefLength } from './sessions.ts'
import { failureKey, failureStatement, failureWait } from './sign-in-limits.ts'
import { confirmSetup, hasSecondFactor, startSetup, turnOff } from './two-factor.ts'
import { YourAccountPage, type YourAccountDone } from './views/your-account-page.tsx'

/**
 * "Your account" (issue 20, point 2), for every member of staff, behind the dashboard's sign-in
 * guard (which lets only these pages through while the partnership requires a second factor the
 * account has not set up):
 *
 *   GET  /account                        the account, and whether two-factor sign-in is on
 *   POST /account/two-factor             with the password: a new secret, its QR code and key shown once
 *   POST /account/two-factor/confirm     the app's first code: on, and 10 recovery codes shown once
 *   POST /account/two-factor/off         with the password: off
 *   POST /account/sessions/end           your own sessions (issue 20, point 4): `end` names one other session, or is
 *                                        `others` (sign out everywhere else) or `all` (everywhere, this browser too)
 */

async function overview(
  c: Context<StaffEnv>,
  extra: { done?: YourAccountDone; error?: string; sessionError?: string } = {},
  status: 200 | 400 | 401 | 429 = 200,
) {
  const { db, user } = c.var
  const required = user.role !== 'viewer' && (await settingsOf(db, user.partnershipId)).requireTwoFactor
  const sessions = await listSessions(c, db, user, c.var.now())
  return c.html(
    <YourAccountPage user={user} view={{ step: 'overview', twoFactor: await hasSecondFactor(db, user.id), required, sessions, sessionHours, ...extra }} />,
    status,
  )
}

const doneSchema = z.enum(['off', 'session-ended', 'others-ended']).optional().catch(undefined)

/** Which of one's own sessions to end: one other (by the start of its hash, as the page names it), every other one, or every one. */
const endingSchema = z.string().refine((v) => v === 'others' || v === 'all' || new RegExp(`^[0-9a-f]{${sessionRefLength}}$`).test(v), {
  message: 'Choose which sessions to end with the buttons on Your account.',
})

/**
 * The account's password, checked again before its second factor changes: wrong ones are
 * counted and slowed down like sign-in's. Returns the page to send back when it is not right.
 */
async function passwordProblem(c: Context<StaffEnv>, password: string): Promise<Response | null> {
  const { db, user } = c.var
  const now = c.var.now()
  if (!password) return overview(c, { error: 'Type your password.' }, 400)
  const failures = await failureKey(c, user.email)
  const wait = await failureWait(db, failures.key, now)
  if (wait > 0) {
    c.header('Retry-After', String(wait))
    return overview(c, { error: `Too many wrong passwords: wait ${waitInWords(wait)}, then try again.` }, 429)
  }
  const stored = (await db.query.users.findFirst({ where: eq(users.id, user.id) }))!.passwordHash
  if (!(await verifyPassword(password.slice(0, 200), stored))) {
    await db.$client.execute(failureStatement(failures.key, now))
    return overview(c, { error: 'That is not your password.' }, 401)
  }
  await clearHits(db, failures.key)
  return null
}

export const yourAccountPages = new Hono<StaffEnv>()
  .get('/account', (c) => overview(c, { done: doneSchema.parse(c.req.query('done')) }))
  .post('/account/two-factor', smallForm, async (c) => {
    const refused = await passwordProblem(c, formText(await formBody(c), 'password'))
    if (refused) return refused
    const { secret, uri } = await startSetup(c.var.db, c.var.user)
    return c.html(<YourAccountPage user={c.var.user} view={{ step: 'scan', secret, uri }} />)
  })
  .post('/account/two-factor/confirm', smallForm, async (c) => {
    const code = formText(await formBody(c), 'code').replace(/\s+/g, '')
    const codes = code ? await confirmSetup(c.var.db, c.var.user, code, c.var.now()) : null
    if (!codes) {
      // the key is not shown again: the code is typed again, or the setup started afresh
      return c.html(<YourAccountPage user={c.var.user} view={{ step: 'scan', error: 'That code is not right. Type the code your app shows now.' }} />, 400)
    }
    return c.html(<YourAccountPage user={c.var.user} view={{ step: 'codes', codes }} />)
  })
  .post('/account/two-factor/off', smallForm, async (c) => {
    const refused = await passwordProblem(c, formText(await formBody(c), 'password'))
    if (refused) return refused
    // already off (a second tab, a form sent twice): nothing to turn off, nothing to record
    if (await hasSecondFactor(c.var.db, c.var.user.id)) await turnOff(c.var.db, c.var.user, c.var.now())
    return c.redirect('/dashboard/account?done=off', 303)
  })
  .post('/account/sessions/end', smallForm, async (c) => {
    const parsed = endingSchema.safeParse(formText(await formBody(c), 'end'))
    if (!parsed.success) return overview(c, { sessionError: parsed.error.issues[0]!.message }, 400)
    const { db, user } = c.var
    const which = parsed.data === 'others' || parsed.data === 'all' ? parsed.data : { session: parsed.data }
    const ended = await endOwnSessions(c, db, user, which, c.var.now())
    if (which === 'all') return c.redirect('/sign-in?done=signed-out-everywhere', 303)
    if (which === 'others') return c.redirect('/dashboard/account?done=others-ended', 303)
    if (ended === 0)
      throw new HTTPException(404, { message: 'There is no such session of yours: it may have ended already. Open Your account again to see the others.' })
    return c.redirect('/dashboard/account?done=session-ended', 303)
  })
