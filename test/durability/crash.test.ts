import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/db/connect-node.ts'
import { applyMigrations } from '../../src/db/migrate-node.ts'
import { addInstitution, addPartnership } from '../../src/org/organisations.ts'
import { openRound } from '../../src/rounds/rounds.ts'
import { catalog, studentAnswers } from '../support/app.ts'
import { startServer } from '../support/server.ts'

/**
 * A real server process under concurrent submissions is killed with SIGKILL mid-load and
 * started again on the same file, three times. Every submission it acknowledged (by id)
 * must be stored whole, nothing may be stored half, and the file must pass integrity_check.
 */
let dir: string
let databaseUrl: string
let code: string
const answers = studentAnswers()
const rowsPerResponse = Object.values(answers).flat().length

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'signpost-crash-'))
  databaseUrl = `file:${join(dir, 'crash.db')}`
  const db = await openDatabase(databaseUrl)
  await applyMigrations(db)
  await addPartnership(db, { slug: 'crash-city', name: 'Crash City' })
  // the load is far beyond the default submission limit of a round code: this test is about durability
  await db.$client.execute(`UPDATE partnerships SET settings = '{"submissionLimit":{"max":100000,"windowMinutes":1}}'`)
  await addInstitution(db, { slug: 'crash-school', name: 'Crash School', partnership: 'crash-city' })
  code = (await openRound(db, catalog, { institution: 'crash-school', survey: 'student-iag', year: '2025/26', tokensRequired: false })).code
  db.$client.close()
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function loadUntilKilled(run: number): Promise<string[]> {
  const server = await startServer(databaseUrl)
  const acknowledged: string[] = []
  let stopped = false
  const clients = Array.from({ length: 20 }, async (_, client) => {
    for (let i = 0; !stopped; i++) {
      const submissionId = crypto.randomUUID()
      try {
        const res = await fetch(`${server.url}/api/surveys/${code}/responses`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ submissionId, answers }),
        })
        if (res.status === 201) acknowledged.push(submissionId)
      } catch {
        // the server was killed under this request: it was never acknowledged
      }
    }
  })
  await new Promise((r) => setTimeout(r, 400 + run * 300))
  process.kill(-server.pid, 'SIGKILL')
  stopped = true
  await Promise.all(clients)
  await server.stop()
  return acknowledged
}

describe('a server killed mid-load', { timeout: 120_000 }, () => {
  it('keeps every acknowledged response whole, stores nothing half, and stays intact', async () => {
    const acknowledged: string[] = []
    for (let run = 0; run < 3; run++) acknowledged.push(...(await loadUntilKilled(run)))
    expect(acknowledged.length).toBeGreaterThan(20)

    const db = await openDatabase(databaseUrl)
    try {
      const stored = new Map(
        (
          await db.$client.execute(
            'SELECT r.submission_id, count(a.question_key) AS n FROM responses r LEFT JOIN answers a ON a.response_id = r.id GROUP BY r.id',
          )
        ).rows.map((row) => [String(row.submission_id), Number(row.n)]),
      )
      const lost = acknowledged.filter((id) => !stored.has(id))
      expect(lost).toEqual([])
      const partial = [...stored].filter(([, n]) => n !== rowsPerResponse)
      expect(partial).toEqual([])
      const [tallied] = (await db.$client.execute("SELECT sum(n) AS n FROM answer_tallies WHERE value = '' AND question_key = 'year_group'")).rows
      expect(Number(tallied!.n)).toBe(stored.size)
      expect((await db.$client.execute('PRAGMA integrity_check')).rows[0]!.integrity_check).toBe('ok')
    } finally {
      db.$client.close()
    }
  })
})
