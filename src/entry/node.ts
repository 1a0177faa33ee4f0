import { serve, type Http2Bindings, type HttpBindings } from '@hono/node-server'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'
import { compress } from 'hono/compress'
import { createApp } from '../app.ts'
import { createInvitation, invitationDays } from '../auth/invitations.ts'
import type { Db } from '../db/database.ts'
import type { AppEnv } from '../env.ts'
import { openDatabase } from '../db/connect-node.ts'
import { applyMigrations } from '../db/migrate-node.ts'
import { cleanAbandonedImports } from '../importers/staging.ts'
import { loadKeySecret } from './key-secret-node.ts'
import { startRetentionSchedule } from '../retention/schedule.ts'
import { versionUnversionedRounds } from '../rounds/survey-versions.ts'
import { loadCatalogFromDisk } from '../surveys/disk-node.ts'

/**
 * A small request body refused before it was read (a 415, a form posted where it does not
 * belong) is answered with `Connection: close`. The Node adapter drains an unread body for at
 * most half a second and then destroys the socket; on a loaded server that can happen after a
 * kept-alive client has sent its next request into it, which then gets no answer at all. A large
 * body (refused by its Content-Length) is left to the adapter's drain: closing at once would cut
 * the client off while it is still sending, before it can read the refusal.
 */
const smallBody = 64 * 1024

function closeUnreadBodies(fetch: (req: Request, env: object) => Response | Promise<Response>) {
  return async (req: Request, env: HttpBindings | Http2Bindings) => {
    const res = await fetch(req, env)
    const { incoming, outgoing } = env
    const length = Number(incoming.headers['content-length'] ?? Infinity)
    if (
      incoming.httpVersionMajor === 1 &&
      req.method !== 'GET' &&
      req.method !== 'HEAD' &&
      length <= smallBody &&
      !incoming.readableEnded &&
      !outgoing.headersSent
    ) {
      outgoing.setHeader('connection', 'close')
    }
    return res
  }
}

/** With no staff account at all, a one-time link to set up the first partnership lead. */
async function firstStartSetup(db: Db): Promise<string | null> {
  const rs = await db.$client.execute('SELECT count(*) AS n FROM users')
  return Number(rs.rows[0]!.n) === 0 ? createInvitation(db, { role: 'lead' }, new Date()) : null
}

/**
 * Signpost on Node: the embedded libSQL file `data/signpost.db` unless DATABASE_URL says
 * otherwise. Migrations are applied at start.
 */
export async function startNodeServer(options: { port?: number; host?: string; databaseUrl?: string } = {}) {
  const catalog = loadCatalogFromDisk()
  const db = await openDatabase(options.databaseUrl ?? process.env.DATABASE_URL, process.env.DATABASE_AUTH_TOKEN)
  loadKeySecret(options.databaseUrl ?? process.env.DATABASE_URL)
  await applyMigrations(db)
  await versionUnversionedRounds(db, () => catalog)
  // staged rows of imports a crash interrupted (src/importers/staging.ts)
  await cleanAbandonedImports(db, new Date(), { atStart: true })
  // the retention policy now and once a day (src/retention/)
  const retention = startRetentionSchedule(db, catalog)
  const app = new Hono<AppEnv>()
    // on Workers, Cloudflare compresses; on Node the server does it
    .use(compress())
    .use('/*', serveStatic({ root: new URL('../../web', import.meta.url).pathname }))
    .route('/', createApp({ getDb: () => db, catalog }))
  const port = options.port ?? Number(process.env.PORT ?? 8787)
  const setupToken = await firstStartSetup(db)
  const hostname = options.host ?? process.env.HOST ?? '127.0.0.1'
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: closeUnreadBodies(app.fetch), port, hostname }, () => resolve(s))
  })
  const address = server.address()
  const actualPort = typeof address === 'object' && address ? address.port : port
  const url = `http://${hostname}:${actualPort}`
  return {
    server,
    db,
    url,
    setupUrl: setupToken ? `${url}/invite/${setupToken}` : null,
    close: () => new Promise<void>((r) => (retention.stop(), server.close(() => r()))),
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { url, db, server, setupUrl } = await startNodeServer()
  console.log(`Signpost is running at ${url}`)
  if (setupUrl) console.log(`No staff account yet. Create the first partnership lead here (one use, valid ${invitationDays} days): ${setupUrl}`)
  console.log(`Database: ${process.env.DATABASE_URL ?? 'file:data/signpost.db'}`)
  console.log('Open the address above and type a round code. No rounds yet? Run `npx signpost demo` for demo data.')
  const stop = () => {
    server.close()
    db.$client.close()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}
