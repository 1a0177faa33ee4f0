import { Hono } from 'hono'
import { requireLead, type StaffEnv } from '../auth/guard.tsx'
import { dpiaMarkdown } from './dpia.ts'

/** Where the database is, as the running server knows it: the Worker's binding, else Node's environment. */
function databaseUrlOf(env: unknown): string | undefined {
  const bound = (env as { DATABASE_URL?: string } | undefined)?.DATABASE_URL
  return bound ?? (typeof process !== 'undefined' ? process.env.DATABASE_URL : undefined)
}

/**
 * GET /dpia.md (in the dashboard): the partnership's DPIA and records-of-processing pack as
 * Markdown, for the lead. The same text as `signpost partnership dpia`. It reads, never writes.
 */
export const dpiaPages = new Hono<StaffEnv>().get('/dpia.md', async (c) => {
  requireLead(c.var.user, 'download the data protection pack')
  const slug = String((await c.var.db.$client.execute({ sql: 'SELECT slug FROM partnerships WHERE id = ?', args: [c.var.user.partnershipId] })).rows[0]!.slug)
  const text = (await dpiaMarkdown(c.var.db, c.var.catalog, slug, databaseUrlOf(c.env), c.var.now()))!
  return new Response(text, {
    headers: { 'content-type': 'text/markdown; charset=utf-8', 'content-disposition': `attachment; filename="${slug}-dpia.md"`, 'cache-control': 'no-store' },
  })
})
