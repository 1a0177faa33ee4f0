/**
 * Small-group suppression. A group below the minimum cohort shows no figure; and where a
 * total is shown, hiding a single group is not enough (it could be worked out as the total
 * minus the other groups), so the next smallest group is hidden with it.
 *
 * `alreadyHidden` are groups hidden for another reason (a whole group below the cohort when
 * this call is about one question's answers within the groups).
 */
export function suppressedGroups(sizes: ReadonlyMap<string, number>, minCohort: number, alreadyHidden: ReadonlySet<string> = new Set()): Set<string> {
  const hidden = new Set<string>([...alreadyHidden].filter((g) => (sizes.get(g) ?? 0) > 0))
  for (const [group, size] of sizes) if (size > 0 && size < minCohort) hidden.add(group)
  const shown = [...sizes].filter(([g, size]) => size > 0 && !hidden.has(g))
  if (hidden.size === 1 && shown.length > 0) {
    // complementary suppression: the smallest visible group goes too
    hidden.add(shown.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))[0]![0])
  }
  for (const g of alreadyHidden) hidden.add(g)
  return hidden
}
