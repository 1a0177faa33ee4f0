import { z } from 'zod'
import { agreementValues, dontKnowValue, questionsOf, type Question, type Survey } from './schema.ts'
import { languagesOf } from './translate.ts'

/**
 * The answers a respondent may send for one survey, as a zod schema built from the survey
 * definition. The survey form and the JSON API both validate with it.
 */

const chooseOne = 'choose one of the answers offered'

/** An empty string, an empty list or null means "not answered". */
const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0)

function fieldSchema(q: Question): z.ZodType {
  switch (q.kind) {
    case 'agreement': {
      const values = q.dontKnow ? [...agreementValues, dontKnowValue] : [...agreementValues]
      // JSON clients may send the scale as a number
      return z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.enum(values as [string, ...string[]], { error: chooseOne }))
    }
    case 'single':
      return z.enum(q.options.map((o) => o.value) as [string, ...string[]], { error: chooseOne })
    case 'yesno':
      return z.enum(['yes', 'no'], { error: 'answer yes or no' })
    case 'multiple': {
      const option = z.enum(q.options.map((o) => o.value) as [string, ...string[]], { error: 'choose from the answers offered' })
      return z.preprocess(
        (v) => (typeof v === 'string' ? [v] : v),
        z.array(option, { error: 'choose from the answers offered' }).refine((list) => new Set(list).size === list.length, 'each answer may be chosen once'),
      )
    }
    case 'text':
      return (
        z
          .string({ error: 'must be text' })
          .max(q.maxLength, `must be at most ${q.maxLength} characters`)
          .transform((s) => s.trim())
          // C0 and C1 controls (a line end, CR LF from a form, and tab are text), as survey files refuse them
          .refine((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/.test(s), 'must not contain control characters')
      )
  }
}

export type AnswerValue = string | string[]
export type Answers = Record<string, AnswerValue>

/** zod schema for `{ key: value }` answers to a survey: unknown keys and missing required answers fail. */
export function answersSchema(survey: Survey) {
  const shape: Record<string, z.ZodType> = {}
  for (const q of questionsOf(survey)) {
    const field = fieldSchema(q)
    shape[q.key] = z.preprocess(
      (v) => (isBlank(v) ? undefined : v),
      q.required ? z.custom((v) => v !== undefined, 'this question needs an answer').pipe(field) : field.optional(),
    )
  }
  return z
    .strictObject(shape, {
      error: (issue) =>
        issue.code === 'unrecognized_keys' ? `not a question of this survey: ${issue.keys.join(', ')}` : 'answers must be an object of question keys',
    })
    .transform((all) => Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as Answers)
    .refine((all) => Object.keys(all).length > 0, 'answer at least one question')
}

const submissionSchemas = new WeakMap<Survey, ReturnType<typeof buildSubmissionSchema>>()

/** Request body of the JSON API (built once per survey). */
export function submissionSchema(survey: Survey) {
  let schema = submissionSchemas.get(survey)
  if (!schema) submissionSchemas.set(survey, (schema = buildSubmissionSchema(survey)))
  return schema
}

/**
 * A response's language: one the survey is offered in (its own language or a translation's),
 * matched without regard to letter case and stored as the survey writes it; the survey's own
 * language when none is given. Anything else ("xx") is refused, so every stored response
 * names a language it could have been answered in.
 */
function offeredLanguage(survey: Survey) {
  const codes = languagesOf(survey).map((l) => l.code)
  const byLowerCase = new Map(codes.map((c) => [c.toLowerCase(), c]))
  return z
    .string({ error: 'language must be a language code such as en or pl' })
    .transform((lang, ctx) => {
      const code = byLowerCase.get(lang.trim().toLowerCase())
      if (code) return code
      ctx.addIssue({ code: 'custom', message: `language must be one this survey is offered in: ${codes.join(', ')} ("${lang.slice(0, 20)}" is not)` })
      return z.NEVER
    })
    .default(survey.language)
}

// version 4 only: versions 1, 6 and 7 carry the time they were made (and 1 a network card's
// address), which would be stored with the response
const uuid = z.uuidv4()

/** Whether a form's submission id is one to keep (a random, version 4 UUID): any other is replaced by a fresh one when the page comes back. */
export const isSubmissionId = (value: unknown): value is string => uuid.safeParse(value).success

function buildSubmissionSchema(survey: Survey) {
  return z.strictObject({
    // a random UUID (crypto.randomUUID()), never a name, a pupil number or anything else a client might choose
    submissionId: z.uuidv4({
      error: (issue) =>
        issue.input === undefined
          ? 'submissionId is required: a random UUID chosen by the client (crypto.randomUUID())'
          : 'submissionId must be a random (version 4) UUID such as 3f0c2a9e-8b1d-4c6f-9a2e-5d7b1c0e4f13 (crypto.randomUUID()); a time-based UUID would date the response',
    }),
    language: offeredLanguage(survey),
    answers: answersSchema(survey),
  })
}

/** A stored answer row: one per answered question, one per chosen option of multiple choice. */
export type AnswerRow = { key: string; value: string; scale: number | null }

export function answerRows(survey: Survey, answers: Answers): AnswerRow[] {
  const rows: AnswerRow[] = []
  for (const q of questionsOf(survey)) {
    const v = answers[q.key]
    if (v === undefined) continue
    for (const value of Array.isArray(v) ? v : [v]) {
      rows.push({ key: q.key, value, scale: q.kind === 'agreement' && value !== dontKnowValue ? Number(value) : null })
    }
  }
  return rows
}
