import { buildReport } from '../analysis/report.ts'
import type { Report } from '../analysis/report-schema.ts'
import type { Db } from '../db/database.ts'
import { previousYear } from '../rounds/academic-year.ts'
import type { SurveyCatalog } from '../surveys/load.ts'
import type { CriteriaSource, FrameworkCriteria } from './criteria.ts'
import { cityAverageFor, rateDestination, rateQualityAward, rateStaffing, rateSurvey, rateY11, round2 } from './elements.ts'
import { overallRating, ratingOfMean } from './overall.ts'
import {
  cityFigures,
  criteriaOf,
  entriesOf,
  entryOrEmpty,
  institutionsOf,
  studentRoundsOf,
  type CityFigures,
  type InstitutionRow,
  type StoredEntry,
} from './queries.ts'
import type { Change, CityAverage, CityElement, InstitutionYear, PartnershipYear } from './result-schema.ts'
import { elementIds, ratingPoints } from './statements.ts'
import type { RagRating } from '../analysis/rag.ts'

/**
 * The framework worked out for a year: every element of every institution (or of one), its
 * overall rating, and across the partnership the city averages and the distance travelled
 * since the previous year. Each year is rated by that year's own criteria.
 */

export type RatedYear = {
  year: string
  criteria: FrameworkCriteria
  source: CriteriaSource
  rows: InstitutionYear[]
  /** Each institution's student-survey report of the year (null: no student round). */
  reports: Map<number, Report | null>
  entries: Map<number, StoredEntry>
  city: CityFigures
}

/** The Y11 city average in force: the one entered for the year, else the mean of the institutions' shares. */
export function y11CityAverage(criteria: FrameworkCriteria, city: CityFigures): CityAverage {
  if (criteria.y11.cityAverage !== null) return { value: criteria.y11.cityAverage, source: 'entered', institutions: city.y11Eet.institutions, withheld: false }
  return { value: city.y11Eet.mean === null ? null : round2(city.y11Eet.mean), source: 'computed', institutions: city.y11Eet.institutions, withheld: false }
}

/**
 * Who a result is for: `partnership`, the lead, who sees every institution's figures and so
 * every average; `institution`, the institution's own coordinator or viewer, who sees a city
 * average only where it cannot give another institution's figure away (see `cityAverageFor`).
 */
export type Audience = 'partnership' | 'institution'

export function rateInstitution(
  institution: Pick<InstitutionRow, 'id' | 'slug' | 'name'>,
  year: string,
  entry: StoredEntry,
  cityAverage: CityAverage,
  criteria: FrameworkCriteria,
  report: Report | null,
  audience: Audience,
): InstitutionYear {
  const city = audience === 'partnership' ? cityAverage : cityAverageFor(cityAverage, entry.y11Eet)
  const elements = [
    rateDestination({ ks4: entry.destinationKs4, post16: entry.destinationPost16 }, criteria.destination),
    rateY11(entry.y11Eet, city, criteria.y11),
    rateQualityAward(entry.qualityAward),
    rateStaffing(entry.staffing),
    rateSurvey(report, year),
  ]
  const { actions: _actions, updatedAt: _updatedAt, ...figures } = entry
  return {
    institution: { id: institution.id, slug: institution.slug, name: institution.name },
    year,
    entry: figures,
    // a withheld average was used for the rating only: it leaves here without its value
    y11CityAverage: city.withheld ? { ...city, value: null } : city,
    elements,
    overall: overallRating(elements, criteria.overall),
  }
}

/**
 * Rates a partnership's institutions for one year, for the lead; or, with `one`, a single
 * institution for the audience given (its own staff see no city average that rests on fewer
 * than 3 other institutions).
 */
export async function rateYear(
  db: Db,
  catalog: SurveyCatalog,
  partnershipId: number,
  year: string,
  one?: { institutionId: number; audience: Audience },
): Promise<RatedYear> {
  const only = one ? [one.institutionId] : undefined
  const audience = one?.audience ?? 'partnership'
  const studentSurveys = [...catalog.values()].filter((s) => s.audience === 'student').map((s) => s.id)
  const [all, { criteria, source }, entries, city, rounds] = await Promise.all([
    institutionsOf(db, partnershipId),
    criteriaOf(db, partnershipId, year),
    entriesOf(db, partnershipId, year),
    cityFigures(db, partnershipId, year),
    studentRoundsOf(db, partnershipId, [year], studentSurveys),
  ])
  const institutions = only ? all.filter((i) => only.includes(i.id)) : all
  const cityAverage = y11CityAverage(criteria, city)
  const reports = new Map<number, Report | null>()
  const rows = await Promise.all(
    institutions.map(async (inst) => {
      const round = rounds.get(`${inst.id}\u0000${year}`)
      const report = round ? await buildReport(db, catalog, { institutionId: inst.id, surveyId: round.surveyId, year }) : null
      reports.set(inst.id, report)
      return rateInstitution(inst, year, entryOrEmpty(entries, inst.id), cityAverage, criteria, report, audience)
    }),
  )
  return { year, criteria, source, rows, reports, entries, city }
}

/** Improved, held or fell, from one year's rating to the next; null when either is not rated. */
export function changeBetween(now: RagRating | null, before: RagRating | null): Change | null {
  if (!now || !before) return null
  const d = ratingPoints[now] - ratingPoints[before]
  return d > 0 ? 'improved' : d < 0 ? 'fell' : 'held'
}

function cityElement(element: CityElement['element'], rows: PartnershipYear['rows'], city: CityFigures): CityElement {
  const ratingOf = (r: InstitutionYear) => (element === 'overall' ? r.overall.rating : r.elements.find((e) => e.element === element)!.rating)
  const counts = { Green: 0, 'Amber/Green': 0, 'Amber/Red': 0, Red: 0, notRated: 0 }
  const distance = { improved: 0, held: 0, fell: 0, notComparable: 0 }
  let sum = 0
  let n = 0
  for (const row of rows) {
    const rating = ratingOf(row.current)
    if (rating) {
      counts[rating]++
      sum += ratingPoints[rating]
      n++
    } else counts.notRated++
    const change = changeBetween(rating, ratingOf(row.previous))
    if (change) distance[change]++
    else distance.notComparable++
  }
  const figure = (label: string, f: { mean: number | null; institutions: number }) => ({
    label,
    mean: f.mean === null ? null : round2(f.mean),
    institutions: f.institutions,
  })
  const figures =
    element === 'destination'
      ? [figure('KS4', city.destinationKs4), figure('post-16', city.destinationPost16)]
      : element === 'y11'
        ? [figure('Year 11 EET', city.y11Eet)]
        : []
  return { element, counts, meanPoints: n ? round2(sum / n) : null, meanRating: n ? ratingOfMean(sum, n) : null, figures, distance }
}

const sourceWords = (s: CriteriaSource) =>
  s.kind === 'saved' ? `saved for ${s.year}` : s.kind === 'inherited' ? `carried over from ${s.year}` : 'the defaults (nothing saved yet)'

/** The partnership's year: the matrix of institutions by elements, city averages, distance travelled. */
export async function partnershipFramework(
  db: Db,
  catalog: SurveyCatalog,
  partnership: { id: number; slug: string; name: string },
  year: string,
): Promise<PartnershipYear & { cityY11: CityAverage }> {
  const before = previousYear(year)
  const [now, then] = await Promise.all([rateYear(db, catalog, partnership.id, year), rateYear(db, catalog, partnership.id, before)])
  const rows = now.rows.map((current) => {
    const previous = then.rows.find((r) => r.institution.id === current.institution.id)!
    return { current, previous, change: changeBetween(current.overall.rating, previous.overall.rating) }
  })
  return {
    partnership,
    year,
    previousYear: before,
    criteria: now.criteria,
    criteriaSource: sourceWords(now.source),
    rows,
    city: [...elementIds, 'overall' as const].map((e) => cityElement(e, rows, now.city)),
    cityY11: y11CityAverage(now.criteria, now.city),
  }
}

export { sourceWords as criteriaSourceWords }
