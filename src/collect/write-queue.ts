import type { InStatement } from '@libsql/client/web'
import type { Db } from '../db/database.ts'

type Job = { statements: InStatement[]; done: (error?: unknown) => void }

/**
 * Group commit. Each response must be written atomically and durably (synchronous=FULL: the
 * write reaches the disk before it is acknowledged), and one disk flush per response would cap
 * a server at a few hundred responses a second. So responses that arrive together are written
 * together: one batch, one transaction, one flush. If that batch fails (a duplicate, a used
 * token), each response is written again on its own, so one bad response never takes the
 * others with it, and every caller learns its own outcome.
 */
export class WriteQueue {
  #pending: Job[] = []
  #draining = false

  constructor(
    private readonly db: Db,
    private readonly maxGroup = 200,
  ) {}

  /** Resolves once the statements are committed; rejects with the write's own error. */
  write(statements: InStatement[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ statements, done: (error) => (error === undefined ? resolve() : reject(error)) })
      if (!this.#draining) void this.#drain()
    })
  }

  async #drain(): Promise<void> {
    this.#draining = true
    try {
      while (this.#pending.length > 0) {
        // let the requests that are arriving now join this group
        await new Promise((r) => setTimeout(r, 0))
        const group = this.#pending.splice(0, this.maxGroup)
        if (group.length > 1) {
          try {
            await this.db.$client.batch(
              group.flatMap((job) => job.statements),
              'write',
            )
            for (const job of group) job.done()
            continue
          } catch {
            // fall through: find out which response failed
          }
        }
        for (const job of group) {
          try {
            await this.db.$client.batch(job.statements, 'write')
            job.done()
          } catch (error) {
            job.done(error)
          }
        }
      }
    } finally {
      this.#draining = false
    }
  }
}

const queues = new WeakMap<Db, WriteQueue>()

/** The write queue of a database handle. */
export function writeQueueOf(db: Db): WriteQueue {
  let queue = queues.get(db)
  if (!queue) queues.set(db, (queue = new WriteQueue(db)))
  return queue
}

/**
 * Writes one response's statements atomically. Group commit is for an embedded file, where the
 * flush to disk is the cost. A libSQL server (http, ws) commits each batch on its own, and on
 * the Worker a request must not wait on another request's I/O (workerd cancels it as hung),
 * so there each response is its own batch.
 */
export async function writeAtomically(db: Db, statements: InStatement[]): Promise<void> {
  if (db.$client.protocol === 'file') return writeQueueOf(db).write(statements)
  await db.$client.batch(statements, 'write')
}
