import Papa from 'papaparse'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { addUser } from '../../src/auth/users.ts'
import type { Db } from '../../src/db/database.ts'
import { addInstitution, setPartnershipSettings } from '../../src/org/organisations.ts'
import { freshDatabase } from '../support/app.ts'
import { miniCatalog, respondents, seedOrganisation, seedRound } from '../support/fixtures.ts'
import { postForm, signIn, staffPassword as password } from '../support/staff.ts'

const catalog = miniCatalog()
let db: Db
let dispose: () => void
let app: ReturnType<typeof createApp>
let elm: number
let roundId: number
const now = () => new Date('2025-11-20T10:00:00Z')

const people = respondents({
  year_group: Array(12).fill('y8'),
  q1: Array(12).fill('2'),
  q2: Array(12).fill('4'),
  q3: Array(12).fill('5'),
  q4: Array(12).fill('1'),
})

beforeEach(async () => {
  ;({ db, dispose } = await freshDatabase())
  elm = await seedOrganisation(db, 'elm-school')
  await addInstitution(db, { slug: 'ash-school', name: 'Ash School', partnership: 'fixture-city' })
  roundId = (await seedRound(db, catalog, 'elm-school', '2025/26', people)).id
  await addUser(db, {
    email: 'elm@school.test',
    name: 'Elm Coordinator',
    role: 'coordinator',
    partnership: 'fixture-city',
    institution: 'elm-school',
    password,
  })
  await addUser(db, {
    email: 'ash@school.test',
    name: 'Ash Coordinator',
    role: 'coordinator',
    partnership: 'fixture-city',
    institution: 'ash-school',
    password,
  })
  await addUser(db, { email: 'viewer@school.test', name: 'Elm Viewer', role: 'viewer', partnership: 'fixture-city', institution: 'elm-school', password })
  await addUser(db, { email: 'lead@city.test', name: 'City Lead', role: 'lead', partnership: 'fixture-city', password })
  app = createApp({ getDb: () => db, catalog, now })
})
afterEach(() => dispose())

const get = (path: string, cookie?: string) => app.request(path, { headers: cookie ? { cookie } : {} })

describe('dashboard', () => {
  it('sends anonymous visitors to sign in, and back afterwards', async () => {
    const res = await get(`/dashboard/institutions/${elm}`)
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/sign-in?next=${encodeURIComponent(`/dashboard/institutions/${elm}`)}`)
  })

  it('takes a coordinator to their institution, with each round’s live response count', async () => {
    const cookie = await signIn(app, 'elm@school.test')
    const home = await get('/dashboard', cookie)
    expect(home.headers.get('location')).toBe(`/dashboard/institutions/${elm}`)
    const html = await (await get(`/dashboard/institutions/${elm}`, cookie)).text()
    expect(html).toContain('elm-school name')
    // 12 responses while the round is open: shown in steps of the minimum cohort (5), so nobody can tell when one arrived
    expect(html).toContain(`data-round-responses="${roundId}">at least 10<`)
    // the page refreshes its counts from JSON that follows the same rule, and is never cached
    const counts = await get(`/dashboard/institutions/${elm}/counts`, cookie)
    expect(counts.headers.get('cache-control')).toBe('no-store')
    expect(await counts.json()).toEqual({ rounds: [{ id: roundId, responses: 'at least 10' }] })
  })

  it('lets a coordinator open a round, print access and one-time codes, and close it', async () => {
    const cookie = await signIn(app, 'elm@school.test')
    const opened = await postForm(app, `/dashboard/institutions/${elm}/rounds`, cookie, { survey: 'mini', year: '2026/27' })
    expect(opened.status).toBe(303)
    expect((await db.$client.execute("SELECT status FROM rounds WHERE year = '2026/27'")).rows[0]!.status).toBe('open')
    const closed = await postForm(app, `/dashboard/institutions/${elm}/rounds/${roundId}/close`, cookie)
    expect(closed.status).toBe(303)
    expect((await db.$client.execute({ sql: 'SELECT status FROM rounds WHERE id = ?', args: [roundId] })).rows[0]!.status).toBe('closed')
    await postForm(app, `/dashboard/institutions/${elm}/rounds/${roundId}/open`, cookie)
    expect((await db.$client.execute({ sql: 'SELECT status FROM rounds WHERE id = ?', args: [roundId] })).rows[0]!.status).toBe('open')
    const sheet = await (await get(`/dashboard/institutions/${elm}/rounds/${roundId}/sheet`, cookie)).text()
    const code = String((await db.$client.execute({ sql: 'SELECT code FROM rounds WHERE id = ?', args: [roundId] })).rows[0]!.code)
    expect(sheet).toContain(`/s/${code}`)
    const slips = await postForm(app, `/dashboard/institutions/${elm}/rounds/${roundId}/tokens`, cookie, { count: '4', label: '10B' })
    const slipsHtml = await slips.text()
    expect(slips.status).toBe(200)
    expect(slipsHtml.match(/class="code slip-code">[A-Z2-9]{5}-[A-Z2-9]{5}</g)).toHaveLength(4)
  })

  it('shows the round report with the rating word and the top three', async () => {
    const cookie = await signIn(app, 'elm@school.test')
    const res = await get(`/dashboard/institutions/${elm}/report?survey=mini&year=2025/26`, cookie)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('Statement q1.')
    expect(html).toMatch(/Baseline|baseline/)
  })

  it('saves an action plan from the report page form', async () => {
    const cookie = await signIn(app, 'elm@school.test')
    const res = await postForm(app, `/dashboard/institutions/${elm}/action-plan?survey=mini&year=2025/26`, cookie, {
      key1: 'q2',
      key2: 'q3',
      key3: 'q5',
      action1: 'Employer visits',
      action2: '',
      action3: 'Careers lessons',
    })
    expect(res.status).toBe(303)
    const plan = (await db.$client.execute('SELECT development_keys, actions FROM action_plans')).rows[0]!
    expect(JSON.parse(String(plan.development_keys))).toEqual(['q2', 'q3', 'q5'])
    expect(JSON.parse(String(plan.actions))).toEqual({ q2: 'Employer visits', q5: 'Careers lessons' })
  })

  it('downloads the report as CSV for the coordinator, and the answers for the lead once the round is closed', async () => {
    const coordinator = await signIn(app, 'elm@school.test')
    const lead = await signIn(app, 'lead@city.test')
    const report = await get(`/dashboard/institutions/${elm}/report.csv?survey=mini&year=2025/26`, coordinator)
    expect(await report.text()).toContain('Statement q4.')

    const answersPath = `/dashboard/institutions/${elm}/answers.csv?survey=mini&year=2025/26`
    const refused = await get(answersPath, coordinator)
    expect(refused.status).toBe(403)
    expect(await refused.text()).toContain('Only the partnership lead can download the answers')
    const open = await get(answersPath, lead)
    expect(open.status).toBe(409)
    expect(await open.text()).toContain('once the round is closed')

    expect((await postForm(app, `/dashboard/institutions/${elm}/rounds/${roundId}/close`, coordinator)).status).toBe(303)
    const answers = await get(answersPath, lead)
    expect(answers.headers.get('content-type')).toContain('text/csv')
    const parsed = Papa.parse<Record<string, string>>((await answers.text()).replace(/^\ufeff/, ''), { header: true, skipEmptyLines: true })
    expect(parsed.data).toHaveLength(12)
    expect(parsed.data.every((row) => row.q4 === '1')).toBe(true)
    expect((await get(answersPath, coordinator)).status).toBe(403)

    // a partnership may let its coordinators download them too; viewers never
    await setPartnershipSettings(db, 'fixture-city', { coordinatorsMayExportAnswers: true })
    expect((await get(answersPath, coordinator)).status).toBe(200)
    expect((await get(answersPath, await signIn(app, 'viewer@school.test'))).status).toBe(403)
  })

  it('answers 404 for every page of another institution', async () => {
    const cookie = await signIn(app, 'ash@school.test')
    for (const path of [
      `/dashboard/institutions/${elm}`,
      `/dashboard/institutions/${elm}/report?survey=mini&year=2025/26`,
      `/dashboard/institutions/${elm}/answers.csv?survey=mini&year=2025/26`,
      `/dashboard/institutions/${elm}/report.csv?survey=mini&year=2025/26`,
      `/dashboard/institutions/${elm}/rounds/${roundId}/sheet`,
    ]) {
      expect((await get(path, cookie)).status, path).toBe(404)
    }
    expect((await postForm(app, `/dashboard/institutions/${elm}/rounds/${roundId}/close`, cookie)).status).toBe(404)
  })

  it('lets a viewer read but not change anything', async () => {
    const cookie = await signIn(app, 'viewer@school.test')
    expect((await get(`/dashboard/institutions/${elm}/report?survey=mini&year=2025/26`, cookie)).status).toBe(200)
    expect((await postForm(app, `/dashboard/institutions/${elm}/rounds/${roundId}/close`, cookie)).status).toBe(403)
    expect((await postForm(app, `/dashboard/institutions/${elm}/rounds/${roundId}/tokens`, cookie, { count: '3' })).status).toBe(403)
  })

  it('shows the partnership lead every institution and the median across them', async () => {
    const cookie = await signIn(app, 'lead@city.test')
    const html = await (await get('/dashboard', cookie)).text()
    expect(html).toContain('elm-school name')
    expect(html).toContain('Ash School')
    expect(html).toContain('Across the partnership')
  })
})
