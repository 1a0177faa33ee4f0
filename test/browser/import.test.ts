import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/db/connect-node.ts'
import type { Db } from '../../src/db/database.ts'
import { createDemo, demoAccounts } from '../../src/demo/generate.ts'
import { previousYear } from '../../src/rounds/academic-year.ts'
import { catalog } from '../support/app.ts'
import { columnIndex, editCsv, surveyMonkeyExport } from '../importers/fixture.ts'
import { expectNoSeriousViolations, expectNoSidewaysScrolling, launchBrowser, screenshot, serverOnFreshDatabase } from './support.ts'

/**
 * Issue 17's whole import in a real browser, with JavaScript off (every step is a plain form):
 * a real export is uploaded, its columns are matched (one reworded question matched by hand, a
 * question Signpost does not ask left out), the answers that fit no option are mapped, the
 * warnings are ticked, the file is confirmed, and then the import is removed again as a whole.
 * Each page at 375 and 1280 px, without sideways scrolling or a serious axe finding
 * (screenshots in test-results/screenshots/import-*).
 */

let browser: Browser
let env: Awaited<ReturnType<typeof serverOnFreshDatabase>>
let db: Db
let northfield: number
let year: string
const work = mkdtempSync(join(tmpdir(), 'signpost-import-browser-'))
const lead = demoAccounts.find((a) => a.role === 'lead')!

const reworded = 'Do you know who to ask about careers?'
const extra = 'Which careers activities did you take part in?'
const file = join(work, 'real-export.csv')

beforeAll(async () => {
  env = await serverOnFreshDatabase()
  db = await openDatabase(env.databaseUrl)
  await createDemo(db, catalog)
  northfield = Number((await db.$client.execute("SELECT id FROM institutions WHERE slug = 'northfield-academy'")).rows[0]!.id)
  // the year before the demo's first: no round yet
  year = previousYear(String((await db.$client.execute('SELECT min(year) AS y FROM rounds')).rows[0]!.y))
  writeFileSync(
    file,
    editCsv(surveyMonkeyExport, (c) => {
      c[0]!.push(extra)
      c[1]!.push('Response')
      c.slice(2).forEach((r, i) => r.push(i % 3 ? 'Careers fair' : ''))
      c[0]![columnIndex(c, 'i know who can give me advice about my future')] = reworded
      c[2]![columnIndex(c, 'WHAT YEAR ARE YOU IN?')] = 'Yr 10'
      c[5]![columnIndex(c, 'I know my strengths - the things I am good at.')] = 'Neutral'
    }),
  )
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await env?.dispose()
  rmSync(work, { recursive: true, force: true })
})

const count = async (sql: string, ...args: (string | number)[]) => Number((await db.$client.execute({ sql, args })).rows[0]!.n)
const imported = () =>
  count('SELECT count(*) AS n FROM responses r JOIN rounds o ON o.id = r.round_id WHERE o.institution_id = ? AND o.year = ?', northfield, year)

/** The page at both widths: no sideways scrolling, no serious axe finding, a screenshot of each. */
async function looksRight(page: Page, name: string, js: boolean) {
  if (!js) return
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 })
    await expectNoSidewaysScrolling(page)
    await screenshot(page, `import-${name}-${width}`)
  }
  await expectNoSeriousViolations(page)
}

describe('importing an earlier year in the browser, and removing it', () => {
  // with JavaScript on, each page is also checked with axe (which needs it); off, the same steps work as plain forms
  it.each([
    ['with JavaScript', true],
    ['without JavaScript', false],
  ])('upload, match, map answers, warnings, confirm, remove: %s', async (_, js) => {
    // each run starts as the first file of the survey: no choices kept from another
    await db.$client.execute('DELETE FROM import_mappings')
    const context = await browser.newContext({ javaScriptEnabled: js })
    const page = await context.newPage()
    page.setDefaultTimeout(15_000)
    await page.goto(`${env.server.url}/sign-in`)
    await page.fill('#email', lead.email)
    await page.fill('#password', lead.password)
    await page.click('button[type=submit]')
    await page.waitForURL(/\/dashboard/)

    // upload
    await page.goto(`${env.server.url}/dashboard/institutions/${northfield}/import`)
    await page.selectOption('#import-survey', 'student-iag')
    await page.fill('#import-year', year)
    await page.check('#format-surveymonkey')
    await page.setInputFiles('#import-file', file)
    await page.click('form[action$="/import/preview"] button[type=submit]')

    // the check: every column listed with how it matched; the unknown question left out; nothing stored
    const row = (text: string) => page.locator('.import-columns tr', { has: page.locator('th', { hasText: text }) }).first()
    await expect.poll(() => row('IP Address').innerText()).toContain('Identifies a person or device: never stored')
    expect(await row(extra).innerText()).toContain('Matches no question: left out')
    expect(await row(reworded).innerText()).toContain('Matches no question: left out')
    expect(await page.locator('text=Answers that are not one of the question’s options').count()).toBe(1)
    expect(await page.locator('button', { hasText: /^Import / }).count()).toBe(0)
    // one scored question has no column yet: said before anything is stored
    expect(await page.locator('.notice-warning').innerText()).toMatch(/This file answers \d+ of the survey’s \d+ scored questions/)
    await looksRight(page, 'check', js)
    expect(await imported()).toBe(0)

    // each list is named by its column, for a screen reader
    const select = row(reworded).locator('select')
    expect(await page.getByRole('combobox', { name: reworded }).count()).toBe(1)
    await select.selectOption('know_who_can_help')
    await page.locator('tr', { hasText: '“Yr 10”' }).locator('select').selectOption('y10')
    await page.locator('tr', { hasText: '“Neutral”' }).locator('select').selectOption('3')
    await page.click('button:has-text("Check again with these choices")')

    // checked again with the choices: ready, with the coverage said
    expect(await row(reworded).innerText()).toContain('Your choice')
    expect(await page.locator('[role=status]', { hasText: '14 responses are ready to import' }).count()).toBe(1)
    // every scored question now has its column: no warning about what the rating rests on, only
    // what the file would do to the following year's rating (that year has a round)
    expect(await page.locator('.notice-warning', { hasText: 'scored questions' }).count()).toBe(0)
    expect(await page.locator('.notice-warning').innerText()).toMatch(/rating would change from no rating \(a baseline year\) to /)
    await looksRight(page, 'checked-again', js)
    await page.check('#save-mapping')
    await page.click('button:has-text("Import 14 responses")')
    expect(await page.locator('[role=status]').first().innerText()).toContain(`14 responses imported into “Your careers help at school”, ${year}`)
    expect(await imported()).toBe(14)
    expect(await count("SELECT count(*) AS n FROM answers WHERE value = 'Careers fair'")).toBe(0)

    // the same file again is recognised at the check, before anything is stored
    await page.goto(`${env.server.url}/dashboard/institutions/${northfield}/import`)
    await page.selectOption('#import-survey', 'student-iag')
    await page.fill('#import-year', year)
    await page.setInputFiles('#import-file', file)
    await page.click('form[action$="/import/preview"] button[type=submit]')
    expect(await page.locator('body').innerText()).toContain(`This file was imported into ${year}`)
    // and the saved choices were used
    expect(await row(reworded).innerText()).toContain('Your choice')

    // removed as a whole from the institution's imported files, with confirmation
    await page.goto(`${env.server.url}/dashboard/institutions/${northfield}/imports`)
    await page.click('a:has-text("Remove…")')
    await looksRight(page, 'remove', js)
    await page.check('#confirm-remove')
    await page.click('button:has-text("Remove the import")')
    expect(await page.locator('[role=status]').first().innerText()).toContain('Removed the 14 responses')
    expect(await imported()).toBe(0)
    expect(await count('SELECT count(*) AS n FROM rounds WHERE institution_id = ? AND year = ?', northfield, year)).toBe(0)
    expect(await count("SELECT count(*) AS n FROM audit_log WHERE action = 'import.undone'")).toBe(js ? 1 : 2)
    await looksRight(page, 'removed', js)
    await context.close()
  })
})
