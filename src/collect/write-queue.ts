import type { InStatement } from '@libsql/client/web'
import type { Db } from '../db/database.ts'

/** What a write carries besides its statements. */
export type WriteOptions = {
  /** The write marks a one-time token used: its commit must leave nothing that pairs the token with the response. */
  usesToken?: boolean
}

type Job = { statements: InStatement[]; usesToken: boolean; done: (error?: unknown) => void }

/**
 * Rewrites used_tokens in the order of its keys. SQLite puts each new cell of a page below the
 * cells already there, so without this the place of each hash in its page is the order the
 * tokens were used in, which lines them up with the responses' ids. REINDEX of a WITHOUT ROWID
 * table reads every row, clears the table (secure_delete zeroes the freed bytes and pages) and
 * writes the rows back sorted: the pages then depend only on which tokens are used, never on
 * when. It costs a write of every used token, in the same transaction as the response.
 */
export const forgetTokenOrder: InStatement = 'REINDEX used_tokens'

/**
 * Moves every committed page into the database file and empties the -wal file. A commit's
 * frames hold whole pages, the used_tokens page and the response's side by side, so the WAL
 * must not keep them once the commit is done. Returns whether the WAL is now empty: another
 * process reading at that moment makes it wait (the busy timeout), then leave the WAL as it is.
 */
export async function truncateWal(db: Db): Promise<boolean> {
  const result = await db.$client.execute('PRAGMA wal_checkpoint(TRUNCATE)')
  const busy = result.rows[0]?.[0]
  return busy === 0 || busy === undefined
}

/**
 * Group commit. Each response must be written atomically and durably (synchronous=FULL: the
 * write reaches the disk before it is acknowledged), and one disk flush per response would cap
 * a server at a few hundred responses a second. So responses that arrive together are written
 * together: one batch, one transaction, one flush. If that batch fails (a duplicate, a used
 * token), each response is written again on its own, so one bad response never takes the
 * others with it, and every caller learns its own outcome.
 *
 * A group that uses a one-time token also rewrites used_tokens in key order (in the same
 * transaction) and, once committed, empties the WAL, all before any of its responses is
 * acknowledged: when a respondent is thanked, neither file pairs their token with their answers.
 */
export class WriteQueue {
  #pending: Job[] = []
  #draining = false

  constructor(
    private readonly db: Db,
    private readonly maxGroup = 200,
  ) {}

  /** Resolves once the statements are committed; rejects with the write's own error. */
  write(statements: InStatement[], options: WriteOptions = {}): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ statements, usesToken: options.usesToken === true, done: (error) => (error === undefined ? resolve() : reject(error)) })
      if (!this.#draining) void this.#drain()
    })
  }

  async #commit(jobs: Job[]): Promise<void> {
    const statements = jobs.flatMap((job) => job.statements)
    if (jobs.some((job) => job.usesToken)) statements.push(forgetTokenOrder)
    await this.db.$client.batch(statements, 'write')
  }

  async #drain(): Promise<void> {
    this.#draining = true
    try {
      while (this.#pending.length > 0) {
        // let the requests that are arriving now join this group
        await new Promise((r) => setTimeout(r, 0))
        const group = this.#pending.splice(0, this.maxGroup)
        let outcomes: unknown[] | undefined
        if (group.length > 1) {
          try {
            await this.#commit(group)
            outcomes = group.map(() => undefined)
          } catch {
            // fall through: find out which response failed
          }
        }
        if (!outcomes) {
          outcomes = []
          for (const job of group) {
            try {
              await this.#commit([job])
              outcomes.push(undefined)
            } catch (error) {
              outcomes.push(error ?? new Error('the write failed'))
            }
          }
        }
        if (group.some((job, i) => job.usesToken && outcomes[i] === undefined)) {
          try {
            await truncateWal(this.db)
          } catch (error) {
            // the responses are stored: they are acknowledged; the next token's commit empties the WAL
            console.error(error)
          }
        }
        group.forEach((job, i) => job.done(outcomes[i]))
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
 *
 * On a libSQL server the files are the server's: its WAL, and any replication log or backup it
 * keeps, hold each commit whole, and no statement sent from here can empty them. So there the
 * token is written as before and the README says what the server's administrator can learn.
 */
export async function writeAtomically(db: Db, statements: InStatement[], options: WriteOptions = {}): Promise<void> {
  if (db.$client.protocol === 'file') return writeQueueOf(db).write(statements, options)
  await db.$client.batch(statements, 'write')
}
