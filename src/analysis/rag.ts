import { ragRatings, type RagRating } from './ratings.ts'
import type { DevelopmentQuestion, Rag } from './report-schema.ts'

export { ragRatings, type RagRating }
export type { DevelopmentQuestion, Rag }

export type RagInput = {
  /** The three development questions, or none in a baseline year. */
  development: DevelopmentQuestion[]
  /** This year's top three priority areas. */
  topThree: string[]
  baseline: boolean
  tooSmall: boolean
  respondents: number
  minRoundSize: number
  /**
   * Last year's round was opened but had fewer than `minRoundSize` responses (none, perhaps),
   * and no action plan named the development questions: it sets none, so there is no rating.
   */
  previousTooSmall?: { respondents: number }
}

const quote = (qs: DevelopmentQuestion[]) => qs.map((q) => `“${q.text}”`).join(', ')

/**
 * The student-survey RAG: how many of the three development questions are still in this
 * year's top three. 0 Green, 1 Amber/Green, 2 Amber/Red, 3 Red. A baseline year has no
 * rating; a development question no longer asked makes the rating provisional; a round
 * below the minimum size is too small to rate; so is a year whose previous round was too
 * small (or empty) to set development questions: never "Green: 0 of the 0".
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
    previousTooSmall: !!input.previousTooSmall,
  }
  if (input.baseline) {
    return {
      ...base,
      rating: null,
      explanation:
        'Baseline year: there is no earlier year to compare with, so there is no rating. This year’s top three become next year’s development questions.',
    }
  }
  if (input.tooSmall) {
    return {
      ...base,
      rating: null,
      explanation: `Too small to rate: ${input.respondents} ${input.respondents === 1 ? 'response' : 'responses'}, fewer than the ${input.minRoundSize} needed.`,
    }
  }
  if (input.previousTooSmall) {
    const n = input.previousTooSmall.respondents
    return {
      ...base,
      provisional: false,
      rating: null,
      explanation: `No rating: last year’s round had too few responses to set development questions (${n} ${n === 1 ? 'response' : 'responses'}, fewer than the ${input.minRoundSize} needed).`,
    }
  }
  if (input.development.length === 0) {
    return { ...base, rating: null, explanation: 'No rating: there are no development questions to follow from last year.' }
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
