import type { Survey } from './schema.ts'

/**
 * A plain-language check of English survey wording: the Flesch–Kincaid grade level,
 * counted with a small syllable heuristic (no dictionary, no dependency).
 *
 *   grade = 0.39 × (words ÷ sentences) + 11.8 × (syllables ÷ words) − 15.59
 *
 * The grade is a US school grade: add 5 for a reading age, add 1 for the English school
 * year (US grade 7 is Year 8, reading age 12 to 13). Short texts can score below 0.
 */

/** Plain-language targets for the shipped surveys (Flesch–Kincaid grade, at most). */
export const readabilityTargets = {
  /**
   * Question texts, hints, introductions and section intros: grade 6, a reading age of
   * 11, a year below Year 8, as many readers have English as an additional language or
   * a learning difficulty.
   */
  standard: 6,
  /** Easy-read wordings: grade 3, a reading age of 8. */
  easyRead: 3,
} as const

/** Common words the vowel-group rule below miscounts, with their syllables. */
const exceptions: Record<string, number> = {
  anyone: 3,
  apprenticeship: 4,
  apprenticeships: 4,
  area: 3,
  areas: 3,
  being: 2,
  business: 2,
  create: 2,
  created: 3,
  everyone: 3,
  idea: 3,
  ideas: 3,
  people: 2,
  science: 2,
  someone: 2,
  something: 2,
  every: 2,
  everything: 3,
  usual: 3,
  usually: 4,
  whole: 1,
  where: 1,
  there: 1,
  here: 1,
  were: 1,
  one: 1,
  once: 1,
  done: 1,
  gone: 1,
  none: 1,
  some: 1,
  come: 1,
  give: 1,
  have: 1,
  live: 1,
  are: 1,
  the: 1,
}

/** Syllables of the numbers 0 to 20 said aloud; larger numbers count one per digit. */
const numberSyllables = [2, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 3, 1, 2, 2, 2, 2, 3, 2, 2, 2]

/** The syllables of one English word: vowel groups, less a silent final e or -ed. */
export function syllables(word: string): number {
  const lower = word.toLowerCase()
  if (/^[0-9]+$/.test(lower)) return numberSyllables[Number(lower)] ?? lower.length // "11" is e-lev-en
  if (lower.includes('-')) return lower.split('-').reduce((n, part) => n + syllables(part), 0)
  let w = lower.replace(/[^a-z]/g, '')
  if (w === '') return 0
  if (w in exceptions) return exceptions[w]!
  if (w.length <= 3) return 1
  w = w.replace(/([^aeiouylsxzcgh])es$/, '$1') // "makes", but "courses", "choices", "changes" keep it
  w = w.replace(/([^aeiouyl])e$/, '$1') // silent e: "make", "choose", but "able", "free"
  w = w.replace(/([^aeiouydt])ed$/, '$1') // "helped", "asked", but "needed", "started"
  w = w.replace(/^y/, '') // a first y is a consonant: "year", "you"
  return Math.max(1, w.match(/[aeiouy]+/g)?.length ?? 0)
}

/** The words of a text: runs of letters or digits, with apostrophes and hyphens inside. */
export function wordsOf(text: string): string[] {
  return text.match(/[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*/g) ?? []
}

/** The number of sentences (ending in . ! or ?), at least 1. */
export function sentenceCount(text: string): number {
  return Math.max(1, text.split(/[.!?]+(?:\s|$)/).filter((s) => wordsOf(s).length > 0).length)
}

export type Readability = { words: number; sentences: number; syllables: number; grade: number }

/** The Flesch–Kincaid grade level of a text. */
export function readability(text: string): Readability {
  const words = wordsOf(text)
  const sentences = sentenceCount(text)
  const syl = words.reduce((n, w) => n + syllables(w.replace(/['’][a-z]*$/i, '')), 0)
  const n = Math.max(1, words.length)
  const grade = 0.39 * (n / sentences) + 11.8 * (syl / n) - 15.59
  return { words: words.length, sentences, syllables: syl, grade }
}

/** An English text of a survey that reads above its target grade. */
export type ReadabilityFinding = { where: string; text: string; grade: number; target: number }

/**
 * The survey's own-language texts a respondent reads as prose (introduction, section intros,
 * question texts and hints against the standard target; every easy-read text, the easy-read
 * introduction, section intros, question wordings, hints and the scale's labels read as one
 * list, against the easy-read one) that read above their target. Titles and option labels are a few words,
 * too short for the formula to mean anything, and are not checked.
 */
export function readabilityFindings(
  survey: Pick<Survey, 'introduction' | 'sections'> & Partial<Pick<Survey, 'easyReadIntroduction' | 'easyReadScale'>>,
  targets: { standard: number; easyRead: number } = readabilityTargets,
): ReadabilityFinding[] {
  const texts: { where: string; text: string | undefined; target: number }[] = [
    { where: 'introduction', text: survey.introduction, target: targets.standard },
    { where: 'easyReadIntroduction', text: survey.easyReadIntroduction, target: targets.easyRead },
    // the scale's labels as a reader meets them, one after another, each on its own (one word alone is too short to measure)
    { where: 'easyReadScale', text: survey.easyReadScale && `${Object.values(survey.easyReadScale).join('. ')}.`, target: targets.easyRead },
  ]
  for (const s of survey.sections) {
    texts.push({ where: `section ${s.id} intro`, text: s.intro, target: targets.standard })
    texts.push({ where: `section ${s.id} easyReadIntro`, text: s.easyReadIntro, target: targets.easyRead })
    for (const q of s.questions) {
      texts.push({ where: `${q.key} text`, text: q.text, target: targets.standard })
      texts.push({ where: `${q.key} hint`, text: q.hint, target: targets.standard })
      texts.push({ where: `${q.key} easyRead`, text: q.easyRead, target: targets.easyRead })
      texts.push({ where: `${q.key} easyReadHint`, text: q.easyReadHint, target: targets.easyRead })
    }
  }
  return texts.flatMap(({ where, text, target }) => {
    if (!text) return []
    const { grade } = readability(text)
    return grade > target ? [{ where, text, grade, target }] : []
  })
}
