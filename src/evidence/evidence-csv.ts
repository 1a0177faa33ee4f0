import { toCsv } from '../http/csv.ts'
import type { Impact } from './impact.ts'
import { priorityWords, ratingWords, whenWords } from './statement-text.ts'

/**
 * The evidence pack for Gatsby Benchmark 1 as one table: every survey round of the year, with
 * whom it asked, when, how many answered and the response rate, the top three, the rating,
 * next year's actions and "You said, we did". From `impactOf`, so suppressed as the report is.
 */
export function evidenceCsv(impact: Impact): string {
  return toCsv(
    [
      'Institution',
      'Academic year',
      'Survey',
      'Who answered',
      'When',
      'Status',
      'Responses',
      'Response rate',
      'Top three priority areas',
      'Rating',
      'Actions for next year',
      'You said, we did',
    ],
    impact.rounds.map((r) => [
      impact.institution.name,
      impact.year,
      r.title,
      r.people,
      whenWords(r),
      r.status === 'open' ? 'open' : r.source === 'imported' ? 'imported' : 'closed',
      r.status === 'open' ? null : r.respondents,
      r.responseRate,
      r.topThree.map(priorityWords).join('; '),
      r.rating ? ratingWords(r.rating) : null,
      r.actions.map((a) => `“${a.text}”: ${a.action}`).join('; '),
      r.youSaid.map((y) => `“${y.text}”: ${y.weDid}`).join('; '),
    ]),
  )
}

/** `northfield-academy-2025-26-evidence.csv`, as the other downloads are named. */
export const evidenceFileName = (impact: Impact, kind: 'evidence.csv' | 'impact-statement.md') =>
  `${impact.institution.slug}-${impact.year.replace('/', '-')}-${kind}`
