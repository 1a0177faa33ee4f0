import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp } from '../../src/app.ts'
import { openDatabase } from '../../src/db/connect-node.ts'
import type { Db } from '../../src/db/database.ts'
import { applyMigrations } from '../../src/db/migrate-node.ts'
import { startWriteThread } from '../../src/db/write-thread-node.ts'
import { addInstitution, addPartnership } from '../../src/org/organisations.ts'
import { openRound } from '../../src/rounds/rounds.ts'
import { loadCatalogFromDisk } from '../../src/surveys/disk-node.ts'

export const catalog = loadCatalogFromDisk()

/**
 * A fresh embedded libSQL file in a temporary folder, migrated. `writeThread`: its write queue
 * writes on a thread of its own, as the Node server's does (src/db/write-thread-node.ts).
 */
export async function freshDatabase(options: { writeThread?: boolean } = {}): Promise<{ db: Db; url: string; dispose: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'signpost-test-'))
  const url = `file:${join(dir, 'test.db')}`
  const db = await openDatabase(url)
  await applyMigrations(db)
  const writer = options.writeThread ? await startWriteThread(db, url) : null
  return {
    db,
    url,
    dispose: () => {
      void writer?.close()
      db.$client.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** The app on a fresh database, with one partnership, one school and an open student round. */
export async function testApp(options: { now?: () => Date; writeThread?: boolean } = {}) {
  const fresh = await freshDatabase({ writeThread: options.writeThread })
  const { db } = fresh
  await addPartnership(db, { slug: 'test-city', name: 'Test City Partnership' })
  await addInstitution(db, { slug: 'oak-school', name: 'Oak School', partnership: 'test-city' })
  const round = await openRound(db, catalog, { institution: 'oak-school', survey: 'student-iag', year: '2025/26', tokensRequired: false })
  const app = createApp({ getDb: () => db, catalog, now: options.now })
  return { ...fresh, app, round, code: round.code }
}

/** Rows of a query, as plain objects. */
export async function rows(db: Db, sql: string, args: (string | number | null)[] = []) {
  return (await db.$client.execute({ sql, args })).rows.map((r) => ({ ...r }))
}

/** Counts of every table that holds respondent data: compare before and after to prove nothing was stored. */
export async function storedCounts(db: Db) {
  const [r] = await rows(
    db,
    `SELECT (SELECT count(*) FROM responses) AS responses, (SELECT count(*) FROM answers) AS answers, (SELECT count(*) FROM used_tokens) AS usedTokens`,
  )
  return r
}

/** A complete, valid set of answers to the student survey. */
export function studentAnswers(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  const survey = catalog.get('student-iag')!
  const answers: Record<string, string | string[]> = {}
  for (const section of survey.sections) {
    for (const q of section.questions) {
      if (q.kind === 'agreement') answers[q.key] = '4'
      else if (q.kind === 'single') answers[q.key] = q.options[0]!.value
      else if (q.kind === 'yesno') answers[q.key] = 'yes'
      else if (q.kind === 'multiple') answers[q.key] = [q.options[0]!.value]
      else answers[q.key] = 'More visits to colleges, please.'
    }
  }
  return { ...answers, ...overrides }
}

export const agreementKeys = (surveyId = 'student-iag') =>
  catalog
    .get(surveyId)!
    .sections.flatMap((s) => s.questions)
    .filter((q) => q.kind === 'agreement')
    .map((q) => q.key)
