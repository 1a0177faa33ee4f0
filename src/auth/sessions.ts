import { eq } from 'drizzle-orm'
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { Db } from '../db/database.ts'
import { sessions, users } from '../db/schema.ts'
import { randomUrlToken, sha256Hex } from '../crypto.ts'
import type { User } from './users.ts'

export const sessionHours = 8

/** `__Host-` (Secure, no Domain, Path=/) where served over https; a plain name on http://localhost. */
const cookieName = (c: Context) => (new URL(c.req.url).protocol === 'https:' ? '__Host-signpost_session' : 'signpost_session')

/**
 * Starts a session for a user and sets its cookie. The id is new at every sign-in, and a session
 * the browser already held is ended, so an id planted before sign-in is worth nothing after it.
 * Expired sessions are swept out at the same time.
 */
export async function startSession(c: Context, db: Db, user: User, now: Date): Promise<void> {
  const token = randomUrlToken()
  const expiresAt = new Date(now.getTime() + sessionHours * 3600_000).toISOString()
  const previous = getCookie(c, cookieName(c))
  await db.$client.batch(
    [
      { sql: 'DELETE FROM sessions WHERE expires_at <= ?', args: [now.toISOString()] },
      ...(previous && previous.length <= 100 ? [{ sql: 'DELETE FROM sessions WHERE id_hash = ?', args: [await sha256Hex(previous)] }] : []),
      { sql: 'INSERT INTO sessions (id_hash, user_id, expires_at) VALUES (?, ?, ?)', args: [await sha256Hex(token), user.id, expiresAt] },
    ],
    'write',
  )
  setCookie(c, cookieName(c), token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: new URL(c.req.url).protocol === 'https:',
    path: '/',
    maxAge: sessionHours * 3600,
  })
}

/** The signed-in user, or null when the cookie is missing, unknown or expired. */
export async function currentUser(c: Context, db: Db, now: Date): Promise<User | null> {
  const token = getCookie(c, cookieName(c))
  if (!token || token.length > 100) return null
  const row = await db
    .select({ user: users, expiresAt: sessions.expiresAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.idHash, await sha256Hex(token)))
    .get()
  if (!row || row.expiresAt <= now.toISOString()) return null
  return row.user
}

/** Ends the session: removed from the database, so the cookie is worthless even if kept. */
export async function endSession(c: Context, db: Db): Promise<void> {
  const token = getCookie(c, cookieName(c))
  if (token) await db.delete(sessions).where(eq(sessions.idHash, await sha256Hex(token)))
  deleteCookie(c, cookieName(c), { path: '/', secure: new URL(c.req.url).protocol === 'https:' })
}
