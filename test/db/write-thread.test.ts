import { afterEach, describe, expect, it } from 'vitest'
import { isConstraintError } from '../../src/db/errors.ts'
import { startWriteThread } from '../../src/db/write-thread-node.ts'
import { writerOf } from '../../src/db/writer.ts'
import { writeAtomically } from '../../src/collect/write-queue.ts'
import { isLimitReached } from '../../src/http/rate-limit.ts'
import { freshDatabase, rows, studentAnswers, testApp } from '../support/app.ts'

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
})
