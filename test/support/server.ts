import { spawn, type ChildProcess } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { freePort, projectRoot } from './sqld.ts'

/**
 * The Signpost Node server as a separate child process, so that the load generator and
 * the server never share a thread. Used by the benchmarks and the browser tests.
 */

export type BenchServer = {
  url: string
  pid: number
  /** CPU seconds used so far by the server and everything it started (Linux only, else null). */
  cpuSeconds: () => number | null
  /** Resident memory of the server and everything it started, in bytes (Linux only, else null). */
  rssBytes: () => number | null
  stop: () => Promise<void>
}

/**
 * Starts `tsx src/entry/node.ts` on a free port and waits for "Signpost is running at ...".
 * The child leads its own process group, so stop() also ends the node process tsx starts.
 */
export async function startServer(databaseUrl: string, options: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<BenchServer> {
  const port = await freePort()
  const child = spawn(`${projectRoot}node_modules/.bin/tsx`, ['src/entry/node.ts'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      NODE_ENV: 'production',
      // NODE_OPTIONS for the server only, e.g. "--inspect" or "--import ./profiler.mjs"
      // (node refuses --cpu-prof in NODE_OPTIONS; a script that starts node:inspector's profiler works)
      ...(process.env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS } : {}),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  const stop = stopper(child)
  const unregister = stopOnExit(stop)
  let output = ''
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the server did not start within ${options.timeoutMs ?? 90_000} ms\n${output}`)),
        options.timeoutMs ?? 90_000,
      )
      const onData = (chunk: Buffer) => {
        output += chunk.toString()
        const m = /Signpost is running at (\S+)/.exec(output)
        if (m) {
          clearTimeout(timer)
          resolve(m[1]!)
        }
      }
      child.stdout!.on('data', onData)
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
      child.once('error', (e) => {
        clearTimeout(timer)
        reject(e)
      })
      child.once('exit', (code, signal) => {
        clearTimeout(timer)
        reject(new Error(`the server exited before it was ready (code ${code}, signal ${signal})\n${output}`))
      })
    })
    // keep draining the pipes so the server never blocks on a full pipe; show its errors
    child.stdout!.removeAllListeners('data').resume()
    child.stderr!.removeAllListeners('data').on('data', (chunk: Buffer) => process.stderr.write(`[server] ${chunk}`))
    return {
      url,
      pid: child.pid!,
      cpuSeconds: () => groupUsage(child.pid!)?.cpuSeconds ?? null,
      rssBytes: () => groupUsage(child.pid!)?.rssBytes ?? null,
      stop: async () => {
        unregister()
        await stop()
      },
    }
  } catch (error) {
    unregister()
    await stop()
    throw error
  }
}

function stopper(child: ChildProcess): () => Promise<void> {
  let stopping: Promise<void> | undefined
  return () =>
    (stopping ??= new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null || !child.pid) return resolve()
      const kill = (signal: NodeJS.Signals) => {
        try {
          process.kill(-child.pid!, signal) // the group this child leads: tsx and the node it runs
        } catch {
          /* already gone */
        }
      }
      const hard = setTimeout(() => kill('SIGKILL'), 5_000)
      child.once('exit', () => {
        clearTimeout(hard)
        // a grandchild that outlived tsx must not linger either
        setTimeout(() => {
          kill('SIGKILL')
          resolve()
        }, 100)
      })
      kill('SIGTERM')
    }))
}

/** Stops the server if the bench process is interrupted or crashes before stop() runs. */
function stopOnExit(stop: () => Promise<void>): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    void stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143))
  }
  const onExit = () => {
    void stop() // synchronous part sends the signal
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  process.once('exit', onExit)
  return () => {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    process.off('exit', onExit)
  }
}

const clockTicks = 100 // USER_HZ on Linux
const pageBytes = 4096

/** CPU seconds (user+system) and resident memory (bytes) of every process in the group `pgid`, from /proc (Linux), else null. */
export function groupUsage(pgid: number): { cpuSeconds: number; rssBytes: number } | null {
  let entries: string[]
  try {
    entries = readdirSync('/proc')
  } catch {
    return null
  }
  let ticks = 0
  let pages = 0
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      // fields[0] is field 3 (state): pgrp is field 5, utime 14, stime 15, rss (pages) 24
      if (Number(fields[2]) !== pgid) continue
      ticks += Number(fields[11]) + Number(fields[12])
      pages += Number(fields[21])
    } catch {
      /* the process ended meanwhile */
    }
  }
  return { cpuSeconds: ticks / clockTicks, rssBytes: pages * pageBytes }
}
