import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { openDatabase } from '../../src/db/connect-node.ts'
import { applyMigrations } from '../../src/db/migrate-node.ts'
import { createDemo, demoAccounts, demoInstitutions } from '../../src/demo/generate.ts'
import { loadCatalogFromDisk } from '../../src/surveys/disk-node.ts'
import { launchBrowser } from '../browser/support.ts'
import { startServer } from '../support/server.ts'

/**
 * The round report page's weight (the page, its styles, its script and chart.js, each
 * gzip-compressed as a server would send them) and the time until its chart is drawn in
 * headless chromium, on the demo data.
 */
export const pageTarget = { compressedKB: 150 }

export async function runPageBench() {
  const dir = mkdtempSync(join(tmpdir(), 'signpost-bench-page-'))
  const databaseUrl = `file:${join(dir, 'page.db')}`
  const db = await openDatabase(databaseUrl)
  await applyMigrations(db)
  const demo = await createDemo(db, loadCatalogFromDisk())
  db.$client.close()
  const server = await startServer(databaseUrl)
  try {
    console.log('\n## Report page: weight and time to a drawn chart')
    const coordinator = demoAccounts.find((a) => a.role === 'coordinator')!
    const signIn = await fetch(`${server.url}/sign-in`, {
      method: 'POST',
      body: new URLSearchParams({ email: coordinator.email, password: coordinator.password }),
      headers: { origin: server.url },
      redirect: 'manual',
    })
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!
    const home = await fetch(`${server.url}/dashboard`, { headers: { cookie }, redirect: 'manual' })
    const institutionPath = home.headers.get('location')!
    const year = demo.openRounds.find((r) => r.institution === demoInstitutions[0].name)!.year
    const reportPath = `${institutionPath}/report?survey=student-iag&year=${encodeURIComponent(year)}`
    const html = await (await fetch(`${server.url}${reportPath}`, { headers: { cookie } })).text()
    const assets = [...html.matchAll(/(?:src|href)="(\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!)
    let total = 0
    const line = (name: string, body: string) => {
      const size = gzipSync(body).length
      total += size
      console.log(`  ${name.padEnd(32)} ${(Buffer.byteLength(body) / 1024).toFixed(1).padStart(7)} KB raw ${(size / 1024).toFixed(1).padStart(7)} KB gzip`)
    }
    line('report page (HTML)', html)
    for (const path of [...new Set(assets)]) line(path, await (await fetch(`${server.url}${path}`)).text())
    console.log(
      `total compressed: ${(total / 1024).toFixed(1)} KB; target < ${pageTarget.compressedKB} KB: ${total / 1024 < pageTarget.compressedKB ? 'met' : 'MISSED'}`,
    )

    const browser = await launchBrowser()
    try {
      const times: number[] = []
      for (let i = 0; i < 5; i++) {
        const context = await browser.newContext()
        await context.addCookies([{ name: cookie.split('=')[0]!, value: cookie.split('=').slice(1).join('='), url: server.url }])
        const page = await context.newPage()
        const start = Date.now()
        await page.goto(`${server.url}${reportPath}`)
        // @ts-expect-error Chart is the global chart.js puts on window
        await page.waitForFunction(() => window.Chart && Object.keys(window.Chart.instances).length > 0)
        times.push(Date.now() - start)
        await context.close()
      }
      times.sort((a, b) => a - b)
      console.log(`time from navigation to a drawn chart: median ${times[2]} ms (of 5 loads; min ${times[0]}, max ${times[4]})`)
    } finally {
      await browser.close()
    }
    return { dataOk: true }
  } finally {
    await server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}
