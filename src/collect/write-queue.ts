import type { InStatement } from '@libsql/client/web'
import type { Db } from '../db/database.ts'
import { writeBatch, writerOf } from '../db/writer.ts'
import { settleGroup, type ResponseJob, type WriteOutcome } from './group-write.ts'

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
 * together: one batch, one transaction, one flush, with their tallies added up first and the
 * counters moved once for the group (group-write.ts). One read before the write finds the
 * duplicates, used tokens and full rounds of the group, so that they are answered without being
 * written; if the batch still fails (another process won a race), the group is split in halves,
 * each written again, until every response has its own outcome: one bad response never takes
 * the others with it, and retries do not collapse the group to one commit per response.
 *
 * On an embedded file, a group that uses a one-time token also rewrites used_tokens in key order
 * (in the same transaction) and, once committed, empties the WAL, all before any of its responses
 * is acknowledged: when a respondent is thanked, neither file pairs their token with their answers.
 * Against a libSQL server the queue sends its batches one at a time (`queuesWrites`). Where the
 * handle has a writer (db/writer.ts: the Node server's write thread), the batches of an embedded
 * file and the WAL's emptying run there, so that the flush to disk does not stop the thread
 * that reads and answers the requests.
 *
 * `write` takes plain statements too (written alone, each its own batch, in the queue's order).
 */
type ResponseEntry = { job: ResponseJob; done: (outcome: WriteOutcome | Error) => void }

/**
 * A request that will soon write a response (see `announceWrite`): the queue waits a little for
 * it before committing, so that it joins the group instead of waiting for the next flush.
 * `release` when its job is queued, or when it turns out not to write; twice is once.
 */
export type WriteTicket = { release: () => void }

/** The longest a group waits for announced requests before it is committed. */
export const maxGroupWaitMs = 4

export class WriteQueue {
  #pending: (Job | ResponseEntry)[] = []
  #draining = false
  #announced = 0

  /** A request on its way to a write: it has been let in, its body is being read and checked. */
  announce(): WriteTicket {
    let released = false
    this.#announced++
    return {
      release: () => {
        if (released) return
        released = true
        this.#announced--
      },
    }
  }

  constructor(
    private readonly db: Db,
    private readonly maxGroup = 200,
  ) {}

  /** Resolves once the statements are committed; rejects with the write's own error. */
  write(statements: InStatement[], options: WriteOptions = {}): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ statements, usesToken: options.usesToken === true, done: (error?: unknown) => (error === undefined ? resolve() : reject(error)) })
      if (!this.#draining) void this.#drain()
    })
  }

  /** Stores a response with the group it joins; resolves with its outcome once that is committed (or decided). */
  store(job: ResponseJob): Promise<WriteOutcome> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ job, done: (outcome: WriteOutcome | Error) => (outcome instanceof Error ? reject(outcome) : resolve(outcome)) })
      if (!this.#draining) void this.#drain()
    })
  }

  /** Whether the database is an embedded file of this process (else a libSQL server's, whose files no statement from here can empty). */
  get #embedded(): boolean {
    return this.db.$client.protocol === 'file'
  }

  async #commit(statements: InStatement[], usesToken: boolean): Promise<void> {
    if (!this.#embedded) return batchWhenFree(this.db, statements)
    const batch = usesToken ? [...statements, forgetTokenOrder] : statements
    await writeBatch(this.db, batch)
  }

  async #truncate(): Promise<void> {
    try {
      const writer = writerOf(this.db)
      await (writer ? writer.truncateWal() : truncateWal(this.db))
    } catch (error) {
      // the responses are stored: they are acknowledged; the next token's commit empties the WAL
      console.error(error)
    }
  }

  async #drain(): Promise<void> {
    this.#draining = true
    try {
      while (this.#pending.length > 0) {
        // let the requests that are arriving now join this group: a turn of the event loop, and more
        // turns while requests that were let in are still reading and checking their bodies (a
        // commit blocks the thread, and the requests that arrived meanwhile come in all at once
        // after it), for at most maxGroupWaitMs
        const waitFrom = performance.now()
        await new Promise((r) => setImmediate(r))
        while (this.#announced > 0 && this.#pending.length < this.maxGroup && performance.now() - waitFrom < maxGroupWaitMs) {
          await new Promise((r) => setImmediate(r))
        }
        const group = this.#pending.splice(0, this.maxGroup)
        const entries = group.filter((e): e is ResponseEntry => 'job' in e)
        if (entries.length > 0) {
          const outcomes = new Map<ResponseJob, WriteOutcome | Error>()
          const later: ResponseJob[] = []
          let tokenStored = false
          try {
            await settleGroup(
              this.db,
              entries.map((e) => e.job),
              async (statements, jobs) => {
                const usesToken = jobs.some((j) => j.tokenHash !== null)
                await this.#commit(statements, usesToken)
                if (usesToken && this.#embedded) tokenStored = true
              },
              outcomes,
              later,
            )
          } catch (error) {
            // the read itself failed: every response of the group learns it
            for (const e of entries) if (!outcomes.has(e.job)) outcomes.set(e.job, error instanceof Error ? error : new Error(String(error)))
          }
          if (tokenStored) await this.#truncate()
          const waiting = new Set(later)
          // the ones that repeat a submission or token of this group go first in the next group
          this.#pending.unshift(...entries.filter((e) => waiting.has(e.job)))
          for (const e of entries) if (!waiting.has(e.job)) e.done(outcomes.get(e.job) ?? new Error('the write was not decided'))
        }
        for (const job of group.filter((e): e is Job => !('job' in e))) {
          try {
            await this.#commit(job.statements, job.usesToken)
            if (job.usesToken && this.#embedded) await this.#truncate()
            job.done()
          } catch (error) {
            job.done(error ?? new Error('the write failed'))
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

/** Whether this runs in workerd (Cloudflare Workers): its documented user agent. */
const onWorkerd = typeof navigator !== 'undefined' && navigator.userAgent === 'Cloudflare-Workers'

/**
 * Whether this process's writes go through its write queue: everywhere but on the Worker, where
 * a request must not wait on another request's I/O (workerd cancels it as hung), so each write
 * there is its own batch. On an embedded file the queue is group commit (the flush to disk is
 * the cost). Against a libSQL server from Node it also sends one write batch at a time: sqld
 * 0.24 queues concurrent write transactions itself, and under that queue a transaction whose
 * read snapshot went stale while it waited (SQLITE_BUSY_SNAPSHOT) can leave the write lock to a
 * connection that has gone, after which every later write waits forever (seen in the
 * submission-limit tests: about one burst in 90 of 20 posts, half of them to a full round).
 */
export const queuesWrites = (db: Db): boolean => db.$client.protocol === 'file' || !onWorkerd

/**
 * Writes some statements atomically, through the write queue where there is one (`queuesWrites`).
 *
 * On a libSQL server the files are the server's: its WAL, and any replication log or backup it
 * keeps, hold each commit whole, and no statement sent from here can empty them. So there the
 * token is written as before and the README says what the server's administrator can learn.
 */
export async function writeAtomically(db: Db, statements: InStatement[], options: WriteOptions = {}): Promise<void> {
  if (queuesWrites(db)) return writeQueueOf(db).write(statements, options)
  await db.$client.batch(statements, 'write')
}

/**
 * Says that a request will probably store a response soon (where writes are queued, `queuesWrites`;
 * on the Worker a ticket that does nothing). Call it as the request comes in and `release` it in a `finally`.
 */
export function announceWrite(db: Db): WriteTicket {
  return queuesWrites(db) ? writeQueueOf(db).announce() : { release: () => {} }
}

/**
 * Stores one response: with the group it joins where writes are queued (`queuesWrites`); on the
 * Worker in its own atomic batch, with the same read before it and the same statements.
 */
export async function writeResponse(db: Db, job: ResponseJob, ticket?: WriteTicket): Promise<WriteOutcome> {
  if (queuesWrites(db)) {
    const stored = writeQueueOf(db).store(job)
    ticket?.release()
    return stored
  }
  ticket?.release()
  const outcomes = new Map<ResponseJob, WriteOutcome | Error>()
  const later: ResponseJob[] = []
  await settleGroup(db, [job], (statements) => batchWhenFree(db, statements), outcomes, later)
  const outcome = outcomes.get(job) ?? new Error('the write was not decided')
  if (outcome instanceof Error) throw outcome
  return outcome
}

/** Whether a libSQL error, or one of its causes, says the database was locked by another writer (SQLITE_BUSY). */
function isBusy(error: unknown): boolean {
  for (let e = error, depth = 0; e !== null && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code } = e as { code?: unknown }
    if (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) return true
  }
  return false
}

/**
 * One atomic write batch on a libSQL server, tried again when the server says another writer
 * holds the database (SQLITE_BUSY, seen on the Worker at 20 concurrent posts against sqld: about
 * 1 post in 40 failed with a 500). A busy batch was not applied, and a retry that finds its
 * response already stored fails on the unique index and is answered as the duplicate it is, so
 * trying again is safe. A few tries, each after a short random wait that grows.
 */
async function batchWhenFree(db: Db, statements: InStatement[]): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await db.$client.batch(statements, 'write')
      return
    } catch (error) {
      if (!isBusy(error) || attempt >= 5) throw error
      await new Promise((r) => setTimeout(r, Math.random() * 10 * 2 ** attempt))
    }
  }
}
