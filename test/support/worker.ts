import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient, type Client } from '@libsql/client'
import { openDatabase } from '../../src/db/connect-node.ts'
import type { Db } from '../../src/db/database.ts'
import { applyMigrations } from '../../src/db/migrate-node.ts'
import { addInstitution, addPartnership } from '../../src/org/organisations.ts'
import { freePort, outputTail, projectRoot, startSqld, stopProcess, waitUntil, type Sqld } from './sqld.ts'

const wranglerBin = join(projectRoot, 'node_modules', '.bin', 'wrangler')

export type WorkerProcess = {
  url: string
  /** The last 20 kB of wrangler's output, to print when a test fails. */
  log: () => string
  stop: () => Promise<void>
}

/**
 * Starts `wrangler dev` (workerd, locally) serving src/entry/worker.ts on free local ports, with
 * DATABASE_URL pointing at a libSQL server, and waits until /healthz answers. Nothing is
 * downloaded: metrics, the update banner and the Request.cf download are all turned off.
 */
export async function startWorker(databaseUrl: string): Promise<WorkerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'signpost-wrangler-'))
  const port = await freePort()
  const inspectorPort = await freePort()
  const url = `http://127.0.0.1:${port}`
  // prettier-ignore
  const args = [
    'dev',
    '--ip', '127.0.0.1', '--port', String(port),
    '--inspector-ip', '127.0.0.1', '--inspector-port', String(inspectorPort),
    '--show-interactive-dev-session=false',
    '--persist-to', join(dir, 'state'),
    '--var', `DATABASE_URL:${databaseUrl}`,
  ]
  const wrangler: ChildProcess = spawn(wranglerBin, args, {
    cwd: projectRoot,
    // its own process group, so that wrangler and the workerd it starts are stopped together
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      CI: 'true',
      WRANGLER_SEND_METRICS: 'false',
      // the banner is what asks the npm registry whether a newer wrangler exists
      WRANGLER_HIDE_BANNER: 'true',
      // no download of the Request.cf object from workers.cloudflare.com
      CLOUDFLARE_CF_FETCH_ENABLED: 'false',
      WRANGLER_LOG_PATH: join(dir, 'logs'),
      NO_COLOR: '1',
      FORCE_COLOR: '0',
    },
  })
  const log = outputTail(wrangler, 20_000)
  if (process.env.SIGNPOST_DEBUG_WRANGLER) {
    wrangler.stdout?.pipe(process.stderr)
    wrangler.stderr?.pipe(process.stderr)
  }
  const stop = async () => {
    await stopProcess(wrangler, { group: true, graceMs: 5000 })
    rmSync(dir, { recursive: true, force: true })
  }
  const spawnError = new Promise<never>((_, reject) => wrangler.once('error', (e) => reject(new Error(`could not start wrangler: ${e.message}`))))
  spawnError.catch(() => {})
  try {
    await Promise.race([
      spawnError,
      waitUntil('wrangler dev', async () => (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) })).status === 200, {
        child: wrangler,
        timeoutMs: 100_000,
        log,
      }),
    ])
  } catch (error) {
    await stop()
    throw error
  }
  return { url, log, stop }
}

/** A Worker test's world: sqld migrated with Test City Partnership and Oak School, a reader on sqld, and the Worker on it. */
export type WorkerOnSqld = { sqld: Sqld; setupDb: Db; reader: Client; worker: WorkerProcess }

/**
 * Starts sqld, migrates it, adds Test City Partnership and Oak School, runs `seed` on it, then
 * opens a reader and starts the Worker; `stopWorkerOnSqld` stops what was started, in reverse.
 * With `onTestFailed`, a failing test prints wrangler's output.
 */
export async function startWorkerOnSqld(seed: (db: Db) => Promise<void> = async () => {}): Promise<WorkerOnSqld> {
  const sqld = await startSqld()
  const setupDb = await openDatabase(sqld.url)
  await applyMigrations(setupDb)
  await addPartnership(setupDb, { slug: 'test-city', name: 'Test City Partnership' })
  await addInstitution(setupDb, { slug: 'oak-school', name: 'Oak School', partnership: 'test-city' })
  await seed(setupDb)
  const reader = createClient({ url: sqld.url, intMode: 'number' })
  const worker = await startWorker(sqld.url)
  return { sqld, setupDb, reader, worker }
}

export async function stopWorkerOnSqld(t: Partial<WorkerOnSqld>): Promise<void> {
  await t.worker?.stop()
  t.reader?.close()
  t.setupDb?.$client.close()
  await t.sqld?.stop()
}

/** For `beforeEach`: a failing test prints the last of wrangler's output. */
export const printWorkerLogOnFailure =
  (worker: () => WorkerProcess | undefined) =>
  ({ onTestFailed }: { onTestFailed: (fn: () => void) => void }) =>
    onTestFailed(() => console.error(`--- wrangler dev output (last 20 kB) ---\n${worker()?.log()}`))
