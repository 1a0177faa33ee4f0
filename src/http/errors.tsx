import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { ZodError } from 'zod'
import { formatPath } from '../surveys/load.ts'
import type { User } from '../auth/users.ts'
import { MessagePage } from '../ui/message-page.tsx'
import { StaffFrame } from '../ui/staff-frame.tsx'
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

/** A schema's own wording for a field that is missing or of the wrong kind: not for people. */
const rawSchemaMessage = /^(Invalid input|Invalid option|Required|Expected|Too (big|small)|Invalid (string|number|enum|type))/i

/** A problem in words a person can act on: "year: an academic year is written like 2025/26", "survey: this is missing or not one we know". */
export function plainIssue(issue: ErrorBody['issues'][number]): string {
  const where = issue.path === '(body)' ? 'The request' : issue.path
  return rawSchemaMessage.test(issue.message) ? `${where}: this is missing or not one we know` : `${where}: ${issue.message}`
}

/**
 * The page an error shows a person: the staff frame with the way back to the dashboard when a
 * member of staff is signed in, the respondents' frame otherwise; what went wrong and what to do.
 */
function ErrorPage({ c, title, lines, status }: { c: Context; title: string; lines: string[]; status: number }) {
  const user = c.get('user') as User | undefined
  const todo = status === 404 ? 'Check the address, or start again from the links above.' : 'Go back, correct it and try again.'
  if (user) {
    return (
      <StaffFrame title={title} user={user} place={{ area: 'error' }}>
        <h1>{title}</h1>
        {lines.map((l) => (
          <p>{l}</p>
        ))}
        <p>{status >= 500 ? 'Nothing was stored. Try again in a moment.' : todo}</p>
        <p>
          <a href="/dashboard">Back to the dashboard</a>
        </p>
      </StaffFrame>
    )
  }
  return (
    <MessagePage title={title}>
      {lines.map((l) => (
        <p>{l}</p>
      ))}
    </MessagePage>
  )
}

/** The one place where thrown errors become responses: JSON for the API, a page for people. */
export function handleError(err: Error, c: Context) {
  if (err instanceof ZodError) {
    const body: ErrorBody = { error: 'The request is not valid.', issues: zodIssues(err) }
    return wantsJson(c) ? c.json(body, 400) : c.html(<ErrorPage c={c} title="That did not work" lines={body.issues.map(plainIssue)} status={400} />, 400)
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
          <ErrorPage c={c} title={status === 404 ? 'Page not found' : 'That did not work'} lines={[message, ...issues.map(plainIssue)]} status={status} />,
          status,
        )
  }
  console.error(err)
  return wantsJson(c)
    ? c.json({ error: 'Something went wrong on our side. Nothing was stored; please try again.', issues: [] } satisfies ErrorBody, 500)
    : c.html(
        <ErrorPage c={c} title="Something went wrong" lines={['Something went wrong on our side. Nothing was stored; please try again.']} status={500} />,
        500,
      )
}
