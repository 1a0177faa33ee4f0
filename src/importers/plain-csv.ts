import type { Survey } from '../surveys/schema.ts'
import { emptyPlan, finishPlan, isMetadataColumn, QuestionMatcher, valueReader, type ColumnMapping, type ColumnPlan } from './columns.ts'
import { columnLetter } from './surveymonkey.ts'

/**
 * A plain CSV: one header row of question keys (the question text, or a header the mapping
 * file names, is accepted too), then one respondent per row. Cells hold values: 1-5 or dk for
 * agreement, option values (e.g. y9), yes/no; several options of a multiple-choice question
 * separated by `;`. Metadata columns (Timestamp, Email Address...) are dropped, never stored.
 */

export const plainCsvHeaderRows = 1

export function plainCsvColumns(survey: Survey, header: string[], mapping: ColumnMapping = {}, strict = false): ColumnPlan {
  const matcher = new QuestionMatcher(survey, mapping)
  const plan = emptyPlan(plainCsvHeaderRows)
  header.forEach((raw, index) => {
    const text = raw.trim()
    const shown = text || `column ${columnLetter(index)}`
    if (isMetadataColumn(text)) {
      plan.columns[index] = { use: 'drop', header: text }
      plan.skippedColumns.push(text)
      plan.matches.push({ header: text, shown, key: null, how: 'metadata' })
      return
    }
    const { key, how } = text ? matcher.matchHow(text) : { key: undefined, how: 'none' as const }
    plan.matches.push({ header: text, shown, key: key ?? null, how })
    if (key === null) {
      plan.columns[index] = { use: 'drop', header: text }
      plan.ignoredColumns.push(text)
    } else if (key === undefined) {
      plan.columns[index] = { use: 'drop', header: text }
      if (!strict) plan.unmatchedColumns.push(shown)
      else if (!text) plan.problems.push({ row: 1, column: shown, message: 'has no header text' })
      else
        plan.problems.push({
          row: 1,
          column: text,
          message: `is not a question key of ${survey.id}: rename it, match it to a key in a mapping file ({ "column header text": "question_key" }), or map it to null to leave it out`,
        })
    } else {
      plan.columns[index] = { use: 'cell', header: text, key, read: valueReader(matcher.questions.get(key)!, matcher.answersFor(text)), mapAs: text }
    }
  })
  return finishPlan(plan, matcher)
}
