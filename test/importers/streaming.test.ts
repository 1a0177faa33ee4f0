import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ImportError, importResponses, readImport, scanImport, type ImportOptions } from '../../src/importers/import.ts'
import { cleanAbandonedImports, ImportStaging, randomIdBase, stageChunkRows } from '../../src/importers/staging.ts'
import { catalog, rows, storedCounts } from '../support/app.ts'
import { editCsv, surveyMonkeyExport } from './fixture.ts'
import { schoolDatabase } from './helpers.ts'
import { largeExport } from './large-file.ts'

type Fresh = Awaited<ReturnType<typeof schoolDatabase>>
let t: Fresh
beforeEach(async () => {
  t = await schoolDatabase()
})
afterEach(() => t.dispose())

const options: ImportOptions = { institution: 'oak-school', survey: 'student-iag', year: '2024/25', format: 'surveymonkey', today: '2025-10-06' }
const student = catalog.get('student-iag')!
const count = async (table: string) => Number((await rows(t.db, `SELECT count(*) AS n FROM ${table}`))[0]!.n)
const staged = async () => (await count('import_runs')) + (await count('import_staged_responses')) + (await count('import_staged_answers'))
const setMaxRows = (n: number) => t.db.$client.execute({ sql: 'UPDATE partnerships SET settings = ?', args: [JSON.stringify({ maxImportRows: n })] })

async function importError(promise: Promise<unknown>): Promise<ImportError> {
  try {
    await promise
  } catch (e) {
    if (e instanceof ImportError) return e
    throw e
  }
  throw new Error('expected an ImportError')
}

describe('a large import', () => {
  it('is stored all at once, with the same tallies as row-at-a-time writes would give, and leaves no staged row', async () => {
    const csv = largeExport(1200)
    const summary = await importResponses(t.db, catalog, csv, options)
    expect(summary.imported).toBe(1200)
    expect(await storedCounts(t.db)).toMatchObject({ responses: 1200 })
    expect(await staged()).toBe(0)
    // the tallies agree with the answers they count
    const fromAnswers = await rows(
      t.db,
      `SELECT question_key, value, count(*) AS n FROM answers WHERE round_id = ? GROUP BY question_key, value ORDER BY question_key, value`,
      [summary.round.id],
    )
    const tallies = await rows(t.db, `SELECT question_key, value, n FROM answer_tallies WHERE round_id = ? AND value <> '' ORDER BY question_key, value`, [
      summary.round.id,
    ])
    expect(tallies).toEqual(fromAnswers)
    // the figures took the file in as one step
    expect((await rows(t.db, 'SELECT shown_respondents AS n FROM rounds WHERE id = ?', [summary.round.id]))[0]!.n).toBe(1200)
  })

  it('gives imported responses a block of ids at a random place, apart from collected ids and from when they were stored', async () => {
    const first = await importResponses(t.db, catalog, largeExport(200), options)
    const second = await importResponses(t.db, catalog, largeExport(201), options)
    expect(second.round.id).toBe(first.round.id)
    const ids = (await rows(t.db, 'SELECT id FROM responses ORDER BY id')).map((r) => Number(r.id))
    expect(ids).toHaveLength(401)
    for (const id of ids) expect(id).toBeGreaterThan(2 ** 40)
    for (const id of ids) expect(Number.isSafeInteger(id)).toBe(true)
    // the two files' blocks are not one after the other: the second is not max(id) + 1
    const blocks = ids.filter((id, i) => i > 0 && id !== ids[i - 1]! + 1)
    expect(blocks).toHaveLength(1)
  })

  it('is refused above the partnership’s row limit with a clear message, nothing stored or staged', async () => {
    await setMaxRows(100)
    const error = await importError(importResponses(t.db, catalog, largeExport(101), options))
    expect(error.problems[0]!.message).toContain('more than 100 rows of answers')
    expect(error.problems[0]!.message).toContain('split it into files of at most 100 rows')
    expect(await storedCounts(t.db)).toMatchObject({ responses: 0 })
    expect(await count('rounds')).toBe(0)
    expect(await staged()).toBe(0)
    expect((await importResponses(t.db, catalog, largeExport(100), options)).imported).toBe(100)
  })

  it('the default limit is 20,000 rows, and a scan stops at once past it', async () => {
    const result = await scanImport(student, largeExport(20_001), 'surveymonkey', {}, { maxRows: 20_000 })
    expect(result.problems.map((p) => p.message)).toEqual([expect.stringContaining('more than 20,000 rows')])
    expect((await import('../../src/org/settings.ts')).defaultSettings.maxImportRows).toBe(20_000)
  })

  it('with a problem on its last row stores nothing and leaves no staged row', async () => {
    const csv = largeExport(600)
    const bad = editCsv(csv, (cells) => {
      cells[cells.length - 1]![12] = 'Strongly agre'
    })
    const error = await importError(importResponses(t.db, catalog, bad, options))
    expect(error.problems).toHaveLength(1)
    expect(error.problems[0]!.row).toBe(602)
    expect(await storedCounts(t.db)).toMatchObject({ responses: 0 })
    expect(await count('rounds')).toBe(0)
    expect(await staged()).toBe(0)
  })

  it('never holds the event loop for long: timers keep firing while 5,000 rows are checked and stored', async () => {
    // counted, not timed (tests assert no timings: test/bench/import.ts measures): a timer that
    // fires many times during the import shows it ran in pieces, not as one block
    let ticks = 0
    const timer = setInterval(() => ticks++, 1)
    try {
      await importResponses(t.db, catalog, largeExport(5000), options)
    } finally {
      clearInterval(timer)
    }
    expect(await count('responses')).toBe(5000)
    expect(ticks).toBeGreaterThan(100)
  })
})

describe('an import a crash interrupted', () => {
  it('leaves staged rows that nothing reads, deleted at the next start', async () => {
    const staging = await ImportStaging.start(t.db, student, new Date('2025-10-06T09:00:00Z'))
    for (let i = 0; i < 450; i++)
      await staging.add({ submissionId: `import-x-${i}`, language: 'en', day: '2024-12-01', rows: [{ key: 'know_who_can_help', value: '4', scale: 4 }] })
    // killed here: staged, never moved
    expect(await count('import_staged_responses')).toBe(Math.floor(450 / stageChunkRows) * stageChunkRows)
    expect(await storedCounts(t.db)).toMatchObject({ responses: 0 })
    // a later import does not take a recent run for abandoned; a start does
    expect(await cleanAbandonedImports(t.db, new Date('2025-10-06T09:30:00Z'))).toBe(0)
    expect(await cleanAbandonedImports(t.db, new Date('2025-10-06T09:30:00Z'), { atStart: true })).toBe(1)
    expect(await staged()).toBe(0)
  })

  it('cannot be moved in part: if its staged rows went, the move fails as a whole', async () => {
    const staging = await ImportStaging.start(t.db, student, new Date())
    for (let i = 0; i < 10; i++)
      await staging.add({ submissionId: `import-y-${i}`, language: 'en', day: '2024-12-01', rows: [{ key: 'know_who_can_help', value: '4', scale: 4 }] })
    await staging.flush()
    await t.db.$client.execute("DELETE FROM import_staged_responses WHERE submission_id = 'import-y-3'")
    const round = await rows(t.db, "SELECT id FROM institutions WHERE slug = 'oak-school'")
    await t.db.$client.execute({
      sql: "INSERT INTO rounds (id, institution_id, survey_id, audience, year, code, status, source) VALUES (77, ?, 'student-iag', 'student', '2024/25', 'ZZZZZZ', 'closed', 'imported')",
      args: [Number(round[0]!.id)],
    })
    await expect(t.db.$client.batch(staging.moveStatements(77, randomIdBase()), 'write')).rejects.toThrow(/malformed JSON|JSON/)
    expect(await storedCounts(t.db)).toMatchObject({ responses: 0 })
  })
})

describe('messages about a file', () => {
  it('echo at most 200 characters of a cell or header, however long it is', async () => {
    const huge = 'x'.repeat(400_000)
    const bad = editCsv(surveyMonkeyExport, (cells) => {
      cells[3]![12] = huge
    })
    const result = readImport(student, bad, 'surveymonkey')
    expect(result.problems).toHaveLength(1)
    expect(result.problems[0]!.message.length).toBeLessThan(600)
    expect(result.problems[0]!.message).toContain('400,000 characters in all')
  })
})
