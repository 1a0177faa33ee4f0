import type { ZodError } from 'zod'
import { formText, type FormBody as RequestForm } from '../http/request-body.ts'
import { frameworkCriteriaSchema, type FrameworkCriteria } from './criteria.ts'
import { actionsSchema, cellReaders, entryInputSchema, type Actions, type EntryField, type EntryInput } from './entered-figures.ts'
import { actionKeys } from './statements.ts'
import { youSaidMaxItems, youSaidSchema, type YouSaidItem } from './you-said.ts'
import type { Survey } from '../surveys/schema.ts'

/**
 * HTML forms to the zod schemas: what each field is called, how its text becomes a value, and
 * each problem keyed by the field it belongs to, so the page can show it beside that field.
 * A form comes back with every value as typed and every problem; nothing is stored.
 */

export type FormFields = Record<string, string>
/** Problems keyed by dotted path ("y11.atWidth", "destination.ks4"); '' for the form as a whole. */
export type FormErrors = Record<string, string>
export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FormErrors }

/**
 * The fields `names` of a request's form, each as text (a missing one is left out). A field
 * given twice or as a file is refused with 400 by `formText`; other fields are not read, so
 * nothing the page does not send is kept or shown back. No prototype: `__proto__` is just a name.
 */
export function textFields(body: RequestForm, names: readonly string[]): FormFields {
  const out: FormFields = Object.create(null)
  for (const name of names) if (body[name] !== undefined) out[name] = formText(body, name)
  return out
}

function addIssues(errors: FormErrors, error: ZodError) {
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.')
    errors[key] ??= issue.message
  }
}

/** A typed number: "" stays "" (so a required field says it is missing), numbers become numbers, anything else stays text (and zod names it). */
const typedNumber = (raw: string | undefined) => {
  const text = (raw ?? '').trim().replace(/\s*%$/, '')
  return text !== '' && /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : text
}

// ---------- criteria ----------

export const stageFields = [
  { stage: 'ks4', label: 'KS4' },
  { stage: 'post16', label: 'Post-16' },
] as const
export const thresholdFields = [
  { key: 'green', label: 'Green from' },
  { key: 'amberGreen', label: 'Amber/Green from' },
  { key: 'amberRed', label: 'Amber/Red from' },
] as const

/** Field names of the criteria form: dotted paths with dots as underscores ("y11_atWidth"). */
export const fieldName = (path: string) => path.replace(/\./g, '_')

/** Every field of the criteria form. */
export const criteriaFieldNames = [
  ...stageFields.flatMap(({ stage }) => thresholdFields.map((t) => fieldName(`destination.${stage}.${t.key}`))),
  ...['y11.atWidth', 'y11.amberRedDepth', 'y11.redDepth', 'y11.gapBand', 'y11.cityAverage', 'overall.method', 'overall.minimumRated'].map(fieldName),
]

export function criteriaFromForm(body: FormFields): FormResult<FrameworkCriteria> {
  const errors: FormErrors = {}
  const destination: Record<string, unknown> = {}
  for (const { stage, label } of stageFields) {
    const raw = thresholdFields.map((t) => (body[fieldName(`destination.${stage}.${t.key}`)] ?? '').trim())
    if (raw.every((r) => r === '')) destination[stage] = null
    else if (raw.some((r) => r === '')) {
      errors[`destination.${stage}`] = `${label}: give all three minimum shares, or leave all three empty to leave ${label} not rated`
    } else destination[stage] = Object.fromEntries(thresholdFields.map((t, i) => [t.key, typedNumber(raw[i])]))
  }
  const cityAverage = (body[fieldName('y11.cityAverage')] ?? '').trim()
  const input = {
    destination,
    y11: {
      atWidth: typedNumber(body[fieldName('y11.atWidth')]),
      amberRedDepth: typedNumber(body[fieldName('y11.amberRedDepth')]),
      redDepth: typedNumber(body[fieldName('y11.redDepth')]),
      gapBand: body[fieldName('y11.gapBand')] ?? '',
      cityAverage: cityAverage === '' ? null : typedNumber(cityAverage),
    },
    overall: {
      method: body[fieldName('overall.method')] ?? '',
      minimumRated: typedNumber(body[fieldName('overall.minimumRated')]),
    },
  }
  const parsed = frameworkCriteriaSchema.safeParse(input)
  if (!parsed.success) addIssues(errors, parsed.error)
  return Object.keys(errors).length || !parsed.success ? { ok: false, errors } : { ok: true, value: parsed.data }
}

// ---------- the four entered elements ----------

/** Form field names of the entry form. */
export const entryFieldNames: Record<EntryField, string> = {
  destinationKs4: 'destinationKs4',
  destinationPost16: 'destinationPost16',
  y11Eet: 'y11Eet',
  qualityAward: 'qualityAward',
  staffing: 'staffing',
}

export const entryFormFieldNames = Object.values(entryFieldNames)

export function entryFromForm(body: FormFields): FormResult<EntryInput> {
  const errors: FormErrors = {}
  const values: Record<string, unknown> = {}
  for (const field of Object.keys(entryFieldNames) as EntryField[]) {
    const read = cellReaders[field](body[entryFieldNames[field]] ?? '')
    if (read.ok) values[field] = read.value
    else errors[field] = read.message
  }
  if (Object.keys(errors).length) return { ok: false, errors }
  const parsed = entryInputSchema.safeParse(values)
  if (!parsed.success) {
    addIssues(errors, parsed.error)
    return { ok: false, errors }
  }
  return { ok: true, value: parsed.data }
}

// ---------- the framework action plan ----------

/** Every field of the action-plan form: one action per element. */
export const actionFieldNames = actionKeys.map((k) => `action_${k}`)

export function actionsFromForm(body: FormFields): FormResult<Actions> {
  const input = Object.fromEntries(actionKeys.map((k) => [k, body[`action_${k}`] ?? '']))
  const parsed = actionsSchema.safeParse(input)
  if (parsed.success) return { ok: true, value: parsed.data }
  const errors: FormErrors = {}
  addIssues(errors, parsed.error)
  return { ok: false, errors }
}

// ---------- you said, we did ----------

export const youSaidRows = Array.from({ length: youSaidMaxItems }, (_, i) => i + 1)
/** Every row's fields of the "you said, we did" form. */
export const youSaidFieldNames = youSaidRows.flatMap((i) => [`key${i}`, `weDid${i}`])

/**
 * Rows of the form (key1/weDid1 ...). A row without a text is left out, even with a question
 * chosen (the form starts with the development questions chosen, and not every one needs an
 * answer); a text without a question is a problem.
 */
export function youSaidFromForm(body: FormFields, survey: Survey): FormResult<YouSaidItem[]> {
  const errors: FormErrors = {}
  const items: YouSaidItem[] = []
  for (const i of youSaidRows) {
    const questionKey = (body[`key${i}`] ?? '').trim()
    const weDid = (body[`weDid${i}`] ?? '').trim()
    if (!weDid) continue
    if (!questionKey) errors[`row${i}`] = 'choose the question this is about'
    else items.push({ questionKey, weDid })
  }
  if (Object.keys(errors).length) return { ok: false, errors }
  if (items.length === 0) return { ok: true, value: [] }
  const parsed = youSaidSchema(survey).safeParse(items)
  if (parsed.success) return { ok: true, value: parsed.data }
  for (const issue of parsed.error.issues) {
    const row = typeof issue.path[0] === 'number' ? `row${issue.path[0] + 1}` : ''
    errors[row] ??= issue.message
  }
  return { ok: false, errors }
}
