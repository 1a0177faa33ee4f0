import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'

/** The request's JSON body, or a clear 415 (not JSON) or 400 (malformed) error. */
export async function jsonBody(c: Context): Promise<unknown> {
  if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('application/json')) {
    throw new HTTPException(415, { message: 'Send the body as JSON (Content-Type: application/json).' })
  }
  try {
    return await c.req.json()
  } catch {
    throw new HTTPException(400, { message: 'The body is not valid JSON.' })
  }
}
