import { defaultDatabaseUrl } from '../../db/connect-node.ts'
import { usageLines, withDb, type Command } from '../command.ts'

/** `signpost db migrate`: applies the migrations to the database in DATABASE_URL (local file or remote libSQL). */
export const dbMigrate: Command = {
  usage: usageLines('db migrate', 'apply database migrations'),
  async run(_args, out) {
    await withDb(async () => undefined)
    out.log(`Migrations applied to ${process.env.DATABASE_URL ?? defaultDatabaseUrl}`)
    return 0
  },
}
