import { createPasswordReset, resetHours, roleWords } from '../../auth/accounts.ts'
import { recordAudit } from '../../audit/log.ts'
import { createInvitation, invitationDays } from '../../auth/invitations.ts'
import { generatePassword } from '../../auth/password.ts'
import { addUser, newUserInput } from '../../auth/users.ts'
import { findInstitution, findPartnership } from '../../org/organisations.ts'
import { need, parse, UsageError } from '../args.ts'
import { usageLines, withDb, type Command } from '../command.ts'

/** `signpost user add …`: a staff account; a generated password is printed once when none is given. */
export const userAdd: Command = {
  usage: usageLines(
    'user add --email E --name "Name" --role lead|coordinator|viewer --partnership <slug> [--institution <slug>] [--password P]',
    'add a staff account (a password is generated and printed if none is given)',
  ),
  async run(args, out) {
    const { values } = parse(args, {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      partnership: { type: 'string' },
      institution: { type: 'string' },
      password: { type: 'string' },
    })
    const password = values.password ?? generatePassword()
    const user = await withDb(async (db) => {
      const user = await addUser(db, {
        email: need(values.email, 'email'),
        name: need(values.name, 'name'),
        role: need(values.role, 'role') as 'lead',
        partnership: need(values.partnership, 'partnership'),
        institution: values.institution,
        password,
      })
      // recorded as the sign-up from an invitation is: who the account is for, and its role
      await recordAudit(db, {
        action: 'account.created',
        actor: 'command line',
        partnershipId: user.partnershipId,
        institutionId: user.institutionId,
        subject: `${user.name} <${user.email}>`,
        detail: `${user.role}, with signpost user add`,
        at: new Date(),
      })
      return user
    })
    out.log(`Added ${user.role} ${user.email}`)
    if (!values.password) out.log(`Password (shown once): ${password}`)
    return 0
  },
}

/** `signpost user invite …`: a one-time link with which someone creates their own account. */
export const userInvite: Command = {
  usage: usageLines(
    'user invite --role lead|coordinator|viewer --partnership <slug> [--institution <slug>] [--email E] [--base-url URL]',
    'print a one-time link (valid 7 days) with which someone creates their account',
    '(with --email, for that address only; signing in by single sign-on with it accepts it too)',
  ),
  async run(args, out) {
    const { values } = parse(args, {
      role: { type: 'string' },
      partnership: { type: 'string' },
      institution: { type: 'string' },
      email: { type: 'string' },
      'base-url': { type: 'string' },
    })
    const email = values.email === undefined ? null : newUserInput.shape.email.parse(values.email)
    const role = newUserInput.shape.role.parse(need(values.role, 'role'))
    const link = await withDb(async (db) => {
      const partnership = await findPartnership(db, need(values.partnership, 'partnership'))
      if (!partnership) throw new UsageError(`no partnership "${values.partnership}"`)
      const institution = values.institution ? await findInstitution(db, values.institution) : undefined
      if (values.institution && institution?.partnershipId !== partnership.id)
        throw new UsageError(`no institution "${values.institution}" in ${partnership.slug}`)
      if (role !== 'lead' && !institution) throw new UsageError('a coordinator or viewer is invited to an institution: give --institution')
      const now = new Date()
      const token = await createInvitation(db, { role, partnershipId: partnership.id, institutionId: role === 'lead' ? null : institution!.id, email }, now)
      // the link itself is never recorded: it is a password until it is used
      await recordAudit(db, {
        action: 'account.invited',
        actor: 'command line',
        partnershipId: partnership.id,
        institutionId: role === 'lead' ? null : institution!.id,
        // named as the dashboard's invitations are: the role, and where
        subject: role === 'lead' ? roleWords.lead : `${roleWords[role]} at ${institution!.name}`,
        detail: `a one-time link, valid ${invitationDays} days${email ? `, for ${email}` : ''}, with signpost user invite`,
        at: now,
      })
      return `${(values['base-url'] ?? 'http://127.0.0.1:8787').replace(/\/$/, '')}/invite/${token}`
    })
    out.log(`One-time link for a new ${role} (valid ${invitationDays} days):`)
    out.log(link)
    return 0
  },
}

/** `signpost user reset-link --email E`: a one-time link with which the account's owner chooses a new password. */
export const userResetLink: Command = {
  usage: usageLines(
    'user reset-link --email E [--base-url URL]',
    `print a one-time link (valid ${resetHours} hours) with which the account chooses a new password`,
  ),
  async run(args, out) {
    const { values } = parse(args, { email: { type: 'string' }, 'base-url': { type: 'string' } })
    const email = need(values.email, 'email').trim().toLowerCase()
    const link = await withDb(async (db) => {
      const user = await db.query.users.findFirst({ where: (u, { eq }) => eq(u.email, email) })
      if (!user) throw new UsageError(`no account for ${email}`)
      if (user.deactivatedAt) throw new UsageError(`the account of ${email} is deactivated: reactivate it first`)
      const token = await createPasswordReset(db, user, user.partnershipId, 'command line', new Date())
      return `${(values['base-url'] ?? 'http://127.0.0.1:8787').replace(/\/$/, '')}/reset/${token}`
    })
    out.log(`One-time password-reset link for ${email} (valid ${resetHours} hours; any earlier one no longer works):`)
    out.log(link)
    return 0
  },
}
