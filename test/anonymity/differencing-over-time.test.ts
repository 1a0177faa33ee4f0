import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { openRound } from '../../src/rounds/rounds.ts'
import { agreementKeys, catalog } from '../support/app.ts'
import { insiderSchool, withoutWriting } from './support.ts'

/**
 * The attack: read the report, let one student answer (or close the round right after they
 * did), read it again: the difference is that student's answers. Figures move only in steps of
 * the minimum cohort (5 here), open or closed, so the two reads are the same or differ by at
 * least 5 people.
 */

const minCohort = 5
const key = agreementKeys()[0]!

type Figures = { respondents: number; collected: number | null; questions: { key: string; n: number | null; score: number | null }[] }
const figureOf = (r: Figures) => r.questions.find((q) => q.key === key)!

describe('differencing two reads of a round', () => {
  it('one student answering between two reads changes nothing; the fifth new response moves the figures', async () => {
    const insider = await insiderSchool()
    try {
      for (let i = 0; i < 10; i++) await insider.post(withoutWriting({ [key]: '4' }))
      const before: Figures = await insider.reportJson()
      expect(before.respondents).toBe(10)
      const beforeCsv = await insider.reportCsv()

      await insider.post(withoutWriting({ [key]: '1' })) // the one real student
      expect(await insider.reportJson()).toEqual(before)
      expect(await insider.reportCsv()).toBe(beforeCsv)

      for (let i = 0; i < 3; i++) await insider.post(withoutWriting({ [key]: '4' }))
      expect(await insider.reportJson()).toEqual(before)
      await insider.post(withoutWriting({ [key]: '4' }))
      const after: Figures = await insider.reportJson()
      expect(after.respondents).toBe(15)
      expect(figureOf(after)).toMatchObject({ n: 15, score: 0.9333 })
    } finally {
      insider.dispose()
    }
  })

  it('closing the round right after one student answered does not show their answers either', async () => {
    const insider = await insiderSchool()
    try {
      for (let i = 0; i < 10; i++) await insider.post(withoutWriting({ [key]: '4' }))
      const open: Figures = await insider.reportJson()
      await insider.post(withoutWriting({ [key]: '1' }))
      await insider.close()
      const closed: Figures = await insider.reportJson()
      expect(figureOf(closed)).toEqual(figureOf(open))
      expect(closed.respondents).toBe(10)
      // the count is told once the round is closed: one response is held back, not lost
      expect(closed.collected).toBe(11)
      expect(open.collected).toBeNull()
      expect(await insider.reportPage()).toContain(
        '11 responses in all. The figures rest on the first 10: the last one is held back, being fewer than 5, so that no one&#39;s answers can be worked out by comparing two reports.',
      )
    } finally {
      insider.dispose()
    }
  })

  it('for any sequence of responses, reads, closing and re-opening, two reads differ by nobody or by at least the minimum cohort, and each shows the first responses exactly', async () => {
    const step = fc.oneof(
      fc.record({ post: fc.array(fc.constantFrom('1', '2', '3', '4', '5', 'dk'), { minLength: 1, maxLength: 7 }) }),
      fc.constant('read' as const),
      fc.constant('close' as const),
      fc.constant('reopen' as const),
    )
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 16 }), async (steps) => {
        const insider = await insiderSchool()
        try {
          const posted: string[] = []
          const reads: Figures[] = []
          let open = true
          for (const s of [...steps, 'read' as const]) {
            if (s === 'read') reads.push(await insider.reportJson())
            else if (s === 'close') {
              await insider.close()
              open = false
            } else if (s === 'reopen') {
              await openRound(insider.db, catalog, { institution: 'oak-school', survey: 'student-iag', year: '2025/26' })
              open = true
            } else if (open) {
              for (const value of s.post) {
                await insider.post(withoutWriting({ [key]: value }))
                posted.push(value)
              }
            }
          }
          for (const a of reads)
            for (const b of reads) {
              const apart = Math.abs(a.respondents - b.respondents)
              expect(apart === 0 || apart >= minCohort, `${a.respondents} and ${b.respondents}`).toBe(true)
              if (apart === 0) expect(a.questions).toEqual(b.questions)
            }
          for (const r of reads) {
            // the figures are those of the first `respondents` responses, exactly
            const first = posted.slice(0, r.respondents).filter((v) => v !== 'dk')
            const positive = first.filter((v) => v === '4' || v === '5').length
            const f = figureOf(r)
            if (first.length >= minCohort) {
              expect(f.n).toBe(first.length)
              expect(f.score).toBeCloseTo(positive / first.length, 4)
            } else expect(f.score).toBeNull()
          }
        } finally {
          insider.dispose()
        }
      }),
      { numRuns: 25 },
    )
  })
})
