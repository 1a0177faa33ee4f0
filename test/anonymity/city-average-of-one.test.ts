import { afterEach, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { addUser } from '../../src/auth/users.ts'
import { saveCriteria, saveEntry } from '../../src/framework/queries.ts'
import { addInstitution, addPartnership } from '../../src/org/organisations.ts'
import { catalog, freshDatabase } from '../support/app.ts'
import { signIn, staffPassword as password } from '../support/staff.ts'
import { cellText, visibleText } from '../framework/support.ts'

/**
 * Attack: reading another school's figure from the city average.
 *
 * A coordinator's framework page rates Year 11 progression against the city average, the mean
 * of the partnership's institutions' figures, and showed it: "88% against a city average of 91%
 * (the mean of 2 institutions): 3 points below". The coordinator knows their own 88%, so the one
 * other school's figure is 2 × 91 − 88 = 94%. With 2 others it is their sum; a distance in
 * points, or a rule naming a narrower band than the rating, gives the same away.
 *
 * What must hold: a coordinator or viewer sees a city average only when it rests on at least 3
 * institutions other than their own; otherwise the page says it is not shown and why, and the
 * Year 11 element shows its rating with nothing finer: two partnerships in which the others'
 * figures differ but the rating is the same give the coordinator the same page. The lead, who
 * sees every institution's figure anyway, sees the average.
 */

type Setup = { own: number | null; others: number[]; cityAverage?: number }

const opened: (() => void)[] = []
afterEach(() => {
  for (const dispose of opened.splice(0)) dispose()
})

/** A partnership of Elm School (the insider's) and the others, with their Year 11 figures for 2025/26. */
async function partnership({ own, others, cityAverage }: Setup) {
  const { db, dispose } = await freshDatabase()
  opened.push(dispose)
  const p = await addPartnership(db, { slug: 'test-city', name: 'Test City Partnership' })
  const elm = (await addInstitution(db, { slug: 'elm-school', name: 'Elm School', partnership: 'test-city' })).id
  const none = { destinationKs4: null, destinationPost16: null, y11Eet: null, qualityAward: null, staffing: null }
  await saveEntry(db, elm, '2025/26', { ...none, y11Eet: own, qualityAward: 'gained' })
  for (const [i, figure] of others.entries()) {
    const id = (await addInstitution(db, { slug: `school-${i}`, name: `School ${i}`, partnership: 'test-city' })).id
    await saveEntry(db, id, '2025/26', { ...none, y11Eet: figure })
  }
  if (cityAverage !== undefined) await saveCriteria(db, p.id, '2025/26', { y11: { cityAverage } })
  await addUser(db, { email: 'elm@school.test', name: 'Elm Coordinator', role: 'coordinator', partnership: 'test-city', institution: 'elm-school', password })
  await addUser(db, { email: 'viewer@school.test', name: 'Elm Viewer', role: 'viewer', partnership: 'test-city', institution: 'elm-school', password })
  await addUser(db, { email: 'lead@city.test', name: 'City Lead', role: 'lead', partnership: 'test-city', password })
  const app = createApp({ getDb: () => db, catalog, now: () => new Date('2025-11-20T10:00:00Z') })
  const pageFor = async (email: string) => {
    const res = await app.request(`/dashboard/institutions/${elm}/framework?year=2025%2F26`, { headers: { cookie: await signIn(app, email) } })
    expect(res.status).toBe(200)
    return res.text()
  }
  /** The status a signed-in coordinator gets at a path, without following a redirect. */
  const statusFor = async (email: string, path: string) => (await app.request(path, { headers: { cookie: await signIn(app, email) } })).status
  return {
    coordinator: () => pageFor('elm@school.test'),
    viewer: () => pageFor('viewer@school.test'),
    lead: () => pageFor('lead@city.test'),
    statusFor,
  }
}

const notShown = 'not shown: fewer than 3 other institutions'

describe('city-average-of-one: the coordinator cannot read the other institutions’ figures', () => {
  it('with one other institution: its figure is not on the page, as the average, a distance or a band', async () => {
    // Elm 88, the other 94: the average 91 would be 3 points above Elm
    const p = await partnership({ own: 88, others: [94] })
    for (const html of [await p.coordinator(), await p.viewer()]) {
      const text = visibleText(html)
      for (const leak of ['94%', '91%', 'the mean of 2', '3 points', 'city average 91', 'between 2 points and 5 points']) expect(text).not.toContain(leak)
      expect(text).toContain(notShown)
      // the rating itself stays, with its word
      expect(cellText(html, 'data-element="y11"', 'tr')).toMatch(/^Year 11 progression into education, employment or training ▲ Amber\/Red/)
    }
  })

  it('gives the same page whatever the others’ figures, where the rating is the same', async () => {
    // 88 against 88.75 (0.75 below: Amber/Red, up to 2 below) and against 91 (3 below: Amber/Red, the open band)
    const near = await partnership({ own: 88, others: [89.5] })
    const far = await partnership({ own: 88, others: [94] })
    expect(visibleText(await far.coordinator())).toBe(visibleText(await near.coordinator()))
    // nor in the markup: no attribute, hidden text or script carries it
    expect(await far.coordinator()).toBe(await near.coordinator())
    expect(await far.viewer()).toBe(await near.viewer())
    // two others: their sum would follow from an average over three
    const two = await partnership({ own: 88, others: [92, 93] })
    const twoOther = await partnership({ own: 88, others: [90, 91] })
    expect(visibleText(await twoOther.coordinator())).toBe(visibleText(await two.coordinator()))
  })

  it('counts only the others: an institution without a figure of its own still needs 3 others', async () => {
    const p = await partnership({ own: null, others: [90, 92] })
    const text = visibleText(await p.coordinator())
    expect(text).not.toContain('91%')
    expect(text).toContain(notShown)
  })

  it('keeps the partnership’s own figures (the matrix, its CSV, the overview with its medians) from the coordinator and the viewer', async () => {
    const p = await partnership({ own: 88, others: [94] })
    for (const email of ['elm@school.test', 'viewer@school.test']) {
      // the matrix and the overview send them to their own institution's pages; the CSV is refused
      expect(await p.statusFor(email, '/dashboard/framework?year=2025%2F26')).toBe(303)
      expect(await p.statusFor(email, '/dashboard?year=2025%2F26')).toBe(303)
      expect(await p.statusFor(email, '/dashboard/framework.csv?year=2025%2F26')).toBe(403)
    }
  })
})

describe('city-average-of-one: what is still shown', () => {
  it('shows the coordinator an average of 3 other institutions and their own', async () => {
    const p = await partnership({ own: 88, others: [90, 91, 92] })
    const html = await p.coordinator()
    expect(cellText(html, 'data-element="y11"', 'tr')).toContain('88% against a city average of 90.25% (the mean of 4 institutions): 2.25 points below')
    expect(visibleText(html)).toContain('Year 11 city average for 2025/26: 90.25% (the mean of 4 institutions)')
  })

  it('shows the lead the average whatever it rests on', async () => {
    const p = await partnership({ own: 88, others: [94] })
    const text = visibleText(await p.lead())
    expect(text).toContain('88% against a city average of 91% (the mean of 2 institutions): 3 points below')
    expect(text).not.toContain(notShown)
  })

  it('shows an average the partnership entered', async () => {
    const p = await partnership({ own: 88, others: [94], cityAverage: 90 })
    const html = await p.coordinator()
    expect(cellText(html, 'data-element="y11"', 'tr')).toContain('88% against a city average of 90% (entered by the partnership): 2 points below')
  })
})
