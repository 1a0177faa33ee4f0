import type { Survey } from './schema.ts'
import type { SurveyTranslation } from './translation-schema.ts'

/** A problem inside a translation file: a path in it and what is wrong. */
export type TranslationIssue = { path: string; message: string }

const quote = (text: string) => `“${text}”`

/**
 * Checks a translation against its survey. A translation must be complete to be offered:
 * every area, section, question, hint, easy-read wording (of the introduction, section intros, questions,
 * hints and the scale) and option of the survey has its
 * translation, and nothing is translated that the survey does not have (an unknown key is
 * usually a typing error or a question that was replaced). Returns every problem found.
 */
export function translationIssues(survey: Survey, t: SurveyTranslation): TranslationIssue[] {
  const issues: TranslationIssue[] = []
  const missing = (path: string, what: string, english: string) =>
    issues.push({ path, message: `missing: the translation of ${what} (English: ${quote(english)})` })
  const extra = (path: string, message: string) => issues.push({ path, message })

  if (t.language === survey.language) extra('language', `${survey.id} is written in ${survey.language} already; a translation must be in another language`)

  // the easy-read introduction and scale: translated where the survey has them, and only there
  if (survey.easyReadIntroduction && !t.easyReadIntroduction) missing('easyReadIntroduction', 'the easy-read introduction', survey.easyReadIntroduction)
  if (!survey.easyReadIntroduction && t.easyReadIntroduction) extra('easyReadIntroduction', `${survey.id} has no easy-read introduction`)
  if (survey.easyReadScale && !t.easyReadScale) missing('easyReadScale', 'the easy-read agreement scale', Object.values(survey.easyReadScale).join(' / '))
  if (!survey.easyReadScale && t.easyReadScale) extra('easyReadScale', `${survey.id} has no easy-read agreement scale`)

  const areaIds = new Set(survey.areas.map((a) => a.id))
  for (const area of survey.areas) if (!(area.id in t.areas)) missing(`areas.${area.id}`, `area "${area.id}"`, area.title)
  for (const id of Object.keys(t.areas))
    if (!areaIds.has(id)) extra(`areas.${id}`, `"${id}" is not an area of ${survey.id} (areas: ${[...areaIds].join(', ')})`)

  const sectionIds = new Set(survey.sections.map((s) => s.id))
  for (const section of survey.sections) {
    const path = `sections.${section.id}`
    const ts = t.sections[section.id]
    if (!ts) {
      missing(path, `section "${section.id}"`, section.title)
      continue
    }
    if (section.intro && !ts.intro) missing(`${path}.intro`, `the intro of section "${section.id}"`, section.intro)
    if (!section.intro && ts.intro) extra(`${path}.intro`, `section "${section.id}" has no intro in ${survey.id}`)
    if (section.easyReadIntro && !ts.easyReadIntro) missing(`${path}.easyReadIntro`, `the easy-read intro of section "${section.id}"`, section.easyReadIntro)
    if (!section.easyReadIntro && ts.easyReadIntro) extra(`${path}.easyReadIntro`, `section "${section.id}" has no easy-read intro in ${survey.id}`)
  }
  for (const id of Object.keys(t.sections))
    if (!sectionIds.has(id)) extra(`sections.${id}`, `"${id}" is not a section of ${survey.id} (sections: ${[...sectionIds].join(', ')})`)

  const questionKeys = new Set<string>()
  for (const section of survey.sections) {
    for (const q of section.questions) {
      questionKeys.add(q.key)
      const path = `questions.${q.key}`
      const tq = t.questions[q.key]
      if (!tq) {
        missing(path, `question "${q.key}"`, q.text)
        continue
      }
      for (const field of ['hint', 'easyRead', 'easyReadHint'] as const) {
        const english = q[field]
        const what = { hint: 'hint', easyRead: 'easy-read wording', easyReadHint: 'easy-read hint' }[field]
        if (english && !tq[field]) missing(`${path}.${field}`, `the ${what} of question "${q.key}"`, english)
        if (!english && tq[field]) extra(`${path}.${field}`, `question "${q.key}" has no ${what} in ${survey.id}`)
      }
      const options = q.kind === 'single' || q.kind === 'multiple' ? q.options : []
      if (options.length === 0) {
        if (tq.options) extra(`${path}.options`, `question "${q.key}" has no options to translate (it is a ${q.kind} question)`)
        continue
      }
      const values = new Set(options.map((o) => o.value))
      for (const o of options)
        if (!tq.options || !(o.value in tq.options)) missing(`${path}.options.${o.value}`, `option "${o.value}" of question "${q.key}"`, o.label)
      for (const value of Object.keys(tq.options ?? {})) {
        if (!values.has(value)) extra(`${path}.options.${value}`, `"${value}" is not an option of question "${q.key}" (options: ${[...values].join(', ')})`)
      }
    }
  }
  for (const k of Object.keys(t.questions)) if (!questionKeys.has(k)) extra(`questions.${k}`, `"${k}" is not a question key of ${survey.id}`)

  return issues
}
