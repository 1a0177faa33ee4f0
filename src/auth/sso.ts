import { and, eq, sql } from 'drizzle-orm'
import type { Context } from 'hono'
import { getCookie } from 'hono/cookie'
import * as oauth from 'oauth4webapi'
import { z, ZodError } from 'zod'
import { actorOf, auditStatement } from '../audit/record.ts'
import type { AuditActor } from '../audit/log.ts'
import { sha256Hex } from '../crypto.ts'
import type { Db } from '../db/database.ts'
import { signInProviders, ssoLogins, users } from '../db/schema.ts'
import { deactivateUnused } from './accounts.ts'
import { acceptInvitationBySignOn, pendingInvitationFor } from './invitations.ts'
import { seal, unseal } from './sealed.ts'
import { ssoStartLimits } from './sso-limits.ts'
import { countHit, retryAfter, type Limit } from '../http/rate-limit.ts'
import { accountFields, type User } from './users.ts'

/**
 * Single sign-on with OpenID Connect (issue 20, point 3): a partnership's staff sign in with their
 * school's Microsoft Entra ID or Google Workspace account. The authorization code flow with PKCE
 * (S256), a state and a nonce, through `oauth4webapi`: web-standard (fetch and WebCrypto only), so
 * the same code runs on Node and in the Worker, and it checks the ID token's issuer, audience,
 * expiry and nonce itself; its signature is checked against the issuer's keys as well.
 *
 * The login state (state, nonce, PKCE verifier, where to go next) is kept server-side, in
 * `sso_logins` by the SHA-256 of the state, the rest sealed; it lives 10 minutes and is deleted as
 * it is used, so a replayed callback finds nothing. A cookie holding the state ties the callback
 * to the browser that started it (no one can sign a victim in to the attacker's account).
 *
 * An account is matched by the verified email the provider vouches for, within the allowed
 * tenant (Entra `tid`) or hosted domain (Google `hd`). No self-sign-up: an unknown email is
 * refused unless an invitation for it is pending.
 */

export const providerKinds = ['microsoft', 'google'] as const
export type ProviderKind = (typeof providerKinds)[number]
export const kindWords: Record<ProviderKind, { product: string; allowed: string }> = {
  microsoft: { product: 'Microsoft Entra ID (Microsoft 365)', allowed: 'tenant ID' },
  google: { product: 'Google Workspace', allowed: 'hosted domain' },
}

export const loginMinutes = 10

/** 127.0.0.1, ::1 or localhost: the only hosts an issuer may be reached at over plain http (a provider on this machine, for tests). */
export const isLoopback = (url: URL) => ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname)

export const providerInput = z
  .object({
    name: z.string().trim().min(2, 'give a name of at least 2 characters').max(60, 'a name is at most 60 characters'),
    kind: z.enum(providerKinds, { error: 'choose Microsoft or Google' }),
    issuer: z
      .string()
      .trim()
      .max(300, 'an issuer URL is at most 300 characters')
      .refine((v) => URL.canParse(v), 'give the issuer URL, beginning https://')
      .refine((v) => {
        const url = URL.canParse(v) ? new URL(v) : null
        return !url || url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url))
      }, 'the issuer URL must begin https://')
      .transform((v) => v.replace(/\/$/, '')),
    clientId: z.string().trim().min(1, 'give the client (application) ID').max(200, 'a client ID is at most 200 characters'),
    clientSecret: z.string().trim().min(1, 'give the client secret').max(500, 'a client secret is at most 500 characters'),
    allowed: z.string().trim().min(1, 'give the tenant ID or the hosted domain').max(200, 'at most 200 characters'),
  })
  .transform((p) => ({ ...p, allowed: p.allowed.toLowerCase() }))

export type ProviderInput = z.input<typeof providerInput>
export type Provider = Omit<typeof signInProviders.$inferSelect, 'clientSecretSealed'>

/** What the sealed secret is bound to: moved to another row, it no longer opens. */
const secretContext = (p: { partnershipId: number; issuer: string; clientId: string }) => `sign-in-provider ${p.partnershipId} ${p.issuer} ${p.clientId}`

/** A name the partnership's providers already have: two buttons of the same name could not be told apart. */
const nameTaken = (name: string) =>
  new ZodError([{ code: 'custom', path: ['name'], message: `another provider is already called “${name}”: give this one another name`, input: name }])

/**
 * Adds a provider to the partnership; its client secret is stored sealed. Returns it. A name
 * already used by another of the partnership's providers (in any letter case) is refused as a
 * field error, checked by the insert itself.
 */
export async function addProvider(db: Db, partnershipId: number, input: unknown): Promise<Provider> {
  const p = providerInput.parse(input)
  const clientSecretSealed = await seal(p.clientSecret, secretContext({ partnershipId, ...p }))
  const rs = await db.$client.execute({
    sql: `INSERT INTO sign_in_providers (partnership_id, name, kind, issuer, client_id, client_secret_sealed, allowed)
          SELECT ?, ?, ?, ?, ?, ?, ?
           WHERE NOT EXISTS (SELECT 1 FROM sign_in_providers WHERE partnership_id = ? AND lower(name) = lower(?))
          RETURNING id`,
    args: [partnershipId, p.name, p.kind, p.issuer, p.clientId, clientSecretSealed, p.allowed, partnershipId, p.name],
  })
  const id = rs.rows[0]?.id
  if (id === undefined) throw nameTaken(p.name)
  return (await listProviders(db, partnershipId)).find((row) => row.id === Number(id))!
}

const publicColumns = {
  id: signInProviders.id,
  partnershipId: signInProviders.partnershipId,
  name: signInProviders.name,
  kind: signInProviders.kind,
  issuer: signInProviders.issuer,
  clientId: signInProviders.clientId,
  allowed: signInProviders.allowed,
  createdAt: signInProviders.createdAt,
}

/** A partnership's providers (every partnership's without one: Signpost serves one partnership per deployment), never their secrets. */
export async function listProviders(db: Db, partnershipId?: number): Promise<Provider[]> {
  const query = db.select(publicColumns).from(signInProviders)
  return (partnershipId === undefined ? query : query.where(eq(signInProviders.partnershipId, partnershipId))).orderBy(signInProviders.name).all()
}

/** Removes a provider of the partnership (and its sign-ins under way); returns it, or null when there is no such provider. */
export async function removeProvider(db: Db, partnershipId: number, id: number): Promise<Provider | null> {
  const provider = (await listProviders(db, partnershipId)).find((p) => p.id === id)
  if (!provider) return null
  await db.$client.batch(
    [
      { sql: 'DELETE FROM sso_logins WHERE provider_id = ?', args: [id] },
      { sql: 'DELETE FROM sso_sessions WHERE provider_id = ?', args: [id] },
      { sql: 'DELETE FROM sign_in_providers WHERE id = ? AND partnership_id = ?', args: [id, partnershipId] },
    ],
    'write',
  )
  return provider
}

export async function findProvider(db: Db, id: number) {
  return db.query.signInProviders.findFirst({ where: eq(signInProviders.id, id) })
}

/** http only to a loopback issuer (a provider on this machine, as the tests run one); https everywhere else. */
const httpOptions = (issuer: URL) => ({ [oauth.allowInsecureRequests]: isLoopback(issuer) })

/** Issuers' metadata, fetched at sign-in and kept a few minutes in memory (per process or Worker isolate). */
const discovered = new Map<string, { as: oauth.AuthorizationServer; until: number }>()
const discoveryMs = 5 * 60_000

async function discover(issuerText: string): Promise<oauth.AuthorizationServer> {
  const kept = discovered.get(issuerText)
  if (kept && kept.until > Date.now()) return kept.as
  const issuer = new URL(issuerText)
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...httpOptions(issuer) }))
  discovered.set(issuerText, { as, until: Date.now() + discoveryMs })
  return as
}

/** The address the provider sends the browser back to: registered with the provider as the redirect URI. */
export const callbackUrl = (origin: string, providerId: number) => `${origin}/sign-in/sso/${providerId}/callback`

/** Where the login's state is kept in the browser: only on the callback's path. */
export const stateCookie = 'signpost_sso_state'

const loginSchema = z.object({ nonce: z.string(), verifier: z.string(), next: z.string() })

/**
 * Starts a sign-in with the provider: a new state, nonce and PKCE verifier, kept (by the state's
 * hash) for 10 minutes. Returns the provider's address to send the browser to, and the state for
 * the browser's cookie; or, past a limit (src/auth/sso-limits.ts), the seconds to wait. Expired
 * logins are swept out at the same time. The start is counted against `addressLimit`, and the row
 * is stored only while fewer than `ssoStartLimits.pending` logins are under way: checked by the
 * insert itself, so the cap holds however many starts come at once.
 */
export async function beginSignIn(
  db: Db,
  provider: Provider,
  origin: string,
  next: string,
  now: Date,
  addressLimit: Limit,
): Promise<{ url: string; state: string } | { wait: number; why: 'address' | 'pending' }> {
  const waitForAddress = await retryAfter(db, [addressLimit], now)
  if (waitForAddress > 0) return { wait: waitForAddress, why: 'address' }
  const as = await discover(provider.issuer)
  const state = oauth.generateRandomState()
  const nonce = oauth.generateRandomNonce()
  const verifier = oauth.generateRandomCodeVerifier()
  const stateHash = await sha256Hex(state)
  const results = await db.$client.batch(
    [
      { sql: 'DELETE FROM sso_logins WHERE expires_at <= ?', args: [now.toISOString()] },
      countHit(addressLimit, now),
      {
        sql: `INSERT INTO sso_logins (state_hash, provider_id, sealed, expires_at)
              SELECT ?, ?, ?, ? WHERE (SELECT count(*) FROM sso_logins) < ?`,
        args: [
          stateHash,
          provider.id,
          await seal(JSON.stringify({ nonce, verifier, next }), `sso-login ${stateHash}`),
          new Date(now.getTime() + loginMinutes * 60_000).toISOString(),
          ssoStartLimits.pending,
        ],
      },
    ],
    'write',
  )
  if (results[2]!.rowsAffected === 0) {
    // full: room again when the oldest login under way expires
    const oldest = await db.$client.execute('SELECT min(expires_at) AS at FROM sso_logins')
    const at = oldest.rows[0]?.at
    const wait = at ? Math.ceil((new Date(String(at)).getTime() - now.getTime()) / 1000) : 1
    return { wait: Math.max(1, wait), why: 'pending' }
  }
  const url = new URL(as.authorization_endpoint!)
  url.search = new URLSearchParams({
    client_id: provider.clientId,
    redirect_uri: callbackUrl(origin, provider.id),
    response_type: 'code',
    scope: 'openid email profile',
    state,
    nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  }).toString()
  return { url: url.toString(), state }
}

export type SignOnResult =
  | { ok: true; user: User; created: boolean; next: string }
  | { ok: false; status: 400 | 403; message: string; audit?: { actor: AuditActor; subject?: string; detail: string } }

const refused = (status: 400 | 403, message: string, audit?: { actor: AuditActor; subject?: string; detail: string }): SignOnResult => ({
  ok: false,
  status,
  message,
  audit,
})

const startAgain = 'Start again with the button below.'

/**
 * Finishes a sign-in when the provider sends the browser back: the state must be this browser's
 * and unused, the code is exchanged with the PKCE verifier, and the ID token must carry the nonce,
 * a verified email and the allowed tenant or domain. Then the account is the active one with that
 * email in the provider's partnership, or one made now from a pending invitation for it.
 */
export async function finishSignIn(db: Db, provider: Provider, callback: URL, browserState: string | undefined, now: Date): Promise<SignOnResult> {
  const method = `sso:${provider.name}`
  // recorded once the provider has vouched for someone (a valid ID token): what comes before is anonymous, and anyone
  // could fill the append-only log with it, so it is only said on the page (as an unknown email at a password sign-in).
  // After it, every refusal is recorded with the method (issue 20: every sign-in, success or failure): each names a
  // person the school's provider signed in (no account, another tenant or domain, no verified email, a leaver), which
  // the lead should be able to see, and each cost a real sign-in at the provider, so nobody can make them in bulk.
  // An unknown email is kept as the entry's subject only: it is what the lead needs to invite the right person.
  const failed = (detail: string, subject?: string) => ({ actor: 'Signpost' as const, subject, detail: `${method}: ${detail}` })
  const state = callback.searchParams.get('state') ?? ''
  if (!state || state.length > 200 || state !== browserState)
    return refused(400, `This sign-in was not started in this browser, or has already been finished. ${startAgain}`)
  // one use: the row is gone from the moment it is read, so a replayed callback finds nothing
  const stateHash = await sha256Hex(state)
  const rs = await db.$client.execute({
    sql: 'DELETE FROM sso_logins WHERE state_hash = ? AND provider_id = ? RETURNING sealed, expires_at',
    args: [stateHash, provider.id],
  })
  const row = rs.rows[0]
  if (!row) return refused(400, `This sign-in has already been used or was never started. ${startAgain}`)
  if (String(row.expires_at) <= now.toISOString()) return refused(400, `This sign-in took more than ${loginMinutes} minutes. ${startAgain}`)
  const opened = await unseal(String(row.sealed), `sso-login ${stateHash}`)
  const login = opened ? loginSchema.safeParse(JSON.parse(opened)) : null
  if (!login?.success) return refused(400, `This sign-in could not be read. ${startAgain}`)
  const { nonce, verifier, next } = login.data

  const secret = await db.select({ sealed: signInProviders.clientSecretSealed }).from(signInProviders).where(eq(signInProviders.id, provider.id)).get()
  const clientSecret = secret ? await unseal(secret.sealed, secretContext(provider)) : null
  if (!clientSecret)
    return refused(
      403,
      'Signpost cannot open this provider’s client secret (the server secret may have changed). Ask your partnership lead to enter the provider again.',
    )

  let claims: oauth.IDToken
  try {
    const issuer = new URL(provider.issuer)
    const as = await discover(provider.issuer)
    // the ID token's times are checked against Signpost's clock (which tests set), not only the machine's
    const client: oauth.Client = { client_id: provider.clientId, [oauth.clockSkew]: Math.round((now.getTime() - Date.now()) / 1000) }
    const params = oauth.validateAuthResponse(as, client, callback, state)
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      oauth.ClientSecretBasic(clientSecret),
      params,
      callbackUrl(callback.origin, provider.id),
      verifier,
      httpOptions(issuer),
    )
    const result = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: nonce, requireIdToken: true })
    await oauth.validateApplicationLevelSignature(as, response, httpOptions(issuer))
    claims = oauth.getValidatedIdTokenClaims(result)!
  } catch (error) {
    return refused(403, `${provider.name} did not confirm who you are (${problemOf(error)}), so you are not signed in. ${startAgain}`)
  }

  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : ''
  // Entra states a verified address by xms_edov (an optional claim) where it gives no email_verified
  const verified = claims.email_verified === true || (provider.kind === 'microsoft' && claims.xms_edov === true)
  if (!email || !verified)
    return refused(
      403,
      `${provider.name} did not give Signpost a verified email address for you, so you are not signed in. Ask your school’s IT team.`,
      failed('no verified email', email || undefined),
    )
  const given = provider.kind === 'microsoft' ? claims.tid : claims.hd
  const allowed = typeof given === 'string' && given.toLowerCase() === provider.allowed.toLowerCase()
  if (!allowed)
    return refused(
      403,
      `You signed in with an account from outside the organisation this partnership allows (${email}). Sign in with your school account.`,
      failed(`${kindWords[provider.kind].allowed} ${typeof given === 'string' ? given : '(none)'} is not the allowed one`, email),
    )

  const user = await db
    .select()
    .from(users)
    .where(and(sql`lower(${users.email}) = ${email}`, eq(users.partnershipId, provider.partnershipId)))
    .get()
  if (user) {
    // an account unused for the partnership's number of days is deactivated now, as at a password sign-in
    if (!user.deactivatedAt) await deactivateUnused(db, now, 'Signpost', user.id)
    const fresh = (await db.query.users.findFirst({ where: eq(users.id, user.id) }))!
    if (fresh.deactivatedAt)
      return refused(
        403,
        `This account has been deactivated (${fresh.deactivatedReason ?? 'by the partnership lead'}). Ask your partnership lead to reactivate it.`,
        { actor: actorOf(fresh), detail: `${method}: the account is deactivated` },
      )
    return { ok: true, user: fresh, created: false, next }
  }
  const invitation = await pendingInvitationFor(db, email, provider.partnershipId, now)
  if (invitation) {
    const name = accountFields.name.safeParse(claims.name)
    const id = await acceptInvitationBySignOn(db, invitation, { email, name: name.success ? name.data : email.split('@')[0]! }, now)
    const created = id === null ? undefined : await db.query.users.findFirst({ where: eq(users.id, id) })
    if (created) return { ok: true, user: created, created: true, next }
  }
  return refused(
    403,
    `There is no Signpost account for ${email}. Signpost does not make accounts by itself: ask your partnership lead to invite you.`,
    failed('no account has this email', email),
  )
}

/** What went wrong inside the protocol, in a few words for the audit log (never a token). */
function problemOf(error: unknown): string {
  if (error instanceof oauth.AuthorizationResponseError) return `the provider refused (${error.error})`
  if (error instanceof oauth.ResponseBodyError) return `the provider refused the code (${error.error})`
  if (error instanceof oauth.OperationProcessingError) {
    if (error.code === oauth.JWT_TIMESTAMP_CHECK) return 'the ID token had expired'
    if (error.code === oauth.JWT_CLAIM_COMPARISON)
      return `the ID token did not match (${String((error.cause as { claim?: string } | undefined)?.claim ?? 'a claim')})`
    return `the ID token was not valid (${error.code ?? 'unknown'})`
  }
  return 'the provider could not be reached'
}

/** The audit entry of a refused sign-on, or of a successful one. */
export function signOnAudit(provider: Provider, result: SignOnResult, now: Date) {
  if (result.ok)
    return auditStatement({
      action: 'sign-in',
      actor: actorOf(result.user),
      partnershipId: result.user.partnershipId,
      detail: `sso:${provider.name}${result.created ? ', accepting an invitation' : ''}`,
      at: now,
    })
  return result.audit ? auditStatement({ action: 'sign-in.failed', partnershipId: provider.partnershipId, ...result.audit, at: now }) : null
}

/** Session cookies' names, as src/auth/sessions.ts sets them (https and plain http). */
const sessionCookies = ['__Host-signpost_session', 'signpost_session']

/**
 * Marks the session just started (its cookie is on the response) as begun by single sign-on, so the
 * guard does not ask it for Signpost's own second factor: the provider's sign-in, with the MFA the
 * school's IT requires there, stands in for it.
 */
export async function markSignOnSession(c: Context, db: Db, providerId: number): Promise<void> {
  const set = c.res.headers.getSetCookie().map((line) => line.split(';')[0]!)
  const token = set.map((pair) => pair.split('=')).find(([name]) => sessionCookies.includes(name!))?.[1]
  if (!token) return
  await db.$client.batch(
    [
      { sql: 'DELETE FROM sso_sessions WHERE session_id_hash NOT IN (SELECT id_hash FROM sessions)', args: [] },
      { sql: 'INSERT INTO sso_sessions (session_id_hash, provider_id) VALUES (?, ?)', args: [await sha256Hex(token), providerId] },
    ],
    'write',
  )
}

/** Whether this browser's session was begun by single sign-on. */
export async function isSignOnSession(c: Context, db: Db): Promise<boolean> {
  const token = sessionCookies.map((name) => getCookie(c, name)).find(Boolean)
  if (!token || token.length > 100) return false
  const rs = await db.$client.execute({
    sql: 'SELECT 1 FROM sso_sessions s JOIN sessions ON sessions.id_hash = s.session_id_hash WHERE s.session_id_hash = ?',
    args: [await sha256Hex(token)],
  })
  return rs.rows.length > 0
}
