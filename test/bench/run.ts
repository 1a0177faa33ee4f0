import { cpus, loadavg, totalmem } from 'node:os'
import { runImportBench } from './import.ts'
import { runPageBench } from './page.ts'
import { runReportBench } from './report.ts'
import { runSubmissionBench } from './submit.ts'
import { runSummaryBench } from './summary.ts'

/**
 * Runs every benchmark in sequence and prints its figures. A missed target is reported,
 * not failed; the exit code is non-zero only when a benchmark finds wrong data (an
 * acknowledged response lost or duplicated) or cannot run at all.
 *
 *   npm run bench                       all benchmarks
 *   BENCH_SECONDS=5 BENCH_CLIENTS=10    shorter run, fewer concurrent clients
 *   BENCH_WARMUP_SECONDS=0              no warm-up before measuring
 *   BENCH_DIR=/some/disk BENCH_KEEP=1   where the database file goes; keep it afterwards
 *   BENCH_ONLY=submission               one benchmark only (by name)
 *   BENCH_PAIRS=3 BENCH_RETRY_SHARE=0.1 submission: baseline/Signpost pairs; share of retries in the extra run (0: none)
 *   BENCH_WORKER=0                      submission: no run of the Worker (wrangler dev) against sqld
 */

const cpuList = cpus()
console.log('# Signpost benchmarks')
console.log(
  `machine: ${cpuList.length} CPUs, ${cpuList[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${process.platform}/${process.arch}`,
)
console.log(`node:    ${process.version}`)
// other work on the machine skews every figure below: compare with the CPU count
console.log(
  `load:    ${loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')} (1, 5, 15 min averages before starting)`,
)

const benches: { name: string; run: () => Promise<{ dataOk: boolean }> }[] = [
  { name: 'submission', run: runSubmissionBench },
  { name: 'report', run: async () => ({ dataOk: !(await runReportBench()).fullScan }) },
  { name: 'report page', run: runPageBench },
  { name: 'governors’ summary', run: runSummaryBench },
  { name: 'import', run: runImportBench },
]

let failed = false
for (const bench of benches.filter((b) => !process.env.BENCH_ONLY || b.name === process.env.BENCH_ONLY)) {
  try {
    const result = await bench.run()
    if (!result.dataOk) failed = true
  } catch (error) {
    failed = true
    console.error(`\nbenchmark "${bench.name}" could not run:`, error)
  }
}
process.exitCode = failed ? 1 : 0
