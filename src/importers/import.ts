import type { InStatement } from '@libsql/client/web'
import { HTTPException } from 'hono/http-exception'
import Papa from 'papaparse'
import { sha256Hex } from '../crypto.ts'
import type { Db } from '../db/database.ts'
import { isConstraintError } from '../db/errors.ts'
import { writeBatch } from '../db/writer.ts'
import { findInstitution } from '../org/organisations.ts'
import { settingsOf } from '../org/settings.ts'
import { academicYear, academicYearOf } from '../rounds/academic-year.ts'
import { findRound, roundToCreate, type Round } from '../rounds/rounds.ts'
import { catchUpStatements } from '../rounds/shown-figures.ts'
import { storeVersion, surveyOfRound } from '../rounds/survey-versions.ts'
import { answerRows, answersSchema, type Answers } from '../surveys/answers.ts'
import type { SurveyCatalog } from '../surveys/load.ts'
import { questionsOf, scoredQuestions, type Survey } from '../surveys/schema.ts'
import {
  columnMappingSchema,
  cut,
  hashedText,
  historical,
  normalise,
  quoteCut,
  type ColumnMapping,
  type ColumnMatch,
  type ColumnPlan,
  type ImportProblem,
  type NumberScale,
} from './columns.ts'
import { ImportStaging, randomIdBase } from './staging.ts'
import { yieldToOthers } from './yield.ts'
import { plainCsvColumns, plainCsvHeaderRows } from './plain-csv.ts'
import { surveyMonkeyColumns, surveyMonkeyHeaderRows } from './surveymonkey.ts'

/**
 * Imports an earlier year's responses from a CSV file, so that the first year in Signpost
 * already has a baseline. Web-standard code only (no node: imports): it also runs in a Worker.
 *
 * Every row is checked before anything is written; if anything is wrong, nothing is stored
 * and every problem is reported at once (row and column as a spreadsheet shows them). If all
 * is well, every response is written in one atomic batch.
 */

export type { ColumnMapping, ImportProblem } from './columns.ts'
export { columnMappingSchema } from './columns.ts'

/**
 * The kinds of file: a SurveyMonkey export with answers as text, or as numbers where 1 is
 * "Strongly agree" or "Strongly disagree" (its "numerical value" export: only the user knows
 * which way the survey listed the scale), and a plain CSV with question keys as headers.
 */
export const importFormats = ['surveymonkey', 'surveymonkey-numbers-agree-first', 'surveymonkey-numbers-disagree-first', 'csv'] as const
export type ImportFormat = (typeof importFormats)[number]

/** Every SurveyMonkey kind has its two header rows. */
export const isSurveyMonkey = (format: ImportFormat) => format !== 'csv'

/** The scale order of a "numerical value" export; undefined for answers as text. */
export const numberScaleOf = (format: ImportFormat): NumberScale | undefined =>
  format === 'surveymonkey-numbers-agree-first' ? 'agree-first' : format === 'surveymonkey-numbers-disagree-first' ? 'disagree-first' : undefined

/** The file: its text, or a stream of its bytes (UTF-8) or text. */
export type ImportInput = string | ReadableStream<Uint8Array> | ReadableStream<string>

export type ImportOptions = {
  institution: string
  survey: string
  /** Academic year, e.g. 2024/25. */
  year: string
  format: ImportFormat
  mapping?: ColumnMapping
  /** A column that matches no question is a problem (by default it is left out and listed). */
  strict?: boolean
  /** Today (YYYY-MM-DD), to tell a past year from the current one; defaults to the real date. */
  today?: string
}

export type ImportSummary = {
  /** Responses stored by this call (0 when the file was already imported). */
  imported: number
  /** True when this file's responses were already in the round: nothing was stored. */
  alreadyImported: boolean
  /** Metadata columns dropped, never stored (Respondent ID, IP Address, Email Address...). */
  skippedColumns: string[]
  /** Columns the mapping file left out (mapped to null). */
  ignoredColumns: string[]
  /** Columns that matched no question: left out. */
  unmatchedColumns: string[]
  /** Questions of the survey no column answers: not answered in every imported response. */
  missingQuestions: string[]
  /** The mapping the file was read with: every column's question (null: left out), as `--mapping` takes it. */
  mapping: ColumnMapping
  /** How many of the survey's scored questions a column answers: the year's top three is chosen from those only. */
  scored: { covered: number; total: number }
  /** Rows of respondents who answered no question: nothing to store. */
  emptyRows: number[]
  round: Round
  /** Whether the import created the round (closed, marked imported: it never takes answers). */
  roundCreated: boolean
  /** The day stored as every imported response's `submitted_on`. */
  submittedOn: string
}

export class ImportError extends Error {
  /** `mapping`: the mapping the file's header was read with, when it was read (to write for `--mapping`, fixed). */
  constructor(
    readonly problems: ImportProblem[],
    readonly mapping?: ColumnMapping,
  ) {
    super(`nothing was imported: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${problems.map(formatProblem).join('\n')}`)
    this.name = 'ImportError'
  }
}

/**
 * An import refused for the round it would go into (one Signpost collected, or one that needs
 * one-time codes): the file is not read and nothing is stored. `reason` says which round, why,
 * and what to do instead.
 */
export class ImportRefused extends ImportError {
  constructor(readonly reason: string) {
    super([{ row: 0, column: '', message: reason }])
    this.name = 'ImportRefused'
  }
}

/**
 * Why a file may not go into the round of its year, or null when it may. An import goes only
 * into a year with no round Signpost collected for that institution and survey: it creates
 * the round, or adds to a round an earlier import created. A round Signpost collected, open or
 * closed, is the evidence the institution is rated on (its figures, last year's top three that
 * this year's rating follows), and rows from a file could pad a small group until it is shown or
 * change the rating; a round that needs a one-time code per respondent would take rows that had none.
 */
export function importRefusal(
  round: Pick<Round, 'year' | 'status' | 'source' | 'tokensRequired'> | undefined,
  names: { institution: string; survey: string },
): string | null {
  if (!round) return null
  const which = `the ${round.year} round of “${names.survey}” at ${names.institution}`
  if (round.source !== 'imported') {
    const how = round.tokensRequired ? ', with a one-time code for each respondent' : ''
    const state = round.status === 'open' ? 'it is open now' : 'it is closed'
    return (
      `Signpost collected ${which}${how} (${state}). An import cannot add answers to a round Signpost collected: ` +
      'they would change the evidence the year is rated on. Import only a year that has no Signpost round for this survey, such as a year surveyed before Signpost.'
    )
  }
  if (round.tokensRequired) {
    return `${which[0]!.toUpperCase()}${which.slice(1)} needs a one-time code for each respondent, which the rows of a file do not have: an import cannot add answers to it.`
  }
  return null
}

/** "row 7, column “I know who can help me”: “Strongly agre” is not an answer to this question" */
export function formatProblem(p: ImportProblem): string {
  const where = [p.row > 0 ? `row ${p.row}` : '', p.column ? `column ${quoteCut(p.column)}` : ''].filter(Boolean).join(', ')
  // the messages cut what they quote from the file; this bounds whatever else a header or cell put in one
  const message = cut(p.message, 2000)
  return where ? `${where}: ${message}` : message
}

export type ImportedRow = { row: number; answers: Answers }

export type ReadResult = {
  rows: ImportedRow[]
  problems: ImportProblem[]
  skippedColumns: string[]
  ignoredColumns: string[]
  unmatchedColumns: string[]
  emptyRows: number[]
  /** Every column (or question's group of columns) and what it was matched to, in file order. */
  matches: ColumnMatch[]
  /** Question keys no column answers. */
  missingQuestions: string[]
  /** How many of the survey's scored questions a column answers. */
  scored: { covered: number; total: number }
  /** The mapping the file was read with (see `usedMapping`). */
  mapping: ColumnMapping
  /** The answers the mapping mapped, with where they are. */
  mappedAnswers: MappedAnswer[]
}

/** An answer of the file that the mapping mapped to an option (or to not answered): its column as the mapping names it, the first rows it is on, how many cells. */
export type MappedAnswer = { column: string; value: string; rows: number[]; count: number }

/** What a scan of a file found, without keeping its rows: how many are valid, and every problem. */
export type ScanResult = Omit<ReadResult, 'rows'> & {
  /** Valid responses found (when there is no problem, every one of them was given to `onRow`). */
  respondents: number
}

export type ScanOptions = {
  /** A column that matches no question is a problem (by default it is left out and listed). */
  strict?: boolean
  /** Data rows a file may hold (the partnership's `maxImportRows`): past it the file is refused and the scan stops. */
  maxRows?: number
  /** Each valid row, in order, while no problem has been found; awaited with the parser paused. */
  onRow?: (row: ImportedRow) => void | Promise<void>
}

/** At most this many problems are kept and shown: a broken file of 20,000 rows does not make a page of 20,000 lines. */
export const maxProblems = 500

/**
 * Time a scan runs before it lets other requests in (milliseconds): short enough that a request
 * waits at most this long, long enough that a busy server's turns do not stretch the import out.
 */
const sliceMs = 10

const isBlank = (cells: string[]) => cells.every((c) => c.trim() === '')

/** "a file holds at most 20,000 rows" refusal, said once. */
export function tooManyRowsProblem(maxRows: number): ImportProblem {
  const n = maxRows.toLocaleString('en-GB')
  return {
    row: 0,
    column: '',
    message: `the file has more than ${n} rows of answers, the most one file may hold: split it into files of at most ${n} rows and import each (every file is stored or not on its own), or ask the partnership lead to raise maxImportRows in the partnership settings`,
  }
}

/** Checks rows one at a time against a survey and the plan of the file's columns; keeps no row it has checked. */
class RowChecker {
  readonly headerRows: number
  readonly schema: ReturnType<typeof answersSchema>
  readonly questions: Map<string, ReturnType<typeof questionsOf>[number]>
  readonly header: string[][] = []
  readonly problems: ImportProblem[] = []
  readonly emptyRows: number[] = []
  readonly mappedAnswers = new Map<string, MappedAnswer>()
  plan: ColumnPlan | undefined
  row = 0
  dataRows = 0
  respondents = 0
  hiddenProblems = 0

  constructor(
    readonly survey: Survey,
    readonly format: ImportFormat,
    readonly mapping: ColumnMapping,
    readonly strict = false,
  ) {
    this.headerRows = isSurveyMonkey(format) ? surveyMonkeyHeaderRows : plainCsvHeaderRows
    // required applies to the live form: a past year's survey may not have asked a question
    this.schema = answersSchema(historical(survey))
    this.questions = new Map(questionsOf(survey).map((q) => [q.key, q]))
  }

  problem(p: ImportProblem) {
    if (this.problems.length < maxProblems) this.problems.push(p)
    else this.hiddenProblems++
  }

  /** One parsed row: a valid response to store, or null (a header row, an empty row, or problems noted). */
  take(cells: string[], errors: Papa.ParseError[]): ImportedRow | null {
    this.row += 1
    const row = this.row
    for (const error of errors) {
      if (error.type === 'Delimiter') continue // auto-detection falls back to a comma: fine
      this.problem({ row, column: '', message: `the CSV text is broken here: ${error.message}` })
    }
    if (row <= this.headerRows) {
      this.header.push(cells)
      if (row === this.headerRows) {
        const { survey, mapping, strict } = this
        this.plan = isSurveyMonkey(this.format)
          ? surveyMonkeyColumns(survey, this.header[0]!, this.header[1]!, mapping, strict, numberScaleOf(this.format))
          : plainCsvColumns(survey, this.header[0]!, mapping, strict)
        for (const p of this.plan.problems) this.problem(p)
      }
      return null
    }
    // a plain CSV may give the question texts in a second header row (as the templates do)
    if (row === this.headerRows + 1 && this.format === 'csv' && this.isTextRow(cells)) return null
    // blank lines (a file's last line break) are not rows of answers
    if (!isBlank(cells)) this.dataRows += 1
    return this.readRow(cells, row, this.plan!)
  }

  /** A row whose every non-empty cell is the text of its column's question. */
  private isTextRow(cells: string[]): boolean {
    const p = this.plan
    if (!p || isBlank(cells)) return false
    return cells.every((cell, i) => {
      if (cell.trim() === '') return true
      const column = p.columns[i]
      const q = column?.use === 'cell' ? this.questions.get(column.key) : undefined
      return q !== undefined && normalise(q.text) === normalise(cell)
    })
  }

  /** An answer the mapping mapped: where it is, for the preview (the first rows of each, and how many). */
  private noteMapped(column: string, value: string, row: number) {
    const id = JSON.stringify([column, value])
    const entry = this.mappedAnswers.get(id) ?? { column, value, rows: [], count: 0 }
    entry.count++
    if (entry.rows.length < 5) entry.rows.push(row)
    this.mappedAnswers.set(id, entry)
  }

  private readRow(cells: string[], rowNumber: number, p: ColumnPlan): ImportedRow | null {
    const answers: Record<string, string | string[]> = {}
    const failed = new Set<string>()
    let anyAnswer = false
    cells.forEach((raw, index) => {
      const cell = raw.trim()
      if (cell === '') return
      const column = p.columns[index]
      if (!column) {
        this.problem({ row: rowNumber, column: '', message: `${quoteCut(cell)} is in a column with no header (the header has ${p.columns.length} columns)` })
        return
      }
      if (column.use === 'drop') return
      if (column.use === 'option') {
        anyAnswer = true
        const list = answers[column.key]
        answers[column.key] = Array.isArray(list) ? [...list, column.value] : [column.value]
        return
      }
      const result = column.read(cell)
      if (result.ok && result.mapped !== undefined) this.noteMapped(column.mapAs ?? column.header, result.mapped, rowNumber)
      if (result.ok) {
        // an answer the user mapped to "not answered" is as if the cell were empty
        if (result.value === undefined) return
        anyAnswer = true
        answers[column.key] = result.value
      } else {
        anyAnswer = true
        failed.add(column.key)
        const answer = result.unknown === undefined ? undefined : { key: column.key, value: result.unknown, mapAs: column.mapAs ?? column.header }
        this.problem({ row: rowNumber, column: column.header, message: result.message, ...(answer ? { answer } : {}) })
      }
    })
    if (!anyAnswer) {
      if (!isBlank(cells)) this.emptyRows.push(rowNumber)
      return null
    }
    // options of a one-answer question spread over columns: at most one may be chosen
    for (const [key, value] of Object.entries(answers)) {
      const q = this.questions.get(key)
      if (Array.isArray(value) && q && q.kind !== 'multiple') {
        if (value.length > 1) {
          failed.add(key)
          this.problem({ row: rowNumber, column: p.questionColumn.get(key) ?? key, message: `${value.length} answers are chosen, but this question takes one` })
        } else answers[key] = value[0]!
      }
    }
    for (const key of failed) delete answers[key]
    const parsed = this.schema.safeParse(answers)
    if (parsed.success) {
      if (failed.size > 0) return null
      this.respondents += 1
      return { row: rowNumber, answers: parsed.data }
    }
    for (const issue of parsed.error.issues) {
      const key = typeof issue.path[0] === 'string' ? issue.path[0] : ''
      if (failed.has(key)) continue
      // answers emptied by failed cells would also say "answer at least one question"
      if (!key && failed.size > 0) continue
      this.problem({ row: rowNumber, column: p.questionColumn.get(key) ?? key, message: issue.message })
    }
    return null
  }

  finish(tooMany: number | null): ScanResult {
    const { problems } = this
    if (tooMany !== null) problems.unshift(tooManyRowsProblem(tooMany))
    else if (!this.plan) {
      problems.push({
        row: 0,
        column: '',
        message: isSurveyMonkey(this.format) ? 'the file needs the two header rows of a SurveyMonkey export' : 'the file needs a header row of question keys',
      })
    } else if (this.respondents === 0 && problems.length === 0) {
      problems.push({ row: 0, column: '', message: 'the file has no responses' })
    }
    problems.sort((a, b) => a.row - b.row)
    if (this.hiddenProblems > 0)
      problems.push({ row: 0, column: '', message: `and ${this.hiddenProblems} more problems not listed: correct these and check the file again` })
    const plan = this.plan
    const scored = scoredQuestions(this.survey)
    return {
      respondents: this.respondents,
      problems,
      skippedColumns: plan?.skippedColumns ?? [],
      ignoredColumns: plan?.ignoredColumns ?? [],
      unmatchedColumns: plan?.unmatchedColumns ?? [],
      emptyRows: this.emptyRows,
      matches: plan?.matches ?? [],
      missingQuestions: plan?.missingQuestions ?? [],
      scored: { covered: scored.filter((q) => plan?.questionColumn.has(q.key)).length, total: scored.length },
      mapping: usedMapping(plan?.matches ?? [], this.mapping),
      mappedAnswers: [...this.mappedAnswers.values()],
    }
  }
}

/**
 * Parses and checks a whole file against a survey, storing nothing: the rows as validated
 * answers, and every problem found. At once, without yielding: for small files and tests; the
 * server and the command line use `scanImport`.
 */
export function readImport(survey: Survey, text: string, format: ImportFormat, mapping: ColumnMapping = {}, strict = false): ReadResult {
  const checker = new RowChecker(survey, format, mapping, strict)
  const rows: ImportedRow[] = []
  Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
    step: (result) => {
      const row = checker.take(result.data, result.errors)
      if (row) rows.push(row)
    },
  })
  const { respondents: _, ...rest } = checker.finish(null)
  return { rows, ...rest }
}

/**
 * Parses and checks a file row by row (papaparse's step mode), keeping no row: each valid row
 * goes to `onRow` while no problem has been found, and the parser pauses every few milliseconds
 * (and while `onRow` works) so that other requests are served in between. A file with more
 * than `maxRows` data rows is refused as soon as the row past the limit is reached.
 */
export function scanImport(survey: Survey, text: string, format: ImportFormat, mapping: ColumnMapping = {}, options: ScanOptions = {}): Promise<ScanResult> {
  const checker = new RowChecker(survey, format, mapping, options.strict)
  const maxRows = options.maxRows ?? Infinity
  return new Promise<ScanResult>((resolve, reject) => {
    let sliceStart = Date.now()
    let tooMany: number | null = null
    let failed = false
    Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
      step: (result, parser) => {
        if (failed || tooMany !== null) return
        const row = checker.take(result.data, result.errors)
        if (checker.dataRows > maxRows) {
          tooMany = maxRows
          parser.abort()
          return
        }
        const work = row && checker.problems.length === 0 && options.onRow ? options.onRow(row) : undefined
        if (work instanceof Promise || Date.now() - sliceStart >= sliceMs) {
          parser.pause()
          Promise.resolve(work)
            .then(async () => {
              // a write's promise alone is not a turn for others: only a slice used up is
              if (Date.now() - sliceStart < sliceMs) return
              await yieldToOthers()
              sliceStart = Date.now()
            })
            .then(
              () => parser.resume(),
              (error) => {
                failed = true
                parser.abort()
                reject(error)
              },
            )
        }
      },
      complete: () => {
        if (!failed) resolve(checker.finish(tooMany))
      },
    })
  })
}

/**
 * The mapping a file was read with, as `--mapping` takes it and as the partnership keeps it:
 * every column that is not metadata, with its question (null: left out), and the answers the
 * given mapping mapped for it.
 */
export function usedMapping(matches: ColumnMatch[], given: ColumnMapping): ColumnMapping {
  const byHeader = new Map(Object.entries(given).map(([h, c]) => [normalise(h), c]))
  const used: ColumnMapping = {}
  for (const m of matches) {
    if (m.how === 'metadata' || !m.header) continue
    const choice = byHeader.get(normalise(m.header))
    used[m.header] = choice !== null && typeof choice === 'object' && m.key !== null ? { question: m.key, answers: choice.answers } : m.key
  }
  return used
}

/** Reads a stream to text; bytes must be UTF-8. */
export async function readText(input: ImportInput): Promise<string> {
  if (typeof input === 'string') return input
  const decoder = new TextDecoder('utf-8', { fatal: true })
  const reader = (input as ReadableStream<Uint8Array | string>).getReader()
  let text = ''
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      text += typeof value === 'string' ? value : decoder.decode(value, { stream: true })
    }
    return text + decoder.decode()
  } catch (e) {
    if (e instanceof TypeError && /decode|encoded|utf/i.test(e.message)) {
      throw new ImportError([{ row: 0, column: '', message: 'the file is not UTF-8 text: in Excel, save it as “CSV UTF-8 (Comma delimited)”' }])
    }
    throw e
  }
}

/** The submission id of an imported row: the same file gives the same ids, so a second import is seen. */
export function importSubmissionPrefix(fileHash: string): string {
  return `import-${fileHash.slice(0, 12)}-`
}

async function importedBefore(db: Db, roundId: number, prefix: string): Promise<boolean> {
  const rs = await db.$client.execute({
    sql: 'SELECT 1 FROM responses WHERE round_id = ? AND substr(submission_id, 1, ?) = ? LIMIT 1',
    args: [roundId, prefix.length, prefix],
  })
  return rs.rows.length > 0
}

/**
 * The day stored for imported responses: the round's opening day if it falls inside the
 * academic year, else 1 December of it (never later than today). The export's Start/End
 * Date times are never used: an exact time could identify a respondent.
 */
export function importDay(round: Pick<Round, 'opensOn'>, year: string, today: string): string {
  const first = Number(year.slice(0, 4))
  const inYear = (day: string) => day >= `${first}-09-01` && day <= `${first + 1}-08-31`
  if (round.opensOn && inYear(round.opensOn) && round.opensOn <= today) return round.opensOn
  const december = `${first}-12-01`
  return december <= today || !inYear(today) ? december : today
}

/**
 * Imports a file of an earlier year's responses into the round of that year, all or nothing.
 *
 * The round: only one an earlier import created (see `importRefusal`: a round Signpost collected
 * is refused, and nothing is read or stored). If there is none, it is created in the same atomic
 * batch as the responses, marked imported and closed, also for the current year: an imported
 * round is never opened for answers (`openRound` refuses it). So a failed or killed import
 * leaves nothing behind, not even an empty round. Years that have not started are refused.
 */
export async function importResponses(db: Db, catalog: SurveyCatalog, input: ImportInput, options: ImportOptions): Promise<ImportSummary> {
  const installed = catalog.get(options.survey)
  if (!installed) throw new HTTPException(404, { message: `no survey "${options.survey}" (surveys: ${[...catalog.keys()].join(', ')})` })
  const year = academicYear.safeParse(options.year)
  if (!year.success) throw new HTTPException(400, { message: `“${options.year}”: ${year.error.issues[0]?.message}` })
  const today = options.today ?? new Date().toISOString().slice(0, 10)
  const currentYear = academicYearOf(new Date(`${today}T12:00:00Z`))
  if (year.data > currentYear) throw new HTTPException(400, { message: `${year.data} has not started yet (this is ${currentYear}): import earlier years` })
  const mapping = columnMappingSchema.safeParse(options.mapping ?? {})
  if (!mapping.success) throw new ImportError([{ row: 0, column: '', message: mapping.error.issues[0]?.message ?? 'the mapping is not valid' }])
  const institution = await findInstitution(db, options.institution)
  if (!institution) throw new HTTPException(404, { message: `no institution "${options.institution}"` })
  const settings = await settingsOf(db, institution.partnershipId)

  // without a byte-order mark: the same file read by different means gives the same ids
  const text = (await readText(input)).replace(/^\uFEFF/, '')
  const fileHash = await sha256Hex(hashedText(text))
  const prefix = importSubmissionPrefix(fileHash)
  const already = (round: Round): ImportSummary => ({
    imported: 0,
    alreadyImported: true,
    skippedColumns: [],
    ignoredColumns: [],
    unmatchedColumns: [],
    missingQuestions: [],
    mapping: {},
    scored: { covered: 0, total: 0 },
    emptyRows: [],
    round,
    roundCreated: false,
    submittedOn: importDay(round, year.data, today),
  })
  const names = { institution: institution.name, survey: installed.title }
  const refuse = (round: Round | undefined) => {
    const reason = importRefusal(round, names)
    if (reason) throw new ImportRefused(reason)
  }
  const found = await findRound(db, institution.id, installed.id, year.data)
  refuse(found)
  if (found && (await importedBefore(db, found.id, prefix))) return already(found)
  // the file is read with the survey of the round it goes into: a round's own stored version, or
  // for a new round the survey as installed now, which the round then keeps
  const survey = found ? await surveyOfRound(db, catalog, found) : installed
  const surveyVersion = found?.surveyVersion ?? (await storeVersion(db, survey))

  // checked row by row; while no problem is found, each row is staged (a short write now and then,
  // with other requests served in between), and nothing of the file is in the round yet
  const staging = await ImportStaging.start(db, survey, new Date())
  let result: ScanResult
  try {
    const stagedDay = importDay(found ?? { opensOn: null }, year.data, today)
    result = await scanImport(survey, text, options.format, mapping.data, {
      strict: options.strict,
      maxRows: settings.maxImportRows,
      onRow: ({ row, answers }) =>
        staging.add({ submissionId: `${prefix}${row}`, language: survey.language, day: stagedDay, rows: answerRows(survey, answers) }),
    })
    if (result.problems.length > 0) throw new ImportError(result.problems, result.mapping)
    await staging.flush()

    // another writer may create the round, or import the same file, between our look and our write:
    // then the batch fails on a constraint, as a whole, and we look again
    for (let attempt = 0; ; attempt++) {
      const existing = await findRound(db, institution.id, survey.id, year.data)
      // a round opened by someone else since the first look is refused as well
      refuse(existing)
      if (existing && (await importedBefore(db, existing.id, prefix))) return already(existing)
      const created = existing
        ? null
        : await roundToCreate(
            db,
            {
              institutionId: institution.id,
              surveyId: survey.id,
              surveyVersion,
              audience: survey.audience,
              year: year.data,
              status: 'closed',
            },
            new Date(),
          )
      const round = existing ?? created!.round
      const day = importDay(round, year.data, today)
      // the day was chosen from the round as first found; a round created since with another opening day is rare: look again
      if (day !== stagedDay) throw new Error('the round changed while the file was read: import it again')
      const idBase = randomIdBase()
      const statements: InStatement[] = [
        ...(created ? [created.statement] : []),
        ...staging.moveStatements(round.id, idBase),
        // what the file added, so that it can be removed as a whole (undo.ts)
        {
          sql: `INSERT INTO imports (institution_id, round_id, survey_id, year, file_hash, format, responses, first_response_id, last_response_id,
                  round_created, tallies, profiles, imported_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          args: [
            institution.id,
            round.id,
            survey.id,
            year.data,
            fileHash,
            options.format,
            staging.staged,
            idBase + 1,
            idBase + staging.staged,
            created ? 1 : 0,
            staging.talliesJson(),
            staging.profilesJson(),
            today,
          ],
        },
        // the figures take the file in as one step when it holds at least the minimum cohort
        ...catchUpStatements(round.id, settings.minCohort),
      ]
      try {
        await writeBatch(db, statements)
      } catch (error) {
        if (isConstraintError(error) && attempt < 5) continue
        // the move's first statement: some staged rows were cleared (a server start took the run for abandoned)
        if (/malformed JSON/i.test(String((error as Error)?.message))) {
          throw new Error('The import was interrupted: its checked rows were cleared before they were stored. Nothing was stored; import the file again.')
        }
        throw error
      }
      return {
        imported: result.respondents,
        alreadyImported: false,
        skippedColumns: result.skippedColumns,
        ignoredColumns: result.ignoredColumns,
        unmatchedColumns: result.unmatchedColumns,
        missingQuestions: result.missingQuestions,
        mapping: result.mapping,
        scored: result.scored,
        emptyRows: result.emptyRows,
        round,
        roundCreated: created !== null,
        submittedOn: day,
      }
    }
  } finally {
    // moved in or refused: the staged copies go, in short deletes (a crash here leaves them for the next start)
    await staging.discard()
  }
}
