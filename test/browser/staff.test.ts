import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/db/connect-node.ts'
import type { Db } from '../../src/db/database.ts'
import { createDemo, demoAccounts } from '../../src/demo/generate.ts'
import { settingsOf } from '../../src/org/settings.ts'
import { academicYearOf, previousYear } from '../../src/rounds/academic-year.ts'
import { catalog, studentAnswers } from '../support/app.ts'
import { projectRoot } from '../support/sqld.ts'
import { artefacts, expectNoSeriousViolations, expectNoSidewaysScrolling, launchBrowser, screenshot, serverOnFreshDatabase } from './support.ts'
import { codeGroups } from '../../src/rounds/codes.ts'

/**
 * The staff side as a coordinator and a partnership lead meet it, on the demo data, in a real
 * browser against a real server: every staff page at 375 and 1280 px (screenshots in
 * test-results/screenshots/staff-*), with no sideways scrolling, every class defined in a
 * stylesheet, unique ids, a visible focus and no serious axe finding; the printouts as PDF
 * pages (poppler-utils) with QR codes that zbarimg reads back and that open the right round;
 * and the ways a session or a form could lose someone's work.
 */

let browser: Browser
let env: Awaited<ReturnType<typeof serverOnFreshDatabase>>
let db: Db
const year = academicYearOf(new Date())
const lastYear = previousYear(year)
let northfield: number
let openStudentRound: { id: number; code: string }
const work = mkdtempSync(join(tmpdir(), 'signpost-staff-'))

const account = (role: string) => demoAccounts.find((a) => a.role === role)!

async function signedIn(role: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.goto(`${env.server.url}/sign-in`)
  await page.fill('#email', account(role).email)
  await page.fill('#password', account(role).password)
  await page.click('button[type=submit]')
  await page.waitForURL(/\/dashboard/)
  return { context, page }
}

const stylesheets = ['styles.css', 'dashboard.css', 'framework.css', 'print-sheets.css']
/** Every class a stylesheet of web/ names in a selector. */
const definedClasses = new Set(
  stylesheets.flatMap((f) => [...readFileSync(join(projectRoot, 'web', f), 'utf8').matchAll(/\.([a-zA-Z_][\w-]*)/g)].map((m) => m[1]!)),
)
/** Classes that only mark an element for a script or a test, never to style it. */
const hookClasses = new Set(['js'])

/** The layout facts every staff page must keep, at the current width. */
async function expectFinished(page: Page, name: string) {
  await expectNoSidewaysScrolling(page)
  const classes: string[] = await page.evaluate(() => [...new Set([...document.querySelectorAll('[class]')].flatMap((el) => [...el.classList]))])
  expect(
    classes.filter((c) => !definedClasses.has(c) && !hookClasses.has(c)),
    `${name}: classes in the markup that no stylesheet defines`,
  ).toEqual([])
  const ids: string[] = await page.evaluate(() => [...document.querySelectorAll('[id]')].map((el) => el.id))
  expect(
    ids.filter((id, i) => ids.indexOf(id) !== i),
    `${name}: ids used twice`,
  ).toEqual([])
  await expectNoSeriousViolations(page)
}

/** Tabs to the first few controls and checks each shows a focus indicator. */
async function expectVisibleFocus(page: Page, name: string) {
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('Tab')
    const style = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null
      if (!el || el === document.body) return null
      const s = getComputedStyle(el)
      return { outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2, shadow: s.boxShadow !== 'none', tag: el.tagName }
    })
    if (style) expect(style.outline || style.shadow, `${name}: focus on a ${style.tag} is visible`).toBe(true)
  }
}

function pdf(file: string) {
  return {
    pages: Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]),
    size: /Page size:\s+([\d.]+) x ([\d.]+)/
      .exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))!
      .slice(1)
      .map(Number) as [number, number],
    text: (page?: number) => execFileSync('pdftotext', [...(page ? ['-f', String(page), '-l', String(page)] : []), '-layout', file, '-'], { encoding: 'utf8' }),
  }
}

/**
 * Renders page 1 of a PDF to PNGs (kept in test-results/screenshots/) and returns every distinct
 * QR code zbarimg reads from them. zbar scanning a whole page of ten codes now and then misses
 * one at a given resolution, as a phone held at one distance can: so the page is read at three
 * resolutions, and a code counts as readable when any of them reads it.
 */
function qrCodesOnFirstPage(file: string, name: string): string[] {
  const read = new Set<string>()
  for (const dpi of [300, 200, 400]) {
    const png = join(artefacts, dpi === 300 ? `${name}-page1` : `${name}-page1-${dpi}dpi`)
    execFileSync('pdftoppm', ['-png', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', file, png])
    let out = ''
    try {
      out = execFileSync('zbarimg', ['--quiet', '--raw', '-Sqrcode.enable', `${png}.png`], { encoding: 'utf8' })
    } catch (error) {
      out = String((error as { stdout?: string }).stdout ?? '')
    }
    for (const code of out.split('\n').filter(Boolean)) read.add(code)
  }
  return [...read]
}

async function printToPdf(page: Page, name: string): Promise<string> {
  const file = join(work, `${name}.pdf`)
  writeFileSync(file, await page.pdf({ preferCSSPageSize: true, printBackground: true }))
  return file
}

beforeAll(async () => {
  env = await serverOnFreshDatabase()
  db = await openDatabase(env.databaseUrl)
  await createDemo(db, catalog)
  northfield = Number((await db.$client.execute("SELECT id FROM institutions WHERE slug = 'northfield-academy'")).rows[0]!.id)
  const round = (
    await db.$client.execute({
      sql: "SELECT id, code FROM rounds WHERE institution_id = ? AND survey_id = 'student-iag' AND year = ?",
      args: [northfield, year],
    })
  ).rows[0]!
  openStudentRound = { id: Number(round.id), code: String(round.code) }
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  db?.$client.close()
  await env?.dispose()
  rmSync(work, { recursive: true, force: true })
})

/**
 * Every table of the page that a phone lays out as blocks (ScrollTable's `stack`) fits its space
 * without scrolling sideways; `expected` are among them.
 */
async function expectStackedTablesFit(page: Page, expected: string[]) {
  const tables = await page
    .locator('.stack-narrow')
    .evaluateAll((list) => list.map((table) => ({ id: table.id, width: table.scrollWidth, space: table.parentElement!.clientWidth })))
  expect(tables.map((t) => t.id)).toEqual(expect.arrayContaining(expected))
  for (const t of tables) expect(t.width, `${page.url()}: #${t.id} is ${t.width}px wide in a ${t.space}px space`).toBeLessThanOrEqual(t.space)
}

describe('every staff page', { timeout: 300_000 }, () => {
  const pages = () => {
    const base = `/dashboard/institutions/${northfield}`
    const q = (survey: string, y: string) => `survey=${survey}&year=${encodeURIComponent(y)}`
    return {
      coordinator: {
        rounds: base,
        'close-round': `${base}/rounds/${openStudentRound.id}/close`,
        report: `${base}/report?${q('student', lastYear)}`,
        'parent-report': `${base}/report?${q('parent', lastYear)}`,
        framework: `${base}/framework?year=${encodeURIComponent(year)}`,
        'you-said': `${base}/you-said?${q('student', lastYear)}`,
        impact: `${base}/impact?year=${encodeURIComponent(lastYear)}`,
        criteria: `/dashboard/framework/criteria?year=${encodeURIComponent(year)}`,
        'not-found': `${base}/no-such-page`,
        'bad-year': `${base}/report?${q('student', '2025')}`,
      },
      lead: {
        overview: '/dashboard',
        matrix: `/dashboard/framework?year=${encodeURIComponent(year)}`,
        criteria: `/dashboard/framework/criteria?year=${encodeURIComponent(year)}`,
        'framework-import': '/dashboard/framework/import',
        // only the partnership lead imports an earlier year's answers
        import: `${base}/import`,
        'institution-framework': `${base}/framework?year=${encodeURIComponent(year)}`,
      },
    } as const
  }

  for (const role of ['coordinator', 'lead'] as const) {
    it(`looks finished for the ${role} at 375 and 1280 px`, async () => {
      const { context, page } = await signedIn(role)
      const errors: string[] = []
      page.on('console', (m) => {
        // a staff 404/400 page is meant to answer 404/400; the browser logs the status of the page itself
        if (m.type() === 'error' && !/status of 40[04]/.test(m.text())) errors.push(m.text())
      })
      for (const [name, path] of Object.entries(pages()[role])) {
        await page.goto(`${env.server.url}${path}`)
        for (const width of [375, 1280]) {
          await page.setViewportSize({ width, height: 900 })
          await screenshot(page, `staff-${role}-${name}-${width}`)
          await expectFinished(page, `${role} ${name} at ${width}px`)
        }
        await expectVisibleFocus(page, `${role} ${name}`)
        expect(await page.locator('.staff-header').count(), `${name} has the staff header`).toBe(1)
      }
      expect(errors, 'console errors').toEqual([])
      await context.close()
    })
  }

  it('the framework matrix fits a 1280 px screen; narrower, it scrolls inside the table with the institutions kept in view', async () => {
    const { context, page } = await signedIn('lead')
    await page.setViewportSize({ width: 1280, height: 800 })
    await page.goto(`${env.server.url}/dashboard/framework?year=${encodeURIComponent(year)}`)
    const box = () =>
      page.locator('#matrix-table').evaluate((table) => {
        const region = table.parentElement!
        const edge = region.getBoundingClientRect().right
        return {
          table: table.scrollWidth,
          region: region.clientWidth,
          scrollable: region.scrollWidth > region.clientWidth,
          lastColumnShown: [...table.querySelectorAll('tr > :last-child')].every((cell) => cell.getBoundingClientRect().right <= edge + 0.5),
        }
      })
    const wide = await box()
    expect(wide.table, `the matrix is ${wide.table}px wide in a ${wide.region}px space`).toBeLessThanOrEqual(wide.region)
    expect(wide.scrollable).toBe(false)
    // every column, down to the change since last year, is on the screen without scrolling
    expect(wide.lastColumnShown).toBe(true)
    expect(await page.locator('#matrix-table thead th').last().textContent()).toBe(`Change since ${lastYear}`)
    expect(await page.locator('#matrix-table td[data-change]').first().textContent()).toMatch(/was/)

    // on a phone the page stays put; the ratings scroll sideways inside the table and the institution names stay in view
    await page.setViewportSize({ width: 375, height: 800 })
    await expectNoSidewaysScrolling(page)
    expect((await box()).scrollable).toBe(true)
    await page.locator('#matrix-table').evaluate((table) => table.parentElement!.scrollTo({ left: 10_000 }))
    const name = page.locator('#matrix-table tbody th[scope="row"]').first()
    const [nameBox, regionBox] = [await name.boundingBox(), await page.locator('#matrix-table').locator('..').boundingBox()]
    expect(nameBox!.x).toBeGreaterThanOrEqual(regionBox!.x - 0.5)
    expect(await page.locator('#matrix-table').evaluate((table) => table.parentElement!.scrollLeft)).toBeGreaterThan(0)
    await screenshot(page, 'staff-lead-matrix-375-scrolled')
    await context.close()
  })

  it('on a phone, the overview shows each institution, benchmark and question as a block: its rating and top three in view, each value named, still a table to a screen reader', async () => {
    const { context, page } = await signedIn('lead')
    await page.setViewportSize({ width: 375, height: 800 })
    await page.goto(`${env.server.url}/dashboard`)
    await expectStackedTablesFit(page, ['institutions-table', 'arrivals-table', 'benchmark-table', 'city-table'])
    const first = page.locator('#institutions-table tbody tr').first()
    // the rating, in words, and the first priority area are on the screen without scrolling sideways
    const rating = first.locator('td[data-label="Student-survey rating"]')
    expect(await rating.evaluate((td) => getComputedStyle(td, '::before').content)).toMatch(/^"Student-survey rating: "/)
    expect(await rating.innerText()).toMatch(/Red|Amber|Green/)
    const ratingBox = await rating.boundingBox()
    expect(ratingBox!.x + ratingBox!.width).toBeLessThanOrEqual(375)
    const topArea = first.locator('td[data-label="Top three priority areas"] li').first()
    const box = await topArea.boundingBox()
    expect(box!.x + box!.width).toBeLessThanOrEqual(375)
    // the table's rows and cells keep their roles however CSS lays them out
    const snapshot = await page.locator('#institutions-table').ariaSnapshot()
    expect(snapshot).toMatch(/- table "Responses from each voice/)
    expect(snapshot).toMatch(/- rowheader "Brookside Academy"/)
    // each cell read as its value alone (the label shown before it is not read out: the column header is)
    expect(snapshot).toMatch(/- 'cell "at least \d+"'|- cell "at least \d+"/)
    // and sorting is still there, above the blocks; a link's name reads as words, with no stray space before punctuation
    await page.getByRole('link', { name: 'Student-survey rating (sort highest first)', exact: true }).click()
    await page.waitForURL(/sort=-rating/)
    await screenshot(page, 'staff-lead-overview-375-sorted')
    await context.close()
  })

  it('on a phone, the report’s tables read as a block per question, every figure named and in view', async () => {
    const { context, page } = await signedIn('coordinator')
    await page.setViewportSize({ width: 375, height: 800 })
    await page.goto(`${env.server.url}/dashboard/institutions/${northfield}/report?survey=student&year=${encodeURIComponent(lastYear)}`)
    await expectStackedTablesFit(page, ['scores-table', 'trends-table', 'breakdown-0', 'gaps-table-parent', 'benchmark-table'])
    // the lowest question's score, named, on the screen
    const score = page.locator('#scores-table tbody tr').first().locator('td[data-label="Score"]')
    expect(await score.evaluate((td) => getComputedStyle(td, '::before').content)).toMatch(/^"Score: "/)
    const scoreBox = (await score.boundingBox())!
    expect(scoreBox.x + scoreBox.width).toBeLessThanOrEqual(375)
    // a breakdown keeps its groups' sizes in view
    expect(await page.locator('#breakdown-0 thead .group-size').first().isVisible()).toBe(true)
    await screenshot(page, 'staff-coordinator-report-375-tables')
    await context.close()
  })

  it('on a phone, every table laid out as blocks fits the screen: accounts, the audit log and the framework’s elements too', async () => {
    for (const [role, paths] of [
      ['lead', { '/dashboard/accounts': 'accounts', '/dashboard/audit': 'audit-entries' }],
      ['coordinator', { [`/dashboard/institutions/${northfield}/framework?year=${encodeURIComponent(year)}`]: 'elements-table' }],
    ] as const) {
      const { context, page } = await signedIn(role)
      await page.setViewportSize({ width: 375, height: 800 })
      for (const [path, id] of Object.entries(paths)) {
        await page.goto(`${env.server.url}${path}`)
        await expectStackedTablesFit(page, [id])
      }
      await context.close()
    }
  })

  it('in the dark scheme too: 0 serious axe findings on every page, the RAG ratings with their words and shapes; printouts stay light', async () => {
    const colours = (page: Page, selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((el) => {
          const s = getComputedStyle(el)
          return { color: s.color, background: s.backgroundColor, text: el.textContent?.trim() ?? '' }
        })
    /** The lightness (0 to 255) of a computed colour, rgb(...) or rgba(...). */
    const lightness = (colour: string) => {
      const [r, g, b] = colour.match(/[\d.]+/g)!.map(Number)
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
    }
    for (const role of ['coordinator', 'lead'] as const) {
      const { context, page } = await signedIn(role)
      await page.emulateMedia({ colorScheme: 'dark' })
      for (const [name, path] of Object.entries(pages()[role])) {
        await page.goto(`${env.server.url}${path}`)
        for (const width of name === 'rounds' || name === 'report' || name === 'matrix' ? [375, 1280] : [1280]) {
          await page.setViewportSize({ width, height: 900 })
          await screenshot(page, `staff-dark-${role}-${name}-${width}`)
          await expectNoSeriousViolations(page)
        }
        const body = await colours(page, 'html')
        expect(lightness(body.background), `${name}: a dark page`).toBeLessThan(60)
        expect(lightness(body.color), `${name}: light text`).toBeGreaterThan(180)
      }
      if (role === 'lead') {
        // the matrix's ratings: each still says its rating in words, with its shape, on a dark tint
        await page.goto(`${env.server.url}${pages().lead.matrix}`)
        const badges = page.locator('.rag')
        expect(await badges.count()).toBeGreaterThan(3)
        const rated = await badges.evaluateAll((els) =>
          els.map((el) => ({ text: el.textContent?.trim() ?? '', background: getComputedStyle(el).backgroundColor })),
        )
        for (const b of rated) {
          expect(b.text).toMatch(/[■▲◆●○]|Red|Amber|Green|Not rated|No rating/)
          expect(lightness(b.background), b.text).toBeLessThan(90)
        }
      }
      await context.close()
    }
    // a printout looks on screen as it prints: light
    const { context, page } = await signedIn('coordinator')
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.goto(`${env.server.url}/dashboard/institutions/${northfield}/rounds/${openStudentRound.id}/sheet`)
    expect(lightness((await colours(page, 'html')).background)).toBeGreaterThan(240)
    await expectNoSeriousViolations(page)
    await context.close()
    const anonymous = await browser.newPage()
    await anonymous.emulateMedia({ colorScheme: 'dark' })
    await anonymous.goto(`${env.server.url}/sign-in`)
    await screenshot(anonymous, 'staff-dark-sign-in-1280')
    await expectNoSeriousViolations(anonymous)
    await anonymous.close()
  })

  it('fit at 320 px too, and the sign-in page looks finished', async () => {
    const { context, page } = await signedIn('lead')
    await page.setViewportSize({ width: 320, height: 800 })
    for (const path of ['/dashboard', `/dashboard/institutions/${northfield}`, `/dashboard/framework?year=${encodeURIComponent(year)}`]) {
      await page.goto(`${env.server.url}${path}`)
      await expectNoSidewaysScrolling(page)
    }
    await context.close()
    const anonymous = await browser.newPage()
    for (const width of [375, 1280]) {
      await anonymous.setViewportSize({ width, height: 800 })
      await anonymous.goto(`${env.server.url}/sign-in`)
      await screenshot(anonymous, `staff-sign-in-${width}`)
      await expectFinished(anonymous, `sign-in at ${width}px`)
    }
    await anonymous.close()
  })
})

describe('the report’s first screen', { timeout: 120_000 }, () => {
  it('answers the rating and why, the three priority areas, who answered and the partnership median, above the fold', async () => {
    const { context, page } = await signedIn('coordinator')
    const path = `/dashboard/institutions/${northfield}/report?survey=student-iag&year=${encodeURIComponent(lastYear)}`
    const report = JSON.parse(
      await (await page.request.get(`${env.server.url}/api/institutions/${northfield}/report?survey=student-iag&year=${encodeURIComponent(lastYear)}`)).text(),
    )
    const inView = async (selector: string, height: number) => {
      const box = await page.locator(selector).first().boundingBox()
      expect(box, selector).not.toBeNull()
      expect(box!.y + box!.height, `${selector} ends within the first ${height} px`).toBeLessThanOrEqual(height)
    }
    await page.setViewportSize({ width: 1280, height: 800 })
    await page.goto(`${env.server.url}${path}`)
    const glance = page.locator('#at-a-glance')
    // the rating in words (and shape), with its reasons as a list of development questions
    expect(await glance.locator('.glance-rating .rag').innerText()).toContain(report.rag.rating)
    for (const key of report.rag.remaining) {
      const text = report.development.questions.find((d: { key: string }) => d.key === key).text
      expect(await glance.locator('.glance-reasons').innerText()).toContain(text)
    }
    // the top three, in order, each with score, interval, change and the partnership median
    const top = glance.locator('.glance-top > li')
    expect(await top.evaluateAll((items) => items.map((i) => i.getAttribute('data-key')))).toEqual(report.topThree)
    for (const [i, key] of report.topThree.entries()) {
      const q = report.questions.find((x: { key: string }) => x.key === key)
      const text = await top.nth(i).innerText()
      expect(text).toContain(q.text)
      expect(text).toContain(`${Math.round(q.score * 100)}% positive`)
      expect(text).toContain('95% interval')
      expect(text).toMatch(/Partnership median \d+% \(5 institutions\)/)
    }
    expect(await glance.locator('.glance-number').innerText()).toBe(String(report.respondents))
    for (const selector of ['.glance-rating', '.glance-responses', '.glance-top']) await inView(selector, 800)
    await screenshot(page, 'report-first-screen-1280')

    // a phone: the same facts first, the rating on the first screen
    await page.setViewportSize({ width: 375, height: 812 })
    await page.goto(`${env.server.url}${path}`)
    await inView('.glance-rating .rag', 812)
    const order = await page.locator('.report > *').evaluateAll((els) => els.map((e) => e.id || e.tagName.toLowerCase()))
    expect(order.indexOf('at-a-glance')).toBeLessThan(order.indexOf('summary'))
    await expectNoSidewaysScrolling(page)
    await screenshot(page, 'report-first-screen-375')
    await context.close()
  })
})

describe('the report’s charts', { timeout: 120_000 }, () => {
  it('start the trend chart with the ticked questions on a fitted axis; a tick adds a line; a phone gets bars with whole texts', async () => {
    const { context, page } = await signedIn('coordinator')
    await page.setViewportSize({ width: 1280, height: 900 })
    await page.goto(`${env.server.url}/dashboard/institutions/${northfield}/report?survey=student-iag&year=${encodeURIComponent(lastYear)}`)
    await page.locator('#trend-chart-figure').waitFor({ state: 'visible' })
    const trend = () =>
      page.evaluate(() => {
        const chart = (window as unknown as { Chart: typeof import('chart.js').Chart }).Chart.getChart('trend-chart')!
        const shown = chart.data.datasets.filter((_, i) => chart.isDatasetVisible(i)).map((d) => String(d.label))
        const values = chart.data.datasets
          .flatMap((d, i) => (chart.isDatasetVisible(i) ? (d.data as (number | null)[]) : []))
          .filter((v): v is number => v !== null)
        return {
          shown,
          min: chart.scales.y!.min,
          max: chart.scales.y!.max,
          low: Math.min(...values),
          high: Math.max(...values),
          legend: chart.options.plugins?.legend?.display,
        }
      })
    const ticked = async () =>
      page.locator('#trend-key input:checked').evaluateAll((inputs) => inputs.map((i) => (i.nextElementSibling as HTMLElement).innerText.trim()))
    const start = await trend()
    expect(start.shown.sort()).toEqual((await ticked()).sort())
    expect(start.shown.length).toBeGreaterThan(0)
    expect(start.shown.length).toBeLessThanOrEqual(6)
    expect(start.legend).toBe(false)
    // the axis is fitted to the lines shown, not 0-100%
    expect(start.max - start.min).toBeLessThan(100)
    expect(start.min).toBeLessThanOrEqual(start.low)
    expect(start.max).toBeGreaterThanOrEqual(start.high)
    // with the keyboard: open "Add other questions", tick the first, and it is drawn
    await page.locator('#trend-key summary').focus()
    await page.keyboard.press('Enter')
    await page.locator('#trend-key details input').first().focus()
    await page.keyboard.press('Space')
    const added = await trend()
    expect(added.shown.length).toBe(start.shown.length + 1)
    expect(added.shown.sort()).toEqual((await ticked()).sort())
    await screenshot(page, 'report-trends-1280')

    // the score chart: the canvas on a wide screen, bars with every question's whole text on a phone
    expect(await page.locator('#score-chart-figure').isVisible()).toBe(true)
    expect(await page.locator('.score-bars').isVisible()).toBe(false)
    await page.setViewportSize({ width: 320, height: 800 })
    expect(await page.locator('#score-chart-figure').isVisible()).toBe(false)
    const bars = page.locator('.score-bars > li')
    expect(await bars.count()).toBe(await page.locator('#scores-table tbody tr:has(td.num)').count())
    for (const text of await page.locator('.score-bar-text').allInnerTexts()) {
      const row = text.replace(/^Top 3\s+/, '').trim()
      expect(await page.locator('#scores-table tbody th', { hasText: row }).count(), row).toBe(1)
    }
    await expectNoSidewaysScrolling(page)
    await page.locator('.score-bars').screenshot({ path: join(artefacts, 'report-score-bars-320.png') })
    await context.close()
  })
})

describe('live counts', { timeout: 120_000 }, () => {
  /** Posts `count` complete student responses through the public API, as students answering would. */
  async function answer(count: number) {
    for (let i = 0; i < count; i++) {
      const res = await fetch(`${env.server.url}/api/surveys/${openStudentRound.code}/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ submissionId: crypto.randomUUID(), answers: studentAnswers({ year_group: 'y10' }) }),
      })
      expect(res.status).toBe(201)
    }
  }

  /** Lets the page's 30-second timer fire and waits for the counts it then fetches. */
  async function thirtySecondsLater(page: Page) {
    const fetched = page.waitForResponse((r) => new URL(r.url()).pathname === `/dashboard/institutions/${northfield}/counts`)
    await page.clock.runFor(30_000)
    expect((await fetched).status()).toBe(200)
  }

  it('the institution page updates its response count while it is open, in steps of the minimum cohort, and says so politely', async () => {
    const { minCohort } = await settingsOf(
      db,
      Number((await db.$client.execute({ sql: 'SELECT partnership_id FROM institutions WHERE id = ?', args: [northfield] })).rows[0]!.partnership_id),
    )
    const stored = async () =>
      Number((await db.$client.execute({ sql: 'SELECT count(*) AS n FROM responses WHERE round_id = ?', args: [openStudentRound.id] })).rows[0]!.n)
    const before = await stored()
    const shown = Math.floor(before / minCohort) * minCohort
    const next = shown + minCohort
    const words = (n: number) => (n === 0 ? `fewer than ${minCohort}` : `at least ${n}`)

    const { context, page } = await signedIn('coordinator')
    // the page's clock stands still unless the test moves it: only runFor below lets its 30-second timer fire
    const start = Date.now()
    await page.clock.install({ time: start })
    await page.clock.pauseAt(start + 1_000)
    await page.goto(`${env.server.url}/dashboard/institutions/${northfield}`)
    const count = page.locator(`[data-round-responses="${openStudentRound.id}"]`)
    const status = page.locator('#count-updates')
    expect(await count.textContent()).toBe(words(shown))
    expect(await status.textContent()).toBe('')

    // answers short of the next step do not move the count
    await answer(next - before - 1)
    await thirtySecondsLater(page)
    expect(await count.textContent()).toBe(words(shown))

    // the answer that completes the step does, and a polite status line says the counts were updated
    await answer(1)
    await thirtySecondsLater(page)
    // the page reads the counts' JSON and then writes the cell: wait for it (polled from here, the page's own timers are the fake clock's)
    for (let tries = 0; tries < 100 && (await count.textContent()) !== words(next); tries++) await new Promise((r) => setTimeout(r, 100))
    expect(await count.textContent()).toBe(words(next))
    expect(await status.textContent()).toMatch(/^Response counts updated at \d\d:\d\d\.$/)
    const politeness = await status.evaluate((el) => {
      const region = el.closest('[aria-live], [role="status"], [role="log"], [role="alert"]')
      if (!region) return null
      const role = region.getAttribute('role')
      return region.getAttribute('aria-live') ?? (role === 'alert' ? 'assertive' : 'polite')
    })
    expect(politeness).toBe('polite')
    await context.close()
  })
})

describe('printouts', { timeout: 120_000 }, () => {
  it('the access sheet is one A4 page with the code, the address and a QR code that opens the round', async () => {
    const { context, page } = await signedIn('coordinator')
    await page.goto(`${env.server.url}/dashboard/institutions/${northfield}/rounds/${openStudentRound.id}/sheet`)
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 900 })
      await screenshot(page, `staff-access-sheet-${width}`)
      await expectFinished(page, `access sheet at ${width}px`)
    }
    const file = await printToPdf(page, 'access-sheet')
    const sheet = pdf(file)
    expect(sheet.pages).toBe(1)
    expect(sheet.size[1]).toBeGreaterThan(sheet.size[0])
    const text = sheet.text()
    // an 8-character code is printed in two groups of four
    expect(text).toContain(codeGroups(openStudentRound.code).join(' '))
    expect(text).toContain('You do not give your name')
    expect(text).toContain('Your careers help at school')
    expect(text).not.toContain('Signed in as')
    const url = `${env.server.url}/s/${openStudentRound.code}`
    expect(qrCodesOnFirstPage(file, 'staff-access-sheet-pdf')).toEqual([url])
    await context.close()
  })

  it('code slips print ten to an A4 page with cut lines, each QR code opening the survey with its own code', async () => {
    const { context, page } = await signedIn('coordinator')
    await page.goto(`${env.server.url}/dashboard/institutions/${northfield}`)
    await page.fill(`#count-${openStudentRound.id}`, '10')
    await page.fill(`#label-${openStudentRound.id}`, '10B')
    await page.click(`form[action$="/rounds/${openStudentRound.id}/tokens"] button`)
    await page.waitForURL(/\/tokens$/)
    const codes = await page.locator('.slip-code').allTextContents()
    expect(codes).toHaveLength(10)
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 900 })
      await screenshot(page, `staff-code-slips-${width}`)
      await expectFinished(page, `code slips at ${width}px`)
    }
    const file = await printToPdf(page, 'code-slips')
    const slips = pdf(file)
    expect(slips.pages).toBe(1)
    const text = slips.text()
    for (const code of codes) expect(text).toContain(code)
    expect(text.match(/10B/g)?.length).toBe(10)
    const read = qrCodesOnFirstPage(file, 'staff-code-slips-pdf')
    expect(read.sort()).toEqual(codes.map((c) => `${env.server.url}/s/${c}`).sort())
    // a slip's QR code opens the survey for that code
    const student = await browser.newPage()
    const res = await student.goto(read[0]!)
    expect(res?.status()).toBe(200)
    expect(await student.locator('h1').first().textContent()).toContain('Your careers help at school')
    await student.close()
    await context.close()
  })

  it('the report prints on A4 with the first screen on page 1 and its scores table on at most 3 pages', async () => {
    const { context, page } = await signedIn('coordinator')
    await page.setViewportSize({ width: 1280, height: 900 })
    await page.goto(`${env.server.url}/dashboard/institutions/${northfield}/report?survey=student-iag&year=${encodeURIComponent(lastYear)}`)
    const rows = await page.locator('#scores-table tbody th').allInnerTexts()
    const file = await printToPdf(page, 'report')
    const printed = pdf(file)
    // A4 portrait: 595 x 842 points
    expect(printed.size.map(Math.round)).toEqual([595, 842])
    expect(printed.text(1)).toContain('Student-survey rating')
    expect(printed.text(1)).toContain('Top three priority areas')
    // the pages the scores table's first and last rows are on (its caption names it on the first)
    const pages = Array.from({ length: printed.pages }, (_, i) => printed.text(i + 1).replace(/\s+/g, ' '))
    const first = pages.findIndex((t) => t.includes('Score for each question, lowest first'))
    const last = pages.findIndex((t, i) => i >= first && t.includes(rows.at(-1)!.replace(/\s+/g, ' ').slice(0, 30)))
    expect(first).toBeGreaterThanOrEqual(0)
    expect(last - first + 1, `the scores table runs from page ${first + 1} to ${last + 1}`).toBeLessThanOrEqual(3)
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '50',
      '-f',
      String(first + 1),
      '-l',
      String(first + 1),
      '-singlefile',
      file,
      join(artefacts, 'staff-report-print-scores'),
    ])
    await context.close()
  })

  it('the framework matrix prints landscape, starting on page 1', async () => {
    const { context, page } = await signedIn('lead')
    await page.goto(`${env.server.url}/dashboard/framework?year=${encodeURIComponent(year)}`)
    const file = await printToPdf(page, 'framework-matrix')
    const matrix = pdf(file)
    expect(matrix.size[0]).toBeGreaterThan(matrix.size[1])
    expect(matrix.text(1)).toContain('IAG Improvement Framework')
    expect(matrix.text(1)).toContain('Northfield Academy')
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, join(artefacts, 'staff-framework-matrix-pdf-page1')])
    await context.close()
  })
})

describe('no dead ends, nothing lost', { timeout: 120_000 }, () => {
  it('a deep link survives signing in, query and all', async () => {
    const page = await browser.newPage()
    const target = `/dashboard/institutions/${northfield}/report?survey=student&year=${encodeURIComponent(lastYear)}`
    await page.goto(`${env.server.url}${target}`)
    expect(page.url()).toContain('/sign-in')
    await page.fill('#email', account('coordinator').email)
    await page.fill('#password', account('coordinator').password)
    await page.click('button[type=submit]')
    await page.waitForURL(/\/report\?/)
    expect(new URL(page.url()).searchParams.get('year')).toBe(lastYear)
    expect(new URL(page.url()).searchParams.get('survey')).toBe('student')
    await page.close()
  })

  it('a form sent after the session ended is kept, and sent again after signing in', async () => {
    const { context, page } = await signedIn('coordinator')
    await page.goto(`${env.server.url}/dashboard/institutions/${northfield}/framework?year=${encodeURIComponent(year)}`)
    const typed = 'Two employer talks for Year 10 in the spring term'
    const box = page.locator('textarea[name="action_quality"]')
    await box.fill(typed)
    await context.clearCookies()
    await box.press('Tab')
    await page.getByRole('button', { name: 'Save the action plan' }).click()
    await page.waitForLoadState()
    expect(await page.locator('.notice').first().textContent()).toContain('session had ended')
    await page.fill('#email', account('coordinator').email)
    await page.fill('#password', account('coordinator').password)
    await page.click('button[type=submit]')
    await page.getByRole('button', { name: 'Send the form again' }).click()
    await page.waitForURL(/done=actions/)
    expect(await page.locator('textarea[name="action_quality"]').inputValue()).toBe(typed)
    await context.close()
  })

  it('closing a round asks first; "No" leaves it open', async () => {
    const { context, page } = await signedIn('coordinator')
    await page.goto(`${env.server.url}/dashboard/institutions/${northfield}`)
    await page.locator(`a[href$="/rounds/${openStudentRound.id}/close"]`).click()
    await page.waitForURL(/\/close$/)
    expect(await page.locator('h1').textContent()).toContain('Close this round?')
    await page.getByRole('link', { name: 'No, go back' }).click()
    await page.waitForURL(new RegExp(`/institutions/${northfield}$`))
    const status = (await db.$client.execute({ sql: 'SELECT status FROM rounds WHERE id = ?', args: [openStudentRound.id] })).rows[0]!.status
    expect(status).toBe('open')
    await context.close()
  })
})

describe('the framework form', { timeout: 180_000 }, () => {
  it('stores exactly the statement clicked, for every option of both statement fields', async () => {
    const { context, page } = await signedIn('lead')
    const url = `${env.server.url}/dashboard/institutions/${northfield}/framework?year=${encodeURIComponent(year)}`
    for (const [field, column] of [
      ['qualityAward', 'quality_award'],
      ['staffing', 'staffing'],
    ] as const) {
      await page.goto(url)
      const options = await page
        .locator(`input[type=radio][name="${field}"]`)
        .evaluateAll((els) => els.map((e) => ({ id: e.id, value: (e as HTMLInputElement).value })))
      expect(options.length).toBe(5)
      for (const option of options) {
        await page.goto(url)
        await page.locator(`label[for="${option.id}"]`).click()
        await page.getByRole('button', { name: 'Save the four elements' }).click()
        await page.waitForURL(/done=entry/)
        const stored =
          (
            await db.$client.execute({
              sql: `SELECT ${column} AS v FROM framework_entries e JOIN institutions i ON i.id = e.institution_id WHERE i.slug = 'northfield-academy' AND e.year = ?`,
              args: [year],
            })
          ).rows[0]?.v ?? null
        expect(stored ?? '', `${field}: clicking "${option.id}"`).toBe(option.value)
        expect(await page.locator(`#${option.id}`).isChecked()).toBe(true)
      }
    }
    await context.close()
  })
})
