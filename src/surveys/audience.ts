/** Who answers a survey. One list for the survey files, the database and the report. */
export const audiences = ['student', 'parent', 'staff', 'employer'] as const

export type Audience = (typeof audiences)[number]

/** What each audience is called in running text: "the student survey", "96 students". */
export const audienceWords: Record<Audience, { survey: string; people: string }> = {
  student: { survey: 'student survey', people: 'students' },
  parent: { survey: 'parent and carer survey', people: 'parents and carers' },
  staff: { survey: 'staff survey', people: 'staff' },
  employer: { survey: 'employer and provider survey', people: 'employers and providers' },
}

/** Sorts anything with an audience in the audiences' order: students, parents and carers, staff, employers. */
export const byAudience = (a: { audience: Audience }, b: { audience: Audience }) => audiences.indexOf(a.audience) - audiences.indexOf(b.audience)
