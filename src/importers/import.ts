import type { InStatement } from '@libsql/client/web'
import { HTTPException } from 'hono/http-exception'
import Papa from 'papaparse'
import { responseStatements } from '../collect/store.ts'
import { sha256Hex } from '../crypto.ts'
import type { Db } from '../db/database.ts'
import { isConstraintError } from '../db/errors.ts'
import { findInstitution } from '../org/organisations.ts'
import { settingsOf } from '../org/settings.ts'
import { academicYear, academicYearOf } from '../rounds/academic-year.ts'
import { findRound, roundToCreate, type Round } from '../rounds/rounds.ts'
import { catchUpStatements } from '../rounds/shown-figures.ts'
import { storeVersion, surveyOfRound } from '../rounds/survey-versions.ts'
import { answerRows, answersSchema, type Answers } from '../surveys/answers.ts'
import type { SurveyCatalog } from '../surveys/load.ts'
import { questionsOf, type Survey } from '../surveys/schema.ts'
import { columnMappingSchema, type ColumnMapping, type ColumnPlan, type ImportProblem } from './columns.ts'
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

export const importFormats = ['surveymonkey', 'csv'] as const
export type ImportFormat = (typeof importFormats)[number]

/** The file: its text, or a stream of its bytes (UTF-8) or text. */
export type ImportInput = string | ReadableStream<Uint8Array> | ReadableStream<string>

export type ImportOptions = {
  institution: string
  survey: string
  /** Academic year, e.g. 2024/25. */
  year: string
  format: ImportFormat
  mapping?: ColumnMapping
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
  /** Rows of respondents who answered no question: nothing to store. */
  emptyRows: number[]
  round: Round
  /** Whether the import created the round (closed, marked imported: it never takes answers). */
  roundCreated: boolean
  /** The day stored as every imported response's `submitted_on`. */
  submittedOn: string
}

export class ImportError extends Error {
  constructor(readonly problems: ImportProblem[]) {
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
  const where = [p.row > 0 ? `row ${p.row}` : '', p.column ? `column “${p.column}”` : ''].filter(Boolean).join(', ')
  return where ? `${where}: ${p.message}` : p.message
}

export type ImportedRow = { row: number; answers: Answers }

export type ReadResult = {
  rows: ImportedRow[]
  problems: ImportProblem[]
  skippedColumns: string[]
  ignoredColumns: string[]
  emptyRows: number[]
}

const isBlank = (cells: string[]) => cells.every((c) => c.trim() === '')

/**
 * Parses and checks a whole file against a survey, storing nothing: the rows as validated
 * answers, and every problem found. Rows are parsed one at a time (papaparse's step API).
 */
export function readImport(survey: Survey, text: string, format: ImportFormat, mapping: ColumnMapping = {}): ReadResult {
  const headerRows = format === 'surveymonkey' ? surveyMonkeyHeaderRows : plainCsvHeaderRows
  const schema = answersSchema(survey)
  const questions = new Map(questionsOf(survey).map((q) => [q.key, q]))
  const header: string[][] = []
  const problems: ImportProblem[] = []
  const rows: ImportedRow[] = []
  const emptyRows: number[] = []
  let plan: ColumnPlan | undefined
  let row = 0

  const readRow = (cells: string[], rowNumber: number, p: ColumnPlan) => {
    const answers: Record<string, string | string[]> = {}
    const failed = new Set<string>()
    let anyAnswer = false
    cells.forEach((raw, index) => {
      const cell = raw.trim()
      if (cell === '') return
      const column = p.columns[index]
      if (!column) {
        problems.push({ row: rowNumber, column: '', message: `“${cell}” is in a column with no header (the header has ${p.columns.length} columns)` })
        return
      }
      if (column.use === 'drop') return
      anyAnswer = true
      if (column.use === 'option') {
        const list = answers[column.key]
        answers[column.key] = Array.isArray(list) ? [...list, column.value] : [column.value]
        return
      }
      const result = column.read(cell)
      if (result.ok) answers[column.key] = result.value
      else {
        failed.add(column.key)
        problems.push({ row: rowNumber, column: column.header, message: result.message })
      }
    })
    if (!anyAnswer) {
      if (!isBlank(cells)) emptyRows.push(rowNumber)
      return
    }
    // options of a one-answer question spread over columns: at most one may be chosen
    for (const [key, value] of Object.entries(answers)) {
      const q = questions.get(key)
      if (Array.isArray(value) && q && q.kind !== 'multiple') {
        if (value.length > 1) {
          failed.add(key)
          problems.push({
            row: rowNumber,
            column: p.questionColumn.get(key) ?? key,
            message: `${value.length} answers are chosen, but this question takes one`,
          })
        } else answers[key] = value[0]!
      }
    }
    for (const key of failed) delete answers[key]
    const parsed = schema.safeParse(answers)
    if (parsed.success) {
      if (failed.size === 0) rows.push({ row: rowNumber, answers: parsed.data })
      return
    }
    for (const issue of parsed.error.issues) {
      const key = typeof issue.path[0] === 'string' ? issue.path[0] : ''
      if (failed.has(key) || p.missingRequired.has(key)) continue
      // answers emptied by failed cells would also say "answer at least one question"
      if (!key && failed.size > 0) continue
      problems.push({ row: rowNumber, column: p.questionColumn.get(key) ?? key, message: issue.message })
    }
  }

  Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
    step: (result) => {
      row += 1
      for (const error of result.errors) {
        if (error.type === 'Delimiter') continue // auto-detection falls back to a comma: fine
        problems.push({ row, column: '', message: `the CSV text is broken here: ${error.message}` })
      }
      const cells = result.data
      if (row <= headerRows) {
        header.push(cells)
        if (row === headerRows) {
          plan = format === 'surveymonkey' ? surveyMonkeyColumns(survey, header[0]!, header[1]!, mapping) : plainCsvColumns(survey, header[0]!, mapping)
          problems.push(...plan.problems)
        }
        return
      }
      readRow(cells, row, plan!)
    },
  })

  if (!plan) {
    problems.push({
      row: 0,
      column: '',
      message: format === 'surveymonkey' ? 'the file needs the two header rows of a SurveyMonkey export' : 'the file needs a header row of question keys',
    })
  } else if (rows.length === 0 && problems.length === 0) {
    problems.push({ row: 0, column: '', message: 'the file has no responses' })
  }
  problems.sort((a, b) => a.row - b.row)
  return { rows, problems, skippedColumns: plan?.skippedColumns ?? [], ignoredColumns: plan?.ignoredColumns ?? [], emptyRows }
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
  const prefix = importSubmissionPrefix(await sha256Hex(text))
  const already = (round: Round): ImportSummary => ({
    imported: 0,
    alreadyImported: true,
    skippedColumns: [],
    ignoredColumns: [],
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

  const result = readImport(survey, text, options.format, mapping.data)
  if (result.problems.length > 0) throw new ImportError(result.problems)

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
    const statements: InStatement[] = [
      ...(created ? [created.statement] : []),
      ...result.rows.flatMap(({ row, answers }) =>
        responseStatements(survey, round.id, { submissionId: `${prefix}${row}`, language: survey.language, day, rows: answerRows(survey, answers) }),
      ),
      // the figures take the file in as one step when it holds at least the minimum cohort
      ...catchUpStatements(round.id, settings.minCohort),
    ]
    try {
      await db.$client.batch(statements, 'write')
    } catch (error) {
      if (isConstraintError(error) && attempt < 5) continue
      throw error
    }
    return {
      imported: result.rows.length,
      alreadyImported: false,
      skippedColumns: result.skippedColumns,
      ignoredColumns: result.ignoredColumns,
      emptyRows: result.emptyRows,
      round,
      roundCreated: created !== null,
      submittedOn: day,
    }
  }
}
