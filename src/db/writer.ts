import type { InStatement } from '@libsql/client/web'
import type { Db } from './database.ts'

/**
 * Where a database handle's write queue sends its batches when not to the handle's own
 * connection: on Node, a write thread with its own connection to the same embedded file
 * (write-thread-node.ts). Web-standard: only the interface lives here.
 */
export type Writer = {
  /** One atomic write batch: the rows each statement changed. */
  batch: (statements: InStatement[]) => Promise<number[]>
  /** PRAGMA wal_checkpoint(TRUNCATE) on the writer's connection: whether the WAL is now empty. */
  truncateWal: () => Promise<boolean>
  close: () => Promise<void>
}

const writers = new WeakMap<Db, Writer>()

export const setWriter = (db: Db, writer: Writer) => void writers.set(db, writer)
export const writerOf = (db: Db): Writer | undefined => writers.get(db)
/** The handle's own connection writes again (its writer stopped). */
export const dropWriter = (db: Db, writer: Writer) => void (writers.get(db) === writer && writers.delete(db))

/**
 * One atomic write batch of `db`: through its writer when it has one, so that the main thread
 * neither runs the write nor waits, blocked, for the writer's lock; else on its own connection.
 * Resolves to the rows each statement changed.
 */
export async function writeBatch(db: Db, statements: InStatement[]): Promise<number[]> {
  const writer = writerOf(db)
  if (writer) return writer.batch(statements)
  return (await db.$client.batch(statements, 'write')).map((r) => r.rowsAffected)
}
