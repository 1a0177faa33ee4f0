import type { Survey } from '../surveys/schema.ts'
import {
  emptyPlan,
  finishPlan,
  choicesOf,
  isMetadataColumn,
  labelReader,
  normalise,
  quoteCut,
  QuestionMatcher,
  valueOfLabel,
  type ColumnMapping,
  type ColumnPlan,
  type NumberScale,
} from './columns.ts'

/**
 * SurveyMonkey's "all responses" CSV export, expanded or condensed. It has TWO header rows:
 *
 *  - row 1: the question text, written once over all the columns of that question (the
 *    columns after the first are empty);
 *  - row 2: "Response" for a one-column question, "Open-Ended Response" for free text, or,
 *    for a question spread over several columns, what each column is: an answer option
 *    (multiple choice: a non-blank cell means that option was chosen) or a statement
 *    (a matrix/rating-scale question: the cell holds the rating, e.g. "Agree").
 *
 * The "condensed" export puts a multiple-choice question in one column whose cells list the
 * options chosen ("Careers fair, Work experience"); the "numerical value" export writes each
 * answer as its choice's number, read with the scale order the user states (`NumberScale`).
 *
 * Metadata columns (Respondent ID, Collector ID, Start Date, End Date, IP Address, Email
 * Address, First Name, Last Name, Custom Data 1...) are dropped and never stored. A column
 * is matched to a question by its text (case, punctuation and spacing ignored) or by the
 * mapping file, which is looked up with the row-1 text, the row-2 text, or both together.
 */

export const surveyMonkeyHeaderRows = 2

/** Row-2 text that says "the answer is in this column" rather than naming an option or statement. */
const isGeneric = (sub: string) => ['', 'response', 'openendedresponse'].includes(normalise(sub))

type Group = { title: string; columns: { index: number; sub: string }[] }

/** Splits the header into questions: a non-empty row-1 cell starts one, empty ones continue it. */
function groups(row1: string[], row2: string[]): Group[] {
  const result: Group[] = []
  const width = Math.max(row1.length, row2.length)
  for (let index = 0; index < width; index++) {
    const title = (row1[index] ?? '').trim()
    const sub = (row2[index] ?? '').trim()
    const last = result[result.length - 1]
    if (title || !last) result.push({ title, columns: [{ index, sub }] })
    else last.columns.push({ index, sub })
  }
  return result
}

/** What each column of a SurveyMonkey export is, and what is wrong with the header rows. */
export function surveyMonkeyColumns(
  survey: Survey,
  row1: string[],
  row2: string[],
  mapping: ColumnMapping = {},
  strict = false,
  scale?: NumberScale,
): ColumnPlan {
  const matcher = new QuestionMatcher(survey, mapping)
  const plan = emptyPlan(surveyMonkeyHeaderRows)
  const unknown = `is not a question of ${survey.id}: match it to a question key in a mapping file ({ "column header text": "question_key" }), or map it to null to leave it out`
  const set = (index: number, column: ColumnPlan['columns'][number]) => (plan.columns[index] = column)
  /** A column that matches nothing: a problem when strict, else left out and listed. */
  const unmatched = (problem: { row: number; column: string; message: string }, shown: string) => {
    if (strict) plan.problems.push(problem)
    else plan.unmatchedColumns.push(shown)
  }

  for (const group of groups(row1, row2)) {
    const { title, columns } = group
    const first = columns[0]!

    if (title && isMetadataColumn(title)) {
      for (const c of columns) set(c.index, { use: 'drop', header: title })
      plan.skippedColumns.push(title)
      plan.matches.push({ header: title, shown: title, key: null, how: 'metadata' })
      // metadata has nothing in row 2; something there means row 2 is already answers
      if (columns.some((c) => c.sub !== '')) {
        plan.problems.push({
          row: 2,
          column: title,
          message: 'row 2 should be the second header row of a SurveyMonkey export, but it holds data (for a file with one header row use --format csv)',
        })
      }
      continue
    }

    const { key, how } = title ? matcher.matchHow(title) : { key: undefined, how: 'none' as const }
    if (key === null) {
      for (const c of columns) set(c.index, { use: 'drop', header: title })
      plan.ignoredColumns.push(title)
      plan.matches.push({ header: title, shown: title, key: null, how })
      continue
    }

    if (key !== undefined) {
      const q = matcher.questions.get(key)!
      plan.matches.push({ header: title, shown: title, key, how })
      const choice = q.kind === 'single' || q.kind === 'multiple' || q.kind === 'yesno'
      const optionColumns = choice && !isGeneric(first.sub) && (columns.length > 1 || valueOfLabel(q, first.sub) !== undefined)
      if (optionColumns) {
        // one column per option: the cell holds the option's label (any non-blank text counts)
        plan.questionColumn.set(key, title)
        for (const c of columns) {
          const value = valueOfLabel(q, c.sub)
          const mapped = matcher.match(`${title} ${c.sub}`, c.sub)
          if (value !== undefined) set(c.index, { use: 'option', header: c.sub, key, value })
          else if (mapped === null) {
            set(c.index, { use: 'drop', header: c.sub })
            plan.ignoredColumns.push(`${title} / ${c.sub}`)
          } else {
            set(c.index, { use: 'drop', header: c.sub || title })
            unmatched(
              {
                row: 2,
                column: c.sub || title,
                message: `is not one of the answers to ${quoteCut(title)} (${q.key}: ${choicesOf(q)
                  .map((o) => o.label)
                  .join(', ')}); map it to null in a mapping file to leave it out`,
              },
              `${title} / ${c.sub}`,
            )
          }
        }
        continue
      }
      // the answer is in the first column; SurveyMonkey adds e.g. "Other (please specify)" after it
      set(first.index, { use: 'cell', header: title, key, read: labelReader(q, matcher.answersFor(title), scale), mapAs: title })
      for (const c of columns.slice(1)) {
        const mapped = matcher.match(`${title} ${c.sub}`, c.sub)
        set(c.index, { use: 'drop', header: c.sub || title })
        if (mapped === null) plan.ignoredColumns.push(`${title} / ${c.sub}`)
        else
          unmatched(
            {
              row: 2,
              column: c.sub || title,
              message: `is an extra column under ${quoteCut(title)} (${q.key}), which takes one answer; map it to null in a mapping file to leave it out`,
            },
            `${title} / ${c.sub}`,
          )
      }
      continue
    }

    // not a question by its row-1 text: a matrix whose statements (row 2) are the questions
    const subMatches = columns.map((c) => (isGeneric(c.sub) ? { key: undefined, how: 'none' as const } : matcher.matchHow(`${title} ${c.sub}`, c.sub)))
    const shownOf = (c: { index: number; sub: string }) => title || c.sub || `column ${columnLetter(c.index)}`
    if (subMatches.every((m) => m.key === undefined) && (columns.length === 1 || columns.every((c) => isGeneric(c.sub)))) {
      // one question's column(s) that match nothing: one line of the preview, mapped by the row-1 text
      for (const c of columns) set(c.index, { use: 'drop', header: title })
      plan.matches.push({ header: title, shown: shownOf(first), key: null, how: 'none' })
      unmatched({ row: title ? 1 : 2, column: shownOf(first), message: title ? unknown : 'has no header text' }, shownOf(first))
      continue
    }
    columns.forEach((c, i) => {
      const { key: subKey, how: subHow } = subMatches[i]!
      const header = isGeneric(c.sub) ? title : `${title} ${c.sub}`
      plan.matches.push({ header, shown: isGeneric(c.sub) ? shownOf(c) : `${title} / ${c.sub}`, key: subKey ?? null, how: subHow })
      if (subKey === null) {
        set(c.index, { use: 'drop', header: c.sub })
        plan.ignoredColumns.push(`${title} / ${c.sub}`)
      } else if (subKey === undefined) {
        set(c.index, { use: 'drop', header: c.sub || title })
        unmatched({ row: 2, column: c.sub || title, message: `${unknown} (it is under ${quoteCut(title)})` }, `${title} / ${c.sub}`)
      } else {
        set(c.index, {
          use: 'cell',
          header: c.sub,
          key: subKey,
          read: labelReader(matcher.questions.get(subKey)!, matcher.answersFor(header, c.sub), scale),
          mapAs: header,
        })
      }
    })
  }
  return finishPlan(plan, matcher)
}

/** Spreadsheet column letters: 0 -> A, 26 -> AA. */
export function columnLetter(index: number): string {
  let s = ''
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s
  return s
}
