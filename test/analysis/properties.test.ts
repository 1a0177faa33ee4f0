import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildReport } from '../../src/analysis/report.ts'
import { freshDatabase } from '../support/app.ts'
import { miniCatalog, seedOrganisation, seedRound } from '../support/fixtures.ts'

const catalog = miniCatalog()
const point = fc.constantFrom('1', '2', '3', '4', '5', 'dk', null)
const person = fc.record({ year_group: fc.constantFrom('y8', 'y9', 'y10', null), q1: point, q2: point, q3: point, q4: point, q5: point })
const clean = (p: Record<string, string | null>) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== null)) as Record<string, string>

describe('reports over random data', () => {
  it('rank the same whatever order the answers arrived in', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(person, { minLength: 1, maxLength: 40 }), fc.integer(), async (people, seed) => {
        const { db, dispose } = await freshDatabase()
        try {
          const a = await seedOrganisation(db, 'order-a')
          const b = await seedOrganisation(db, 'order-b')
          const shuffled = people.map((p, i) => ({ p, k: (i * 7919 + seed) % 101 })).sort((x, y) => x.k - y.k).map((x) => x.p)
          await seedRound(db, catalog, 'order-a', '2025/26', people.map(clean))
          await seedRound(db, catalog, 'order-b', '2025/26', shuffled.map(clean))
          const ra = await buildReport(db, catalog, { institutionId: a, surveyId: 'mini', year: '2025/26' })
          const rb = await buildReport(db, catalog, { institutionId: b, surveyId: 'mini', year: '2025/26' })
          expect(rb.ranking).toEqual(ra.ranking)
          expect(rb.questions).toEqual(ra.questions)
          expect(rb.breakdowns).toEqual(ra.breakdowns)
        } finally {
          dispose()
        }
      }),
      { numRuns: 20 },
    )
  })

  it('never carry a figure for a group below the minimum cohort', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(person, { minLength: 0, maxLength: 30 }), async (people) => {
        const { db, dispose } = await freshDatabase()
        try {
          const id = await seedOrganisation(db, 'cohort-school')
          await seedRound(db, catalog, 'cohort-school', '2025/26', people.map(clean))
          const report = await buildReport(db, catalog, { institutionId: id, surveyId: 'mini', year: '2025/26' })
          const min = report.settings.minCohort
          for (const q of report.questions) {
            if (q.n + q.dontKnow < min) expect(q).toMatchObject({ suppressed: true, score: null, ci: null, shares: null, n: 0, positive: 0 })
          }
          for (const b of report.breakdowns) {
            const shown = b.groups.filter((g) => !g.suppressed && (g.respondents ?? 0) > 0)
            const hiddenNonEmpty = b.groups.filter((g) => g.suppressed)
            for (const g of shown) expect(g.respondents!).toBeGreaterThanOrEqual(min)
            for (const g of hiddenNonEmpty) expect(g.respondents === null && Object.values(g.scores).every((s) => s === null)).toBe(true)
            // a lone hidden group could be worked out from the total: never exactly one hidden beside a shown one
            if (shown.length > 0) expect(hiddenNonEmpty.length).not.toBe(1)
          }
          if (report.respondents < min) for (const a of report.areas) expect(a.score).toBeNull()
        } finally {
          dispose()
        }
      }),
      { numRuns: 25 },
    )
  })
})
