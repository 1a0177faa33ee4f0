import { Hono, type Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { HTTPException } from 'hono/http-exception'
import { z } from 'zod'
import { actorOf, recordAudit } from '../audit/record.ts'
import type { AppEnv } from '../env.ts'
import { safeNext } from './resume.ts'
import { clientAddress } from './sign-in-limits.ts'
import { ssoAddressLimit, tooManyStarts } from './sso-limits.ts'
import { startSession } from './sessions.ts'
import { beginSignIn, findProvider, finishSignIn, listProviders, loginMinutes, markSignOnSession, signOnAudit, stateCookie } from './sso.ts'
import { SignInPage } from './views/sign-in-page.tsx'

/**
 * Single sign-on with OpenID Connect (src/auth/sso.ts), public like the sign-in page:
 *
 *   GET /sign-in/sso/:providerId            to the provider, with a new state, nonce and PKCE challenge (?next= where to go after)
 *   GET /sign-in/sso/:providerId/callback   back from the provider: checked, then signed in, or refused with a page saying why
 */

const providerParam = async (c: Context<AppEnv>) => {
  const id = z.coerce.number().int().positive().safeParse(c.req.param('providerId'))
  const provider = id.success ? await findProvider(c.var.db, id.data) : undefined
  if (!provider) throw new HTTPException(404, { message: 'There is no such way to sign in.' })
  return provider
}

/** The longest `next` a start keeps: longer than any page's address. */
const maxNextLength = 1000

const secure = (c: Context) => new URL(c.req.url).protocol === 'https:'
const cookiePath = (providerId: number) => `/sign-in/sso/${providerId}/callback`

export const ssoRoutes = new Hono<AppEnv>()
  .get('/sign-in/sso/:providerId', async (c) => {
    const provider = await providerParam(c)
    const origin = new URL(c.req.url).origin
    const next = c.req.query('next') ?? ''
    // kept (sealed) with the login for 10 minutes: a page's own address, never a long text
    if (next.length > maxNextLength) throw new HTTPException(400, { message: 'The page to go back to after signing in is too long an address.' })
    const signInPage = async (error: string, status: 429 | 502) =>
      c.html(<SignInPage providers={await listProviders(c.var.db)} next={next} error={error} />, status)
    let started: Awaited<ReturnType<typeof beginSignIn>>
    try {
      started = await beginSignIn(c.var.db, provider, origin, next, c.var.now(), await ssoAddressLimit(clientAddress(c)))
    } catch {
      return signInPage(`Signpost could not reach ${provider.name} just now. Try again in a minute, or sign in with your password.`, 502)
    }
    if ('wait' in started) {
      c.header('Retry-After', String(started.wait))
      return signInPage(tooManyStarts(started.why, started.wait), 429)
    }
    // the browser keeps the state, so the callback is this browser's own; only sent back to the callback
    setCookie(c, stateCookie, started.state, {
      httpOnly: true,
      sameSite: 'Lax',
      secure: secure(c),
      path: cookiePath(provider.id),
      maxAge: loginMinutes * 60,
    })
    return c.redirect(started.url, 302)
  })
  .get('/sign-in/sso/:providerId/callback', async (c) => {
    const provider = await providerParam(c)
    const now = c.var.now()
    const result = await finishSignIn(c.var.db, provider, new URL(c.req.url), getCookie(c, stateCookie), now)
    deleteCookie(c, stateCookie, { path: cookiePath(provider.id), secure: secure(c) })
    const audit = signOnAudit(provider, result, now)
    if (!result.ok) {
      if (audit) await c.var.db.$client.execute(audit)
      return c.html(<SignInPage providers={await listProviders(c.var.db)} error={result.message} />, result.status)
    }
    const { user } = result
    if (result.created)
      await recordAudit(c.var.db, {
        action: 'account.created',
        actor: actorOf(user),
        partnershipId: user.partnershipId,
        institutionId: user.institutionId,
        subject: `${user.name} <${user.email}>`,
        detail: `${user.role}, from an invitation, by single sign-on with ${provider.name}`,
        at: now,
      })
    // the provider's own sign-in (and the multi-factor step the school's IT requires there) stands in for Signpost's code
    await startSession(c, c.var.db, user, now)
    await markSignOnSession(c, c.var.db, provider.id)
    await c.var.db.$client.execute(audit!)
    return c.redirect(safeNext(result.next), 303)
  })
