import type { InStatement } from '@libsql/client/web'
import type { Db } from './database.ts'

/**
 * Where a database handle's write queue sends its batches when not to the handle's own
 * connection: on Node, a write thread with its own connection to the same embedded file
 * (write-thread-node.ts). Web-standard: only the interface lives here.
 */
export type Writer = {
  /** One atomic write batch. */
  batch: (statements: InStatement[]) => Promise<void>
  /** PRAGMA wal_checkpoint(TRUNCATE) on the writer's connection: whether the WAL is now empty. */
  truncateWal: () => Promise<boolean>
  close: () => Promise<void>
}

const writers = new WeakMap<Db, Writer>()

export const setWriter = (db: Db, writer: Writer) => void writers.set(db, writer)
export const writerOf = (db: Db): Writer | undefined => writers.get(db)
/** The handle's own connection writes again (its writer stopped). */
export const dropWriter = (db: Db, writer: Writer) => void (writers.get(db) === writer && writers.delete(db))
