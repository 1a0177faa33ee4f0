import { describe, expect, it } from 'vitest'
import type { RagRating } from '../../src/analysis/rag.ts'
import { frameworkCriteriaSchema, type OverallMethod } from '../../src/framework/criteria.ts'
import { overallRating, ratingOfMean } from '../../src/framework/overall.ts'
import type { ElementResult } from '../../src/framework/result-schema.ts'
import { elementIds } from '../../src/framework/statements.ts'

/** The overall methods, worked out by hand. Points: Green 4, Amber/Green 3, Amber/Red 2, Red 1. */

const G: RagRating = 'Green'
const AG: RagRating = 'Amber/Green'
const AR: RagRating = 'Amber/Red'
const R: RagRating = 'Red'

/** Five elements in framework order; null = not rated. */
function elements(ratings: (RagRating | null)[], provisional: number[] = []): ElementResult[] {
  return elementIds.map((element, i) => ({
    element,
    rating: ratings[i] ?? null,
    provisional: provisional.includes(i),
    provisionalBecause: [],
    status: ratings[i] ? 'rated' : 'not-entered',
    evidence: '',
    reason: '',
    decidedBy: { rule: '', setting: null },
  }))
}
const overall = (method: OverallMethod, minimumRated = 3) => frameworkCriteriaSchema.parse({ overall: { method, minimumRated } }).overall

describe('mean of points (the default)', () => {
  it.each([
    [[G, G, G, G, G], 4, G],
    [[G, G, G, G, R], 3.4, AG], // 17 / 5
    [[G, G, AG, AG, null], 3.5, G], // 14 / 4: a half rounds up
    [[G, AG, AG, AG, null], 3.25, AG], // 13 / 4
    [[AG, AR, AR, AG, null], 2.5, AG], // 10 / 4: a half rounds up
    [[AR, AR, AG, null, null], 2.33, AR], // 7 / 3
    [[AR, R, AR, R, null], 1.5, AR], // 6 / 4
    [[R, R, AR, null, null], 1.33, R], // 4 / 3
    [[R, R, R, R, R], 1, R],
  ])('%j: mean %s is %s', (ratings, mean, rating) => {
    const o = overallRating(elements(ratings), overall('mean-of-points'))
    expect(o).toMatchObject({ rating, points: mean, method: 'mean-of-points' })
    expect(o.decidedBy.setting).toMatchObject({ key: 'overall.method' })
  })

  it('shows the sum it worked out', () => {
    const o = overallRating(elements([G, AG, AR, AR, null]), overall('mean-of-points'))
    expect(o.reason).toContain('(4 + 3 + 2 + 2) ÷ 4 = 2.75, which rounds to Amber/Green')
  })

  it('rounds exactly on the halves whatever the count', () => {
    expect(ratingOfMean(7, 2)).toBe('Green')
    expect(ratingOfMean(5, 2)).toBe('Amber/Green')
    expect(ratingOfMean(3, 2)).toBe('Amber/Red')
    expect(ratingOfMean(17, 5)).toBe('Amber/Green')
    expect(ratingOfMean(18, 5)).toBe('Green') // 3.6
    expect(ratingOfMean(7, 5)).toBe('Red') // 1.4
  })
})

describe('lowest element', () => {
  it.each([
    [[G, G, G, G, G], G],
    [[G, AG, G, G, G], AG],
    [[G, AG, R, G, null], R],
    [[AR, G, G, null, null], AR],
  ])('%j is %s', (ratings, rating) => {
    expect(overallRating(elements(ratings), overall('lowest')).rating).toBe(rating)
  })

  it('names the element or elements that decided', () => {
    expect(overallRating(elements([G, R, G, R, G]), overall('lowest')).reason).toContain('Year 11 EET, Qualified staffing (Red)')
  })
})

describe('median element', () => {
  it.each([
    [[R, AR, G, null, null], AR], // R, AR, G
    [[R, AR, AG, G, null], AR], // even: the lower of AR and AG
    [[G, G, AG, R, R], AG], // R, R, AG, G, G
    [[G, G, G, AG, null], G], // even: AG, G, G, G -> lower middle G
  ])('%j is %s', (ratings, rating) => {
    expect(overallRating(elements(ratings), overall('median')).rating).toBe(rating)
  })
})

describe('how many elements must be rated, and when the rating is provisional', () => {
  it('gives no overall rating with fewer rated elements than the setting asks, and says which are missing', () => {
    const o = overallRating(elements([G, G, null, null, null]), overall('mean-of-points', 3))
    expect(o).toMatchObject({ rating: null, ratedCount: 2, points: null })
    expect(o.reason).toBe('2 of 5 elements are rated; an overall rating needs at least 3. Not rated: Quality award, Qualified staffing, Student survey.')
    expect(o.decidedBy.setting).toEqual({ key: 'overall.minimumRated', label: 'Elements needed for an overall rating', value: '3 of 5' })
  })

  it('rates with exactly the minimum, marked provisional because elements are missing', () => {
    const o = overallRating(elements([G, AG, AG, null, null]), overall('mean-of-points', 3))
    expect(o).toMatchObject({ rating: AG, provisional: true, ratedCount: 3 }) // 10 / 3 = 3.33
    expect(o.reason).toContain('Provisional: not rated this year: Qualified staffing, Student survey.')
  })

  it('is provisional when a rated element is provisional, and firm when all five are rated firmly', () => {
    expect(overallRating(elements([G, G, G, G, AG], [4]), overall('lowest'))).toMatchObject({ rating: AG, provisional: true })
    expect(overallRating(elements([G, G, G, G, AG]), overall('lowest'))).toMatchObject({ rating: AG, provisional: false })
  })

  it('asking for all five leaves an institution with four unrated', () => {
    expect(overallRating(elements([G, G, G, G, null]), overall('mean-of-points', 5)).rating).toBeNull()
  })
})
