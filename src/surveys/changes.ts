import { questionsOf, scoredQuestions, type Question, type Survey } from './schema.ts'

/** A question's wording as compared across versions: case, spacing and end punctuation aside. */
const wording = (text: string) =>
  text
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[\s.?!:;,]+$/, '')
    .trim()

const optionValues = (q: Question) => (q.kind === 'single' || q.kind === 'multiple' ? q.options.map((o) => o.value).join(',') : '')

/**
 * What an edited survey file would change about the questions a stored version asked, in plain
 * words: a key that now asks something else (new wording not listed in `earlierWordings`, another
 * area, kind or set of options) and a scored key dropped while a new one is added with nothing
 * saying it `replaces` it. Year-on-year figures follow keys, so each of these would quietly
 * compare different questions, or stop comparing the same one.
 */
export function meaningChanges(before: Survey, after: Survey): string[] {
  const now = new Map(questionsOf(after).map((q) => [q.key, q]))
  const warnings: string[] = []
  for (const old of questionsOf(before)) {
    const q = now.get(old.key)
    if (!q) continue
    const reworded = wording(q.text) !== wording(old.text) && !(q.earlierWordings ?? []).some((w) => wording(w) === wording(old.text))
    const moved = old.kind === 'agreement' && q.kind === 'agreement' && old.area !== q.area
    const rekinded = old.kind !== q.kind || optionValues(old) !== optionValues(q)
    if (reworded)
      warnings.push(
        `"${q.key}" now reads “${q.text}” but was asked as “${old.text}”: if it means the same, list the old wording under earlierWordings; if not, give it a new key (with replaces: ${q.key} only if the years should still be compared)`,
      )
    if (moved)
      warnings.push(
        `"${q.key}" moves from area ${(old as { area: string }).area} to ${(q as { area: string }).area}: its past years count towards the old area`,
      )
    if (rekinded)
      warnings.push(`"${q.key}" changes its kind or options: answers given before would be read as answers to a different question; give it a new key`)
  }
  const replaced = new Set(scoredQuestions(after).flatMap((q) => (q.replaces ? [q.replaces] : [])))
  const dropped = scoredQuestions(before).filter((q) => !now.has(q.key) && !replaced.has(q.key))
  const added = scoredQuestions(after).filter((q) => !q.replaces && !scoredQuestions(before).some((o) => o.key === q.key))
  if (dropped.length > 0 && added.length > 0)
    warnings.push(
      `${dropped.map((q) => `"${q.key}"`).join(', ')} ${dropped.length === 1 ? 'is' : 'are'} no longer asked and ${added.map((q) => `"${q.key}"`).join(', ')} ${added.length === 1 ? 'is' : 'are'} new: if a new question asks what an old one did, say so with replaces: <old key>, or its years will not be compared`,
    )
  return warnings
}
