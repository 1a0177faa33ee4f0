import { HTTPException } from 'hono/http-exception'
import type { Report } from './report-schema.ts'
import type { User } from '../auth/users.ts'
import type { Db } from '../db/database.ts'
import type { AnalysisSettings } from '../org/settings.ts'
import { toCsv, type Cell } from '../http/csv.ts'
import { groupRateWords } from '../coverage/rates.ts'
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
  'round_source',
  'response_rate_percent',
  'response_rate_by_year_group',
]

/**
 * The report as CSV: one row per scored question in survey order. Scores and interval ends
 * are percentages to one decimal place; the change on last year and its 95% interval
 * (Newcombe's method) are in percentage points. A question with fewer than the minimum cohort
 * of on-scale answers has every figure empty, `suppressed` = "yes" and `note` = "too few
 * answers to show"; `note` also says "only Don't know answers" or "no answers". `round_source`
 * is "collected" (by Signpost) or "imported" (from another tool's file) on every row, so the
 * file says where its figures came from wherever it is copied, and so is `response_rate_percent`,
 * the round's responses against the year-group sizes (empty when the sizes are not all known or
 * the survey asks no year group), and `response_rate_by_year_group`, each year group's rate as the
 * report page gives it ("Year 10 28%; Year 12 under 20%": a band where the report hides the
 * group's count, so that rate × roll cannot give it back).
 */
export function reportCsv(report: Report): string {
  const areaTitle = new Map(report.areas.map((a) => [a.id, a.title]))
  const rate = report.coverage.status === 'known' ? percent(report.coverage.rate) : null
  const byYearGroup =
    report.coverage.status !== 'unknown' && report.coverage.groups.length
      ? report.coverage.groups.map((g) => `${g.label} ${groupRateWords(g)}`).join('; ')
      : null
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
      report.round.source,
      rate,
      byYearGroup,
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

/** What the answers export shows for a profile answer whose group (or combination of groups) is too small. */
export const smallGroupValue = (minCohort: number) => `(group of fewer than ${minCohort})`

/** What the answers export shows for an answer whose cell the report hides. */
export const hiddenAnswerValue = '(too few answers to show)'

/**
 * Who may download a round's answers, one row per response: the partnership lead, and a
 * coordinator only where the partnership has granted it (setting `coordinatorsMayExportAnswers`).
 * Row-level data is the easiest to misuse, so the default is the person the partnership trusts
 * with every institution. Viewers never.
 */
export function mayExportAnswers(user: Pick<User, 'role'>, settings: Pick<AnalysisSettings, 'coordinatorsMayExportAnswers'>): boolean {
  return user.role === 'lead' || (user.role === 'coordinator' && settings.coordinatorsMayExportAnswers)
}

/** Why a round's answers cannot be downloaded yet (null when they can). */
export function answersNotYet(report: Pick<Report, 'round' | 'respondents' | 'settings'>): string | null {
  if (report.round.status !== 'closed') return 'The answers can be downloaded once the round is closed.'
  if (report.respondents < report.settings.minCohort) {
    return `This round has fewer than ${report.settings.minCohort} responses in its figures, so its answers cannot be downloaded.`
  }
  return null
}

/**
 * Every response of a closed round as CSV, one row per response and one column per question in
 * survey order, for the lead's own analysis. It shows nothing the report hides:
 *
 * - Only the responses the report's figures rest on (`report.respondents`: the first ones, up
 *   to the last step of the minimum cohort), and only once the round is closed (409 before,
 *   and for a round with fewer than `minCohort` of them): an export can never be subtracted
 *   from a later one to give fewer people than the cohort.
 * - `response` numbers the rows 1..n in a random order: no submission id, no date, no language,
 *   not the order of arrival. The `year` column is the academic year, the only date given.
 * - Values are the stored codes: agreement 1-5 (5 = strongly agree) or `dk`, option values,
 *   `yes`/`no`; multiple choice is joined with "; ". Free-text questions are left out (they
 *   have their own, higher threshold and stay on the report page).
 * - A question the report hides for too few answers is "(too few answers to show)" in every
 *   row; so is a question in every row of the groups that hide its cell, where one of them is a
 *   group the file shows: the file cannot rebuild a hidden figure, nor a shown total less the
 *   file give one.
 * - Combination-safe: a profile column shows the report's groups, a group the report hides
 *   being "(group of fewer than N)". Several profile columns are shown together only where every
 *   combination of their values (year group × extra help × …) that appears is shared by at least
 *   `minCohort` rows, and none of them hides a group × question cell: otherwise a cell shown in
 *   one breakdown minus the rows of the file would give a smaller group's answers. The largest
 *   set of profile columns that passes is shown (the earliest in the survey on a tie); every
 *   other profile column is masked in every row. "Not answered" counts as a value.
 */
export async function answersCsv(db: Db, survey: Survey, roundId: number, report: Report): Promise<string> {
  const why = answersNotYet(report)
  if (why) throw new HTTPException(409, { message: why })
  const { minCohort } = report.settings
  // the responses the figures rest on (marked in the write of each step: rounds/shown-figures.ts)
  const rs = await db.$client.execute({
    sql: `WITH shown AS (SELECT id FROM responses WHERE round_id = ? AND in_figures = 1 LIMIT ?)
          SELECT shown.id AS response_id, a.question_key, a.value
          FROM shown LEFT JOIN answers a ON a.response_id = shown.id
          ORDER BY shown.id, a.question_key, a.value`,
    args: [roundId, report.respondents],
  })
  const byResponse = new Map<number, Map<string, string[]>>()
  for (const row of rs.rows) {
    const id = Number(row.response_id)
    const answers = byResponse.get(id) ?? new Map<string, string[]>()
    byResponse.set(id, answers)
    if (row.question_key === null) continue
    const key = String(row.question_key)
    answers.set(key, [...(answers.get(key) ?? []), String(row.value)])
  }
  const responses = shuffle([...byResponse.values()])
  const profiles = profileQuestions(survey).map((p) => p.key)
  const profileValue = (answers: Map<string, string[]>, key: string) => answers.get(key)?.[0] ?? ''

  const breakdownOf = (key: string) => report.breakdowns.find((b) => b.key === key)?.groups ?? []
  const values = responses.map((answers) => profiles.map((key) => profileValue(answers, key)))
  const hiddenGroups = profiles.map(
    (key) =>
      new Set(
        breakdownOf(key)
          .filter((g) => g.suppressed)
          .map((g) => g.value),
      ),
  )
  const hiddenQuestions = new Set(report.questions.filter((q) => q.suppressed).map((q) => q.key))
  // a cell hidden in a group the report shows (a hidden group's cells are hidden with the group)
  const cellsHidden = profiles.map((key) => breakdownOf(key).some((g) => !g.suppressed && g.hidden.some((q) => !hiddenQuestions.has(q))))
  const shownProfiles = combinationSafeProfiles(values, hiddenGroups, cellsHidden, minCohort)
  const masked = values.map((row) => row.map((value, p) => !shownProfiles.has(p) || hiddenGroups[p]!.has(value)))

  // Answers the report hides: a whole question; and, in a profile column the file shows, a
  // question whose hidden cells include a shown group: then every row of every group hiding
  // that cell (hidden groups too) has it masked, or the question's total minus the file's rows
  // would give the hidden cells. Where only hidden groups hide it, the report's complementary
  // rule has already made them, together, a cohort.
  const maskedIn = profiles.flatMap((key, p) => {
    if (!shownProfiles.has(p)) return []
    const groups = breakdownOf(key)
    return [...new Set(groups.flatMap((g) => g.hidden))].flatMap((question) => {
      const hiding = groups.filter((g) => g.hidden.includes(question))
      return hiding.some((g) => !g.suppressed) ? [{ p, question, values: new Set(hiding.map((g) => g.value)) }] : []
    })
  })
  const answerHidden = (i: number, question: string) =>
    hiddenQuestions.has(question) || maskedIn.some((m) => m.question === question && m.values.has(values[i]![m.p]!))
  const small = smallGroupValue(minCohort)
  const columns = questionsOf(survey).filter((q) => q.kind !== 'text')
  const rows = responses.map((answers, i): Cell[] => [
    i + 1,
    report.year,
    ...columns.map((q) => {
      const p = profiles.indexOf(q.key)
      if (p >= 0 && masked[i]![p]) return small
      if (answerHidden(i, q.key)) return hiddenAnswerValue
      const values = answers.get(q.key)
      return values?.length ? values.join('; ') : null
    }),
  ])
  return toCsv(['response', 'year', ...columns.map((q) => q.key)], rows)
}

/**
 * Which profile columns (by index) the answers export may show together. `rows[i][p]` is row i's
 * value of profile p, `hiddenGroups[p]` the groups of p the report hides (masked in the file),
 * `cellsHidden[p]` whether p's breakdown hides a group × question cell. One column on its own
 * always passes: it shows exactly the report's groups. A set of two or more passes when no column
 * hides a cell and every combination of (masked) values that appears has at least `k` rows.
 */
export function combinationSafeProfiles(rows: string[][], hiddenGroups: ReadonlySet<string>[], cellsHidden: boolean[], k: number): Set<number> {
  const columns = hiddenGroups.map((_, p) => p)
  const passes = (set: number[]) => {
    if (set.length <= 1) return true
    if (set.some((p) => cellsHidden[p])) return false
    const count = new Map<string, number>()
    for (const row of rows) {
      const combo = JSON.stringify(set.map((p) => (hiddenGroups[p]!.has(row[p]!) ? null : row[p])))
      count.set(combo, (count.get(combo) ?? 0) + 1)
    }
    return [...count.values()].every((n) => n >= k)
  }
  // every subset, largest first, then earliest columns first (a survey has a handful of profile questions)
  const subsets = Array.from({ length: 2 ** columns.length }, (_, bits) => columns.filter((p) => bits & (1 << p)))
  subsets.sort((a, b) => b.length - a.length || a.join(',').localeCompare(b.join(','), undefined, { numeric: true }))
  return new Set(subsets.find(passes) ?? [])
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
