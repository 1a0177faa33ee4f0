import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync, statfsSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createClient } from '@libsql/client'
import { openDatabase } from '../../src/db/connect-node.ts'
import { applyMigrations } from '../../src/db/migrate-node.ts'
import { addInstitution, addPartnership } from '../../src/org/organisations.ts'
import { academicYearOf } from '../../src/rounds/academic-year.ts'
import { openRound } from '../../src/rounds/rounds.ts'
import { loadCatalogFromDisk } from '../../src/surveys/disk-node.ts'
import { questionsOf, type Survey } from '../../src/surveys/schema.ts'
import { startServer } from '../support/server.ts'
import { startSqld } from '../support/sqld.ts'
import { startWorker } from '../support/worker.ts'
import { startBaseline } from './baseline.ts'
import { measureWritePath } from './write-path.ts'

/**
 * Submission benchmark: many students posting complete responses at once to the JSON API
 * of a Node server in its own process, then a check of the database that every
 * acknowledged response is there exactly once, with all its answers.
 */

export const target = { responsesPerSecond: 1500, p99Ms: 50 }

export type SubmissionBenchResult = {
  accepted: number
  responsesPerSecond: number
  p50: number
  p99: number
  max: number
  errors: Record<string, number>
  lost: number
  duplicated: number
  extra: number
  incomplete: number
  integrity: string
  targetMet: boolean
  /** False when an acknowledged response was lost, duplicated, stored without all its answers, or the file is damaged. */
  dataOk: boolean
}

type Answers = Record<string, string | string[]>

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!
const phrases = [
  'More visits to colleges, please.',
  'Talk to someone about apprenticeships.',
  'Work experience earlier.',
  'Nothing else, thanks.',
  'Help with my CV.',
]

/** A complete, random response to a survey, and how many answer rows it should store. */
export function randomResponse(survey: Survey): { answers: Answers; rows: number } {
  const answers: Answers = {}
  let rows = 0
  for (const q of questionsOf(survey)) {
    switch (q.kind) {
      case 'agreement':
        answers[q.key] = pick(q.dontKnow ? ['1', '2', '3', '4', '5', 'dk'] : ['1', '2', '3', '4', '5'])
        rows++
        break
      case 'single':
        answers[q.key] = pick(q.options).value
        rows++
        break
      case 'yesno':
        answers[q.key] = pick(['yes', 'no'])
        rows++
        break
      case 'multiple': {
        const chosen = q.options.filter(() => Math.random() < 0.4).map((o) => o.value)
        if (chosen.length === 0) chosen.push(q.options[0]!.value)
        answers[q.key] = chosen
        rows += chosen.length
        break
      }
      case 'text':
        if (q.required || Math.random() < 0.3) {
          answers[q.key] = pick(phrases).slice(0, q.maxLength)
          rows++
        }
        break
    }
  }
  return { answers, rows }
}

const envNumber = (name: string, fallback: number) => {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, not "${raw}"`)
  return n
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}

const fsNames: Record<number, string> = {
  0x01021994: 'tmpfs',
  0xef53: 'ext4',
  0x794c7630: 'overlayfs',
  0x58465342: 'xfs',
  0x9123683e: 'btrfs',
  0x65735546: 'fuse',
}
function filesystemOf(dir: string): string {
  try {
    const type = Number(statfsSync(dir).type)
    return fsNames[type] ?? `type 0x${type.toString(16)}`
  } catch {
    return 'unknown'
  }
}

const requestTimeoutMs = 30_000

type Poster = { send: (endpoint: string, body: string) => Promise<number>; close: () => void }

/**
 * POSTs over node:http with a keep-alive agent, one socket per client. The default: it costs
 * the load generator about a tenth of the CPU fetch does, which matters when the load
 * generator and the server share a small machine.
 */
function postWithHttp(clients: number): Poster {
  const agent = new Agent({ keepAlive: true, maxSockets: clients })
  return {
    send: (endpoint, body) =>
      new Promise((resolve, reject) => {
        const req = request(
          endpoint,
          { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
          (res) => {
            res.resume() // read it all, so the socket is reused
            res.on('end', () => resolve(res.statusCode ?? 0))
            res.on('error', reject)
          },
        )
        req.setTimeout(requestTimeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })))
        req.on('error', reject)
        req.end(body)
      }),
    close: () => agent.destroy(),
  }
}

/** POSTs with the global fetch (undici, keep-alive): BENCH_TRANSPORT=fetch. */
function postWithFetch(): Poster {
  return {
    send: async (endpoint, body) => {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(requestTimeoutMs),
      })
      await res.arrayBuffer() // read it all, so the connection is reused
      return res.status
    },
    close: () => {},
  }
}

const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(1)} ms` : 'n/a')

export async function runSubmissionBench(): Promise<SubmissionBenchResult> {
  const seconds = envNumber('BENCH_SECONDS', 10)
  const clients = Math.max(1, Math.floor(envNumber('BENCH_CLIENTS', 50)))
  const warmupSeconds = envNumber('BENCH_WARMUP_SECONDS', 1)
  const pairs = Math.max(1, Math.floor(envNumber('BENCH_PAIRS', 3)))
  const retryShare = envNumber('BENCH_RETRY_SHARE', 0.1)
  const transport = process.env.BENCH_TRANSPORT === 'fetch' ? 'fetch' : 'http'
  const baseDir = process.env.BENCH_DIR || tmpdir()

  const run = async (kind: Kind, retries = 0) => {
    const dir = mkdtempSync(join(baseDir, `${kind}-bench-`))
    try {
      return await benchIn(join(dir, 'bench.db'), { kind, seconds, clients, warmupSeconds, transport, retries })
    } finally {
      if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true })
      else console.log(`kept ${dir}`)
    }
  }

  console.log(`\n## Submission: POST /api/surveys/:code/responses, Signpost against a plain baseline (test/bench/baseline-server.ts)`)
  console.log(
    `${pairs} pairs, interleaved (baseline, then Signpost); ${clients} clients each (${transport === 'http' ? 'node:http' : 'fetch'}, keep-alive), ${seconds} s measured after ${warmupSeconds} s warm-up, a fresh database each run (${filesystemOf(baseDir)})`,
  )
  const results: { baseline: SubmissionBenchResult; signpost: SubmissionBenchResult }[] = []
  for (let i = 0; i < pairs; i++) {
    const baseline = await run('baseline')
    const signpost = await run('signpost')
    results.push({ baseline, signpost })
  }
  const withRetries = retryShare > 0 ? await run('signpost', retryShare) : undefined
  // the Worker (wrangler dev, workerd) against a libSQL server: each request its own atomic batch
  const workerClients = Math.min(20, clients)
  let onWorker: SubmissionBenchResult | undefined
  let workerError: unknown
  if (process.env.BENCH_WORKER !== '0') {
    const sqld = await startSqld()
    try {
      // fetch: through wrangler dev's proxy, node:http's keep-alive sockets stall after a few posts each
      onWorker = await benchIn(sqld.url, { kind: 'worker', seconds, clients: workerClients, warmupSeconds, transport: 'fetch', retries: 0 })
    } catch (error) {
      workerError = error
    } finally {
      await sqld.stop()
    }
  }

  const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor((list.length - 1) / 2)]!
  const ratios = results.map((r) => r.signpost.responsesPerSecond / r.baseline.responsesPerSecond)
  const figures = (name: string, list: SubmissionBenchResult[]) =>
    `${name.padEnd(10)} ${list.map((r) => r.responsesPerSecond.toFixed(0)).join(' / ')} responses/s (median ${median(list.map((r) => r.responsesPerSecond)).toFixed(0)}); ` +
    `p50 ${ms(median(list.map((r) => r.p50)))}, p99 ${ms(median(list.map((r) => r.p99)))}, max ${ms(Math.max(...list.map((r) => r.max)))}`
  console.log(`\n### Submission summary`)
  console.log(
    figures(
      'baseline',
      results.map((r) => r.baseline),
    ),
  )
  console.log(
    figures(
      'signpost',
      results.map((r) => r.signpost),
    ),
  )
  console.log(
    `ratio      ${ratios.map((r) => r.toFixed(2)).join(' / ')} × the baseline (median ${median(ratios).toFixed(2)}, spread ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}; target ≥ 2.0)`,
  )
  if (withRetries) {
    const base = median(results.map((r) => r.signpost.responsesPerSecond))
    console.log(
      `retries    with ${Math.round(retryShare * 100)}% of posts retrying another client's in-flight submission: ${withRetries.responsesPerSecond.toFixed(0)} responses/s = ${(withRetries.responsesPerSecond / base).toFixed(2)} × without (target ≥ 0.8), p99 ${ms(withRetries.p99)}`,
    )
  }
  if (onWorker && onWorker.accepted === 0)
    console.log(`worker     accepted nothing in the measured window at ${workerClients} clients (wrangler dev too slow on this machine now?): no figure`)
  else if (onWorker)
    console.log(
      `worker     ${onWorker.responsesPerSecond.toFixed(0)} responses/s at ${workerClients} clients on the Worker (wrangler dev) against sqld, each request its own batch; p50 ${ms(onWorker.p50)}, p99 ${ms(onWorker.p99)}, max ${ms(onWorker.max)}`,
    )
  else if (workerError) console.log(`worker     could not run: ${workerError instanceof Error ? workerError.message.split('\n')[0] : String(workerError)}`)
  const write = await measureWritePath({ clients })
  console.log(
    `write path ${write.statementsPerResponse.toFixed(2)} statements and ${write.rowsPerResponse.toFixed(1)} rows written per response (${(write.sqlBytesPerResponse / 1024).toFixed(2)} KB of SQL; ${(write.responses / write.groups).toFixed(1)} responses a group), ` +
      `the write alone ${write.responsesPerSecond.toFixed(0)} responses/s at ${clients} callers without HTTP; the baseline writes 2 statements and ${write.baselineRowsPerResponse.toFixed(1)} rows per response`,
  )
  // a Worker run that accepted nothing measured nothing (wrangler dev on a busy machine): said above, not a data failure; a lost or extra response is
  const workerChecked =
    onWorker && (onWorker.accepted > 0 || onWorker.lost + onWorker.duplicated + onWorker.extra + onWorker.incomplete > 0 || onWorker.integrity !== 'ok')
      ? [onWorker]
      : []
  const all = [...results.flatMap((r) => [r.baseline, r.signpost]), ...(withRetries ? [withRetries] : []), ...workerChecked]
  const last = results.at(-1)!.signpost
  return { ...last, dataOk: all.every((r) => r.dataOk) }
}

/** Signpost's Node server on an embedded file, the plain baseline on one, or the Worker against a libSQL server (`dbPath` is then its URL). */
type Kind = 'signpost' | 'baseline' | 'worker'

async function benchIn(
  dbPath: string,
  {
    kind,
    seconds,
    clients,
    warmupSeconds,
    transport,
    retries,
  }: { kind: Kind; seconds: number; clients: number; warmupSeconds: number; transport: 'http' | 'fetch'; retries: number },
): Promise<SubmissionBenchResult> {
  const databaseUrl = kind === 'worker' ? dbPath : `file:${dbPath}`
  console.log(
    `\n#### ${kind}${retries > 0 ? `, ${Math.round(retries * 100)}% retries` : ''} (${kind === 'worker' ? `sqld at ${dbPath}, ${clients} clients` : dirname(dbPath)})`,
  )

  // the database, a school and an open student round, prepared before the server starts
  const catalog = loadCatalogFromDisk()
  const survey = catalog.get('student-iag')
  if (!survey) throw new Error('the survey "student-iag" is not in surveys/')
  const year = academicYearOf(new Date())
  // One round code takes at most 100,000 responses a minute (the most a partnership's
  // submissionLimit can be): a run that could post more than that spreads its clients over
  // rounds of three schools, each well under it, so that the limit never answers 429 mid-run.
  const roundCount = kind === 'baseline' || (warmupSeconds + seconds) * 3_500 <= 90_000 ? 1 : 3
  let codes = ['BENCHCODE']
  let roundIds = [0]
  const setup = kind !== 'baseline' ? await openDatabase(databaseUrl) : undefined
  if (setup)
    try {
      await applyMigrations(setup)
      await addPartnership(setup, { slug: 'bench-city', name: 'Bench City Partnership' })
      // the bench measures the write path, so the round code's submission limit is lifted
      await setup.$client.execute(`UPDATE partnerships SET settings = '{"submissionLimit":{"max":100000,"windowMinutes":1}}'`)
      const rounds = []
      for (let i = 1; i <= roundCount; i++) {
        const slug = i === 1 ? 'bench-school' : `bench-school-${i}`
        await addInstitution(setup, { slug, name: i === 1 ? 'Bench School' : `Bench School ${i}`, partnership: 'bench-city' })
        rounds.push(await openRound(setup, catalog, { institution: slug, survey: 'student-iag', year, tokensRequired: false }))
      }
      codes = rounds.map((r) => r.code)
      roundIds = rounds.map((r) => r.id)
      if (roundCount > 1) console.log(`${roundCount} rounds (one round code takes at most 100,000 responses a minute), the clients spread over them`)
    } finally {
      setup.$client.close()
    }

  const server =
    kind === 'signpost'
      ? await startServer(databaseUrl)
      : kind === 'worker'
        ? await startWorker(databaseUrl).then((w) => {
            let stopping: Promise<void> | undefined
            return { url: w.url, cpuSeconds: (): number | null => null, rssBytes: (): number | null => null, stop: () => (stopping ??= w.stop()) }
          })
        : await startBaseline(databaseUrl)
  try {
    const endpoints = codes.map((code) => `${server.url}/api/surveys/${code}/responses`)
    /** submissionId -> answer rows it should have, for every response acknowledged with 201 */
    const acknowledged = new Map<string, number>()
    /** submissionIds posted without a 201 (an error, or no answer): stored or not, either is right */
    const unacknowledged = new Set<string>()
    const errors: Record<string, number> = {}
    let latencies = new Float64Array(1 << 16)
    let count = 0
    let accepted = 0
    const acceptedPerSecond: number[] = []
    let measureStart = Infinity
    let deadline = Infinity

    /** Only requests that start inside the measured window count towards the figures. */
    const record = (started: number, finished: number, status: string) => {
      if (started < measureStart) return
      if (count === latencies.length) {
        const bigger = new Float64Array(latencies.length * 2)
        bigger.set(latencies)
        latencies = bigger
      }
      latencies[count++] = finished - started
      if (status === 'retry') return
      if (status === '201') {
        accepted++
        const second = Math.floor((finished - measureStart) / 1000)
        acceptedPerSecond[second] = (acceptedPerSecond[second] ?? 0) + 1
      } else errors[status] = (errors[status] ?? 0) + 1
    }

    const post = transport === 'fetch' ? postWithFetch() : postWithHttp(clients)
    let connected = 0
    let allConnected: () => void
    const connecting = new Promise<void>((resolve) => (allConnected = resolve))
    /** bodies being posted now, by submissionId: a retry sends one of them again */
    const inFlight = new Map<string, { endpoint: string; body: string; rows: number }>()
    const client = async (_: unknown, index: number) => {
      const own = endpoints[index % endpoints.length]!
      let first = true
      while (performance.now() < deadline) {
        let submissionId: string = randomUUID()
        let { answers, rows } = randomResponse(survey)
        let body = JSON.stringify({ submissionId, answers })
        let endpoint = own
        const retry = retries > 0 && inFlight.size > 0 && Math.random() < retries
        if (retry) {
          const ids = [...inFlight.keys()]
          submissionId = ids[Math.floor(Math.random() * ids.length)]!
          ;({ endpoint, body, rows } = inFlight.get(submissionId)!)
        } else inFlight.set(submissionId, { endpoint, body, rows })
        const started = performance.now()
        let status: string
        try {
          status = String(await post.send(endpoint, body))
        } catch (error) {
          const e = error as Error & { code?: string; cause?: { code?: string } }
          status = `network error (${e.cause?.code ?? e.code ?? e.message})`
        }
        const finished = performance.now()
        if (!retry) inFlight.delete(submissionId)
        if (status === '201') acknowledged.set(submissionId, rows)
        else if (!acknowledged.has(submissionId)) unacknowledged.add(submissionId)
        // a retry's 201 is the same response: it counts in the latencies, not in the accepted
        record(started, finished, retry && status === '201' ? 'retry' : status)
        if (first && ++connected === clients) allConnected()
        first = false
      }
    }

    // 1. every client gets its connection and one answer: a saturated Node server serves the
    //    first request of a new connection last, which would otherwise land in the figures
    // 2. warm-up (JIT, caches) 3. the measured run; the clients keep going throughout
    const cpuBefore = { bench: process.cpuUsage(), server: 0 as number | null }
    const rssAtStart = server.rssBytes()
    const loops = Promise.all(Array.from({ length: clients }, client))
    const connectTimeout = setTimeout(() => allConnected(), 30_000)
    try {
      await Promise.race([connecting, loops])
    } catch (error) {
      deadline = -Infinity // let every client loop end
      throw error
    } finally {
      clearTimeout(connectTimeout)
    }
    if (connected < clients) console.log(`only ${connected} of ${clients} clients had an answer after 30 s; measuring anyway`)
    await new Promise((resolve) => setTimeout(resolve, warmupSeconds * 1000))
    measureStart = performance.now()
    deadline = measureStart + seconds * 1000
    cpuBefore.bench = process.cpuUsage()
    cpuBefore.server = server.cpuSeconds()
    // the server's resident memory every 10 s of the run: growth that levels off is caches and the heap, a leak keeps climbing
    const rssSamples: number[] = []
    const sampler = setInterval(() => {
      const rss = server.rssBytes()
      if (rss !== null) rssSamples.push(rss)
    }, 10_000)
    await loops.finally(() => clearInterval(sampler))
    post.close()
    const elapsed = (performance.now() - measureStart) / 1000
    const benchCpu = process.cpuUsage(cpuBefore.bench)
    const serverCpuAfter = server.cpuSeconds()
    const rssAtEnd = server.rssBytes()

    const sorted = latencies.subarray(0, count).sort()
    const responsesPerSecond = accepted / elapsed
    const p50 = percentile(sorted, 50)
    const p99 = percentile(sorted, 99)
    const max = sorted.length ? sorted[sorted.length - 1]! : NaN
    const targetMet = responsesPerSecond >= target.responsesPerSecond && p99 < target.p99Ms

    console.log(`accepted:     ${accepted} responses in ${elapsed.toFixed(2)} s = ${responsesPerSecond.toFixed(0)} responses/s`)
    console.log(`latency:      p50 ${ms(p50)}, p99 ${ms(p99)}, max ${ms(max)} (${count} requests, client side, incl. queueing in the load generator)`)
    console.log(`per second:   ${acceptedPerSecond.map((n) => n ?? 0).join(' ')}`)
    const errorList = Object.entries(errors)
    console.log(`errors:       ${errorList.length ? errorList.map(([s, n]) => `${s}: ${n}`).join(', ') : 'none'}`)
    if (cpuBefore.server !== null && serverCpuAfter !== null) {
      const serverPct = ((serverCpuAfter - cpuBefore.server) / elapsed) * 100
      const benchPct = ((benchCpu.user + benchCpu.system) / 1e6 / elapsed) * 100
      console.log(`cpu:          server ${serverPct.toFixed(0)}%, load generator ${benchPct.toFixed(0)}% (100% = one core)`)
    }
    if (rssAtStart !== null && rssAtEnd !== null) {
      const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0)
      console.log(
        `memory:       server ${mb(rssAtStart)} MB resident before the first post, ${mb(rssAtEnd)} MB after the run (${rssAtEnd >= rssAtStart ? `${mb(rssAtEnd - rssAtStart)} MB more` : `${mb(rssAtStart - rssAtEnd)} MB less`}; target within 50)`,
      )
      if (rssSamples.length > 1) console.log(`memory by 10 s: ${rssSamples.map(mb).join(' ')} MB`)
    }
    console.log(
      `target:       ≥ ${target.responsesPerSecond} responses/s, p99 < ${target.p99Ms} ms -> ${targetMet ? 'met' : 'NOT met'}` +
        (targetMet
          ? ''
          : ` (${responsesPerSecond < target.responsesPerSecond ? 'throughput' : ''}${responsesPerSecond < target.responsesPerSecond && !(p99 < target.p99Ms) ? ' and ' : ''}${!(p99 < target.p99Ms) ? 'p99' : ''} short)`),
    )

    await server.stop()

    // what the database holds, read straight from the file
    const check = createClient({ url: databaseUrl, intMode: 'number' })
    try {
      const stored = await check.execute({
        sql:
          kind !== 'baseline'
            ? // answers are keyed by round first (migration 0022): without the round, each count reads them all
              `SELECT r.submission_id AS id, count(*) OVER (PARTITION BY r.submission_id) AS copies,
                (SELECT count(*) FROM answers a WHERE a.round_id = r.round_id AND a.response_id = r.id) AS answers
              FROM responses r WHERE r.round_id IN (SELECT value FROM json_each(?))`
            : `SELECT r.submission_id AS id, count(*) OVER (PARTITION BY r.submission_id) AS copies,
                (SELECT count(*) FROM answers a WHERE a.response_id = r.id) AS answers
              FROM responses r WHERE ? > -1`,
        args: [JSON.stringify(roundIds)],
      })
      const seen = new Set<string>()
      let duplicated = 0
      let extra = 0
      let extraUnacknowledged = 0
      let incomplete = 0
      for (const row of stored.rows) {
        const id = String(row.id)
        if (Number(row.copies) > 1 && !seen.has(id)) duplicated += Number(row.copies) - 1
        seen.add(id)
        const expected = acknowledged.get(id)
        if (expected === undefined) {
          if (unacknowledged.has(id)) extraUnacknowledged++
          else extra++
        } else if (Number(row.answers) !== expected) incomplete++
      }
      let lost = 0
      for (const id of acknowledged.keys()) if (!seen.has(id)) lost++
      const integrity = (await check.execute('PRAGMA integrity_check')).rows.map((r) => String(r[0])).join('; ')

      console.log(`verified:     ${acknowledged.size} acknowledged (warm-up included), ${stored.rows.length} stored for the round${roundCount > 1 ? 's' : ''}`)
      console.log(`lost: ${lost}, duplicated: ${duplicated}, extra: ${extra}`)
      if (extraUnacknowledged > 0) console.log(`stored although not acknowledged (the client saw an error or no answer): ${extraUnacknowledged}`)
      console.log(`answers: ${incomplete} stored responses with a different number of answers than sent`)
      console.log(`integrity_check: ${integrity}`)

      // a run that stored nothing proves nothing: every post refused is a failure, not a figure
      const dataOk = accepted > 0 && lost === 0 && duplicated === 0 && incomplete === 0 && extra === 0 && integrity === 'ok'
      if (!dataOk) console.log(accepted > 0 ? 'DATA CHECK FAILED' : 'NO RESPONSE ACCEPTED: the benchmark measured only refusals')
      return { accepted, responsesPerSecond, p50, p99, max, errors, lost, duplicated, extra, incomplete, integrity, targetMet, dataOk }
    } finally {
      check.close()
    }
  } finally {
    await server.stop()
  }
}
