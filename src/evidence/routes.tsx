import { Hono } from 'hono'
import { seeInstitution, type InstitutionEnv, type StaffEnv } from '../auth/guard.tsx'
import { csvDownload } from '../http/csv.ts'
import { settingsOf } from '../org/settings.ts'
import { academicYear, academicYearOf } from '../rounds/academic-year.ts'
import { roundsOfInstitution } from '../rounds/summaries.ts'
import type { Context } from 'hono'
import { evidenceCsv, evidenceFileName } from './evidence-csv.ts'
import { impactOf } from './impact.ts'
import { impactMarkdown } from './statement-text.ts'
import { ImpactPage } from './views/impact-page.tsx'

/** The statement of the year asked (?year=), or of this academic year. */
async function impactAsked(c: Context<InstitutionEnv>, rounds?: Awaited<ReturnType<typeof roundsOfInstitution>>) {
  const { db, catalog, institution } = c.var
  const year = academicYear.catch(academicYearOf(c.var.now())).parse(c.req.query('year') ?? academicYearOf(c.var.now()))
  const { minCohort } = await settingsOf(db, institution.partnershipId)
  return impactOf(db, catalog, institution, year, minCohort, { rounds })
}

/**
 * The careers impact statement and the Gatsby Benchmark 1 evidence pack of an institution's
 * year (src/evidence/impact.ts), for its own staff and the partnership lead:
 *
 *   GET /institutions/:id/impact           the statement as a page, ?year=2025/26
 *   GET /institutions/:id/impact.md        ... as Markdown, for the school's website
 *   GET /institutions/:id/evidence.csv     every survey round of the year in one table
 */
export const evidencePages = new Hono<StaffEnv>()
  .get('/institutions/:id/impact', seeInstitution, async (c) => {
    const rounds = await roundsOfInstitution(c.var.db, c.var.institution.id)
    const impact = await impactAsked(c, rounds)
    const years = [...new Set([academicYearOf(c.var.now()), ...rounds.map((r) => r.year)])].sort().reverse()
    return c.html(<ImpactPage user={c.var.user} impact={impact} years={years} />)
  })
  .get('/institutions/:id/impact.md', seeInstitution, async (c) => {
    const impact = await impactAsked(c)
    return c.body(impactMarkdown(impact), 200, {
      'content-type': 'text/markdown; charset=utf-8',
      'content-disposition': `attachment; filename="${evidenceFileName(impact, 'impact-statement.md')}"`,
      'cache-control': 'no-store',
    })
  })
  .get('/institutions/:id/evidence.csv', seeInstitution, async (c) => {
    const impact = await impactAsked(c)
    return csvDownload(evidenceCsv(impact), evidenceFileName(impact, 'evidence.csv'))
  })
