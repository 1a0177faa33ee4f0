import { Hono, type Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env.ts'
import { zodIssues, type ErrorBody } from '../http/errors.tsx'
import { jsonBody } from '../http/request-body.ts'
import { today } from '../rounds/academic-year.ts'
import { submissionSchema } from '../surveys/answers.ts'
import { languagesOf, localise } from '../surveys/translate.ts'
import { explainRefusal } from './refusals.ts'
import { clientAddress } from '../auth/sign-in-limits.ts'
import { openCode } from './respond.ts'
import { RoundRefused, storeSubmission } from './store.ts'
import { announceWrite, type WriteTicket } from './write-queue.ts'

const maxBody = 64 * 1024

const tooLarge = (c: Context) => c.json({ error: `The body is larger than ${maxBody / 1024} KB.`, issues: [] } satisfies ErrorBody, 413)

/**
 * The body, read once and at most `maxBody` bytes of it. A Content-Length over the limit is
 * refused from the header alone, before a byte is read; any other body is counted as it streams
 * in and refused as soon as it passes the limit, whatever its header said (a body with no
 * Content-Length, or one longer than it claimed). The bytes read are what `c.req.arrayBuffer()`
 * then gives (jsonBody): the request is not copied.
 */
const boundedBody = createMiddleware<AppEnv>(async (c, next) => {
  const declared = c.req.header('content-length')
  if (declared !== undefined && c.req.header('transfer-encoding') === undefined && !(Number(declared) <= maxBody)) return tooLarge(c)
  // on Node, straight from the socket (src/entry/node.ts)
  const readBody = c.env?.readBody
  if (readBody) {
    const bytes = await readBody(maxBody)
    if (bytes === null) return tooLarge(c)
    c.req.bodyCache.arrayBuffer = Promise.resolve(bytes.buffer) as never
    return next()
  }
  const stream = c.req.raw.body
  if (!stream) return next()
  const reader = stream.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBody) {
      void reader.cancel().catch(() => {})
      return tooLarge(c)
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(size)
  let at = 0
  for (const chunk of chunks) {
    bytes.set(chunk, at)
    at += chunk.byteLength
  }
  c.req.bodyCache.arrayBuffer = Promise.resolve(bytes.buffer) as never
  await next()
})

/** The JSON API for other clients: read a round's survey, post a response. */
export const surveyApi = new Hono<AppEnv>()
  // ?lang=pl: the survey in that language (its source language when not offered); keys never change.
  // A one-time token's survey is answered the same way whether or not the token was used.
  .get('/:code', async (c) => {
    const now = c.var.now()
    const { access, survey, refused } = await openCode(c.var.db, c.var.catalog, c.req.param('code'), today(now), { address: clientAddress(c), now })
    if (refused) {
      const r = explainRefusal(refused, access.round)
      return c.json({ error: r.message, issues: [] } satisfies ErrorBody, r.status)
    }
    const localised = localise(survey, c.req.query('lang'))
    const { translations: _others, ...text } = localised.survey
    return c.json({
      round: { institution: access.institutionName, year: access.round.year, audience: access.round.audience },
      language: localised.language,
      languages: languagesOf(survey),
      scale: localised.scale,
      survey: text,
    })
  })
  .post('/:code/responses', boundedBody, async (c) => {
    // the write queue waits a moment for this request before committing its group
    const ticket = announceWrite(c.var.db)
    try {
      return await postResponse(c, ticket)
    } finally {
      ticket.release()
    }
  })

/** POST /:code/responses: the round, the body, the answers checked, the response stored. */
async function postResponse(c: Context<AppEnv>, ticket: WriteTicket) {
  const now = c.var.now()
  // a code that opened an open round lately is not read again: the write reads the round's state itself
  const opened = await openCode(c.var.db, c.var.catalog, c.req.param('code') ?? '', today(now), { address: clientAddress(c), cached: true, now })
  const { access, survey, refused } = opened
  const body = await jsonBody(c)
  // refused for the round alone (closed, not open yet, a token needed); a used token is refused
  // only below, once the response is complete, so that no caller learns of its use without sending one
  if (refused) {
    const r = explainRefusal(refused, access.round)
    return c.json({ error: r.message, issues: [] } satisfies ErrorBody, r.status)
  }
  const parsed = submissionSchema(survey).safeParse(body)
  if (!parsed.success) {
    return c.json({ error: 'The response is not valid; nothing was stored.', issues: zodIssues(parsed.error) } satisfies ErrorBody, 400)
  }
  let outcome
  try {
    outcome = await storeSubmission(c.var.db, access, survey, parsed.data, now, ticket, clientAddress(c))
  } catch (error) {
    // the round closed (or began to need one-time codes) while the post was on its way; a 429 (the round's window, or this address's share of it) goes to app.onError
    if (!(error instanceof RoundRefused)) throw error
    const r = explainRefusal(error.refusal, access.round)
    return c.json({ error: r.message, issues: [] } satisfies ErrorBody, r.status)
  }
  if (outcome === 'token-used') {
    const r = explainRefusal('token-used')
    return c.json({ error: r.message, issues: [] } satisfies ErrorBody, r.status)
  }
  // a retry of a stored submission gets exactly the same answer as the first post
  return c.json({ submissionId: parsed.data.submissionId, status: 'received' as const }, 201)
}
