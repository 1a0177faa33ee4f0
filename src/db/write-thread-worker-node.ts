import { parentPort, workerData } from 'node:worker_threads'
import { createClient, type Client, type InStatement } from '@libsql/client'
import { connectionPragmas } from './connect-node.ts'
import type { SerialisedError } from './write-thread-node.ts'

/**
 * The write thread: a second connection to the embedded file, on its own thread, that runs the
 * write queue's batches (collect/write-queue.ts). libSQL's calls are synchronous, so a group's
 * batch, and above all its flush to disk (synchronous=FULL), would otherwise stop every other
 * request of the process while it runs; here the main thread keeps reading, checking and
 * answering requests meanwhile. One batch at a time, in the order they are sent.
 */

type Message = { id: number } & ({ kind: 'open' } | { kind: 'batch'; statements: InStatement[] } | { kind: 'truncate' })

function serialise(error: unknown, depth = 0): SerialisedError {
  const e = (error ?? {}) as Partial<SerialisedError> & { cause?: unknown }
  return {
    message: String(e.message ?? error),
    name: String(e.name ?? 'Error'),
    code: e.code,
    extendedCode: e.extendedCode,
    rawCode: e.rawCode,
    cause: e.cause !== undefined && depth < 3 ? serialise(e.cause, depth + 1) : undefined,
  }
}

const port = parentPort!
let client: Client | undefined
port.on('message', async (message: Message) => {
  try {
    switch (message.kind) {
      case 'open':
        client = createClient({ url: (workerData as { url: string }).url, concurrency: 1, intMode: 'number' })
        for (const pragma of connectionPragmas) await client.execute(pragma)
        return port.postMessage({ id: message.id })
      case 'batch': {
        const results = await client!.batch(message.statements, 'write')
        return port.postMessage({ id: message.id, rowsAffected: results.map((r) => r.rowsAffected) })
      }
      case 'truncate': {
        const busy = (await client!.execute('PRAGMA wal_checkpoint(TRUNCATE)')).rows[0]?.[0]
        return port.postMessage({ id: message.id, checkpointed: busy === 0 || busy === undefined })
      }
    }
  } catch (error) {
    port.postMessage({ id: message.id, error: serialise(error) })
  }
})
