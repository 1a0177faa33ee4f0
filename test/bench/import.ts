import { randomUUID } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { addUser } from '../../src/auth/users.ts'
import { openDatabase } from '../../src/db/connect-node.ts'
import { applyMigrations } from '../../src/db/migrate-node.ts'
import { addInstitution, addPartnership } from '../../src/org/organisations.ts'
import { defaultSettings } from '../../src/org/settings.ts'
import { academicYearOf } from '../../src/rounds/academic-year.ts'
import { openRound } from '../../src/rounds/rounds.ts'
import { loadCatalogFromDisk } from '../../src/surveys/disk-node.ts'
import { largeExport, largePlainCsv } from '../importers/large-file.ts'
import { questionsOf } from '../../src/surveys/schema.ts'
import { startServer } from '../support/server.ts'
import { randomResponse } from './submit.ts'

/**
 * Import benchmark: the partnership lead previews and then imports a file of the most rows a
 * file may hold (the default `maxImportRows`, 20,000) into the Node server, in its own process,
 * while 20 clients post responses to an open round of another school as fast as they are
 * answered. Prints the submitters' latency while the import runs (target: p99 under 250 ms),
 * how long the preview and the import took, and the server's memory (RSS) before, at most and
 * after (target: under 100 MB of growth). Checks that every row of the file was stored once.
 *
 * The file is a plain CSV of values by default: 20,000 rows of it fit in the 5 MB an upload may
 * be. BENCH_IMPORT_FORMAT=surveymonkey sends a SurveyMonkey export instead (labels and metadata
 * columns: about 11,000 rows fit in 5 MB).
 *
 *   BENCH_IMPORT_ROWS=20000 BENCH_IMPORT_CLIENTS=20   the file's rows, the number of submitters
 */

export const importTarget = { p99Ms: 250, rssGrowthMb: 100 }

const envNumber = (name: string, fallback: number) => {
  const raw = process.env[name]
  const n = raw === undefined || raw === '' ? fallback : Number(raw)
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, not "${raw}"`)
  return n
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!

const pageSize = 4096

/** Resident memory (bytes) of the largest process in the server's process group: the node server under tsx. */
function serverRss(pgid: number): number {
  let largest = 0
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (Number(fields[2]) !== pgid) continue
      // field 24: rss in pages
      largest = Math.max(largest, Number(fields[21]) * pageSize)
    } catch {
      /* ended meanwhile */
    }
  }
  return largest
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`
const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(1)} ms` : 'n/a')

export type ImportBenchResult = {
  rows: number
  previewSeconds: number
  importSeconds: number
  p50: number
  p99: number
  max: number
  submissions: number
  rssBefore: number
  rssPeak: number
  rssAfter: number
  targetMet: boolean
  dataOk: boolean
}

export async function runImportBench(): Promise<ImportBenchResult> {
  const rows = Math.floor(envNumber('BENCH_IMPORT_ROWS', defaultSettings.maxImportRows))
  const clients = Math.floor(envNumber('BENCH_IMPORT_CLIENTS', 20))
  const dir = mkdtempSync(join(process.env.BENCH_DIR || tmpdir(), 'import-bench-'))
  const databaseUrl = `file:${join(dir, 'bench.db')}`
  console.log(`\n## Import: a ${rows.toLocaleString('en-GB')}-row file previewed and imported while ${clients} clients submit responses`)

  const catalog = loadCatalogFromDisk()
  const survey = catalog.get('student-iag')!
  const now = new Date()
  const year = academicYearOf(now)
  const lastYear = `${Number(year.slice(0, 4)) - 1}/${year.slice(2, 4)}`
  const password = 'violet kettle harbour'
  const setup = await openDatabase(databaseUrl)
  let code: string
  let institutionId: number
  try {
    await applyMigrations(setup)
    await addPartnership(setup, { slug: 'bench-city', name: 'Bench City Partnership' })
    // the submitters measure latency, not the limit: lifted
    await setup.$client.execute(`UPDATE partnerships SET settings = '{"submissionLimit":{"max":100000,"windowMinutes":1}}'`)
    institutionId = (await addInstitution(setup, { slug: 'oak-school', name: 'Oak School', partnership: 'bench-city' })).id
    await addInstitution(setup, { slug: 'elm-school', name: 'Elm School', partnership: 'bench-city' })
    code = (await openRound(setup, catalog, { institution: 'elm-school', survey: 'student-iag', year, tokensRequired: false })).code
    await addUser(setup, { email: 'lead@bench.test', name: 'Bench Lead', role: 'lead', partnership: 'bench-city', password })
  } finally {
    setup.$client.close()
  }

  const format = process.env.BENCH_IMPORT_FORMAT === 'surveymonkey' ? 'surveymonkey' : 'csv'
  const csv =
    format === 'surveymonkey'
      ? largeExport(rows)
      : largePlainCsv(
          questionsOf(survey).map((q) => q.key),
          rows,
          () => randomResponse(survey).answers,
        )
  console.log(
    `file: ${(Buffer.byteLength(csv) / 2 ** 20).toFixed(1)} MB, ${rows.toLocaleString('en-GB')} rows of ${format === 'csv' ? 'a plain CSV' : 'a SurveyMonkey export'}`,
  )
  const server = await startServer(databaseUrl)
  const agent = new Agent({ keepAlive: true, maxSockets: clients })
  try {
    const origin = server.url
    const signIn = await fetch(`${origin}/sign-in`, {
      method: 'POST',
      body: new URLSearchParams({ email: 'lead@bench.test', password }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      redirect: 'manual',
    })
    if (signIn.status !== 303) throw new Error(`the lead could not sign in: ${signIn.status}`)
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!

    const endpoint = `${origin}/api/surveys/${code}/responses`
    const post = (body: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          endpoint,
          { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
          (res) => {
            res.resume()
            res.on('end', () => resolve(res.statusCode ?? 0))
            res.on('error', reject)
          },
        )
        req.setTimeout(30_000, () => req.destroy(new Error('timeout')))
        req.on('error', reject)
        req.end(body)
      })
    const samples: { started: number; took: number; status: number }[] = []
    let stop = false
    const client = async () => {
      while (!stop) {
        const body = JSON.stringify({ submissionId: randomUUID(), answers: randomResponse(survey).answers })
        const started = performance.now()
        let status = 0
        try {
          status = await post(body)
        } catch {
          status = -1
        }
        samples.push({ started, took: performance.now() - started, status })
      }
    }
    const submitters = Array.from({ length: clients }, client)
    // warm up: the server's caches, the write queue, the clients' sockets
    await new Promise((r) => setTimeout(r, 2000))
    const rssBefore = serverRss(server.pid)
    let rssPeak = rssBefore
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, serverRss(server.pid))), 100)

    const form = (extra: Record<string, string | Blob>) => {
      const f = new FormData()
      f.set('survey', 'student-iag')
      f.set('year', lastYear)
      f.set('format', format)
      for (const [k, v] of Object.entries(extra)) f.set(k, v)
      return f
    }
    const windowStart = performance.now()
    const preview = await fetch(`${origin}/dashboard/institutions/${institutionId}/import/preview`, {
      method: 'POST',
      body: form({ file: new File([csv], 'export.csv', { type: 'text/csv' }) }),
      headers: { origin, cookie },
    })
    const previewText = await preview.text()
    const previewEnd = performance.now()
    if (preview.status !== 200) throw new Error(`the preview answered ${preview.status}: ${previewText.slice(0, 500)}`)
    const confirm = await fetch(`${origin}/dashboard/institutions/${institutionId}/import/confirm`, {
      method: 'POST',
      body: form({ text: csv }),
      headers: { origin, cookie },
    })
    const confirmText = await confirm.text()
    const windowEnd = performance.now()
    if (confirm.status !== 200) throw new Error(`the import answered ${confirm.status}: ${confirmText.slice(0, 500)}`)
    clearInterval(sampler)
    // a moment for the garbage collector, as a server between two imports would have
    await new Promise((r) => setTimeout(r, 3000))
    const rssAfter = serverRss(server.pid)
    stop = true
    await Promise.all(submitters)

    const during = samples.filter((s) => s.started >= windowStart && s.started < windowEnd)
    const took = during.map((s) => s.took).sort((a, b) => a - b)
    const failed = during.filter((s) => s.status !== 201).length
    const p50 = percentile(took, 50)
    const p99 = percentile(took, 99)
    const max = took.at(-1) ?? NaN

    const check = await openDatabase(databaseUrl)
    let stored = 0
    let staged = 0
    try {
      stored = Number(
        (await check.$client.execute({ sql: 'SELECT count(*) AS n FROM responses r JOIN rounds o ON o.id = r.round_id WHERE o.year = ?', args: [lastYear] }))
          .rows[0]!.n,
      )
      staged = Number(
        (await check.$client.execute('SELECT (SELECT count(*) FROM import_staged_responses) + (SELECT count(*) FROM import_staged_answers) AS n')).rows[0]!.n,
      )
    } finally {
      check.$client.close()
    }
    const previewSeconds = (previewEnd - windowStart) / 1000
    const importSeconds = (windowEnd - previewEnd) / 1000
    const growth = rssAfter - rssBefore
    const targetMet = p99 < importTarget.p99Ms && growth < importTarget.rssGrowthMb * 2 ** 20
    const dataOk = stored === rows && staged === 0 && failed === 0
    console.log(
      `preview    ${previewSeconds.toFixed(1)} s; import (confirm) ${importSeconds.toFixed(1)} s; ${stored.toLocaleString('en-GB')} responses stored, ${staged} staged rows left`,
    )
    console.log(
      `submitters ${during.length} responses posted during the preview and import, ${failed} not stored; p50 ${ms(p50)}, p99 ${ms(p99)}, max ${ms(max)} (target: p99 < ${importTarget.p99Ms} ms)`,
    )
    console.log(
      `memory     server RSS ${mb(rssBefore)} before, ${mb(rssPeak)} at most, ${mb(rssAfter)} after: growth ${mb(growth)} (target < ${importTarget.rssGrowthMb} MB)${targetMet ? '' : '  TARGET MISSED'}`,
    )
    return { rows, previewSeconds, importSeconds, p50, p99, max, submissions: during.length, rssBefore, rssPeak, rssAfter, targetMet, dataOk }
  } finally {
    agent.destroy()
    await server.stop()
    if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runImportBench()
  process.exitCode = result.dataOk ? 0 : 1
}
