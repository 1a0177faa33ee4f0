import { figureNotes, type Counts, type FigureStatus, type Figures } from './report-schema.ts'
import { round4, wilsonInterval } from './statistics.ts'

export const emptyCounts = (): Counts => ({ n: 0, positive: 0, neutral: 0, negative: 0, dontKnow: 0 })

/**
 * Counts as tallied. No sum of scale points is kept: the report gives no mean on the 1–5
 * scale, which from a group padded with known answers would give back a student's exact
 * answer ("strongly agree" rather than "agree"); the framework asks for scores.
 */
export type Tally = { counts: Counts }
export const emptyTally = (): Tally => ({ counts: emptyCounts() })

/** Adds a GROUP BY row (scale point 1-5, or null for don't know) to running counts. */
export function addToCounts(counts: Counts, scale: number | null, count: number): void {
  if (scale === null) counts.dontKnow += count
  else {
    counts.n += count
    if (scale >= 4) counts.positive += count
    else if (scale === 3) counts.neutral += count
    else counts.negative += count
  }
}

/** Adds one tally into another (an area pools its questions). */
export function addTally(into: Tally, t: Tally): void {
  for (const k of ['n', 'positive', 'neutral', 'negative', 'dontKnow'] as const) into.counts[k] += t.counts[k]
}

/**
 * Whether counts make a figure that may be shown. The minimum cohort counts the answers the
 * score is made of, those on the scale: 4 on-scale answers and 11 "Don't know" are too few.
 */
export function statusOf(counts: Counts, minCohort: number): FigureStatus {
  if (counts.n >= minCohort) return 'shown'
  if (counts.n === 0 && counts.dontKnow === 0) return 'no-answers'
  // everyone answered "Don't know": said only when that is itself at least a cohort
  if (counts.n === 0 && counts.dontKnow >= minCohort) return 'only-dont-know'
  return 'too-few-answers'
}

/** Score, interval and shares from counts that may be shown. */
function shownFigures(counts: Counts, status: FigureStatus): Figures {
  const answered = counts.n + counts.dontKnow
  return {
    ...counts,
    score: counts.n ? round4(counts.positive / counts.n) : null,
    ci: counts.n ? (wilsonInterval(counts.positive, counts.n)!.map(round4) as [number, number]) : null,
    shares: answered
      ? {
          positive: round4(counts.positive / answered),
          neutral: round4(counts.neutral / answered),
          negative: round4(counts.negative / answered),
          dontKnow: round4(counts.dontKnow / answered),
        }
      : null,
    status,
    note: figureNotes[status],
  }
}

/** Nothing shown: every figure null (never 0, so hidden cannot be read as "nobody answered"). */
export function hiddenFigures(): Figures {
  return {
    n: null,
    positive: null,
    neutral: null,
    negative: null,
    dontKnow: null,
    score: null,
    ci: null,
    shares: null,
    status: 'too-few-answers',
    note: figureNotes['too-few-answers'],
  }
}

/** The figures of a tally as the report shows them under the minimum cohort. */
export function figuresOf(tally: Tally | undefined, minCohort: number): Figures {
  const t = tally ?? emptyTally()
  const status = statusOf(t.counts, minCohort)
  return status === 'too-few-answers' ? hiddenFigures() : shownFigures(t.counts, status)
}
