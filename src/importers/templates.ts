import Papa from 'papaparse'
import { frameworkCsvHeader } from '../framework/import.ts'
import { questionsOf, type Question, type Survey } from '../surveys/schema.ts'
import { choicesOf } from './columns.ts'

/**
 * Downloadable templates of the plain formats: a survey's answers (question keys as the header,
 * the question texts as a second header row, which the import skips, and one example row), and
 * the framework figures (its header and one example row for an institution that does not exist,
 * so that a template imported unchanged stores nothing).
 */

function example(q: Question): string {
  if (q.kind === 'agreement') return '4'
  if (q.kind === 'text') return 'An example answer'
  const choices = choicesOf(q)
  if (q.kind === 'multiple')
    return choices
      .slice(0, 2)
      .map((c) => c.value)
      .join(';')
  return choices[0]?.value ?? ''
}

/** CRLF and a byte-order mark: Excel opens it as UTF-8 with the columns apart. */
const asCsv = (rows: string[][]) => `\uFEFF${Papa.unparse(rows, { newline: '\r\n' })}\r\n`

export function surveyTemplateCsv(survey: Survey): string {
  const questions = questionsOf(survey)
  return asCsv([questions.map((q) => q.key), questions.map((q) => q.text), questions.map(example)])
}

export function frameworkTemplateCsv(): string {
  return asCsv([frameworkCsvHeader, ['example-school', '95.5', '', '93.1', 'working-towards', 'level-4']])
}
