import fc from 'fast-check'
import Papa from 'papaparse'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { recordActionPlan } from '../../src/analysis/action-plan.ts'
import { buildReport } from '../../src/analysis/report.ts'
import type { Db } from '../../src/db/database.ts'
import { evidenceCsv } from '../../src/evidence/evidence-csv.ts'
import { impactOf } from '../../src/evidence/impact.ts'
import { impactMarkdown } from '../../src/evidence/statement-text.ts'
import { publishYouSaid } from '../../src/framework/you-said.ts'
import { closeRound } from '../../src/rounds/rounds.ts'
import { catalog as shipped, freshDatabase, studentAnswers, testApp } from '../support/app.ts'
import { addUser } from '../../src/auth/users.ts'
import { signIn, staffPassword as password } from '../support/staff.ts'
import { handYear1, miniCatalog, respondents, seedOrganisation, seedRound } from '../support/fixtures.ts'

const mini = miniCatalog('v1')
let db: Db
let dispose: () => void
let institutionId: number
beforeEach(async () => {
  ;({ db, dispose } = await freshDatabase())
  institutionId = await seedOrganisation(db)
})
afterEach(() => dispose())

const institution = () => ({ id: institutionId, slug: 'elm-school', name: 'elm-school name', partnershipId: 1 })

describe('the careers impact statement', () => {
  it('says how the year was measured, what the results say and what is being done, from the report’s own figures', async () => {
    const round = await seedRound(db, mini, 'elm-school', '2024/25', respondents(handYear1))
    await closeRound(db, round)
    const survey = mini.get('mini')!
    await recordActionPlan(db, survey, round, { developmentKeys: ['q1', 'q3', 'q2'], actions: { q1: 'A careers adviser in every tutor group.' } })
    await publishYouSaid(db, survey, round.id, [{ questionKey: 'q1', weDid: '=HYPERLINK("x") We added a careers fair.' }])

    const impact = await impactOf(db, mini, institution(), '2024/25', 5)
    expect(impact.rounds).toHaveLength(1)
    // hand-computed (test/support/fixtures.ts): ten students; top three q1 (0.2), q3 (0.3), q2 (0.3)
    expect(impact.rounds[0]).toMatchObject({ respondents: 10, status: 'closed', people: 'students' })
    expect(impact.rounds[0]!.topThree.map((p) => [p.key, p.score])).toEqual([
      ['q1', 0.2],
      ['q3', 0.3],
      ['q2', 0.3],
    ])
    const md = impactMarkdown(impact)
    expect(md).toContain('# Careers impact statement: elm-school name, 2024/25')
    expect(md).toContain('10 students answered')
    expect(md).toContain('1. “Statement q1.” (20% agree)')
    expect(md).toContain('- “Statement q1.”: A careers adviser in every tutor group.')
    expect(md).toContain('We did: =HYPERLINK("x") We added a careers fair.')
    expect(md).toContain('We never show a figure made of fewer than 5 answers')
    expect(md).toContain('next with the 2025/26 surveys, in the autumn term of 2025/26')

    // the evidence pack: one row per round, and no cell a spreadsheet would run as a formula
    const [header, row] = Papa.parse<string[]>(evidenceCsv(impact).replace(/^\uFEFF/, '')).data
    expect(header).toContain('Top three priority areas')
    const cell = (name: string) => row![header!.indexOf(name)]
    expect(cell('Responses')).toBe('10')
    expect(cell('Top three priority areas')).toBe('“Statement q1.” (20% agree); “Statement q3.” (30% agree); “Statement q2.” (30% agree)')
    expect(cell('You said, we did')).toBe('“Statement q1.”: =HYPERLINK("x") We added a careers fair.')
    expect(row!.every((c) => !/^\s*[=+\-@]/.test(c))).toBe(true)
  })

  it('gives no figures of a round still open, and says when the next review is', async () => {
    await seedRound(db, mini, 'elm-school', '2024/25', respondents(handYear1))
    const impact = await impactOf(db, mini, institution(), '2024/25', 5)
    expect(impact.rounds[0]).toMatchObject({ status: 'open', topThree: [], rating: null })
    const md = impactMarkdown(impact)
    expect(md).toContain('still open: results when it closes')
    expect(md).not.toContain('What the results tell us')
  })

  it('shows nothing about a group smaller than the minimum cohort, however many answered (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 13 }), fc.boolean(), async (count, close) => {
        const t = await testApp()
        try {
          for (let i = 0; i < count; i++) {
            const res = await t.app.request(`/api/surveys/${t.code}/responses`, {
              method: 'POST',
              body: JSON.stringify({ submissionId: crypto.randomUUID(), answers: studentAnswers() }),
              headers: { 'content-type': 'application/json' },
            })
            expect(res.status).toBe(201)
          }
          if (close) await closeRound(t.db, t.round)
          const inst = { id: t.round.institutionId, slug: 'oak-school', name: 'Oak School', partnershipId: 1 }
          const impact = await impactOf(t.db, shipped, inst, '2025/26', 5)
          const report = await buildReport(t.db, shipped, { institutionId: inst.id, surveyId: 'student-iag', year: '2025/26' })
          const r = impact.rounds[0]!
          // the respondents the report's figures rest on: in steps of the minimum cohort, so never 1 to 4
          expect(r.respondents).toBe(report.respondents)
          expect(r.respondents === 0 || r.respondents >= 5).toBe(true)
          // priority areas only from a closed round whose report shows them
          expect(r.topThree.map((p) => p.key)).toEqual(close ? report.topThree : [])
          for (const p of r.topThree) expect(p.score).toBe(report.questions.find((q) => q.key === p.key)!.score)
          if (r.respondents < 5) expect(impactMarkdown(impact)).not.toContain('% agree')
        } finally {
          t.dispose()
        }
      }),
      { numRuns: 10 },
    )
  })
})

describe('the pages', () => {
  it('give the statement as a page, as Markdown to download and the evidence pack as CSV', async () => {
    const t = await testApp()
    try {
      await addUser(t.db, {
        email: 'oak@school.test',
        name: 'Oak Coordinator',
        role: 'coordinator',
        partnership: 'test-city',
        institution: 'oak-school',
        password,
      })
      const cookie = await signIn(t.app, 'oak@school.test')
      const base = `/dashboard/institutions/${t.round.institutionId}`
      const page = await t.app.request(`${base}/impact?year=2025/26`, { headers: { cookie } })
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('How we measure the impact of our careers programme')
      const md = await t.app.request(`${base}/impact.md?year=2025/26`, { headers: { cookie } })
      expect(md.headers.get('content-disposition')).toBe('attachment; filename="oak-school-2025-26-impact-statement.md"')
      expect(await md.text()).toContain('# Careers impact statement: Oak School, 2025/26')
      const csv = await t.app.request(`${base}/evidence.csv?year=2025/26`, { headers: { cookie } })
      expect(csv.headers.get('content-type')).toContain('text/csv')
      expect(csv.headers.get('cache-control')).toBe('no-store')
    } finally {
      t.dispose()
    }
  })
})
