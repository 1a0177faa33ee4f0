import type { Server } from 'node:http'
import type { Readable } from 'node:stream'
import { serve, type Http2Bindings, type HttpBindings } from '@hono/node-server'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'
import { compress } from 'hono/compress'
import { createApp } from '../app.ts'
import { createInvitation, invitationDays } from '../auth/invitations.ts'
import type { Db } from '../db/database.ts'
import type { AppEnv, Bindings } from '../env.ts'
import { defaultDatabaseUrl, openDatabase } from '../db/connect-node.ts'
import { startWriteThread } from '../db/write-thread-node.ts'
import { applyMigrations } from '../db/migrate-node.ts'
import { cleanAbandonedImports } from '../importers/staging.ts'
import { useForwardedOrigin } from './forwarded-node.ts'
import { loadKeySecret } from './key-secret-node.ts'
import { startRetentionSchedule } from '../retention/schedule.ts'
import { versionUnversionedRounds } from '../rounds/survey-versions.ts'
import { loadCatalogFromDisk } from '../surveys/disk-node.ts'

/**
 * A small request body refused before it was read (a 415, a form posted where it does not
 * belong, a 403 before an upload is looked at) is read to its end before the refusal is sent,
 * for at most `drainMs`, so that the connection stays usable. Left unread, the Node adapter
 * drains it for at most half a second and then destroys the socket: on a loaded server that can
 * happen after a kept-alive client has sent its next request into it, which then gets no answer
 * at all; and closing the connection at once cuts off a client still sending the body (EPIPE on
 * its side, before it can read the refusal). A small body that does not arrive in time is
 * answered with `Connection: close`. A large body (refused by its Content-Length) is left to the
 * adapter's drain.
 */
const smallBody = 64 * 1024
const drainMs = 2000

/** Whether the rest of a body arrived (and was thrown away) within `ms`. */
function drained(incoming: Readable, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ended: boolean) => {
      clearTimeout(timer)
      incoming.off('end', onEnd).off('error', onError)
      resolve(ended)
    }
    const onEnd = () => done(true)
    const onError = () => done(false)
    const timer = setTimeout(() => done(false), ms)
    incoming.on('end', onEnd).on('error', onError)
    incoming.resume()
  })
}

function closeUnreadBodies(fetch: (req: Request, env: object) => Response | Promise<Response>) {
  return async (req: Request, env: HttpBindings | Http2Bindings) => {
    const res = await fetch(req, { ...env, readBody: bodyReader(env.incoming) } satisfies Bindings)
    const { incoming, outgoing } = env
    const length = Number(incoming.headers['content-length'] ?? Infinity)
    if (
      incoming.httpVersionMajor === 1 &&
      req.method !== 'GET' &&
      req.method !== 'HEAD' &&
      length <= smallBody &&
      !incoming.readableEnded &&
      !outgoing.headersSent &&
      !(await drained(incoming, drainMs))
    ) {
      outgoing.setHeader('connection', 'close')
    }
    return res
  }
}

/**
 * Reads a request's body from the socket, at most `max` bytes: the bytes, or null as soon as the
 * body is longer (the rest is left unread: see `closeUnreadBodies`). A body read this way is not
 * turned into a web Request and stream first, which on a busy server was a tenth of the work of
 * storing a response.
 */
function bodyReader(incoming: Readable) {
  return (max: number) =>
    new Promise<Uint8Array<ArrayBuffer> | null>((resolve, reject) => {
      const chunks: Buffer[] = []
      let size = 0
      const stop = () => {
        incoming.off('data', onData).off('end', onEnd).off('error', onError)
      }
      const onData = (chunk: Buffer) => {
        size += chunk.length
        if (size <= max) return void chunks.push(chunk)
        stop()
        incoming.pause()
        resolve(null)
      }
      const onEnd = () => {
        stop()
        // a buffer of its own: a pooled Buffer shares its ArrayBuffer with others
        const bytes = new Uint8Array(size)
        let at = 0
        for (const chunk of chunks) (bytes.set(chunk, at), (at += chunk.length))
        resolve(bytes)
      }
      const onError = (error: Error) => {
        stop()
        reject(error)
      }
      incoming.on('data', onData).on('end', onEnd).on('error', onError)
    })
}

/**
 * An idle kept-alive connection stays open 65 s, not Node's 5: longer than the idle timeout of the
 * load balancers and proxies put in front (60 s is common), so that it is they who close it. When
 * the server closes first, a request the other side sends at that moment meets a closed socket
 * (the proxy answers 502, a client "other side closed"). The headers of a request must still arrive
 * within 66 s.
 */
function keepIdleConnections(server: Server) {
  server.keepAliveTimeout = 65_000
  server.headersTimeout = 66_000
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
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL ?? defaultDatabaseUrl
  const db = await openDatabase(databaseUrl, process.env.DATABASE_AUTH_TOKEN)
  loadKeySecret(databaseUrl)
  await applyMigrations(db)
  // the write queue's batches run on a thread of their own (db/write-thread-node.ts)
  const writer = databaseUrl.startsWith('file:') ? await startWriteThread(db, databaseUrl) : null
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
    // before the adapter builds the request from it: the address the browser used, behind a trusted proxy
    s.prependListener('request', useForwardedOrigin)
    keepIdleConnections(s as Server)
  })
  const address = server.address()
  const actualPort = typeof address === 'object' && address ? address.port : port
  const url = `http://${hostname}:${actualPort}`
  return {
    server,
    db,
    url,
    setupUrl: setupToken ? `${url}/invite/${setupToken}` : null,
    close: async () => {
      retention.stop()
      await new Promise<void>((r) => server.close(() => r()))
      await writer?.close()
    },
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
