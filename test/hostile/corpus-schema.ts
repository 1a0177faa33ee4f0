import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'

/**
 * The hostile-input corpus: malformed or malicious HTTP requests kept as data in
 * `corpus/*.json`, one file per group of paths. This schema is what a case may say.
 *
 * Strings in `path`, `headers`, `cookie`, bodies and the expected `message` and `issues` are
 * templates: `{{name}}` is replaced by a variable of the target (see `HostileTarget` in
 * run-corpus.ts), `{{json:name}}` by its JSON text. Generators keep the files small:
 * `{{pad:N}}` is N letters "a", `{{lines:N}}` N line ends, `{{nest:N}}` N nested JSON arrays,
 * `{{nestObject:N}}` N nested JSON objects, `{{fields:N}}` N form fields `f0=1&f1=1...`,
 * `{{list:N:var}}` N JSON strings of a variable, comma-separated. In a `cookie`,
 * `{{session:role}}` is a fresh session cookie (name=value) of that staff member,
 * `{{sessionPrefix:role}}` the same cut short, and `{{sessionName}}` the session cookie's name.
 * In `json` and `form` bodies an object may hold `"$merge": "validAnswers"` (or
 * `"validParentAnswers"`) to start from a complete valid set of answers, and `"$omit": [keys]`
 * to leave keys out of it.
 */

export const roles = ['coordinator', 'viewer', 'lead', 'otherCoordinator', 'otherLead'] as const
export type Role = (typeof roles)[number]

const formValue = z.union([z.string(), z.array(z.string())])

export const bodySchema = z.union([
  /** Raw text, sent as it is (after templating). */
  z.strictObject({ text: z.string() }),
  /** Raw bytes (for invalid UTF-8 and the like), not templated. */
  z.strictObject({ base64: z.string() }),
  /** A JSON value, templated in keys and strings, then serialised. */
  z.strictObject({ json: z.unknown() }),
  /** URL-encoded form fields in this order; a list repeats the field. */
  // checked, not rebuilt: z.record would copy the fields into a new object and lose a `__proto__` field
  z.strictObject({ form: z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'form: an object of fields') }),
  /** A multipart form: fields, and files given as text or base64 bytes. */
  z.strictObject({
    multipart: z.strictObject({
      fields: z.record(z.string(), formValue).default({}),
      files: z
        .array(
          z.strictObject({
            field: z.string(),
            name: z.string(),
            type: z.string().default('text/csv'),
            text: z.string().optional(),
            base64: z.string().optional(),
          }),
        )
        .default([]),
    }),
  }),
])
export type CaseBody = z.infer<typeof bodySchema>

export const caseSchema = z.strictObject({
  name: z.string().min(3),
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']),
  path: z.string().startsWith('/'),
  headers: z.record(z.string(), z.string()).default({}),
  /** Signed in as one of the target's staff accounts; absent means anonymous. */
  as: z.enum(roles).optional(),
  /** A Cookie header sent as it is (forged, expired, tampered sessions); overrides `as`. */
  cookie: z.string().optional(),
  /**
   * The Origin header. Unsafe methods get the target's own origin unless this says otherwise:
   * false sends none, a string sends that origin.
   */
  origin: z.union([z.boolean(), z.string()]).optional(),
  body: bodySchema.optional(),
  /**
   * Send the body as a stream of unknown length (chunked, no Content-Length), so that a size
   * limit must count the bytes as they come. Other bodies are sent with their Content-Length.
   */
  stream: z.boolean().default(false),
  expect: z.strictObject({
    /** The exact status, a list of acceptable ones, or "4xx". */
    status: z.union([z.number().int().min(100).max(599), z.array(z.number().int()), z.literal('4xx')]),
    /** Words the error message (JSON `error` or the page's text) must contain, case-insensitively. */
    message: z.string().optional(),
    /** Issue paths the JSON error must name. */
    issues: z.array(z.string()).optional(),
    /** For a redirect: where it must lead (a prefix of Location). */
    location: z.string().optional(),
  }),
  /**
   * A malicious case must get a 4xx. A few cases are hostile but have a correct non-4xx answer
   * (a forged session cookie on a page is sent to sign in): those say `malicious: false`.
   */
  malicious: z.boolean().default(true),
  /** A known failure: why, and who must fix it. The suite expects it to fail until fixed. */
  todo: z.string().optional(),
})
export type HostileCase = z.infer<typeof caseSchema> & { group: string }

export const corpusFileSchema = z.strictObject({
  group: z.string(),
  description: z.string(),
  cases: z.array(caseSchema).min(1),
})

export const corpusDir = join(import.meta.dirname, 'corpus')

/** Every case of every corpus file (or of the files named), validated; duplicate names fail. */
export function loadCorpus(dir = corpusDir, files?: string[]): HostileCase[] {
  const names =
    files ??
    readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
  const cases: HostileCase[] = []
  for (const name of names) {
    const parsed = corpusFileSchema.safeParse(JSON.parse(readFileSync(join(dir, name), 'utf8')))
    if (!parsed.success) throw new Error(`${name}: ${z.prettifyError(parsed.error)}`)
    for (const c of parsed.data.cases) cases.push({ ...c, group: parsed.data.group })
  }
  const seen = new Set<string>()
  for (const c of cases) {
    const id = `${c.group}: ${c.name}`
    if (seen.has(id)) throw new Error(`two cases are named "${id}"`)
    seen.add(id)
  }
  return cases
}
