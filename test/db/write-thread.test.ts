import { afterEach, describe, expect, it } from 'vitest'
import { isConstraintError } from '../../src/db/errors.ts'
import { startWriteThread } from '../../src/db/write-thread-node.ts'
import { writerOf } from '../../src/db/writer.ts'
import { writeAtomically } from '../../src/collect/write-queue.ts'
import { isLimitReached } from '../../src/http/rate-limit.ts'
import { importResponses } from '../../src/importers/import.ts'
import { importsOf, removeImport } from '../../src/importers/undo.ts'
import { surveyMonkeyExport } from '../importers/fixture.ts'
import { catalog, freshDatabase, rows, studentAnswers, testApp } from '../support/app.ts'

/**
 * The Node server's write thread (src/db/write-thread-node.ts): the write queue's batches run on
 * a connection of its own, and what they write, and how they fail, is what the app's own
 * connection would give.
 */

const disposers: (() => void)[] = []
afterEach(() => {
  for (const dispose of disposers.splice(0)) dispose()
})

const post = (t: Awaited<ReturnType<typeof testApp>>, submissionId: string) =>
  t.app.request(`/api/surveys/${t.code}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ submissionId, answers: studentAnswers() }),
  })

describe('the write thread', () => {
  it('writes what the app reads at once on its own connection, and fails a batch whole, with the error the app tells apart', async () => {
    const fresh = await freshDatabase()
    disposers.push(fresh.dispose)
    const writer = await startWriteThread(fresh.db, fresh.url)
    disposers.push(() => void writer.close())
    await writeAtomically(fresh.db, ["INSERT INTO used_tokens (token_hash) VALUES ('a')"])
    expect(await rows(fresh.db, 'SELECT token_hash FROM used_tokens')).toEqual([{ token_hash: 'a' }])

    const duplicate = await writeAtomically(fresh.db, [
      "INSERT INTO used_tokens (token_hash) VALUES ('b')",
      "INSERT INTO used_tokens (token_hash) VALUES ('a')",
    ]).catch((e: unknown) => e)
    expect(isConstraintError(duplicate)).toBe(true)
    // nothing of a failed batch is kept
    expect(await rows(fresh.db, 'SELECT token_hash FROM used_tokens')).toEqual([{ token_hash: 'a' }])
  })

  it('tells a full round apart from another failure, as on one connection', async () => {
    const fresh = await freshDatabase({ writeThread: true })
    disposers.push(fresh.dispose)
    await fresh.db.$client.execute("INSERT INTO rate_limits (key, window_start, count, max) VALUES ('round', 'tag:w', 1, 1)")
    const error = await writeAtomically(fresh.db, ["UPDATE rate_limits SET count = count + 1 WHERE key = 'round'"]).catch((e: unknown) => e)
    expect(isLimitReached(error)).toBe(true)
    expect(isLimitReached(await writeAtomically(fresh.db, ['INSERT INTO used_tokens (token_hash) VALUES (NULL)']).catch((e: unknown) => e))).toBe(false)
  })

  it('hands the writes back to the app’s connection when it stops: a response posted after that is stored, once', async () => {
    const t = await testApp({ writeThread: true })
    disposers.push(t.dispose)
    const writer = writerOf(t.db)!
    expect((await post(t, '5d9a7c1e-0b1f-4c39-9d2b-4a8f3e6b7c01')).status).toBe(201)
    await writer.close()
    expect(writerOf(t.db)).toBeUndefined()
    expect((await post(t, '5d9a7c1e-0b1f-4c39-9d2b-4a8f3e6b7c02')).status).toBe(201)
    expect((await post(t, '5d9a7c1e-0b1f-4c39-9d2b-4a8f3e6b7c02')).status).toBe(201)
    expect(await rows(t.db, 'SELECT count(*) AS n FROM responses')).toEqual([{ n: 2 }])
  })

  it('takes an import’s writes while responses are posted: both stored whole, the tallies equal to the answers, nothing left staged', async () => {
    const t = await testApp({ writeThread: true })
    disposers.push(t.dispose)
    const options = { institution: 'oak-school', survey: 'student-iag', year: '2024/25', format: 'surveymonkey', today: '2025-10-06' } as const
    const posts = Array.from({ length: 30 }, (_, i) => post(t, `7a1c3e5f-2b4d-4f60-8a9b-0c1d2e3f4${String(i).padStart(3, '0')}`))
    const [summary, ...answered] = await Promise.all([importResponses(t.db, catalog, surveyMonkeyExport, options), ...posts])
    expect(summary.imported).toBe(14)
    expect(answered.map((r) => r.status)).toEqual(answered.map(() => 201))
    const byRound = await rows(t.db, 'SELECT r.year, count(s.id) AS n FROM rounds r JOIN responses s ON s.round_id = r.id GROUP BY r.year ORDER BY r.year')
    expect(byRound).toEqual([
      { year: '2024/25', n: 14 },
      { year: '2025/26', n: 30 },
    ])
    const untallied = await rows(
      t.db,
      `SELECT count(*) AS n FROM (SELECT round_id, question_key, value, count(*) AS n FROM answers GROUP BY 1, 2, 3
         EXCEPT SELECT round_id, question_key, value, n FROM answer_tallies WHERE n > 0)`,
    )
    expect(untallied).toEqual([{ n: 0 }])
    expect(
      await rows(
        t.db,
        'SELECT (SELECT count(*) FROM import_staged_responses) + (SELECT count(*) FROM import_staged_answers) + (SELECT count(*) FROM import_runs) AS n',
      ),
    ).toEqual([{ n: 0 }])
    // the same file again is known, and adds nothing
    expect((await importResponses(t.db, catalog, surveyMonkeyExport, options)).alreadyImported).toBe(true)
    expect(await rows(t.db, 'SELECT count(*) AS n FROM responses')).toEqual([{ n: 44 }])

    // removed again, through the thread as well: the round the import made goes with it, the posted responses stay
    const [record] = await importsOf(t.db, summary.round.institutionId)
    const removed = await removeImport(t.db, summary.round.institutionId, record!.id, { action: 'import.undone', actor: 'command line', partnershipId: 1 })
    expect(removed).toEqual({ roundRemoved: true })
    expect(await rows(t.db, 'SELECT r.year, count(s.id) AS n FROM rounds r LEFT JOIN responses s ON s.round_id = r.id GROUP BY r.year')).toEqual([
      { year: '2025/26', n: 30 },
    ])
  })
})
