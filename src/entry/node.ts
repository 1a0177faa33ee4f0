import { serve } from '@hono/node-server'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'
import { createApp } from '../app.ts'
import type { AppEnv } from '../env.ts'
import { openDatabase } from '../db/connect-node.ts'
import { applyMigrations } from '../db/migrate-node.ts'
import { loadCatalogFromDisk } from '../surveys/disk-node.ts'

/**
 * Signpost on Node: the embedded libSQL file `data/signpost.db` unless DATABASE_URL says
 * otherwise. Migrations are applied at start.
 */
export async function startNodeServer(options: { port?: number; host?: string; databaseUrl?: string } = {}) {
  const catalog = loadCatalogFromDisk()
  const db = await openDatabase(options.databaseUrl ?? process.env.DATABASE_URL, process.env.DATABASE_AUTH_TOKEN)
  await applyMigrations(db)
  const app = new Hono<AppEnv>()
    .use('/*', serveStatic({ root: new URL('../../web', import.meta.url).pathname }))
    .route('/', createApp({ getDb: () => db, catalog }))
  const port = options.port ?? Number(process.env.PORT ?? 8787)
  const hostname = options.host ?? process.env.HOST ?? '127.0.0.1'
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port, hostname }, () => resolve(s))
  })
  const address = server.address()
  const actualPort = typeof address === 'object' && address ? address.port : port
  return { server, db, url: `http://${hostname}:${actualPort}`, close: () => new Promise<void>((r) => server.close(() => r())) }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { url, db, server } = await startNodeServer()
  console.log(`Signpost is running at ${url}`)
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
