import { Hono, type Context } from 'hono'
import { requireLead, type StaffEnv } from '../auth/guard.tsx'
import { dpiaPdf } from './dpia-pdf.ts'
import { dpiaMarkdown } from './dpia.ts'

/** Where the database is, as the running server knows it: the Worker's binding, else Node's environment. */
function databaseUrlOf(env: unknown): string | undefined {
  const bound = (env as { DATABASE_URL?: string } | undefined)?.DATABASE_URL
  return bound ?? (typeof process !== 'undefined' ? process.env.DATABASE_URL : undefined)
}

/** The lead's partnership's pack, as Markdown, with its slug for the file's name. */
async function pack(c: Context<StaffEnv>) {
  requireLead(c.var.user, 'download the data protection pack')
  const slug = String((await c.var.db.$client.execute({ sql: 'SELECT slug FROM partnerships WHERE id = ?', args: [c.var.user.partnershipId] })).rows[0]!.slug)
  return { slug, text: (await dpiaMarkdown(c.var.db, c.var.catalog, slug, databaseUrlOf(c.env), c.var.now()))! }
}

const download = (type: string, filename: string) => ({
  'content-type': type,
  'content-disposition': `attachment; filename="${filename}"`,
  'cache-control': 'no-store',
})

/**
 * The partnership's DPIA and records-of-processing pack, for the lead, linked from the overview.
 * The same text as `signpost partnership dpia`. They read, never write.
 *
 *   GET /dpia.md    as Markdown, to edit and complete
 *   GET /dpia.pdf   the same laid out on A4, to file or send
 */
export const dpiaPages = new Hono<StaffEnv>()
  .get('/dpia.md', async (c) => {
    const { slug, text } = await pack(c)
    return new Response(text, { headers: download('text/markdown; charset=utf-8', `${slug}-dpia.md`) })
  })
  .get('/dpia.pdf', async (c) => {
    const { slug, text } = await pack(c)
    const bytes = await dpiaPdf(text, c.var.now())
    return new Response(bytes as unknown as BodyInit, { headers: download('application/pdf', `${slug}-dpia.pdf`) })
  })
