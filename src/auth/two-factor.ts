import { HTTPException } from 'hono/http-exception'
import { Secret, TOTP } from 'otpauth'
import { actorOf } from '../audit/record.ts'
import { auditStatement } from '../audit/log.ts'
import type { Db } from '../db/database.ts'
import { limitKey } from '../http/rate-limit.ts'
import { settingsOf } from '../org/settings.ts'
import { seal, unseal } from './sealed.ts'
import type { User } from './users.ts'

/**
 * Two-factor sign-in with TOTP (RFC 6238; issue 20, point 2), verified with `otpauth`, which
 * runs on Node and in workerd alike. The secret is stored sealed (src/auth/sealed.ts), bound to
 * the account; ten one-time recovery codes are stored by keyed hash only. A code is accepted
 * in the 30-second step it belongs to or the one either side (a phone's clock a little out),
 * and never twice: the last accepted step is kept.
 */

export const recoveryCodeCount = 10
const period = 30

const context = (userId: number) => `second-factor:${userId}`

const totpOf = (secret: string, email: string) =>
  new TOTP({ issuer: 'Signpost', label: email, algorithm: 'SHA1', digits: 6, period, secret: Secret.fromBase32(secret) })

/** Whether the account has a confirmed second factor (it is asked for a code at sign-in). */
export async function hasSecondFactor(db: Db, userId: number): Promise<boolean> {
  const rs = await db.$client.execute({ sql: 'SELECT 1 FROM second_factors WHERE user_id = ? AND confirmed_at IS NOT NULL', args: [userId] })
  return rs.rows.length > 0
}

/** Whether the partnership requires a second factor of this account's role (leads and coordinators), and it has none yet. */
export async function secondFactorDue(db: Db, user: User): Promise<boolean> {
  if (user.role === 'viewer') return false
  if (!(await settingsOf(db, user.partnershipId)).requireTwoFactor) return false
  return !(await hasSecondFactor(db, user.id))
}

/**
 * Starts setting up: a new random secret (160 bits), stored sealed and not yet confirmed, and
 * the `otpauth://` address an authenticator app scans. Shown to the user once, here.
 */
export async function startSetup(db: Db, user: User): Promise<{ secret: string; uri: string }> {
  if (await hasSecondFactor(db, user.id)) throw new HTTPException(409, { message: 'Two-factor sign-in is already on for your account.' })
  const secret = new Secret({ size: 20 }).base32
  await db.$client.execute({
    sql: `INSERT INTO second_factors (user_id, secret_sealed, confirmed_at, last_step) VALUES (?, ?, NULL, 0)
          ON CONFLICT (user_id) DO UPDATE SET secret_sealed = excluded.secret_sealed, last_step = 0 WHERE confirmed_at IS NULL`,
    args: [user.id, await seal(secret, context(user.id))],
  })
  return { secret, uri: totpOf(secret, user.email).toString() }
}

/** The time step of a right code for the sealed secret at `now`, or null. */
async function stepOf(sealed: string, user: Pick<User, 'id' | 'email'>, code: string, now: Date): Promise<number | null> {
  const secret = await unseal(sealed, context(user.id))
  if (!secret) return null
  const delta = totpOf(secret, user.email).validate({ token: code, timestamp: now.getTime(), window: 1 })
  return delta === null ? null : Math.floor(now.getTime() / 1000 / period) + delta
}

const codeAlphabet = 'abcdefghjkmnpqrstuvwxyz23456789'

/** A recovery code: 12 characters (about 59 bits) in three groups, easy to read and type. */
function newRecoveryCode(): string {
  const chars = [...crypto.getRandomValues(new Uint8Array(12))].map((b) => codeAlphabet[b % codeAlphabet.length]).join('')
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`
}

const normalCode = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, '')
const recoveryHash = (userId: number, code: string) => limitKey(`recovery-code:${userId}:${normalCode(code)}`)

/**
 * Confirms the setup with the first code from the app: then the second factor is on, and the
 * ten recovery codes are made (returned to be shown once; only their hashes are kept). Null
 * when the code is not right.
 */
export async function confirmSetup(db: Db, user: User, code: string, now: Date): Promise<string[] | null> {
  const rs = await db.$client.execute({ sql: 'SELECT secret_sealed FROM second_factors WHERE user_id = ? AND confirmed_at IS NULL', args: [user.id] })
  const row = rs.rows[0]
  if (!row) throw new HTTPException(409, { message: 'Start setting up two-factor sign-in again: there is nothing to confirm.' })
  const step = /^\d{6}$/.test(code) ? await stepOf(String(row.secret_sealed), user, code, now) : null
  if (step === null) return null
  const codes = Array.from({ length: recoveryCodeCount }, newRecoveryCode)
  const results = await db.$client.batch(
    [
      {
        sql: 'UPDATE second_factors SET confirmed_at = ?, last_step = ? WHERE user_id = ? AND confirmed_at IS NULL RETURNING user_id',
        args: [now.toISOString(), step, user.id],
      },
      { sql: 'DELETE FROM recovery_codes WHERE user_id = ?', args: [user.id] },
      ...(await Promise.all(
        codes.map(async (c) => ({ sql: 'INSERT INTO recovery_codes (code_hash, user_id) VALUES (?, ?)', args: [await recoveryHash(user.id, c), user.id] })),
      )),
      auditStatement({
        action: 'two-factor.on',
        actor: actorOf(user),
        partnershipId: user.partnershipId,
        institutionId: user.institutionId,
        subject: `${user.name} <${user.email}>`,
        detail: `authenticator app, ${recoveryCodeCount} recovery codes`,
        at: now,
      }),
    ],
    'write',
  )
  return results[0]!.rows.length ? codes : null
}

/**
 * Checks a code at sign-in: six digits from the app (each accepted once), or one of the recovery
 * codes (each accepted once; how many are left is returned). Null when it is neither.
 */
export async function checkSecondFactor(
  db: Db,
  user: User,
  input: string,
  now: Date,
): Promise<{ method: 'app' } | { method: 'recovery'; left: number } | null> {
  const code = input.trim().replace(/\s+/g, '')
  const rs = await db.$client.execute({ sql: 'SELECT secret_sealed FROM second_factors WHERE user_id = ? AND confirmed_at IS NOT NULL', args: [user.id] })
  const row = rs.rows[0]
  if (!row) return null
  if (/^\d{6}$/.test(code)) {
    const step = await stepOf(String(row.secret_sealed), user, code, now)
    if (step === null) return null
    // a code already used (this step or a later one) is refused: one seen over a shoulder is worth nothing
    const used = await db.$client.execute({
      sql: 'UPDATE second_factors SET last_step = ? WHERE user_id = ? AND last_step < ? RETURNING user_id',
      args: [step, user.id, step],
    })
    return used.rows.length ? { method: 'app' } : null
  }
  if (normalCode(code).length !== 12) return null
  const used = await db.$client.execute({
    sql: 'UPDATE recovery_codes SET used_at = ? WHERE code_hash = ? AND user_id = ? AND used_at IS NULL RETURNING user_id',
    args: [now.toISOString(), await recoveryHash(user.id, code), user.id],
  })
  if (!used.rows.length) return null
  const left = await db.$client.execute({ sql: 'SELECT count(*) AS n FROM recovery_codes WHERE user_id = ? AND used_at IS NULL', args: [user.id] })
  return { method: 'recovery', left: Number(left.rows[0]!.n) }
}

/**
 * Turns the second factor off: the secret and every recovery code are deleted. The account's own
 * choice (with its password), or the lead's for someone who has lost their phone and their codes.
 */
export async function turnOff(db: Db, user: User, now: Date, by: Pick<User, 'id' | 'name' | 'email'> = user): Promise<void> {
  await db.$client.batch(
    [
      { sql: 'DELETE FROM second_factors WHERE user_id = ?', args: [user.id] },
      { sql: 'DELETE FROM recovery_codes WHERE user_id = ?', args: [user.id] },
      auditStatement({
        action: 'two-factor.off',
        actor: actorOf(by),
        partnershipId: user.partnershipId,
        institutionId: user.institutionId,
        subject: `${user.name} <${user.email}>`,
        at: now,
      }),
    ],
    'write',
  )
}
