import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import Papa from 'papaparse'
import { reportCsv } from '../../src/analysis/export.ts'
import { buildReport } from '../../src/analysis/report.ts'
import { reportAsText } from '../../src/analysis/report-text.ts'
import { setRoll } from '../../src/coverage/rolls.ts'
import { createApp } from '../../src/app.ts'
import { addUser } from '../../src/auth/users.ts'
import { rateSurvey } from '../../src/framework/elements.ts'
import { signIn, staffPassword } from '../support/staff.ts'
import { agreementKeys, catalog, freshDatabase } from '../support/app.ts'
import { seedOrganisation, seedRound } from '../support/fixtures.ts'

/** The report of a real round, its rating and the framework element, with the sizes against it. */

let fresh: Awaited<ReturnType<typeof freshDatabase>>
let oak: number
beforeEach(async () => {
  fresh = await freshDatabase()
  oak = await seedOrganisation(fresh.db, 'oak-school')
})
afterEach(() => fresh.dispose())

const people = (groups: Record<string, number>) =>
  Object.entries(groups).flatMap(([year, n]) =>
    Array.from({ length: n }, (_, i) => ({ year_group: year, ...Object.fromEntries(agreementKeys().map((k, j) => [k, String(((i + j) % 5) + 1)])) })),
  )

async function seedYears(thisYear: Record<string, number>) {
  await seedRound(fresh.db, catalog, 'oak-school', '2024/25', people({ y10: 20, y11: 20 }), 'student-iag')
  await seedRound(fresh.db, catalog, 'oak-school', '2025/26', people(thisYear), 'student-iag')
}
const report = () => buildReport(fresh.db, catalog, { institutionId: oak, surveyId: 'student-iag', year: '2025/26' })

describe('a rating that checks its own coverage', () => {
  it('with no sizes entered says the rate is unknown and does not mark the rating provisional', async () => {
    await seedYears({ y10: 14, y11: 45 })
    const r = await report()
    expect(r.rag?.rating).not.toBeNull()
    expect(r.rag?.provisional).toBe(false)
    expect(r.coverage).toMatchObject({ status: 'unknown', rate: null, provisional: false })
  })

  it('is provisional when a year group is more than 30 points below the overall rate, in the report and the framework element', async () => {
    await seedYears({ y10: 14, y11: 45 })
    await setRoll(fresh.db, oak, '2024/25', { y8: 0, y9: 0, y10: 50, y11: 50, y12: 0, y13: 0 })
    const r = await report()
    // carried from last year
    expect(r.coverage).toMatchObject({ status: 'known', carried: true, rollYear: '2024/25', onRoll: 100, respondents: 59, rate: 0.59 })
    expect(r.coverage.reasons).toEqual(['Year 10: 28% against 59% overall.'])
    expect(r.rag).toMatchObject({ provisional: true })
    expect(r.rag!.explanation).toContain('Year 10: 28% against 59% overall.')
    const element = rateSurvey(r, '2025/26')
    expect(element.provisional).toBe(true)
    expect(element.reason).toContain('Year 10: 28% against 59% overall.')
    expect(element.provisionalBecause).toEqual(['Year 10: 28% against 59% overall.'])
    // the text report says the same, year group by year group
    const text = reportAsText(r)
    expect(text).toContain('Response rate: 59% (59 of 100 on roll)')
    expect(text).toContain('By year group: Year 8 none on roll, Year 9 none on roll, Year 10 28%, Year 11 90%')
    expect(text).toContain('  Year 10: 28% against 59% overall.')
    // and so does the report CSV, on every row
    const csv = Papa.parse<Record<string, string>>(reportCsv(r).replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data
    expect(csv[0]).toMatchObject({
      response_rate_percent: '59',
      response_rate_by_year_group: 'Year 8 none on roll; Year 9 none on roll; Year 10 28%; Year 11 90%; Year 12 none on roll; Year 13 none on roll',
    })
  })

  it('gives a year group the report hides as a band in the report CSV, never its exact rate', async () => {
    // Year 10: 4 answered, fewer than the minimum cohort: its count is hidden, so 4 / 50 = 8% must not be given
    await seedYears({ y10: 4, y11: 45 })
    await setRoll(fresh.db, oak, '2025/26', { y8: 0, y9: 0, y10: 50, y11: 50, y12: 0, y13: 0 })
    const r = await report()
    const [row] = Papa.parse<Record<string, string>>(reportCsv(r).replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data
    expect(row!.response_rate_by_year_group).toContain('Year 10 under 10%')
    expect(row!.response_rate_by_year_group).not.toContain('8%')
  })

  it('gives the reason beside the provisional rating in the partnership matrix', async () => {
    await seedYears({ y10: 14, y11: 45 })
    await setRoll(fresh.db, oak, '2025/26', { y8: 0, y9: 0, y10: 50, y11: 50, y12: 0, y13: 0 })
    await addUser(fresh.db, { email: 'lead@fixture.test', name: 'Lead', role: 'lead', partnership: 'fixture-city', password: staffPassword })
    const app = createApp({ getDb: () => fresh.db, catalog })
    const res = await app.request('/dashboard/framework?year=2025/26', { headers: { cookie: await signIn(app, 'lead@fixture.test') } })
    const row = /<tr data-institution="oak-school">([\s\S]*?)<\/tr>/.exec(await res.text())![1]!
    const cell = /<td data-element="survey">([\s\S]*?)<\/td>/.exec(row)![1]!.replace(/<[^>]+>/g, '')
    expect(cell).toContain('(provisional)')
    expect(cell).toContain('Provisional: Year 10: 28% against 59% overall.')
  })

  it('is not provisional at a gap of exactly 30 points', async () => {
    // Year 10: 15 of 50 = 30%, Year 11: 45 of 50 = 90%, overall 60%
    await seedYears({ y10: 15, y11: 45 })
    await setRoll(fresh.db, oak, '2025/26', { y8: 0, y9: 0, y10: 50, y11: 50, y12: 0, y13: 0 })
    expect((await report()).rag?.provisional).toBe(false)
  })

  it('is not provisional at exactly 40% of the roll, and is one student on roll later', async () => {
    // 40 responses of 100 on roll, 20 of 50 in each year group
    await seedYears({ y10: 20, y11: 20 })
    await setRoll(fresh.db, oak, '2025/26', { y8: 0, y9: 0, y10: 50, y11: 50, y12: 0, y13: 0 })
    const r = await report()
    expect(r.coverage).toMatchObject({ onRoll: 100, rate: 0.4, provisional: false })
    expect(r.rag?.provisional).toBe(false)
    // 40 of 101 is below 40%
    await setRoll(fresh.db, oak, '2025/26', { y11: 51 })
    const below = await report()
    expect(below.coverage.reasons).toEqual(['Responses from 39% of students on roll, below the 40% the partnership asks for.'])
    expect(below.rag?.provisional).toBe(true)
  })
})
