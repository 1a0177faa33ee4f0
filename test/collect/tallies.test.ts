import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { issueTokens, openRound } from '../../src/rounds/rounds.ts'
import { agreementKeys, catalog, rows, testApp } from '../support/app.ts'
import { uuidFor } from '../support/ids.ts'

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
              body: JSON.stringify({ submissionId: uuidFor(`prop-${id}-submission`), answers }),
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
          // the round's count, kept by triggers, is the number of responses it holds
          expect(await rows(t.db, 'SELECT response_count FROM rounds WHERE id = ?', [t.round.id])).toEqual([{ response_count: responses }])
        } finally {
          t.dispose()
        }
      }),
      { numRuns: 15 },
    )
  })

  it.each([
    ['on the connection of the app', false],
    ['written by a write thread (the Node server)', true],
  ])('equal the stored answers under concurrent group commits of several rounds, with retries, reused tokens and a full round, %s', async (_, writeThread) => {
    const keys = agreementKeys().slice(0, 4)
    const answer = fc.record(
      { year_group: fc.constantFrom('y8', 'y9', 'y10'), ...Object.fromEntries(keys.map((k) => [k, fc.constantFrom('1', '3', '5', 'dk', '')])) },
      { requiredKeys: ['year_group'] },
    )
    // [which round: 0 code-only, 1 with tokens, 2 code-only with a limit of 4; which submission; which token; answers]
    const post = fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 5 }), answer)
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(post, { minLength: 1, maxLength: 30 }), { minLength: 1, maxLength: 4 }), async (waves) => {
        const t = await testApp({ writeThread })
        try {
          const tokenRound = await openRound(t.db, catalog, { institution: 'oak-school', survey: 'parent-carer', year: '2025/26', tokensRequired: true })
          const tokens = await issueTokens(t.db, tokenRound, 6)
          await t.db.$client.execute({
            sql: `INSERT INTO partnerships (slug, name, settings) VALUES ('small', 'Small', '{"submissionLimit":{"max":4,"windowMinutes":10}}')`,
            args: [],
          })
          await t.db.$client.execute(`INSERT INTO institutions (slug, name, partnership_id) SELECT 'elm', 'Elm', id FROM partnerships WHERE slug = 'small'`)
          const limited = await openRound(t.db, catalog, { institution: 'elm', survey: 'student-iag', year: '2025/26', tokensRequired: false })
          const send = ([round, id, token, a]: [number, number, number, Record<string, string>]) => {
            const code = round === 0 ? t.code : round === 1 ? tokens[token]! : limited.code
            const answers = round === 1 ? { year_group: a.year_group! } : a
            return t.app.request(`/api/surveys/${code}/responses`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ submissionId: uuidFor(`group-${round}-${id}-submission`), answers }),
            })
          }
          // each wave is sent at once, so that the write queue groups it; the waves overlap
          const statuses = (await Promise.all(waves.map((wave, w) => new Promise((r) => setTimeout(r, w * 2)).then(() => Promise.all(wave.map(send)))))).flat()
          expect(statuses.every((r) => [201, 409, 429].includes(r.status))).toBe(true)
          // each round's count, kept by triggers, is the number of responses it holds
          expect(await rows(t.db, 'SELECT id, response_count FROM rounds ORDER BY id')).toEqual(
            await rows(t.db, 'SELECT r.id, (SELECT count(*) FROM responses WHERE round_id = r.id) AS response_count FROM rounds r ORDER BY r.id'),
          )
          for (const roundId of [t.round.id, tokenRound.id, limited.id]) {
            const fromAnswers = await rows(
              t.db,
              `SELECT question_key, value, count(*) AS n FROM answers WHERE round_id = ? GROUP BY question_key, value ORDER BY question_key, value`,
              [roundId],
            )
            const fromTallies = await rows(
              t.db,
              `SELECT question_key, value, n FROM answer_tallies WHERE round_id = ? AND value <> '' ORDER BY question_key, value`,
              [roundId],
            )
            expect(fromTallies).toEqual(fromAnswers)
            const responses = (await rows(t.db, 'SELECT count(*) AS responses FROM responses WHERE round_id = ?', [roundId]))[0]!.responses
            const sizes = await rows(
              t.db,
              `SELECT coalesce(sum(n), 0) AS n FROM profile_tallies WHERE round_id = ? AND profile_key = 'year_group' AND question_key = ''`,
              [roundId],
            )
            expect(sizes[0]!.n).toBe(responses)
          }
          // one response per used token, and none over the limit
          const [counts] = await rows(
            t.db,
            `SELECT (SELECT count(*) FROM responses WHERE round_id = ?) AS withTokens, (SELECT count(*) FROM used_tokens) AS used, (SELECT count(*) FROM responses WHERE round_id = ?) AS limited`,
            [tokenRound.id, limited.id],
          )
          expect(counts!.withTokens).toBe(counts!.used)
          expect(Number(counts!.limited)).toBeLessThanOrEqual(4)
          // every 201 is stored
          const accepted = new Set(waves.flat().flatMap(([round, id], i) => (statuses[i]!.status === 201 ? [uuidFor(`group-${round}-${id}-submission`)] : [])))
          const stored = new Set((await rows(t.db, 'SELECT submission_id FROM responses')).map((r) => String(r.submission_id)))
          for (const id of accepted) expect(stored.has(id)).toBe(true)
        } finally {
          t.dispose()
        }
      }),
      { numRuns: 12 },
    )
  })

  it('the student survey has the profile questions this test relies on', () => {
    const keys = catalog.get('student-iag')!.sections.flatMap((s) => s.questions.map((q) => q.key))
    expect(keys).toEqual(expect.arrayContaining(['year_group', 'send_support']))
  })
})
