/** What the ranking needs to know of one scored question: its counts, never a rounded share. */
export type Rankable = {
  key: string
  /** Position in the survey, for the last tie-break. */
  order: number
  priority: boolean
  /** Whether the question has a figure to rank: at least the minimum cohort of on-scale answers. */
  shown: boolean
  /** Answers on the five-point scale ("Don't know" left out). */
  n: number
  positive: number
  negative: number
}

/**
 * a/b against c/d for counts (b, d > 0), exactly: a×d against c×b in BigInt, so that no
 * rounding (of a share to four places, or of a product past 2^53) can make two different
 * shares equal or two equal shares different. Negative when a/b is the smaller.
 */
export function compareFractions(a: number, b: number, c: number, d: number): number {
  const left = BigInt(a) * BigInt(d)
  const right = BigInt(c) * BigInt(b)
  return left < right ? -1 : left > right ? 1 : 0
}

/** Whether a question takes part in the ranking: a priority question with a figure. */
export const isRanked = (q: Rankable) => q.priority && q.shown && q.n > 0

/**
 * The priority areas, most urgent first: the lowest score (positive / n); on an exact tie,
 * the larger share of negative answers (negative / n); then the survey's own order. Scores
 * and shares are compared as exact fractions. Questions that cannot be a priority, or have
 * no figure (too few on-scale answers, or only "Don't know"), are left out.
 */
export function rankPriorities<T extends Rankable>(questions: readonly T[]): T[] {
  return questions
    .filter(isRanked)
    .sort((a, b) => compareFractions(a.positive, a.n, b.positive, b.n) || compareFractions(b.negative, b.n, a.negative, a.n) || a.order - b.order)
}

/** The top three priority areas' keys. */
export const topThreeOf = (questions: readonly Rankable[]) =>
  rankPriorities(questions)
    .slice(0, 3)
    .map((q) => q.key)
