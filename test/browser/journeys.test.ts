import { readFileSync } from 'node:fs'
import Papa from 'papaparse'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addUser } from '../../src/auth/users.ts'
import { openDatabase } from '../../src/db/connect-node.ts'
import type { Db } from '../../src/db/database.ts'
import { addInstitution, addPartnership } from '../../src/org/organisations.ts'
import { closeRound, openRound, type Round } from '../../src/rounds/rounds.ts'
import { agreementKeys, catalog, studentAnswers } from '../support/app.ts'
import { expectNoSeriousViolations, launchBrowser, screenshot, serverOnFreshDatabase, tabTo } from './support.ts'

/**
 * The journeys of the people Signpost is for, in a real browser against a real server:
 * a student answers with the keyboard alone; their coordinator signs in and finds the
 * answer counted, rated and exportable; another school's coordinator finds nothing.
 */
let browser: Browser
let env: Awaited<ReturnType<typeof serverOnFreshDatabase>>
let db: Db
let round: Round
let oakId: number
const password = 'correct horse battery'

beforeAll(async () => {
  env = await serverOnFreshDatabase()
  db = await openDatabase(env.databaseUrl)
  await addPartnership(db, { slug: 'city', name: 'City Partnership' })
  const oak = await addInstitution(db, { slug: 'oak-school', name: 'Oak School', partnership: 'city' })
  oakId = oak.id
  await addInstitution(db, { slug: 'ash-school', name: 'Ash School', partnership: 'city' })
  round = await openRound(db, catalog, { institution: 'oak-school', survey: 'student-iag', year: '2026/27', tokensRequired: false })
  await addUser(db, { email: 'oak@school.test', name: 'Oak Coordinator', role: 'coordinator', partnership: 'city', institution: 'oak-school', password })
  await addUser(db, { email: 'ash@school.test', name: 'Ash Coordinator', role: 'coordinator', partnership: 'city', institution: 'ash-school', password })
  await addUser(db, { email: 'lead@city.test', name: 'City Lead', role: 'lead', partnership: 'city', password })
  // five classmates answered already, so the round reaches the minimum cohort for exports
  for (let i = 0; i < 5; i++) {
    const res = await fetch(`${env.server.url}/api/surveys/${round.code}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ submissionId: crypto.randomUUID(), answers: studentAnswers({ year_group: 'y10' }) }),
    })
    expect(res.status).toBe(201)
  }
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

describe('a student', { timeout: 90_000 }, () => {
  it('finds the survey from the start page and completes it with the keyboard alone', async () => {
    const page = await browser.newPage()
    await page.goto(env.server.url)
    await expectNoSeriousViolations(page)
    // skip link, brand link, the language links, then the code box
    await tabTo(page, (f) => f.id === 'code', 10)
    await page.keyboard.type(round.code.toLowerCase())
    await page.keyboard.press('Enter')
    await page.waitForURL(new RegExp(`/s/${round.code}$`))
    await expectNoSeriousViolations(page)

    // Tab through every control: choose the focused answer of each radio group, type into text boxes
    let typed = 0
    for (let step = 0; step < 400; step++) {
      await page.keyboard.press('Tab')
      const focus = await page.evaluate(() => {
        const el = document.activeElement as HTMLInputElement | null
        return { tag: el?.tagName, type: el?.type, name: el?.name, checked: el?.checked, text: el?.textContent }
      })
      if (focus.tag === 'INPUT' && focus.type === 'radio' && !focus.checked) {
        // arrow keys move within a group and choose; the last option of an agreement question is "Don't know"
        await page.keyboard.press('ArrowDown')
        await page.keyboard.press('ArrowUp')
      } else if (focus.tag === 'TEXTAREA') {
        await page.keyboard.type(typed++ === 0 ? 'More visits to colleges & <b>workplaces</b>' : 'No')
      } else if (focus.tag === 'BUTTON' && focus.text?.includes('Send my answers')) {
        await page.keyboard.press('Enter')
        break
      }
    }
    await page.waitForURL(/\/thanks$/)
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Thank you')
    await page.close()
  })
})

describe('a coordinator', { timeout: 90_000 }, () => {
  it('sees the new response counted, and the report with top three and rating', async () => {
    const page = await browser.newPage()
    await page.goto(`${env.server.url}/sign-in`)
    await expectNoSeriousViolations(page)
    await signIn(page, 'oak@school.test')
    // 6 responses in an open round: counted in steps of the minimum cohort (5)
    expect(await page.locator(`[data-round-responses="${round.id}"]`).textContent()).toBe('at least 5')
    await page.getByRole('link', { name: 'Report' }).first().click()
    await page.waitForURL(/\/report\?/)
    await expect(page.getByText('Top three priority areas', { exact: false }).first()).toBeTruthy()
    const html = await page.content()
    expect(html).toMatch(/Not rated|Baseline/)
    await expectNoSeriousViolations(page)
    await page.setViewportSize({ width: 375, height: 800 })
    await screenshot(page, 'report-phone')
    await page.setViewportSize({ width: 1280, height: 900 })
    await screenshot(page, 'report-desktop')

    // the answers one row per response are the lead's, once the round is closed
    expect(await page.locator('#downloads').textContent()).toContain('downloaded by the partnership lead, once the round is closed')
    expect(await page.locator('#downloads a[href*="answers.csv"]').count()).toBe(0)
    await page.close()
  })

  it('closes the round; the lead then downloads the answers the figures rest on', async () => {
    await closeRound(db, round)
    const page = await browser.newPage()
    await signIn(page, 'lead@city.test')
    await page.goto(`${env.server.url}/dashboard/institutions/${oakId}/report?survey=student-iag&year=2026%2F27`)
    const download = page.waitForEvent('download')
    await page.locator('a[href*="answers.csv"]').click()
    const file = await (await download).path()
    const rows = Papa.parse<Record<string, string>>(readFileSync(file!, 'utf8').replace(/^\ufeff/, ''), { header: true, skipEmptyLines: true }).data
    // the figures rest on the first five (a step of the minimum cohort): the sixth response, the
    // keyboard student's "Strongly disagree" (1) throughout, is counted but held back, in the file too
    expect(rows).toHaveLength(5)
    const firstScored = agreementKeys()[0]!
    expect(rows.filter((r) => r[firstScored] === '4')).toHaveLength(5)
    expect(await page.locator('#summary').textContent()).toContain('held back')
    await page.close()
  })

  it('of another school gets 404 for that report', async () => {
    const page = await browser.newPage()
    await signIn(page, 'ash@school.test')
    const res = await page.goto(`${env.server.url}/dashboard/institutions/${oakId}/report?survey=student-iag&year=2026/27`)
    expect(res!.status()).toBe(404)
    await page.close()
  })
})
