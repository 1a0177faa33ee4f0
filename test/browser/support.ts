import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { expect } from 'vitest'
import { startServer, type BenchServer } from '../support/server.ts'
import { projectRoot } from '../support/sqld.ts'

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Headless Debian chromium with the flags this closed network needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  })
}

/** A real Signpost server process on a temporary database, stopped and removed by `dispose`. */
export async function serverOnFreshDatabase(): Promise<{ server: BenchServer; databaseUrl: string; dispose: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'signpost-browser-'))
  const databaseUrl = `file:${join(dir, 'browser.db')}`
  const server = await startServer(databaseUrl)
  return {
    server,
    databaseUrl,
    dispose: async () => {
      await server.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

const axeSource = readFileSync(join(projectRoot, 'node_modules/axe-core/axe.min.js'), 'utf8')

/**
 * What axe checks: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices (which it
 * runs by default, so nothing checked before is dropped). `target-size` (2.5.8, targets at least
 * 24 px) is off in axe by default and switched on here.
 */
export const axeOptions = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  rules: { 'target-size': { enabled: true } },
  resultTypes: ['violations'],
} as const

/** Runs axe-core in the page; returns the serious and critical violations. */
export async function seriousViolations(page: Page) {
  // evaluated through the DevTools protocol: the pages' Content-Security-Policy forbids inline scripts
  // (once per page load: a second check of the same page, at another width, reuses it)
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource)
  const result = await page.evaluate(async (options) => {
    // @ts-expect-error axe is injected above
    const r = await window.axe.run(document, options)
    return r.violations.map((v: { id: string; impact: string; help: string; nodes: { target: string[] }[] }) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }))
  }, axeOptions)
  return result.filter((v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical')
}

export async function expectNoSeriousViolations(page: Page) {
  expect(await seriousViolations(page)).toEqual([])
}

export const artefacts = join(projectRoot, 'test-results', 'screenshots')

export async function screenshot(page: Page, name: string) {
  mkdirSync(artefacts, { recursive: true })
  await page.screenshot({ path: join(artefacts, `${name}.png`), fullPage: true })
}

/** Whether the page needs no sideways scrolling at its current width. */
export async function fitsWidth(page: Page): Promise<{ scrollWidth: number; width: number }> {
  return page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, width: document.documentElement.clientWidth }))
}

export async function expectNoSidewaysScrolling(page: Page) {
  const { scrollWidth, width } = await fitsWidth(page)
  expect(scrollWidth, `the page is ${scrollWidth}px wide in a ${width}px window`).toBeLessThanOrEqual(width)
}

/** What has the keyboard focus: enough to decide what a keyboard user does next. */
export async function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as (HTMLElement & { type?: string; name?: string; checked?: boolean }) | null
    return {
      tag: el?.tagName ?? '',
      id: el?.id ?? '',
      lang: el?.lang ?? '',
      type: el?.type ?? '',
      name: el?.name ?? '',
      checked: Boolean(el?.checked),
      text: el?.textContent?.trim() ?? '',
      data: { ...(el?.dataset ?? {}) },
    }
  })
}

/** Presses Tab until `wanted` holds for the focused element (at most `max` times); fails if it never does. */
export async function tabTo(page: Page, wanted: (f: Awaited<ReturnType<typeof focused>>) => boolean, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    const f = await focused(page)
    if (wanted(f)) return f
  }
  throw new Error(`Tab never reached the element wanted (${max} presses)`)
}
