/**
 * Telling database failures apart, the same way on every libSQL client.
 *
 * What a constraint failure looks like (seen with @libsql/client 0.18):
 * - an embedded file: `code` SQLITE_CONSTRAINT, `extendedCode` SQLITE_CONSTRAINT_UNIQUE (or
 *   _PRIMARYKEY, _CHECK...), a `cause` (the SqliteError) whose `code` is the extended code;
 * - a libSQL server over HTTP: `code` SQLITE_CONSTRAINT and no extended code, the cause a
 *   ResponseError with the same code; "... constraint failed: ..." in the message only.
 * A batch throws a LibsqlBatchError with the same fields. Other layers (drizzle's
 * DrizzleQueryError) wrap the client's error as their `cause`: the whole chain is read.
 */

type ErrorFields = { code?: unknown; extendedCode?: unknown; message?: unknown; cause?: unknown }

const constraintCode = /^SQLITE_CONSTRAINT(_|$)/
const constraintMessage = /SQLITE_CONSTRAINT|constraint failed/i

/** The error and its causes, outermost first (a few levels at most, never a cycle). */
function chain(error: unknown): ErrorFields[] {
  const out: ErrorFields[] = []
  for (let e = error; e !== null && typeof e === 'object' && out.length < 5 && !out.includes(e as ErrorFields); e = (e as ErrorFields).cause) {
    out.push(e as ErrorFields)
  }
  return out
}

/**
 * Whether a failed statement or batch was refused by a constraint (UNIQUE, PRIMARY KEY, CHECK,
 * NOT NULL, FOREIGN KEY): its code, extended code or message, or its cause's, says so.
 */
export function isConstraintError(error: unknown): boolean {
  return chain(error).some(
    (e) =>
      [e.code, e.extendedCode].some((code) => typeof code === 'string' && constraintCode.test(code)) ||
      (typeof e.message === 'string' && constraintMessage.test(e.message)),
  )
}
