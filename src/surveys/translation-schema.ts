import { z } from 'zod'
import { directionOf } from './direction.ts'
import { isoDate, key, languageCode, plainText, surveyId } from './fields.ts'

/**
 * The translation file format. One file per survey and language, named
 * `surveys/translations/<survey id>.<language>.yaml`, e.g. `student-iag.pl.yaml`.
 * It carries every text a respondent reads, keyed by the same question keys, option
 * values, section ids and area ids as the survey file, so that answers in every language
 * pool under one key. Whether it covers the whole survey is checked against the survey
 * (translation-check.ts): only a complete translation is offered.
 */

/**
 * How far a translation has been checked, from least to most:
 * - `draft-machine-assisted`: written with a machine translation or language model, or by
 *   someone who is not fluent; not checked by a fluent speaker.
 * - `draft`: written by a fluent speaker; not yet checked by a second one.
 * - `reviewed`: checked by a fluent (ideally native) speaker who knows English schools.
 * - `approved`: signed off by the partnership for use with its families.
 */
export const translationStatuses = ['draft-machine-assisted', 'draft', 'reviewed', 'approved'] as const
export type TranslationStatus = (typeof translationStatuses)[number]

/** What each status means, for the people deciding whether to use a translation. */
export const translationStatusMeaning: Record<TranslationStatus, string> = {
  'draft-machine-assisted': 'machine-assisted draft, not checked by a fluent speaker',
  draft: 'draft by a fluent speaker, not yet checked by a second',
  reviewed: 'checked by a fluent speaker',
  approved: 'approved by the partnership',
}

const statusSchema = z
  .strictObject({
    level: z.enum(translationStatuses, { error: `must be one of ${translationStatuses.join(', ')}` }),
    /** Who did the step the level names: translated the draft, reviewed it, approved it. */
    by: plainText.optional(),
    /** When (YYYY-MM-DD). */
    date: isoDate.optional(),
    /** Anything a partnership should know before using it, e.g. what has not been checked. */
    note: plainText.optional(),
  })
  .superRefine((status, ctx) => {
    if (status.level === 'reviewed' || status.level === 'approved') {
      for (const field of ['by', 'date'] as const) {
        if (!status[field])
          ctx.addIssue({
            code: 'custom',
            path: [field],
            message: `a translation marked ${status.level} must say ${field === 'by' ? 'who' : 'when'} (${field})`,
          })
      }
    }
  })

/** The agreement scale's labels in one wording: 1 = the most against ... 5 = the most for, dk = don't know. */
export const scaleLabelsSchema = z.strictObject({ '1': plainText, '2': plainText, '3': plainText, '4': plainText, '5': plainText, dk: plainText })

const questionTranslation = z.strictObject({
  text: plainText,
  hint: plainText.optional(),
  easyRead: plainText.optional(),
  easyReadHint: plainText.optional(),
  /** Option labels by option value (single and multiple choice questions). */
  options: z.record(key, plainText).optional(),
})

const sectionTranslation = z.strictObject({
  title: plainText,
  intro: plainText.optional(),
  easyReadIntro: plainText.optional(),
})

export const translationSchema = z
  .strictObject({
    /** The id of the survey this file translates. */
    survey: surveyId,
    /** The language of this file (BCP 47), e.g. pl, ur, ro. */
    language: languageCode,
    /** The language's own name for itself, as the language picker shows it: Polski, اردو, Română. */
    name: plainText,
    /** Which way the language is written; must agree with the language (rtl for Urdu). */
    dir: z.enum(['ltr', 'rtl'], { error: 'must be ltr (left to right) or rtl (right to left)' }),
    status: statusSchema,
    title: plainText,
    introduction: plainText,
    /** The introduction in easy read, where the survey has one. */
    easyReadIntroduction: plainText.optional(),
    /** The agreement scale: 1 = strongly disagree ... 5 = strongly agree, dk = don't know. */
    scale: scaleLabelsSchema,
    /** The agreement scale in easy read, where the survey has one. */
    easyReadScale: scaleLabelsSchema.optional(),
    /** The labels of yes/no questions. */
    yes: plainText,
    no: plainText,
    /** Area titles by area id. */
    areas: z.record(key, plainText),
    /** Section titles and intros by section id. */
    sections: z.record(key, sectionTranslation),
    /** Question wordings and option labels by question key. */
    questions: z.record(key, questionTranslation),
  })
  .superRefine((t, ctx) => {
    const expected = directionOf(t.language)
    if (t.dir !== expected) {
      ctx.addIssue({
        code: 'custom',
        path: ['dir'],
        message: `${t.language} is written ${expected === 'rtl' ? 'right to left' : 'left to right'}: set dir: ${expected}`,
      })
    }
  })

export type SurveyTranslation = z.infer<typeof translationSchema>
