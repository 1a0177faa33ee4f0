import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { rankPriorities, topThreeOf } from '../../src/analysis/ranking.ts'
import { studentRag, type DevelopmentQuestion } from '../../src/analysis/rag.ts'
import { overlaps, wilsonInterval, withinSamplingError } from '../../src/analysis/statistics.ts'
import { suppressedGroups } from '../../src/analysis/suppression.ts'

const q = (key: string, order: number, score: number | null, negativeShare = 0, priority = true) => ({ key, order, score, negativeShare, priority })

describe('ranking of priority areas', () => {
  it('puts the lowest score first', () => {
    expect(topThreeOf([q('a', 0, 0.8), q('b', 1, 0.2), q('c', 2, 0.5), q('d', 3, 0.3)])).toEqual(['b', 'd', 'c'])
  })
  it('breaks a tie by the larger share of negative answers, then by survey order', () => {
    const ranked = rankPriorities([q('a', 0, 0.3, 0.2), q('b', 1, 0.3, 0.5), q('c', 2, 0.3, 0.2), q('d', 3, 0.9)])
    expect(ranked.map((r) => r.key)).toEqual(['b', 'a', 'c', 'd'])
  })
  it('leaves out questions that cannot be priorities or have no figure', () => {
    expect(topThreeOf([q('a', 0, 0.1, 0, false), q('b', 1, null), q('c', 2, 0.5), q('d', 3, 0.6)])).toEqual(['c', 'd'])
  })
  it('does not depend on the order the questions arrive in', () => {
    const question = fc.record({ score: fc.option(fc.integer({ min: 0, max: 20 }).map((x) => x / 20)), neg: fc.integer({ min: 0, max: 10 }).map((x) => x / 10), priority: fc.boolean() })
    fc.assert(
      fc.property(fc.array(question, { minLength: 1, maxLength: 30 }), fc.integer(), (list, seed) => {
        const items = list.map((x, i) => q(`k${i}`, i, x.score, x.neg, x.priority))
        const shuffled = [...items].sort(() => 0).sort((a, b) => ((a.order * 7919 + seed) % 31) - ((b.order * 7919 + seed) % 31))
        expect(rankPriorities(shuffled).map((r) => r.key)).toEqual(rankPriorities(items).map((r) => r.key))
      }),
    )
  })
})

describe('student-survey RAG', () => {
  const dev = (keys: string[], notAsked: string[] = []): DevelopmentQuestion[] => [...keys.map((key) => ({ key, text: key.toUpperCase(), asked: !notAsked.includes(key) }))]
  const rate = (topThree: string[], development = dev(['a', 'b', 'c']), extra: Partial<Parameters<typeof studentRag>[0]> = {}) =>
    studentRag({ development, topThree, baseline: false, tooSmall: false, respondents: 50, minRoundSize: 10, ...extra })

  it.each([
    [['x', 'y', 'z'], 'Green', []],
    [['a', 'y', 'z'], 'Amber/Green', ['a']],
    [['a', 'b', 'z'], 'Amber/Red', ['a', 'b']],
    [['c', 'b', 'a'], 'Red', ['a', 'b', 'c']],
  ])('top three %j gives %s', (topThree, rating, remaining) => {
    const rag = rate(topThree)
    expect(rag.rating).toBe(rating)
    expect(rag.remaining).toEqual(remaining)
    expect(rag.explanation).toContain(rating)
    expect(rag.provisional).toBe(false)
  })

  it('explains which development questions stayed and which left', () => {
    const rag = rate(['a', 'y', 'z'])
    expect(rag.explanation).toContain('Still a priority: “A”')
    expect(rag.explanation).toContain('No longer in the top three: “B”, “C”')
  })

  it('has no rating in a baseline year', () => {
    const rag = rate(['a', 'b', 'c'], [], { baseline: true })
    expect(rag).toMatchObject({ rating: null, baseline: true })
    expect(rag.explanation).toContain('Baseline year')
  })

  it('reports a development question no longer asked and marks the rating provisional', () => {
    const rag = rate(['a', 'y', 'z'], dev(['a', 'b', 'c'], ['c']))
    expect(rag).toMatchObject({ rating: 'Amber/Green', provisional: true, notAsked: ['c'], left: ['b'] })
    expect(rag.explanation).toContain('provisional')
  })

  it('flags a round below the minimum size as too small to rate', () => {
    const rag = rate(['a', 'b', 'c'], dev(['a', 'b', 'c']), { tooSmall: true, respondents: 7 })
    expect(rag).toMatchObject({ rating: null, tooSmall: true })
    expect(rag.explanation).toContain('7 responses, fewer than the 10 needed')
  })
})

describe('small-group suppression', () => {
  const sizes = (o: Record<string, number>) => new Map(Object.entries(o))
  it('hides a group below the minimum cohort and, when it is the only one, the next smallest too', () => {
    expect(suppressedGroups(sizes({ y8: 20, y9: 4, y10: 12 }), 5)).toEqual(new Set(['y9', 'y10']))
  })
  it('needs no complement when two groups are already hidden', () => {
    expect(suppressedGroups(sizes({ y8: 20, y9: 4, y10: 3 }), 5)).toEqual(new Set(['y9', 'y10']))
  })
  it('hides nothing when every group is large enough, and ignores empty groups', () => {
    expect(suppressedGroups(sizes({ y8: 5, y9: 9, y10: 0 }), 5)).toEqual(new Set())
  })
  it('never leaves exactly one non-empty group hidden while another is shown', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 2, max: 10 }), (list, min) => {
        const s = sizes(Object.fromEntries(list.map((n, i) => [`g${i}`, n])))
        const hidden = suppressedGroups(s, min)
        for (const [g, n] of s) if (n > 0 && n < min) expect(hidden.has(g)).toBe(true)
        const shown = [...s].filter(([g, n]) => n > 0 && !hidden.has(g))
        const hiddenNonEmpty = [...hidden].filter((g) => (s.get(g) ?? 0) > 0)
        if (shown.length > 0) expect(hiddenNonEmpty.length === 0 || hiddenNonEmpty.length >= 2).toBe(true)
      }),
    )
  })
})

describe('statistics', () => {
  it('computes the Wilson interval (checked by hand: 8 of 10)', () => {
    const [lo, hi] = wilsonInterval(8, 10)!
    expect(lo).toBeCloseTo(0.4902, 3)
    expect(hi).toBeCloseTo(0.9433, 3)
    expect(wilsonInterval(0, 0)).toBeNull()
  })
  it('tells a real change from sampling noise', () => {
    expect(withinSamplingError(0.5, 40, 0.55, 40)).toBe(true)
    expect(withinSamplingError(0.2, 400, 0.6, 400)).toBe(false)
  })
  it('detects overlapping intervals', () => {
    expect(overlaps([0.1, 0.3], [0.25, 0.5])).toBe(true)
    expect(overlaps([0.1, 0.2], [0.25, 0.5])).toBe(false)
  })
})
