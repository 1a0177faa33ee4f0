import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { z, ZodError } from 'zod'
import { actorOf, recordAudit } from '../audit/record.ts'
import { formBody, formText, smallForm } from '../http/request-body.ts'
import type { StaffEnv } from './guard.tsx'
import { addProvider, callbackUrl, listProviders, removeProvider } from './sso.ts'
import { SignInProvidersPage } from './views/sign-in-providers-page.tsx'

/**
 * The partnership's single sign-on providers (src/auth/sso.ts), the lead's alone, behind the dashboard's guard:
 *
 *   GET  /accounts/sign-in-providers                       the providers, with the redirect URI each needs, and the form to add one
 *   POST /accounts/sign-in-providers                       add one (its client secret stored sealed)
 *   POST /accounts/sign-in-providers/:providerId/remove    remove one, with its box ticked (confirm=yes): its button goes from the sign-in page at once
 *
 * Mounted before the accounts pages, whose `/accounts/:userId` would otherwise take the first address.
 */

const leadOnly = (c: Context<StaffEnv>) => {
  if (c.var.user.role !== 'lead') throw new HTTPException(403, { message: 'Only the partnership lead can set up sign-in providers.' })
}

const noSuchProvider = 'There is no such sign-in provider.'

const fields = ['name', 'kind', 'issuer', 'clientId', 'clientSecret', 'allowed'] as const
const doneSchema = z.enum(['added', 'removed']).optional().catch(undefined)

async function providersPage(
  c: Context<StaffEnv>,
  extra: { values?: Record<string, string>; errors?: Record<string, string>; removeError?: { id: number; message: string } } = {},
  status: 200 | 400 = 200,
) {
  const origin = new URL(c.req.url).origin
  return c.html(
    <SignInProvidersPage
      user={c.var.user}
      providers={await listProviders(c.var.db, c.var.user.partnershipId)}
      callbackOf={(id) => callbackUrl(origin, id)}
      done={doneSchema.parse(c.req.query('done'))}
      {...extra}
    />,
    status,
  )
}

export const signInProviderPages = new Hono<StaffEnv>()
  .get('/accounts/sign-in-providers', async (c) => {
    leadOnly(c)
    return providersPage(c)
  })
  .post('/accounts/sign-in-providers', smallForm, async (c) => {
    leadOnly(c)
    const { db, user } = c.var
    const body = await formBody(c)
    const values = Object.fromEntries(fields.map((k) => [k, formText(body, k)]))
    try {
      const provider = await addProvider(db, user.partnershipId, values)
      await recordAudit(db, {
        action: 'settings.changed',
        actor: actorOf(user),
        partnershipId: user.partnershipId,
        subject: 'single sign-on',
        detail: `added ${provider.name} (${provider.kind}, ${provider.issuer})`,
        at: c.var.now(),
      })
    } catch (error) {
      if (!(error instanceof ZodError)) throw error
      const errors: Record<string, string> = {}
      for (const issue of error.issues) errors[String(issue.path[0] ?? '')] ??= issue.message
      return providersPage(c, { values, errors }, 400)
    }
    return c.redirect('/dashboard/accounts/sign-in-providers?done=added', 303)
  })
  .post('/accounts/sign-in-providers/:providerId/remove', smallForm, async (c) => {
    leadOnly(c)
    const { db, user } = c.var
    const id = z.coerce.number().int().positive().safeParse(c.req.param('providerId'))
    const provider = id.success ? (await listProviders(db, user.partnershipId)).find((p) => p.id === id.data) : undefined
    if (!provider) throw new HTTPException(404, { message: noSuchProvider })
    // a removal is confirmed by ticking its box (the browser asks for it too, but the server decides)
    if (formText(await formBody(c), 'confirm') !== 'yes')
      return providersPage(c, { removeError: { id: provider.id, message: `Tick “Yes, remove ${provider.name}” to remove it.` } }, 400)
    const removed = await removeProvider(db, user.partnershipId, provider.id)
    if (!removed) throw new HTTPException(404, { message: noSuchProvider })
    await recordAudit(db, {
      action: 'settings.changed',
      actor: actorOf(user),
      partnershipId: user.partnershipId,
      subject: 'single sign-on',
      detail: `removed ${removed.name}`,
      at: c.var.now(),
    })
    return c.redirect('/dashboard/accounts/sign-in-providers?done=removed', 303)
  })
