import { HTTPException } from 'hono/http-exception'
import type { Report } from './report-schema.ts'
import { suppressedGroups } from './suppression.ts'
import type { Db } from '../db/database.ts'
import { toCsv, type Cell } from '../http/csv.ts'
import { profileQuestions, questionsOf, type Survey } from '../surveys/schema.ts'

/**
 * CSV downloads of a report and of a round's answers, written with `toCsv` (src/http/csv.ts), so
 * that a spreadsheet never runs a cell as a formula.
 */

const percent = (x: number | null | undefined) => (x === null || x === undefined ? null : Math.round(x * 1000) / 10)

export const reportCsvHeader = [
  'key',
  'area',
  'question',
  'answers',
  'positive',
  'neutral',
  'negative',
  'dont_know',
  'score_percent',
  'ci_low_percent',
  'ci_high_percent',
  'rank',
  'change_points',
  'change_within_sampling_error',
  'suppressed',
  'change_ci_low_points',
  'change_ci_high_points',
  'note',
]

/**
 * The report as CSV: one row per scored question in survey order. Scores and interval ends
 * are percentages to one decimal place; the change on last year and its 95% interval
 * (Newcombe's method) are in percentage points. A question with fewer than the minimum cohort
 * of on-scale answers has every figure empty, `suppressed` = "yes" and `note` = "too few
 * answers to show"; `note` also says "only Don't know answers" or "no answers".
 */
export function reportCsv(report: Report): string {
  const areaTitle = new Map(report.areas.map((a) => [a.id, a.title]))
  const rows = report.questions.map((q): Cell[] => {
    const hidden = q.suppressed
    const figure = (x: number | null) => (hidden ? null : x)
    return [
      q.key,
      areaTitle.get(q.area) ?? q.area,
      q.text,
      figure(q.n),
      figure(q.positive),
      figure(q.neutral),
      figure(q.negative),
      figure(q.dontKnow),
      hidden ? null : percent(q.score),
      hidden ? null : percent(q.ci?.[0]),
      hidden ? null : percent(q.ci?.[1]),
      hidden ? null : q.rank,
      hidden || !q.change ? null : percent(q.change.difference),
      hidden || !q.change ? null : q.change.withinSamplingError ? 'yes' : 'no',
      hidden ? 'yes' : 'no',
      hidden || !q.change ? null : percent(q.change.interval[0]),
      hidden || !q.change ? null : percent(q.change.interval[1]),
      q.note,
    ]
  })
  return toCsv(reportCsvHeader, rows)
}

/** A download name such as `oak-school-student-iag-2025-26-report.csv`. */
export function csvFileName(report: { institution: { slug: string }; survey: { id: string }; year: string }, kind: 'report' | 'answers'): string {
  const safe = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
  return `${safe(report.institution.slug)}-${safe(report.survey.id)}-${safe(report.year)}-${kind}.csv`
}

/** What the answers export shows for a profile answer given by too few respondents. */
export const smallGroupValue = (minCohort: number) => `(group of fewer than ${minCohort})`

/**
 * Every response of a round as CSV, for a coordinator's own analysis: one row per response,
 * one column per question in survey order.
 *
 * - `response` numbers the rows 1..n in a random order: no submission id, no date, no
 *   language, and not the order of arrival, so that a row cannot be matched to a person or
 *   to a time. The `year` column is the academic year, the only date given.
 * - Values are the stored codes: agreement 1-5 (5 = strongly agree) or `dk`, option values,
 *   `yes`/`no`; multiple choice is joined with "; ".
 * - Free-text questions are left out: they have their own, higher threshold and stay on the
 *   report page (sorted, never beside the respondent's other answers).
 * - A profile answer (year group...) given by fewer than `minCohort` respondents is replaced
 *   by "(group of fewer than N)", with a complementary group where one alone would give it
 *   away, so a small group's results cannot be worked out from the file; "not answered" counts
 *   as a group, so a blank profile cell is masked the same way when that group is small.
 * - A round with fewer than `minCohort` responses is refused with HTTP 409 ("fewer than N
 *   responses: answers cannot be exported"); an unknown round is a 404.
 *
 * One query (ORDER BY response id); the rows are assembled here.
 */
export async function answersCsv(db: Db, survey: Survey, roundId: number, minCohort: number): Promise<string> {
  const rs = await db.$client.execute({
    sql: `SELECT ro.year, r.id AS response_id, a.question_key, a.value
          FROM rounds ro
          LEFT JOIN responses r ON r.round_id = ro.id
          LEFT JOIN answers a ON a.response_id = r.id
          WHERE ro.id = ?
          ORDER BY r.id, a.question_key, a.value`,
    args: [roundId],
  })
  if (rs.rows.length === 0) throw new HTTPException(404, { message: 'no such round' })
  const year = String(rs.rows[0]!.year)
  const byResponse = new Map<number, Map<string, string[]>>()
  for (const row of rs.rows) {
    if (row.response_id === null) continue
    const id = Number(row.response_id)
    const answers = byResponse.get(id) ?? new Map<string, string[]>()
    byResponse.set(id, answers)
    if (row.question_key === null) continue
    const key = String(row.question_key)
    answers.set(key, [...(answers.get(key) ?? []), String(row.value)])
  }
  if (byResponse.size < minCohort) {
    throw new HTTPException(409, {
      message: `This round has fewer than ${minCohort} responses, so its answers cannot be exported (${byResponse.size} so far).`,
    })
  }

  const columns = questionsOf(survey).filter((q) => q.kind !== 'text')
  const responses = shuffle([...byResponse.values()])

  // small profile groups: hide the value (and a complement), as the report's breakdowns do
  const hiddenValues = new Map<string, Set<string>>()
  for (const p of profileQuestions(survey)) {
    const sizes = new Map<string, number>()
    for (const answers of responses) {
      const value = answers.get(p.key)?.[0] ?? ''
      sizes.set(value, (sizes.get(value) ?? 0) + 1)
    }
    hiddenValues.set(p.key, suppressedGroups(sizes, minCohort))
  }
  const small = smallGroupValue(minCohort)

  const rows = responses.map((answers, i): Cell[] => [
    i + 1,
    year,
    ...columns.map((q) => {
      const values = answers.get(q.key)
      // a hidden group may be "not answered" (''): its blank would single it out, so it is masked too
      if (hiddenValues.get(q.key)?.has(values?.[0] ?? '')) return small
      if (!values?.length) return null
      return values.join('; ')
    }),
  ])
  return toCsv(['response', 'year', ...columns.map((q) => q.key)], rows)
}

/** Fisher-Yates with WebCrypto (available on Node 20 and in Workers). */
function shuffle<T>(items: T[]): T[] {
  const random = new Uint32Array(items.length)
  crypto.getRandomValues(random)
  for (let i = items.length - 1; i > 0; i--) {
    const j = random[i]! % (i + 1)
    ;[items[i], items[j]] = [items[j]!, items[i]!]
  }
  return items
}
