import { asc, eq } from 'drizzle-orm'
import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { z } from 'zod'
import { changeInstitution, requireLead, type StaffEnv } from '../auth/guard.tsx'
import { institutions } from '../db/schema.ts'
import { csvDownload, toCsv } from '../http/csv.ts'
import { actionWords, auditActions, readAudit, type AuditAction, type AuditFilter, type AuditRow } from './log.ts'
import { AuditPage } from './views/audit-page.tsx'

/**
 * The audit log's pages, mounted in the dashboard (behind its sign-in guard). Reading the log
 * writes nothing, not even an entry of its own.
 *
 *   GET /audit                         the partnership's log (lead), ?institution=&action=&actor=&from=&to=
 *   GET /audit.csv                     the same entries as CSV (lead)
 *   GET /institutions/:id/audit        one institution's log (its coordinator and the lead; viewers 403)
 *   GET /institutions/:id/audit.csv    the same as CSV
 */

/** The most entries a page shows; the CSV holds up to `csvLimit`. */
const pageLimit = 500
const csvLimit = 50_000

const day = z.iso.date({ error: 'a day is written YYYY-MM-DD' })
const blankIsNone = (v: unknown) => (v === '' ? undefined : v)
const filterSchema = z.object({
  institution: z.preprocess(blankIsNone, z.coerce.number({ error: 'the institution is a number' }).int().positive().optional()),
  action: z.preprocess(
    blankIsNone,
    z.enum(Object.keys(auditActions) as [AuditAction, ...AuditAction[]], { error: 'choose one of the kinds of entry listed' }).optional(),
  ),
  actor: z.preprocess(blankIsNone, z.string().trim().max(200, 'at most 200 characters').optional()),
  from: z.preprocess(blankIsNone, day.optional()),
  to: z.preprocess(blankIsNone, day.optional()),
})

/** The filter in the address; a bad one is a 400 naming the field. */
function filterOf(c: Pick<Context, 'req'>): AuditFilter {
  const parsed = filterSchema.safeParse(c.req.query())
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new HTTPException(400, { message: `${issue.path.join('.') || 'filter'}: ${issue.message}` })
  }
  const { institution, ...rest } = parsed.data
  return { ...rest, ...(institution !== undefined ? { institutionId: institution } : {}) }
}

const query = (filter: AuditFilter) => {
  const params = new URLSearchParams()
  if (filter.institutionId !== undefined) params.set('institution', String(filter.institutionId))
  for (const key of ['action', 'actor', 'from', 'to'] as const) if (filter[key]) params.set(key, filter[key])
  const text = params.toString()
  return text ? `?${text}` : ''
}

/** The log as CSV: one row an entry, the time to the minute in UTC. */
export function auditCsv(rows: AuditRow[]): string {
  return toCsv(
    ['when_utc', 'who', 'what', 'action', 'institution', 'round_id', 'about', 'detail'],
    rows.map((r) => [r.at, r.actor, actionWords(r.action), r.action, r.institution ?? '', r.roundId, r.subject, r.detail]),
  )
}

export const auditPages = new Hono<StaffEnv>()
  .get('/audit', async (c) => {
    requireLead(c.var.user, 'read the partnership’s audit log')
    const filter = filterOf(c)
    const { db, user } = c.var
    const list = await db
      .select({ id: institutions.id, name: institutions.name })
      .from(institutions)
      .where(eq(institutions.partnershipId, user.partnershipId))
      .orderBy(asc(institutions.name))
    return c.html(
      <AuditPage
        user={user}
        scope={{ kind: 'partnership' }}
        rows={await readAudit(db, user.partnershipId, filter, pageLimit)}
        filter={filter}
        institutions={list}
        limit={pageLimit}
        action="/dashboard/audit"
        csvHref={`/dashboard/audit.csv${query(filter)}`}
      />,
    )
  })
  .get('/audit.csv', async (c) => {
    requireLead(c.var.user, 'download the partnership’s audit log')
    const rows = await readAudit(c.var.db, c.var.user.partnershipId, filterOf(c), csvLimit)
    return csvDownload(auditCsv(rows), 'signpost-audit-log.csv')
  })
  // viewers only read results: the log names staff and what they did, so it is for those who change things
  .get('/institutions/:id/audit', changeInstitution, async (c) => {
    const { db, user, institution } = c.var
    const filter = { ...filterOf(c), institutionId: institution.id }
    const base = `/dashboard/institutions/${institution.id}/audit`
    const { institutionId: _, ...shown } = filter
    return c.html(
      <AuditPage
        user={user}
        scope={{ kind: 'institution', institution }}
        rows={await readAudit(db, institution.partnershipId, filter, pageLimit)}
        filter={filter}
        institutions={[]}
        limit={pageLimit}
        action={base}
        csvHref={`${base}.csv${query(shown)}`}
      />,
    )
  })
  .get('/institutions/:id/audit.csv', changeInstitution, async (c) => {
    const { institution } = c.var
    const rows = await readAudit(c.var.db, institution.partnershipId, { ...filterOf(c), institutionId: institution.id }, csvLimit)
    return csvDownload(auditCsv(rows), `signpost-audit-log-${institution.slug}.csv`)
  })
