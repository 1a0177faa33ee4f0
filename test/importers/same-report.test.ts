import fc from 'fast-check'
import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import { buildReport } from '../../src/analysis/report.ts'
import { importResponses } from '../../src/importers/import.ts'
import { addInstitution } from '../../src/org/organisations.ts'
import { closeRound } from '../../src/rounds/rounds.ts'
import { questionsOf, type Question } from '../../src/surveys/schema.ts'
import { catalog, rows, testApp } from '../support/app.ts'

/**
 * An import of a file reproduces the report that the same answers give when they are submitted
 * through the API: for any set of respondents (answers on the scale, "Don't know", questions left
 * out, year groups), the figures, ranking, top three, breakdowns and completion are the same.
 */

const survey = catalog.get('student-iag')!
const questions = questionsOf(survey).filter((q) => q.kind !== 'text')

function answerOf(q: Question): fc.Arbitrary<string | string[] | undefined> {
  const skip = q.required ? [] : [fc.constant(undefined)]
  switch (q.kind) {
    case 'agreement':
      return fc.oneof(fc.constantFrom('1', '2', '3', '4', '5', ...(q.dontKnow ? ['dk'] : [])), ...skip)
    case 'single':
      return fc.oneof(fc.constantFrom(...q.options.map((o) => o.value)), ...skip)
    case 'multiple':
      return fc.oneof(
        fc.subarray(
          q.options.map((o) => o.value),
          { minLength: 1 },
        ),
        ...skip,
      )
    case 'yesno':
      return fc.oneof(fc.constantFrom('yes', 'no'), ...skip)
    default:
      return fc.constant(undefined)
  }
}

const respondent = fc
  .record(Object.fromEntries(questions.map((q) => [q.key, answerOf(q)])))
  .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as Record<string, string | string[]>)

/** What a report says of its answers, without what says where they came from. */
const figures = (r: Awaited<ReturnType<typeof buildReport>>) => ({
  respondents: r.respondents,
  questions: r.questions.map(({ change: _, ...q }) => q),
  areas: r.areas,
  ranking: r.ranking,
  topThree: r.topThree,
  breakdowns: r.breakdowns,
  completion: r.completion,
})

describe('an imported file and the same answers submitted', () => {
  it('give the same report', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(respondent, { minLength: 5, maxLength: 14 }), async (people) => {
        const t = await testApp()
        try {
          await addInstitution(t.db, { slug: 'elm-school', name: 'Elm School', partnership: 'test-city' })
          for (const answers of people) {
            const res = await t.app.request(`/api/surveys/${t.code}/responses`, {
              method: 'POST',
              body: JSON.stringify({ submissionId: crypto.randomUUID(), answers }),
              headers: { 'content-type': 'application/json' },
            })
            expect(res.status).toBe(201)
          }
          await closeRound(t.db, t.round)
          const ids = await rows(t.db, 'SELECT id, slug FROM institutions ORDER BY slug DESC')
          const [oak, elm] = ids.map((r) => Number(r.id))
          const collected = await buildReport(t.db, catalog, { institutionId: oak!, surveyId: 'student-iag', year: t.round.year })
          // the collected figures rest on the first responses, in steps of the minimum cohort (rounds/shown-figures.ts):
          // the file holds those
          const shown = people.slice(0, collected.respondents)
          const keys = questions.map((q) => q.key)
          const csv = Papa.unparse([keys, ...shown.map((p) => keys.map((k) => [p[k] ?? ''].flat().join(';')))])
          await importResponses(t.db, catalog, csv, { institution: 'elm-school', survey: 'student-iag', year: t.round.year, format: 'csv' })
          const imported = await buildReport(t.db, catalog, { institutionId: elm!, surveyId: 'student-iag', year: t.round.year })
          expect(figures(imported)).toEqual(figures(collected))
        } finally {
          t.dispose()
        }
      }),
      { numRuns: 8 },
    )
  })
})
