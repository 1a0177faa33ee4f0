import { raw } from 'hono/html'
import type { Child } from 'hono/jsx'
import { answersNotYet, mayExportAnswers } from '../export.ts'
import { arrivalWords, burstWords } from '../../rounds/arrivals.ts'
import type { PartnershipMedian } from '../comparison.ts'
import type { FreeTextAnswers } from '../free-text.ts'
import { compareFractions } from '../ranking.ts'
import type { Breakdown, QuestionReport, Report } from '../report-schema.ts'
import type { User } from '../../auth/users.ts'
import { StaffFrame } from '../../ui/staff-frame.tsx'
import { RagBadge } from '../../ui/rag-badge.tsx'
import { HeadRow } from '../../ui/head-row.tsx'
import { ScrollTable } from '../../ui/scroll-table.tsx'
import { ReportCoverage } from '../../ui/coverage.tsx'
import { audienceWords } from '../../surveys/audience.ts'
import { capitalised } from '../../ui/words.ts'

export type ActionPlanValues = { keys: string[]; actions: Record<string, string> }

export type ReportPageProps = {
  /** Who is reading: the staff frame names them and leads back to the dashboard. */
  user: User
  report: Report
  /** Coordinators (and leads) may record the action plan. */
  canEdit: boolean
  /** Free-text answers, for coordinators only; null hides the section. */
  freeText: FreeTextAnswers | null
  /** Where a coordinator deletes one written answer (src/retention/deletion-routes.tsx), when they may. */
  freeTextDeleteHref?: (questionKey: string) => string
  /** The action plan recorded for this round, if any. */
  actionPlan: ActionPlanValues | null
  csvHref: string
  answersCsvHref: string
  /** Next year's academic year when its round of the survey has opened: the action plan is then locked (the lead may still change it). */
  actionPlanLockedBy: string | null
  /** Where the action-plan form posts (fields key1-3, action1-3). */
  actionPlanAction: string
  /** A confirmation such as "Action plan saved", shown in a status region. */
  message?: string
  /** Each top-three question's partnership median, where one may be shown (analysis/comparison.ts); absent: not compared. */
  comparison?: Record<string, PartnershipMedian>
}

// ---------- words and numbers ----------

/** A share (given to 4 places) as a whole percentage; via whole ten-thousandths, so 0.565 is 57%, not 56% (0.565 × 100 = 56.4999...). */
const pct = (x: number) => `${Math.round(Math.round(x * 10000) / 100)}%`
const interval = (ci: [number, number] | null) => (ci ? `${pct(ci[0])} to ${pct(ci[1])}` : 'No interval')
const points = (d: number) => {
  const p = Math.round(Math.abs(d) * 100)
  return `${p} percentage ${p === 1 ? 'point' : 'points'}`
}
/** A signed difference in whole points: "+4", "−12", "0". */
const signedPoints = (d: number) => {
  const p = Math.round(d * 100)
  return p > 0 ? `+${p}` : p < 0 ? `−${-p}` : '0'
}
/** A difference's 95% interval in points: "−3 to +15 points". */
const differenceRange = (ci: [number, number]) => `${signedPoints(ci[0])} to ${signedPoints(ci[1])} points`

/** What "within sampling error" means, in the report's own words (the README says the same). */
export const samplingErrorDefinition =
  'Within sampling error: the 95% interval of the difference between the two scores (Newcombe’s method, built from the two scores’ Wilson intervals) includes no difference at all, so the difference may only reflect who happened to answer.'

function changeWords(change: QuestionReport['change']): string {
  if (!change) return 'No comparison with last year'
  const p = Math.round(change.difference * 100)
  const direction = p > 0 ? `Up ${points(change.difference)}` : p < 0 ? `Down ${points(change.difference)}` : 'No change'
  const range = `95% interval of the change ${differenceRange(change.interval)}`
  const noise = change.withinSamplingError ? `within sampling error (${range}), so it may not be a real change` : `more than sampling error (${range})`
  return `${direction} on ${change.previousYear} (${pct(change.previousScore)}): ${noise}`
}

/** The change on last year in a few words, for the first screen: "Down 3 percentage points on 2024/25 (within sampling error)". */
function shortChange(change: QuestionReport['change']): string {
  if (!change) return 'No comparison with last year'
  const p = Math.round(change.difference * 100)
  const direction = p > 0 ? `Up ${points(change.difference)}` : p < 0 ? `Down ${points(change.difference)}` : 'No change'
  return `${direction} on ${change.previousYear} (${change.withinSamplingError ? 'within sampling error' : 'more than sampling error'})`
}

/** The change on last year for a narrow printed column: "−3 points, within sampling error". */
function tinyChange(change: QuestionReport['change']): string {
  if (!change) return 'No comparison'
  const p = Math.round(change.difference * 100)
  return `${p === 0 ? 'No change' : `${p > 0 ? '+' : '−'}${Math.abs(p)} points`}, ${change.withinSamplingError ? 'within sampling error' : 'more than sampling error'}`
}

/** Why a question has no score, in words; null when it has one. */
function noScoreWords(q: Pick<QuestionReport, 'status' | 'dontKnow'>, minCohort: number): string | null {
  switch (q.status) {
    case 'shown':
      return null
    case 'too-few-answers':
      return `Too few answers to show (fewer than ${minCohort} on the scale)`
    case 'only-dont-know':
      return `Only “Don’t know” answers (${q.dontKnow}): no score, not ranked`
    case 'no-answers':
      return 'No answers'
  }
}

const respondentWord = (n: number) => `${n} ${n === 1 ? 'respondent' : 'respondents'}`

/**
 * What the figures rest on: while open they move in steps of the minimum cohort; once closed the
 * report says how many responses came after the last step and are held back.
 */
function RespondentsNote({ report }: { report: Report }) {
  const step = report.settings.minCohort
  if (report.collected === null)
    return <span class="respondents-note">The figures move on each time {step} more responses have arrived, so no one answer can be picked out.</span>
  const held = report.collected - report.respondents
  if (held <= 0) return null
  return (
    <span class="respondents-note">
      {`${report.collected} responses in all. The figures rest on the first ${report.respondents}: the last ${held === 1 ? 'one is' : `${held} are`} held back, being fewer than ${step}, so that no one's answers can be worked out by comparing two reports.`}
    </span>
  )
}

/**
 * Every question, lowest score first, compared exactly from the counts (ties: rank, then
 * survey order); questions without a score last.
 */
export function sortedQuestions(report: Report): QuestionReport[] {
  const order = new Map(report.questions.map((q, i) => [q.key, i]))
  const shown = (q: QuestionReport) => q.status === 'shown' && q.score !== null
  return [...report.questions].sort((a, b) => {
    if (shown(a) !== shown(b)) return shown(a) ? -1 : 1
    const byScore = shown(a) ? compareFractions(a.positive!, a.n!, b.positive!, b.n!) : 0
    return byScore || (a.rank ?? Infinity) - (b.rank ?? Infinity) || order.get(a.key)! - order.get(b.key)!
  })
}

/** Questions without a score, which the score chart leaves out. */
const unscored = (report: Report) => report.questions.filter((q) => q.status !== 'shown' || q.score === null)

/**
 * The chart data as JSON for a `<script type="application/json">`: every `<` is written as
 * \u003c, so no text in it (a question's wording included) can close the script element.
 */
export function chartDataJson(report: Report): string {
  const top = new Set(report.topThree)
  const development = new Set(report.development.keys)
  const data = {
    minCohort: report.settings.minCohort,
    scores: sortedQuestions(report)
      .filter((q) => q.status === 'shown' && q.score !== null)
      .map((q) => ({ key: q.key, text: q.text, score: q.score, ci: q.ci, rank: q.rank, topThree: top.has(q.key) })),
    // not drawn: the caption names them, with why
    notShown: unscored(report).map((q) => ({ key: q.key, text: q.text, status: q.status, note: q.note })),
    years: report.years.map((y) => y.year),
    trends: report.questions.map((q) => ({
      key: q.key,
      text: q.text,
      highlight: top.has(q.key) || development.has(q.key),
      scores: report.years.map((y) => q.trend.find((t) => t.year === y.year)?.score ?? null),
    })),
  }
  return JSON.stringify(data).replace(/</g, '\\u003c')
}

// ---------- pieces ----------

function Section(props: { id: string; title: string; class?: string; children: Child }) {
  return (
    <section class={`report-section${props.class ? ` ${props.class}` : ''}`} id={props.id} aria-labelledby={`${props.id}-heading`}>
      <h2 id={`${props.id}-heading`}>{props.title}</h2>
      {props.children}
    </section>
  )
}

function Summary({ report }: { report: Report }) {
  const rag = report.rag
  const earlier = report.years.filter((y) => y.year !== report.year)
  const imported = report.round.source === 'imported'
  // the year this year's development questions came from, when its answers were imported
  const fromImported = report.years.some((y) => y.year === report.development.fromYear && y.source === 'imported')
  return (
    <Section id="summary" title="Summary">
      {imported ? (
        <div class="notice notice-imported" id="imported-round">
          <p>
            <strong>Imported from a file: Signpost did not collect these responses.</strong> They came from another survey tool’s export, so Signpost cannot say
            how they were gathered. An imported round stays closed.
          </p>
        </div>
      ) : null}
      {report.round.answersDeletedOn ? (
        <div class="notice notice-info" id="answers-deleted">
          <p>
            <strong>Individual answers deleted under the retention policy on {report.round.answersDeletedOn}.</strong> The figures, the trend and the
            development questions come from the round’s totals, which are kept.
          </p>
        </div>
      ) : null}
      <dl class="summary-list">
        <div>
          <dt>Survey</dt>
          <dd>{report.survey.title}</dd>
        </div>
        <div>
          <dt>Academic year</dt>
          <dd>
            {report.year} ({report.round.status === 'open' ? 'still open' : 'closed'}
            {imported ? ', imported from a file' : ''})
          </dd>
        </div>
        <div>
          <dt>Respondents</dt>
          <dd>
            {report.respondents}
            <RespondentsNote report={report} />
          </dd>
        </div>
        {/* a survey that asks no year group (staff, employers) has no rate against the roll */}
        {report.coverage.groups.length > 0 ? (
          <div>
            <dt>Response rate</dt>
            <dd id="response-rate">
              <ReportCoverage
                coverage={report.coverage}
                minCohort={report.settings.minCohort}
                institutionHref={`/dashboard/institutions/${report.institution.id}`}
              />
            </dd>
          </div>
        ) : null}
        {report.arrivals ? (
          <div>
            <dt>How the responses arrived</dt>
            <dd id="arrivals">
              {arrivalWords(report.arrivals, report.settings.minCohort)}
              <span class="respondents-note">
                This round opened with a round code only, so anyone with the code can answer, more than once. Signpost keeps no time with a response, only how
                many arrived in each 10-minute window.
              </span>
            </dd>
          </div>
        ) : null}
        {earlier.length ? (
          <div>
            <dt>Other years</dt>
            <dd>{earlier.map((y) => `${y.year}: ${respondentWord(y.respondents)}${y.source === 'imported' ? ' (imported from a file)' : ''}`).join('; ')}</dd>
          </div>
        ) : null}
      </dl>
      {report.arrivals?.burst ? (
        <div class="notice notice-warning" id="arrivals-burst">
          <p>
            <strong>A burst of responses.</strong> {burstWords}
          </p>
        </div>
      ) : null}
      {rag ? (
        <>
          <h3>Student-survey rating</h3>
          <p class="rag-line">
            <RagBadge rating={rag.rating} provisional={rag.provisional} tooSmall={rag.tooSmall} baseline={rag.baseline} />
          </p>
          <p>{rag.explanation}</p>
          {fromImported ? (
            <p id="imported-development">
              The development questions come from {report.development.fromYear}, whose answers were imported from a file: Signpost did not collect them.
            </p>
          ) : null}
          <DevelopmentQuestions report={report} />
        </>
      ) : null}
    </Section>
  )
}

function DevelopmentQuestions({ report }: { report: Report }) {
  const dev = report.development
  if (!dev.questions.length) return null
  const rag = report.rag
  const status = (key: string, asked: boolean) =>
    !asked || rag?.notAsked.includes(key)
      ? { css: 'dev-not-asked', words: 'Not asked this year' }
      : report.topThree.includes(key)
        ? { css: 'dev-remaining', words: 'Still in the top three' }
        : { css: 'dev-left', words: 'Left the top three' }
  return (
    <>
      <h3>Development questions</h3>
      <p>{dev.source === 'action-plan' ? `Chosen in the ${dev.fromYear} action plan.` : `The top three priority areas of ${dev.fromYear}.`}</p>
      {dev.changedAfterOpeningOn ? (
        <div class="notice notice-warning" id="plan-changed-late">
          <p>
            <strong>Changed after this round opened.</strong> The partnership lead changed the {dev.fromYear} action plan on{' '}
            {longDate(dev.changedAfterOpeningOn)}, after the {report.year} round had opened, so these development questions are not the ones set before the
            survey began.
          </p>
        </div>
      ) : null}
      <ul class="development-list">
        {dev.questions.map((d) => {
          const s = status(d.key, d.asked)
          return (
            <li class={s.css} data-key={d.key}>
              <span class="dev-status">{s.words}:</span> {d.text}
            </li>
          )
        })}
      </ul>
    </>
  )
}

/** Each question's Gatsby Benchmarks, by key. */
const benchmarksByKey = (report: Report) => {
  const of = new Map<string, number[]>()
  for (const b of report.benchmarks) for (const k of b.keys) of.set(k, [...(of.get(k) ?? []), b.number])
  return of
}

function TopThree({ report }: { report: Report }) {
  const byKey = new Map(report.questions.map((q) => [q.key, q]))
  const areaTitle = new Map(report.areas.map((a) => [a.id, a.title]))
  const benchmarksOf = benchmarksByKey(report)
  return (
    <Section id="priorities" title="Top three priority areas">
      <p class="hint">The questions with the lowest scores. A score is the share who agreed or strongly agreed, leaving out “Don’t know”.</p>
      {report.topThree.length === 0 ? (
        <p>There are no priority areas yet: too few answers to rank the questions.</p>
      ) : (
        <ol class="top-three">
          {report.topThree.map((key) => {
            const q = byKey.get(key)!
            return (
              <li data-key={key}>
                <p class="top-three-text">{q.text}</p>
                <dl class="figures">
                  <div>
                    <dt>Score</dt>
                    <dd>{q.score === null ? 'No figure' : `${pct(q.score)} positive`}</dd>
                  </div>
                  <div>
                    <dt>95% interval</dt>
                    <dd>{interval(q.ci)}</dd>
                  </div>
                  <div>
                    <dt>Change</dt>
                    <dd>{changeWords(q.change)}</dd>
                  </div>
                  <div>
                    <dt>Area</dt>
                    <dd>{areaTitle.get(q.area) ?? q.area}</dd>
                  </div>
                  {benchmarksOf.get(key)?.length ? (
                    <div>
                      <dt>Gatsby Benchmark</dt>
                      <dd>{benchmarksOf.get(key)!.join(', ')}</dd>
                    </div>
                  ) : null}
                </dl>
              </li>
            )
          })}
        </ol>
      )}
      {report.rankingNote ? (
        <p class="note">
          <strong>Note: </strong>
          {report.rankingNote}
        </p>
      ) : null}
    </Section>
  )
}

/**
 * The figures by Gatsby Benchmark: each benchmark's shown questions pooled, as an area's are, and
 * the priority areas that give evidence on it. A benchmark of hidden questions only is hidden too.
 */
function Benchmarks({ report }: { report: Report }) {
  if (!report.benchmarks.length) return null
  const text = new Map(report.questions.map((q) => [q.key, q.text]))
  const scored = report.benchmarks.filter((b) => b.score !== null)
  const lowest = scored.length > 1 ? scored.reduce((a, b) => (b.score! < a.score! ? b : a)) : undefined
  return (
    <Section id="benchmarks" title="By Gatsby Benchmark">
      <p class="hint">
        Each question of the survey is tagged with the Gatsby Benchmarks it gives evidence on. A benchmark’s score pools the answers to its questions that are
        shown; a question can count towards two benchmarks.
      </p>
      <ScrollTable id="benchmark-table" class="benchmark-table" caption="Scores by Gatsby Benchmark, with the priority areas in each" stack>
        <HeadRow columns={['Benchmark', { label: 'Score', num: true }, { label: 'Questions', num: true }, 'Priority areas in it']} roles />
        <tbody role="rowgroup">
          {report.benchmarks.map((b) => (
            <tr data-benchmark={b.number} role="row">
              <th scope="row" role="rowheader">
                {b.number}. {b.title}
                {b === lowest ? <span class="status-tag status-lowest">Lowest</span> : null}
              </th>
              <td class="num" role="cell" data-label="Score">
                {b.score === null ? (b.suppressed ? 'too few answers to show' : 'no answers on the scale') : `${pct(b.score)} positive`}
              </td>
              <td class="num" role="cell" data-label="Questions">
                {b.keys.length}
              </td>
              <td role="cell" data-label="Priority areas in it">
                {b.priorities.length ? b.priorities.map((k) => `“${text.get(k) ?? k}”`).join(', ') : 'None'}
              </td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
    </Section>
  )
}

/**
 * A chart drawn by web/report-charts.js into `<id>` inside `<id>-box`; the figure stays
 * hidden until the script draws it, so without JavaScript the table beside it is all there is.
 */
function ChartFigure({ id, label, caption, boxClass, children }: { id: string; label: string; caption: string; boxClass?: string; children?: Child }) {
  return (
    <figure class="chart-figure" id={`${id}-figure`} hidden>
      <div class={boxClass ? `chart-box ${boxClass}` : 'chart-box'} id={`${id}-box`}>
        <canvas id={id} role="img" aria-label={`${label} The same figures are in the table below.`}>
          The same figures are in the table below.
        </canvas>
      </div>
      <figcaption>
        {caption}
        {children}
      </figcaption>
    </figure>
  )
}

/**
 * The score chart for a narrow screen (the canvas chart's labels have no room there): one bar
 * per scored question, lowest first, each with its whole question text above it and its score
 * printed beside it; top-three bars hatched and labelled. Plain HTML and SVG (no script, no
 * inline style), shown by the stylesheet below 700 px in place of the canvas chart.
 */
function ScoreBars({ report }: { report: Report }) {
  const top = new Set(report.topThree)
  const shown = sortedQuestions(report).filter((q) => q.status === 'shown' && q.score !== null)
  if (!shown.length) return null
  return (
    <>
      <svg class="visually-hidden" width="0" height="0" aria-hidden="true" focusable="false">
        <defs>
          <pattern id="top-three-hatch" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="4" height="4" fill="#f7d9d6" />
            <rect width="1.6" height="4" fill="#8a1c1c" />
          </pattern>
        </defs>
      </svg>
      <ol class="score-bars" aria-label="Score for each question, lowest first">
        {shown.map((q) => (
          <li class={top.has(q.key) ? 'is-top-three' : undefined} data-key={q.key}>
            <span class="score-bar-text">
              {top.has(q.key) ? <strong class="score-bar-badge">Top 3</strong> : null} {q.text}
            </span>
            <span class="score-bar-row">
              <svg class="score-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                <rect class="score-bar-track" x="0" y="0" width="100" height="10" />
                <rect class="score-bar-fill" x="0" y="0" width={String(Math.round(q.score! * 1000) / 10)} height="10" />
              </svg>
              <span class="score-bar-value">{pct(q.score!)}</span>
            </span>
          </li>
        ))}
      </ol>
    </>
  )
}

function Scores({ report }: { report: Report }) {
  const top = new Set(report.topThree)
  const areaTitle = new Map(report.areas.map((a) => [a.id, a.title]))
  const questions = sortedQuestions(report)
  const left = unscored(report)
  return (
    <Section id="scores" title="Scores for every question">
      <p class="hint">Lowest score first. The three lowest are the priority areas, marked “top three”.</p>
      <ChartFigure
        id="score-chart"
        label="Bar chart of each question’s score, lowest first."
        caption="Score for each question, lowest first. Top-three bars are hatched and labelled “Top 3”. The table below gives the same figures."
      >
        {left.length ? <span class="chart-not-shown"> Not in the chart: {left.map((q) => `“${q.text}” (${q.note ?? 'no score'})`).join('; ')}.</span> : null}
      </ChartFigure>
      <ScoreBars report={report} />
      <ScrollTable id="scores-table" caption="Score for each question, lowest first" stack="inline">
        <HeadRow columns={['Rank', 'Question', 'Area', 'Score', '95% interval', 'Answers', 'Change on last year']} roles />
        <tbody role="rowgroup">
          {questions.map((q) => (
            <tr data-key={q.key} class={top.has(q.key) ? 'is-top-three' : undefined} role="row">
              <td role="cell" data-label="Rank">
                {q.rank === null ? '–' : top.has(q.key) ? `${q.rank} (top three)` : String(q.rank)}
              </td>
              <th scope="row" role="rowheader">
                {q.text}
              </th>
              <td role="cell" data-label="Area">
                {areaTitle.get(q.area) ?? q.area}
              </td>
              {q.status !== 'shown' ? (
                <td colspan={4} class="suppressed" role="cell" data-label="Score">
                  {noScoreWords(q, report.settings.minCohort)}
                </td>
              ) : (
                <>
                  <td class="num" role="cell" data-label="Score">
                    {q.score === null ? 'No figure' : pct(q.score)}
                  </td>
                  <td class="num" role="cell" data-label="95% interval">
                    {interval(q.ci)}
                  </td>
                  <td class="num" role="cell" data-label="Answers">
                    {q.dontKnow ? `${q.n} (and ${q.dontKnow} don’t know)` : String(q.n)}
                  </td>
                  <td role="cell" data-label="Change on last year">
                    <span class="change-long">{changeWords(q.change)}</span>
                    <span class="change-short">{tinyChange(q.change)}</span>
                  </td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </ScrollTable>
      <p class="hint">
        Answers: those on the five-point scale, with “Don’t know” beside them. A score needs at least {report.settings.minCohort} answers on the scale; with
        fewer it is not shown, not ranked and cannot be a priority area. {samplingErrorDefinition}
      </p>
    </Section>
  )
}

/**
 * The trend chart's key and its choice of lines in one: a checkbox per question with a score in
 * some year, its line's colour, dash and point drawn beside it by web/report-charts.js. The top
 * three and the development questions are ticked to start with (at most six lines).
 */
function TrendKey({ report }: { report: Report }) {
  const start = new Set([...report.topThree, ...report.development.keys])
  const withScores = report.questions.filter((q) => q.trend.some((t) => t.score !== null))
  const item = (q: QuestionReport) => (
    <li>
      <input type="checkbox" id={`trend-${q.key}`} value={q.key} checked={start.has(q.key)} />
      <label for={`trend-${q.key}`}>
        <span class="trend-swatch" data-key={q.key} aria-hidden="true"></span>
        {q.text}
      </label>
    </li>
  )
  const others = withScores.filter((q) => !start.has(q.key))
  return (
    <fieldset class="trend-key" id="trend-key">
      <legend>Lines in the chart</legend>
      <ul>{withScores.filter((q) => start.has(q.key)).map(item)}</ul>
      {others.length ? (
        <details>
          <summary>Add other questions ({others.length})</summary>
          <ul>{others.map(item)}</ul>
        </details>
      ) : null}
    </fieldset>
  )
}

function Trends({ report }: { report: Report }) {
  if (report.years.length < 2) {
    return (
      <Section id="trends" title="Trends over the years">
        <p>Trends appear once this survey has run in more than one year.</p>
      </Section>
    )
  }
  return (
    <Section id="trends" title="Trends over the years">
      <ChartFigure
        id="trend-chart"
        boxClass="chart-box-trend"
        label="Line chart of each question’s score by year."
        caption="Score by year: the top three and the development questions to start with. Tick others in the key to add them. The table below gives every figure."
      >
        <TrendKey report={report} />
      </ChartFigure>
      <ScrollTable id="trends-table" caption="Score for each question by academic year" stack="inline">
        <HeadRow columns={['Question', ...report.years.map((y) => y.year)]} roles />
        <tbody role="rowgroup">
          {report.questions.map((q) => (
            <tr data-key={q.key} role="row">
              <th scope="row" role="rowheader">
                {q.text}
              </th>
              {report.years.map((y) => {
                const t = q.trend.find((t) => t.year === y.year)
                if (t && t.score !== null)
                  return (
                    <td class="num" role="cell" data-label={y.year}>
                      {pct(t.score)}
                    </td>
                  )
                const words = t?.status === 'too-few-answers' ? 'Too few answers to show' : t?.status === 'only-dont-know' ? 'Only “Don’t know”' : 'No figure'
                return (
                  <td class={t?.status === 'too-few-answers' ? 'suppressed' : 'num'} role="cell" data-label={y.year}>
                    {words}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </ScrollTable>
      <p class="hint">
        Too few answers to show: fewer than {report.settings.minCohort} answered that year on the scale. No figure: the question was not asked that year, or
        nobody answered it.
      </p>
    </Section>
  )
}

/** The shading band of a score in the breakdown tables: 0 (under 20%) to 4 (80% or more). */
const scoreBand = (score: number) => Math.min(4, Math.floor(score * 5))

/** The key to the breakdown tables' shading: the number is always printed, the shade only helps to scan. */
function ScoreBandKey() {
  const bands = ['under 20%', '20–39%', '40–59%', '60–79%', '80% or more']
  return (
    <p class="score-band-key">
      Cells are shaded by score, darker for higher:{' '}
      {bands.map((words, band) => (
        <span class={`score-band-${band}`}>{words}</span>
      ))}
      . Hidden cells say so in words.
    </p>
  )
}

function BreakdownTable({ breakdown, report, index }: { breakdown: Breakdown; report: Report; index: number }) {
  const hidden = `hidden (fewer than ${report.settings.minCohort})`
  const groups = breakdown.groups.filter((g) => g.suppressed || (g.respondents ?? 0) > 0)
  return (
    <div class="breakdown" data-key={breakdown.key}>
      <h3>{breakdown.text}</h3>
      <ScrollTable id={`breakdown-${index}`} caption={`Score for each question by answer to “${breakdown.text}”`} stack="inline">
        <thead role="rowgroup">
          <tr role="row">
            <th scope="col" role="columnheader">
              Question
            </th>
            {groups.map((g) => (
              <th scope="col" data-group={g.value} role="columnheader">
                {g.label}
                <span class="group-size">{g.suppressed ? hidden : respondentWord(g.respondents ?? 0)}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup">
          {report.questions.map((q) => (
            <tr data-key={q.key} role="row">
              <th scope="row" role="rowheader">
                {q.text}
              </th>
              {groups.map((g) => {
                if (g.suppressed)
                  return (
                    <td class="suppressed" data-group={g.value} role="cell" data-label={g.label}>
                      {hidden}
                    </td>
                  )
                const score = g.scores[q.key]
                if (g.hidden.includes(q.key))
                  return (
                    <td class="suppressed" data-group={g.value} role="cell" data-label={g.label}>
                      Too few answers to show
                    </td>
                  )
                return (
                  <td
                    class={score === null || score === undefined ? 'suppressed' : `num score-band-${scoreBand(score)}`}
                    data-group={g.value}
                    role="cell"
                    data-label={g.label}
                  >
                    {score === null || score === undefined ? 'No answers' : pct(score)}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </ScrollTable>
    </div>
  )
}

function Breakdowns({ report }: { report: Report }) {
  if (!report.breakdowns.length) return null
  return (
    <Section id="breakdowns" title="Results by group">
      <p class="hint">
        No result is shown for a group of fewer than {report.settings.minCohort} respondents. “Too few answers to show” means fewer than{' '}
        {report.settings.minCohort} in the group answered the question on the scale, or the figure is held back so that a smaller group’s result cannot be
        worked out.
      </p>
      <ScoreBandKey />
      {report.breakdowns.map((b, i) => (
        <BreakdownTable breakdown={b} report={report} index={i} />
      ))}
    </Section>
  )
}

/** One table per other voice: this survey's score and theirs on the questions both ask, and the gap. */
function Gaps({ report }: { report: Report }) {
  if (!report.gaps.length) return null
  const mine = capitalised(audienceWords[report.survey.audience].people)
  const voices = [...new Map(report.gaps.map((g) => [g.pairedSurvey.id, g.pairedSurvey])).values()]
  const score = (x: number | null) => (x === null ? 'No figure' : pct(x))
  const gap = (g: Report['gaps'][number]) => {
    if (g.gap === null || !g.interval) return 'No figure'
    const p = Math.round(g.gap * 100)
    const size = p === 0 ? 'No gap' : `${mine} ${points(g.gap)} ${p > 0 ? 'higher' : 'lower'}`
    const range = `95% interval of the gap ${differenceRange(g.interval)}`
    return `${size}: ${g.withinSamplingError ? `within sampling error (${range})` : `more than sampling error (${range})`}`
  }
  return (
    <Section id="gaps" title="The voices compared">
      <p class="hint">
        The same thing asked of {mine.toLowerCase()} and of others this year, in their own words. {samplingErrorDefinition}
      </p>
      {voices.map((voice) => {
        const theirs = capitalised(audienceWords[voice.audience].people)
        return (
          <ScrollTable id={`gaps-table-${voice.audience}`} caption={`${mine} and ${theirs.toLowerCase()}: scores on the same questions`} stack="inline">
            <HeadRow columns={['Question', mine, theirs, 'Gap']} roles />
            <tbody role="rowgroup">
              {report.gaps
                .filter((g) => g.pairedSurvey.id === voice.id)
                .map((g) => (
                  <tr data-key={g.key} data-paired={g.pairedKey} role="row">
                    <th scope="row" role="rowheader">
                      {g.text}
                      <span class="paired-text">
                        {theirs} were asked: {g.pairedText}
                      </span>
                    </th>
                    <td class="num" role="cell" data-label={mine}>
                      {score(g.score)}
                    </td>
                    <td class="num" role="cell" data-label={theirs}>
                      {score(g.pairedScore)}
                    </td>
                    <td role="cell" data-label="Gap">
                      {gap(g)}
                    </td>
                  </tr>
                ))}
            </tbody>
          </ScrollTable>
        )
      })}
    </Section>
  )
}

function FreeText({ freeText, deleteHref, deletedOn }: { freeText: FreeTextAnswers; deleteHref?: (questionKey: string) => string; deletedOn?: string | null }) {
  const min = freeText.minWriters
  if (deletedOn) {
    return (
      <Section id="free-text" title="What respondents wrote" class="free-text">
        <p>The written answers were deleted under the retention policy on {deletedOn}, with the rest of the individual answers.</p>
      </Section>
    )
  }
  return (
    <Section id="free-text" title="What respondents wrote" class="free-text">
      <p class="hint">
        Written answers are shown once the round is closed, for each question that at least {min} people answered in writing, so that nobody’s words can be
        picked out. Only coordinators see them, and they are left out when the report is printed: check for names before sharing any of them.
      </p>
      {freeText.questions.length === 0 ? <p>This survey has no questions for written answers.</p> : null}
      {freeText.status === 'round-open' ? (
        freeText.questions.length ? (
          <p class="free-text-waiting">This round is still open: written answers appear when it closes.</p>
        ) : null
      ) : (
        freeText.questions.map((q) => (
          <div class="free-text-question" data-key={q.key}>
            <h3>{q.text}</h3>
            {q.status === 'too-few-writers' ? (
              <p>Too few written answers to show (fewer than {min} people wrote one).</p>
            ) : (
              <>
                <p class="hint">
                  {q.total} answers, in alphabetical order, not the order they were sent
                  {q.total > q.answers.length ? `; the first ${q.answers.length} are shown` : ''}.
                </p>
                <ul class="free-text-answers">
                  {q.answers.map((a) => (
                    <li dir="auto">{a}</li>
                  ))}
                </ul>
                {deleteHref ? (
                  <p class="no-print">
                    <a href={deleteHref(q.key)}>Delete one of these answers</a> (for example one that names a person)
                  </p>
                ) : null}
              </>
            )}
          </div>
        ))
      )}
    </Section>
  )
}

/** "2 December 2026" from YYYY-MM-DD. */
const longDate = (day: string) => new Date(`${day}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })

function ActionPlan(props: { report: Report; user: User; canEdit: boolean; actionPlan: ActionPlanValues | null; action: string; lockedBy: string | null }) {
  const { report, actionPlan, action, lockedBy } = props
  // once next year's round has opened, its rating rests on this plan: only the lead may change it
  const canEdit = props.canEdit && (!lockedBy || props.user.role === 'lead')
  const lockNotice = lockedBy ? (
    <div class="notice notice-info" id="plan-locked">
      <p>
        <strong>Locked: the {lockedBy} round has opened.</strong>{' '}
        {canEdit
          ? `Its rating rests on these development questions. A change now is recorded, and the ${lockedBy} report will say they were changed after the round opened.`
          : actionPlan
            ? `Its rating rests on these development questions, so only the partnership lead can change them now.`
            : `No action plan was recorded before it opened, so its development questions are this year’s top three. Only the partnership lead can record a plan now.`}
      </p>
    </div>
  ) : null
  const textOf = new Map(report.questions.map((q) => [q.key, q.text]))
  const recorded = (plan: ActionPlanValues, css?: string) => (
    <ol class={`action-plan-list${css ? ` ${css}` : ''}`}>
      {plan.keys.map((key) => (
        <li>
          <p class="top-three-text">{textOf.get(key) ?? key}</p>
          <p>{plan.actions[key] || 'No actions written yet.'}</p>
        </li>
      ))}
    </ol>
  )
  if (!canEdit) {
    if (!actionPlan && !(props.canEdit && lockNotice)) return null
    return (
      <Section id="action-plan" title="Action plan for next year">
        {props.canEdit ? lockNotice : null}
        {actionPlan ? recorded(actionPlan) : null}
      </Section>
    )
  }
  const chosen = actionPlan?.keys.length ? actionPlan.keys : report.topThree
  const options = sortedQuestions(report)
  const optionLabel = (q: QuestionReport) => `${q.text} (${q.status === 'shown' && q.score !== null ? pct(q.score) : (q.note ?? 'no score')})`
  return (
    <Section id="action-plan" title="Action plan for next year" class={actionPlan ? 'action-plan' : 'action-plan no-print'}>
      {actionPlan ? recorded(actionPlan, 'print-only') : null}
      {lockNotice}
      <p class="screen-only">
        Choose three different questions to work on before next year’s survey, and say what you will do about each. Next year’s rating checks whether they have
        left the top three.{actionPlan ? '' : ' This year’s top three are chosen to start with.'}
      </p>
      <form method="post" action={action} class="action-plan-form">
        {[1, 2, 3].map((i) => {
          const key = chosen[i - 1]
          return (
            <fieldset class="plan-row">
              <legend>Development question {i}</legend>
              <label for={`plan-key${i}`}>Question</label>
              <select id={`plan-key${i}`} name={`key${i}`} required>
                {key ? null : (
                  <option value="" selected>
                    Choose a question
                  </option>
                )}
                {options.map((q) => (
                  <option value={q.key} selected={q.key === key}>
                    {optionLabel(q)}
                  </option>
                ))}
              </select>
              <label for={`plan-action${i}`}>What will you do?</label>
              <textarea id={`plan-action${i}`} name={`action${i}`} rows={3} maxlength={2000}>
                {(key && actionPlan?.actions[key]) || ''}
              </textarea>
            </fieldset>
          )
        })}
        <button type="submit">Save the action plan</button>
      </form>
    </Section>
  )
}

/** Where "You said, we did" about this round is written and published: shown to next year's respondents before they answer. */
function YouSaid({ report, canEdit }: { report: Report; canEdit: boolean }) {
  const href = `/dashboard/institutions/${report.institution.id}/you-said?survey=${report.survey.id}&year=${encodeURIComponent(report.year)}`
  return (
    <Section id="you-said" title="You said, we did" class="no-print">
      <p>
        Tell next year’s {audienceWords[report.survey.audience].people} what changed after these results: it is shown to them on the survey before they answer.{' '}
        <a href={href}>{canEdit ? 'Write or change “You said, we did” for this round' : 'Read “You said, we did” for this round'}</a>
      </p>
    </Section>
  )
}

function Downloads({ report, user, csvHref, answersCsvHref }: { report: Report; user: User; csvHref: string; answersCsvHref: string }) {
  const notYet = answersNotYet(report)
  return (
    <Section id="downloads" title="Download and print" class="downloads">
      <ul>
        <li>
          <a href={csvHref} download>
            This report as a spreadsheet (CSV)
          </a>
        </li>
        <li>
          <a href={csvHref.replace('/report.csv?', '/summary.pdf?')} download>
            Governors’ summary (PDF)
          </a>
        </li>
        {mayExportAnswers(user, report.settings) ? (
          <li>
            {notYet ? (
              `Every answer, one row per response (CSV). ${notYet}`
            ) : (
              <a href={answersCsvHref} download>
                Every answer, one row per response (CSV)
              </a>
            )}
          </li>
        ) : (
          <li>The answers one row per response are downloaded by the partnership lead, once the round is closed.</li>
        )}
      </ul>
      <button type="button" id="print-report" class="secondary-button" hidden>
        Print or save as PDF
      </button>
    </Section>
  )
}

/**
 * The first screen: the four things a head teacher asks, before any detail. The rating and why
 * (a short list: which development questions are still priorities and which are not), the three
 * priority areas with score, interval, change and the partnership median, and how many answered.
 * Everything here is repeated, with its reasons, in the sections below.
 */
function AtAGlance({ report, comparison }: { report: Report; comparison?: Record<string, PartnershipMedian> }) {
  const rag = report.rag
  const byKey = new Map(report.questions.map((q) => [q.key, q]))
  const dev = report.development.questions
  const textOf = (key: string) => dev.find((d) => d.key === key)?.text ?? byKey.get(key)?.text ?? key
  const reasons: [string, string[]][] = rag
    ? [
        ['Still priorities', rag.remaining.map(textOf)],
        ['No longer priorities', rag.left.map(textOf)],
        ['Not asked this year', rag.notAsked.map(textOf)],
      ]
    : []
  const listed = reasons.filter(([, list]) => list.length)
  return (
    <section class="glance" id="at-a-glance" aria-labelledby="at-a-glance-heading">
      <h2 id="at-a-glance-heading" class="visually-hidden">
        At a glance
      </h2>
      <div class="glance-grid">
        {rag ? (
          <div class="glance-card glance-rating">
            <h3>Student-survey rating</h3>
            <p class="glance-badge">
              <RagBadge rating={rag.rating} provisional={rag.provisional} tooSmall={rag.tooSmall} baseline={rag.baseline} />
            </p>
            {listed.length ? (
              <dl class="glance-reasons">
                {listed.map(([label, list]) => (
                  <div>
                    <dt>
                      {label} ({list.length} of {dev.length} development questions)
                    </dt>
                    {list.map((text) => (
                      <dd>{text}</dd>
                    ))}
                  </div>
                ))}
              </dl>
            ) : (
              <p class="glance-reason">{rag.explanation}</p>
            )}
            {listed.length && rag.rating && report.coverage.provisional ? (
              <p class="glance-reason" id="coverage-provisional">
                Provisional: {report.coverage.reasons.join(' ')}
              </p>
            ) : null}
            <p class="glance-more">
              <a href="#summary">Why, in full</a>
            </p>
          </div>
        ) : null}
        <div class="glance-card glance-responses">
          <h3>Who answered</h3>
          <p class="glance-number">{report.respondents}</p>
          <p>
            {audienceWords[report.survey.audience].people} in the figures,{' '}
            {report.round.status === 'open' ? 'so far (the round is open)' : 'the round is closed'}
            {report.round.source === 'imported' ? '; imported from a file' : ''}
          </p>
          {report.collected !== null && report.collected > report.respondents ? <p class="glance-more">{report.collected} responses in all</p> : null}
        </div>
      </div>
      <h3 class="glance-top-heading">Top three priority areas</h3>
      {report.topThree.length === 0 ? (
        <p>No priority areas yet: too few answers to rank the questions.</p>
      ) : (
        <ol class="glance-top">
          {report.topThree.map((key) => {
            const q = byKey.get(key)!
            const median = comparison?.[key]
            return (
              <li data-key={key}>
                <p class="glance-question">{q.text}</p>
                <p class="glance-score">
                  <strong>{q.score === null ? 'No figure' : pct(q.score)}</strong> positive
                </p>
                <p class="glance-detail">95% interval {interval(q.ci)}</p>
                <p class="glance-detail">{shortChange(q.change)}</p>
                {median ? (
                  <p class="glance-detail glance-median">
                    {median.shown
                      ? `Partnership median ${pct(median.median)} (${median.institutions} institutions)`
                      : 'No partnership figure: too few other institutions show one'}
                  </p>
                ) : null}
              </li>
            )
          })}
        </ol>
      )}
    </section>
  )
}

/** The report of one round for staff: summary and rating, priorities, every score, trends, groups, comments and the action plan. */
export function ReportPage(props: ReportPageProps) {
  const { report } = props
  const title = `${report.institution.name} – ${audienceWords[report.survey.audience].survey} ${report.year}`
  const contents: [string, string][] = [
    ['summary', 'Summary'],
    ['priorities', 'Top three priority areas'],
    ...(report.benchmarks.length ? ([['benchmarks', 'By Gatsby Benchmark']] as [string, string][]) : []),
    ['scores', 'Scores for every question'],
    ['trends', 'Trends over the years'],
    ...(report.breakdowns.length ? ([['breakdowns', 'Results by group']] as [string, string][]) : []),
    ...(report.gaps.length ? ([['gaps', 'The voices compared']] as [string, string][]) : []),
    ...(props.freeText ? ([['free-text', 'What respondents wrote']] as [string, string][]) : []),
    ...(props.canEdit || props.actionPlan ? ([['action-plan', 'Action plan for next year']] as [string, string][]) : []),
    ['you-said', 'You said, we did'],
    ['downloads', 'Download and print'],
  ]
  return (
    <StaffFrame title={title} user={props.user} place={{ area: 'report', institution: report.institution }}>
      <div class="report">
        <h1>
          {report.institution.name}
          <span class="visually-hidden">: </span>
          <span class="subtitle">
            {report.survey.title}, {report.year}
          </span>
        </h1>
        <div role="status" class="status-message">
          {props.message ? <p>{props.message}</p> : null}
        </div>
        <AtAGlance report={report} comparison={props.comparison} />
        <nav class="report-contents" aria-label="Report sections">
          <h2 class="contents-heading">Contents</h2>
          <ol>
            {contents.map(([id, label]) => (
              <li>
                <a href={`#${id}`}>{label}</a>
              </li>
            ))}
          </ol>
        </nav>
        <Summary report={report} />
        <TopThree report={report} />
        <Benchmarks report={report} />
        <Scores report={report} />
        <Trends report={report} />
        <Breakdowns report={report} />
        <Gaps report={report} />
        {props.freeText ? <FreeText freeText={props.freeText} deleteHref={props.freeTextDeleteHref} deletedOn={props.report.round.answersDeletedOn} /> : null}
        <ActionPlan
          report={report}
          user={props.user}
          canEdit={props.canEdit}
          actionPlan={props.actionPlan}
          action={props.actionPlanAction}
          lockedBy={props.actionPlanLockedBy}
        />
        <YouSaid report={report} canEdit={props.canEdit} />
        <Downloads report={report} user={props.user} csvHref={props.csvHref} answersCsvHref={props.answersCsvHref} />
        <p class="report-footer hint">
          Score: the share of those who answered on the five-point scale who agreed or strongly agreed. Settings: no figure from fewer than{' '}
          {report.settings.minCohort} answers on the scale (“Don’t know” not counted) or {report.settings.minCohort} respondents; a round of fewer than{' '}
          {report.settings.minRoundSize} responses is too small to rate, and too small to set next year’s development questions.
        </p>
      </div>
      <script type="application/json" id="report-data">
        {raw(chartDataJson(report))}
      </script>
      <script src="/vendor/chart.umd.min.js" defer></script>
      <script src="/report-charts.js" defer></script>
    </StaffFrame>
  )
}
