import { describe, expect, it } from 'vitest'
import { studentRag } from '../../src/analysis/rag.ts'
import { defaultCriteria, frameworkCriteriaSchema } from '../../src/framework/criteria.ts'
import { cityAverageFor, rateDestination, rateQualityAward, rateStaffing, rateSurvey, rateY11, type SurveyElementInput } from '../../src/framework/elements.ts'
import { y11CityAverage } from '../../src/framework/evaluate.ts'
import type { CityAverage } from '../../src/framework/result-schema.ts'

/**
 * Every rating of every element, worked out by hand. The Year 11 fixtures walk the edges of
 * each band, including the band between 2 and 5 points below that the framework leaves open.
 */

const entered = (value: number): CityAverage => ({ value, source: 'entered', institutions: 6, withheld: false })
const computed = (value: number, institutions: number): CityAverage => ({ value, source: 'computed', institutions, withheld: false })
const y11 = defaultCriteria.y11 // at ±0.5, Amber/Red to 2 below, Red beyond 5, 2-5 below Amber/Red

describe('Year 11 progression against a city average of 90%', () => {
  it.each([
    // share, gap, rating, the setting that decided
    [100, '+10', 'Green', 'y11.atWidth'],
    [90.51, '+0.51', 'Green', 'y11.atWidth'],
    [90.5, '+0.5 (edge of “at”)', 'Amber/Green', 'y11.atWidth'],
    [90, '0', 'Amber/Green', 'y11.atWidth'],
    [89.5, '−0.5 (edge of “at”)', 'Amber/Green', 'y11.atWidth'],
    [89.49, '−0.51', 'Amber/Red', 'y11.amberRedDepth'],
    [88, '−2 (edge of Amber/Red)', 'Amber/Red', 'y11.amberRedDepth'],
    [87.99, '−2.01 (open band)', 'Amber/Red', 'y11.gapBand'],
    [87, '−3 (open band)', 'Amber/Red', 'y11.gapBand'],
    [85, '−5 (open band: Red is more than 5 below)', 'Amber/Red', 'y11.gapBand'],
    [84.99, '−5.01', 'Red', 'y11.redDepth'],
    [0, '−90', 'Red', 'y11.redDepth'],
  ])('%s%% (gap %s) is %s, decided by %s', (share, _gap, rating, setting) => {
    const r = rateY11(share, entered(90), y11)
    expect(r.rating).toBe(rating)
    expect(r.status).toBe('rated')
    expect(r.decidedBy.setting?.key).toBe(setting)
    expect(r.evidence).toBe(`${share}% (city average 90%)`)
  })

  it('says when the open band decided, and that the partnership’s setting chose it', () => {
    const r = rateY11(87, entered(90), y11)
    expect(r.reason).toContain('3 points below')
    expect(r.reason).toContain('The framework does not rate this band')
    expect(r.decidedBy.rule).toContain('a band the framework leaves undefined')
    expect(r.decidedBy.setting).toEqual({ key: 'y11.gapBand', label: 'Rating from 2 points to 5 points below', value: 'Amber/Red' })
  })

  it('rates the open band Red when the partnership sets it so, and leaves the bands either side alone', () => {
    const red = frameworkCriteriaSchema.parse({ y11: { gapBand: 'Red' } }).y11
    expect(rateY11(88, entered(90), red).rating).toBe('Amber/Red')
    expect(rateY11(87.99, entered(90), red)).toMatchObject({ rating: 'Red', decidedBy: { setting: { key: 'y11.gapBand', value: 'Red' } } })
    expect(rateY11(85, entered(90), red)).toMatchObject({ rating: 'Red', decidedBy: { setting: { key: 'y11.gapBand' } } })
    expect(rateY11(84.99, entered(90), red)).toMatchObject({ rating: 'Red', decidedBy: { setting: { key: 'y11.redDepth' } } })
  })

  it('follows other widths and depths: at exactly the average only, Amber/Red to 3 below, Red beyond 4', () => {
    const c = frameworkCriteriaSchema.parse({ y11: { atWidth: 0, amberRedDepth: 3, redDepth: 4 } }).y11
    expect(rateY11(90, entered(90), c).rating).toBe('Amber/Green')
    expect(rateY11(90.01, entered(90), c).rating).toBe('Green')
    expect(rateY11(89.99, entered(90), c).rating).toBe('Amber/Red')
    expect(rateY11(87, entered(90), c).rating).toBe('Amber/Red')
    expect(rateY11(86.5, entered(90), c).decidedBy.setting?.key).toBe('y11.gapBand')
    expect(rateY11(86, entered(90), c).decidedBy.setting?.key).toBe('y11.gapBand')
    expect(rateY11(85.99, entered(90), c).rating).toBe('Red')
  })

  it('puts figures with decimals on the right side of an edge (91.1 against 93.1 is exactly 2 below)', () => {
    expect(rateY11(91.1, entered(93.1), y11)).toMatchObject({ rating: 'Amber/Red', decidedBy: { setting: { key: 'y11.amberRedDepth' } } })
    expect(rateY11(93.6, entered(93.1), y11).rating).toBe('Amber/Green') // +0.5
  })

  it('uses the mean of the institutions’ figures, to two decimals, when no average is entered', () => {
    // 90 + 91 + 92.5 = 273.5; / 3 = 91.1666… -> 91.17
    const city = y11CityAverage(defaultCriteria, {
      y11Eet: { mean: 273.5 / 3, institutions: 3 },
      destinationKs4: { mean: null, institutions: 0 },
      destinationPost16: { mean: null, institutions: 0 },
    })
    expect(city).toEqual({ value: 91.17, source: 'computed', institutions: 3, withheld: false })
    expect(rateY11(91.67, city, y11).rating).toBe('Amber/Green') // +0.5
    expect(rateY11(91.68, city, y11).rating).toBe('Green') // +0.51
    expect(rateY11(90, city, y11).reason).toContain('the mean of 3 institutions')
    const withEntered = y11CityAverage(frameworkCriteriaSchema.parse({ y11: { cityAverage: 88.4 } }), {
      y11Eet: { mean: 91, institutions: 3 },
      destinationKs4: { mean: null, institutions: 0 },
      destinationPost16: { mean: null, institutions: 0 },
    })
    expect(withEntered).toEqual({ value: 88.4, source: 'entered', institutions: 3, withheld: false })
  })

  it('is not rated without a figure', () => {
    expect(rateY11(null, entered(90), y11)).toMatchObject({ rating: null, status: 'not-entered', evidence: '' })
  })
})

describe('the city average an institution’s own staff may see', () => {
  it('is withheld when computed from fewer than 3 institutions besides their own', () => {
    // with a figure of its own, the institution is one of those counted
    expect(cityAverageFor(computed(91, 2), 88).withheld).toBe(true)
    expect(cityAverageFor(computed(91, 3), 88).withheld).toBe(true)
    expect(cityAverageFor(computed(91, 4), 88)).toEqual(computed(91, 4))
    // without one, all those counted are others
    expect(cityAverageFor(computed(91, 2), null).withheld).toBe(true)
    expect(cityAverageFor(computed(91, 3), null)).toEqual(computed(91, 3))
    // an entered average is the partnership's published figure, and no average is nothing to hide
    expect(cityAverageFor(entered(91), 88)).toEqual(entered(91))
    expect(cityAverageFor({ ...computed(0, 0), value: null }, 88).withheld).toBe(false)
  })

  it('still rates against a withheld average, in words that name neither it, nor the distance, nor the band', () => {
    const hidden = (value: number) => cityAverageFor(computed(value, 2), 88)
    // 0.75 below (Amber/Red, up to 2 below) and 3 below (Amber/Red, the open band): the same words
    const near = rateY11(88, hidden(88.75), y11)
    const far = rateY11(88, hidden(91), y11)
    expect(far).toEqual(near)
    expect(far).toMatchObject({ rating: 'Amber/Red', status: 'rated', evidence: '88% (city average not shown)' })
    expect(far.reason).toContain('not shown: fewer than 3 other institutions')
    expect(far.decidedBy.setting).toEqual({
      key: 'y11',
      label: 'Bands around the city average',
      value:
        'Green more than 0.5 points above; Amber/Green within 0.5 points; Amber/Red up to 2 points below; Amber/Red 2 to 5 points below; Red more than 5 points below',
    })
    for (const words of [far.reason, far.evidence, far.decidedBy.rule]) expect(words).not.toMatch(/91|3 points|mean of/)
    // another rating is still another rating
    expect(rateY11(88, hidden(95), y11).rating).toBe('Red')
    expect(rateY11(88, hidden(86), y11).rating).toBe('Green')
  })
})

describe('Destination Measure', () => {
  const criteria = frameworkCriteriaSchema.parse({
    destination: { ks4: { green: 95, amberGreen: 92, amberRed: 88 }, post16: { green: 90, amberGreen: 85, amberRed: 80 } },
  }).destination

  it.each([
    [100, 'Green', 'destination.ks4.green'],
    [95, 'Green', 'destination.ks4.green'],
    [94.99, 'Amber/Green', 'destination.ks4.amberGreen'],
    [92, 'Amber/Green', 'destination.ks4.amberGreen'],
    [91.99, 'Amber/Red', 'destination.ks4.amberRed'],
    [88, 'Amber/Red', 'destination.ks4.amberRed'],
    [87.99, 'Red', 'destination.ks4.amberRed'],
  ])('KS4 %s%% alone is %s (%s)', (ks4, rating, setting) => {
    const r = rateDestination({ ks4, post16: null }, criteria)
    expect(r).toMatchObject({ rating, status: 'rated', evidence: `KS4 ${ks4}%` })
    expect(r.decidedBy.setting?.key).toBe(setting)
  })

  it('takes the lower of the two stages, and names the stage and threshold that decided', () => {
    const r = rateDestination({ ks4: 96, post16: 84 }, criteria)
    expect(r.rating).toBe('Amber/Red')
    expect(r.evidence).toBe('KS4 96%, post-16 84%')
    expect(r.decidedBy.rule).toContain('The lower of the KS4 and post-16 ratings; post-16')
    expect(r.decidedBy.setting).toEqual({ key: 'destination.post16.amberRed', label: 'Minimum for Amber/Red (post-16)', value: '80%' })
    expect(r.reason).toContain('The element takes the lower of the two: Amber/Red.')
    expect(rateDestination({ ks4: 95, post16: 90 }, criteria).rating).toBe('Green')
    expect(rateDestination({ ks4: null, post16: 79.99 }, criteria).rating).toBe('Red')
  })

  it('is not rated until the partnership sets its criteria (the defaults set none)', () => {
    const r = rateDestination({ ks4: 97, post16: null }, defaultCriteria.destination)
    expect(r).toMatchObject({ rating: null, status: 'criteria-not-set', evidence: 'KS4 97%' })
    expect(r.reason).toContain('has not yet set the Destination Measure criteria for KS4')
    expect(r.decidedBy.setting).toMatchObject({ key: 'destination.ks4', value: 'not set' })
  })

  it('is not rated when one stage with a figure has no criteria, and ignores a stage with neither', () => {
    const ks4Only = frameworkCriteriaSchema.parse({ destination: { ks4: { green: 95, amberGreen: 92, amberRed: 88 } } }).destination
    expect(rateDestination({ ks4: 96, post16: null }, ks4Only).rating).toBe('Green')
    expect(rateDestination({ ks4: 96, post16: 88 }, ks4Only)).toMatchObject({ rating: null, status: 'criteria-not-set' })
    expect(rateDestination({ ks4: 96, post16: 88 }, ks4Only).reason).toContain('for post-16')
  })

  it('is not rated without figures', () => {
    expect(rateDestination({ ks4: null, post16: null }, criteria)).toMatchObject({ rating: null, status: 'not-entered' })
  })
})

describe('quality award and qualified staffing: the framework’s statements', () => {
  it.each([
    ['gained', 'Green'],
    ['working-towards', 'Amber/Green'],
    ['audit-and-plan', 'Amber/Red'],
    ['none', 'Red'],
  ] as const)('quality award “%s” is %s', (code, rating) => {
    const r = rateQualityAward(code)
    expect(r).toMatchObject({ rating, status: 'rated', decidedBy: { setting: null } })
    expect(r.reason).toContain(rating)
  })

  it.each([
    ['level-4', 'Green'],
    ['enrolled-level-4', 'Amber/Green'],
    ['some-cpd', 'Amber/Red'],
    ['no-cpd', 'Red'],
  ] as const)('staffing “%s” is %s', (code, rating) => {
    expect(rateStaffing(code)).toMatchObject({ rating, status: 'rated', decidedBy: { setting: null } })
  })

  it('is not rated when not entered', () => {
    expect(rateQualityAward(null)).toMatchObject({ rating: null, status: 'not-entered' })
    expect(rateStaffing(null)).toMatchObject({ rating: null, status: 'not-entered' })
  })
})

describe('student survey: Signpost’s own rating of the year', () => {
  const dev = ['a', 'b', 'c'].map((key) => ({ key, text: key.toUpperCase(), asked: key !== 'x' }))
  const input = (topThree: string[], extra: Partial<Parameters<typeof studentRag>[0]> = {}, respondents = 40): SurveyElementInput => ({
    respondents,
    rag: studentRag({ development: dev, topThree, baseline: false, tooSmall: false, respondents, minRoundSize: 10, ...extra }),
    development: { keys: ['a', 'b', 'c'], source: 'action-plan', fromYear: '2024/25', questions: dev, changedAfterOpeningOn: null },
    settings: { minCohort: 5, minRoundSize: 10 },
  })

  it.each([
    [['x', 'y', 'z'], 'Green', 0],
    [['a', 'y', 'z'], 'Amber/Green', 1],
    [['a', 'b', 'z'], 'Amber/Red', 2],
    [['a', 'b', 'c'], 'Red', 3],
  ])('top three %j: %s (%i still in the top three)', (topThree, rating, still) => {
    const r = rateSurvey(input(topThree), '2025/26')
    expect(r).toMatchObject({ rating, status: 'rated', evidence: `${still} of 3 development questions still in the top three` })
    expect(r.decidedBy.setting).toEqual({ key: 'development', label: 'Development questions', value: 'chosen in the 2024/25 action plan' })
  })

  it('carries a provisional rating through', () => {
    const dropped = input(['a', 'y', 'z'])
    dropped.rag = studentRag({
      development: [dev[0]!, dev[1]!, { key: 'c', text: 'C', asked: false }],
      topThree: ['a', 'y', 'z'],
      baseline: false,
      tooSmall: false,
      respondents: 40,
      minRoundSize: 10,
    })
    expect(rateSurvey(dropped, '2025/26')).toMatchObject({ rating: 'Amber/Green', provisional: true })
  })

  it('is not rated without a round, in a baseline year, below the minimum size, or below the minimum cohort', () => {
    expect(rateSurvey(null, '2025/26')).toMatchObject({ rating: null, status: 'no-round', reason: 'There is no student survey round in 2025/26.' })
    expect(rateSurvey(input(['a', 'b', 'c'], { baseline: true }), '2025/26')).toMatchObject({ rating: null, status: 'baseline' })
    expect(rateSurvey(input(['a', 'b', 'c'], { tooSmall: true, respondents: 7 }, 7), '2025/26')).toMatchObject({
      rating: null,
      status: 'too-small',
      decidedBy: { setting: { key: 'minRoundSize', value: '10 responses' } },
    })
    // a partnership whose minimum round is below its minimum cohort still shows nothing for a group of 4
    const tiny = input(['x', 'y', 'z'], { minRoundSize: 2 }, 4)
    tiny.settings.minRoundSize = 2
    expect(tiny.rag!.rating).toBe('Green')
    expect(rateSurvey(tiny, '2025/26')).toMatchObject({ rating: null, status: 'too-small', decidedBy: { setting: { key: 'minCohort' } } })
  })

  it('is not rated when last year’s round (7 responses, or none) was too small to set development questions', () => {
    for (const previous of [7, 0]) {
      const small: SurveyElementInput = {
        respondents: 40,
        rag: studentRag({
          development: [],
          topThree: ['a', 'b', 'c'],
          baseline: false,
          tooSmall: false,
          respondents: 40,
          minRoundSize: 10,
          previousTooSmall: { respondents: previous },
        }),
        development: { keys: [], source: 'previous-too-small', fromYear: '2024/25', questions: [], changedAfterOpeningOn: null },
        settings: { minCohort: 5, minRoundSize: 10 },
      }
      const r = rateSurvey(small, '2025/26')
      expect(r).toMatchObject({
        rating: null,
        status: 'too-small',
        evidence: '40 responses',
        reason: `No rating: last year’s round had too few responses to set development questions (${previous} responses, fewer than the 10 needed).`,
        decidedBy: {
          rule: 'Not rated: last year’s round was below the minimum size, too small to set development questions',
          setting: { key: 'minRoundSize', value: '10 responses' },
        },
      })
      // never "Green: 0 of the 0"
      expect(JSON.stringify(r)).not.toContain('Green')
    }
  })
})
