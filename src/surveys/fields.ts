import { z } from 'zod'

/** Field rules shared by the survey file and the translation file schemas. */

/** A question key, option value, section or area id: stable across years and languages. */
export const key = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,62}$/, 'must be lower case letters, digits and underscores, starting with a letter')
  // answers are looked up by key: a key that every object has already would answer itself
  .refine((k) => !(k in Object.prototype), { message: 'is a reserved word: choose another key' })

export const surveyId = z.string().regex(/^[a-z][a-z0-9-]{1,40}$/, 'must be lower case letters, digits and hyphens')

/** Text a respondent reads: never empty. */
export const plainText = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .regex(/^[^\0-\x09\x0B-\x1F\x7F-\x9F]*$/, 'must not contain control characters (line breaks are fine)')

/** A BCP 47 language tag as surveys use them: en, pl, ur, ro, pt-BR, pa-Arab (the one pattern for files, addresses and answers). */
export const languageTag = /^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?$/

export const languageCode = z.string().regex(languageTag, 'must be a language code such as pl, ur, ro or pt-BR')

/** A calendar date as YYYY-MM-DD. */
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is written YYYY-MM-DD')

/** The five points of the agreement scale, 1 = strongly disagree ... 5 = strongly agree. */
export const agreementValues = ['1', '2', '3', '4', '5'] as const
export const dontKnowValue = 'dk'
