/** z for a two-sided 95% interval. */
const z95 = 1.959963984540054

/** The 95% Wilson score interval of a proportion k/n; null when n is 0. */
export function wilsonInterval(k: number, n: number, z = z95): [number, number] | null {
  if (n <= 0) return null
  const p = k / n
  const z2 = z * z
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n)
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n)
  return [Math.max(0, centre - half), Math.min(1, centre + half)]
}

/** A share as counts: `positive` of `n` on-scale answers. */
export type Proportion = { positive: number; n: number }

/**
 * The 95% interval of the difference of two independent proportions, a − b, by Newcombe's
 * hybrid score method (Newcombe 1998, method 10): built from the two Wilson intervals,
 *
 *   lower = d − √((pa − la)² + (ub − pb)²),   upper = d + √((ua − pa)² + (pb − lb)²)
 *
 * where d = pa − pb and (la, ua), (lb, ub) are the Wilson intervals of a and b. Unlike the
 * normal approximation it stays inside [−1, 1] and behaves near 0% and 100% and for small
 * groups. Null when either has no answers.
 */
export function differenceInterval(a: Proportion, b: Proportion): [number, number] | null {
  const wa = wilsonInterval(a.positive, a.n)
  const wb = wilsonInterval(b.positive, b.n)
  if (!wa || !wb) return null
  const pa = a.positive / a.n
  const pb = b.positive / b.n
  const d = pa - pb
  return [d - Math.hypot(pa - wa[0], wb[1] - pb), d + Math.hypot(wa[1] - pa, pb - wb[0])]
}

/**
 * "Within sampling error": the 95% interval of the difference (Newcombe's hybrid score
 * interval, above) includes no difference at all, so the two shares may differ only because
 * of who happened to answer. Used for the change on last year and for the student–parent gap.
 * True when either side has no answers (nothing can be told apart).
 */
export function withinSamplingError(a: Proportion, b: Proportion): boolean {
  const ci = differenceInterval(a, b)
  return !ci || (ci[0] <= 0 && 0 <= ci[1])
}

/** Two intervals overlap (share at least one point). */
export function overlaps(a: [number, number] | null, b: [number, number] | null): boolean {
  return !!a && !!b && a[0] <= b[1] && b[0] <= a[1]
}

export const round4 = (x: number) => Math.round(x * 10000) / 10000
