import { spawn } from 'node:child_process'
import { groupUsage } from '../support/server.ts'
import { freePort, outputTail, projectRoot, stopProcess } from '../support/sqld.ts'

/** The plain baseline server (baseline-server.ts) in a child process of its own, as Signpost's runs. */
export async function startBaseline(
  databaseUrl: string,
): Promise<{ url: string; cpuSeconds: () => number | null; rssBytes: () => number | null; stop: () => Promise<void> }> {
  const port = await freePort()
  const child = spawn(`${projectRoot}node_modules/.bin/tsx`, ['test/bench/baseline-server.ts'], {
    cwd: projectRoot,
    env: { ...process.env, PORT: String(port), DATABASE_URL: databaseUrl, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  const tail = outputTail(child)
  const onExit = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL')
    } catch {
      /* gone */
    }
  }
  process.once('exit', onExit)
  const stop = async () => {
    process.off('exit', onExit)
    await stopProcess(child, { group: true })
  }
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the baseline did not start\n${tail()}`)), 60_000)
      let out = ''
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        const m = /Baseline is running at (\S+)/.exec(out)
        if (m) {
          clearTimeout(timer)
          resolve(m[1]!)
        }
      })
      child.once('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`the baseline exited (code ${code})\n${tail()}`))
      })
    })
    return { url, cpuSeconds: () => groupUsage(child.pid!)?.cpuSeconds ?? null, rssBytes: () => groupUsage(child.pid!)?.rssBytes ?? null, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
