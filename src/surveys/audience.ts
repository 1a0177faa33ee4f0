/** Who answers a survey. One list for the survey files, the database and the report. */
export const audiences = ['student', 'parent'] as const

export type Audience = (typeof audiences)[number]
