import { fileURLToPath } from 'node:url'
import { migrate } from 'drizzle-orm/libsql/migrator'
import type { Db } from './database.ts'

export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url))

/** Applies every migration in `migrations/` that the database has not seen yet. */
export async function applyMigrations(db: Db): Promise<void> {
  await migrate(db, { migrationsFolder })
}
