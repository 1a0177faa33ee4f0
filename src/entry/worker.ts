import { createClient } from '@libsql/client/web'
import { createApp } from '../app.ts'
import { wrapClient, type Db } from '../db/database.ts'
import type { Bindings } from '../env.ts'
import { useKeySecret } from '../http/rate-limit.ts'
import { scheduledRetention } from '../retention/schedule.ts'
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
    // rate-limit keys are HMACs with this secret (wrangler secret put SIGNPOST_SECRET)
    if (env.SIGNPOST_SECRET) useKeySecret(env.SIGNPOST_SECRET)
    else console.warn('SIGNPOST_SECRET is not set: rate limits hold only within one Worker instance. Set it with `wrangler secret put SIGNPOST_SECRET`.')
    db = wrapClient(createClient({ url: env.DATABASE_URL, authToken: env.DATABASE_AUTH_TOKEN, intMode: 'number' }))
  }
  return db
}

const catalog = buildCatalog(surveyFiles)
const app = createApp({ getDb: databaseFor, catalog })

export default {
  fetch: app.fetch,
  // the Cron Trigger in wrangler.toml: the retention policy once a day (src/retention/)
  scheduled(_event: unknown, env: Bindings, ctx: { waitUntil(promise: Promise<unknown>): void }) {
    ctx.waitUntil(scheduledRetention(databaseFor(env), catalog))
  },
}
