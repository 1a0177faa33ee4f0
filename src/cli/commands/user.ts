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
    const user = await withDb((db) =>
      addUser(db, {
        email: need(values.email, 'email'),
        name: need(values.name, 'name'),
        role: need(values.role, 'role') as 'lead',
        partnership: need(values.partnership, 'partnership'),
        institution: values.institution,
        password,
      }),
    )
    out.log(`Added ${user.role} ${user.email}`)
    if (!values.password) out.log(`Password (shown once): ${password}`)
    return 0
  },
}

/** `signpost user invite …`: a one-time link with which someone creates their own account. */
export const userInvite: Command = {
  usage: usageLines(
    'user invite --role lead|coordinator|viewer --partnership <slug> [--institution <slug>] [--base-url URL]',
    'print a one-time link (valid 7 days) with which someone creates their account',
  ),
  async run(args, out) {
    const { values } = parse(args, {
      role: { type: 'string' },
      partnership: { type: 'string' },
      institution: { type: 'string' },
      'base-url': { type: 'string' },
    })
    const role = newUserInput.shape.role.parse(need(values.role, 'role'))
    const link = await withDb(async (db) => {
      const partnership = await findPartnership(db, need(values.partnership, 'partnership'))
      if (!partnership) throw new UsageError(`no partnership "${values.partnership}"`)
      const institution = values.institution ? await findInstitution(db, values.institution) : undefined
      if (values.institution && institution?.partnershipId !== partnership.id)
        throw new UsageError(`no institution "${values.institution}" in ${partnership.slug}`)
      if (role !== 'lead' && !institution) throw new UsageError('a coordinator or viewer is invited to an institution: give --institution')
      const token = await createInvitation(db, { role, partnershipId: partnership.id, institutionId: role === 'lead' ? null : institution!.id }, new Date())
      return `${(values['base-url'] ?? 'http://127.0.0.1:8787').replace(/\/$/, '')}/invite/${token}`
    })
    out.log(`One-time link for a new ${role} (valid ${invitationDays} days):`)
    out.log(link)
    return 0
  },
}
