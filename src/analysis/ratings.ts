/** The four ratings of the IAG Improvement Framework, best first: one list for the report, the framework and the badges. */
export const ragRatings = ['Green', 'Amber/Green', 'Amber/Red', 'Red'] as const
export type RagRating = (typeof ragRatings)[number]
