import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { createClient, type Client } from '@libsql/client'
import { wrapClient, type Db } from './database.ts'

export const defaultDatabaseUrl = 'file:data/signpost.db'

/**
 * Settings every connection to an embedded file must carry. WAL lets readers work
 * while a response is written; synchronous=FULL makes an acknowledged write survive
 * a power cut; busy_timeout makes a writer wait instead of failing with SQLITE_BUSY;
 * secure_delete overwrites deleted rows and freed pages with zeros, so a page rewritten
 * (used_tokens, see collect/write-queue.ts) leaves no earlier copy of itself in the file.
 */
export const connectionPragmas = [
  'PRAGMA journal_mode = WAL',
  'PRAGMA synchronous = FULL',
  'PRAGMA busy_timeout = 5000',
  'PRAGMA foreign_keys = ON',
  'PRAGMA secure_delete = ON',
] as const

/**
 * Opens the database named by a URL: `file:` (embedded, the default), `:memory:`,
 * or `libsql:`/`http(s):` for a libSQL server.
 *
 * An embedded file is opened with exactly one connection here: every libSQL call is
 * synchronous on it, so one connection serves concurrent requests, and the PRAGMAs
 * above are certain to be in force on it. The Node server adds one more, on a thread of
 * its own, for the write queue's batches (write-thread-node.ts): a write of this
 * connection that meets one of those waits for its commit (busy_timeout), a few
 * milliseconds at most, since no batch there holds the lock across an await.
 */
/** The file path of a `file:` URL (`file:data/x.db`, `file:///tmp/x.db`). */
export function filePathOf(url: string): string {
  return url.slice('file:'.length).replace(/^\/\/(?=\/)/, '')
}

export async function openDatabase(url = defaultDatabaseUrl, authToken?: string): Promise<Db> {
  const embedded = url.startsWith('file:') || url === ':memory:'
  if (url.startsWith('file:')) {
    const path = filePathOf(url)
    mkdirSync(dirname(path), { recursive: true })
  }
  const client: Client = createClient({ url, authToken, concurrency: embedded ? 1 : undefined, intMode: 'number' })
  if (embedded) {
    for (const pragma of connectionPragmas) await client.execute(pragma)
    // a WAL left by a process that stopped between a commit and its checkpoint is emptied now
    await client.execute('PRAGMA wal_checkpoint(TRUNCATE)')
  }
  return wrapClient(client)
}
