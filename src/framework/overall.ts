import type { RagRating } from '../analysis/rag.ts'
import { overallMethodWords, type FrameworkCriteria } from './criteria.ts'
import { round2 } from './elements.ts'
import type { ElementResult, OverallResult, Setting } from './result-schema.ts'
import { elementShortNames, ratingOfPoints, ratingPoints } from './statements.ts'

/**
 * The overall rating of an institution for a year, from its five elements, by the method the
 * partnership chose (see criteria.ts). Points: Green 4, Amber/Green 3, Amber/Red 2, Red 1.
 */

/**
 * The rating a mean of points rounds to: 3.5 or more Green, 2.5 or more Amber/Green, 1.5 or
 * more Amber/Red, else Red. Compared in whole numbers (2 × sum against 7, 5, 3 × count), so
 * no floating-point error can move a mean that is exactly on a half.
 */
export function ratingOfMean(sum: number, count: number): RagRating {
  if (2 * sum >= 7 * count) return 'Green'
  if (2 * sum >= 5 * count) return 'Amber/Green'
  if (2 * sum >= 3 * count) return 'Amber/Red'
  return 'Red'
}

export function overallRating(elements: ElementResult[], c: FrameworkCriteria['overall']): OverallResult {
  const rated = elements.filter((e) => e.rating !== null)
  const notRated = elements.filter((e) => e.rating === null)
  const methodSetting: Setting = { key: 'overall.method', label: 'Overall method', value: overallMethodWords[c.method] }
  if (rated.length < c.minimumRated) {
    return {
      rating: null,
      provisional: false,
      method: c.method,
      ratedCount: rated.length,
      points: null,
      reason: `${rated.length} of ${elements.length} elements ${rated.length === 1 ? 'is' : 'are'} rated; an overall rating needs at least ${c.minimumRated}.${
        notRated.length ? ` Not rated: ${notRated.map((e) => elementShortNames[e.element]).join(', ')}.` : ''
      }`,
      decidedBy: {
        rule: 'Not rated: too few elements are rated',
        setting: { key: 'overall.minimumRated', label: 'Elements needed for an overall rating', value: `${c.minimumRated} of ${elements.length}` },
      },
    }
  }
  const points = rated.map((e) => ratingPoints[e.rating!])
  let rating: RagRating
  let value: number
  let how: string
  if (c.method === 'mean-of-points') {
    const sum = points.reduce((a, b) => a + b, 0)
    rating = ratingOfMean(sum, points.length)
    value = round2(sum / points.length)
    how = `The mean of the ${rated.length} rated elements’ points (Green 4, Amber/Green 3, Amber/Red 2, Red 1): (${points.join(' + ')}) ÷ ${points.length} = ${value}, which rounds to ${rating}.`
  } else if (c.method === 'lowest') {
    value = Math.min(...points)
    rating = ratingOfPoints(value as 1 | 2 | 3 | 4)
    const lowest = rated.filter((e) => ratingPoints[e.rating!] === value).map((e) => elementShortNames[e.element])
    how = `The lowest of the ${rated.length} rated elements: ${lowest.join(', ')} (${rating}).`
  } else {
    const sorted = [...points].sort((a, b) => a - b)
    value = sorted[Math.ceil(sorted.length / 2) - 1]!
    rating = ratingOfPoints(value as 1 | 2 | 3 | 4)
    how = `The middle of the ${rated.length} rated elements, from lowest to highest (${sorted.map((p) => ratingOfPoints(p as 1 | 2 | 3 | 4)).join(', ')})${
      sorted.length % 2 === 0 ? ', taking the lower of the two middle ones' : ''
    }: ${rating}.`
  }
  const provisionalElements = rated.filter((e) => e.provisional)
  const provisional = notRated.length > 0 || provisionalElements.length > 0
  const notes = [
    notRated.length ? `Provisional: not rated this year: ${notRated.map((e) => elementShortNames[e.element]).join(', ')}.` : '',
    provisionalElements.length ? `Provisional: the ${provisionalElements.map((e) => elementShortNames[e.element]).join(', ')} rating is provisional.` : '',
  ].filter(Boolean)
  return {
    rating,
    provisional,
    method: c.method,
    ratedCount: rated.length,
    points: value,
    reason: [how, ...notes].join(' '),
    decidedBy: { rule: 'The rated elements combined by the partnership’s method (points: Green 4, Amber/Green 3, Amber/Red 2, Red 1)', setting: methodSetting },
  }
}
