import { eq } from 'drizzle-orm'
import { HTTPException } from 'hono/http-exception'
import { z } from 'zod'
import type { Db } from '../db/database.ts'
import { userRoles, users } from '../db/schema.ts'
import { findInstitution, findPartnership } from '../org/organisations.ts'
import { hashPassword } from './password.ts'
import { passwordProblem } from './password-strength.ts'

export type User = typeof users.$inferSelect
export type Role = User['role']

/** The rules for an account's name, email and password, wherever an account is made (CLI, invitation, setup). */
export const accountFields = {
  name: z.string().trim().min(2, 'give your name (at least 2 characters)').max(120, 'a name is at most 120 characters'),
  email: z.email('give a valid email address').transform((e) => e.toLowerCase()),
  password: z.string().superRefine((password, ctx) => {
    const problem = passwordProblem(password)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  }),
}

/** A password made of the account's own name or email (or the partnership's name) is refused too. */
export function notOwnName(account: { password: string; name: string; email: string; partnershipName?: string }, ctx: z.RefinementCtx) {
  if (passwordProblem(account.password) !== null) return // already said
  const problem = passwordProblem(account.password, [account.name, account.email, account.partnershipName ?? ''])
  if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem })
}

export const newUserInput = z
  .object({
    email: accountFields.email,
    name: accountFields.name,
    role: z.enum(userRoles, { error: 'role is one of lead, coordinator, viewer' }),
    partnership: z.string().min(1),
    institution: z.string().optional(),
    password: accountFields.password,
  })
  .refine((u) => u.role === 'lead' || !!u.institution, {
    message: 'a coordinator or viewer belongs to an institution: give --institution',
    path: ['institution'],
  })
  .superRefine(notOwnName)

export async function addUser(db: Db, input: z.input<typeof newUserInput>): Promise<User> {
  const values = newUserInput.parse(input)
  const partnership = await findPartnership(db, values.partnership)
  if (!partnership) throw new HTTPException(404, { message: `no partnership "${values.partnership}"` })
  const institution = values.institution ? await findInstitution(db, values.institution) : undefined
  if (values.institution && (!institution || institution.partnershipId !== partnership.id)) {
    throw new HTTPException(404, { message: `no institution "${values.institution}" in ${values.partnership}` })
  }
  if (await db.query.users.findFirst({ where: eq(users.email, values.email) })) {
    throw new HTTPException(409, { message: `an account for ${values.email} already exists` })
  }
  const [row] = await db
    .insert(users)
    .values({
      email: values.email,
      name: values.name,
      role: values.role,
      partnershipId: partnership.id,
      institutionId: values.role === 'lead' ? null : institution!.id,
      passwordHash: await hashPassword(values.password),
    })
    .returning()
  return row!
}
