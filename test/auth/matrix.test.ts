import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { addUser } from '../../src/auth/users.ts'
import type { Db } from '../../src/db/database.ts'
import { addInstitution, addPartnership } from '../../src/org/organisations.ts'
import { freshDatabase } from '../support/app.ts'
import { miniCatalog, respondents, seedOrganisation, seedRound } from '../support/fixtures.ts'
import { origin, signIn, staffPassword as password } from '../support/staff.ts'

/**
 * Every route of the app, for every kind of caller, against institution A's data. The list
 * of routes comes from the router itself: a route added without a rule here fails the test.
 */
/**
 * public: anyone. home: leads get their page, others are sent on (303). read / write: the
 * institution's own staff and its partnership's lead (viewers only read). staff: any signed-in
 * member of staff, about their own partnership. lead: the partnership lead only, about their own
 * partnership (everyone else 403). lead-institution: the lead of the institution's partnership only
 * (its coordinator and viewer 403; other schools and partnerships 404).
 */
type Rule = 'public' | 'home' | 'read' | 'write' | 'staff' | 'lead' | 'lead-institution'
const rules: Record<string, Rule> = {
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

const catalog = miniCatalog()
let db: Db
let dispose: () => void
let app: ReturnType<typeof createApp>
let elm: number
let roundId: number
const cookies: Record<string, string> = {}
const personas = ['anonymous', 'viewer of A', 'coordinator of A', 'coordinator of B', 'lead of A’s partnership', 'lead of another partnership'] as const
type Persona = (typeof personas)[number]

beforeAll(async () => {
  ;({ db, dispose } = await freshDatabase())
  elm = await seedOrganisation(db, 'elm-school')
  await addInstitution(db, { slug: 'ash-school', name: 'Ash School', partnership: 'fixture-city' })
  await addPartnership(db, { slug: 'elsewhere', name: 'Elsewhere' })
  roundId = (await seedRound(db, catalog, 'elm-school', '2025/26', respondents({ year_group: Array(6).fill('y8'), q1: Array(6).fill('4') }))).id
  const people: [Persona, Parameters<typeof addUser>[1]][] = [
    ['viewer of A', { email: 'v@a.test', name: 'Viewer A', role: 'viewer', partnership: 'fixture-city', institution: 'elm-school', password }],
    ['coordinator of A', { email: 'c@a.test', name: 'Coordinator A', role: 'coordinator', partnership: 'fixture-city', institution: 'elm-school', password }],
    ['coordinator of B', { email: 'c@b.test', name: 'Coordinator B', role: 'coordinator', partnership: 'fixture-city', institution: 'ash-school', password }],
    ['lead of A’s partnership', { email: 'lead@a.test', name: 'Lead A', role: 'lead', partnership: 'fixture-city', password }],
    ['lead of another partnership', { email: 'lead@else.test', name: 'Lead Else', role: 'lead', partnership: 'elsewhere', password }],
  ]
  app = createApp({ getDb: () => db, catalog, now: () => new Date('2025-11-20T10:00:00Z') })
  for (const [persona, user] of people) {
    await addUser(db, user)
    cookies[persona] = await signIn(app, user.email)
  }
})
afterAll(() => dispose())

function request(method: string, path: string, persona: Persona) {
  const url = path
    .replace(':id', String(elm))
    .replace(':roundId', String(roundId))
    .replace(':action{close|open}', 'open')
    .replace(':code', 'NOSUCH')
    .replace(':token', 'no-such-token-000000000000')
  const query = /report|action-plan|\.csv/.test(url) ? '?survey=mini&year=2025/26' : ''
  const headers: Record<string, string> = { origin, 'content-type': method === 'PUT' ? 'application/json' : 'application/x-www-form-urlencoded' }
  if (persona !== 'anonymous') headers.cookie = cookies[persona]!
  const body = method === 'GET' ? undefined : method === 'PUT' ? JSON.stringify({ developmentKeys: ['q1', 'q2', 'q3'] }) : new URLSearchParams({ survey: 'mini', year: '2026/27', count: '2' })
  return app.request(`${url}${query}`, { method, headers, body })
}

/** The exact status a caller must get, or 'allowed': past every check (not 401, 403 or 404, and no server error). */
function expected(rule: Rule, persona: Persona, path: string): number | 'allowed' {
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

describe('the authorisation matrix', () => {
  const routes = [...new Set(createApp({ getDb: () => db, catalog }).routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))]

  it('has a rule for every route the app serves', () => {
    expect(routes.filter((r) => !(r in rules))).toEqual([])
  })

  for (const route of Object.keys(rules)) {
    const [method, path] = route.split(' ') as [string, string]
    it(`${route}`, async () => {
      for (const persona of personas) {
        if (rules[route] === 'public' && persona !== 'anonymous') continue
        const res = await request(method, path, persona)
        const want = expected(rules[route]!, persona, path)
        if (want === 'allowed') {
          expect([401, 403, 404].includes(res.status) && rules[route] !== 'public', `${persona}: ${res.status}`).toBe(false)
          expect(res.status, persona).toBeLessThan(500)
        } else expect(res.status, persona).toBe(want)
      }
    })
  }
})
