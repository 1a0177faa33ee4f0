// A developer's look at the pages: `npx tsx test/support/look.ts [url-path ...]` starts nothing;
// it signs in to the server at LOOK_URL (default http://127.0.0.1:8787) as LOOK_EMAIL and saves
// screenshots of each path at 375 and 1280 px into LOOK_DIR (default test-results/look/): the whole
// page, or with LOOK_HEIGHT=N only the first N px (a page too tall to read in one image).
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { launchBrowser } from '../browser/support.ts'

const base = process.env.LOOK_URL ?? 'http://127.0.0.1:8787'
const dir = process.env.LOOK_DIR ?? 'test-results/look'
const height = Number(process.env.LOOK_HEIGHT) || 800
const fullPage = !process.env.LOOK_HEIGHT
const email = process.env.LOOK_EMAIL ?? 'coordinator@demo.signpost.test'
const password =
  process.env.LOOK_PASSWORD ??
  (email.startsWith('lead') ? 'demo-lead-password' : email.startsWith('viewer') ? 'demo-viewer-password' : 'demo-coordinator-password')
mkdirSync(dir, { recursive: true })
const browser = await launchBrowser()
const context = await browser.newContext()
const page = await context.newPage()
page.on('console', (m) => m.type() === 'error' && console.log('console error:', m.text()))
if (email !== 'none') {
  await page.goto(`${base}/sign-in`)
  await page.fill('#email', email)
  await page.fill('#password', password)
  await page.click('button[type=submit]')
}
for (const path of process.argv.slice(2)) {
  await page.goto(`${base}${path}`)
  const slug = path.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'home'
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height })
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    const file = join(dir, `${slug}-${width}.png`)
    await page.screenshot({ path: file, fullPage })
    console.log(`${file}${overflow > 0 ? `  (sideways overflow ${overflow}px)` : ''}`)
  }
}
await browser.close()
