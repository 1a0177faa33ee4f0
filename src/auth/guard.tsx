import { and, eq } from 'drizzle-orm'
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { HTTPException } from 'hono/http-exception'
import type { Db } from '../db/database.ts'
import { institutions } from '../db/schema.ts'
import type { AppEnv } from '../env.ts'
import { idParam } from '../http/params.ts'
import { formBody } from '../http/request-body.ts'
import { maxResumeBytes, resumeSchema, type Resume } from './resume.ts'
import { currentUser } from './sessions.ts'
import { secondFactorDue } from './two-factor.ts'
import { isSignOnSession } from './sso.ts'
import { SignInPage } from './views/sign-in-page.tsx'
import type { User } from './users.ts'

export type StaffEnv = AppEnv & { Variables: AppEnv['Variables'] & { user: User } }

export type Institution = typeof institutions.$inferSelect

/** A staff route about the institution in its address (`:id`), which the user may see. */
export type InstitutionEnv = StaffEnv & { Variables: StaffEnv['Variables'] & { institution: Institution } }

/** The text fields of a small web form (never a file upload), to send again after signing in. */
async function resumeOf(c: Context, action: string): Promise<Resume | null> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  const length = Number(c.req.header('content-length') ?? 'NaN')
  if (type !== 'application/x-www-form-urlencoded' || !(length <= maxResumeBytes)) return null
  try {
    const body = await formBody(c)
    const fields = Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'))
    const parsed = resumeSchema.safeParse({ action, fields })
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/**
 * `Cache-Control: no-store` on every response of the staff side and the API, errors and
 * redirects included: a report, a list of codes or a sign-in page must not be kept by the
 * browser of a shared school computer or by a proxy on the way.
 */
export const noStore = createMiddleware(async (c, next) => {
  await next()
  if (staffOrApiPath(c.req.path)) c.res.headers.set('Cache-Control', 'no-store')
})

/** The paths `noStore` covers: the staff dashboard, every API, signing in (and its code step) and out, invitations, password resets. */
export const staffOrApiPath = (path: string) => /^\/(dashboard|api|invite|reset)(\/|$)|^\/sign-(in|out)(\/|$)/.test(path)

/**
 * Only signed-in staff pass. The API answers 401; a page sends the browser to sign in and
 * back. Every dashboard page and staff API route sits behind this guard.
 */
export const requireStaff = createMiddleware<StaffEnv>(async (c, next) => {
  const user = await currentUser(c, c.var.db, c.var.now())
  if (!user) {
    if (c.req.path.startsWith('/api/')) throw new HTTPException(401, { message: 'Sign in first.' })
    const here = c.req.path + new URL(c.req.url).search
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return c.redirect(`/sign-in?next=${encodeURIComponent(here)}`, 303)
    // a form sent after the session ended: sign in on the spot, carrying what was typed (see resume.ts)
    const resume = await resumeOf(c, here)
    return c.html(
      <SignInPage
        next={here}
        resume={resume ? JSON.stringify(resume) : undefined}
        notice={
          resume
            ? 'Your session had ended, so nothing was saved yet. Sign in and you can send what you typed.'
            : 'Your session had ended, so nothing was saved. Sign in and send the form again.'
        }
      />,
      401,
    )
  }
  c.set('user', user)
  // a partnership that requires a second factor: an account without one sets it up before anything else
  // (not for a session begun by single sign-on: the school's provider, with the MFA its IT requires, stands in; src/auth/sso.ts)
  if (!/^\/dashboard\/account(\/|$)/.test(c.req.path) && (await secondFactorDue(c.var.db, user)) && !(await isSignOnSession(c, c.var.db))) {
    if ((c.req.method === 'GET' || c.req.method === 'HEAD') && !c.req.path.startsWith('/api/')) return c.redirect('/dashboard/account', 303)
    throw new HTTPException(403, { message: 'Your partnership asks you to set up two-factor sign-in first: open “Your account”.' })
  }
  await next()
})

/**
 * The institution if this user may see it. A partnership lead sees every institution of the
 * partnership; a coordinator or viewer only their own. Anything else is "not found", so that
 * nobody learns another institution exists.
 */
export async function visibleInstitution(db: Db, user: User, institutionId: number) {
  const institution = await db.query.institutions.findFirst({
    where: and(eq(institutions.id, institutionId), eq(institutions.partnershipId, user.partnershipId)),
  })
  if (!institution || (user.role !== 'lead' && user.institutionId !== institution.id)) {
    throw new HTTPException(404, { message: 'There is no such institution.' })
  }
  return institution
}

/** Viewers only read. */
export function requireEditor(user: User): void {
  if (user.role === 'viewer') throw new HTTPException(403, { message: 'Your account can read results but not change them.' })
}

/** Only the partnership lead sets criteria, enters the elements and imports framework figures. */
export function requireLead(user: User, what: string): void {
  if (user.role !== 'lead') throw new HTTPException(403, { message: `Only the partnership lead can ${what}.` })
}

/**
 * The institution of the address (`:id`) as `c.var.institution`, if the user may see it (else 404);
 * with `{ change: true }` also only if they may change it (else 403, after the 404: nobody
 * learns from a 403 that another institution exists).
 */
export const institutionInPath = ({ change = false }: { change?: boolean } = {}) =>
  createMiddleware<InstitutionEnv>(async (c, next) => {
    const { id } = idParam.parse(c.req.param())
    c.set('institution', await visibleInstitution(c.var.db, c.var.user, id))
    if (change) requireEditor(c.var.user)
    await next()
  })

/** The institution's pages and forms: `seeInstitution` to read, `changeInstitution` to change (viewers 403). */
export const seeInstitution = institutionInPath()
export const changeInstitution = institutionInPath({ change: true })
