import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { ZodError } from 'zod'
import { formatPath } from '../surveys/load.ts'
import { MessagePage } from '../ui/message-page.tsx'
import { TooManyRequests } from './rate-limit.ts'

/** The JSON shape of every error: what is wrong, and where. */
export type ErrorBody = { error: string; issues: { path: string; message: string }[] }

export function zodIssues(error: ZodError, prefix: PropertyKey[] = []): ErrorBody['issues'] {
  return error.issues.map((i) => ({ path: formatPath([...prefix, ...i.path]) || '(body)', message: i.message }))
}

/** A request refused with a status, a message, and where in the body the problem is. */
export class RequestError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    message: string,
    readonly issues: ErrorBody['issues'] = [],
  ) {
    super(status, { message })
  }
}

const wantsJson = (c: Context) => c.req.path.startsWith('/api/') || (c.req.header('accept') ?? '').startsWith('application/json')

/** Messages for the errors that hono's own middleware throws without one. */
function defaultMessage(status: number): string {
  switch (status) {
    case 413:
      return 'The request is too large.'
    case 403:
      return 'This form was not sent from a Signpost page, so it was refused. Go back, reload the page and try again.'
    default:
      return 'The request could not be handled.'
  }
}

/** The one place where thrown errors become responses: JSON for the API, a page for people. */
export function handleError(err: Error, c: Context) {
  if (err instanceof ZodError) {
    const body: ErrorBody = { error: 'The request is not valid.', issues: zodIssues(err) }
    return wantsJson(c) ? c.json(body, 400) : c.html(<MessagePage title="That did not work">{body.issues.map((i) => <p>{`${i.path}: ${i.message}`}</p>)}</MessagePage>, 400)
  }
  if (err instanceof HTTPException) {
    const status = err.status
    if (status >= 500) console.error(err)
    if (err instanceof TooManyRequests) c.header('Retry-After', String(err.retryAfterSeconds))
    const message = err.message || defaultMessage(status)
    const issues = err instanceof RequestError ? err.issues : []
    return wantsJson(c)
      ? c.json({ error: message, issues } satisfies ErrorBody, status)
      : c.html(
          <MessagePage title={status === 404 ? 'Page not found' : 'That did not work'}>
            <p>{message}</p>
            {issues.map((i) => (
              <p>{`${i.path}: ${i.message}`}</p>
            ))}
          </MessagePage>,
          status,
        )
  }
  console.error(err)
  return wantsJson(c)
    ? c.json({ error: 'Something went wrong on our side. Nothing was stored; please try again.', issues: [] } satisfies ErrorBody, 500)
    : c.html(<MessagePage title="Something went wrong"><p>Something went wrong on our side. Nothing was stored; please try again.</p></MessagePage>, 500)
}
