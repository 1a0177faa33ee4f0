import { sha256Hex } from '../crypto.ts'
import type { Db } from '../db/database.ts'
import type { FormBody } from '../http/request-body.ts'
import { settingsOf } from '../org/settings.ts'
import { academicYear, academicYearOf, nextYear } from '../rounds/academic-year.ts'
import { buildReport } from '../analysis/report.ts'
import { topThreeOf, type Rankable } from '../analysis/ranking.ts'
import { ragRatings } from '../analysis/ratings.ts'
import { findRound } from '../rounds/rounds.ts'
import { surveyOfRound } from '../rounds/survey-versions.ts'
import type { SurveyCatalog } from '../surveys/load.ts'
import { questionsOf, scoredQuestions, type Survey } from '../surveys/schema.ts'
import { choicesOf, columnMappingSchema, hashedText, maxEchoed, normalise, type ColumnMapping, type ColumnMatch, type ImportProblem } from './columns.ts'
import { formatProblem, importFormats, importRefusal, isSurveyMonkey, numberScaleOf, scanImport, type ImportFormat } from './import.ts'
import { savedMapping } from './mappings.ts'
import { plainCsvHeaderRows } from './plain-csv.ts'
import { surveyMonkeyHeaderRows } from './surveymonkey.ts'

/**
 * The check of an earlier year's file before anything is stored (the browser's preview): what
 * every column was matched to and how, the answers that fit no option, the questions with no
 * column, and the warnings that need an explicit choice before the confirm stores anything.
 * The confirm runs the same check again and stores nothing unless it comes out the same (the
 * `fingerprint`), so a choice changed after the check is checked before it is stored.
 */

/** A year more than this many years back is said to be so (a typing mistake is likelier than a survey that old). */
export const yearsBackWarning = 10

/** A file that answers fewer than this share of the survey's scored questions needs the lead to tick that they know what the rating will rest on. */
export const lowCoverageShare = 0.5

export type CheckInput = { survey: string; year: string; format: string; text: string; mapping?: ColumnMapping }

export type UnknownAnswer = {
  /** The column's header as the mapping names it. */
  column: string
  key: string
  value: string
  /** Rows (as a spreadsheet numbers them) where it is, the first few. */
  rows: number[]
  /** How many cells hold it. */
  count: number
  /** What the mapping maps it to: an option value, null for not answered, undefined for not chosen yet. */
  choice: string | null | undefined
  options: { value: string; label: string }[]
}

/** A warning of the preview; `tick` names the box the confirm form needs ticked for it. */
export type CheckWarning = { text: string; tick?: 'addToExisting' | 'acknowledgeCoverage' }

export type SurveyCheck = {
  values: { survey: string; year: string; format: string }
  surveyTitle: string
  text: string
  mapping: ColumnMapping
  /** Says the check's inputs: the confirm stores only what was checked. */
  fingerprint: string
  respondents: number
  matches: ColumnMatch[]
  questions: { key: string; text: string }[]
  problems: string[]
  unknownAnswers: UnknownAnswer[]
  missingQuestions: { key: string; text: string }[]
  skipped: string[]
  scored: { covered: number; total: number }
  warnings: CheckWarning[]
  /** Why nothing can be stored whatever is chosen (the same file is already in this round). */
  blocked?: string
  /** The mapping started from the partnership's saved one. */
  fromSavedMapping: boolean
}

export type CheckOutcome = { check: SurveyCheck } | { error: string; refused?: boolean }

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`

/** The fingerprint of what a check looked at: the file, the survey, year and kind, and the mapping. */
export async function fingerprintOf(input: CheckInput, mapping: ColumnMapping): Promise<string> {
  return sha256Hex(JSON.stringify([input.survey, input.year, input.format, mapping, await sha256Hex(hashedText(input.text))]))
}

/** How many responses a round holds. */
async function responsesIn(db: Db, roundId: number): Promise<number> {
  const rs = await db.$client.execute({
    sql: 'SELECT (SELECT count(*) FROM responses WHERE round_id = ?1) + (SELECT deleted_responses FROM rounds WHERE id = ?1) AS n',
    args: [roundId],
  })
  return Number(rs.rows[0]?.n ?? 0)
}

/** Checks a file for an institution, storing nothing. */
export async function checkImport(
  db: Db,
  catalog: SurveyCatalog,
  institution: { id: number; name: string; partnershipId: number },
  input: CheckInput,
  now: Date,
): Promise<CheckOutcome> {
  const installed = catalog.get(input.survey)
  if (!installed) return { error: `There is no survey “${input.survey}”.` }
  const year = academicYear.safeParse(input.year)
  if (!year.success) return { error: `Academic year: ${year.error.issues[0]?.message}.` }
  if (!(importFormats as readonly string[]).includes(input.format)) return { error: 'Choose the kind of file.' }
  const format = input.format as ImportFormat
  const currentYear = academicYearOf(now)
  if (year.data > currentYear)
    return { error: `${year.data} has not started yet (this is ${currentYear}): only a year that has already been surveyed can be imported.`, refused: true }

  const round = await findRound(db, institution.id, installed.id, year.data)
  const names = { institution: institution.name, survey: installed.title }
  const refused = importRefusal(round, names)
  if (refused) {
    const count = round ? await responsesIn(db, round.id) : 0
    return { error: `${refused} It holds ${plural(count, 'response')}.`, refused: true }
  }
  const survey: Survey = round ? await surveyOfRound(db, catalog, round) : installed

  const saved = input.mapping === undefined ? await savedMapping(db, institution.partnershipId, survey.id) : undefined
  const given = input.mapping ?? saved ?? {}
  const settings = await settingsOf(db, institution.partnershipId)
  // the file's counts per scored question, for the top three it would set (only when it is a round of its own)
  const counts = new Map(
    scoredQuestions(survey).map((q, order) => [q.key, { key: q.key, order, priority: q.priority, shown: false, n: 0, positive: 0, negative: 0 }]),
  )
  const read = await scanImport(survey, input.text, format, given, {
    maxRows: settings.maxImportRows,
    onRow: ({ answers }) => {
      for (const [key, value] of Object.entries(answers)) {
        const c = counts.get(key)
        const point = Number(value)
        if (!c || !(point >= 1 && point <= 5)) continue
        c.n++
        if (point >= 4) c.positive++
        if (point <= 2) c.negative++
      }
    },
  })
  const questions = questionsOf(survey)
  const byKey = new Map(questions.map((q) => [q.key, q]))

  // answers that fit no option, once per column and value, with the rows they are on
  const unknown = new Map<string, UnknownAnswer>()
  const optionsOf = (key: string) => {
    const q = byKey.get(key)
    return q ? choicesOf(q).map((c) => ({ value: c.value, label: c.label })) : []
  }
  // an answer too long to echo is no label to map: it stays a problem, shown cut
  const mappable = (p: ImportProblem) => p.answer !== undefined && p.answer.value.length <= maxEchoed
  for (const p of read.problems) {
    if (!mappable(p) || !p.answer) continue
    const id = JSON.stringify([p.answer.mapAs, p.answer.value])
    const entry = unknown.get(id) ?? {
      column: p.answer.mapAs,
      key: p.answer.key,
      value: p.answer.value,
      rows: [],
      count: 0,
      choice: undefined,
      options: optionsOf(p.answer.key),
    }
    entry.count++
    if (entry.rows.length < 5) entry.rows.push(p.row)
    unknown.set(id, entry)
  }
  // and the answers already mapped, so that a choice can be changed again
  const where = new Map(read.mappedAnswers.map((m) => [JSON.stringify([normalise(m.column), normalise(m.value)]), m]))
  for (const [column, choice] of Object.entries(read.mapping)) {
    if (choice === null || typeof choice !== 'object') continue
    for (const [value, to] of Object.entries(choice.answers)) {
      const id = JSON.stringify([column, value])
      const found = where.get(JSON.stringify([normalise(column), normalise(value)]))
      if (!unknown.has(id))
        unknown.set(id, {
          column,
          key: choice.question,
          value,
          rows: found?.rows ?? [],
          count: found?.count ?? 0,
          choice: to,
          options: optionsOf(choice.question),
        })
    }
  }

  const warnings: CheckWarning[] = []
  const first = Number(year.data.slice(0, 4))
  if (Number(currentYear.slice(0, 4)) - first > yearsBackWarning) {
    warnings.push({ text: `${year.data} is more than ${yearsBackWarning} years ago. Check that this is the year the file is from.` })
  }
  const scale = numberScaleOf(format)
  if (scale) {
    const [one, other] = scale === 'agree-first' ? ['Strongly agree', 'Strongly disagree'] : ['Strongly disagree', 'Strongly agree']
    warnings.push({
      text:
        `The answers are read as numbers, 1 meaning “${one}”. If the survey listed “${other}” first, every score would come out upside down: ` +
        `compare one response in SurveyMonkey with its row in this file before you import.`,
    })
  }
  if (round) {
    const count = await responsesIn(db, round.id)
    if (count > 0) {
      warnings.push({
        text: `${year.data} already has an imported round for this survey, with ${plural(count, 'response')}. This file’s responses would be added to them.`,
        tick: 'addToExisting',
      })
    }
  }

  // the same file imported before, by its content
  const fileHash = await sha256Hex(hashedText(input.text))
  const before = await db.$client.execute({
    sql: 'SELECT i.year, i.imported_on, i.round_id FROM imports i JOIN rounds r ON r.id = i.round_id WHERE i.institution_id = ? AND i.survey_id = ? AND i.file_hash = ? ORDER BY i.id',
    args: [institution.id, survey.id, fileHash],
  })
  let blocked: string | undefined
  for (const row of before.rows) {
    if (round && Number(row.round_id) === round.id)
      blocked = `This file was imported into ${year.data} on ${String(row.imported_on)}: importing it again would change nothing.`
    else
      warnings.push({
        text: `The same file was imported into ${String(row.year)} on ${String(row.imported_on)}. Check that it belongs to ${year.data} as well.`,
      })
  }

  const { covered, total } = read.scored
  if (covered < total && read.respondents > 0) {
    const next = `${first + 1}/${String((first + 2) % 100).padStart(2, '0')}`
    warnings.push({
      text:
        `This file answers ${covered} of the survey’s ${total} scored questions: the ${year.data} top three, and the development questions ${next} is rated on, ` +
        `will be chosen from those ${covered} only` +
        (covered < total * lowCoverageShare
          ? '. With fewer than half of the scored questions, the rating says little about the school’s careers help: import it only if it is the best record of that year (a coordinator can record other development questions in the action plan).'
          : '.'),
      tick: covered < total * lowCoverageShare ? 'acknowledgeCoverage' : undefined,
    })
  }

  if (!round && read.problems.length === 0 && read.respondents > 0) {
    const effect = await followingYearEffect(db, catalog, institution.id, survey, year.data, [...counts.values()], read.respondents, settings)
    if (effect) warnings.push({ text: effect })
  }

  const values = { survey: survey.id, year: year.data, format }
  const headerRows = isSurveyMonkey(format) ? surveyMonkeyHeaderRows : plainCsvHeaderRows
  return {
    check: {
      values,
      surveyTitle: survey.title,
      // carried back for other choices when those can fix it; a problem in the rows (or the row limit) needs the file corrected
      text: read.problems.some((p) => !mappable(p) && (p.row === 0 || p.row > headerRows)) ? '' : input.text,
      mapping: read.mapping,
      fingerprint: await fingerprintOf({ ...input, ...values }, read.mapping),
      respondents: read.respondents,
      matches: read.matches,
      questions: questions.map((q) => ({ key: q.key, text: q.text })),
      problems: read.problems.filter((p) => !mappable(p)).map(formatProblem),
      unknownAnswers: [...unknown.values()],
      missingQuestions: read.missingQuestions.map((key) => ({ key, text: byKey.get(key)?.text ?? key })),
      skipped: read.skippedColumns,
      scored: read.scored,
      warnings,
      blocked,
      fromSavedMapping: saved !== undefined,
    },
  }
}

/**
 * What the file would do to the following year's rating, when that year has a round: its
 * development questions would be this file's top three (no action plan can have named others,
 * since the file's year has no round yet), and the rating how many of them are still in that
 * year's top three. Said with the rating it has now, so that the lead sees which way it moves.
 */
async function followingYearEffect(
  db: Db,
  catalog: SurveyCatalog,
  institutionId: number,
  survey: Survey,
  year: string,
  counts: Rankable[],
  respondents: number,
  settings: { minCohort: number; minRoundSize: number },
): Promise<string | undefined> {
  const next = nextYear(year)
  if (!(await findRound(db, institutionId, survey.id, next))) return undefined
  const report = await buildReport(db, catalog, { institutionId, surveyId: survey.id, year: next })
  if (!report.rag) return undefined
  const now = report.rag.rating ?? (report.rag.baseline ? 'no rating (a baseline year)' : 'no rating')
  if (respondents < settings.minRoundSize)
    return `With ${respondents} ${respondents === 1 ? 'response' : 'responses'}, fewer than the ${settings.minRoundSize} a round needs, this year would set no development questions: ${next} would have no rating; today it has ${now}.`
  const topThree = topThreeOf(counts.map((c) => ({ ...c, shown: c.n >= settings.minCohort })))
  if (topThree.length < 3) return undefined
  const text = new Map(scoredQuestions(survey).map((q) => [q.key, q.text]))
  const still = topThree.filter((k) => report.topThree.includes(k)).length
  const after = report.rag.tooSmall ? 'no rating (too small to rate)' : ragRatings[still]!
  const which = after === now ? `stay ${now}` : `change from ${now} to ${after}`
  return (
    `${next}’s rating would ${which}: its development questions would be this file’s top three (${topThree.map((k) => `“${text.get(k) ?? k}”`).join(', ')}), ` +
    `and ${still} of them ${still === 1 ? 'is' : 'are'} in ${next}’s top three.`
  )
}

/** The fields of the choices form, one per column and one per answer that fits no option. */
export const columnField = (i: number) => `column-${i}`
export const answerField = (i: number) => `answer-${i}`
/** An answer's select value for "leave it unanswered" ("" is "not chosen yet"). */
export const unanswered = '-'

const text = (body: FormBody, name: string) => {
  const v = body[name]
  return typeof v === 'string' ? v : undefined
}

/**
 * The mapping the choices form sends: the mapping it was shown with (a hidden JSON field), with
 * each column's select (a question key, or "" for leave out) and each answer's select applied.
 * Undefined when the form has none (the first check of a file: the saved mapping is used).
 */
export function mappingFromForm(body: FormBody): ColumnMapping | undefined {
  const raw = text(body, 'mapping')
  if (raw === undefined) return undefined
  let base: ColumnMapping = {}
  try {
    const parsed = columnMappingSchema.safeParse(JSON.parse(raw))
    if (parsed.success) base = parsed.data
  } catch {
    // a broken field: start from nothing
  }
  const mapping: ColumnMapping = { ...base }
  // by the numbers the page gave the fields (metadata columns have none)
  const numbered = (pattern: RegExp) =>
    Object.keys(body)
      .map((name) => pattern.exec(name)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number)
      .sort((a, b) => a - b)
  for (const i of numbered(/^column-(\d+)-header$/)) {
    const header = text(body, `${columnField(i)}-header`)
    if (header === undefined) continue
    const chosen = text(body, columnField(i))
    if (chosen === undefined) continue
    const key = chosen === '' ? null : chosen
    const before = mapping[header]
    const kept = before !== null && typeof before === 'object' && before.question === key
    if (!kept) mapping[header] = key
  }
  for (const i of numbered(/^answer-(\d+)-column$/)) {
    const column = text(body, `${answerField(i)}-column`)
    const value = text(body, `${answerField(i)}-value`)
    if (column === undefined || value === undefined) continue
    const chosen = text(body, answerField(i)) ?? ''
    const entry = mapping[column]
    const key = typeof entry === 'string' ? entry : entry?.question
    if (!key) continue
    const answers = { ...(entry !== null && typeof entry === 'object' ? entry.answers : {}) }
    if (chosen === '') delete answers[value]
    else answers[value] = chosen === unanswered ? null : chosen
    mapping[column] = Object.keys(answers).length ? { question: key, answers } : key
  }
  return mapping
}
