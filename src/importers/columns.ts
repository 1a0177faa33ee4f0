import { z } from 'zod'
import { agreementLabels, agreementValues, dontKnowValue, questionsOf, type Question, type Survey } from '../surveys/schema.ts'

/**
 * What the importers share: matching header text to questions, reading a cell into an answer
 * value, and the "plan" that says what each column of a file is. Web-standard code only
 * (no node: imports): the importers must also run in a Worker.
 */

/**
 * One thing wrong with a file. `row` is the row a spreadsheet shows (header rows included,
 * counting from 1; 0 = not about one row, e.g. the mapping file), `column` the header text of
 * the column ('' = not about one column).
 */
export type ImportProblem = {
  row: number
  column: string
  message: string
  /** Set when the problem is an answer that fits none of the question's options: the preview offers to map it. */
  answer?: { key: string; value: string; mapAs: string }
}

/**
 * What one column is: a question key, `null` to leave it out on purpose, or a question with the
 * answers of the file that are not its options mapped to option values (`null`: not answered),
 * e.g. `{ "question": "q_know_strengths", "answers": { "Neutral": "3" } }`.
 */
export const columnChoiceSchema = z.union([
  z.string(),
  z.null(),
  z.strictObject({ question: z.string(), answers: z.record(z.string(), z.string().nullable()).default({}) }),
])
export type ColumnChoice = z.infer<typeof columnChoiceSchema>

/** `{ "column header text": "question_key" }`; `null` drops the column on purpose; an object maps answers too. */
export const columnMappingSchema = z.record(z.string(), columnChoiceSchema, {
  error: 'a mapping file is a JSON object: { "column header text": "question_key" } (or null to leave the column out)',
})
export type ColumnMapping = z.infer<typeof columnMappingSchema>

/** How a column was matched to a question, as the preview says it. */
export type MatchHow = 'metadata' | 'mapping' | 'key' | 'text' | 'earlier' | 'none'

/**
 * One column (or, in a SurveyMonkey export, one question's group of columns) as the preview
 * lists it: `header` is the text a mapping names it by, `key` the question it answers (null:
 * left out), `how` the way it was matched.
 */
export type ColumnMatch = { header: string; shown: string; key: string | null; how: MatchHow }

/**
 * Text compared the way a person would: case, punctuation, the spacing around punctuation
 * and whitespace are ignored ("I know my strengths , the things I am good at" matches
 * "I know my strengths, the things I am good at."; "Don’t know" matches "Don't know").
 */
export function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '')
}

/**
 * Columns that describe the respondent or the collection rather than answer a question.
 * They are dropped on sight and never stored: an IP or email address, a name or an exact
 * time could identify a student.
 */
const metadataPattern =
  /^(respondentid|responseid|collectorid|collectorname|collector|startdate|enddate|datecreated|datemodified|timestamp|ipaddress|emailaddress|email|firstname|lastname|name|customdata\d*|customvariable\d*|externalreference|externaldatareference)$/

export function isMetadataColumn(header: string): boolean {
  return metadataPattern.test(normalise(header))
}

/** A cell read: its answer (undefined: mapped to "not answered"), or why it is not one (`unknown`: the value that fits no option). */
export type CellResult = { ok: true; value: string | string[] | undefined; mapped?: string } | { ok: false; message: string; unknown?: string }

/** Answers mapped by the user: normalised label -> option value, or null for "not answered". */
export type AnswerMap = Map<string, string | null>

/** What a column of the file is. */
export type Column =
  /** Dropped: a metadata column, or one the mapping file maps to null. */
  | { use: 'drop'; header: string }
  /** The cell holds the answer to `key`. */
  | { use: 'cell'; header: string; key: string; read: (cell: string) => CellResult; mapAs?: string }
  /** A non-blank cell means the respondent chose option `value` of `key` (one column per option). */
  | { use: 'option'; header: string; key: string; value: string }

export type ColumnPlan = {
  /** How many header rows the file has: data starts on the row after. */
  headerRows: number
  columns: Column[]
  /** Problems with the header rows (unknown columns...). */
  problems: ImportProblem[]
  /** Header text of the metadata columns dropped. */
  skippedColumns: string[]
  /** Header text of the columns the mapping file dropped (mapped to null). */
  ignoredColumns: string[]
  /** For messages about a question: the header text of the column(s) that answer it. */
  questionColumn: Map<string, string>
  /** Questions no column answers: imported as not answered (required applies to the live form, not to history), and listed. */
  missingQuestions: string[]
  /** Every column as the preview lists it, in file order. */
  matches: ColumnMatch[]
  /** Header text of columns that match no question: left out (a problem instead when the import is strict). */
  unmatchedColumns: string[]
}

/** Finds the question a piece of header text means: the mapping file first, then the survey. */
export class QuestionMatcher {
  private readonly byText = new Map<string, Map<string, MatchHow>>()
  private readonly mapping = new Map<string, string | null>()
  private readonly answerMaps = new Map<string, AnswerMap>()
  readonly questions: Map<string, Question>
  readonly problems: ImportProblem[] = []

  constructor(
    readonly survey: Survey,
    mapping: ColumnMapping = {},
  ) {
    this.questions = new Map(questionsOf(survey).map((q) => [q.key, q]))
    for (const q of this.questions.values()) {
      const texts: [string | undefined, MatchHow][] = [
        [q.key, 'key'],
        [q.text, 'text'],
        [q.easyRead, 'text'],
        ...(q.earlierWordings ?? []).map((w): [string, MatchHow] => [w, 'earlier']),
      ]
      for (const [text, how] of texts) {
        if (!text) continue
        const found = this.byText.get(normalise(text)) ?? new Map<string, MatchHow>()
        if (!found.has(q.key)) found.set(q.key, how)
        this.byText.set(normalise(text), found)
      }
    }
    for (const [header, choice] of Object.entries(mapping)) {
      const key = choice !== null && typeof choice === 'object' ? choice.question : choice
      if (choice !== null && typeof choice === 'object') {
        this.answerMaps.set(normalise(header), new Map(Object.entries(choice.answers).map(([label, value]) => [normalise(label), value])))
      }
      if (key !== null && !this.questions.has(key)) {
        this.problems.push({
          row: 0,
          column: '',
          message: `the mapping file maps “${header}” to “${key}”, which is not a question key of ${survey.id} (keys: ${[...this.questions.keys()].join(', ')})`,
        })
        continue
      }
      this.mapping.set(normalise(header), key)
    }
  }

  /** The question key for header text, `null` when the mapping file drops it, `undefined` when nothing matches. */
  match(...texts: string[]): string | null | undefined {
    return this.matchHow(...texts).key
  }

  /**
   * The question key for header text and how it was found. A mapping that says what the survey's
   * own matching says (a check sent back with its lists unchanged, or a saved mapping) keeps that
   * way: only a choice that differs from it is the user's.
   */
  matchHow(...texts: string[]): { key: string | null | undefined; how: MatchHow } {
    for (const text of texts) {
      const n = normalise(text)
      if (n && this.mapping.has(n)) {
        const key = this.mapping.get(n)
        const own = this.surveyMatch(texts)
        if (own.key === (key ?? undefined)) return { key, how: own.how }
        return { key, how: 'mapping' }
      }
    }
    return this.surveyMatch(texts)
  }

  /** The question key for header text by the survey alone: its keys, texts and earlier wordings. */
  private surveyMatch(texts: string[]): { key: string | undefined; how: MatchHow } {
    for (const text of texts) {
      const keys = this.byText.get(normalise(text))
      if (keys?.size === 1) {
        const [key, how] = [...keys][0]!
        return { key, how }
      }
    }
    return { key: undefined, how: 'none' }
  }

  /** The answers the mapping maps for a column (looked up like `match`). */
  answersFor(...texts: string[]): AnswerMap | undefined {
    for (const text of texts) {
      const found = this.answerMaps.get(normalise(text))
      if (found) return found
    }
    return undefined
  }
}

/** Values from a file are echoed at most this long in a message: a 4 MB cell does not make a 4 MB page. */
export const maxEchoed = 200

/** Text from the file, cut to `maxEchoed` characters (saying so) for a message. */
export function cut(text: string, max = maxEchoed): string {
  if (text.length <= max) return text
  return `${[...text.slice(0, max)].slice(0, -1).join('')}… (${text.length.toLocaleString('en-GB')} characters in all)`
}

/** A value from the file, quoted and cut for a message. */
export const quoteCut = (s: string) => `“${cut(s)}”`

const quote = quoteCut

function notAnAnswer(cell: string, accepted: string[]): CellResult {
  return { ok: false, unknown: cell, message: `${quote(cell)} is not an answer to this question (answers: ${accepted.join(', ')})` }
}

/** A cell's value through the user's answer map: an option value, null for "not answered", undefined when the map does not name it. */
const mapped = (answers: AnswerMap | undefined, cell: string) => answers?.get(normalise(cell))

type Choice = { value: string; label: string }

/** The answers a question offers, with their labels (agreement: the five points and maybe "Don't know"). */
export function choicesOf(q: Question): Choice[] {
  switch (q.kind) {
    case 'agreement':
      // as a form shows them: Strongly agree ... Strongly disagree, then Don't know
      const values: (keyof typeof agreementLabels)[] = [...agreementValues].reverse()
      if (q.dontKnow) values.push(dontKnowValue)
      return values.map((value) => ({ value, label: agreementLabels[value] }))
    case 'single':
    case 'multiple':
      return q.options
    case 'yesno':
      return [
        { value: 'yes', label: 'Yes' },
        { value: 'no', label: 'No' },
      ]
    case 'text':
      return []
  }
}

/** The value of an answer written as its label ("Strongly agree", "Year 9", "Yes"), or undefined. */
export function valueOfLabel(q: Question, label: string): string | undefined {
  const n = normalise(label)
  return choicesOf(q).find((c) => normalise(c.label) === n)?.value
}

/**
 * Which agreement answer SurveyMonkey's "numerical value" export means by 1: it numbers a
 * question's choices in the order the survey listed them, and only the person who built the
 * survey knows whether that list started at "Strongly agree" or "Strongly disagree". A sixth
 * choice after the five is "Don't know".
 */
export const numberScales = ['agree-first', 'disagree-first'] as const
export type NumberScale = (typeof numberScales)[number]

/** An agreement answer written as SurveyMonkey's choice number: '1'..'6' to '5'..'1' or 'dk' in the scale's order; undefined otherwise. */
function agreementOfNumber(q: Question, cell: string, scale: NumberScale): string | undefined {
  const n = /^\s*([1-6])\s*$/.exec(cell)?.[1]
  if (!n) return undefined
  if (n === '6') return q.kind === 'agreement' && q.dontKnow ? dontKnowValue : undefined
  return scale === 'agree-first' ? String(6 - Number(n)) : n
}

/**
 * The options a cell of a one-column multiple-choice question names (SurveyMonkey's
 * "condensed" export lists them in one cell, separated by commas or semicolons). Labels may
 * hold commas themselves, so the cell is matched against the labels, longest first, rather
 * than split blindly; undefined when any part is not an option.
 */
function optionsInCell(q: Question, cell: string): string[] | undefined {
  const choices = [...choicesOf(q)].sort((a, b) => b.label.length - a.label.length)
  const found: string[] = []
  let rest = cell.trim()
  while (rest) {
    const hit = choices.find((c) => {
      const head = rest.slice(0, c.label.length)
      const after = rest.slice(c.label.length)
      return normalise(head) === normalise(c.label) && (after === '' || /^\s*[,;]/.test(after))
    })
    if (!hit) return undefined
    if (!found.includes(hit.value)) found.push(hit.value)
    rest = rest.slice(hit.label.length).replace(/^\s*[,;]\s*/, '')
  }
  return found
}

/**
 * Reads cells written as labels, as SurveyMonkey exports them: agreement labels to '5'..'1'
 * or 'dk', option labels to option values, Yes/No to yes/no, text as it is. With `scale`,
 * an agreement cell may be the choice's number instead (the "numerical value" export); a
 * multiple-choice cell may list several options (the "condensed" export).
 */
export function labelReader(q: Question, answers?: AnswerMap, scale?: NumberScale): (cell: string) => CellResult {
  if (q.kind === 'text') return (cell) => ({ ok: true, value: cell })
  const accepted = choicesOf(q).map((c) => c.label)
  return (cell) => {
    const own = mapped(answers, cell)
    if (own === null) return { ok: true, value: undefined, mapped: cell }
    const value = own ?? valueOfLabel(q, cell) ?? (scale && q.kind === 'agreement' ? agreementOfNumber(q, cell, scale) : undefined)
    if (value === undefined) {
      const several = q.kind === 'multiple' ? optionsInCell(q, cell) : undefined
      if (several) return { ok: true, value: several }
      return notAnAnswer(cell, accepted)
    }
    return { ok: true, value: q.kind === 'multiple' ? [value] : value, ...(own === undefined ? {} : { mapped: cell }) }
  }
}

/**
 * Reads cells written as values: 1-5 or dk for agreement, option values, yes/no; several
 * options of a multiple-choice question separated by `;`. A label is accepted too.
 */
export function valueReader(q: Question, answers?: AnswerMap): (cell: string) => CellResult {
  if (q.kind === 'text') return (cell) => ({ ok: true, value: cell })
  const choices = choicesOf(q)
  const accepted = choices.map((c) => c.value)
  const one = (cell: string) => choices.find((c) => c.value === cell.trim().toLowerCase())?.value ?? valueOfLabel(q, cell)
  return (cell) => {
    const own = mapped(answers, cell)
    if (own === null) return { ok: true, value: undefined, mapped: cell }
    if (own !== undefined) return { ok: true, value: q.kind === 'multiple' ? [own] : own, mapped: cell }
    if (q.kind === 'multiple') {
      const parts = cell
        .split(';')
        .map((p) => p.trim())
        .filter(Boolean)
      const values: string[] = []
      for (const part of parts) {
        const own = mapped(answers, part)
        if (own === null) continue
        const value = own ?? one(part)
        if (value === undefined) return notAnAnswer(part, accepted)
        values.push(value)
      }
      return { ok: true, value: values.length ? values : undefined }
    }
    const value = one(cell)
    return value === undefined ? notAnAnswer(cell, accepted) : { ok: true, value }
  }
}

/** Checks that no question is answered by two columns, and notes the questions with no column. */
export function finishPlan(plan: ColumnPlan, matcher: QuestionMatcher): ColumnPlan {
  const cellColumns = new Map<string, string>()
  const optionColumns = new Map<string, Map<string, string>>()
  const headerRow = plan.headerRows
  for (const column of plan.columns) {
    if (column.use === 'drop') continue
    const q = matcher.questions.get(column.key)!
    if (column.use === 'cell') {
      const other = cellColumns.get(column.key) ?? [...(optionColumns.get(column.key)?.values() ?? [])][0]
      if (other !== undefined) {
        plan.problems.push({
          row: headerRow,
          column: column.header,
          message: `answers the same question as column ${quote(other)} (${q.key}: ${quote(q.text)})`,
        })
        continue
      }
      cellColumns.set(column.key, column.header)
    } else {
      const options = optionColumns.get(column.key) ?? new Map<string, string>()
      const other = cellColumns.get(column.key) ?? options.get(column.value)
      if (other !== undefined) {
        plan.problems.push({
          row: headerRow,
          column: column.header,
          message: `answers the same question as column ${quote(other)} (${q.key}: ${quote(q.text)})`,
        })
        continue
      }
      options.set(column.value, column.header)
      optionColumns.set(column.key, options)
    }
    if (!plan.questionColumn.has(column.key)) plan.questionColumn.set(column.key, column.header)
  }
  for (const q of matcher.questions.values()) if (!plan.questionColumn.has(q.key)) plan.missingQuestions.push(q.key)
  plan.problems.unshift(...matcher.problems)
  return plan
}

export function emptyPlan(headerRows: number): ColumnPlan {
  return {
    headerRows,
    columns: [],
    problems: [],
    skippedColumns: [],
    ignoredColumns: [],
    questionColumn: new Map(),
    missingQuestions: [],
    matches: [],
    unmatchedColumns: [],
  }
}

/**
 * The survey as a past year's file is checked against: no question is required. "Required"
 * applies to the live form; an earlier survey that did not ask a question leaves it unanswered.
 */
export function historical(survey: Survey): Survey {
  return { ...survey, sections: survey.sections.map((s) => ({ ...s, questions: s.questions.map((q) => ({ ...q, required: false })) })) }
}

/**
 * The text a file's hash is taken of: line breaks as CRLF, as a browser sends a form's field
 * (and as SurveyMonkey and Excel write CSV), so that a file checked in the browser, carried back
 * with the confirm form, or given to the command line is the same file.
 */
export const hashedText = (text: string) => text.replace(/^\uFEFF/, '').replace(/\r\n|\r|\n/g, '\r\n')
