import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compareFractions, rankPriorities, topThreeOf } from '../../src/analysis/ranking.ts'
import { studentRag, type DevelopmentQuestion } from '../../src/analysis/rag.ts'
import { differenceInterval, overlaps, wilsonInterval, withinSamplingError } from '../../src/analysis/statistics.ts'
import { suppressedGroups } from '../../src/analysis/suppression.ts'

/** A question with `positive` and `negative` of `n` on-scale answers; `n` null: no figure (too few answers). */
const q = (key: string, order: number, positive: number, n: number | null, negative = 0, priority = true) => ({
  key,
  order,
  priority,
  shown: n !== null,
  n: n ?? 0,
  positive,
  negative,
})

describe('ranking of priority areas', () => {
  it('puts the lowest score first', () => {
    expect(topThreeOf([q('a', 0, 8, 10), q('b', 1, 2, 10), q('c', 2, 5, 10), q('d', 3, 3, 10)])).toEqual(['b', 'd', 'c'])
  })
  it('breaks a tie by the larger share of negative answers, then by survey order', () => {
    const ranked = rankPriorities([q('a', 0, 3, 10, 2), q('b', 1, 6, 20, 10), q('c', 2, 3, 10, 2), q('d', 3, 9, 10)])
    expect(ranked.map((r) => r.key)).toEqual(['b', 'a', 'c', 'd'])
  })
  it('leaves out questions that cannot be priorities or have no figure', () => {
    expect(topThreeOf([q('a', 0, 1, 10, 0, false), q('b', 1, 0, null), q('c', 2, 5, 10), q('d', 3, 6, 10)])).toEqual(['c', 'd'])
  })
  it('compares scores exactly: 824/1998 (0.412412) is lower than 822/1993 (0.412443), though both round to 0.4124', () => {
    // the second has far more negative answers: were the two rounded to a tie, it would go first
    const ranked = rankPriorities([q('near', 0, 822, 1993, 1171), q('low', 1, 824, 1998, 574)])
    expect(ranked.map((r) => r.key)).toEqual(['low', 'near'])
  })
  it('an exact tie (824/1998 = 412/999) goes to the larger negative share, compared exactly', () => {
    const ranked = rankPriorities([q('a', 0, 824, 1998, 574), q('b', 1, 412, 999, 587)])
    expect(ranked.map((r) => r.key)).toEqual(['b', 'a'])
    // negative shares 1/3 and 333/999 are the same: survey order decides
    expect(rankPriorities([q('x', 0, 1, 3, 1), q('y', 1, 333, 999, 333)]).map((r) => r.key)).toEqual(['x', 'y'])
    expect(rankPriorities([q('y', 0, 333, 999, 333), q('x', 1, 1, 3, 1)]).map((r) => r.key)).toEqual(['y', 'x'])
  })
  it('compares fractions exactly past 2^53', () => {
    const big = 2 ** 40
    expect(compareFractions(big + 1, big * 3, 1, 3)).toBe(1)
    expect(compareFractions(big, big * 3, 1, 3)).toBe(0)
    expect(compareFractions(1, 3, big + 1, big * 3)).toBe(-1)
  })
  it('does not depend on the order the questions arrive in', () => {
    const question = fc.record({ n: fc.option(fc.integer({ min: 1, max: 20 })), pos: fc.nat({ max: 20 }), neg: fc.nat({ max: 20 }), priority: fc.boolean() })
    fc.assert(
      fc.property(fc.array(question, { minLength: 1, maxLength: 30 }), fc.integer(), (list, seed) => {
        const items = list.map((x, i) => {
          const n = x.n
          return q(`k${i}`, i, n === null ? 0 : x.pos % (n + 1), n, n === null ? 0 : x.neg % (n + 1 - (x.pos % (n + 1))), x.priority)
        })
        const shuffled = [...items].sort(() => 0).sort((a, b) => ((a.order * 7919 + seed) % 31) - ((b.order * 7919 + seed) % 31))
        expect(rankPriorities(shuffled).map((r) => r.key)).toEqual(rankPriorities(items).map((r) => r.key))
      }),
    )
  })
})

describe('student-survey RAG', () => {
  const dev = (keys: string[], notAsked: string[] = []): DevelopmentQuestion[] => [
    ...keys.map((key) => ({ key, text: key.toUpperCase(), asked: !notAsked.includes(key) })),
  ]
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

  it('has no rating when last year’s round was too small to set development questions, never “Green: 0 of the 0”', () => {
    for (const respondents of [7, 0]) {
      const rag = rate(['a', 'b', 'c'], [], { previousTooSmall: { respondents } })
      expect(rag).toMatchObject({ rating: null, previousTooSmall: true, tooSmall: false, baseline: false })
      expect(rag.explanation).toContain('No rating: last year’s round had too few responses to set development questions')
      expect(rag.explanation).toContain(`(${respondents} responses, fewer than the 10 needed)`)
      expect(rag.explanation).not.toContain('Green')
    }
    // without development questions for any other reason: still no rating
    expect(rate(['a', 'b', 'c'], [])).toMatchObject({ rating: null, previousTooSmall: false })
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
    expect(withinSamplingError({ positive: 20, n: 40 }, { positive: 22, n: 40 })).toBe(true)
    expect(withinSamplingError({ positive: 80, n: 400 }, { positive: 240, n: 400 })).toBe(false)
    expect(withinSamplingError({ positive: 1, n: 10 }, { positive: 0, n: 0 })).toBe(true)
  })
  it('computes Newcombe’s hybrid score interval for a difference (checked by hand against Newcombe 1998, table II)', () => {
    // Newcombe's example (a): 56/70 − 48/80 = 0.2, 95% interval 0.0524 to 0.3339 (method 10)
    const [lo, hi] = differenceInterval({ positive: 56, n: 70 }, { positive: 48, n: 80 })!
    expect(lo).toBeCloseTo(0.0524, 4)
    expect(hi).toBeCloseTo(0.3339, 4)
    // example (b): 9/10 − 3/10 = 0.6, interval 0.1705 to 0.8090
    const [lo2, hi2] = differenceInterval({ positive: 9, n: 10 }, { positive: 3, n: 10 })!
    expect(lo2).toBeCloseTo(0.1705, 3)
    expect(hi2).toBeCloseTo(0.809, 3)
    // example (e), 0/10 − 0/20: the interval holds 0 (the paper: −0.1611 to 0.2775)
    const [lo3, hi3] = differenceInterval({ positive: 0, n: 10 }, { positive: 0, n: 20 })!
    expect(lo3).toBeCloseTo(-0.1611, 4)
    expect(hi3).toBeCloseTo(0.2775, 4)
    expect(differenceInterval({ positive: 0, n: 0 }, { positive: 1, n: 2 })).toBeNull()
  })
  it('keeps Newcombe’s interval inside [−1, 1] and around the difference, for any counts', () => {
    const side = fc.integer({ min: 1, max: 300 }).chain((n) => fc.record({ n: fc.constant(n), positive: fc.integer({ min: 0, max: n }) }))
    fc.assert(
      fc.property(side, side, (a, b) => {
        const [lo, hi] = differenceInterval(a, b)!
        const d = a.positive / a.n - b.positive / b.n
        expect(lo).toBeGreaterThanOrEqual(-1 - 1e-12)
        expect(hi).toBeLessThanOrEqual(1 + 1e-12)
        expect(lo).toBeLessThanOrEqual(d + 1e-12)
        expect(hi).toBeGreaterThanOrEqual(d - 1e-12)
        expect(withinSamplingError(a, b)).toBe(lo <= 0 && 0 <= hi)
      }),
    )
  })
  it('detects overlapping intervals', () => {
    expect(overlaps([0.1, 0.3], [0.25, 0.5])).toBe(true)
    expect(overlaps([0.1, 0.2], [0.25, 0.5])).toBe(false)
  })
})
