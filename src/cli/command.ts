import type { Db } from '../db/database.ts'
import { defaultDatabaseUrl, openDatabase } from '../db/connect-node.ts'
import { applyMigrations } from '../db/migrate-node.ts'
import { versionUnversionedRounds } from '../rounds/survey-versions.ts'
import { loadCatalogFromDisk } from '../surveys/disk-node.ts'

/** Where a command prints its output, one line at a time (the console, or a test's array). */
export type Out = { log(line: string): void }

/**
 * One `signpost` command. `usage` is its part of `--help`, exactly as printed there; `run` gets
 * the arguments after the command's words and returns the exit status (a UsageError, or any
 * other error, is turned into a message and status 1 by main).
 */
export type Command = {
  usage: string
  run(args: string[], out: Out): Promise<number>
}

/** Width of the synopsis column in `--help`: a description starts after it. */
const synopsisWidth = 35

/**
 * A command's help lines: the synopsis, then its description beside it when the synopsis is short
 * enough, else below it; every further description line below, in the description column.
 */
export function usageLines(synopsis: string, ...description: string[]): string {
  const [first, ...more] = description
  const lines =
    first === undefined
      ? [synopsis]
      : synopsis.length < synopsisWidth
        ? [`${synopsis.padEnd(synopsisWidth)}${first}`]
        : [synopsis, `${' '.repeat(synopsisWidth)}${first}`]
  for (const line of more) lines.push(`${' '.repeat(synopsisWidth)}${line}`)
  return lines.map((line) => `  ${line}`).join('\n')
}

/** The database in DATABASE_URL, migrated (rounds from before survey versions given theirs), for the length of `fn`; closed afterwards. */
export async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDatabase(process.env.DATABASE_URL ?? defaultDatabaseUrl, process.env.DATABASE_AUTH_TOKEN)
  try {
    await applyMigrations(db)
    await versionUnversionedRounds(db, loadCatalogFromDisk)
    return await fn(db)
  } finally {
    db.$client.close()
  }
}

/** Rows as lines of columns two spaces apart, every column but the last padded to its widest cell. */
export function aligned(rows: string[][]): string[] {
  const widths: number[] = []
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)))
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '))
}
