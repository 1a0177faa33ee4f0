import { z } from 'zod'
import { audiences } from './audience.ts'
import { agreementValues, dontKnowValue, key, languageCode, plainText, surveyId } from './fields.ts'
import { scaleLabelsSchema, translationSchema } from './translation-schema.ts'

export { agreementValues, audiences, dontKnowValue }

/**
 * The survey file format. A survey lives in `surveys/<id>.yaml`; this schema is the
 * single source of truth for what such a file may say, and the types below are
 * inferred from it.
 */

/** Labels of the five-point agreement scale, 1 = strongly disagree ... 5 = strongly agree. */
export const agreementLabels: Record<(typeof agreementValues)[number] | typeof dontKnowValue, string> = {
  '1': 'Strongly disagree',
  '2': 'Disagree',
  '3': 'Neither agree nor disagree',
  '4': 'Agree',
  '5': 'Strongly agree',
  dk: "Don't know",
}

const option = z.strictObject({
  value: key,
  label: plainText,
})

const questionBase = {
  key,
  text: plainText,
  /** Optional helper line shown under the question. */
  hint: plainText.optional(),
  /** A shorter, simpler wording for the easy-read mode (every question needs one when the survey sets `easyRead: required`). */
  easyRead: plainText.optional(),
  /** The hint in easy read (a question with a hint needs one when the survey sets `easyRead: required`). */
  easyReadHint: plainText.optional(),
  /**
   * Earlier wordings of this question (same key, same meaning), oldest first, so that an
   * earlier year's export that used them still matches this question on import.
   */
  earlierWordings: z.array(plainText).optional(),
  required: z.boolean().default(false),
}

const agreementQuestion = z.strictObject({
  ...questionBase,
  kind: z.literal('agreement'),
  /** The area (Principle, Standard part) this question belongs to: one of the survey's `areas`. */
  area: key,
  /** Whether the question can be a priority area (ranked). */
  priority: z.boolean().default(true),
  /** Offer "Don't know" beside the five points. */
  dontKnow: z.boolean().default(true),
  /** The key of an earlier question this one replaces, so that years still compare. */
  replaces: key.optional(),
  /**
   * The keys of questions in the other voices' surveys that ask the same thing (one key, or a
   * list with at most one key per survey); the report shows the gap to each.
   */
  pairedWith: z
    .union([key, z.array(key).min(1)])
    .optional()
    .transform((v) => (v === undefined ? undefined : [v].flat())),
  /** The Gatsby Benchmarks (1 to 8) this question gives evidence on; every shipped survey tags every scored question. */
  benchmarks: z
    .array(z.number().int().min(1, 'a Gatsby Benchmark is a number from 1 to 8').max(8, 'a Gatsby Benchmark is a number from 1 to 8'))
    .min(1)
    .optional(),
})

const choiceBase = {
  ...questionBase,
  options: z.array(option).min(2, 'needs at least two options'),
}

/** A profile question (year group, gender, SEND...) is used to break results down, never ranked. */
const profile = z.boolean().default(false)

const singleQuestion = z.strictObject({ ...choiceBase, kind: z.literal('single'), profile })
const multipleQuestion = z.strictObject({ ...choiceBase, kind: z.literal('multiple') })
const yesNoQuestion = z.strictObject({ ...questionBase, kind: z.literal('yesno'), profile })
const textQuestion = z.strictObject({
  ...questionBase,
  kind: z.literal('text'),
  maxLength: z.number().int().min(10).max(5000).default(1000),
})

export const questionSchema = z.discriminatedUnion('kind', [agreementQuestion, singleQuestion, multipleQuestion, yesNoQuestion, textQuestion])

const sectionSchema = z.strictObject({
  id: key,
  title: plainText,
  intro: plainText.optional(),
  /** The intro in easy read (a section with an intro needs one when the survey sets `easyRead: required`). */
  easyReadIntro: plainText.optional(),
  questions: z.array(questionSchema).min(1, 'a section needs at least one question'),
})

const areaSchema = z.strictObject({
  id: key,
  title: plainText,
  /** Where the area comes from, e.g. "Principle 3" or "Quality Standard 7". */
  source: plainText.optional(),
})

/** Whether every question must carry an easy-read wording. */
export const easyReadRules = ['optional', 'required'] as const

export const surveySchema = z
  .strictObject({
    id: surveyId,
    audience: z.enum(audiences),
    title: plainText,
    introduction: plainText,
    /**
     * About how many minutes the survey takes, stated once here: the start of the survey, the
     * access sheet and every other place that gives a time use this number, in the reader's language.
     */
    minutes: z.number().int().min(1).max(60).optional(),
    /** Language of the text in this file (BCP 47). */
    language: languageCode.default('en'),
    /** `required`: every question carries an easy-read wording (the shipped surveys do). */
    easyRead: z.enum(easyReadRules).default('optional'),
    /** The introduction in easy read (needed when the survey sets `easyRead: required`). */
    easyReadIntroduction: plainText.optional(),
    /** The agreement scale's labels in easy read, e.g. "No", "Not really", "In between", "Mostly", "Yes", "Don't know" (needed when the survey sets `easyRead: required`). */
    easyReadScale: scaleLabelsSchema.optional(),
    areas: z.array(areaSchema).min(1),
    sections: z.array(sectionSchema).min(1),
    /**
     * The survey's translations by language code. A survey file does not write them: the
     * loader reads them from `surveys/translations/<id>.<language>.yaml`, checks that each
     * is complete, and attaches them here.
     */
    translations: z.record(languageCode, translationSchema).default({}),
  })
  .superRefine((survey, ctx) => {
    const areaIds = new Set<string>()
    survey.areas.forEach((area, i) => {
      if (areaIds.has(area.id)) ctx.addIssue({ code: 'custom', path: ['areas', i, 'id'], message: `area "${area.id}" is declared twice` })
      areaIds.add(area.id)
    })
    const keys = new Map<string, string>()
    const sectionIds = new Set<string>()
    survey.sections.forEach((section, s) => {
      if (sectionIds.has(section.id)) ctx.addIssue({ code: 'custom', path: ['sections', s, 'id'], message: `section "${section.id}" is used twice` })
      sectionIds.add(section.id)
      section.questions.forEach((q, i) => {
        const path = ['sections', s, 'questions', i]
        if (keys.has(q.key)) ctx.addIssue({ code: 'custom', path: [...path, 'key'], message: `key "${q.key}" is already used at ${keys.get(q.key)}` })
        keys.set(q.key, `sections.${s}.questions.${i}`)
        if (survey.easyRead === 'required' && !q.easyRead) {
          ctx.addIssue({
            code: 'custom',
            path: [...path, 'easyRead'],
            message: `question "${q.key}" needs an easy-read wording: this survey sets easyRead: required`,
          })
        }
        if (q.kind === 'agreement' && !areaIds.has(q.area)) {
          ctx.addIssue({ code: 'custom', path: [...path, 'area'], message: `area "${q.area}" is not one of this survey's areas (${[...areaIds].join(', ')})` })
        }
        if (q.kind === 'single' || q.kind === 'multiple') {
          const values = new Set<string>()
          q.options.forEach((o, j) => {
            if (values.has(o.value)) ctx.addIssue({ code: 'custom', path: [...path, 'options', j, 'value'], message: `option "${o.value}" appears twice` })
            values.add(o.value)
          })
        }
      })
    })
    for (const section of survey.sections) {
      for (const q of section.questions) {
        if (q.kind === 'agreement' && q.replaces && keys.has(q.replaces)) {
          ctx.addIssue({ code: 'custom', path: ['sections'], message: `question "${q.key}" replaces "${q.replaces}", which is still asked in this survey` })
        }
      }
    }
    if (!survey.sections.some((s) => s.questions.some((q) => q.kind === 'agreement'))) {
      ctx.addIssue({ code: 'custom', path: ['sections'], message: 'a survey needs at least one agreement (scored) question' })
    }
  })

export type Survey = z.infer<typeof surveySchema>

/**
 * The easy-read texts a survey file that sets `easyRead: required` lacks besides the questions'
 * (which the schema itself requires): the introduction, the agreement scale, each section intro
 * and each hint. Checked when a survey file loads, not when a stored version of a survey is read,
 * so that a round opened before these texts existed still opens.
 */
export function missingEasyRead(survey: Survey): { path: (string | number)[]; message: string }[] {
  if (survey.easyRead !== 'required') return []
  const gaps: { path: (string | number)[]; message: string }[] = []
  const needs = (path: (string | number)[], what: string) =>
    gaps.push({ path, message: `${what} needs an easy-read version: this survey sets easyRead: required` })
  if (!survey.easyReadIntroduction) needs(['easyReadIntroduction'], 'the introduction')
  if (!survey.easyReadScale) needs(['easyReadScale'], 'the agreement scale')
  survey.sections.forEach((section, s) => {
    if (section.intro && !section.easyReadIntro) needs(['sections', s, 'easyReadIntro'], `the intro of section "${section.id}"`)
    section.questions.forEach((q, i) => {
      if (q.hint && !q.easyReadHint) needs(['sections', s, 'questions', i, 'easyReadHint'], `the hint of question "${q.key}"`)
    })
  })
  return gaps
}
export type Section = Survey['sections'][number]
export type Question = z.infer<typeof questionSchema>
export type AgreementQuestion = Extract<Question, { kind: 'agreement' }>
export type Audience = (typeof audiences)[number]

/** Every question of a survey in survey order. */
export function questionsOf(survey: Survey): Question[] {
  return survey.sections.flatMap((s) => s.questions)
}

/** The scored (five-point agreement) questions in survey order. */
export function scoredQuestions(survey: Survey): AgreementQuestion[] {
  return questionsOf(survey).filter((q): q is AgreementQuestion => q.kind === 'agreement')
}

export type ProfileQuestion = Extract<Question, { kind: 'single' | 'yesno' }>

/** The profile questions (year group first if present), used for breakdowns. */
export function profileQuestions(survey: Survey): ProfileQuestion[] {
  return questionsOf(survey).filter((q): q is ProfileQuestion => (q.kind === 'single' || q.kind === 'yesno') && q.profile)
}

/** The label of a profile answer value, e.g. y9 -> "Year 9". */
export function optionLabel(q: ProfileQuestion, value: string): string {
  if (q.kind === 'yesno') return value === 'yes' ? 'Yes' : 'No'
  return q.options.find((o) => o.value === value)?.label ?? value
}
