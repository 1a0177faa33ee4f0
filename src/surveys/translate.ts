// The survey in the respondent's language. Translations are loaded and checked with the
// survey (load.ts); this module only picks one and applies it. Keys never change, so answers
// in every language pool under the same question key.
import { directionOf } from './direction.ts'
import { agreementLabels, type Question, type Survey } from './schema.ts'
import type { SurveyTranslation } from './translation-schema.ts'

/** A language a survey can be answered in. */
export type LanguageInfo = {
  /** BCP 47 code: en, pl, ur, ro. */
  code: string
  /** The language's own name for itself: English, Polski, اردو, Română. */
  name: string
  dir: 'ltr' | 'rtl'
  /**
   * How far the translation has been checked: `source` for the survey's own language, else
   * the translation file's status level (draft-machine-assisted | draft | reviewed | approved).
   */
  status: string
}

/** A survey in one language, with the fixed labels every survey shares. */
export type Localised = {
  survey: Survey
  language: LanguageInfo
  /** The agreement scale's labels: 1..5 and dk. */
  scale: typeof agreementLabels
  yes: string
  no: string
}

/** Own names of source languages; a survey written in another language is named by Intl. */
const sourceNames: Record<string, string> = { en: 'English', 'en-GB': 'English' }

function sourceLanguage(survey: Survey): LanguageInfo {
  const code = survey.language
  let name = sourceNames[code]
  if (!name) {
    try {
      name = new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code
    } catch {
      name = code
    }
  }
  return { code, name, dir: directionOf(code), status: 'source' }
}

function languageOf(t: SurveyTranslation): LanguageInfo {
  return { code: t.language, name: t.name, dir: t.dir, status: t.status.level }
}

/** The languages a survey is offered in, its source language first, then by language code. */
export function languagesOf(survey: Survey): LanguageInfo[] {
  const translated = Object.values(survey.translations)
    .map(languageOf)
    .sort((a, b) => a.code.localeCompare(b.code))
  return [sourceLanguage(survey), ...translated]
}

/**
 * The translation for a requested language: an exact match of its code (any letter case),
 * else of its first part (`pl-PL` gets `pl`). Undefined for the source language or one not offered.
 */
export function translationFor(survey: Survey, lang: string | undefined): SurveyTranslation | undefined {
  const wanted = lang?.trim().toLowerCase()
  if (!wanted) return undefined
  const all = Object.values(survey.translations)
  if (wanted === survey.language.toLowerCase()) return undefined
  return all.find((t) => t.language.toLowerCase() === wanted) ?? all.find((t) => t.language.toLowerCase() === wanted.split('-')[0])
}

function translateQuestion(q: Question, t: SurveyTranslation): Question {
  const tq = t.questions[q.key]
  if (!tq) return q // never for a loaded survey: translations are complete
  const texts = {
    text: tq.text,
    hint: q.hint === undefined ? undefined : (tq.hint ?? q.hint),
    easyRead: q.easyRead === undefined ? undefined : (tq.easyRead ?? q.easyRead),
    easyReadHint: q.easyReadHint === undefined ? undefined : (tq.easyReadHint ?? q.easyReadHint),
  }
  if (q.kind === 'single' || q.kind === 'multiple') {
    return { ...q, ...texts, options: q.options.map((o) => ({ value: o.value, label: tq.options?.[o.value] ?? o.label })) }
  }
  return { ...q, ...texts }
}

function translateSurvey(survey: Survey, t: SurveyTranslation): Survey {
  return {
    ...survey,
    language: t.language,
    title: t.title,
    introduction: t.introduction,
    easyReadIntroduction: survey.easyReadIntroduction === undefined ? undefined : (t.easyReadIntroduction ?? survey.easyReadIntroduction),
    easyReadScale: survey.easyReadScale === undefined ? undefined : (t.easyReadScale ?? survey.easyReadScale),
    areas: survey.areas.map((a) => ({ ...a, title: t.areas[a.id] ?? a.title })),
    sections: survey.sections.map((s) => {
      const ts = t.sections[s.id]
      return {
        ...s,
        title: ts?.title ?? s.title,
        intro: s.intro === undefined ? undefined : (ts?.intro ?? s.intro),
        easyReadIntro: s.easyReadIntro === undefined ? undefined : (ts?.easyReadIntro ?? s.easyReadIntro),
        questions: s.questions.map((q) => translateQuestion(q, t)),
      }
    }),
  }
}

/**
 * The survey in `lang`, or in its source language when `lang` is not offered. Keys never change.
 * `survey` is the catalog's survey (in its source language), not an already localised one.
 */
export function localise(survey: Survey, lang: string | undefined): Localised {
  const t = translationFor(survey, lang)
  if (!t) return { survey, language: sourceLanguage(survey), scale: agreementLabels, yes: 'Yes', no: 'No' }
  return { survey: translateSurvey(survey, t), language: languageOf(t), scale: { ...t.scale }, yes: t.yes, no: t.no }
}
