/**
 * The suites that matter for the remote path, run against the Worker under workerd
 * (`wrangler dev`) with a real libSQL server (sqld) as its database: the hostile-input corpus
 * and the authorisation matrix. (Submitting, retries and one-time tokens: worker.test.ts.)
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/db/connect-node.ts'
import type { Db } from '../../src/db/database.ts'
import { applyMigrations } from '../../src/db/migrate-node.ts'
import { agreementKeys, catalog } from '../support/app.ts'
import { startSqld, type Sqld } from '../support/sqld.ts'
import { startWorker, type WorkerProcess } from '../support/worker.ts'
import { checkRoute, prepareMatrix, rules, type MatrixTarget } from '../auth/matrix.ts'
import { loadCorpus } from '../hostile/corpus-schema.ts'
import { prepareTarget, snapshotDatabase } from '../hostile/in-process-target.ts'
import { runCorpus } from '../hostile/run-corpus.ts'

let sqld: Sqld | undefined
let db: Db | undefined
let worker: WorkerProcess | undefined

beforeAll(async () => {
  sqld = await startSqld()
  db = await openDatabase(sqld.url)
  await applyMigrations(db)
  worker = await startWorker(sqld.url)
}, 120_000)

afterAll(async () => {
  await worker?.stop()
  db?.$client.close()
  await sqld?.stop()
}, 60_000)

beforeEach(({ onTestFailed }) => {
  onTestFailed(() => console.error(`--- wrangler dev output (last 20 kB) ---\n${worker?.log()}`))
})

describe('the Worker against sqld', () => {
  it('refuses every hostile request of the corpus, stores nothing in sqld and keeps serving', async () => {
    const target = await prepareTarget(db!, catalog, (req) => fetch(req), { origin: worker!.url, now: new Date() })
    // Bodies streamed without a length are left to the in-process and Node-process runs: under
    // wrangler dev, after the Worker refuses one with 413, the local runtime stalls for 30 s or
    // more before it serves the next request (its proxy waits on the rest of the upload), and
    // fetch, which sends such a body whole before reading the answer, never sees the 413.
    const cases = loadCorpus().filter((c) => !c.stream)
    expect(cases.length).toBeGreaterThan(590)
    const { failures, skipped } = await runCorpus(target, cases)
    expect(failures).toEqual([])
    // only what the shipped surveys cannot give is skipped
    for (const s of skipped) expect(s.reason).toMatch(/does not define \{\{(multiple|single|text|required|parentOnly|scored\d|agreement)\w*\}\}/)
  }, 400_000)

  describe('gives every caller of every route exactly the status the matrix says', () => {
    let target: MatrixTarget
    beforeAll(async () => {
      const [k1] = agreementKeys()
      target = await prepareMatrix(db!, catalog, {
        origin: worker!.url,
        fetch: (req) => fetch(req),
        surveyId: 'student-iag',
        snapshot: () => snapshotDatabase(db!),
        people: Array.from({ length: 6 }, () => ({ year_group: 'y8', [k1!]: '4' })),
        prefix: 'matrix-',
      })
    }, 60_000)

    for (const route of Object.keys(rules)) {
      it(route, async () => {
        expect(await checkRoute(target, route)).toEqual([])
      })
    }
  })
})
