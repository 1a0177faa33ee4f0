import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { addUser } from '../../src/auth/users.ts'
import type { Db } from '../../src/db/database.ts'
import { closeRound } from '../../src/rounds/rounds.ts'
import { freshDatabase } from '../support/app.ts'
import { miniCatalog, seedOrganisation, seedRound } from '../support/fixtures.ts'
import { origin, postForm, signIn, staffPassword as password } from '../support/staff.ts'
import { sectionById } from './support.ts'

/**
 * The attack: this year's round shows Red (last year's three development questions are still
 * this year's top three), so the coordinator rewrites last year's action plan, naming questions
 * that have since left the top three, and the rating turns. Once this year's round has opened,
 * last year's plan is locked: only the lead may change it, and the report then says so.
 */
const catalog = miniCatalog()
// q1-q3 are the lowest scores both years: last year's top three stay this year's top three
const people = Array.from({ length: 12 }, () => ({ q1: '1', q2: '2', q3: '2', q4: '5', q5: '4' }))

let db: Db
let dispose: () => void
let app: ReturnType<typeof createApp>
let institutionId: number
beforeEach(async () => {
  ;({ db, dispose } = await freshDatabase())
  institutionId = await seedOrganisation(db)
  await addUser(db, {
    email: 'elm@school.test',
    name: 'Elm Coordinator',
    role: 'coordinator',
    partnership: 'fixture-city',
    institution: 'elm-school',
    password,
  })
  await addUser(db, { email: 'lead@city.test', name: 'City Lead', role: 'lead', partnership: 'fixture-city', password })
  app = createApp({ getDb: () => db, catalog, now: () => new Date('2025-11-20T10:00:00Z') })
  await closeRound(db, await seedRound(db, catalog, 'elm-school', '2024/25', people))
})
afterEach(() => dispose())

const planPath = () => `/api/institutions/${institutionId}/action-plan?survey=mini&year=2024%2F25`
const putPlan = (cookie: string, keys: string[]) =>
  app.request(planPath(), {
    method: 'PUT',
    headers: { cookie, origin, 'content-type': 'application/json' },
    body: JSON.stringify({ developmentKeys: keys, actions: { [keys[0]!]: 'Employer talks' } }),
  })
const report = async (cookie: string) => {
  const res = await app.request(`/api/institutions/${institutionId}/report?survey=mini&year=2025%2F26`, { headers: { cookie } })
  expect(res.status).toBe(200)
  return (await res.json()) as { rag: { rating: string }; development: { keys: string[]; changedAfterOpeningOn: string | null } }
}
const page = async (cookie: string, year: string) => {
  const res = await app.request(`/dashboard/institutions/${institutionId}/report?survey=mini&year=${encodeURIComponent(year)}`, { headers: { cookie } })
  expect(res.status).toBe(200)
  return res.text()
}

describe('last year’s action plan, once this year’s round has opened', () => {
  it('can be changed by the coordinator before this year’s round opens', async () => {
    const coordinator = await signIn(app, 'elm@school.test')
    expect((await putPlan(coordinator, ['q3', 'q4', 'q5'])).status).toBe(200)
    await seedRound(db, catalog, 'elm-school', '2025/26', people)
    const now = await report(coordinator)
    expect(now.development.keys).toEqual(['q3', 'q4', 'q5'])
    expect(now.development.changedAfterOpeningOn).toBeNull()
    expect(await page(coordinator, '2025/26')).not.toContain('id="plan-changed-late"')
  })

  it('cannot be rewritten by the coordinator to turn this year’s Red, by the API or the report page form', async () => {
    await seedRound(db, catalog, 'elm-school', '2025/26', people)
    const coordinator = await signIn(app, 'elm@school.test')
    expect((await report(coordinator)).rag.rating).toBe('Red')

    const refused = await putPlan(coordinator, ['q3', 'q4', 'q5'])
    expect(refused.status).toBe(409)
    expect(await refused.text()).toContain('The 2024/25 action plan is locked: the 2025/26 round has opened')
    const form = await postForm(app, `/dashboard/institutions/${institutionId}/action-plan?survey=mini&year=2024%2F25`, coordinator, {
      key1: 'q3',
      key2: 'q4',
      key3: 'q5',
    })
    expect(form.status).toBe(409)
    expect((await db.$client.execute('SELECT count(*) AS n FROM action_plans')).rows[0]!.n).toBe(0)
    expect((await report(coordinator)).rag.rating).toBe('Red')

    // last year's report page says why, and offers no form
    const html = sectionById(await page(coordinator, '2024/25'), 'action-plan')
    expect(html).toContain('Locked: the 2025/26 round has opened.')
    expect(html).toContain('Only the partnership lead can record a plan now.')
    expect(html).not.toContain('<form')
  })

  it('can be changed by the lead, and this year’s report then says the questions changed after it opened', async () => {
    await seedRound(db, catalog, 'elm-school', '2025/26', people)
    const lead = await signIn(app, 'lead@city.test')
    expect(sectionById(await page(lead, '2024/25'), 'action-plan')).toContain('A change now is recorded')
    expect((await putPlan(lead, ['q3', 'q4', 'q5'])).status).toBe(200)

    const coordinator = await signIn(app, 'elm@school.test')
    const now = await report(coordinator)
    expect(now.rag.rating).toBe('Amber/Green')
    expect(now.development.changedAfterOpeningOn).toBe('2025-11-20')
    const html = await page(coordinator, '2025/26')
    expect(sectionById(html, 'summary')).toContain('Changed after this round opened.')
    expect(sectionById(html, 'summary')).toContain('on 20 November 2025, after the 2025/26 round had opened')
    const stored = (await db.$client.execute('SELECT changed_after_opening_by AS by FROM action_plans')).rows[0]!
    expect(stored.by).toBe(Number((await db.$client.execute("SELECT id FROM users WHERE email = 'lead@city.test'")).rows[0]!.id))
  })
})
