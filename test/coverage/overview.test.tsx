import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { addUser } from '../../src/auth/users.ts'
import { setRoll } from '../../src/coverage/rolls.ts'
import { agreementKeys, catalog, freshDatabase } from '../support/app.ts'
import { seedOrganisation, seedRound } from '../support/fixtures.ts'
import { signIn, staffPassword as password } from '../support/staff.ts'

/** The lead's overview with the response rates: a column, the provisional flag, sorting by any column and the partnership's totals. */

let fresh: Awaited<ReturnType<typeof freshDatabase>>
let app: ReturnType<typeof createApp>
let lead: string
let coordinator: string
const ids: Record<string, number> = {}

const people = (groups: Record<string, number>) =>
  Object.entries(groups).flatMap(([year, n]) =>
    Array.from({ length: n }, (_, i) => ({ year_group: year, ...Object.fromEntries(agreementKeys().map((k, j) => [k, String(((i + j) % 5) + 1)])) })),
  )
const sizes = { y8: 0, y9: 0, y10: 50, y11: 50, y12: 0, y13: 0 }

beforeEach(async () => {
  fresh = await freshDatabase()
  const { db } = fresh
  // Oak: 59 of 100, Year 10 at 28%: provisional. Elm: 80 of 100. Ash: 40 answered, no sizes entered.
  const seeds: [string, Record<string, number>][] = [
    ['oak-school', { y10: 14, y11: 45 }],
    ['elm-school', { y10: 40, y11: 40 }],
    ['ash-school', { y10: 20, y11: 20 }],
  ]
  for (const [slug, thisYear] of seeds) {
    ids[slug] = await seedOrganisation(db, slug)
    await seedRound(db, catalog, slug, '2024/25', people({ y10: 20, y11: 20 }), 'student-iag')
    await seedRound(db, catalog, slug, '2025/26', people(thisYear), 'student-iag')
  }
  await setRoll(db, ids['oak-school']!, '2025/26', sizes)
  await setRoll(db, ids['elm-school']!, '2025/26', sizes)
  await db.$client.execute("UPDATE rounds SET status = 'closed'")
  await addUser(db, { email: 'lead@city.test', name: 'City Lead', role: 'lead', partnership: 'fixture-city', password })
  await addUser(db, { email: 'oak@city.test', name: 'Oak Coordinator', role: 'coordinator', partnership: 'fixture-city', institution: 'oak-school', password })
  app = createApp({ getDb: () => db, catalog, now: () => new Date('2026-03-01T10:00:00Z') })
  lead = await signIn(app, 'lead@city.test')
  coordinator = await signIn(app, 'oak@city.test')
})
afterEach(() => fresh.dispose())

const overview = async (query = '') => {
  const res = await app.request(`/dashboard?year=2025/26${query}`, { headers: { cookie: lead } })
  expect(res.status).toBe(200)
  return res.text()
}
const text = (html: string) =>
  html
    .replace(/<!-- -->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/\s+/g, ' ')
/** The institutions in the order the table lists them. */
const order = (html: string) => {
  const body = html.slice(html.indexOf('<tbody', html.indexOf('id="institutions-table"')), html.indexOf('</tbody>', html.indexOf('id="institutions-table"')))
  return [...body.matchAll(/<th scope="row"[^>]*><a [^>]+>([^<]+)<\/a>/g)].map((m) => m[1]!.replace(' name', ''))
}

describe('the partnership overview', () => {
  it('shows each student round’s response rate, flags a provisional rating with its reason, and totals the partnership', async () => {
    const page = text(await overview())
    expect(page).toContain('Student response rate')
    expect(page).toMatch(/oak-school name 59 59% [^]*?\(provisional\)[^]*?Year 10: 28% against 59% overall\./)
    expect(page).toMatch(/elm-school name 80 80% /)
    expect(page).toMatch(/ash-school name 40 no sizes /)
    // 59 + 80 + 40 responses; the average of the two known rates, (59 + 80) / 2 rounded
    expect(page).toContain('Partnership (3 institutions) 179 70% average of 2 institutions with sizes – – – 1 provisional')
    expect(page).toContain('Response rate unknown, year-group sizes missing: ash-school name')
  })

  it('sorts by any column with a plain link, saying which column is sorted and which way', async () => {
    const html = await overview()
    expect(order(html)).toEqual(['ash-school', 'elm-school', 'oak-school'])
    // each heading is a link: the rate's first sorts highest first
    expect(html).toContain('href="/dashboard?year=2025%2F26&amp;sort=-rate#institutions-title"')
    const byRate = await overview('&sort=-rate')
    expect(order(byRate)).toEqual(['elm-school', 'oak-school', 'ash-school'])
    expect(byRate).toMatch(/<th scope="col" role="columnheader" class="num sort-head" aria-sort="descending"><a href="[^"]*sort=rate#/)
    expect(text(byRate)).toContain('Student response rate ▼ (sorted highest first; sort lowest first)')
    // the other way, an institution without sizes still last
    expect(order(await overview('&sort=rate'))).toEqual(['oak-school', 'elm-school', 'ash-school'])
    expect(order(await overview('&sort=-student'))).toEqual(['elm-school', 'oak-school', 'ash-school'])
    expect(order(await overview('&sort=-institution'))).toEqual(['oak-school', 'elm-school', 'ash-school'])
    // an unknown column is the names' order
    expect(order(await overview('&sort=score;drop'))).toEqual(['ash-school', 'elm-school', 'oak-school'])
  })

  it('hears all four voices: staff and employer responses beside the others, and each survey’s benchmarks across the partnership', async () => {
    const staff = catalog.get('staff-careers')!
    const keys = staff.sections
      .flatMap((s) => s.questions)
      .filter((q) => q.kind === 'agreement')
      .map((q) => q.key)
    // staff at Oak and Elm agree with everything but the first question, which half disagree with; Ash has no staff round
    const staffPeople = (n: number) => Array.from({ length: n }, (_, i) => Object.fromEntries(keys.map((k, j) => [k, j === 0 && i % 2 ? '2' : '4'])))
    await seedRound(fresh.db, catalog, 'oak-school', '2025/26', staffPeople(12), 'staff-careers')
    await seedRound(fresh.db, catalog, 'elm-school', '2025/26', staffPeople(8), 'staff-careers')
    await fresh.db.$client.execute("UPDATE rounds SET status = 'closed'")
    const html = await overview()
    const page = text(html)
    expect(page).toContain('Staff responses')
    expect(page).toContain('Employer responses')
    expect(page).toMatch(/oak-school name 59 59% no round 12 no round /)
    expect(page).toMatch(/ash-school name 40 no sizes no round no round no round /)
    expect(page).toContain('Partnership (3 institutions) 179 70% average of 2 institutions with sizes – 20 – 1 provisional')
    // the staff survey's benchmarks, from the two institutions with a round, weakest first
    const staffTable = text(html.slice(html.indexOf('id="benchmark-table-staff"'), html.indexOf('</table>', html.indexOf('id="benchmark-table-staff"'))))
    expect(staffTable).toContain('Staff survey 2025/26')
    const first = staff.sections.flatMap((s) => s.questions).find((q) => q.key === keys[0])!
    const weakest = /<tr data-benchmark="(\d)"/.exec(html.slice(html.indexOf('id="benchmark-table-staff"')))![1]
    expect(first.kind === 'agreement' && first.benchmarks).toContain(Number(weakest))
    expect(staffTable).toMatch(/ 2 \d+% \d+% \d+%/)
    // no employer round anywhere: no employer table
    expect(html).not.toContain('id="benchmark-table-employer"')
    // sorted by staff responses, those without a round last
    expect(order(await overview('&sort=-staff'))).toEqual(['oak-school', 'elm-school', 'ash-school'])
  })

  it('is never shown to a coordinator, who sees no other institution’s name', async () => {
    const res = await app.request('/dashboard?year=2025/26&sort=-rate', { headers: { cookie: coordinator } })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/dashboard/institutions/${ids['oak-school']}`)
    const own = await (await app.request(res.headers.get('location')!, { headers: { cookie: coordinator } })).text()
    expect(own).not.toContain('elm-school name')
    expect(own).not.toContain('ash-school name')
  })
})
