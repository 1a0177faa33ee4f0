import type { Counts, Figures } from './report-schema.ts'
import { round4, wilsonInterval } from './statistics.ts'

export const emptyCounts = (): Counts => ({ n: 0, positive: 0, neutral: 0, negative: 0, dontKnow: 0 })

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

/** Score, mean, interval and shares from counts; `sum` is the sum of scale points. */
export function figures(counts: Counts, sum: number): Figures {
  const answered = counts.n + counts.dontKnow
  return {
    ...counts,
    score: counts.n ? round4(counts.positive / counts.n) : null,
    mean: counts.n ? Math.round((sum / counts.n) * 100) / 100 : null,
    ci: counts.n ? (wilsonInterval(counts.positive, counts.n)!.map(round4) as [number, number]) : null,
    shares: answered
      ? {
          positive: round4(counts.positive / answered),
          neutral: round4(counts.neutral / answered),
          negative: round4(counts.negative / answered),
          dontKnow: round4(counts.dontKnow / answered),
        }
      : null,
  }
}

/** The same figures with nothing shown: for a group below the minimum cohort. */
export function hiddenFigures(): Figures {
  return { ...emptyCounts(), score: null, mean: null, ci: null, shares: null }
}
