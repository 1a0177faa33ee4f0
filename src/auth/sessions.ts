import { and, eq, isNull } from 'drizzle-orm'
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { Db } from '../db/database.ts'
import { sessions, users } from '../db/schema.ts'
import { randomUrlToken, sha256Hex } from '../crypto.ts'
import type { User } from './users.ts'

export const sessionHours = 8

/** `__Host-` (Secure, no Domain, Path=/) where served over https; a plain name on http://localhost. */
const cookieName = (c: Context) => (new URL(c.req.url).protocol === 'https:' ? '__Host-signpost_session' : 'signpost_session')

/** How long a session waits for the second factor's code after a right password. */
export const codeDueMinutes = 10

/**
 * Starts a session for a user and sets its cookie. The id is new at every sign-in, and a session
 * the browser already held is ended, so an id planted before sign-in is worth nothing after it.
 * Expired sessions are swept out at the same time. With `codeDue` the session only waits for the
 * second factor's code (a few minutes) and opens nothing; a full one records the sign-in's time.
 */
export async function startSession(c: Context, db: Db, user: User, now: Date, { codeDue = false }: { codeDue?: boolean } = {}): Promise<void> {
  const token = randomUrlToken()
  const expiresAt = new Date(now.getTime() + (codeDue ? codeDueMinutes * 60_000 : sessionHours * 3600_000)).toISOString()
  const previous = getCookie(c, cookieName(c))
  await db.$client.batch(
    [
      { sql: 'DELETE FROM sessions WHERE expires_at <= ?', args: [now.toISOString()] },
      ...(previous && previous.length <= 100 ? [{ sql: 'DELETE FROM sessions WHERE id_hash = ?', args: [await sha256Hex(previous)] }] : []),
      {
        sql: 'INSERT INTO sessions (id_hash, user_id, expires_at, code_due) VALUES (?, ?, ?, ?)',
        args: [await sha256Hex(token), user.id, expiresAt, codeDue ? 1 : 0],
      },
      ...(codeDue ? [] : [{ sql: 'UPDATE users SET last_sign_in_at = ? WHERE id = ?', args: [now.toISOString(), user.id] }]),
    ],
    'write',
  )
  setCookie(c, cookieName(c), token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: new URL(c.req.url).protocol === 'https:',
    path: '/',
    maxAge: codeDue ? codeDueMinutes * 60 : sessionHours * 3600,
  })
}

/** The user of this browser's session, if it is live, its account active, and (or, with `codeDue`, only) its code given. */
async function sessionUser(c: Context, db: Db, now: Date, codeDue: boolean): Promise<User | null> {
  const token = getCookie(c, cookieName(c))
  if (!token || token.length > 100) return null
  const row = await db
    .select({ user: users, expiresAt: sessions.expiresAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.idHash, await sha256Hex(token)), eq(sessions.codeDue, codeDue), isNull(users.deactivatedAt)))
    .get()
  if (!row || row.expiresAt <= now.toISOString()) return null
  return row.user
}

/** The signed-in user, or null when the cookie is missing, unknown or expired, the account deactivated, or its code still due. */
export const currentUser = (c: Context, db: Db, now: Date) => sessionUser(c, db, now, false)

/** The user whose password was right and whose second factor's code is due, or null. */
export const codeDueUser = (c: Context, db: Db, now: Date) => sessionUser(c, db, now, true)

/** Ends the session: removed from the database, so the cookie is worthless even if kept. */
export async function endSession(c: Context, db: Db): Promise<void> {
  const token = getCookie(c, cookieName(c))
  if (token) await db.delete(sessions).where(eq(sessions.idHash, await sha256Hex(token)))
  deleteCookie(c, cookieName(c), { path: '/', secure: new URL(c.req.url).protocol === 'https:' })
}
