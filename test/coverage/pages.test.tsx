import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { addUser } from '../../src/auth/users.ts'
import type { Db } from '../../src/db/database.ts'
import { addInstitution, addPartnership } from '../../src/org/organisations.ts'
import { catalog, freshDatabase, rows } from '../support/app.ts'
import { seedRound } from '../support/fixtures.ts'
import { origin, postForm, signIn, staffPassword as password } from '../support/staff.ts'

/** Year-group sizes, response rates and scheduled rounds as a coordinator and the lead see them in the dashboard. */

let db: Db
let dispose: () => void
let now = new Date('2025-11-20T10:00:00Z')
let app: ReturnType<typeof createApp>
let oak: number
let coordinator: string
let lead: string

beforeEach(async () => {
  ;({ db, dispose } = await freshDatabase())
  now = new Date('2025-11-20T10:00:00Z')
  await addPartnership(db, { slug: 'test-city', name: 'Test City Partnership' })
  oak = (await addInstitution(db, { slug: 'oak-school', name: 'Oak School', partnership: 'test-city' })).id
  await addInstitution(db, { slug: 'elm-school', name: 'Elm School', partnership: 'test-city' })
  await addUser(db, {
    email: 'coordinator@oak.test',
    name: 'Oak Coordinator',
    role: 'coordinator',
    partnership: 'test-city',
    institution: 'oak-school',
    password,
  })
  await addUser(db, { email: 'lead@city.test', name: 'City Lead', role: 'lead', partnership: 'test-city', password })
  app = createApp({ getDb: () => db, catalog, now: () => now })
  coordinator = await signIn(app, 'coordinator@oak.test')
  lead = await signIn(app, 'lead@city.test')
})
afterEach(() => dispose())

const page = async (path: string, cookie = coordinator) => {
  const res = await app.request(path, { headers: { cookie } })
  expect(res.status).toBe(200)
  return (await res.text()).replace(/<!-- -->/g, '')
}
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ')

const people = (groups: Record<string, number>) =>
  Object.entries(groups).flatMap(([year_group, n]) => Array.from({ length: n }, () => ({ year_group, careers_info: '4' })))

describe('the institution page', () => {
  it('takes the year-group sizes and shows each round’s response rate against them, by year group', async () => {
    await seedRound(db, catalog, 'oak-school', '2025/26', people({ y10: 14, y11: 45 }), 'student-iag')
    const before = text(await page(`/dashboard/institutions/${oak}`))
    expect(before, before.slice(before.indexOf('Responses'), before.indexOf('Responses') + 300)).toContain(
      'Response rate: unknown: no year-group sizes entered',
    )
    const res = await postForm(app, `/dashboard/institutions/${oak}/roll`, coordinator, {
      year: '2025/26',
      y8: '0',
      y9: '0',
      y10: '50',
      y11: '50',
      y12: '0',
      y13: '',
    })
    expect(res.status).toBe(303)
    // Year 13 left empty: not entered, so the overall rate waits for it
    expect(text(await page(`/dashboard/institutions/${oak}`))).toContain('Response rate: unknown: no size for Year 13')
    await postForm(app, `/dashboard/institutions/${oak}/roll`, coordinator, { year: '2025/26', y13: '0' })
    const html = text(await page(`/dashboard/institutions/${oak}`))
    expect(html).toContain('Response rate: 59% (59 of 100 on roll)')
    expect(html).toContain('Year 10 50 14 28%')
    expect(html).toContain('Year 11 50 45 90%')
    // a student round: the rating it supports would be provisional, with the reason
    expect(html).toContain('The student-survey rating would be provisional: Year 10: 28% against 59% overall.')
    // the other year groups kept what was saved before
    expect(await rows(db, 'SELECT year_group, on_roll FROM year_group_rolls ORDER BY on_roll DESC, year_group')).toEqual([
      { year_group: 'y10', on_roll: 50 },
      { year_group: 'y11', on_roll: 50 },
      { year_group: 'y12', on_roll: 0 },
      { year_group: 'y13', on_roll: 0 },
      { year_group: 'y8', on_roll: 0 },
      { year_group: 'y9', on_roll: 0 },
    ])
  })

  it('shows next year last year’s sizes as such, and refuses a size that is not a whole number', async () => {
    await postForm(app, `/dashboard/institutions/${oak}/roll`, coordinator, { year: '2025/26', y8: '180' })
    now = new Date('2026-10-01T10:00:00Z')
    coordinator = await signIn(app, 'coordinator@oak.test')
    expect(text(await page(`/dashboard/institutions/${oak}`))).toContain('These are last year’s figures (2025/26), carried forward until they are changed')
    const bad = await postForm(app, `/dashboard/institutions/${oak}/roll`, coordinator, { year: '2026/27', y8: 'lots' })
    expect(bad.status).toBe(400)
    expect(await rows(db, "SELECT * FROM year_group_rolls WHERE year = '2026/27'")).toEqual([])
  })

  it('opens a round with dates: scheduled until its opening day, open until the end of its closing day, then closed by itself', async () => {
    const res = await postForm(app, `/dashboard/institutions/${oak}/rounds`, coordinator, {
      survey: 'student-iag',
      year: '2025/26',
      tokensRequired: 'no',
      opensOn: '2025-11-24',
      closesOn: '2025-11-28',
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toContain('done=scheduled')
    const [round] = await rows(db, 'SELECT code, opens_on, closes_on FROM rounds')
    expect(round).toMatchObject({ opens_on: '2025-11-24', closes_on: '2025-11-28' })
    expect(text(await page(`/dashboard/institutions/${oak}`))).toContain('Scheduled')
    expect(text(await page(`/dashboard/institutions/${oak}`))).toContain('Opens in 4 days (24 November 2025), closes on 28 November 2025')
    const survey = (await app.request(`/s/${round!.code}`)).status
    expect(survey).toBe(409)
    // the poster goes up before the round opens: it says both days, with their weekdays
    const [{ id }] = (await rows(db, 'SELECT id FROM rounds')) as unknown as [{ id: number }]
    expect(text(await page(`/dashboard/institutions/${oak}/rounds/${id}/sheet`))).toContain(
      'Opens on Monday 24 November 2025 and closes at the end of Friday 28 November 2025.',
    )
    now = new Date('2025-11-25T09:00:00Z')
    coordinator = await signIn(app, 'coordinator@oak.test')
    expect(text(await page(`/dashboard/institutions/${oak}`))).toContain('Closes in 3 days (at the end of 28 November 2025)')
    expect((await app.request(`/s/${round!.code}`)).status).toBe(200)
    now = new Date('2025-11-29T09:00:00Z')
    coordinator = await signIn(app, 'coordinator@oak.test')
    const after = text(await page(`/dashboard/institutions/${oak}`))
    expect(after).toContain('Closed itself at the end of 28 November 2025')
    expect(after).toContain('Re-open round')
    expect((await app.request(`/s/${round!.code}`)).status).toBe(410)
  })

  it('refuses a closing date that has passed or comes before the opening date, opening nothing', async () => {
    const form = { survey: 'student-iag', year: '2025/26', tokensRequired: 'no' }
    expect((await postForm(app, `/dashboard/institutions/${oak}/rounds`, coordinator, { ...form, closesOn: '2025-11-19' })).status).toBe(400)
    expect((await postForm(app, `/dashboard/institutions/${oak}/rounds`, coordinator, { ...form, opensOn: '2025-12-10', closesOn: '2025-12-01' })).status).toBe(
      400,
    )
    expect((await postForm(app, `/dashboard/institutions/${oak}/rounds`, coordinator, { ...form, closesOn: 'soon' })).status).toBe(400)
    expect(await rows(db, 'SELECT * FROM rounds')).toEqual([])
  })
})

describe('the lead’s sizes for the whole partnership', () => {
  const upload = (csv: string, cookie = lead) => {
    const body = new FormData()
    body.set('year', '2025/26')
    body.set('file', new File([csv], 'sizes.csv', { type: 'text/csv' }))
    return app.request('/dashboard/rolls', { method: 'POST', body, headers: { cookie, origin } })
  }

  it('stores a whole CSV or nothing, naming each problem by its line', async () => {
    const bad = await upload('institution,y8,y9\noak-school,180,175\nbirch-school,1,1\n')
    expect(bad.status).toBe(400)
    expect(text(await bad.text())).toContain('line 3: no institution "birch-school" in this partnership')
    expect(await rows(db, 'SELECT * FROM year_group_rolls')).toEqual([])
    const good = await upload('institution,y8,y9\noak-school,180,175\nelm-school,90,\n')
    expect(good.status).toBe(303)
    const html = text(await page('/dashboard/rolls?year=2025/26', lead))
    expect(html).toContain('Oak School 180 175 – – – – this year’s')
    expect(html).toContain('Elm School 90 – – – – – this year’s')
  })

  it('is the lead’s only', async () => {
    expect((await app.request('/dashboard/rolls', { headers: { cookie: coordinator } })).status).toBe(403)
    expect((await upload('institution,y8\noak-school,1\n', coordinator)).status).toBe(403)
  })
})
