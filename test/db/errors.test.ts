import { LibsqlBatchError, LibsqlError } from '@libsql/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../src/db/database.ts'
import { isConstraintError } from '../../src/db/errors.ts'
import { freshDatabase } from '../support/app.ts'

/** The error a statement or batch throws, or undefined when it succeeds. */
async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run()
    return undefined
  } catch (error) {
    return error
  }
}

describe('isConstraintError on an embedded file', () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>
  let db: Db
  beforeAll(async () => {
    fresh = await freshDatabase()
    db = fresh.db
    await db.$client.execute("INSERT INTO partnerships (id, slug, name) VALUES (1, 'p', 'P')")
    await db.$client.execute("INSERT INTO used_tokens (token_hash) VALUES ('h')")
  })
  afterAll(() => fresh.dispose())

  const refused: [string, string][] = [
    ['a primary key', "INSERT INTO used_tokens (token_hash) VALUES ('h')"],
    ['a unique index', "INSERT INTO partnerships (id, slug, name) VALUES (2, 'p', 'Q')"],
    ['NOT NULL', "INSERT INTO partnerships (id, slug) VALUES (3, 'q')"],
    ['a CHECK', "INSERT INTO rate_limits (key, window_start, count, max) VALUES ('k', '2025-01-01', 2, 1)"],
    ['a foreign key', "INSERT INTO institutions (partnership_id, slug, name) VALUES (99, 'i', 'I')"],
  ]
  for (const [what, statement] of refused) {
    it(`recognises ${what} failing, alone and in a write batch`, async () => {
      const alone = await failure(() => db.$client.execute(statement))
      const batched = await failure(() => db.$client.batch(['SELECT 1', statement], 'write'))
      expect(alone).toBeInstanceOf(LibsqlError)
      expect(batched).toBeInstanceOf(LibsqlBatchError)
      expect(isConstraintError(alone)).toBe(true)
      expect(isConstraintError(batched)).toBe(true)
    })
  }

  it('recognises a constraint failing under drizzle, which wraps the client error as its cause', async () => {
    const { usedTokens } = await import('../../src/db/schema.ts')
    const error = await failure(() => db.insert(usedTokens).values({ tokenHash: 'h' }))
    expect(error).toBeDefined()
    expect(isConstraintError(error)).toBe(true)
  })

  it('does not take other failures for one', async () => {
    expect(isConstraintError(await failure(() => db.$client.execute('INSERT INTO nowhere VALUES (1)')))).toBe(false)
    expect(isConstraintError(await failure(() => db.$client.batch(['SELECT 1', 'SELEC 2'], 'write')))).toBe(false)
    expect(isConstraintError(new Error('network down'))).toBe(false)
    expect(isConstraintError(undefined)).toBe(false)
    expect(isConstraintError('SQLITE_CONSTRAINT')).toBe(false)
  })
})

// The shapes a libSQL server over HTTP gives (recorded from sqld through @libsql/client/web): the
// code is SQLITE_CONSTRAINT with no extended code; the cause is the server's ResponseError.
describe('isConstraintError on the errors of a libSQL server over HTTP', () => {
  const cause = Object.assign(new Error('SQLite error: UNIQUE constraint failed: used_tokens.token_hash'), { name: 'ResponseError', code: 'SQLITE_CONSTRAINT' })

  it('recognises the code without an extended code', () => {
    expect(isConstraintError(new LibsqlError(`SQLITE_CONSTRAINT: ${cause.message}`, 'SQLITE_CONSTRAINT', undefined, undefined, cause))).toBe(true)
    expect(
      isConstraintError(new LibsqlBatchError(`SQLITE_CONSTRAINT: SQLITE_CONSTRAINT: ${cause.message}`, 1, 'SQLITE_CONSTRAINT', undefined, undefined, cause)),
    ).toBe(true)
  })

  it('recognises it when only the message or only the cause says so', () => {
    expect(isConstraintError(new Error('SQLite error: CHECK constraint failed: rate_limit_full'))).toBe(true)
    expect(isConstraintError(new Error('the batch failed', { cause }))).toBe(true)
    expect(isConstraintError(new Error('the batch failed', { cause: { code: 'SQLITE_CONSTRAINT' } }))).toBe(true)
  })

  it('does not take an unknown error for one', () => {
    expect(isConstraintError(new LibsqlError('SQLITE_UNKNOWN: SQLite error: no such table: nope', 'SQLITE_UNKNOWN'))).toBe(false)
  })
})
