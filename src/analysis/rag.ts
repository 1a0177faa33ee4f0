export const ragRatings = ['Green', 'Amber/Green', 'Amber/Red', 'Red'] as const
export type RagRating = (typeof ragRatings)[number]

export type DevelopmentQuestion = {
  key: string
  text: string
  /** Whether this year's survey still asks it (possibly under the key that replaced it). */
  asked: boolean
}

export type RagInput = {
  /** The three development questions, or none in a baseline year. */
  development: DevelopmentQuestion[]
  /** This year's top three priority areas. */
  topThree: string[]
  baseline: boolean
  tooSmall: boolean
  respondents: number
  minRoundSize: number
}

export type Rag = {
  rating: RagRating | null
  remaining: string[]
  left: string[]
  notAsked: string[]
  baseline: boolean
  provisional: boolean
  tooSmall: boolean
  explanation: string
}

const quote = (qs: DevelopmentQuestion[]) => qs.map((q) => `“${q.text}”`).join(', ')

/**
 * The student-survey RAG: how many of the three development questions are still in this
 * year's top three. 0 Green, 1 Amber/Green, 2 Amber/Red, 3 Red. A baseline year has no
 * rating; a development question no longer asked makes the rating provisional; a round
 * below the minimum size is too small to rate.
 */
export function studentRag(input: RagInput): Rag {
  const remaining = input.development.filter((d) => d.asked && input.topThree.includes(d.key))
  const left = input.development.filter((d) => d.asked && !input.topThree.includes(d.key))
  const notAsked = input.development.filter((d) => !d.asked)
  const base = {
    remaining: remaining.map((d) => d.key),
    left: left.map((d) => d.key),
    notAsked: notAsked.map((d) => d.key),
    baseline: input.baseline,
    provisional: notAsked.length > 0,
    tooSmall: input.tooSmall,
  }
  if (input.baseline) {
    return { ...base, rating: null, explanation: 'Baseline year: there is no earlier year to compare with, so there is no rating. This year’s top three become next year’s development questions.' }
  }
  if (input.tooSmall) {
    return {
      ...base,
      rating: null,
      explanation: `Too small to rate: ${input.respondents} ${input.respondents === 1 ? 'response' : 'responses'}, fewer than the ${input.minRoundSize} needed.`,
    }
  }
  const rating = ragRatings[remaining.length]!
  const parts = [
    `${rating}: ${remaining.length} of the ${input.development.length} development questions ${remaining.length === 1 ? 'is' : 'are'} still in this year’s top three.`,
  ]
  if (remaining.length) parts.push(`Still a priority: ${quote(remaining)}.`)
  if (left.length) parts.push(`No longer in the top three: ${quote(left)}.`)
  if (notAsked.length) parts.push(`Not asked this year, so the rating is provisional: ${quote(notAsked)}.`)
  return { ...base, rating, explanation: parts.join(' ') }
}
