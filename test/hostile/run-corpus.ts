import { isDeepStrictEqual } from 'node:util'
import type { CaseBody, HostileCase, Role } from './corpus-schema.ts'

/**
 * Runs the hostile-input corpus against a target: the in-process app (hostile.test.ts), a
 * real server process or the Worker under workerd. A target only needs to answer requests,
 * snapshot its database and sign its staff in; everything else is checked from the outside.
 */

/**
 * What a target provides.
 *
 * `vars` must name: `code` (an open round of the student survey), `parentCode` (an open round
 * of the parent survey), `closedCode` (a closed round), `tokenRoundCode` (an open round that
 * needs one-time tokens) and `token` (an unused token of it), `institutionId` (the institution
 * of those rounds, where `coordinator` and `viewer` work and `lead` leads), `otherInstitutionId`
 * (another institution of the same partnership, where `otherCoordinator` works),
 * `foreignInstitutionId` (an institution of another partnership, led by `otherLead`), `roundId`
 * (the id of the `code` round), `year` (the academic year of the rounds, with at least the
 * minimum cohort of student responses, so that exports work), `expiredSession` (the token of
 * a stored session that has expired: create it after the staff have signed in, as a sign-in
 * sweeps expired sessions) and `invitation` (an unused invitation token); for the account forms,
 * the ids `viewerId`, `coordinatorId`, `leadId`, `otherCoordinatorId` and `foreignUserId` (an account
 * of another partnership), `resetToken` (an unused password-reset link of the viewer),
 * `leadSessionRef` (how Your account names the lead's session) and `codeDueToken` (the token of a
 * session whose password was right and whose second factor's code is due); for single sign-on,
 * `providerId` and `providerName` (a provider of the partnership whose issuer never answers) and
 * `foreignProviderId` (one of the other partnership). The runner adds the
 * survey-derived variables itself from `GET /api/surveys/{code}` (see `surveyVars`).
 * `prepareTarget` in in-process-target.ts seeds all of this into an empty database.
 *
 * Against a real server all requests come from one address: the corpus's failed sign-ins stay
 * under the per-address limit for one run, not for two within the limit's window.
 */
export type HostileTarget = {
  /** Scheme, host and port the requests are addressed to, e.g. http://localhost. */
  origin: string
  vars: Record<string, string>
  fetch(req: Request): Promise<Response>
  /** Every stored row that a refused request must not change (the same value before and after). */
  snapshot(): Promise<unknown>
  /** The Cookie header value of a fresh session of that staff member. */
  signIn(role: Role): Promise<string>
}

/** `skipped`: the case needs something the target's surveys do not have (a multiple-choice question...). */
export type CaseOutcome = { status: number; problems: string[]; skipped?: string }

/**
 * Markup the corpus sends that must never come back raw in an HTML page. A case may send any
 * of these anywhere; the check applies to every HTML response.
 */
export const markers = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  "'><iframe src=javascript:alert(1)>",
  '<img src=x onerror',
]

const unsafe = (method: string) => !['GET', 'HEAD', 'OPTIONS'].includes(method)

/** The variables every case can use, derived from the target's own surveys. */
export async function surveyVars(target: HostileTarget): Promise<Record<string, string>> {
  const read = async (code: string) => {
    const res = await target.fetch(new Request(`${target.origin}/api/surveys/${code}`))
    if (res.status !== 200) throw new Error(`GET /api/surveys/${code} answered ${res.status}: the target's vars are wrong`)
    return (await res.json()) as { survey: SurveyJson }
  }
  const student = (await read(target.vars.code!)).survey
  const parent = (await read(target.vars.parentCode!)).survey
  const questions = (s: SurveyJson) => s.sections.flatMap((x) => x.questions)
  const sq = questions(student)
  // a variable the survey cannot give is left out: the cases that use it are skipped
  const first = <T>(list: T[]): T | undefined => list[0]
  const agreement = sq.filter((q) => q.kind === 'agreement')
  const single = first(sq.filter((q) => q.kind === 'single'))
  const multiple = first(sq.filter((q) => q.kind === 'multiple'))
  const text = first(sq.filter((q) => q.kind === 'text'))
  const required = first(sq.filter((q) => q.required))
  const studentKeys = new Set(sq.map((q) => q.key))
  const parentOnly = first(questions(parent).filter((q) => !studentKeys.has(q.key)))
  const scored = agreement.filter((q) => q.priority !== false)
  const vars: Record<string, string | undefined> = {
    surveyId: student.id,
    parentSurveyId: parent.id,
    agreementKey: agreement[0]?.key,
    singleKey: single?.key,
    singleOption: single?.options?.[0]?.value,
    multipleKey: multiple?.key,
    multipleOption: multiple?.options?.[0]?.value,
    textKey: text?.key,
    textTooLong: text ? 'x'.repeat((text.maxLength ?? 1000) + 1) : undefined,
    requiredKey: required?.key,
    parentOnlyKey: parentOnly?.key,
    scored1: scored[0]?.key,
    scored2: scored[1]?.key,
    scored3: scored[2]?.key,
    scored4: scored[3]?.key,
    validAnswers: JSON.stringify(validAnswers(student)),
    validParentAnswers: JSON.stringify(validAnswers(parent)),
  }
  return Object.fromEntries(Object.entries(vars).filter((e): e is [string, string] => e[1] !== undefined))
}

type QuestionJson = { key: string; kind: string; required?: boolean; priority?: boolean; maxLength?: number; options?: { value: string }[] }
type SurveyJson = { id: string; sections: { questions: QuestionJson[] }[] }

/** A complete set of answers that the survey accepts. */
export function validAnswers(survey: SurveyJson): Record<string, string | string[]> {
  const answers: Record<string, string | string[]> = {}
  for (const q of survey.sections.flatMap((s) => s.questions)) {
    if (q.kind === 'agreement') answers[q.key] = '4'
    else if (q.kind === 'single') answers[q.key] = q.options![0]!.value
    else if (q.kind === 'yesno') answers[q.key] = 'yes'
    else if (q.kind === 'multiple') answers[q.key] = [q.options![0]!.value]
    else answers[q.key] = 'More college visits, please.'
  }
  return answers
}

// ---------- templating ----------

export function expand(text: string, vars: Record<string, string>): string {
  return text.replace(
    /\{\{(json:)?([A-Za-z][A-Za-z0-9]*)(?::(\d+))?(?::([A-Za-z][A-Za-z0-9]*))?\}\}/g,
    (_whole, json: string | undefined, name: string, n: string | undefined, of: string | undefined) => {
      const count = Number(n ?? 0)
      if (name in generators) return generators[name]!(count, of ? lookup(vars, of) : '')
      const value = lookup(vars, name)
      return json ? JSON.stringify(value) : value
    },
  )
}

function lookup(vars: Record<string, string>, name: string): string {
  const value = vars[name]
  if (value === undefined) throw new MissingVariable(name)
  return value
}

/** A case uses a variable the target does not define. */
export class MissingVariable extends Error {
  constructor(readonly variable: string) {
    super(`the target does not define {{${variable}}}`)
  }
}

/** `{{name:N}}` (or `{{list:N:var}}`): text made to measure, so that the corpus files stay small. */
const generators: Record<string, (count: number, of: string) => string> = {
  pad: (n) => 'a'.repeat(n),
  lines: (n) => '\r\n'.repeat(n),
  nest: (n) => '['.repeat(n) + ']'.repeat(n),
  nestObject: (n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n),
  fields: (n) => Array.from({ length: n }, (_, i) => `f${i}=1`).join('&'),
  list: (n, of) => Array.from({ length: n }, () => JSON.stringify(of)).join(','),
}

/** Templates every key and string of a JSON value, and expands `$merge` / `$omit`. */
export function expandJson(value: unknown, vars: Record<string, string>): unknown {
  if (typeof value === 'string') return expand(value, vars)
  if (Array.isArray(value)) return value.map((v) => expandJson(v, vars))
  if (value && typeof value === 'object') {
    // own properties only, and __proto__ kept as a plain key: the corpus sends it on purpose
    const out: Record<string, unknown> = {}
    const source = value as Record<string, unknown>
    if (typeof source.$merge === 'string') {
      const base = JSON.parse(expand(`{{${source.$merge}}}`, vars)) as Record<string, unknown>
      const omit = new Set(((source.$omit as string[] | undefined) ?? []).map((k) => expand(k, vars)))
      for (const [k, v] of Object.entries(base)) if (!omit.has(k)) define(out, k, v)
    }
    for (const [k, v] of Object.entries(source)) {
      if (k === '$merge' || k === '$omit') continue
      define(out, expand(k, vars), expandJson(v, vars))
    }
    return out
  }
  return value
}

const define = (target: Record<string, unknown>, key: string, value: unknown) =>
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })

function bodyOf(body: CaseBody | undefined, vars: Record<string, string>): BodyInit | undefined {
  if (!body) return undefined
  if ('text' in body) return expand(body.text, vars)
  if ('base64' in body) return Buffer.from(body.base64, 'base64')
  if ('json' in body) return JSON.stringify(expandJson(body.json, vars))
  if ('form' in body) {
    const params = new URLSearchParams()
    for (const [k, v] of Object.entries(expandJson(body.form, vars) as Record<string, unknown>)) {
      for (const item of Array.isArray(v) ? v : [v]) params.append(k, typeof item === 'string' ? item : JSON.stringify(item))
    }
    return params
  }
  const form = new FormData()
  for (const [k, v] of Object.entries(body.multipart.fields)) for (const item of Array.isArray(v) ? v : [v]) form.append(expand(k, vars), expand(item, vars))
  for (const f of body.multipart.files) {
    const content = f.base64 !== undefined ? Buffer.from(f.base64, 'base64') : expand(f.text ?? '', vars)
    form.append(f.field, new File([content], expand(f.name, vars), { type: f.type }))
  }
  return form
}

/** The Request a case describes, addressed to the target. */
export async function requestOf(
  target: HostileTarget,
  c: HostileCase,
  vars: Record<string, string>,
  cookieOf: (role: Role) => Promise<string>,
): Promise<Request> {
  const headers = new Headers()
  for (const [k, v] of Object.entries(c.headers)) headers.set(k, expand(v, vars))
  const origin = c.origin ?? unsafe(c.method)
  if (origin === true) headers.set('origin', target.origin)
  else if (typeof origin === 'string') headers.set('origin', origin)
  if (c.cookie !== undefined) headers.set('cookie', await expandCookie(c.cookie, vars, cookieOf))
  else if (c.as) headers.set('cookie', await cookieOf(c.as))
  // a redirect is an answer to check, not to follow (fetch to a real server would follow it)
  const init: RequestInit & { duplex?: string } = { method: c.method, headers, redirect: 'manual' }
  const body = bodyOf(c.body, vars)
  if (body !== undefined) {
    init.body = body
    // an explicit content-type in the case wins over the one fetch would infer
    if (c.headers['content-type'] === undefined && 'text' in c.body! && !headers.has('content-type')) headers.set('content-type', 'text/plain')
  }
  const url = `${target.origin}${expand(c.path, vars)}`
  let req = new Request(url, init)
  // an explicit Content-Type header stays as the case wrote it (fetch would otherwise add a charset or boundary)
  if (c.headers['content-type'] !== undefined) req.headers.set('content-type', expand(c.headers['content-type'], vars))
  if (c.stream && req.body) {
    req = new Request(url, { method: req.method, headers: req.headers, body: req.body, duplex: 'half' } as RequestInit)
  } else if (body !== undefined && !(body instanceof FormData)) {
    // as an HTTP client sends it: a size limit may then decide by the header alone
    req.headers.set('content-length', String((await req.clone().arrayBuffer()).byteLength))
  }
  return req
}

/** A cookie template: `{{session:role}}`, `{{sessionPrefix:role}}` and `{{sessionName}}` need a signed-in session. */
async function expandCookie(text: string, vars: Record<string, string>, cookieOf: (role: Role) => Promise<string>): Promise<string> {
  let out = text
  for (const [whole, kind, role] of text.matchAll(/\{\{(session|sessionPrefix):(\w+)\}\}/g)) {
    const cookie = await cookieOf(role as Role)
    out = out.replace(whole, kind === 'session' ? cookie : cookie.slice(0, cookie.indexOf('=') + 11))
  }
  if (out.includes('{{sessionName}}')) {
    const cookie = await cookieOf('coordinator')
    out = out.replaceAll('{{sessionName}}', cookie.slice(0, cookie.indexOf('=')))
  }
  return expand(out, vars)
}

// ---------- checks ----------

const isApi = (path: string) => path.startsWith('/api/')

async function checkResponse(c: HostileCase, req: Request, res: Response, vars: Record<string, string>): Promise<string[]> {
  const problems: string[] = []
  const wantMessage = c.expect.message === undefined ? undefined : expand(c.expect.message, vars)
  const wantIssues = (c.expect.issues ?? []).map((i) => expand(i, vars))
  const status = res.status
  const want = c.expect.status
  const statusOk = want === '4xx' ? status >= 400 && status < 500 : Array.isArray(want) ? want.includes(status) : status === want
  if (!statusOk) problems.push(`status ${status}, expected ${JSON.stringify(want)}`)
  if (c.malicious && (status < 400 || status >= 500)) problems.push(`a malicious request got ${status}: it must get a 4xx`)
  if (status >= 300 && status < 400) {
    const location = res.headers.get('location') ?? ''
    if (c.expect.location && !location.startsWith(c.expect.location)) problems.push(`redirected to ${location}, expected ${c.expect.location}`)
    await res.body?.cancel()
    return problems
  }
  const type = res.headers.get('content-type') ?? ''
  const text = req.method === 'HEAD' ? '' : await res.text()
  let message = ''
  if (isApi(new URL(req.url).pathname)) {
    if (!type.startsWith('application/json')) problems.push(`an API error must be JSON, got content-type "${type}": ${text.slice(0, 120)}`)
    try {
      const body = JSON.parse(text) as { error?: unknown; issues?: unknown }
      if (typeof body.error !== 'string' || body.error.trim().length < 10) problems.push(`the JSON error has no clear "error" message: ${text.slice(0, 200)}`)
      if (!Array.isArray(body.issues)) problems.push(`the JSON error has no "issues" list: ${text.slice(0, 200)}`)
      else {
        for (const i of body.issues as { path?: unknown; message?: unknown }[]) {
          if (typeof i?.path !== 'string' || typeof i?.message !== 'string' || !i.message)
            problems.push(`an issue is not {path, message}: ${JSON.stringify(i)}`)
        }
        for (const path of wantIssues) {
          if (!(body.issues as { path: string }[]).some((i) => i.path === path)) problems.push(`no issue at "${path}": ${JSON.stringify(body.issues)}`)
        }
      }
      message = `${String(body.error)} ${JSON.stringify(body.issues ?? [])}`
    } catch {
      problems.push(`the API answered with a body that is not JSON: ${text.slice(0, 200)}`)
    }
  } else {
    if (!type.startsWith('text/html')) problems.push(`a page's error must be HTML, got content-type "${type}": ${text.slice(0, 120)}`)
    if (!/<title>[^<]{3,}<\/title>/.test(text) || !/<h1[\s>]/.test(text)) problems.push(`the error page has no title or heading: ${text.slice(0, 200)}`)
    message = text
      .replace(/<[^>]*>/g, ' ')
      .replace(/&#39;|&apos;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
  }
  if (type.startsWith('text/html')) {
    // case-insensitively: a page may echo a code upper-cased
    const lower = text.toLowerCase()
    for (const m of markers) if (lower.includes(m.toLowerCase())) problems.push(`the page echoes markup unescaped: ${m}`)
  }
  if (wantMessage && !message.toLowerCase().includes(wantMessage.toLowerCase())) {
    problems.push(`the message does not say "${wantMessage}": ${message.replace(/\s+/g, ' ').slice(0, 400)}`)
  }
  return problems
}

/** A runner for one target: signs each role in once, derives the survey variables once. */
export function corpusRunner(target: HostileTarget) {
  const cookies = new Map<Role, Promise<string>>()
  // the database as the last case left it: the next case's "before", unless a sign-in came between
  let known: unknown
  const cookieOf = (role: Role) => {
    if (!cookies.has(role)) {
      known = undefined
      cookies.set(role, target.signIn(role))
    }
    return cookies.get(role)!
  }
  let vars: Promise<Record<string, string>> | undefined
  const varsOf = () => (vars ??= surveyVars(target).then((derived) => ({ ...derived, ...target.vars })))

  /** Runs one case; the problems found (none when it passed). */
  async function runCase(c: HostileCase): Promise<CaseOutcome> {
    const v = { ...(await varsOf()), submissionId: crypto.randomUUID() }
    let req: Request
    try {
      req = await requestOf(target, c, v, cookieOf)
    } catch (error) {
      if (error instanceof MissingVariable) return { status: 0, problems: [], skipped: error.message }
      throw error
    }
    // sign-ins happen above, before the snapshot
    const before = known ?? (await target.snapshot())
    let res: Response | undefined
    const problems: string[] = []
    try {
      res = await target.fetch(req)
    } catch (error) {
      const why = `${String(error)} ${String((error as { cause?: unknown }).cause ?? '')}`
      // A server that refuses a streamed body before reading it all (413) may close the
      // connection while the client is still sending: over a network the refusal can arrive as
      // a reset. That is still a refusal; what matters then is checked below (nothing stored,
      // still serving).
      if (!(c.stream && /other side closed|EPIPE|ECONNRESET|socket hang up/i.test(why))) problems.push(`the request failed: ${why.trim()}`)
    }
    if (res) problems.push(...(await checkResponse(c, req, res, v)))
    const after = (known = await target.snapshot())
    if (!isDeepStrictEqual(before, after)) problems.push(`the database changed: ${describeChange(before, after)}`)
    const health = await target.fetch(new Request(`${target.origin}/healthz`))
    if (health.status !== 200) problems.push(`/healthz answered ${health.status} afterwards`)
    await health.body?.cancel()
    return { status: res?.status ?? 0, problems }
  }

  return { runCase, vars: varsOf }
}

/**
 * Runs every case in order: the cases that failed, with their problems (a `todo` case fails
 * when it passes), and the cases skipped because the target's surveys lack what they need.
 */
export async function runCorpus(target: HostileTarget, cases: HostileCase[]) {
  const { runCase } = corpusRunner(target)
  const failures: { name: string; group: string; problems: string[] }[] = []
  const skipped: { name: string; group: string; reason: string }[] = []
  for (const c of cases) {
    const { problems, skipped: reason } = await runCase(c)
    if (reason) {
      skipped.push({ name: c.name, group: c.group, reason })
      continue
    }
    if (problems.length > 0 !== Boolean(c.todo))
      failures.push({ name: c.name, group: c.group, problems: c.todo && !problems.length ? [`marked todo but passes: ${c.todo}`] : problems })
  }
  return { failures, skipped }
}

/** Which tables differ between two snapshots shaped `{ table: rows[] }`. */
function describeChange(before: unknown, after: unknown): string {
  if (!before || !after || typeof before !== 'object' || typeof after !== 'object') return 'snapshots differ'
  const b = before as Record<string, unknown[]>
  const a = after as Record<string, unknown[]>
  const tables = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((t) => !isDeepStrictEqual(b[t], a[t]))
  return tables.map((t) => `${t} ${b[t]?.length ?? 0} -> ${a[t]?.length ?? 0} rows`).join(', ')
}
