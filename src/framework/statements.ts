import { ragRatings, type RagRating } from '../analysis/rag.ts'

/**
 * The five elements of the IAG Improvement Framework, their names, and the fixed statements
 * of the two elements that are rated by a statement (quality award, qualified staffing). The
 * statements are the framework's four levels, written in Signpost's own words; each maps to one
 * rating and the mapping is the framework's, not a setting.
 */

export const elementIds = ['destination', 'y11', 'quality', 'staffing', 'survey'] as const
export type ElementId = (typeof elementIds)[number]

export const elementNames: Record<ElementId, string> = {
  destination: 'Destination Measure',
  y11: 'Year 11 progression into education, employment or training',
  quality: 'Quality award',
  staffing: 'Qualified staffing',
  survey: 'Student survey',
}

/** Short names for table headings and CSV columns. */
export const elementShortNames: Record<ElementId, string> = {
  destination: 'Destination Measure',
  y11: 'Year 11 EET',
  quality: 'Quality award',
  staffing: 'Qualified staffing',
  survey: 'Student survey',
}

/** Points per rating, used by the overall methods: Green 4, Amber/Green 3, Amber/Red 2, Red 1. */
export const ratingPoints: Record<RagRating, number> = { Green: 4, 'Amber/Green': 3, 'Amber/Red': 2, Red: 1 }

export function ratingOfPoints(points: 1 | 2 | 3 | 4): RagRating {
  return ragRatings[4 - points]!
}

export const qualityAwardCodes = ['gained', 'working-towards', 'audit-and-plan', 'none'] as const
export type QualityAwardCode = (typeof qualityAwardCodes)[number]

export const qualityAwardStatements: Record<QualityAwardCode, { rating: RagRating; text: string }> = {
  gained: { rating: 'Green', text: 'Holds a quality award for its careers guidance' },
  'working-towards': { rating: 'Amber/Green', text: 'Is working towards a quality award' },
  'audit-and-plan': { rating: 'Amber/Red', text: 'Has completed an IAG audit and agreed an action plan from it' },
  none: { rating: 'Red', text: 'Has no IAG audit yet, or an audit without an agreed action plan' },
}

export const staffingCodes = ['level-4', 'enrolled-level-4', 'some-cpd', 'no-cpd'] as const
export type StaffingCode = (typeof staffingCodes)[number]

export const staffingStatements: Record<StaffingCode, { rating: RagRating; text: string }> = {
  'level-4': { rating: 'Green', text: 'The member of staff giving guidance holds a Level 4 guidance qualification' },
  'enrolled-level-4': { rating: 'Amber/Green', text: 'The member of staff is enrolled on professional development leading to Level 4' },
  'some-cpd': { rating: 'Amber/Red', text: 'The member of staff has done some formal professional development in guidance' },
  'no-cpd': { rating: 'Red', text: 'The member of staff has had no formal professional development in guidance' },
}

/** Keys of the framework action plan: one per entered element, and one for the framework as a whole. */
export const actionKeys = ['destination', 'y11', 'quality', 'staffing', 'overall'] as const
export type ActionKey = (typeof actionKeys)[number]
export const actionNames: Record<ActionKey, string> = {
  destination: elementNames.destination,
  y11: elementNames.y11,
  quality: elementNames.quality,
  staffing: elementNames.staffing,
  overall: 'Across the framework',
}
