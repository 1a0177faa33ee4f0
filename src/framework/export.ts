import type { RagRating } from '../analysis/rag.ts'
import { toCsv, type Cell } from '../http/csv.ts'
import { entryColumns, entryFields } from './entered-figures.ts'
import type { ElementResult, OverallResult, PartnershipYear } from './result-schema.ts'
import { elementIds, elementShortNames } from './statements.ts'

/**
 * The partnership's framework year as CSV: one row per institution, then one row of city
 * averages, written with `toCsv`, so a spreadsheet never runs an
 * institution's name or a reason as a formula. Ratings are words ("Amber/Green", with
 * " (provisional)" where so; "Not rated" with why).
 */

const notRatedWords: Record<ElementResult['status'], string> = {
  rated: 'Not rated',
  'not-entered': 'Not rated (not entered)',
  'criteria-not-set': 'Not rated (criteria not set)',
  'no-round': 'Not rated (no survey round)',
  baseline: 'Not rated (baseline year)',
  'too-small': 'Not rated (too small)',
}

export function elementWords(e: Pick<ElementResult, 'rating' | 'provisional' | 'status'>): string {
  if (!e.rating) return notRatedWords[e.status]
  return e.provisional ? `${e.rating} (provisional)` : e.rating
}

export function overallWords(o: Pick<OverallResult, 'rating' | 'provisional'>): string {
  if (!o.rating) return 'Not rated'
  return o.provisional ? `${o.rating} (provisional)` : o.rating
}

const slugOf = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '_')

/** "rule; setting label: value" (or "fixed by the framework"). */
export function decidedWords(d: ElementResult['decidedBy']): string {
  return `${d.rule}; ${d.setting ? `${d.setting.label}: ${d.setting.value} (${d.setting.key})` : 'fixed by the framework'}`
}

export function frameworkCsvColumns(year: PartnershipYear): string[] {
  return [
    'institution',
    'slug',
    'year',
    ...elementIds.map((e) => `${slugOf(elementShortNames[e])}_rating`),
    'overall_rating',
    'overall_method',
    `overall_rating_${year.previousYear.replace('/', '_')}`,
    'change_since_last_year',
    ...entryFields.map((f) => entryColumns[f]),
    'y11_city_average',
    ...elementIds.map((e) => `${slugOf(elementShortNames[e])}_reason`),
    'overall_reason',
    ...elementIds.map((e) => `${slugOf(elementShortNames[e])}_decided_by`),
    'overall_decided_by',
  ]
}

export function frameworkCsv(year: PartnershipYear): string {
  const rows: Cell[][] = year.rows.map(({ current, previous, change }) => [
    current.institution.name,
    current.institution.slug,
    year.year,
    ...current.elements.map(elementWords),
    overallWords(current.overall),
    current.overall.method,
    overallWords(previous.overall),
    change ?? 'not comparable',
    ...entryFields.map((f) => current.entry[f]),
    current.y11CityAverage.value,
    ...current.elements.map((e) => e.reason),
    current.overall.reason,
    ...current.elements.map((e) => decidedWords(e.decidedBy)),
    decidedWords(current.overall.decidedBy),
  ])
  const cityRating = (r: RagRating | null) => (r ? `${r} (mean of points)` : 'Not rated')
  const city = new Map(year.city.map((c) => [c.element, c]))
  const figure = (label: string, element: 'destination' | 'y11') => city.get(element)!.figures.find((f) => f.label === label)?.mean ?? null
  rows.push([
    'City average (all institutions)',
    '',
    year.year,
    ...elementIds.map((e) => cityRating(city.get(e)!.meanRating)),
    cityRating(city.get('overall')!.meanRating),
    '',
    '',
    '',
    figure('KS4', 'destination'),
    figure('post-16', 'destination'),
    figure('Year 11 EET', 'y11'),
    '',
    '',
    year.rows[0]?.current.y11CityAverage.value ?? null,
    ...elementIds.map(() => ''),
    '',
    ...elementIds.map(() => ''),
    '',
  ])
  return toCsv(frameworkCsvColumns(year), rows)
}
