import { afterEach, describe, expect, it } from 'vitest'
import { insiderSchool, sectionById, withoutWriting } from './support.ts'

/**
 * Attack: padding a round so that one student's written answer is shown.
 *
 * Written answers are shown to the coordinator from `minFreeTextCohort` (10). When that counts
 * the round's respondents, the insider lets one student answer, posts 9 responses of their own
 * that write nothing, and the report page shows the round's single written answer: the
 * student's, word for word. Watching an open round does the same without posting anything:
 * read the written answers, let one student answer, read them again.
 *
 * What must hold: a question's written answers are shown only when at least 10 different
 * respondents wrote one to that question, and only once the round is closed; while it is open,
 * or below 10 writers, the page says so without saying how many have written (which would be a
 * counter to watch). Each answer shown is isolated for direction (`dir="auto"`), so a
 * right-to-left answer cannot reorder the text around it.
 */

const secret = 'Please tell Mr Patel that I want to leave for the college in Year 11'
const schools: Awaited<ReturnType<typeof insiderSchool>>[] = []
afterEach(() => {
  for (const s of schools.splice(0)) s.dispose()
})

async function school() {
  const s = await insiderSchool()
  schools.push(s)
  return s
}

/** The free-text section of the report page, as the coordinator reads it. */
const freeTextSection = async (s: Awaited<ReturnType<typeof insiderSchool>>) => sectionById(await s.reportPage(), 'free-text')

describe('free-text-padding: one real written answer among padded responses', () => {
  it('does not show a single student’s written answer behind 9 padded responses, open or closed', async () => {
    const s = await school()
    await s.post(withoutWriting({ what_would_help_most: secret }))
    for (let i = 0; i < 9; i++) await s.post(withoutWriting())
    expect((await s.reportJson()).respondents).toBe(10)

    const open = await freeTextSection(s)
    expect(open).not.toContain('Mr Patel')
    expect(open).toContain('This round is still open: written answers appear when it closes.')
    await s.close()
    const closed = await freeTextSection(s)
    expect(closed).not.toContain('Mr Patel')
    expect(closed).toMatch(/Too few written answers to show/)
    expect(await s.reportPage()).not.toContain('Mr Patel')
  })

  it('counts the writers of each question: 10 writers of one question do not open another with 1', async () => {
    const s = await school()
    for (let i = 0; i < 10; i++) await s.post(withoutWriting({ what_would_help_most: `More college visits, please (${i})` }))
    await s.post(withoutWriting({ anything_else: secret }))
    await s.close()
    const html = await freeTextSection(s)
    expect(html).toContain('More college visits, please (0)')
    expect(html).not.toContain('Mr Patel')
  })
})

describe('free-text-padding: watching an open round', () => {
  it('shows no written answer and no count of them while the round is open, so one student’s arrival changes nothing', async () => {
    const s = await school()
    for (let i = 0; i < 12; i++) await s.post(withoutWriting({ what_would_help_most: `Work experience in Year 10 (${i})` }))
    const before = await freeTextSection(s)
    await s.post(withoutWriting({ what_would_help_most: secret }))
    const after = await freeTextSection(s)
    expect(after).toBe(before)
    expect(after).not.toContain('Work experience')
    expect(after).toContain('This round is still open: written answers appear when it closes.')
  })

  it('shows nothing more of a closed question below 10 writers as writers are added (no count to read)', async () => {
    const a = await school()
    const b = await school()
    // both rounds of 10 respondents: 1 writer in one, 9 in the other
    await a.post(withoutWriting({ what_would_help_most: 'one' }))
    for (let i = 0; i < 9; i++) await a.post(withoutWriting())
    for (let i = 0; i < 9; i++) await b.post(withoutWriting({ what_would_help_most: `answer ${i}` }))
    await b.post(withoutWriting())
    await a.close()
    await b.close()
    expect(await freeTextSection(b)).toBe(await freeTextSection(a))
  })
})

describe('free-text-padding: what is shown', () => {
  it('shows the written answers of a closed question with 10 writers, each isolated for direction', async () => {
    const s = await school()
    const urdu = 'کالج کے بارے میں مزید معلومات'
    for (let i = 0; i < 9; i++) await s.post(withoutWriting({ what_would_help_most: `Talk to employers (${i})` }))
    await s.post(withoutWriting({ what_would_help_most: urdu }), 'ur')
    await s.close()
    const html = await freeTextSection(s)
    expect(html).toContain('10 answers')
    expect(html).toContain(`<li dir="auto">${urdu}</li>`)
    expect(html).toContain('<li dir="auto">Talk to employers (0)</li>')
  })
})
