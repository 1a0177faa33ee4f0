import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { z, ZodError } from 'zod'
import { actorOf } from '../audit/record.ts'
import { formBody, formText, smallForm } from '../http/request-body.ts'
import { setPartnershipSettings } from '../org/organisations.ts'
import { settingsOf } from '../org/settings.ts'
import {
  accountOf,
  changeRole,
  createPasswordReset,
  deactivateAccount,
  deactivateSchema,
  institutionsOf,
  inviteAccount,
  listAccounts,
  reactivateAccount,
  requireAccountManager,
  resetHours,
  roleChoice,
} from './accounts.ts'
import type { StaffEnv } from './guard.tsx'
import { invitationDays } from './invitations.ts'
import { turnOff } from './two-factor.ts'
import { AccountPage, type AccountDone } from './views/account-page.tsx'
import { AccountsPage } from './views/accounts-page.tsx'
import { LinkPage } from './views/link-page.tsx'

/**
 * Staff accounts in the dashboard (issue 20, point 1), behind its sign-in guard:
 *
 *   GET  /accounts                          the accounts (lead: the partnership's; coordinator: their institution's viewers)
 *   POST /accounts/invite                   a one-time invitation link, shown once (lead: any role; coordinator: viewers of their institution)
 *   POST /accounts/rules                    the partnership's account rules: two-factor sign-in required, days before an unused account is deactivated (lead)
 *   GET  /accounts/:userId                  one account, to manage (lead)
 *   POST /accounts/:userId/role             change its role and institution (lead)
 *   POST /accounts/:userId/deactivate       deactivate it, ending its sessions at once (lead)
 *   POST /accounts/:userId/reactivate       reactivate it (lead)
 *   POST /accounts/:userId/reset-link       a one-time password-reset link, shown once (lead)
 *   POST /accounts/:userId/two-factor-off   turn off its second factor, for someone who lost their phone and codes (lead)
 */

const userParam = (c: Context) => {
  const parsed = z.coerce.number().int().positive().safeParse(c.req.param('userId'))
  if (!parsed.success) throw new HTTPException(404, { message: 'There is no such account.' })
  return parsed.data
}

const leadOnly = (c: Context<StaffEnv>, what: string) => {
  if (c.var.user.role !== 'lead') throw new HTTPException(403, { message: `Only the partnership lead can ${what}.` })
}

/** Where a one-time link for this server starts: the address the page was asked for. */
const linkTo = (c: Context, path: string) => `${new URL(c.req.url).origin}${path}`

const fieldErrors = (error: ZodError) => {
  const errors: Record<string, string> = {}
  for (const issue of error.issues) errors[String(issue.path[0] ?? '')] ??= issue.message
  return errors
}

/** The invitation's email, if the inviter gives one (optional: blank is none). */
const inviteEmail = z
  .string()
  .trim()
  .refine((v) => v === '' || z.email().safeParse(v).success, 'give a valid email address, or leave it blank')
  .transform((v) => (v ? v.toLowerCase() : null))

const doneSchema = z.enum(['role', 'deactivated', 'reactivated', 'two-factor-off']).optional().catch(undefined)

/** The account rules the lead sets on the Accounts page (stored with the partnership's other settings). */
const rulesSchema = z.object({
  requireTwoFactor: z.literal(['yes', '']).transform((v) => v === 'yes'),
  deactivateUnusedAfterDays: z.coerce
    .number({ error: 'give a number of days' })
    .int('give a whole number of days')
    .min(30, 'at least 30 days')
    .max(3650, 'at most 3650 days (ten years)'),
})

async function accountsPage(
  c: Context<StaffEnv>,
  extra: { values?: Record<string, string>; errors?: Record<string, string>; saved?: boolean } = {},
  status: 200 | 400 = 200,
) {
  const { db, user } = c.var
  const accounts = await listAccounts(db, user)
  const settings = await settingsOf(db, user.partnershipId)
  const rules = { requireTwoFactor: settings.requireTwoFactor, deactivateUnusedAfterDays: settings.deactivateUnusedAfterDays }
  const institutions =
    user.role === 'lead'
      ? await institutionsOf(db, user.partnershipId)
      : (await institutionsOf(db, user.partnershipId)).filter((i) => i.id === user.institutionId)
  return c.html(<AccountsPage user={user} accounts={accounts} institutions={institutions} rules={rules} {...extra} />, status)
}

export const accountPages = new Hono<StaffEnv>()
  .get('/accounts', async (c) => accountsPage(c, { saved: c.req.query('done') === 'rules' }))
  .post('/accounts/rules', smallForm, async (c) => {
    leadOnly(c, 'set the rules for accounts')
    const { db, user } = c.var
    const body = await formBody(c)
    const values = { requireTwoFactor: formText(body, 'requireTwoFactor'), deactivateUnusedAfterDays: formText(body, 'deactivateUnusedAfterDays') }
    const parsed = rulesSchema.safeParse(values)
    if (!parsed.success) return accountsPage(c, { values, errors: fieldErrors(parsed.error) }, 400)
    const slug = String((await db.$client.execute({ sql: 'SELECT slug FROM partnerships WHERE id = ?', args: [user.partnershipId] })).rows[0]!.slug)
    await setPartnershipSettings(db, slug, { ...(await settingsOf(db, user.partnershipId)), ...parsed.data }, { actor: actorOf(user), at: c.var.now() })
    return c.redirect('/dashboard/accounts?done=rules', 303)
  })
  .post('/accounts/invite', smallForm, async (c) => {
    const { db, user } = c.var
    requireAccountManager(user)
    const body = await formBody(c)
    const values = { role: formText(body, 'role'), institution: formText(body, 'institution'), email: formText(body, 'email') }
    const parsed = roleChoice.safeParse(values)
    const email = inviteEmail.safeParse(values.email)
    if (!parsed.success || !email.success) {
      const errors = { ...(parsed.success ? {} : fieldErrors(parsed.error)), ...(email.success ? {} : { email: email.error.issues[0]!.message }) }
      return accountsPage(c, { values, errors }, 400)
    }
    const token = await inviteAccount(db, user, parsed.data, c.var.now(), email.data)
    return c.html(
      <LinkPage
        user={user}
        title="Invitation link"
        link={linkTo(c, `/invite/${token}`)}
        lines={[
          `Send this link to the person you are inviting. It works once, for ${invitationDays} days, and creates their account with the role you chose.`,
          'Signpost sends no email: copy the link into your own message. It is shown only now.',
        ]}
      />,
    )
  })
  .get('/accounts/:userId', async (c) => {
    leadOnly(c, 'manage accounts')
    const { db, user } = c.var
    const account = await accountOf(db, user, userParam(c))
    return c.html(
      <AccountPage
        user={user}
        account={account}
        institutions={await institutionsOf(db, user.partnershipId)}
        done={doneSchema.parse(c.req.query('done')) as AccountDone}
      />,
    )
  })
  .post('/accounts/:userId/role', smallForm, async (c) => {
    leadOnly(c, 'change a role')
    const { db, user } = c.var
    const userId = userParam(c)
    const body = await formBody(c)
    const values = { role: formText(body, 'role'), institution: formText(body, 'institution') }
    const parsed = roleChoice.safeParse(values)
    if (!parsed.success) {
      const account = await accountOf(db, user, userId)
      return c.html(
        <AccountPage
          user={user}
          account={account}
          institutions={await institutionsOf(db, user.partnershipId)}
          values={values}
          errors={fieldErrors(parsed.error)}
        />,
        400,
      )
    }
    await changeRole(db, user, userId, parsed.data, c.var.now())
    return c.redirect(`/dashboard/accounts/${userId}?done=role`, 303)
  })
  .post('/accounts/:userId/deactivate', smallForm, async (c) => {
    leadOnly(c, 'deactivate an account')
    const userId = userParam(c)
    const { reason } = deactivateSchema.parse({ reason: formText(await formBody(c), 'reason') || undefined })
    await deactivateAccount(c.var.db, c.var.user, userId, reason, c.var.now())
    return c.redirect(`/dashboard/accounts/${userId}?done=deactivated`, 303)
  })
  .post('/accounts/:userId/reactivate', async (c) => {
    leadOnly(c, 'reactivate an account')
    const userId = userParam(c)
    await reactivateAccount(c.var.db, c.var.user, userId, c.var.now())
    return c.redirect(`/dashboard/accounts/${userId}?done=reactivated`, 303)
  })
  .post('/accounts/:userId/reset-link', async (c) => {
    leadOnly(c, 'reset a password')
    const { db, user } = c.var
    const account = await accountOf(db, user, userParam(c))
    if (account.deactivatedAt) throw new HTTPException(409, { message: 'This account is deactivated: reactivate it first.' })
    const token = await createPasswordReset(db, account, user.partnershipId, actorOf(user), c.var.now())
    return c.html(
      <LinkPage
        user={user}
        title={`Password-reset link for ${account.name}`}
        link={linkTo(c, `/reset/${token}`)}
        lines={[
          `Give this link to ${account.name} yourself, by a way you trust. It works once, for ${resetHours} hours, and lets them choose a new password; any earlier link for them no longer works.`,
          'Their two-factor sign-in, if they use it, stays on. Signpost sends no email, and the link is shown only now.',
        ]}
      />,
    )
  })
  .post('/accounts/:userId/two-factor-off', async (c) => {
    leadOnly(c, 'turn off someone’s two-factor sign-in')
    const { db, user } = c.var
    const userId = userParam(c)
    const account = await accountOf(db, user, userId)
    if (account.id === user.id) throw new HTTPException(409, { message: 'Turn your own two-factor sign-in off from Your account.' })
    const target = (await db.query.users.findFirst({ where: (u, { eq }) => eq(u.id, userId) }))!
    if (account.twoFactor) await turnOff(db, target, c.var.now(), user)
    return c.redirect(`/dashboard/accounts/${userId}?done=two-factor-off`, 303)
  })
