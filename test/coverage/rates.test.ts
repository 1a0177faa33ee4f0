import { describe, expect, it } from 'vitest'
import { bandOf, coverageOf, groupRateWords, overallRateWords, type CoverageInput } from '../../src/coverage/rates.ts'
import type { Roll } from '../../src/coverage/rolls.ts'

const asked = ['y8', 'y9', 'y10', 'y11', 'y12', 'y13']
const settings = { minCohort: 5, minResponseRate: 40, maxYearGroupGap: 30 }
const roll = (sizes: Record<string, number>, fromYear = '2025/26', carried = false): Roll => ({ fromYear, carried, sizes: new Map(Object.entries(sizes)) })
/** Year 10 and Year 11 of 50 each, the other year groups not taught: 100 on roll. */
const twoYears = roll({ y8: 0, y9: 0, y10: 50, y11: 50, y12: 0, y13: 0 })
const input = (respondents: number, groups: Record<string, number>, r: Roll | null = twoYears, s = settings): CoverageInput => ({
  audience: 'student',
  respondents,
  groupCounts: new Map(Object.entries(groups)),
  asked,
  roll: r,
  settings: s,
})

describe('response rates, worked out by hand', () => {
  it('40 of 100 on roll is exactly the 40% asked for: not provisional; 39 of 100 is below it', () => {
    const at = coverageOf(input(40, { y10: 20, y11: 20 }))
    expect(at).toMatchObject({ status: 'known', onRoll: 100, respondents: 40, rate: 0.4, provisional: false, reasons: [] })
    expect(at.groups.find((g) => g.value === 'y10')).toMatchObject({ onRoll: 50, respondents: 20, rate: 0.4, shown: 'exact' })
    const below = coverageOf(input(39, { y10: 20, y11: 19 }))
    expect(below.provisional).toBe(true)
    expect(below.reasons).toEqual(['Responses from 39% of students on roll, below the 40% the partnership asks for.'])
  })

  it('a year group exactly 30 points below the overall rate is not under-represented; 31 points is', () => {
    // Year 10: 15 of 50 = 30%, Year 11: 45 of 50 = 90%, overall 60 of 100 = 60%: a gap of exactly 30
    const exactly = coverageOf(input(60, { y10: 15, y11: 45 }))
    expect(exactly.rate).toBe(0.6)
    expect(exactly.provisional).toBe(false)
    // Year 10: 14 of 50 = 28%, overall 59 of 100 = 59%: a gap of 31
    const over = coverageOf(input(59, { y10: 14, y11: 45 }))
    expect(over.provisional).toBe(true)
    expect(over.reasons).toEqual(['Year 10: 28% against 59% overall.'])
  })

  it('the gap is compared exactly, not on rounded percents', () => {
    // Year 10: 100 of 301 = 33.22%, Year 11: 150 of 199 = 75.38%, overall 250 of 500 = 50%: gap 16.8, not flagged
    const near = coverageOf(input(250, { y10: 100, y11: 150 }, roll({ y10: 301, y11: 199, y8: 0, y9: 0, y12: 0, y13: 0 })))
    expect(near.provisional).toBe(false)
    // 59.5% overall is below 60% even though it rounds to 60
    const r = coverageOf(input(119, { y10: 60, y11: 59 }, roll({ y10: 100, y11: 100, y8: 0, y9: 0, y12: 0, y13: 0 }), { ...settings, minResponseRate: 60 }))
    expect(r.reasons).toEqual(['Responses from 59% of students on roll, below the 60% the partnership asks for.'])
  })

  it('responses with no year group count overall only', () => {
    const c = coverageOf(input(45, { y10: 20, y11: 20, '': 5 }))
    expect(c.rate).toBe(0.45)
    expect(c.groups.map((g) => g.respondents)).toEqual([0, 0, 20, 20, 0, 0])
  })

  it('a year group the breakdown hides shows a band, never its count, and its complement is banded too', () => {
    // Year 12: 3 answered (below 5), so the smallest shown group (Year 13, 12) is held back with it
    const r = roll({ y8: 0, y9: 0, y10: 0, y11: 200, y12: 180, y13: 150 })
    const c = coverageOf(input(115, { y11: 100, y12: 3, y13: 12 }, r))
    const y12 = c.groups.find((g) => g.value === 'y12')!
    const y13 = c.groups.find((g) => g.value === 'y13')!
    expect(y12).toMatchObject({ shown: 'banded', respondents: null, rate: null, band: [0, 10] })
    expect(y13).toMatchObject({ shown: 'banded', respondents: null, rate: null, band: [0, 10] })
    expect(groupRateWords(y12)).toBe('under 10%')
    // overall 115 of 530 = 21.7%: even the top of "under 10%" is not more than 30 points below it
    expect(c.reasons).toEqual(['Responses from 21% of students on roll, below the 40% the partnership asks for.'])
    // the JSON carries no exact figure for a hidden group
    expect(JSON.stringify(c)).not.toMatch(/"respondents":3\b/)
  })

  it('a band is at least the minimum cohort of students wide, so it pins a hidden count no finer than the cohort does', () => {
    expect(bandOf(3, 180, 5)).toEqual([0, 10]) // 10 points of 180 = 18 students
    expect(bandOf(3, 30, 5)).toEqual([0, 20]) // 10 points of 30 = 3 students: widened to 20 (6 students)
    expect(bandOf(14, 100, 5)).toEqual([10, 20])
    expect(bandOf(100, 100, 5)).toEqual([90, 100])
    for (const onRoll of [5, 7, 12, 30, 49, 180]) {
      const [from, to] = bandOf(1, onRoll, 5)
      expect(((to - from) * onRoll) / 100).toBeGreaterThanOrEqual(5)
    }
  })

  it('a hidden year group far below the overall rate is flagged by the top of its band', () => {
    // Year 10: 4 of 50 (under 10%) hidden, with Year 11 (46 of 50, 90–100%) held back with it
    const r = roll({ y8: 0, y9: 0, y10: 50, y11: 50, y12: 0, y13: 0 })
    const c = coverageOf(input(50, { y10: 4, y11: 46 }, r))
    // 50% overall, band under 10%: 50 − 10 = 40 > 30
    expect(c.reasons).toEqual(['Year 10: under 10% against 50% overall.'])
  })

  it('without sizes the rate is unknown and nothing is provisional; with some missing, the overall rate is unknown', () => {
    const none = coverageOf(input(10, { y10: 10 }, null))
    expect(none).toMatchObject({ status: 'unknown', rate: null, provisional: false })
    expect(overallRateWords(none)).toBe('unknown: no year-group sizes entered')
    const some = coverageOf(input(10, { y10: 10 }, roll({ y10: 50, y11: 50 })))
    expect(some).toMatchObject({ status: 'incomplete', rate: null, provisional: false, missing: ['Year 8', 'Year 9', 'Year 12', 'Year 13'] })
    expect(some.groups.find((g) => g.value === 'y10')).toMatchObject({ rate: 0.2, shown: 'exact' })
  })

  it('a year group with fewer on roll than the minimum cohort shows no rate', () => {
    const c = coverageOf(input(52, { y10: 50, y11: 2 }, roll({ y8: 0, y9: 0, y10: 100, y11: 3, y12: 0, y13: 0 })))
    expect(c.groups.find((g) => g.value === 'y11')).toMatchObject({ shown: 'roll-too-small', rate: null, respondents: null })
  })

  it('says when the sizes are last year’s', () => {
    const c = coverageOf(input(40, { y10: 20, y11: 20 }, roll({ y8: 0, y9: 0, y10: 50, y11: 50, y12: 0, y13: 0 }, '2024/25', true)))
    expect(c).toMatchObject({ carried: true, rollYear: '2024/25' })
  })
})
