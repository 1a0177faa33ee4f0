import { isDeepStrictEqual } from 'node:util'
import { expect } from 'vitest'
import { addUser } from '../../src/auth/users.ts'
import type { Db } from '../../src/db/database.ts'
import { addInstitution, addPartnership } from '../../src/org/organisations.ts'
import type { SurveyCatalog } from '../../src/surveys/load.ts'
import { scoredQuestions } from '../../src/surveys/schema.ts'
import { seedOrganisation, seedRound } from '../support/fixtures.ts'
import { staffPassword as password } from '../support/staff.ts'

/**
 * The authorisation matrix: every route of the app, for every kind of caller, against
 * institution A's data, with the exact status each must get. Run in this process
 * (matrix.test.ts) and against the Worker under workerd (test/entry/worker-suites.test.ts).
 */
/**
 * public: anyone. home: leads get their page, others are sent on (303). read / write: the
 * institution's own staff and its partnership's lead (viewers only read). staff: any signed-in
 * member of staff, about their own partnership. lead: the partnership lead only, about their own
 * partnership (everyone else 403). lead-institution: the lead of the institution's partnership only
 * (its coordinator and viewer 403; other schools and partnerships 404). managers: leads and
 * coordinators, about their own partnership or institution (viewers 403).
 */
export type Rule = 'public' | 'home' | 'read' | 'write' | 'staff' | 'lead' | 'lead-institution' | 'managers'
/**
 * Each route's rule, and the exact status a caller who passes every check gets for the request
 * `matrixRequest` sends (a generic one: an unknown code, a form without the fields the handler
 * wants). A 400 or 409 there shows the request got past authorisation into the handler's own checks.
 */
export const rules: Record<string, readonly [Rule, number]> = {
  'GET /': ['public', 200],
  'GET /healthz': ['public', 200],
  'GET /s/:code': ['public', 404],
  'POST /s/:code': ['public', 404],
  'GET /s/:code/thanks': ['public', 404],
  'GET /api/surveys/:code': ['public', 404],
  'POST /api/surveys/:code/responses': ['public', 415],
  'GET /sign-in': ['public', 200],
  'POST /sign-in': ['public', 401],
  'POST /sign-out': ['public', 303],
  'GET /invite/:token': ['public', 410],
  'POST /invite/:token': ['public', 410],
  // the privacy notice for respondents (src/privacy/routes.tsx)
  'GET /privacy': ['public', 200],
  'GET /accessibility': ['public', 200],
  'GET /dashboard': ['home', 200],
  'GET /dashboard/institutions/:id': ['read', 200],
  'GET /dashboard/institutions/:id/report': ['read', 200],
  'GET /dashboard/institutions/:id/report.csv': ['read', 200],
  'GET /dashboard/institutions/:id/summary.pdf': ['read', 200],
  'GET /dashboard/institutions/:id/answers.csv': ['lead-institution', 409],
  'GET /dashboard/institutions/:id/rounds/:roundId/sheet': ['read', 200],
  // the staff preview of a round's survey, which stores nothing (src/collect/pages.tsx): coordinators and the lead
  'GET /dashboard/institutions/:id/rounds/:roundId/preview': ['write', 200],
  'POST /dashboard/institutions/:id/rounds/:roundId/preview': ['write', 400],
  'GET /dashboard/institutions/:id/rounds/:roundId/preview/thanks': ['write', 200],
  'GET /api/institutions/:id/report': ['read', 200],
  // only the partnership lead imports an earlier year's answers (src/importers/pages.tsx)
  'GET /dashboard/institutions/:id/import': ['lead-institution', 200],
  'POST /dashboard/institutions/:id/import/preview': ['lead-institution', 400],
  'POST /dashboard/institutions/:id/import/confirm': ['lead-institution', 400],
  // the files imported, each removable as a whole, and the templates of the plain CSV (src/importers/pages.tsx)
  'GET /dashboard/institutions/:id/imports': ['lead-institution', 200],
  'GET /dashboard/institutions/:id/imports/:importId/remove': ['lead-institution', 404],
  'POST /dashboard/institutions/:id/imports/:importId/remove': ['lead-institution', 404],
  'GET /dashboard/import/templates/:file': ['staff', 200],
  'POST /dashboard/institutions/:id/action-plan': ['write', 400],
  'POST /dashboard/institutions/:id/rounds': ['write', 303],
  'GET /dashboard/institutions/:id/counts': ['read', 200],
  // the careers impact statement and the Benchmark 1 evidence pack (src/evidence/routes.tsx)
  'GET /dashboard/institutions/:id/impact': ['read', 200],
  'GET /dashboard/institutions/:id/impact.md': ['read', 200],
  'GET /dashboard/institutions/:id/evidence.csv': ['read', 200],
  'GET /dashboard/institutions/:id/rounds/:roundId/:action{close|open}': ['write', 200],
  'POST /dashboard/institutions/:id/rounds/:roundId/:action{close|open}': ['write', 303],
  'POST /dashboard/institutions/:id/rounds/:roundId/tokens': ['write', 200],
  // codes for events of a code-only round (src/rounds/event-codes.ts)
  'POST /dashboard/institutions/:id/rounds/:roundId/event-codes': ['write', 400],
  'POST /dashboard/institutions/:id/rounds/:roundId/event-codes/:code/stop': ['write', 404],
  // only the partnership lead voids a flood of today's responses (src/rounds/void-pages.tsx)
  'GET /dashboard/institutions/:id/rounds/:roundId/void': ['lead-institution', 200],
  'POST /dashboard/institutions/:id/rounds/:roundId/void': ['lead-institution', 400],
  // year-group sizes (src/coverage/): an institution's on its page, the whole partnership's by CSV (the lead)
  'POST /dashboard/institutions/:id/roll': ['write', 303],
  'GET /dashboard/rolls': ['lead', 200],
  'POST /dashboard/rolls': ['lead', 400],
  'PUT /api/institutions/:id/action-plan': ['write', 200],
  // the IAG Improvement Framework (src/framework/routes.tsx)
  'GET /dashboard/framework': ['home', 200],
  'GET /dashboard/framework.csv': ['lead', 200],
  'GET /dashboard/framework/summaries.pdf': ['lead', 200],
  'GET /dashboard/framework/matrix.pdf': ['lead', 200],
  'GET /dashboard/framework/criteria': ['staff', 200],
  'POST /dashboard/framework/criteria': ['lead', 400],
  'GET /dashboard/framework/import': ['lead', 200],
  'POST /dashboard/framework/import/preview': ['lead', 400],
  'POST /dashboard/framework/import/confirm': ['lead', 400],
  'GET /dashboard/framework/import/template.csv': ['staff', 200],
  'GET /dashboard/institutions/:id/framework': ['read', 200],
  'POST /dashboard/institutions/:id/framework': ['lead-institution', 303],
  'POST /dashboard/institutions/:id/framework/actions': ['write', 303],
  'GET /dashboard/institutions/:id/you-said': ['read', 400],
  'POST /dashboard/institutions/:id/you-said': ['write', 409],
  // the audit log (src/audit/routes.tsx): the lead's of the partnership, a coordinator's of their institution (viewers 403)
  'GET /dashboard/audit': ['lead', 200],
  'GET /dashboard/audit.csv': ['lead', 200],
  'GET /dashboard/institutions/:id/audit': ['write', 200],
  'GET /dashboard/institutions/:id/audit.csv': ['write', 200],
  // the DPIA and records-of-processing pack (src/privacy/dpia-routes.ts)
  'GET /dashboard/dpia.md': ['lead', 200],
  'GET /dashboard/dpia.pdf': ['lead', 200],
  // deletion on request (src/retention/deletion-routes.tsx): a POST without the confirmation box ticked deletes nothing (400)
  'GET /dashboard/institutions/:id/delete-round/:roundId': ['lead-institution', 200],
  'POST /dashboard/institutions/:id/delete-round/:roundId': ['lead-institution', 400],
  'GET /dashboard/institutions/:id/delete': ['lead-institution', 200],
  'POST /dashboard/institutions/:id/delete': ['lead-institution', 400],
  'GET /dashboard/institutions/:id/delete-answer': ['write', 400],
  'POST /dashboard/institutions/:id/delete-answer': ['write', 400],
  // staff accounts (src/auth/accounts-pages.tsx): the lead manages every account, a coordinator invites viewers; the matrix's ':userId' is no account (404)
  'GET /dashboard/accounts': ['managers', 200],
  'POST /dashboard/accounts/invite': ['managers', 400],
  'POST /dashboard/accounts/rules': ['lead', 400],
  'GET /dashboard/accounts/:userId': ['lead', 404],
  'POST /dashboard/accounts/:userId/role': ['lead', 404],
  'POST /dashboard/accounts/:userId/deactivate': ['lead', 404],
  'POST /dashboard/accounts/:userId/reactivate': ['lead', 404],
  'POST /dashboard/accounts/:userId/reset-link': ['lead', 404],
  'POST /dashboard/accounts/:userId/two-factor-off': ['lead', 404],
  // single sign-on providers (src/auth/sign-in-providers-pages.tsx), the lead's; the matrix's ':providerId' is no provider (404)
  'GET /dashboard/accounts/sign-in-providers': ['lead', 200],
  'POST /dashboard/accounts/sign-in-providers': ['lead', 400],
  'POST /dashboard/accounts/sign-in-providers/:providerId/remove': ['lead', 404],
  // signing in by single sign-on (src/auth/sso-routes.tsx): public; no such provider (404)
  'GET /sign-in/sso/:providerId': ['public', 404],
  'GET /sign-in/sso/:providerId/callback': ['public', 404],
  // choosing a new password with a one-time link (src/auth/routes.tsx)
  'GET /reset/:token': ['public', 410],
  'POST /reset/:token': ['public', 410],
  // sign-in's second step, the code (src/auth/routes.tsx): without a session waiting for one, back to sign in
  'GET /sign-in/code': ['public', 303],
  'POST /sign-in/code': ['public', 401],
  // your own account and its two-factor sign-in (src/auth/your-account-pages.tsx): a form without the password or code is refused
  'GET /dashboard/account': ['staff', 200],
  'POST /dashboard/account/two-factor': ['staff', 400],
  'POST /dashboard/account/two-factor/confirm': ['staff', 400],
  'POST /dashboard/account/two-factor/off': ['staff', 400],
  // ending your own sessions (src/auth/your-account-pages.tsx): a form that names none ends none
  'POST /dashboard/account/sessions/end': ['staff', 400],
}

/**
 * The downloads the audit log records (src/audit/): these GETs append an audit_log row, and
 * nothing else. Every other GET must leave every table alone, the audit log included.
 */
export const auditedGets: ReadonlySet<string> = new Set([
  'GET /dashboard/institutions/:id/report.csv',
  'GET /dashboard/institutions/:id/summary.pdf',
  'GET /dashboard/institutions/:id/answers.csv',
  'GET /dashboard/framework.csv',
  'GET /dashboard/framework/summaries.pdf',
  'GET /dashboard/framework/matrix.pdf',
])

/** A snapshot without the audit log, for the GETs that record a download. */
const withoutAudit = (snapshot: unknown) => {
  const { audit_log: _, ...rest } = snapshot as Record<string, unknown>
  return rest
}

export const personas = [
  'anonymous',
  'viewer of A',
  'coordinator of A',
  'coordinator of B',
  'lead of A’s partnership',
  'lead of another partnership',
  // a coordinator of A deactivated after signing in, whose session row was kept: the guard itself must refuse it
  'deactivated coordinator of A',
  // a lead whose password was right and whose second factor's code is still due
  'lead of A’s partnership, code due',
] as const
export type Persona = (typeof personas)[number]

/** The personas that reach no staff page or action: they get what someone signed out gets. */
const signedOut = (persona: Persona) => persona === 'anonymous' || persona === 'deactivated coordinator of A' || persona === 'lead of A’s partnership, code due'

/** The exact status a caller must get; 'allowed' when past every check (then the route's own status in `rules`). */
export function expected(rule: Rule, persona: Persona, path: string, method = 'GET'): number | 'allowed' {
  const api = path.startsWith('/api/')
  if (rule === 'public') return 'allowed'
  // a page is sent to sign in; a form sent without a session gets the sign-in page itself (401), carrying what was typed
  if (signedOut(persona)) return api ? 401 : method === 'GET' ? 303 : 401
  if (rule === 'home') return persona.startsWith('lead') ? 200 : 303
  if (rule === 'staff') return 'allowed'
  if (rule === 'lead') return persona.startsWith('lead') ? 'allowed' : 403
  if (rule === 'managers') return persona === 'viewer of A' ? 403 : 'allowed'
  if (persona === 'coordinator of B' || persona === 'lead of another partnership') return 404
  if (persona === 'viewer of A' && rule === 'write') return 403
  if (rule === 'lead-institution' && persona !== 'lead of A’s partnership') return 403
  return 'allowed'
}

/** What the matrix runs against: a way to send a request, and what the seeding made. */
export type MatrixTarget = {
  origin: string
  fetch: (req: Request) => Promise<Response>
  surveyId: string
  developmentKeys: string[]
  institutionId: number
  roundId: number
  cookies: Partial<Record<Persona, string>>
  /** The database's content, to prove a GET changes nothing (see snapshotDatabase in test/hostile/in-process-target.ts). */
  snapshot: () => Promise<unknown>
}

/**
 * Seeds two institutions of one partnership (A and B), another partnership, a round of A with
 * `people` as its respondents, and one member of staff per persona; then signs them all in
 * through `fetch`. `prefix` keeps the slugs and emails apart from other data in the database.
 */
export async function prepareMatrix(
  db: Db,
  catalog: SurveyCatalog,
  options: {
    origin: string
    fetch: (req: Request) => Promise<Response>
    surveyId: string
    people: Record<string, string>[]
    prefix?: string
    snapshot: () => Promise<unknown>
  },
): Promise<MatrixTarget> {
  const p = options.prefix ?? ''
  const partnership = `${p}fixture-city`
  const elsewhere = `${p}elsewhere`
  await addPartnership(db, { slug: partnership, name: 'Fixture City' })
  const institutionId = await seedOrganisation(db, `${p}elm-school`, partnership)
  await addInstitution(db, { slug: `${p}ash-school`, name: 'Ash School', partnership })
  await addPartnership(db, { slug: elsewhere, name: 'Elsewhere' })
  const round = await seedRound(db, catalog, `${p}elm-school`, '2025/26', options.people, options.surveyId)
  const people: [Persona, Parameters<typeof addUser>[1]][] = [
    ['viewer of A', { email: `${p}v@a.test`, name: 'Viewer A', role: 'viewer', partnership, institution: `${p}elm-school`, password }],
    ['coordinator of A', { email: `${p}c@a.test`, name: 'Coordinator A', role: 'coordinator', partnership, institution: `${p}elm-school`, password }],
    ['coordinator of B', { email: `${p}c@b.test`, name: 'Coordinator B', role: 'coordinator', partnership, institution: `${p}ash-school`, password }],
    ['lead of A’s partnership', { email: `${p}lead@a.test`, name: 'Lead A', role: 'lead', partnership, password }],
    ['lead of another partnership', { email: `${p}lead@else.test`, name: 'Lead Else', role: 'lead', partnership: elsewhere, password }],
  ]
  const cookies: MatrixTarget['cookies'] = {}
  for (const [persona, user] of people) {
    await addUser(db, user)
    const res = await options.fetch(
      new Request(`${options.origin}/sign-in`, {
        method: 'POST',
        body: new URLSearchParams({ email: user.email, password }),
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: options.origin },
        redirect: 'manual',
      }),
    )
    expect(res.status, `signing in as ${persona}`).toBe(303)
    cookies[persona] = res.headers.get('set-cookie')!.split(';')[0]!
  }
  // signed in, then deactivated with the session row left in place (deactivating through the app deletes it too)
  const gone = `${p}gone@a.test`
  await addUser(db, { email: gone, name: 'Gone A', role: 'coordinator', partnership, institution: `${p}elm-school`, password })
  cookies['deactivated coordinator of A'] = await signInThrough(options, gone, 303)
  await db.$client.execute({ sql: `UPDATE users SET deactivated_at = '2025-11-01T00:00:00Z', deactivated_reason = 'left' WHERE email = ?`, args: [gone] })
  // a confirmed second factor (its secret is never checked here): the right password gives a session waiting for the code
  const halfway = `${p}lead2@a.test`
  await addUser(db, { email: halfway, name: 'Lead Two A', role: 'lead', partnership, password })
  await db.$client.execute({
    sql: `INSERT INTO second_factors (user_id, secret_sealed, confirmed_at) SELECT id, 'not a sealed secret', '2025-11-01T00:00:00Z' FROM users WHERE email = ?`,
    args: [halfway],
  })
  cookies['lead of A’s partnership, code due'] = await signInThrough(options, halfway, 200)
  const survey = catalog.get(options.surveyId)!
  return {
    origin: options.origin,
    fetch: options.fetch,
    surveyId: options.surveyId,
    developmentKeys: scoredQuestions(survey)
      .slice(0, 3)
      .map((q) => q.key),
    institutionId,
    roundId: round.id,
    cookies,
    snapshot: options.snapshot,
  }
}

/** Signs in with the form through `fetch`, expecting `status`; the session cookie. */
async function signInThrough(options: { origin: string; fetch: (req: Request) => Promise<Response> }, email: string, status: number) {
  const res = await options.fetch(
    new Request(`${options.origin}/sign-in`, {
      method: 'POST',
      body: new URLSearchParams({ email, password }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: options.origin },
      redirect: 'manual',
    }),
  )
  await res.body?.cancel()
  expect(res.status, `signing in as ${email}`).toBe(status)
  return res.headers.get('set-cookie')!.split(';')[0]!
}

/** The request a persona sends to a route of the matrix. */
export function matrixRequest(t: MatrixTarget, method: string, path: string, persona: Persona): Request {
  const url = path
    .replace(':id', String(t.institutionId))
    .replace(':roundId', String(t.roundId))
    .replace(':action{close|open}', 'open')
    .replace(':code', 'NOSUCH')
    .replace(':token', 'no-such-token-000000000000')
    .replace(':importId', '0')
    .replace(':file', `${t.surveyId}.csv`)
  const query = /report|action-plan|\.csv|\.pdf/.test(url) ? `?survey=${t.surveyId}&year=2025/26` : ''
  const headers: Record<string, string> = { origin: t.origin, 'content-type': method === 'PUT' ? 'application/json' : 'application/x-www-form-urlencoded' }
  if (persona !== 'anonymous') headers.cookie = t.cookies[persona]!
  const body =
    method === 'GET'
      ? undefined
      : method === 'PUT'
        ? JSON.stringify({ developmentKeys: t.developmentKeys })
        : // a year with no round before it: opening it locks no action plan the matrix sends
          new URLSearchParams({ survey: t.surveyId, year: '2027/28', count: '2' })
  return new Request(`${t.origin}${url}${query}`, { method, headers, body, redirect: 'manual' })
}

/** Sends every persona's request to a route and checks each status; returns the mismatches. */
export async function checkRoute(t: MatrixTarget, route: string): Promise<string[]> {
  const [method, path] = route.split(' ') as [string, string]
  const [rule, allowed] = rules[route]!
  const wrong: string[] = []
  for (const persona of personas) {
    if (rule === 'public' && persona !== 'anonymous') continue
    const before = method === 'GET' ? await t.snapshot() : undefined
    const res = await t.fetch(matrixRequest(t, method, path, persona))
    await res.body?.cancel()
    // no state change on GET, whoever asks
    const after = before === undefined ? undefined : await t.snapshot()
    const same = auditedGets.has(route) ? isDeepStrictEqual(withoutAudit(before), withoutAudit(after)) : isDeepStrictEqual(before, after)
    if (before !== undefined && !same) wrong.push(`${persona}: the GET changed the database`)
    const verdict = expected(rule, persona, path, method)
    const want = verdict === 'allowed' ? allowed : verdict
    if (res.status !== want) wrong.push(`${persona}: ${res.status}, expected ${want}${verdict === 'allowed' ? ' (let through)' : ''}`)
  }
  return wrong
}
