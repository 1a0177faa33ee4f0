import type { Context, HonoRequest } from 'hono'

/** What reading a body needs of a request's context: the request. */
type WithRequest = { req: HonoRequest }
import { bodyLimit } from 'hono/body-limit'
import { createMiddleware } from 'hono/factory'
import { RequestError, type ErrorBody } from './errors.tsx'
import { formatPath } from '../surveys/load.ts'

/**
 * Request bodies, read strictly: a body is UTF-8 text of the kind the route expects, or it is
 * refused with a clear 4xx before any handler looks at it.
 *
 * - The JSON API (/api/...) takes `application/json`; the pages take web forms. Anything else
 *   is a 415 (`requireBodyType`, on every route).
 * - JSON must be UTF-8, nested at most `maxJsonDepth` deep, with no key twice in one object
 *   (parsers disagree on which one wins), no key `__proto__` (whatever copies the object next
 *   could change a prototype) and no unpaired surrogate (`\ud800`) in any string.
 * - Form fields must be UTF-8, also where they are %-encoded.
 */

const formTypes = ['application/x-www-form-urlencoded', 'multipart/form-data']

const mediaType = (c: WithRequest) => (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()

const unsafeMethod = (method: string) => !['GET', 'HEAD', 'OPTIONS'].includes(method)

const notJson = 'Send the body as JSON (Content-Type: application/json).'
const notForm = 'Send this as a web form (application/x-www-form-urlencoded or multipart/form-data), as the page does.'

/**
 * Whether a request carries a body. A server's Request may have an empty body stream even when
 * the client sent none: then there is no Content-Type, no Content-Length and no
 * Transfer-Encoding (a DELETE, a POST of nothing).
 */
function hasBody(c: Context): boolean {
  // the headers first: on Node, reading `c.req.raw.body` builds a whole web Request and its stream
  const length = c.req.header('content-length')
  if (length !== undefined) return length !== '0'
  if (c.req.header('transfer-encoding') !== undefined) return true
  return c.req.header('content-type') !== undefined && c.req.raw.body !== null
}

/** Every request with a body: JSON for /api/ paths, a web form anywhere else; otherwise 415. */
export const requireBodyType = createMiddleware(async (c, next) => {
  if (unsafeMethod(c.req.method) && hasBody(c)) {
    const api = c.req.path.startsWith('/api/')
    const type = mediaType(c)
    if (api ? type !== 'application/json' : !formTypes.includes(type)) throw new RequestError(415, api ? notJson : notForm)
  }
  await next()
})

export const maxJsonDepth = 32

const utf8 = new TextDecoder('utf-8', { fatal: true })

function decodeUtf8(bytes: ArrayBuffer, what: string): string {
  try {
    return utf8.decode(bytes)
  } catch {
    throw new RequestError(400, `The ${what} is not valid UTF-8 text. Send it encoded as UTF-8.`)
  }
}

/** The request's JSON body, or a clear 415 (not JSON, not UTF-8) or 400 (malformed) error. */
export async function jsonBody(c: WithRequest): Promise<unknown> {
  if (mediaType(c) !== 'application/json') throw new RequestError(415, notJson)
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(c.req.header('content-type') ?? '')?.[1]
  if (charset && !/^utf-?8$/i.test(charset)) throw new RequestError(415, `Send the body as UTF-8 JSON, not ${charset}.`)
  const text = decodeUtf8(await c.req.arrayBuffer(), 'body').replace(/^\uFEFF/, '')
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    if (error instanceof SyntaxError) throw new RequestError(400, `The body is not valid JSON: ${error.message}`)
    throw new RequestError(400, `The body is nested too deeply (more than ${maxJsonDepth} levels).`)
  }
  const problems = jsonProblems(text)
  if (problems.length > 0) throw new RequestError(400, problems[0]!.message, problems)
  return value
}

type Frame = { kind: 'object'; keys: Set<string>; key: string | null; awaitingKey: boolean } | { kind: 'array'; index: number }

const unpairedSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * What JSON.parse lets through but a request must not say: a key twice in one object, a key
 * `__proto__`, nesting deeper than `maxJsonDepth`, an unpaired surrogate. `text` is valid JSON (it has been parsed).
 */
export function jsonProblems(text: string): ErrorBody['issues'] {
  const stack: Frame[] = []
  const problems: ErrorBody['issues'] = []
  const pathHere = (last?: string) => {
    const parts: PropertyKey[] = stack.map((f) => (f.kind === 'array' ? f.index : (f.key ?? '')))
    if (last !== undefined) parts[parts.length - 1] = last
    return formatPath(parts) || '(body)'
  }
  for (let i = 0; i < text.length && problems.length < 20; i++) {
    const ch = text[i]
    if (ch === '"') {
      let j = i + 1
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1
      const value = JSON.parse(text.slice(i, j + 1)) as string
      const top = stack.at(-1)
      if (top?.kind === 'object' && top.awaitingKey) {
        if (top.keys.has(value)) problems.push({ path: pathHere(value), message: `the key "${value}" is given twice; give it once` })
        if (value === '__proto__') problems.push({ path: pathHere(value), message: 'a key named __proto__ is not allowed' })
        top.keys.add(value)
        top.key = value
        top.awaitingKey = false
        if (unpairedSurrogate.test(value))
          problems.push({ path: pathHere(), message: 'a key holds an unpaired surrogate (\\ud800-\\udfff): it is not valid Unicode text' })
      } else if (unpairedSurrogate.test(value)) {
        problems.push({ path: pathHere(), message: 'the text holds an unpaired surrogate (\\ud800-\\udfff): it is not valid Unicode text' })
      }
      i = j
    } else if (ch === '{' || ch === '[') {
      if (stack.length >= maxJsonDepth) return [{ path: pathHere(), message: `the body is nested too deeply (more than ${maxJsonDepth} levels)` }]
      stack.push(ch === '{' ? { kind: 'object', keys: new Set(), key: null, awaitingKey: true } : { kind: 'array', index: 0 })
    } else if (ch === '}' || ch === ']') {
      stack.pop()
    } else if (ch === ',') {
      const top = stack.at(-1)
      if (top?.kind === 'object') top.awaitingKey = true
      else if (top) top.index++
    }
  }
  return problems
}

/** The most a form of a few fields may weigh: a larger one is refused with 413 before it is read. */
export const smallForm = bodyLimit({
  maxSize: 64 * 1024,
  onError: () => {
    throw new RequestError(413, 'The form is too large: it was refused.')
  },
})

export type FormBody = Record<string, string | string[] | File | File[]>

/**
 * The request's form fields (a field sent more than once is a list), or a clear 415 (not a
 * form) or 400 (not UTF-8, also where %-encoded). Keys are own properties of a prototype-less
 * object, so a field named `__proto__` is just a field.
 */
export async function formBody(c: WithRequest): Promise<FormBody> {
  const type = mediaType(c)
  if (!formTypes.includes(type)) throw new RequestError(415, notForm)
  if (type === 'multipart/form-data') return (await c.req.parseBody({ all: true })) as FormBody
  const text = decodeUtf8(await c.req.arrayBuffer(), 'form')
  const out: FormBody = Object.create(null)
  for (const pair of text.split('&')) {
    if (!pair) continue
    const at = pair.indexOf('=')
    const [key, value] = [at < 0 ? pair : pair.slice(0, at), at < 0 ? '' : pair.slice(at + 1)].map(decodeField) as [string, string]
    const before = out[key]
    out[key] = before === undefined ? value : [...(Array.isArray(before) ? (before as string[]) : [before as string]), value]
  }
  return out
}

function decodeField(encoded: string): string {
  try {
    return decodeURIComponent(encoded.replaceAll('+', ' '))
  } catch {
    throw new RequestError(400, 'The form holds text that is not valid UTF-8. Send it from the page again.')
  }
}

/** A field that must be given at most once, as text ('' when missing); a list or a file is refused. */
export function formText(body: FormBody, name: string): string {
  const value = body[name]
  if (value === undefined) return ''
  if (typeof value !== 'string')
    throw new RequestError(400, `The form gives "${name}" more than once or as a file: give it once, as text.`, [
      { path: name, message: 'give this field once, as text' },
    ])
  return value
}
