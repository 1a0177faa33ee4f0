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
 * (its coordinator and viewer 403; other schools and partnerships 404).
 */
export type Rule = 'public' | 'home' | 'read' | 'write' | 'staff' | 'lead' | 'lead-institution'
export const rules: Record<string, Rule> = {
  'GET /': 'public',
  'GET /healthz': 'public',
  'GET /s/:code': 'public',
  'POST /s/:code': 'public',
  'GET /s/:code/thanks': 'public',
  'GET /api/surveys/:code': 'public',
  'POST /api/surveys/:code/responses': 'public',
  'GET /sign-in': 'public',
  'POST /sign-in': 'public',
  'POST /sign-out': 'public',
  'GET /invite/:token': 'public',
  'POST /invite/:token': 'public',
  'GET /dashboard': 'home',
  'GET /dashboard/institutions/:id': 'read',
  'GET /dashboard/institutions/:id/report': 'read',
  'GET /dashboard/institutions/:id/report.csv': 'read',
  'GET /dashboard/institutions/:id/answers.csv': 'read',
  'GET /dashboard/institutions/:id/rounds/:roundId/sheet': 'read',
  'GET /api/institutions/:id/report': 'read',
  'GET /dashboard/institutions/:id/import': 'write',
  'POST /dashboard/institutions/:id/import/preview': 'write',
  'POST /dashboard/institutions/:id/import/confirm': 'write',
  'POST /dashboard/institutions/:id/action-plan': 'write',
  'POST /dashboard/institutions/:id/rounds': 'write',
  'POST /dashboard/institutions/:id/rounds/:roundId/:action{close|open}': 'write',
  'POST /dashboard/institutions/:id/rounds/:roundId/tokens': 'write',
  'PUT /api/institutions/:id/action-plan': 'write',
  // the IAG Improvement Framework (src/framework/routes.tsx)
  'GET /dashboard/framework': 'home',
  'GET /dashboard/framework.csv': 'lead',
  'GET /dashboard/framework/criteria': 'staff',
  'POST /dashboard/framework/criteria': 'lead',
  'GET /dashboard/framework/import': 'lead',
  'POST /dashboard/framework/import/preview': 'lead',
  'POST /dashboard/framework/import/confirm': 'lead',
  'GET /dashboard/institutions/:id/framework': 'read',
  'POST /dashboard/institutions/:id/framework': 'lead-institution',
  'POST /dashboard/institutions/:id/framework/actions': 'write',
  'GET /dashboard/institutions/:id/you-said': 'read',
  'POST /dashboard/institutions/:id/you-said': 'write',
}

export const personas = ['anonymous', 'viewer of A', 'coordinator of A', 'coordinator of B', 'lead of A’s partnership', 'lead of another partnership'] as const
export type Persona = (typeof personas)[number]

/** The exact status a caller must get, or 'allowed': past every check (not 401, 403 or 404, and no server error). */
export function expected(rule: Rule, persona: Persona, path: string): number | 'allowed' {
  const api = path.startsWith('/api/')
  if (rule === 'public') return 'allowed'
  if (persona === 'anonymous') return api ? 401 : 303
  if (rule === 'home') return persona.startsWith('lead') ? 200 : 303
  if (rule === 'staff') return 'allowed'
  if (rule === 'lead') return persona.startsWith('lead') ? 'allowed' : 403
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
}

/**
 * Seeds two institutions of one partnership (A and B), another partnership, a round of A with
 * `people` as its respondents, and one member of staff per persona; then signs them all in
 * through `fetch`. `prefix` keeps the slugs and emails apart from other data in the database.
 */
export async function prepareMatrix(
  db: Db,
  catalog: SurveyCatalog,
  options: { origin: string; fetch: (req: Request) => Promise<Response>; surveyId: string; people: Record<string, string>[]; prefix?: string },
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
  }
}

/** The request a persona sends to a route of the matrix. */
export function matrixRequest(t: MatrixTarget, method: string, path: string, persona: Persona): Request {
  const url = path
    .replace(':id', String(t.institutionId))
    .replace(':roundId', String(t.roundId))
    .replace(':action{close|open}', 'open')
    .replace(':code', 'NOSUCH')
    .replace(':token', 'no-such-token-000000000000')
  const query = /report|action-plan|\.csv/.test(url) ? `?survey=${t.surveyId}&year=2025/26` : ''
  const headers: Record<string, string> = { origin: t.origin, 'content-type': method === 'PUT' ? 'application/json' : 'application/x-www-form-urlencoded' }
  if (persona !== 'anonymous') headers.cookie = t.cookies[persona]!
  const body =
    method === 'GET' ? undefined : method === 'PUT' ? JSON.stringify({ developmentKeys: t.developmentKeys }) : new URLSearchParams({ survey: t.surveyId, year: '2026/27', count: '2' })
  return new Request(`${t.origin}${url}${query}`, { method, headers, body, redirect: 'manual' })
}

/** Sends every persona's request to a route and checks each status; returns the mismatches. */
export async function checkRoute(t: MatrixTarget, route: string): Promise<string[]> {
  const [method, path] = route.split(' ') as [string, string]
  const rule = rules[route]!
  const wrong: string[] = []
  for (const persona of personas) {
    if (rule === 'public' && persona !== 'anonymous') continue
    const res = await t.fetch(matrixRequest(t, method, path, persona))
    await res.body?.cancel()
    const want = expected(rule, persona, path)
    if (want === 'allowed') {
      if (([401, 403, 404].includes(res.status) && rule !== 'public') || res.status >= 500) wrong.push(`${persona}: ${res.status}, expected to be let through`)
    } else if (res.status !== want) wrong.push(`${persona}: ${res.status}, expected ${want}`)
  }
  return wrong
}
