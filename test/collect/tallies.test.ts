import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { agreementKeys, catalog, rows, testApp } from '../support/app.ts'

/**
 * The reports read running tallies that every response updates in its own batch. Whatever
 * arrives (duplicates and refusals included), the tallies must equal a GROUP BY over the
 * stored answers.
 */
describe('answer tallies', () => {
  it('always equal the counts of the stored answers', async () => {
    const keys = agreementKeys().slice(0, 6)
    const answer = fc.record(
      {
        year_group: fc.constantFrom('y8', 'y9', 'y10', 'y11'),
        send_support: fc.constantFrom('yes', 'no', 'prefer_not_to_say', ''),
        ...Object.fromEntries(keys.map((k) => [k, fc.constantFrom('1', '2', '3', '4', '5', 'dk', '')])),
      },
      { requiredKeys: ['year_group'] },
    )
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 0, max: 15 }), answer), { minLength: 1, maxLength: 25 }), async (posts) => {
        const t = await testApp()
        try {
          const send = (id: number, answers: Record<string, string>) =>
            t.app.request(`/api/surveys/${t.code}/responses`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ submissionId: `prop-${id}-submission`, answers }),
            })
          await Promise.all(posts.map(([id, a]) => send(id, a)))
          const fromAnswers = await rows(
            t.db,
            `SELECT question_key, value, count(*) AS n FROM answers GROUP BY question_key, value ORDER BY question_key, value`,
          )
          const fromTallies = await rows(t.db, `SELECT question_key, value, n FROM answer_tallies WHERE value <> '' ORDER BY question_key, value`)
          expect(fromTallies).toEqual(fromAnswers)
          const byGroup = await rows(
            t.db,
            `SELECT coalesce(p.value, '') AS grp, a.question_key, coalesce(a.scale, 0) AS point, count(*) AS n FROM answers a
             LEFT JOIN answers p ON p.response_id = a.response_id AND p.question_key = 'year_group'
             WHERE a.question_key IN (${keys.map(() => '?').join(', ')}) GROUP BY grp, a.question_key, point ORDER BY grp, a.question_key, point`,
            keys,
          )
          const groupTallies = await rows(
            t.db,
            `SELECT group_value AS grp, question_key, point, n FROM profile_tallies
             WHERE profile_key = 'year_group' AND question_key <> '' ORDER BY grp, question_key, point`,
          )
          expect(groupTallies).toEqual(byGroup)
          const responses = (await rows(t.db, 'SELECT count(*) AS responses FROM responses'))[0]!.responses
          const sizes = await rows(t.db, `SELECT sum(n) AS n FROM profile_tallies WHERE profile_key = 'year_group' AND question_key = ''`)
          expect(sizes[0]!.n).toBe(responses)
        } finally {
          t.dispose()
        }
      }),
      { numRuns: 15 },
    )
  })

  it('the student survey has the profile questions this test relies on', () => {
    const keys = catalog.get('student-iag')!.sections.flatMap((s) => s.questions.map((q) => q.key))
    expect(keys).toEqual(expect.arrayContaining(['year_group', 'send_support']))
  })
})
