import { and, eq, isNull } from 'drizzle-orm'
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { Db } from '../db/database.ts'
import { sessions, users } from '../db/schema.ts'
import { randomUrlToken, sha256Hex } from '../crypto.ts'
import { actorOf } from '../audit/record.ts'
import { auditMinute, auditStatement } from '../audit/log.ts'
import { describeBrowser } from './browser.ts'
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
 * The session keeps the minute it started and a coarse description of the browser (browser.ts),
 * for the list on "Your account".
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
        sql: 'INSERT INTO sessions (id_hash, user_id, expires_at, code_due, created_at, browser) VALUES (?, ?, ?, ?, ?, ?)',
        args: [await sha256Hex(token), user.id, expiresAt, codeDue ? 1 : 0, auditMinute(now), describeBrowser(c.req.header('user-agent'))],
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

/**
 * Whether this browser holds a session cookie that opens nothing any more: its session was ended
 * elsewhere (sign out everywhere from another browser, a role change, deactivation) or has gone.
 * Says nothing about the account: only that this browser's cookie is stale. A session still
 * waiting for its second factor's code is not stale. The cookie is cleared, so it is said once.
 */
export async function sessionEndedHere(c: Context, db: Db, now: Date): Promise<boolean> {
  const token = getCookie(c, cookieName(c))
  if (!token) return false
  if (token.length <= 100 && ((await currentUser(c, db, now)) || (await codeDueUser(c, db, now)))) return false
  deleteCookie(c, cookieName(c), { path: '/', secure: new URL(c.req.url).protocol === 'https:' })
  return true
}

/** The hash of this browser's session token, if it sends one. */
async function cookieHash(c: Context): Promise<string | null> {
  const token = getCookie(c, cookieName(c))
  return token && token.length <= 100 ? sha256Hex(token) : null
}

/**
 * Ends the session (signing out): removed from the database, so the cookie is worthless even if
 * kept, and recorded in the audit log when it was a signed-in account's.
 */
export async function endSession(c: Context, db: Db, now: Date = (c.get('now') as (() => Date) | undefined)?.() ?? new Date()): Promise<void> {
  const hash = await cookieHash(c)
  if (hash) {
    const row = await db
      .select({ user: users, codeDue: sessions.codeDue })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.idHash, hash))
      .get()
    const audit =
      row && !row.codeDue
        ? [auditStatement({ action: 'sign-out', actor: actorOf(row.user), partnershipId: row.user.partnershipId, detail: 'this browser', at: now })]
        : []
    await db.$client.batch([{ sql: 'DELETE FROM sessions WHERE id_hash = ?', args: [hash] }, ...audit], 'write')
  }
  deleteCookie(c, cookieName(c), { path: '/', secure: new URL(c.req.url).protocol === 'https:' })
}

/** How a session is named in a form: the start of its token's hash (which opens nothing; the token is never stored). */
export const sessionRefLength = 16
const refOf = (idHash: string) => idHash.slice(0, sessionRefLength)

/** One of the account's own sessions, as "Your account" lists it. */
export type SessionRow = {
  ref: string
  /** `YYYY-MM-DDTHH:MMZ`, or null for a session started before this was kept. */
  createdAt: string | null
  expiresAt: string
  browser: string | null
  /** The session of the browser asking. */
  current: boolean
}

/** The account's live, signed-in sessions (not one still waiting for its code), this browser's first, then the newest. */
export async function listSessions(c: Context, db: Db, user: User, now: Date): Promise<SessionRow[]> {
  const mine = await cookieHash(c)
  const rs = await db.$client.execute({
    sql: `SELECT id_hash, created_at, expires_at, browser FROM sessions
           WHERE user_id = ? AND code_due = 0 AND expires_at > ?
           ORDER BY id_hash = ? DESC, coalesce(created_at, '') DESC, expires_at DESC`,
    args: [user.id, now.toISOString(), mine ?? ''],
  })
  return rs.rows.map((r) => ({
    ref: refOf(String(r.id_hash)),
    createdAt: r.created_at === null ? null : String(r.created_at),
    expiresAt: String(r.expires_at),
    browser: r.browser === null ? null : String(r.browser),
    current: String(r.id_hash) === mine,
  }))
}

/** Which sessions to end: one other session (by its ref), every other one, or every one, this browser's included. */
export type Ending = { session: string } | 'others' | 'all'

/**
 * Ends the account's own sessions, with an audit entry in the same write; returns how many
 * ended (0 when a session named by its ref is not one of the account's, or has already ended).
 * Ending every one also clears this browser's cookie. This browser's own session is never
 * ended by its ref: signing out does that.
 */
export async function endOwnSessions(c: Context, db: Db, user: User, which: Ending, now: Date): Promise<number> {
  const mine = (await cookieHash(c)) ?? ''
  const where =
    which === 'all'
      ? { sql: 'user_id = ?', args: [user.id] }
      : which === 'others'
        ? { sql: 'user_id = ? AND id_hash <> ?', args: [user.id, mine] }
        : { sql: 'user_id = ? AND id_hash <> ? AND substr(id_hash, 1, ?) = ?', args: [user.id, mine, sessionRefLength, which.session] }
  const found = await db.$client.execute({
    sql: `SELECT browser, created_at FROM sessions WHERE ${where.sql} AND expires_at > ?`,
    args: [...where.args, now.toISOString()],
  })
  const count = found.rows.length
  const detail =
    which === 'all'
      ? `every session, this browser’s included (${count})`
      : which === 'others'
        ? `every other session (${count})`
        : `one other session: ${String(found.rows[0]?.browser ?? 'a browser')}, started ${String(found.rows[0]?.created_at ?? 'earlier')}`
  if (count === 0 && which !== 'all') return 0
  await db.$client.batch(
    [
      { sql: `DELETE FROM sessions WHERE ${where.sql}`, args: where.args },
      auditStatement({ action: 'sessions.ended', actor: actorOf(user), partnershipId: user.partnershipId, institutionId: user.institutionId, detail, at: now }),
    ],
    'write',
  )
  if (which === 'all') deleteCookie(c, cookieName(c), { path: '/', secure: new URL(c.req.url).protocol === 'https:' })
  return count
}
