import { asc, eq } from 'drizzle-orm'
import type { Db } from '../db/database.ts'
import { institutions } from '../db/schema.ts'
import { publishable, publishedFor, youSaidWeDid } from '../framework/you-said.ts'
import { findRound } from '../rounds/rounds.ts'
import type { SurveyCatalog } from '../surveys/load.ts'
import { partnershipMedians } from './comparison.ts'
import { actionPlanOf } from './queries.ts'
import { buildReport } from './report.ts'
import type { Report } from './report-schema.ts'
import { summariesPdf, type SummaryInput } from './summary-pdf.ts'
import { impactOf } from '../evidence/impact.ts'

/** The report of `surveyId` in `year` of every institution of the partnership that has that round, in name order. */
async function partnershipReports(db: Db, catalog: SurveyCatalog, partnershipId: number, surveyId: string, year: string): Promise<Report[]> {
  const list = await db.select({ id: institutions.id }).from(institutions).where(eq(institutions.partnershipId, partnershipId)).orderBy(asc(institutions.name))
  const reports: Report[] = []
  for (const inst of list) {
    if (!(await findRound(db, inst.id, surveyId, year))) continue
    reports.push(await buildReport(db, catalog, { institutionId: inst.id, surveyId, year }))
  }
  return reports
}

/**
 * What a governors' summary shows besides the report: the round's action plan, its "You said,
 * we did" (what was published about this round, once it may be: the round has at least the
 * minimum cohort, as the you-said page requires; and what was published about last year's round,
 * which this year's respondents were shown), and each top-three score's partnership median, as
 * the report page shows it (`partnershipMedians`: only where at least 3 other institutions show a
 * score, each with its own suppression; no institution named), and the institution's Benchmark 1
 * evidence pack of the year (`impactOf`: every survey round, each through its own report).
 */
export async function summaryInputOf(db: Db, catalog: SurveyCatalog, report: Report): Promise<SummaryInput> {
  const [inst] = await db.select({ partnershipId: institutions.partnershipId }).from(institutions).where(eq(institutions.id, report.institution.id))
  const evidence = inst
    ? await impactOf(db, catalog, { ...report.institution, partnershipId: inst.partnershipId }, report.year, report.settings.minCohort, { reports: [report] })
    : undefined
  // the report page's comparison, by the same rule (analysis/comparison.ts)
  const comparison = inst
    ? await partnershipMedians(
        db,
        {
          partnershipId: inst.partnershipId,
          institutionId: report.institution.id,
          surveyId: report.survey.id,
          year: report.year,
          minCohort: report.settings.minCohort,
        },
        report.topThree,
      )
    : {}
  const round = await findRound(db, report.institution.id, report.survey.id, report.year)
  if (!round) return { report, actionPlan: null, youSaid: { thisRound: [], lastYear: [] }, comparison, evidence }
  const [plan, size, published, lastYear] = await Promise.all([
    actionPlanOf(db, round.id),
    publishable(db, round.id),
    publishedFor(db, round.id),
    youSaidWeDid(db, round.id),
  ])
  return {
    report,
    actionPlan: plan ? { keys: plan.keys, actions: plan.actions } : null,
    youSaid: { thisRound: size.ok && published ? published.items : [], lastYear },
    comparison,
    evidence,
  }
}

/**
 * The partnership lead's pack: the summary of every institution of the partnership that has a
 * round of `surveyId` in `year`, in name order, in one PDF (the fonts embedded once).
 */
export async function partnershipPackPdf(
  db: Db,
  catalog: SurveyCatalog,
  partnership: { id: number; name: string },
  surveyId: string,
  year: string,
  now: Date,
): Promise<{ bytes: Uint8Array; institutions: number }> {
  const reports = await partnershipReports(db, catalog, partnership.id, surveyId, year)
  const inputs: SummaryInput[] = []
  for (const report of reports) inputs.push(await summaryInputOf(db, catalog, report))
  const survey = catalog.get(surveyId)
  const title = `${partnership.name}: governors’ summaries, ${survey?.title ?? surveyId} ${year}`
  return { bytes: await summariesPdf(title, inputs, now), institutions: inputs.length }
}

/** A PDF as a download. */
export function pdfDownload(bytes: Uint8Array, filename: string): Response {
  return new Response(bytes as unknown as BodyInit, {
    headers: { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${filename}"`, 'cache-control': 'no-store' },
  })
}
