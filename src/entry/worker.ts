import { createClient } from '@libsql/client/web'
import { createApp } from '../app.ts'
import { wrapClient, type Db } from '../db/database.ts'
import type { Bindings } from '../env.ts'
import { buildCatalog } from '../surveys/load.ts'
import { surveyFiles } from '../surveys/bundled.ts'

/**
 * Signpost on Cloudflare Workers, against a libSQL server named by DATABASE_URL
 * (and DATABASE_AUTH_TOKEN). Migrations are not run here: apply them with
 * `signpost db migrate` before deploying. Static files in web/ are served by Workers assets.
 */
let db: Db | undefined

function databaseFor(env: Bindings): Db {
  if (!db) {
    if (!env.DATABASE_URL) throw new Error('DATABASE_URL is not set: point it at a libSQL server (libsql:// or https://)')
    db = wrapClient(createClient({ url: env.DATABASE_URL, authToken: env.DATABASE_AUTH_TOKEN, intMode: 'number' }))
  }
  return db
}

export default createApp({ getDb: databaseFor, catalog: buildCatalog(surveyFiles) })
