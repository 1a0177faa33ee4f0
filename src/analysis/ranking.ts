/** What the ranking needs to know of one scored question. */
export type Rankable = {
  key: string
  /** Position in the survey, for the last tie-break. */
  order: number
  priority: boolean
  /** Share of positive answers among those on the scale; null when there is no figure. */
  score: number | null
  /** Share of negative answers among those on the scale. */
  negativeShare: number
}

/**
 * The priority areas, most urgent first: the lowest score; on a tie, the larger share of
 * negative answers; then the survey's own order. Questions that cannot be a priority, or
 * have no figure, are left out.
 */
export function rankPriorities<T extends Rankable>(questions: readonly T[]): T[] {
  return questions
    .filter((q) => q.priority && q.score !== null)
    .sort((a, b) => a.score! - b.score! || b.negativeShare - a.negativeShare || a.order - b.order)
}

/** The top three priority areas' keys. */
export const topThreeOf = (questions: readonly Rankable[]) => rankPriorities(questions).slice(0, 3).map((q) => q.key)
