import { questionsOf, type Survey } from './schema.ts'

/** The words of a text, counted as a reader sees them (letters or digits between spaces). */
const words = (text: string | undefined) => (text ? (text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? []).length : 0)

/**
 * Every word a respondent reads in the survey's own language: the introduction, section titles
 * and intros, each question with its hint and answer labels (the agreement scale counted once a
 * question, as it is read).
 */
export function wordCount(survey: Survey): number {
  let n = words(survey.title) + words(survey.introduction)
  for (const s of survey.sections) {
    n += words(s.title) + words(s.intro)
    for (const q of s.questions) {
      n += words(q.text) + words(q.hint)
      if (q.kind === 'single' || q.kind === 'multiple') for (const o of q.options) n += words(o.label)
      else if (q.kind === 'agreement') n += 10
      else if (q.kind === 'yesno') n += 2
    }
  }
  return n
}

/**
 * About how many minutes the survey takes: the number its file states (`minutes`), or, for a
 * file that states none (a round opened before the field existed), an estimate from its length:
 * reading at 120 words a minute and 6 seconds to choose each answer (20 seconds a text box).
 */
export function surveyMinutes(survey: Survey): number {
  if (survey.minutes) return survey.minutes
  const questions = questionsOf(survey)
  const answering = questions.reduce((s, q) => s + (q.kind === 'text' ? 20 : 6), 0) / 60
  return Math.max(1, Math.round(wordCount(survey) / 120 + answering))
}
