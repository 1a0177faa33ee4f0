import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, outputTail, projectRoot, stopProcess, waitUntil } from './sqld.ts'

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
