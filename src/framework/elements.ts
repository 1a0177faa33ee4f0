import type { RagRating } from '../analysis/rag.ts'
import type { Report } from '../analysis/report-schema.ts'
import type { FrameworkCriteria, StageThresholds } from './criteria.ts'
import type { CityAverage, ElementResult, Setting } from './result-schema.ts'
import { ratingPoints, qualityAwardStatements, staffingStatements, type ElementId, type QualityAwardCode, type StaffingCode } from './statements.ts'

/**
 * Each element's rating rule. Every function returns the rating (or none, with the reason
 * why), the evidence in words, a sentence of reasoning, and the rule and setting that decided.
 * Pure functions: the fixtures in test/framework/elements.test.ts work each one out by hand.
 */

/** A percentage as entered, without trailing zeros: 94 -> "94%", 94.5 -> "94.5%". */
export const percentWords = (x: number) => `${Number(x.toFixed(2))}%`
export const pointsWords = (x: number) => {
  const v = Number(Math.abs(x).toFixed(2))
  return `${v} ${v === 1 ? 'point' : 'points'}`
}

/** Hundredths: differences of figures with two decimal places, free of floating-point noise. */
export const round2 = (x: number) => Math.round(x * 100) / 100

function result(
  element: ElementId,
  fields: Omit<ElementResult, 'element' | 'provisional' | 'provisionalBecause' | 'status'> &
    Partial<Pick<ElementResult, 'provisional' | 'provisionalBecause' | 'status'>>,
): ElementResult {
  return { element, provisional: false, provisionalBecause: [], status: fields.rating ? 'rated' : 'not-entered', ...fields }
}

// ---------- Destination Measure ----------

const stages = [
  { key: 'ks4', label: 'KS4' },
  { key: 'post16', label: 'post-16' },
] as const

function rateStage(share: number, t: StageThresholds, key: string, label: string): { rating: RagRating; sentence: string; rule: string; setting: Setting } {
  const setting = (which: 'green' | 'amberGreen' | 'amberRed', words: string) => ({
    key: `destination.${key}.${which}`,
    label: `Minimum for ${words} (${label})`,
    value: percentWords(t[which]),
  })
  const at = `${label} ${percentWords(share)}`
  if (share >= t.green)
    return {
      rating: 'Green',
      sentence: `${at}: at least the ${percentWords(t.green)} needed for Green.`,
      rule: 'Green: at least the minimum share for Green',
      setting: setting('green', 'Green'),
    }
  if (share >= t.amberGreen)
    return {
      rating: 'Amber/Green',
      sentence: `${at}: below the ${percentWords(t.green)} for Green, at least the ${percentWords(t.amberGreen)} for Amber/Green.`,
      rule: 'Amber/Green: at least the minimum share for Amber/Green',
      setting: setting('amberGreen', 'Amber/Green'),
    }
  if (share >= t.amberRed)
    return {
      rating: 'Amber/Red',
      sentence: `${at}: below the ${percentWords(t.amberGreen)} for Amber/Green, at least the ${percentWords(t.amberRed)} for Amber/Red.`,
      rule: 'Amber/Red: at least the minimum share for Amber/Red',
      setting: setting('amberRed', 'Amber/Red'),
    }
  return {
    rating: 'Red',
    sentence: `${at}: below the ${percentWords(t.amberRed)} needed for Amber/Red, so Red.`,
    rule: 'Red: below the minimum share for Amber/Red',
    setting: setting('amberRed', 'Amber/Red'),
  }
}

/**
 * Destination Measure: each stage with a figure (KS4, post-16) is rated against the
 * partnership's thresholds for that stage; the element takes the lower of the two. Not rated
 * when no figure is entered, or when a stage with a figure has no thresholds yet.
 */
export function rateDestination(figures: { ks4: number | null; post16: number | null }, criteria: FrameworkCriteria['destination']): ElementResult {
  const present = stages.flatMap((s) => (figures[s.key] === null ? [] : [{ ...s, share: figures[s.key]!, thresholds: criteria[s.key] }]))
  if (present.length === 0) {
    return result('destination', {
      rating: null,
      status: 'not-entered',
      evidence: '',
      reason: 'No Destination Measure figure has been entered for this year.',
      decidedBy: { rule: 'A figure for KS4 or post-16 is needed to rate this element', setting: null },
    })
  }
  const evidence = present.map((s) => `${s.label} ${percentWords(s.share)}`).join(', ')
  const unset = present.filter((s) => !s.thresholds)
  if (unset.length) {
    const names = unset.map((s) => s.label).join(' and ')
    return result('destination', {
      rating: null,
      status: 'criteria-not-set',
      evidence,
      reason: `The partnership has not yet set the Destination Measure criteria for ${names}, so this element is not rated.`,
      decidedBy: {
        rule: 'Not rated until the partnership sets the criteria, which the framework leaves to be decided',
        setting: { key: `destination.${unset[0]!.key}`, label: `Destination Measure thresholds (${names})`, value: 'not set' },
      },
    })
  }
  const rated = present.map((s) => ({ ...s, ...rateStage(s.share, s.thresholds!, s.key, s.label) }))
  const lowest = rated.reduce((low, s) => (ratingPoints[s.rating] < ratingPoints[low.rating] ? s : low))
  const both = rated.length === 2
  return result('destination', {
    rating: lowest.rating,
    evidence,
    reason: rated.map((s) => s.sentence).join(' ') + (both ? ` The element takes the lower of the two: ${lowest.rating}.` : ''),
    decidedBy: { rule: both ? `The lower of the KS4 and post-16 ratings; ${lowest.label}: ${lowest.rule}` : lowest.rule, setting: lowest.setting },
  })
}

// ---------- Year 11 progression into EET ----------

/**
 * A computed city average is shown to an institution's own staff (a coordinator or viewer)
 * only when it rests on at least this many institutions besides their own. They know their own
 * figure, so the mean of it and one other's gives the other's away (2 × mean − own), and with
 * two others it gives their sum; a distance from the average, or a rule narrower than the
 * rating, does the same. The lead, who sees every institution's figure, sees every average.
 */
export const minOtherInstitutions = 3

/** What the pages say where a city average is withheld. */
export const withheldWords = `not shown: fewer than ${minOtherInstitutions} other institutions have a figure for this year`

/**
 * The city average as the staff of one institution, whose own figure is `own`, may see it: an
 * entered average (the partnership's published figure), or one computed from at least
 * `minOtherInstitutions` other institutions, as it is; otherwise marked `withheld`, its value
 * kept for rating only.
 */
export function cityAverageFor(city: CityAverage, own: number | null): CityAverage {
  if (city.source === 'entered' || city.value === null) return city
  const others = city.institutions - (own === null ? 0 : 1)
  return others >= minOtherInstitutions ? city : { ...city, withheld: true }
}

/** Every band of the Year 11 rule, in words: the same whatever the average and the figure. */
export function y11BandsWords(c: FrameworkCriteria['y11']): string {
  return (
    `Green more than ${pointsWords(c.atWidth)} above; Amber/Green within ${pointsWords(c.atWidth)}; ` +
    `Amber/Red up to ${pointsWords(c.amberRedDepth)} below; ${c.gapBand} ${Number(c.amberRedDepth.toFixed(2))} to ${pointsWords(c.redDepth)} below; ` +
    `Red more than ${pointsWords(c.redDepth)} below`
  )
}

/**
 * Year 11 progression, by the rule of `rateY11Shown` below; where the city average is `withheld`, the
 * rating stays but the evidence, reason and rule name neither the average nor the distance
 * from it nor the band that decided: two partnerships whose other figures differ but give the
 * same rating give the same words.
 */
export function rateY11(share: number | null, city: CityAverage, c: FrameworkCriteria['y11']): ElementResult {
  const rated = rateY11Shown(share, city, c)
  if (!city.withheld || share === null || !rated.rating) return rated
  return result('y11', {
    rating: rated.rating,
    evidence: `${percentWords(share)} (city average not shown)`,
    reason: `${percentWords(share)}: ${rated.rating} against the city average, which is ${withheldWords}.`,
    decidedBy: {
      rule: 'Rated by how far the figure is from the city average',
      setting: { key: 'y11', label: 'Bands around the city average', value: y11BandsWords(c) },
    },
  })
}

/**
 * Year 11 progression: the institution's share in education, employment or training against
 * the city average, in percentage points (to two decimal places). Green above "at"; at the
 * average within `atWidth` either side (inclusive); Amber/Red down to `amberRedDepth` below
 * (inclusive); Red more than `redDepth` below; between those two depths, `gapBand`.
 */
function rateY11Shown(share: number | null, city: CityAverage, c: FrameworkCriteria['y11']): ElementResult {
  if (share === null) {
    return result('y11', {
      rating: null,
      status: 'not-entered',
      evidence: '',
      reason: 'No Year 11 progression figure has been entered for this year.',
      decidedBy: { rule: 'A figure is needed to rate this element', setting: null },
    })
  }
  if (city.value === null) {
    return result('y11', {
      rating: null,
      status: 'not-entered',
      evidence: percentWords(share),
      reason: 'There is no city average to compare with.',
      decidedBy: { rule: 'A city average is needed to rate this element', setting: null },
    })
  }
  const average = city.value
  const gap = round2(share - average)
  const source =
    city.source === 'entered' ? 'entered by the partnership' : `the mean of ${city.institutions} ${city.institutions === 1 ? 'institution' : 'institutions'}`
  const against = `${percentWords(share)} against a city average of ${percentWords(average)} (${source})`
  const evidence = `${percentWords(share)} (city average ${percentWords(average)})`
  const distance = gap === 0 ? 'the same as the average' : `${pointsWords(gap)} ${gap > 0 ? 'above' : 'below'}`
  const atSetting: Setting = { key: 'y11.atWidth', label: 'Width of “at the city average”', value: `${pointsWords(c.atWidth)} either side` }
  if (gap > c.atWidth) {
    return result('y11', {
      rating: 'Green',
      evidence,
      reason: `${against}: ${distance}, more than the ${pointsWords(c.atWidth)} that still count as at the average.`,
      decidedBy: { rule: 'Green: above the city average', setting: atSetting },
    })
  }
  if (gap >= -c.atWidth) {
    return result('y11', {
      rating: 'Amber/Green',
      evidence,
      reason: `${against}: ${distance}, within ${pointsWords(c.atWidth)} either side, so at the average.`,
      decidedBy: { rule: 'Amber/Green: at the city average', setting: atSetting },
    })
  }
  if (gap >= -c.amberRedDepth) {
    return result('y11', {
      rating: 'Amber/Red',
      evidence,
      reason: `${against}: ${distance}, no more than ${pointsWords(c.amberRedDepth)} below.`,
      decidedBy: {
        rule: `Amber/Red: up to ${pointsWords(c.amberRedDepth)} below the city average`,
        setting: { key: 'y11.amberRedDepth', label: 'Depth of the Amber/Red band', value: `${pointsWords(c.amberRedDepth)} below` },
      },
    })
  }
  if (gap < -c.redDepth) {
    return result('y11', {
      rating: 'Red',
      evidence,
      reason: `${against}: ${distance}, more than ${pointsWords(c.redDepth)} below.`,
      decidedBy: {
        rule: `Red: more than ${pointsWords(c.redDepth)} below the city average`,
        setting: { key: 'y11.redDepth', label: 'Depth beyond which it is Red', value: `${pointsWords(c.redDepth)} below` },
      },
    })
  }
  return result('y11', {
    rating: c.gapBand,
    evidence,
    reason: `${against}: ${distance}, more than ${pointsWords(c.amberRedDepth)} and no more than ${pointsWords(c.redDepth)} below. The framework does not rate this band; the partnership’s setting makes it ${c.gapBand}.`,
    decidedBy: {
      rule: `Between ${pointsWords(c.amberRedDepth)} and ${pointsWords(c.redDepth)} below the city average: a band the framework leaves undefined`,
      setting: { key: 'y11.gapBand', label: `Rating from ${pointsWords(c.amberRedDepth)} to ${pointsWords(c.redDepth)} below`, value: c.gapBand },
    },
  })
}

// ---------- quality award and qualified staffing ----------

function rateStatement<C extends string>(
  element: 'quality' | 'staffing',
  code: C | null,
  statements: Record<C, { rating: RagRating; text: string }>,
  what: string,
): ElementResult {
  if (code === null) {
    return result(element, {
      rating: null,
      status: 'not-entered',
      evidence: '',
      reason: `No ${what} statement has been entered for this year.`,
      decidedBy: { rule: 'A statement is needed to rate this element', setting: null },
    })
  }
  const s = statements[code]
  return result(element, {
    rating: s.rating,
    evidence: s.text,
    reason: `${s.text}: the framework rates this ${s.rating}.`,
    decidedBy: { rule: `The framework’s statement for ${s.rating}`, setting: null },
  })
}

/** Quality award: the framework's four statements, Green (award gained) to Red (no audit, or no plan). */
export const rateQualityAward = (code: QualityAwardCode | null) => rateStatement('quality', code, qualityAwardStatements, 'quality award')

/** Qualified staffing: the framework's four statements, Green (Level 4 qualified) to Red (no formal training). */
export const rateStaffing = (code: StaffingCode | null) => rateStatement('staffing', code, staffingStatements, 'qualified staffing')

// ---------- student survey ----------

/** What the student-survey element reads from the year's report (null: no student round that year). */
export type SurveyElementInput = Pick<Report, 'respondents' | 'rag' | 'development'> & {
  settings: Pick<Report['settings'], 'minCohort' | 'minRoundSize'>
  /** The round's coverage check (src/coverage/): its reasons make the rating provisional. */
  coverage?: Pick<Report['coverage'], 'provisional' | 'reasons'>
}

/**
 * The student survey: Signpost's own student-survey RAG for the year (how many of the three
 * development questions are still in the top three). Not rated without a round, in a baseline
 * year, when the round is too small to rate or below the minimum cohort, or when last year's
 * round was too small (or empty) to set development questions.
 */
export function rateSurvey(report: SurveyElementInput | null, year: string): ElementResult {
  if (!report || !report.rag) {
    return result('survey', {
      rating: null,
      status: 'no-round',
      evidence: '',
      reason: `There is no student survey round in ${year}.`,
      decidedBy: { rule: 'A student survey round is needed to rate this element', setting: null },
    })
  }
  const { rag, respondents, settings } = report
  const responses = `${respondents} ${respondents === 1 ? 'response' : 'responses'}`
  if (respondents < settings.minCohort) {
    return result('survey', {
      rating: null,
      status: 'too-small',
      evidence: responses,
      reason: `${responses}: fewer than the minimum group of ${settings.minCohort}, so no result of this round is shown.`,
      decidedBy: {
        rule: 'No result is shown for a group below the minimum cohort',
        setting: { key: 'minCohort', label: 'Minimum group shown', value: `${settings.minCohort} respondents` },
      },
    })
  }
  if (rag.baseline) {
    return result('survey', {
      rating: null,
      status: 'baseline',
      evidence: responses,
      reason: rag.explanation,
      decidedBy: { rule: 'A baseline year has no rating: there is no earlier round to compare with', setting: null },
    })
  }
  if (!rag.tooSmall && (rag.previousTooSmall || report.development.questions.length === 0)) {
    // last year's round set no development questions (too few responses, or none): nothing to rate against
    return result('survey', {
      rating: null,
      status: 'too-small',
      evidence: responses,
      reason: rag.explanation,
      decidedBy: {
        rule: rag.previousTooSmall
          ? 'Not rated: last year’s round was below the minimum size, too small to set development questions'
          : 'Not rated: last year’s round set no development questions',
        setting: { key: 'minRoundSize', label: 'Smallest round that is rated', value: `${settings.minRoundSize} responses` },
      },
    })
  }
  if (rag.tooSmall || !rag.rating) {
    return result('survey', {
      rating: null,
      status: 'too-small',
      evidence: responses,
      reason: rag.explanation,
      decidedBy: {
        rule: 'A round below the minimum size is too small to rate',
        setting: { key: 'minRoundSize', label: 'Smallest round that is rated', value: `${settings.minRoundSize} responses` },
      },
    })
  }
  const dev = report.development
  const still = rag.remaining.length
  const notAsked = rag.notAsked.length
  return result('survey', {
    rating: rag.rating,
    provisional: rag.provisional,
    provisionalBecause: [
      ...(notAsked ? [`${notAsked} of the development questions ${notAsked === 1 ? 'was' : 'were'} not asked this year.`] : []),
      ...(report.coverage?.provisional ? report.coverage.reasons : []),
    ],
    evidence: `${still} of ${dev.questions.length} development questions still in the top three`,
    reason: rag.explanation,
    decidedBy: {
      rule: `${rag.rating}: ${still} of the development questions still in this year’s top three (none Green, one Amber/Green, two Amber/Red, three Red)`,
      setting: {
        key: 'development',
        label: 'Development questions',
        value: dev.source === 'action-plan' ? `chosen in the ${dev.fromYear} action plan` : `the top three of ${dev.fromYear}`,
      },
    },
  })
}
