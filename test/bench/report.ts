import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildReport } from '../../src/analysis/report.ts'
import { openDatabase } from '../../src/db/connect-node.ts'
import type { Db } from '../../src/db/database.ts'
import { applyMigrations } from '../../src/db/migrate-node.ts'
import { loadCatalogFromDisk } from '../../src/surveys/disk-node.ts'
import { seedBenchPartnership } from './partnership-seed.ts'

/**
 * Report benchmark: a partnership database of 60,000 student responses (10 institutions, 3
 * years of 2,000 each; about 1.5 million answers). Prints the time of one institution's full
 * report and of the whole partnership's year, beside the single raw GROUP BY of the same
 * round's answers, and the query plans that show every report query uses an index.
 */
export const reportTarget = { institutionMs: 20, partnershipMs: 300 }

const institutions = Number(process.env.BENCH_INSTITUTIONS ?? 10)
const perRound = Number(process.env.BENCH_RESPONSES ?? 2000)
const years = ['2023/24', '2024/25', '2025/26']

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function timeIt(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn() // warm up
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    await fn()
    times.push(performance.now() - start)
  }
  return median(times)
}

async function seed(db: Db, catalog: ReturnType<typeof loadCatalogFromDisk>) {
  const seeded = await seedBenchPartnership(db, catalog, { name: 'Bench City', institutions, years, perRound, seed: 42, prefix: 'bench' })
  return seeded.ids
}

export async function runReportBench() {
  const dir = mkdtempSync(join(tmpdir(), 'signpost-bench-report-'))
  const db = await openDatabase(`file:${join(dir, 'report.db')}`)
  try {
    await applyMigrations(db)
    const catalog = loadCatalogFromDisk()
    console.log(`\n== Report benchmark: ${institutions} institutions × ${years.length} years × ${perRound} student responses`)
    const seedStart = performance.now()
    const ids = await seed(db, catalog)
    await db.$client.execute('ANALYZE')
    const counts = (await db.$client.execute('SELECT (SELECT count(*) FROM responses) AS responses, (SELECT count(*) FROM answers) AS answers')).rows[0]!
    console.log(`seeded ${counts.responses} responses, ${counts.answers} answers in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`)

    const year = years.at(-1)!
    const institutionId = ids[0]!
    const roundId = Number(
      (await db.$client.execute({ sql: 'SELECT id FROM rounds WHERE institution_id = ? AND year = ?', args: [institutionId, year] })).rows[0]!.id,
    )

    const raw = await timeIt(30, () =>
      db.$client.execute({ sql: 'SELECT question_key, scale, count(*) FROM answers WHERE round_id = ? GROUP BY question_key, scale', args: [roundId] }),
    )
    const one = await timeIt(30, () => buildReport(db, catalog, { institutionId, surveyId: 'student-iag', year }))
    const all = await timeIt(7, () => Promise.all(ids.map((id) => buildReport(db, catalog, { institutionId: id, surveyId: 'student-iag', year }))))

    console.log(`raw GROUP BY of one round's answers: ${raw.toFixed(2)} ms (median of 30)`)
    console.log(
      `one institution's full report (trend over 3 years, RAG, breakdowns, gap): ${one.toFixed(2)} ms (median of 30), ${(one / raw).toFixed(1)}× the raw GROUP BY; target < ${reportTarget.institutionMs} ms: ${one < reportTarget.institutionMs ? 'met' : 'MISSED'}`,
    )
    console.log(
      `the partnership's year, all ${ids.length} institutions: ${all.toFixed(1)} ms (median of 7); target < ${reportTarget.partnershipMs} ms: ${all < reportTarget.partnershipMs ? 'met' : 'MISSED'}`,
    )

    console.log('\nEXPLAIN QUERY PLAN of the report queries:')
    const plans: [string, string][] = [
      [
        'scale counts (3 years)',
        `SELECT round_id, question_key, scale, sum(n) FROM answer_tallies WHERE round_id IN (${roundId}, ${roundId - 1}, ${roundId - 2}) AND (scale IS NOT NULL OR value = 'dk') GROUP BY round_id, question_key, scale`,
      ],
      ['answered per question', `SELECT question_key, n FROM answer_tallies WHERE round_id = ${roundId} AND value = ''`],
      ['breakdown by year group', `SELECT group_value, question_key, point, n FROM profile_tallies WHERE round_id = ${roundId} AND profile_key = 'year_group'`],
      [
        'rounds with counts',
        `SELECT r.id, (SELECT count(*) FROM responses s WHERE s.round_id = r.id) FROM rounds r WHERE r.institution_id = ${institutionId} AND r.survey_id IN ('student-iag')`,
      ],
    ]
    let fullScan = false
    for (const [name, sql] of plans) {
      const rows = (await db.$client.execute(`EXPLAIN QUERY PLAN ${sql}`)).rows.map((r) => String(r.detail))
      console.log(`  ${name}:`)
      for (const detail of rows) {
        console.log(`    ${detail}`)
        if (/^SCAN /.test(detail) && !/INDEX/.test(detail)) fullScan = true
      }
    }
    console.log(
      fullScan
        ? 'a report query SCANS a whole table'
        : 'every report query is an index search; none reads the answers table (the tallies kept with each response are read instead)',
    )
    return { raw, one, all, fullScan }
  } finally {
    db.$client.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
