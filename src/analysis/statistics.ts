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

/**
 * Whether the difference between two proportions lies within sampling error: inside the 95%
 * interval of a difference of two independent proportions (normal approximation).
 */
export function withinSamplingError(p1: number, n1: number, p2: number, n2: number): boolean {
  if (n1 <= 0 || n2 <= 0) return true
  const se = Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2)
  return Math.abs(p1 - p2) <= z95 * se
}

/** Two intervals overlap: the ranking between them is not statistically clear. */
export function overlaps(a: [number, number] | null, b: [number, number] | null): boolean {
  return !!a && !!b && a[0] <= b[1] && b[0] <= a[1]
}

export const round4 = (x: number) => Math.round(x * 10000) / 10000
