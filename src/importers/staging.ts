import type { InStatement } from '@libsql/client/web'
import { responseJob } from '../collect/store.ts'
import type { Db } from '../db/database.ts'
import { writeBatch } from '../db/writer.ts'
import type { AnswerRow } from '../surveys/answers.ts'
import type { Survey } from '../surveys/schema.ts'
import { yieldToOthers } from './yield.ts'

/**
 * Imports written without stalling anyone: rows are staged (tables import_staged_responses and
 * import_staged_answers, which nothing else reads) in small batches as the file is checked, each
 * batch short and followed by a turn for other requests; then one atomic batch moves them into
 * responses and answers, adds the file's tallies, summed in memory as the rows went by, and moves
 * the figures on. That batch is all or nothing, so the import is too: until it commits nothing of
 * the file is in a round, and a crash before leaves only staged rows, deleted at the next start.
 * Memory stays flat: at most one chunk of rows is held, and the tallies (a few hundred counts).
 */

/** Rows staged per write: a write of this many takes a few milliseconds. */
export const stageChunkRows = 50

/** A run older than this is taken for one a crash left behind, and its staged rows are deleted. */
export const abandonedAfterMinutes = 60

/**
 * Where an import's block of response ids starts: at random, between 2^40 and 2^52 (JavaScript
 * numbers are exact up to 2^53), so that imported ids sit apart from collected ones and say
 * nothing about when they were stored. Inside the block, ids follow the rows of the file, whose
 * order each response's submission id (`import-…-<row>`) records anyway; that lets the move write
 * answers in the order of their key, which keeps it short. A block that meets an id already
 * taken fails the move on the primary key, and the caller tries another.
 */
export function randomIdBase(): number {
  const [high, low] = crypto.getRandomValues(new Uint32Array(2))
  const random = (high! % 2 ** 20) * 2 ** 32 + low! // 0 .. 2^52 - 1, exact
  return 2 ** 40 + (random % (2 ** 52 - 2 ** 40 - 2 ** 21))
}

const insertStagedResponses = `INSERT INTO import_staged_responses (import_id, response_id, submission_id, submitted_on, language)
  SELECT ?, value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(?)`
const insertStagedAnswers = `INSERT INTO import_staged_answers (import_id, response_id, question_key, value, scale)
  SELECT ?, j.value ->> 0, a.value ->> 0, a.value ->> 1, a.value ->> 2 FROM json_each(?) j, json_each(j.value, '$[1]') a`

export type StagedRow = { submissionId: string; language: string; day: string; rows: AnswerRow[] }

/** One import's staging: add rows, then `commitStatements` for the one atomic move, or `discard`. */
export class ImportStaging {
  // staged rows carry their place in the file (1, 2, ...) as response_id; the move adds the block's base
  private responses: [number, string, string, string][] = []
  private answers: [number, [string, string, number | null][]][] = []
  private readonly tallies = new Map<string, [string, string, number | null, number]>()
  private readonly profiles = new Map<string, [string, string, string, number, number]>()
  staged = 0
  private rows = 0

  private constructor(
    readonly db: Db,
    readonly id: string,
    readonly survey: Survey,
  ) {}

  /** Starts a run (and deletes what abandoned runs left). */
  static async start(db: Db, survey: Survey, now: Date): Promise<ImportStaging> {
    await cleanAbandonedImports(db, now)
    const id = [...crypto.getRandomValues(new Uint8Array(12))].map((b) => b.toString(16).padStart(2, '0')).join('')
    await writeBatch(db, [{ sql: 'INSERT INTO import_runs (id, started_at) VALUES (?, ?)', args: [id, now.toISOString()] }])
    return new ImportStaging(db, id, survey)
  }

  /** One row; every `stageChunkRows` rows a short write (the caller gives other requests their turn). */
  add(row: StagedRow): Promise<void> | undefined {
    const job = responseJob(this.survey, 0, row, null, new Date(0))
    const responseId = ++this.rows
    this.responses.push([responseId, row.submissionId, row.day, row.language])
    if (job.answers.length > 0) this.answers.push([responseId, job.answers])
    for (const [key, value, scale] of job.tallies) {
      const id = JSON.stringify([key, value])
      const t = this.tallies.get(id)
      if (t) t[3]++
      else this.tallies.set(id, [key, value, scale, 1])
    }
    for (const [profileKey, group, questionKey, point] of job.profiles) {
      const id = JSON.stringify([profileKey, group, questionKey, point])
      const t = this.profiles.get(id)
      if (t) t[4]++
      else this.profiles.set(id, [profileKey, group, questionKey, point, 1])
    }
    return this.responses.length >= stageChunkRows ? this.flush() : undefined
  }

  /** Writes the rows held so far to the staging tables. */
  async flush(): Promise<void> {
    if (this.responses.length === 0) return
    const statements: InStatement[] = [{ sql: insertStagedResponses, args: [this.id, JSON.stringify(this.responses)] }]
    if (this.answers.length > 0) statements.push({ sql: insertStagedAnswers, args: [this.id, JSON.stringify(this.answers)] })
    this.staged += this.responses.length
    this.responses = []
    this.answers = []
    await writeBatch(this.db, statements)
  }

  /**
   * The statements of the one atomic move into a round: responses, answers, tallies. First a
   * check that every staged row is still there (a clean-up that took this run for abandoned
   * fails the whole batch: `json('…')` of text that is not JSON is an error), last the run's
   * own row. The caller adds the round's creation before and the figures' catch-up after.
   */
  moveStatements(roundId: number, idBase: number): InStatement[] {
    const statements: InStatement[] = [
      {
        sql: `SELECT CASE WHEN (SELECT count(*) FROM import_staged_responses WHERE import_id = ?1) = ?2
                AND EXISTS (SELECT 1 FROM import_runs WHERE id = ?1) THEN 1 ELSE json('staged rows of this import are missing') END`,
        args: [this.id, this.staged],
      },
      {
        sql: `INSERT INTO responses (id, round_id, submission_id, submitted_on, language)
              SELECT ? + response_id, ?, submission_id, submitted_on, language FROM import_staged_responses WHERE import_id = ?`,
        args: [idBase, roundId, this.id],
      },
      {
        sql: `INSERT INTO answers (response_id, round_id, question_key, value, scale)
              SELECT ? + response_id, ?, question_key, value, scale FROM import_staged_answers WHERE import_id = ? ORDER BY question_key, response_id, value`,
        args: [idBase, roundId, this.id],
      },
    ]
    if (this.tallies.size > 0) {
      statements.push({
        sql: `INSERT INTO answer_tallies (round_id, question_key, value, scale, n)
              SELECT ?, value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(?) WHERE true
              ON CONFLICT (round_id, question_key, value) DO UPDATE SET n = n + excluded.n`,
        args: [roundId, JSON.stringify([...this.tallies.values()])],
      })
    }
    if (this.profiles.size > 0) {
      statements.push({
        sql: `INSERT INTO profile_tallies (round_id, profile_key, group_value, question_key, point, n)
              SELECT ?, value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4 FROM json_each(?) WHERE true
              ON CONFLICT (round_id, profile_key, group_value, question_key, point) DO UPDATE SET n = n + excluded.n`,
        args: [roundId, JSON.stringify([...this.profiles.values()])],
      })
    }
    statements.push({ sql: 'DELETE FROM import_runs WHERE id = ?', args: [this.id] })
    return statements
  }

  /** The counts this run adds to answer_tallies: `[key, value, scale, n]` rows as JSON (kept to remove the import again). */
  talliesJson(): string {
    return JSON.stringify([...this.tallies.values()])
  }

  /** The counts this run adds to profile_tallies: `[profile, group, key, point, n]` rows as JSON. */
  profilesJson(): string {
    return JSON.stringify([...this.profiles.values()])
  }

  /** Deletes this run's staged rows, a chunk at a time (after the move, or when the file is refused). */
  async discard(): Promise<void> {
    await writeBatch(this.db, [{ sql: 'DELETE FROM import_runs WHERE id = ?', args: [this.id] }])
    await deleteStaged(this.db, [this.id])
  }
}

/** Deletes the staged rows of some runs in short deletes (a question's answers, a range of rows), with turns for other requests between them. */
async function deleteStaged(db: Db, ids: string[]): Promise<void> {
  for (const id of ids) {
    const keys = await db.$client.execute({ sql: 'SELECT DISTINCT question_key AS key FROM import_staged_answers WHERE import_id = ?', args: [id] })
    for (const { key } of keys.rows) {
      for (;;) {
        const [deleted] = await writeBatch(db, [
          {
            sql: `DELETE FROM import_staged_answers WHERE import_id = ?1 AND question_key = ?2
                  AND response_id <= (SELECT min(response_id) FROM import_staged_answers WHERE import_id = ?1 AND question_key = ?2) + 1000`,
            args: [id, String(key)],
          },
        ])
        await yieldToOthers()
        if (deleted === 0) break
      }
    }
    for (;;) {
      const [deleted] = await writeBatch(db, [
        {
          sql: `DELETE FROM import_staged_responses WHERE import_id = ?1
                AND response_id <= (SELECT min(response_id) FROM import_staged_responses WHERE import_id = ?1) + 2000`,
          args: [id],
        },
      ])
      if (deleted === 0) break
      await yieldToOthers()
    }
  }
}

/**
 * Deletes what imports a crash interrupted left: at start (no import of this process is under
 * way), every run and staged row; otherwise the runs older than `abandonedAfterMinutes` and staged
 * rows of no run (a crash while deleting a finished import's rows).
 */
export async function cleanAbandonedImports(db: Db, now: Date, options: { atStart?: boolean } = {}): Promise<number> {
  const before = options.atStart ? now.toISOString() : new Date(now.getTime() - abandonedAfterMinutes * 60_000).toISOString()
  // at start, only runs begun before this process: a command-line import may be running beside it
  const runs = await db.$client.execute({ sql: 'SELECT id FROM import_runs WHERE started_at < ?', args: [before] })
  const orphans = await db.$client.execute(
    'SELECT DISTINCT import_id AS id FROM import_staged_responses WHERE import_id NOT IN (SELECT id FROM import_runs) UNION SELECT DISTINCT import_id FROM import_staged_answers WHERE import_id NOT IN (SELECT id FROM import_runs)',
  )
  const ids = [...new Set([...runs.rows, ...orphans.rows].map((r) => String(r.id)))]
  if (ids.length === 0) return 0
  for (const id of ids) await writeBatch(db, [{ sql: 'DELETE FROM import_runs WHERE id = ?', args: [id] }])
  await deleteStaged(db, ids)
  return ids.length
}
