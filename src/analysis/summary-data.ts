import { asc, eq } from 'drizzle-orm'
import type { Db } from '../db/database.ts'
import { institutions } from '../db/schema.ts'
import { minOtherInstitutions } from '../framework/elements.ts'
import { publishable, publishedFor, youSaidWeDid } from '../framework/you-said.ts'
import { findRound } from '../rounds/rounds.ts'
import type { SurveyCatalog } from '../surveys/load.ts'
import { actionPlanOf } from './queries.ts'
import { buildReport } from './report.ts'
import type { Report } from './report-schema.ts'
import { summariesPdf, type PartnershipFigure, type SummaryInput } from './summary-pdf.ts'

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/**
 * Each top-three question's partnership median: the middle of the scores the partnership's
 * institutions show for it this year (each institution's own suppression applied: a hidden
 * score is not counted), this institution's included. Shown only where at least
 * `minOtherInstitutions` (3) other institutions show a score, as the framework's city average
 * is (framework/elements.ts): with fewer, the median would give another's score away. Never
 * names an institution. The same rule for every reader, the lead too: the summary is handed on.
 */
export function partnershipFigures(own: Report, partnership: Report[]): Record<string, PartnershipFigure> {
  const figures: Record<string, PartnershipFigure> = {}
  for (const key of own.topThree) {
    const scoreOf = (r: Report) => {
      const q = r.questions.find((x) => x.key === key)
      return q && q.status === 'shown' && !q.suppressed ? q.score : null
    }
    const others = partnership.filter((r) => r.institution.id !== own.institution.id).flatMap((r) => (scoreOf(r) === null ? [] : [scoreOf(r)!]))
    const mine = scoreOf(own)
    const all = mine === null ? others : [...others, mine]
    figures[key] =
      others.length >= minOtherInstitutions ? { shown: true, median: median(all), institutions: all.length } : { shown: false, minOthers: minOtherInstitutions }
  }
  return figures
}

/** The report of `surveyId` in `year` of every institution of the partnership that has that round, in name order. */
async function partnershipReports(db: Db, catalog: SurveyCatalog, partnershipId: number, surveyId: string, year: string, except?: Report): Promise<Report[]> {
  const list = await db.select({ id: institutions.id }).from(institutions).where(eq(institutions.partnershipId, partnershipId)).orderBy(asc(institutions.name))
  const reports: Report[] = []
  for (const inst of list) {
    if (inst.id === except?.institution.id) {
      reports.push(except)
      continue
    }
    if (!(await findRound(db, inst.id, surveyId, year))) continue
    reports.push(await buildReport(db, catalog, { institutionId: inst.id, surveyId, year }))
  }
  return reports
}

/**
 * What a governors' summary shows besides the report: the round's action plan, its "You said,
 * we did" (what was published about this round, once it may be: the round has at least the
 * minimum cohort, as the you-said page requires; and what was published about last year's round,
 * which this year's respondents were shown), and the partnership comparison. `partnership`: the
 * partnership's reports of the same survey and year, when they are already built.
 */
export async function summaryInputOf(db: Db, catalog: SurveyCatalog, report: Report, partnership?: Report[]): Promise<SummaryInput> {
  const [inst] = await db.select({ partnershipId: institutions.partnershipId }).from(institutions).where(eq(institutions.id, report.institution.id))
  const reports = partnership ?? (inst ? await partnershipReports(db, catalog, inst.partnershipId, report.survey.id, report.year, report) : [])
  const comparison = partnershipFigures(report, reports)
  const round = await findRound(db, report.institution.id, report.survey.id, report.year)
  if (!round) return { report, actionPlan: null, youSaid: { thisRound: [], lastYear: [] }, comparison }
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
  for (const report of reports) inputs.push(await summaryInputOf(db, catalog, report, reports))
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
