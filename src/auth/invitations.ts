import { and, desc, eq, gt, isNull } from 'drizzle-orm'
import { HTTPException } from 'hono/http-exception'
import { z, ZodError } from 'zod'
import { randomUrlToken, sha256Hex } from '../crypto.ts'
import type { Db } from '../db/database.ts'
import { invitations } from '../db/schema.ts'
import { displayName, slug } from '../org/organisations.ts'
import { hashPassword } from './password.ts'
import { accountFields, notOwnName } from './users.ts'

export const invitationDays = 7

export type Invitation = Pick<typeof invitations.$inferSelect, 'tokenHash' | 'role' | 'partnershipId' | 'institutionId' | 'email'> & {
  /** A setup link: no partnership yet; accepting it creates the partnership and its lead. */
  setup: boolean
}

/** Creates a one-time link's token; only its hash is stored. */
export async function createInvitation(
  db: Db,
  invite: { role: Invitation['role']; partnershipId?: number | null; institutionId?: number | null; email?: string | null },
  now: Date,
): Promise<string> {
  if (invite.role !== 'lead' && !invite.institutionId) throw new HTTPException(400, { message: 'a coordinator or viewer is invited to an institution' })
  const token = randomUrlToken(24)
  await db.$client.execute({
    sql: 'INSERT INTO invitations (token_hash, role, partnership_id, institution_id, expires_at, email) VALUES (?, ?, ?, ?, ?, ?)',
    args: [
      await sha256Hex(token),
      invite.role,
      invite.partnershipId ?? null,
      invite.institutionId ?? null,
      new Date(now.getTime() + invitationDays * 86_400_000).toISOString(),
      invite.email ? invite.email.trim().toLowerCase() : null,
    ],
  })
  return token
}

/** The invitation behind a token, if it is unused and has not expired. */
export async function openInvitation(db: Db, token: string, now: Date): Promise<Invitation | null> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null
  const tokenHash = await sha256Hex(token)
  const row = await db
    .select({
      tokenHash: invitations.tokenHash,
      role: invitations.role,
      partnershipId: invitations.partnershipId,
      institutionId: invitations.institutionId,
      email: invitations.email,
    })
    .from(invitations)
    .where(and(eq(invitations.tokenHash, tokenHash), isNull(invitations.usedAt), gt(invitations.expiresAt, now.toISOString())))
    .get()
  if (!row) return null
  const setup = row.partnershipId === null
  // a setup link is for the very first lead: once any lead exists, an older one is void
  if (setup && (await leadExists(db))) return null
  return { ...row, setup }
}

/** Whether any partnership lead exists: then no setup link works any more. */
async function leadExists(db: Db): Promise<boolean> {
  const rs = await db.$client.execute("SELECT 1 FROM users WHERE role = 'lead' LIMIT 1")
  return rs.rows.length > 0
}

export const acceptSchema = z.object(accountFields).superRefine(notOwnName)
export const setupSchema = z.object({ ...accountFields, partnershipName: displayName, partnershipSlug: slug }).superRefine(notOwnName)

/**
 * Creates the account an invitation is for, and for a setup link the partnership too, in
 * one atomic write that also marks the invitation used: two people opening the same link
 * at once get one account between them. Returns the new user's id.
 */
export async function acceptInvitation(db: Db, invitation: Invitation, input: unknown, now: Date): Promise<number> {
  // every field's problem at once, the partnership's included
  const fields = invitation.setup ? setupSchema.parse(input) : acceptSchema.parse(input)
  // an invitation for a named email makes an account for that email only
  if (invitation.email && fields.email !== invitation.email)
    throw new ZodError([{ code: 'custom', path: ['email'], message: `this invitation is for ${invitation.email}: give that address`, input: fields.email }])
  const partnership = invitation.setup ? (fields as z.infer<typeof setupSchema>) : null
  const passwordHash = await hashPassword(fields.password)
  // checked again inside the write: a setup link accepted while another makes the first lead creates nothing
  const unused =
    'EXISTS (SELECT 1 FROM invitations WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?)' +
    (partnership ? " AND NOT EXISTS (SELECT 1 FROM users WHERE role = 'lead')" : '')
  const guard = [invitation.tokenHash, now.toISOString()]
  const statements = [
    ...(partnership
      ? [
          {
            sql: `INSERT INTO partnerships (slug, name) SELECT ?, ? WHERE ${unused}`,
            args: [partnership.partnershipSlug, partnership.partnershipName, ...guard],
          },
        ]
      : []),
    {
      sql: `INSERT INTO users (email, name, role, partnership_id, institution_id, password_hash)
            SELECT ?, ?, ?, ${partnership ? '(SELECT id FROM partnerships WHERE slug = ?)' : '?'}, ?, ? WHERE ${unused} RETURNING id`,
      args: [
        fields.email,
        fields.name,
        invitation.role,
        partnership ? partnership.partnershipSlug : invitation.partnershipId,
        invitation.institutionId,
        passwordHash,
        ...guard,
      ],
    },
    { sql: 'UPDATE invitations SET used_at = ? WHERE token_hash = ? AND used_at IS NULL', args: [now.toISOString(), invitation.tokenHash] },
  ]
  try {
    const results = await db.$client.batch(statements, 'write')
    const created = results[partnership ? 1 : 0]!.rows[0]
    if (!created) throw new HTTPException(410, { message: 'This link has already been used or has expired.' })
    return Number(created.id)
  } catch (error) {
    if (error instanceof HTTPException) throw error
    const text = String((error as Error).message)
    if (/UNIQUE.*users\.email/i.test(text)) throw new HTTPException(409, { message: `An account for ${fields.email} already exists. Sign in instead.` })
    if (/UNIQUE.*partnerships\.slug/i.test(text)) throw new HTTPException(409, { message: 'That short name is taken: choose another.' })
    throw error
  }
}

/**
 * The pending invitation (unused, not expired) to this partnership for this email, if any: single
 * sign-on with that verified email accepts it (src/auth/sso.ts). The newest, if there are several.
 */
export async function pendingInvitationFor(db: Db, email: string, partnershipId: number, now: Date): Promise<Invitation | null> {
  const row = await db
    .select({
      tokenHash: invitations.tokenHash,
      role: invitations.role,
      partnershipId: invitations.partnershipId,
      institutionId: invitations.institutionId,
      email: invitations.email,
    })
    .from(invitations)
    .where(
      and(
        eq(invitations.email, email.toLowerCase()),
        eq(invitations.partnershipId, partnershipId),
        isNull(invitations.usedAt),
        gt(invitations.expiresAt, now.toISOString()),
      ),
    )
    .orderBy(desc(invitations.expiresAt))
    .get()
  return row ? { ...row, setup: false } : null
}

/**
 * Accepts an invitation for someone whose identity provider vouched for their email: the account
 * is made with the invited role and that email, and a random password nobody knows (a reset link
 * gives them one if they ever need it). One atomic write that also marks the invitation used, as
 * `acceptInvitation`. Returns the new user's id, or null when the invitation was used meanwhile.
 */
export async function acceptInvitationBySignOn(db: Db, invitation: Invitation, person: { email: string; name: string }, now: Date): Promise<number | null> {
  const unused = 'EXISTS (SELECT 1 FROM invitations WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?)'
  const results = await db.$client.batch(
    [
      {
        sql: `INSERT INTO users (email, name, role, partnership_id, institution_id, password_hash) SELECT ?, ?, ?, ?, ?, ? WHERE ${unused} RETURNING id`,
        args: [
          person.email.toLowerCase(),
          person.name,
          invitation.role,
          invitation.partnershipId,
          invitation.institutionId,
          await hashPassword(randomUrlToken(32)),
          invitation.tokenHash,
          now.toISOString(),
        ],
      },
      { sql: 'UPDATE invitations SET used_at = ? WHERE token_hash = ? AND used_at IS NULL', args: [now.toISOString(), invitation.tokenHash] },
    ],
    'write',
  )
  const created = results[0]!.rows[0]
  return created ? Number(created.id) : null
}
