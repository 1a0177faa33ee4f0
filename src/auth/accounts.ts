import type { InStatement } from '@libsql/client/web'
import { HTTPException } from 'hono/http-exception'
import { z } from 'zod'
import { actorOf } from '../audit/record.ts'
import { auditStatement, type AuditActor } from '../audit/log.ts'
import { randomUrlToken, sha256Hex } from '../crypto.ts'
import type { Db } from '../db/database.ts'
import { userRoles } from '../db/schema.ts'
import { settingsOf } from '../org/settings.ts'
import { createInvitation } from './invitations.ts'
import { hashPassword } from './password.ts'
import { accountFields, notOwnName, type Role, type User } from './users.ts'

/**
 * Staff accounts as the dashboard manages them (issue 20, point 1): who may see and invite whom,
 * role changes, deactivation (every session of the account ends in the same write) and
 * reactivation, accounts deactivated for going unused, and one-time password-reset links. Every
 * change is written in one atomic batch with its audit entry.
 */

export const roleWords: Record<Role, string> = { lead: 'partnership lead', coordinator: 'coordinator', viewer: 'viewer' }

/** One row of the Accounts page. */
export type AccountRow = {
  id: number
  name: string
  email: string
  role: Role
  institutionId: number | null
  institution: string | null
  lastSignInAt: string | null
  twoFactor: boolean
  deactivatedAt: string | null
  deactivatedReason: string | null
}

/** Who may open the Accounts page: the lead (every account) and coordinators (their institution's viewers). */
export function requireAccountManager(user: User): void {
  if (user.role === 'viewer') throw new HTTPException(403, { message: 'Your account cannot manage other accounts.' })
}

/** The accounts `user` may see: the lead every account of the partnership, a coordinator their institution's viewers. */
export async function listAccounts(db: Db, user: User): Promise<AccountRow[]> {
  requireAccountManager(user)
  const own = user.role === 'lead' ? '' : "AND u.institution_id = ? AND u.role = 'viewer'"
  const rs = await db.$client.execute({
    sql: `SELECT u.id, u.name, u.email, u.role, u.institution_id, i.name AS institution, u.last_sign_in_at, u.deactivated_at, u.deactivated_reason,
                 EXISTS (SELECT 1 FROM second_factors f WHERE f.user_id = u.id AND f.confirmed_at IS NOT NULL) AS two_factor
            FROM users u LEFT JOIN institutions i ON i.id = u.institution_id
           WHERE u.partnership_id = ? ${own}
           ORDER BY u.deactivated_at IS NOT NULL, CASE u.role WHEN 'lead' THEN 0 WHEN 'coordinator' THEN 1 ELSE 2 END, i.name, u.name`,
    args: user.role === 'lead' ? [user.partnershipId] : [user.partnershipId, user.institutionId],
  })
  return rs.rows.map((r) => ({
    id: Number(r.id),
    name: String(r.name),
    email: String(r.email),
    role: String(r.role) as Role,
    institutionId: r.institution_id === null ? null : Number(r.institution_id),
    institution: r.institution === null ? null : String(r.institution),
    lastSignInAt: r.last_sign_in_at === null ? null : String(r.last_sign_in_at),
    twoFactor: Number(r.two_factor) === 1,
    deactivatedAt: r.deactivated_at === null ? null : String(r.deactivated_at),
    deactivatedReason: r.deactivated_reason === null ? null : String(r.deactivated_reason),
  }))
}

/** One account of the lead's partnership (else 404: nobody learns of another partnership's accounts). */
export async function accountOf(db: Db, lead: User, userId: number): Promise<AccountRow> {
  const found = (await listAccounts(db, lead)).find((a) => a.id === userId)
  if (!found) throw new HTTPException(404, { message: 'There is no such account.' })
  return found
}

export async function institutionsOf(db: Db, partnershipId: number): Promise<{ id: number; name: string }[]> {
  const rs = await db.$client.execute({ sql: 'SELECT id, name FROM institutions WHERE partnership_id = ? ORDER BY name', args: [partnershipId] })
  return rs.rows.map((r) => ({ id: Number(r.id), name: String(r.name) }))
}

const blankIsNone = (v: unknown) => (v === '' ? undefined : v)

/** A role and, for a coordinator or viewer, the institution: the invitation form's and the role form's fields. */
export const roleChoice = z
  .object({
    role: z.enum(userRoles, { error: 'choose a role' }),
    institution: z.preprocess(blankIsNone, z.coerce.number({ error: 'choose an institution' }).int().positive().optional()),
  })
  .refine((v) => v.role === 'lead' || v.institution !== undefined, {
    path: ['institution'],
    message: 'a coordinator or viewer belongs to an institution: choose one',
  })

export type RoleChoice = z.infer<typeof roleChoice>

/**
 * Checks that `user` may give this role at this institution, and returns the institution's name
 * (null for a lead). The lead: any role, any institution of the partnership; a coordinator: viewers
 * of their own institution only.
 */
async function allowedChoice(db: Db, user: User, choice: RoleChoice): Promise<string | null> {
  requireAccountManager(user)
  if (user.role === 'coordinator' && (choice.role !== 'viewer' || choice.institution !== user.institutionId)) {
    throw new HTTPException(403, { message: 'A coordinator invites viewers for their own institution only.' })
  }
  if (choice.role === 'lead') return null
  const institution = (await institutionsOf(db, user.partnershipId)).find((i) => i.id === choice.institution)
  if (!institution) throw new HTTPException(400, { message: 'There is no such institution in the partnership.' })
  return institution.name
}

const described = (role: Role, institution: string | null) => (institution ? `${roleWords[role]} at ${institution}` : roleWords[role])

/** A one-time invitation link's token, recorded in the audit log (who invited, for what). */
export async function inviteAccount(db: Db, user: User, choice: RoleChoice, now: Date, email: string | null = null): Promise<string> {
  const institution = await allowedChoice(db, user, choice)
  const institutionId = choice.role === 'lead' ? null : choice.institution!
  // with an email, the link is for that address only, and single sign-on with it accepts it too (src/auth/sso.ts)
  const token = await createInvitation(db, { role: choice.role, partnershipId: user.partnershipId, institutionId, email }, now)
  await db.$client.execute(
    auditStatement({
      action: 'account.invited',
      actor: actorOf(user),
      partnershipId: user.partnershipId,
      institutionId,
      subject: described(choice.role, institution),
      detail: `a one-time link, valid 7 days${email ? `, for ${email}` : ''}`,
      at: now,
    }),
  )
  return token
}

/** The lead acts on other accounts only: never their own (a partnership could lose its last lead). */
function notSelf(lead: User, account: AccountRow, what: string) {
  if (lead.id === account.id) throw new HTTPException(409, { message: `You cannot ${what} your own account: ask another partnership lead.` })
}

const subjectOf = (a: Pick<AccountRow, 'name' | 'email'>) => `${a.name} <${a.email}>`

/**
 * The lead changes an account's role (and institution). Every session of the account ends in the
 * same write, so it signs in again to work in its new role; the lead's own role is never changed
 * here (another lead changes it), so a partnership always keeps the lead who acted.
 */
export async function changeRole(db: Db, lead: User, userId: number, choice: RoleChoice, now: Date): Promise<void> {
  requireLeadOnly(lead, 'change a role')
  const account = await accountOf(db, lead, userId)
  notSelf(lead, account, 'change the role of')
  const institution = await allowedChoice(db, lead, choice)
  const institutionId = choice.role === 'lead' ? null : choice.institution!
  if (account.role === choice.role && account.institutionId === institutionId) return
  await db.$client.batch(
    [
      { sql: 'UPDATE users SET role = ?, institution_id = ? WHERE id = ?', args: [choice.role, institutionId, userId] },
      { sql: 'DELETE FROM sessions WHERE user_id = ?', args: [userId] },
      auditStatement({
        action: 'account.role-changed',
        actor: actorOf(lead),
        partnershipId: lead.partnershipId,
        institutionId: institutionId ?? account.institutionId,
        subject: subjectOf(account),
        detail: `${described(account.role, account.institution)} → ${described(choice.role, institution)}; signed out everywhere`,
        at: now,
      }),
    ],
    'write',
  )
}

function requireLeadOnly(user: User, what: string) {
  if (user.role !== 'lead') throw new HTTPException(403, { message: `Only the partnership lead can ${what}.` })
}

/** The statements that deactivate an account: marked with its reason, every session and unused reset link gone. */
function deactivation(userId: number, reason: string, now: Date): InStatement[] {
  return [
    { sql: 'UPDATE users SET deactivated_at = ?, deactivated_reason = ? WHERE id = ? AND deactivated_at IS NULL', args: [now.toISOString(), reason, userId] },
    { sql: 'DELETE FROM sessions WHERE user_id = ?', args: [userId] },
    { sql: 'DELETE FROM password_resets WHERE user_id = ?', args: [userId] },
  ]
}

export const deactivateSchema = z.object({
  reason: z.string().trim().max(200, 'a reason is at most 200 characters').optional(),
})

/** The lead deactivates an account: it can no longer sign in, and every session it has ends at once. */
export async function deactivateAccount(db: Db, lead: User, userId: number, reason: string | undefined, now: Date): Promise<void> {
  requireLeadOnly(lead, 'deactivate an account')
  const account = await accountOf(db, lead, userId)
  notSelf(lead, account, 'deactivate')
  if (account.deactivatedAt) return
  const words = `Deactivated by ${lead.name}${reason ? `: ${reason}` : ''}`
  await db.$client.batch(
    [
      ...deactivation(userId, words, now),
      auditStatement({
        action: 'account.deactivated',
        actor: actorOf(lead),
        partnershipId: lead.partnershipId,
        institutionId: account.institutionId,
        subject: subjectOf(account),
        detail: reason ?? '',
        at: now,
      }),
    ],
    'write',
  )
}

/** The lead reactivates an account: it may sign in again, and its unused days count from now. */
export async function reactivateAccount(db: Db, lead: User, userId: number, now: Date): Promise<void> {
  requireLeadOnly(lead, 'reactivate an account')
  const account = await accountOf(db, lead, userId)
  if (!account.deactivatedAt) return
  await db.$client.batch(
    [
      { sql: 'UPDATE users SET deactivated_at = NULL, deactivated_reason = NULL, reactivated_at = ? WHERE id = ?', args: [now.toISOString(), userId] },
      auditStatement({
        action: 'account.reactivated',
        actor: actorOf(lead),
        partnershipId: lead.partnershipId,
        institutionId: account.institutionId,
        subject: subjectOf(account),
        detail: account.deactivatedReason ?? '',
        at: now,
      }),
    ],
    'write',
  )
}

/** Since when an account has gone unused: the latest of its creation, its last sign-in and its reactivation. */
const unusedSinceSql = `max(u.created_at, coalesce(u.last_sign_in_at, ''), coalesce(u.reactivated_at, ''))`

const unusedReason = (days: number) => `Not used for ${days} days, so deactivated automatically`

/**
 * Deactivates the active accounts unused for longer than their partnership's
 * `deactivateUnusedAfterDays` (all of them, or only `userId`'s), each with its audit entry.
 * Returns how many were deactivated. Run at sign-in (for the account signing in) and daily.
 */
export async function deactivateUnused(db: Db, now: Date, actor: AuditActor = 'Signpost', userId?: number): Promise<number> {
  const partnerships = await db.$client.execute(
    userId === undefined ? 'SELECT id FROM partnerships' : { sql: 'SELECT partnership_id AS id FROM users WHERE id = ?', args: [userId] },
  )
  let count = 0
  for (const p of partnerships.rows) {
    const partnershipId = Number(p.id)
    const days = (await settingsOf(db, partnershipId)).deactivateUnusedAfterDays
    const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString()
    const rs = await db.$client.execute({
      sql: `SELECT u.id, u.name, u.email, u.institution_id FROM users u
             WHERE u.partnership_id = ? AND u.deactivated_at IS NULL AND ${unusedSinceSql} < ? ${userId === undefined ? '' : 'AND u.id = ?'}`,
      args: userId === undefined ? [partnershipId, cutoff] : [partnershipId, cutoff, userId],
    })
    for (const r of rs.rows) {
      await db.$client.batch(
        [
          ...deactivation(Number(r.id), unusedReason(days), now),
          auditStatement({
            action: 'account.deactivated',
            actor,
            partnershipId,
            institutionId: r.institution_id === null ? null : Number(r.institution_id),
            subject: `${String(r.name)} <${String(r.email)}>`,
            detail: `not used for ${days} days (deactivateUnusedAfterDays)`,
            at: now,
          }),
        ],
        'write',
      )
      count++
    }
  }
  return count
}

/** How long a password-reset link works. */
export const resetHours = 72

/**
 * A one-time password-reset link's token for an active account; only its hash is stored. The
 * lead issues it from the Accounts page, or anyone with the database from the command line.
 */
export async function createPasswordReset(
  db: Db,
  account: Pick<AccountRow, 'id' | 'name' | 'email' | 'institutionId'>,
  partnershipId: number,
  actor: AuditActor,
  now: Date,
): Promise<string> {
  const token = randomUrlToken(24)
  await db.$client.batch(
    [
      // only the latest link works
      { sql: 'DELETE FROM password_resets WHERE user_id = ?', args: [account.id] },
      {
        sql: 'INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES (?, ?, ?)',
        args: [await sha256Hex(token), account.id, new Date(now.getTime() + resetHours * 3_600_000).toISOString()],
      },
      auditStatement({
        action: 'account.reset-link',
        actor,
        partnershipId,
        institutionId: account.institutionId,
        subject: subjectOf(account),
        detail: `a one-time link, valid ${resetHours} hours`,
        at: now,
      }),
    ],
    'write',
  )
  return token
}

/** The active account a reset token is for, if the link is unused and has not expired. */
export async function openPasswordReset(db: Db, token: string, now: Date): Promise<(User & { tokenHash: string }) | null> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null
  const tokenHash = await sha256Hex(token)
  const rs = await db.$client.execute({
    sql: `SELECT u.id FROM password_resets r JOIN users u ON u.id = r.user_id
           WHERE r.token_hash = ? AND r.used_at IS NULL AND r.expires_at > ? AND u.deactivated_at IS NULL`,
    args: [tokenHash, now.toISOString()],
  })
  if (!rs.rows[0]) return null
  const user = await db.query.users.findFirst({ where: (u, { eq }) => eq(u.id, Number(rs.rows[0]!.id)) })
  return user ? { ...user, tokenHash } : null
}

/** A new password, checked against the account's own name and email too. */
export const newPasswordSchema = z.object({ password: accountFields.password, name: z.string(), email: z.string() }).superRefine(notOwnName)

/**
 * Sets the new password of a reset link and ends every session of the account, with its audit
 * entry. The link is claimed first, in a write of its own: a second use of the same link, or
 * two at once, changes nothing (410).
 */
export async function usePasswordReset(db: Db, account: User & { tokenHash: string }, input: { password: string }, now: Date): Promise<void> {
  const { password } = newPasswordSchema.parse({ password: input.password, name: account.name, email: account.email })
  const passwordHash = await hashPassword(password)
  const claimed = await db.$client.execute({
    sql: 'UPDATE password_resets SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING user_id',
    args: [now.toISOString(), account.tokenHash, now.toISOString()],
  })
  if (!claimed.rows[0]) throw new HTTPException(410, { message: 'This link has already been used or has expired. Ask your partnership lead for a new one.' })
  await db.$client.batch(
    [
      { sql: 'UPDATE users SET password_hash = ? WHERE id = ?', args: [passwordHash, account.id] },
      { sql: 'DELETE FROM sessions WHERE user_id = ?', args: [account.id] },
      auditStatement({
        action: 'account.password-reset',
        actor: actorOf(account),
        partnershipId: account.partnershipId,
        institutionId: account.institutionId,
        subject: subjectOf(account),
        detail: 'with a one-time link; every session ended',
        at: now,
      }),
    ],
    'write',
  )
}
