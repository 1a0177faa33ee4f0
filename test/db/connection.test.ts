import { describe, expect, it } from 'vitest'
import { rows, studentAnswers, testApp } from '../support/app.ts'

describe('the embedded database connection', () => {
  it('runs in WAL mode with synchronous=FULL and a busy timeout, still after concurrent writes', async () => {
    const t = await testApp()
    try {
      await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          t.app.request(`/api/surveys/${t.code}/responses`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ submissionId: crypto.randomUUID(), answers: studentAnswers() }),
          }),
        ),
      )
      expect(await rows(t.db, 'PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }])
      expect(await rows(t.db, 'PRAGMA synchronous')).toEqual([{ synchronous: 2 }])
      expect(await rows(t.db, 'PRAGMA busy_timeout')).toEqual([{ timeout: 5000 }])
      expect(await rows(t.db, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }])
      expect((await rows(t.db, 'SELECT count(*) AS n FROM responses'))[0]!.n).toBe(30)
    } finally {
      t.dispose()
    }
  })
})
