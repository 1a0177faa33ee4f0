import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildReport } from '../../src/analysis/report.ts'
import { partnershipPackPdf, summaryInputOf } from '../../src/analysis/summary-data.ts'
import { summaryPdf } from '../../src/analysis/summary-pdf.ts'
import { openDatabase } from '../../src/db/connect-node.ts'
import type { Db } from '../../src/db/database.ts'
import { applyMigrations } from '../../src/db/migrate-node.ts'
import { loadCatalogFromDisk } from '../../src/surveys/disk-node.ts'
import { seedBenchPartnership } from './partnership-seed.ts'

/**
 * Governors' summary benchmark: a partnership of 10 institutions, 3 years of student rounds each
 * (BENCH_SUMMARY_RESPONSES per round, 300 by default: the PDF does not grow with the responses).
 * Prints the median of 10 builds of one institution's two-page PDF (drawn from its report, and
 * end to end with the report and the action plan read from the database), the partnership pack
 * of all 10, and the sizes in KB. Printed, never asserted.
 */
export const summaryTargets = { oneMs: 300, oneKb: 200, packMs: 3000 }

const institutions = 10
const perRound = Number(process.env.BENCH_SUMMARY_RESPONSES ?? 300)
const years = ['2023/24', '2024/25', '2025/26']

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function timeIt<T>(runs: number, fn: () => Promise<T>): Promise<{ ms: number; last: T }> {
  let last = await fn() // warm up
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    last = await fn()
    times.push(performance.now() - start)
  }
  return { ms: median(times), last }
}

async function seed(db: Db, catalog: ReturnType<typeof loadCatalogFromDisk>) {
  const seeded = await seedBenchPartnership(db, catalog, {
    name: 'Bench City 14-19 Partnership',
    institutions,
    years,
    perRound,
    seed: 7,
    prefix: 'bench-summary',
  })
  return seeded
}

const kb = (bytes: Uint8Array) => `${(bytes.length / 1024).toFixed(0)} KB`
const verdict = (ok: boolean) => (ok ? 'within target' : 'MISSED target')

export async function runSummaryBench(): Promise<{ dataOk: boolean }> {
  const dir = mkdtempSync(join(tmpdir(), 'signpost-bench-summary-'))
  const db = await openDatabase(`file:${join(dir, 'summary.db')}`)
  try {
    await applyMigrations(db)
    const catalog = loadCatalogFromDisk()
    console.log(`\n== Governors' summary benchmark: ${institutions} institutions × ${years.length} years × ${perRound} student responses`)
    const { partnership, ids } = await seed(db, catalog)
    const year = years.at(-1)!
    const request = { institutionId: ids[0]!, surveyId: 'student-iag', year }
    const input = await summaryInputOf(db, catalog, await buildReport(db, catalog, request))
    const drawn = await timeIt(10, () => summaryPdf(input))
    const endToEnd = await timeIt(10, async () => summaryPdf(await summaryInputOf(db, catalog, await buildReport(db, catalog, request))))
    const pack = await timeIt(3, () => partnershipPackPdf(db, catalog, partnership, 'student-iag', year, new Date()))
    const t = summaryTargets
    console.log(`one summary, PDF drawn from its report (median of 10): ${drawn.ms.toFixed(0)} ms (target < ${t.oneMs} ms: ${verdict(drawn.ms < t.oneMs)})`)
    console.log(
      `one summary, report and PDF (median of 10):           ${endToEnd.ms.toFixed(0)} ms (target < ${t.oneMs} ms: ${verdict(endToEnd.ms < t.oneMs)})`,
    )
    console.log(
      `one summary's size:                                   ${kb(drawn.last)} (target < ${t.oneKb} KB: ${verdict(drawn.last.length < t.oneKb * 1024)})`,
    )
    console.log(
      `pack of ${pack.last.institutions} summaries, reports and PDF (median of 3):   ${pack.ms.toFixed(0)} ms (target < ${t.packMs} ms: ${verdict(pack.ms < t.packMs)})`,
    )
    console.log(`pack's size:                                          ${kb(pack.last.bytes)}`)
    return { dataOk: pack.last.institutions === institutions }
  } finally {
    db.$client.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
