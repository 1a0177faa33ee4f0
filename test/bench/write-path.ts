import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { InStatement } from '@libsql/client'
import { resolveAccess } from '../../src/collect/access.ts'
import { storeSubmission } from '../../src/collect/store.ts'
import { openDatabase } from '../../src/db/connect-node.ts'
import { applyMigrations } from '../../src/db/migrate-node.ts'
import { addInstitution, addPartnership } from '../../src/org/organisations.ts'
import { academicYearOf } from '../../src/rounds/academic-year.ts'
import { openRound } from '../../src/rounds/rounds.ts'
import { submissionSchema } from '../../src/surveys/answers.ts'
import { loadCatalogFromDisk } from '../../src/surveys/disk-node.ts'
import { randomResponse } from './submit.ts'

export type WritePathFigures = {
  responses: number
  responsesPerSecond: number
  statementsPerResponse: number
  rowsPerResponse: number
  sqlBytesPerResponse: number
  groups: number
  /** The plain baseline writes a response as 2 statements: its row and its answers' rows. */
  baselineRowsPerResponse: number
}

/**
 * The write alone, without HTTP: `clients` concurrent callers store responses through the same
 * write queue as the server, into a fresh file (WAL, synchronous=FULL), for `seconds`. Every batch
 * is counted: statements, rows written (rowsAffected, the tallies' catch-up included) and SQL text.
 */
export async function measureWritePath({ seconds = 3, clients = 50 } = {}): Promise<WritePathFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'signpost-write-'))
  const db = await openDatabase(`file:${join(dir, 'w.db')}`)
  try {
    await applyMigrations(db)
    const catalog = loadCatalogFromDisk()
    const survey = catalog.get('student-iag')!
    await addPartnership(db, { slug: 'write-bench', name: 'Write bench' })
    await db.$client.execute(`UPDATE partnerships SET settings = '{"submissionLimit":{"max":100000,"windowMinutes":1}}'`)
    await addInstitution(db, { slug: 'w-school', name: 'W School', partnership: 'write-bench' })
    const round = await openRound(db, catalog, { institution: 'w-school', survey: 'student-iag', year: academicYearOf(new Date()), tokensRequired: false })
    const access = (await resolveAccess(db, round.code))!

    let statements = 0
    let rows = 0
    let sqlBytes = 0
    let groups = 0
    const batchMs: Record<string, number> = {}
    const batch = db.$client.batch.bind(db.$client)
    db.$client.batch = (async (list: InStatement[], mode?: 'write' | 'read' | 'deferred') => {
      const t0 = performance.now()
      const results = await batch(list, mode)
      batchMs[mode ?? 'none'] = (batchMs[mode ?? 'none'] ?? 0) + performance.now() - t0
      if (mode === 'write') {
        groups++
        statements += list.length
        for (const s of list) sqlBytes += (typeof s === 'string' ? s : s.sql).length
        for (const r of results) rows += r.rowsAffected
      }
      return results
    }) as typeof db.$client.batch

    let stored = 0
    let deadline = Infinity
    const client = async () => {
      while (performance.now() < deadline) {
        const valid = submissionSchema(survey).parse({ submissionId: randomUUID(), answers: randomResponse(survey).answers })
        if ((await storeSubmission(db, access, survey, valid, new Date())) === 'stored') stored++
      }
    }
    const started = performance.now()
    deadline = started + seconds * 1000
    await Promise.all(Array.from({ length: clients }, client))
    const elapsed = (performance.now() - started) / 1000
    if (process.env.BENCH_DEBUG) console.log({ elapsed, batchMs })
    const answers = Number((await db.$client.execute('SELECT count(*) AS n FROM answers')).rows[0]!.n)
    return {
      responses: stored,
      responsesPerSecond: stored / elapsed,
      statementsPerResponse: statements / stored,
      rowsPerResponse: rows / stored,
      sqlBytesPerResponse: sqlBytes / stored,
      groups,
      baselineRowsPerResponse: 1 + answers / stored,
    }
  } finally {
    db.$client.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
