/**
 * The response count staff may see of a round. Once the round is closed, the exact count. While
 * it is open, the count rounded down to a multiple of the minimum cohort: someone watching the
 * count cannot tell when one particular person answered (the count moves in steps that the
 * minimum cohort protects).
 */
export function visibleCount(respondents: number, status: string, minCohort: number): { count: number; exact: boolean } {
  if (status !== 'open') return { count: respondents, exact: true }
  return { count: Math.floor(respondents / minCohort) * minCohort, exact: false }
}

/** "93", or "at least 70" (fewer than 5: "fewer than 5") while the round is open. */
export function countWords({ count, exact }: { count: number; exact: boolean }, minCohort: number): string {
  if (exact) return String(count)
  return count === 0 ? `fewer than ${minCohort}` : `at least ${count}`
}
