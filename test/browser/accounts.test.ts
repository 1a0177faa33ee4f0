import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Secret, TOTP } from 'otpauth'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/db/connect-node.ts'
import type { Db } from '../../src/db/database.ts'
import { createDemo, demoAccounts } from '../../src/demo/generate.ts'
import { catalog } from '../support/app.ts'
import { projectRoot } from '../support/sqld.ts'
import { artefacts, expectNoSeriousViolations, expectNoSidewaysScrolling, launchBrowser, screenshot, serverOnFreshDatabase } from './support.ts'

/**
 * The account pages (issue 20) in a real browser against the Node server, on the demo data: the
 * lead's Accounts page and one account, a coordinator turning on two-factor sign-in (the QR code
 * read back by zbarimg gives the key the page prints) and signing in with a code, and the lead
 * signing out everywhere else from Your account, which another browser notices. Every page at
 * 375 and 1280 px (screenshots in test-results/screenshots/accounts-*): no sideways scrolling,
 * every class defined in a stylesheet, unique ids, no serious axe finding.
 */

let browser: Browser
let env: Awaited<ReturnType<typeof serverOnFreshDatabase>>
let db: Db

const stylesheets = ['styles.css', 'dashboard.css', 'print-sheets.css', 'accounts.css']
const definedClasses = new Set(
  stylesheets.flatMap((f) => [...readFileSync(join(projectRoot, 'web', f), 'utf8').matchAll(/\.([a-zA-Z_][\w-]*)/g)].map((m) => m[1]!)),
)

async function expectFinished(page: Page, name: string) {
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 })
    await expectNoSidewaysScrolling(page)
    await screenshot(page, `accounts-${name}-${width}`)
    await expectNoSeriousViolations(page)
  }
  const classes: string[] = await page.evaluate(() => [...new Set([...document.querySelectorAll('[class]')].flatMap((el) => [...el.classList]))])
  expect(
    classes.filter((c) => !definedClasses.has(c) && c !== 'js'),
    `${name}: classes no stylesheet defines`,
  ).toEqual([])
  const ids: string[] = await page.evaluate(() => [...document.querySelectorAll('[id]')].map((el) => el.id))
  expect(
    ids.filter((id, i) => ids.indexOf(id) !== i),
    `${name}: ids used twice`,
  ).toEqual([])
}

const account = (role: string) => demoAccounts.find((a) => a.role === role)!

async function signInPage(role: string) {
  const page = await (await browser.newContext()).newPage()
  await page.goto(`${env.server.url}/sign-in`)
  await page.fill('#email', account(role).email)
  await page.fill('#password', account(role).password)
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')])
  return page
}

const submit = (page: Page, selector: string) => Promise.all([page.waitForNavigation(), page.click(selector)])

beforeAll(async () => {
  env = await serverOnFreshDatabase()
  db = await openDatabase(env.databaseUrl)
  await createDemo(db, catalog)
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  db?.$client.close()
  await env?.dispose()
})

describe('the account pages', () => {
  it('the lead’s Accounts page, an account, and an invitation link', async () => {
    const page = await signInPage('lead')
    await page.goto(`${env.server.url}/dashboard/accounts`)
    expect(await page.textContent('h1')).toBe('Accounts')
    await expectFinished(page, 'list')
    await Promise.all([page.waitForURL(/\/dashboard\/accounts\/\d+$/), page.getByRole('link', { name: 'Demo coordinator', exact: true }).click()])
    await expectFinished(page, 'one')
    await page.goto(`${env.server.url}/dashboard/accounts`)
    await page.selectOption('#invite-role', 'viewer')
    await page.selectOption('#invite-institution', { index: 1 })
    await submit(page, 'form[action="/dashboard/accounts/invite"] button[type=submit]')
    expect(await page.inputValue('#one-time-link')).toMatch(/\/invite\/[\w-]{20,}$/)
    await expectFinished(page, 'link')
  })

  it('the lead adds a sign-in provider and removes it only once its box is ticked', async () => {
    const page = await signInPage('lead')
    await page.goto(`${env.server.url}/dashboard/accounts/sign-in-providers`)
    await page.fill('#name', 'Demo Microsoft 365')
    // nothing listens on port 9 of this machine: the page never asks the provider
    await page.fill('#issuer', 'http://127.0.0.1:9')
    await page.fill('#clientId', 'client-1')
    await page.fill('#clientSecret', 'a-secret-for-no-provider')
    await page.fill('#allowed', '11111111-2222-3333-4444-555555555555')
    await submit(page, 'form[action="/dashboard/accounts/sign-in-providers"] button[type=submit]')
    expect(await page.textContent('.status-message')).toContain('The provider was added')
    await expectFinished(page, 'providers')
    const remove = 'form[action$="/remove"] button[type=submit]'
    // unticked, the browser itself asks for the box (no JavaScript of Signpost's needed)
    await page.click(remove)
    expect(await page.locator('input[name=confirm]:invalid').count()).toBe(1)
    expect(new URL(page.url()).search).toBe('?done=added')
    // a browser that sends it anyway is told by the page
    await page.evaluate(() => document.querySelector('input[name=confirm]')!.removeAttribute('required'))
    await submit(page, remove)
    expect(await page.textContent('.error-message')).toContain('Tick “Yes, remove Demo Microsoft 365” to remove it.')
    await expectFinished(page, 'provider-unticked')
    await page.getByLabel('Yes, remove Demo Microsoft 365').check()
    await submit(page, remove)
    expect(await page.textContent('.status-message')).toContain('The provider was removed')
  })

  it('a coordinator turns on two-factor sign-in with the QR code, then signs in with a code', async () => {
    const coordinator = account('coordinator')
    const page = await signInPage('coordinator')
    await page.goto(`${env.server.url}/dashboard/account`)
    await expectFinished(page, 'yours')
    await page.fill('#on-password', coordinator.password)
    await submit(page, 'form[action="/dashboard/account/two-factor"] button[type=submit]')
    await expectFinished(page, 'scan')
    const key = (await page.textContent('.setup-secret'))!.replaceAll(' ', '')
    // what a phone would read from the QR code: the otpauth address with the key the page prints
    await page.setViewportSize({ width: 1280, height: 900 })
    const png = join(artefacts, 'accounts-qr.png')
    await page.locator('.setup-qr').screenshot({ path: png })
    const scanned = execFileSync('zbarimg', ['--quiet', '--raw', '-Sqrcode.enable', png], { encoding: 'utf8' }).trim()
    const uri = new URL(scanned)
    expect(uri.protocol).toBe('otpauth:')
    expect(uri.searchParams.get('secret')).toBe(key)
    expect(decodeURIComponent(uri.pathname)).toContain(coordinator.email)

    await page.fill('#code', new TOTP({ secret: Secret.fromBase32(key) }).generate({ timestamp: Date.now() - 30_000 }))
    await submit(page, 'form[action="/dashboard/account/two-factor/confirm"] button[type=submit]')
    expect(await page.locator('.recovery-codes li').count()).toBe(10)
    await expectFinished(page, 'codes')

    const again = await (await browser.newContext()).newPage()
    await again.goto(`${env.server.url}/sign-in`)
    await again.fill('#email', coordinator.email)
    await again.fill('#password', coordinator.password)
    await submit(again, 'button[type=submit]')
    expect(await again.textContent('h1')).toBe('Enter your code')
    await expectFinished(again, 'code-step')
    await again.fill('#code', new TOTP({ secret: Secret.fromBase32(key) }).generate())
    await submit(again, 'form[action="/sign-in/code"] button[type=submit]')
    expect(new URL(again.url()).pathname).toMatch(/^\/dashboard\/institutions\/\d+$/)
  })

  it('the lead sees where they are signed in and signs out everywhere else: the other browser is signed out', async () => {
    const elsewhere = await signInPage('lead')
    const page = await signInPage('lead')
    await page.goto(`${env.server.url}/dashboard/account`)
    const sessions = page.locator('.session-item')
    expect(await sessions.count()).toBeGreaterThanOrEqual(2)
    expect(await sessions.first().textContent()).toContain('This browser')
    expect(await sessions.first().textContent()).toMatch(/Chrome on Linux/)
    await expectFinished(page, 'sessions')
    await submit(page, 'button[name=end][value=others]')
    expect(await page.textContent('.status-message')).toContain('signed out everywhere else')
    expect(await sessions.count()).toBe(1)
    await expectFinished(page, 'sessions-ended')

    // the other browser notices at its next page: it is sent to sign in
    await elsewhere.goto(`${env.server.url}/dashboard/account`)
    expect(new URL(elsewhere.url()).pathname).toBe('/sign-in')
    expect(await elsewhere.textContent('h1')).toBe('Sign in')
    expect(await elsewhere.textContent('[role=status]')).toContain('Your session has ended: sign in again.')
    await expectFinished(elsewhere, 'session-ended')
    // and this one is still signed in, until it signs out everywhere
    await page.goto(`${env.server.url}/dashboard/account`)
    expect(new URL(page.url()).pathname).toBe('/dashboard/account')
    await submit(page, 'button[name=end][value=all]')
    expect(new URL(page.url()).pathname).toBe('/sign-in')
    expect(await page.textContent('[role=status]')).toContain('You were signed out everywhere.')
    await expectFinished(page, 'signed-out-everywhere')
    await page.goto(`${env.server.url}/dashboard/account`)
    expect(new URL(page.url()).pathname).toBe('/sign-in')
  })
})
