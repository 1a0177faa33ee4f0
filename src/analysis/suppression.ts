/**
 * Small-group suppression. A group below the minimum cohort shows no figure; and where a
 * total is shown, hiding the small groups is not enough: what is hidden can be worked out as
 * the total minus the shown groups. So while exactly one group is hidden, or the hidden groups
 * together are fewer than the minimum cohort, the smallest shown group is hidden with them.
 *
 * `alreadyHidden` are groups hidden for another reason (a whole group below the cohort when
 * this call is about one question's answers within the groups).
 */
export function suppressedGroups(sizes: ReadonlyMap<string, number>, minCohort: number, alreadyHidden: ReadonlySet<string> = new Set()): Set<string> {
  const hidden = new Set<string>([...alreadyHidden].filter((g) => (sizes.get(g) ?? 0) > 0))
  for (const [group, size] of sizes) if (size > 0 && size < minCohort) hidden.add(group)
  // complementary suppression: the smallest visible groups go too
  const shown = [...sizes].filter(([g, size]) => size > 0 && !hidden.has(g)).sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
  const hiddenTotal = () => [...hidden].reduce((sum, g) => sum + (sizes.get(g) ?? 0), 0)
  while (shown.length > 0 && (hidden.size === 1 || (hidden.size > 1 && hiddenTotal() < minCohort))) hidden.add(shown.shift()![0])
  for (const g of alreadyHidden) hidden.add(g)
  return hidden
}
