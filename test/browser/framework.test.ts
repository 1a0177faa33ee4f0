import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addUser } from '../../src/auth/users.ts'
import { openDatabase } from '../../src/db/connect-node.ts'
import type { Db } from '../../src/db/database.ts'
import { saveEntry } from '../../src/framework/queries.ts'
import { addInstitution, addPartnership } from '../../src/org/organisations.ts'
import { academicYearOf, previousYear } from '../../src/rounds/academic-year.ts'
import { scoredQuestions } from '../../src/surveys/schema.ts'
import { catalog } from '../support/app.ts'
import { seedRound } from '../support/fixtures.ts'
import { expectNoSeriousViolations, launchBrowser, screenshot, serverOnFreshDatabase } from './support.ts'

/**
 * The IAG Improvement Framework in a real browser against a real server: the partnership lead
 * sets the Destination Measure criteria, enters Oak School's four elements and sees its overall
 * rating; Oak's coordinator sees the same rating on their own page, and can read the criteria
 * but not change them. axe-core checks every framework page.
 *
 * Worked out by hand for this academic year: student survey, last year's top three are the
 * first three priority questions; this year only the first of them is still in the top three:
 * Amber/Green. Ash School's Year 11 share is 90; Oak enters 92, so the city average is 91 and
 * Oak, 1 point above, is Green. KS4 96 against Green from 95: Green. Working towards an award:
 * Amber/Green. Level 4: Green. Mean of points (4 + 4 + 3 + 4 + 3) / 5 = 3.6: Green.
 */

let browser: Browser
let env: Awaited<ReturnType<typeof serverOnFreshDatabase>>
let db: Db
let oakId: number
const password = 'correct horse battery'
const year = academicYearOf(new Date())
const lastYear = previousYear(year)

/** Twelve students answering 1 to the questions listed and 5 to every other priority question. */
function students(low: string[]) {
  const keys = scoredQuestions(catalog.get('student-iag')!)
    .filter((q) => q.priority)
    .map((q) => q.key)
  return Array.from({ length: 12 }, () => ({ year_group: 'y10', ...Object.fromEntries(keys.map((k) => [k, low.includes(k) ? '1' : '5'])) }))
}

beforeAll(async () => {
  env = await serverOnFreshDatabase()
  db = await openDatabase(env.databaseUrl)
  await addPartnership(db, { slug: 'city', name: 'City Partnership' })
  oakId = (await addInstitution(db, { slug: 'oak-school', name: 'Oak School', partnership: 'city' })).id
  const ash = await addInstitution(db, { slug: 'ash-school', name: 'Ash School', partnership: 'city' })
  await addUser(db, { email: 'lead@city.test', name: 'City Lead', role: 'lead', partnership: 'city', password })
  await addUser(db, { email: 'oak@school.test', name: 'Oak Coordinator', role: 'coordinator', partnership: 'city', institution: 'oak-school', password })
  const k = scoredQuestions(catalog.get('student-iag')!)
    .filter((q) => q.priority)
    .map((q) => q.key)
  await seedRound(db, catalog, 'oak-school', lastYear, students([k[0]!, k[1]!, k[2]!]), 'student-iag')
  await seedRound(db, catalog, 'oak-school', year, students([k[0]!, k[3]!, k[4]!]), 'student-iag')
  await saveEntry(db, ash.id, year, { destinationKs4: null, destinationPost16: null, y11Eet: 90, qualityAward: null, staffing: null })
  browser = await launchBrowser()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  db?.$client.close()
  await env?.dispose()
})

async function signIn(page: Page, email: string) {
  await page.goto(`${env.server.url}/sign-in`)
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL(/\/dashboard/)
}

const overallOf = (page: Page) => page.locator('[data-overall]').getAttribute('data-overall')
const elementRow = (page: Page, element: string) => page.locator(`tr[data-element="${element}"]`)

describe('the IAG Improvement Framework', { timeout: 120_000 }, () => {
  it('the partnership lead sets the criteria, enters the four elements for Oak School and sees its overall rating', async () => {
    const page = await browser.newPage()
    await signIn(page, 'lead@city.test')
    await page.getByRole('link', { name: /IAG Improvement Framework: every institution/ }).click()
    await page.waitForURL(/\/dashboard\/framework\?year=/)
    await expectNoSeriousViolations(page)

    // criteria: Destination Measure thresholds for KS4
    await page.getByRole('link', { name: `See or change the criteria for ${year}` }).click()
    await page.waitForURL(/\/framework\/criteria/)
    await expectNoSeriousViolations(page)
    const ks4 = page.getByRole('group', { name: 'KS4' })
    await ks4.getByLabel('Green from (%)', { exact: true }).fill('95')
    await ks4.getByLabel('Amber/Green from (%)', { exact: true }).fill('92')
    await ks4.getByLabel('Amber/Red from (%)', { exact: true }).fill('88')
    await page.getByRole('button', { name: `Save the criteria for ${year}` }).click()
    await page.waitForURL(/done=criteria/)
    expect(await page.getByRole('status').textContent()).toContain('The criteria are saved.')

    // Oak School's four elements
    await page.goto(`${env.server.url}/dashboard/framework?year=${encodeURIComponent(year)}`)
    await page.getByRole('link', { name: 'Oak School' }).click()
    await page.waitForURL(/\/institutions\/\d+\/framework/)
    expect(await overallOf(page)).toBe('none') // only the survey is rated so far
    await expectNoSeriousViolations(page)
    await page.getByLabel('Destination Measure after KS4 (%)').fill('96')
    await page.getByLabel('Year 11 progression into EET (%)').fill('92')
    await page
      .getByRole('group', { name: 'Quality award' })
      .getByLabel(/working towards a quality award/)
      .check()
    await page
      .getByRole('group', { name: 'Qualified staffing' })
      .getByLabel(/holds a Level 4 guidance qualification/)
      .check()
    await page.getByRole('button', { name: 'Save the four elements' }).click()
    await page.waitForURL(/done=entry/)

    expect(await overallOf(page)).toBe('Green')
    expect(await page.locator('#overall').textContent()).toContain('(4 + 4 + 3 + 4 + 3) ÷ 5 = 3.6, which rounds to Green')
    expect(await elementRow(page, 'y11').textContent()).toContain('92% against a city average of 91% (the mean of 2 institutions): 1 point above')
    expect(await elementRow(page, 'destination').textContent()).toContain('Minimum for Green (KS4): 95%')
    expect(await elementRow(page, 'quality').locator('td').first().textContent()).toContain('Amber/Green')
    expect(await elementRow(page, 'survey').locator('td').first().textContent()).toContain('Amber/Green')
    await expectNoSeriousViolations(page)
    await screenshot(page, 'framework-institution-lead')

    // the matrix shows the same, and prints on landscape paper without the forms
    await page.goto(`${env.server.url}/dashboard/framework?year=${encodeURIComponent(year)}`)
    expect(await page.locator('tr[data-institution="oak-school"] td[data-element="overall"]').textContent()).toContain('Green')
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('.framework-actions').isVisible()).toBe(false)
    expect(await page.locator('#matrix-table').isVisible()).toBe(true)
    await screenshot(page, 'framework-matrix-print')
    await page.close()
  })

  it('the coordinator sees the same rating on their own page, and can read the criteria but not change them', async () => {
    const page = await browser.newPage()
    await signIn(page, 'oak@school.test')
    await page.getByRole('navigation', { name: 'Staff pages' }).getByRole('link', { name: 'Framework', exact: true }).click()
    await page.waitForURL(new RegExp(`/institutions/${oakId}/framework`))
    expect(await overallOf(page)).toBe('Green')
    // the average of Oak and one other school would give that school's figure away: the rating stays, the average is not shown
    expect(await elementRow(page, 'y11').textContent()).toContain('92% (city average not shown)')
    expect(await page.locator('#elements').textContent()).not.toContain('91%')
    expect(await page.getByRole('button', { name: 'Save the four elements' }).count()).toBe(0)
    await expectNoSeriousViolations(page)

    await page.getByRole('link', { name: /How the ratings are decided/ }).click()
    await page.waitForURL(/\/framework\/criteria/)
    expect(await page.getByText('Only the partnership lead can change these criteria.').count()).toBe(1)
    expect(await page.locator('input, select, textarea').count()).toBe(1) // the year box only
    expect(await page.locator('[data-setting="destination.ks4"]').textContent()).toBe('Green from 95%, Amber/Green from 92%, Amber/Red from 88%, Red below')
    await expectNoSeriousViolations(page)

    // a form sent by hand from the coordinator's browser is refused, and nothing changes
    const status = await page.evaluate(async (y) => {
      const body = new URLSearchParams({
        year: y,
        y11_atWidth: '3',
        y11_amberRedDepth: '4',
        y11_redDepth: '5',
        y11_gapBand: 'Red',
        overall_method: 'lowest',
        overall_minimumRated: '1',
      })
      return (await fetch('/dashboard/framework/criteria', { method: 'POST', body })).status
    }, year)
    expect(status).toBe(403)
    await page.goto(`${env.server.url}/dashboard/institutions/${oakId}/framework?year=${encodeURIComponent(year)}`)
    expect(await overallOf(page)).toBe('Green')
    await page.close()
  })

  it('the lead’s import page and the coordinator’s “you said, we did” page have no serious accessibility problems', async () => {
    const lead = await browser.newPage()
    await signIn(lead, 'lead@city.test')
    await lead.goto(`${env.server.url}/dashboard/framework/import?year=${encodeURIComponent(year)}`)
    await expectNoSeriousViolations(lead)
    await lead.close()
    const page = await browser.newPage()
    await signIn(page, 'oak@school.test')
    await page.goto(`${env.server.url}/dashboard/institutions/${oakId}/framework?year=${encodeURIComponent(year)}`)
    await page.getByRole('link', { name: /Write and publish it/ }).click()
    await page.waitForURL(/\/you-said\?/)
    await expectNoSeriousViolations(page)
    await page.getByLabel('We did').first().fill('Careers adviser visits for every Year 10 class.')
    await page.getByRole('button', { name: 'Publish' }).click()
    await page.waitForURL(/done=published/)
    expect(await page.locator('.you-said-list').textContent()).toContain('We did: Careers adviser visits for every Year 10 class.')
    await page.close()
  })
})
