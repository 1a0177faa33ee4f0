import { afterEach, describe, expect, it } from 'vitest'
import { agreementKeys } from '../support/app.ts'
import { insiderSchool, withoutWriting } from './support.ts'

/**
 * Attack: padding a report with known answers to read one student's answers from its means.
 *
 * The insider lets one real student answer, posts 4 responses of their own (every agreement
 * question answered 3, "neither"), and reads the report: 5 answers, the minimum cohort, so every
 * figure is shown. With a mean on the 1–5 scale per question, 5 × mean − 4 × 3 is the student's
 * exact answer to every one of the 25 agreement questions.
 *
 * The counts that a score is made of are shown from 5 answers, so padding still tells the
 * insider whether the student agreed, was neutral or disagreed (what one-time codes and the
 * refresh steps of the round are for); what must not come back is anything finer than that,
 * such as "strongly agree" rather than "agree". So: two students whose answers differ only in
 * strength (5 for 4, 1 for 2) must leave the report, its JSON and its CSV exactly the same.
 */

const keys = agreementKeys()
/** The real student's answers: every scale point, in turn. */
const realAnswers = Object.fromEntries(keys.map((k, i) => [k, String((i % 5) + 1)]))
/** A student who agreed and disagreed on the same questions, but each time with the other strength. */
const otherStrength = Object.fromEntries(
  Object.entries(realAnswers).map(([k, v]) => [k, ({ '1': '2', '2': '1', '4': '5', '5': '4' } as Record<string, string>)[v] ?? v]),
)
const padding = Object.fromEntries(keys.map((k) => [k, '3']))

const schools: Awaited<ReturnType<typeof insiderSchool>>[] = []
afterEach(() => {
  for (const s of schools.splice(0)) s.dispose()
})

/** One real student and the insider's 4 known responses, in a round then closed (its figures final). */
async function paddedRound(real: Record<string, string>) {
  const school = await insiderSchool()
  schools.push(school)
  await school.post(withoutWriting(real))
  for (let i = 0; i < 4; i++) await school.post(withoutWriting(padding))
  await school.close()
  return school
}

/** What the insider can work out from the JSON report: each question's exact answer, where a mean gives it away. */
function recoveredExactly(report: { questions: Record<string, unknown>[] }): Record<string, string> {
  const found: Record<string, string> = {}
  for (const q of report.questions) {
    const mean = q.mean
    if (typeof mean === 'number' && q.n === 5) found[String(q.key)] = String(Math.round(mean * 5 - 4 * 3))
  }
  return found
}

describe('means-padding: one real response padded with 4 known ones', () => {
  it('gives no question’s exact answer back from the JSON report', async () => {
    const school = await paddedRound(realAnswers)
    const report = await school.reportJson()
    expect(report.respondents).toBe(5)
    const recovered = recoveredExactly(report)
    expect(Object.keys(recovered).length, `answers recovered exactly: ${JSON.stringify(recovered)}`).toBe(0)
    // no figure on the 1–5 scale anywhere: not per question, not per area
    for (const q of [...report.questions, ...report.areas]) expect(q).not.toHaveProperty('mean')
  })

  it('shows the same report, JSON and CSV whether the student answered “strongly” or not', async () => {
    const a = await paddedRound(realAnswers)
    const b = await paddedRound(otherStrength)
    const strip = (text: string, code: string) => text.split(code).join('CODE')
    const json = async (s: typeof a) => JSON.parse(strip(JSON.stringify(await s.reportJson()), s.code()))
    expect(await json(b)).toEqual(await json(a))
    expect(await b.reportCsv()).toBe(await a.reportCsv())
    expect(strip(await b.reportPage(), b.code())).toBe(strip(await a.reportPage(), a.code()))
  })
})
