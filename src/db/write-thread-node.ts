import { Worker } from 'node:worker_threads'
import type { InStatement } from '@libsql/client'
import type { Db } from './database.ts'
import { dropWriter, setWriter, type Writer } from './writer.ts'

type Reply = { id: number; error?: SerialisedError; checkpointed?: boolean; rowsAffected?: number[] }
/** What an error from the write thread keeps: the fields db/errors.ts and the write queue read, and its cause's. */
export type SerialisedError = { message: string; name: string; code?: unknown; extendedCode?: unknown; rawCode?: unknown; cause?: SerialisedError }

function revive(e: SerialisedError): Error {
  const error = new Error(e.message, e.cause ? { cause: revive(e.cause) } : undefined)
  return Object.assign(error, { name: e.name, code: e.code, extendedCode: e.extendedCode, rawCode: e.rawCode })
}

/**
 * The code a worker starts with: tsx's loader, then the TypeScript module. Node 20 starts a
 * worker's own module before the loaders of `--import` are in place in it, so `new Worker(url)`
 * of a .ts file fails even under tsx.
 */
const bootstrap = (module: URL) => {
  // resolved here: the worker's own code would look for tsx from the working folder, which need not be the project's
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'))
  return `import(${tsx}).then((tsx) => { tsx.register(); return import(${JSON.stringify(module.href)}) })`
}

/**
 * Starts the write thread of an embedded file (see write-thread-worker-node.ts) and makes it the
 * writer of `db`'s write queue. Resolves once its connection is open with the connection's settings.
 */
export async function startWriteThread(db: Db, url: string): Promise<Writer> {
  const worker = new Worker(bootstrap(new URL('./write-thread-worker-node.ts', import.meta.url)), { eval: true, workerData: { url } })
  const waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>()
  let next = 0
  let failed: Error | null = null
  // a thread that stopped fails what it was given (none of it was acknowledged); the handle's own connection writes from then on
  const fail = (error: Error) => {
    failed ??= error
    dropWriter(db, writer)
    for (const w of waiting.values()) w.reject(error)
    waiting.clear()
  }
  // the thread keeps the process alive while it has something to answer, and only then: a
  // process with nothing left to write need not wait for it, but one awaiting a write (a clean-up
  // at start, before the server listens) must not end for want of anything else to do
  const settle = (id: number) => {
    const w = waiting.get(id)
    waiting.delete(id)
    if (waiting.size === 0) worker.unref()
    return w
  }
  worker.on('message', (reply: Reply) => settle(reply.id)?.resolve(reply))
  worker.on('error', fail)
  worker.on('exit', (code) => fail(new Error(`the write thread stopped (exit code ${code})`)))
  const ask = (message: object) =>
    new Promise<Reply>((resolve, reject) => {
      if (failed) return reject(failed)
      const id = next++
      if (waiting.size === 0) worker.ref()
      waiting.set(id, { resolve, reject })
      worker.postMessage({ id, ...message })
    })
  const writer: Writer = {
    async batch(statements: InStatement[]) {
      const reply = await ask({ kind: 'batch', statements })
      if (reply.error) throw revive(reply.error)
      return reply.rowsAffected ?? []
    },
    async truncateWal() {
      const reply = await ask({ kind: 'truncate' })
      if (reply.error) throw revive(reply.error)
      return reply.checkpointed === true
    },
    async close() {
      await worker.terminate()
    },
  }
  const ready = await ask({ kind: 'open' })
  if (ready.error) {
    await worker.terminate()
    throw revive(ready.error)
  }
  setWriter(db, writer)
  return writer
}
