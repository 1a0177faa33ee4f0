import type { Client } from '@libsql/client/web'
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql'
import * as schema from './schema.ts'

/** The app's handle on libSQL: drizzle for typed queries, `$client` for raw SQL and batches. */
export type Db = LibSQLDatabase<typeof schema> & { $client: Client }

export function wrapClient(client: Client): Db {
  return drizzle(client, { schema }) as Db
}
