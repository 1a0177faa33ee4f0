import type { User } from '../../auth/users.ts'
import { RagBadge } from '../../ui/rag-badge.tsx'
import { StaffFrame } from '../../ui/staff-frame.tsx'
import {
  overviewTotals,
  shownRate,
  sortOverview,
  type CityBenchmarks,
  type CityQuestion,
  type OverviewRow,
  type OverviewSort,
  type OverviewSortKey,
} from '../overview.ts'
import { HeadRow } from '../../ui/head-row.tsx'
import { ScrollTable } from '../../ui/scroll-table.tsx'
import { arrivalShortWords, burstWords } from '../../rounds/arrivals.ts'
import { audiences, audienceWords, type Audience } from '../../surveys/audience.ts'
import { capitalised } from '../../ui/words.ts'

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${Math.round(x * 100)}%`)

/** One code-only round's arrivals in a table cell; a burst is said in words, not colour. */
function ArrivalsCell({ arrivals, minCohort }: { arrivals: OverviewRow['arrivals'][Audience]; minCohort: number }) {
  if (!arrivals) return <>–</>
  return (
    <>
      {arrivals.burst ? <strong>Burst: </strong> : null}
      {arrivalShortWords(arrivals, minCohort)}
    </>
  )
}

/**
 * How the responses of this year's code-only rounds arrived (rounds/arrivals.ts): the busiest
 * 10-minute window, in steps of the minimum cohort, and a notice naming where most came in one.
 */
function Arrivals({ rows, year, minCohort }: { rows: OverviewRow[]; year: string; minCohort: number }) {
  const shown = audiences.filter((a) => rows.some((r) => r.arrivals[a]))
  const codeOnly = rows.filter((r) => shown.some((a) => r.arrivals[a]))
  const bursts = codeOnly.filter((r) => shown.some((a) => r.arrivals[a]?.burst)).map((r) => r.name)
  return (
    <section aria-labelledby="arrivals-title">
      <h2 id="arrivals-title">How the responses arrived</h2>
      <p>
        Rounds opened with a round code only: anyone with the code can answer, more than once. The busiest 10-minute window’s share of the responses, in steps
        of {minCohort}; no time is kept with a response. Rounds with one-time codes, and imported ones, are not listed.
      </p>
      {bursts.length ? (
        <div class="notice notice-warning" id="arrivals-burst">
          <p>
            <strong>A burst of responses: {bursts.join(', ')}.</strong> {burstWords}
          </p>
        </div>
      ) : null}
      {codeOnly.length ? (
        <ScrollTable id="arrivals-table" class="staff-table" caption={`Code-only rounds ${year}: the busiest 10-minute window`} stack>
          <HeadRow columns={['Institution', ...shown.map((a) => capitalised(audienceWords[a].people))]} roles />
          <tbody role="rowgroup">
            {codeOnly.map((r) => (
              <tr role="row">
                <th scope="row" role="rowheader">
                  {r.name}
                </th>
                {shown.map((a) => (
                  <td role="cell" data-label={capitalised(audienceWords[a].people)}>
                    <ArrivalsCell arrivals={r.arrivals[a]} minCohort={minCohort} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      ) : (
        <p>No round this year is code only.</p>
      )}
    </section>
  )
}

/** Said beside a count or a rating that rests on a round imported from a file: in words, not only a mark. */
function ImportedNote({ years }: { years: string[] }) {
  if (years.length === 0) return null
  return <span class="imported-note">{`rests on answers imported from a file (${years.join(', ')})`}</span>
}

/** The years of a student report's rating (this year and the one its development questions came from) that were imported. */
const importedYears = (report: OverviewRow['report']) =>
  report ? report.years.filter((y) => y.source === 'imported' && (y.year === report.year || y.year === report.development.fromYear)).map((y) => y.year) : []

/** The columns of the institutions' table that sort, and the way a first click sorts them (counts, rates and ratings: highest first). */
const sortable: { key: OverviewSortKey; label: string; num?: true; firstDescending?: true }[] = [
  { key: 'institution', label: 'Institution' },
  { key: 'student', label: 'Student responses', num: true, firstDescending: true },
  { key: 'rate', label: 'Student response rate', num: true, firstDescending: true },
  { key: 'parent', label: 'Parent responses', num: true, firstDescending: true },
  { key: 'staff', label: 'Staff responses', num: true, firstDescending: true },
  { key: 'employer', label: 'Employer responses', num: true, firstDescending: true },
  { key: 'rating', label: 'Student-survey rating', firstDescending: true },
]

/** A column's heading, which a cell repeats on a phone, where the table is laid out as a block per institution. */
const columnLabel = (key: OverviewSortKey) => sortable.find((c) => c.key === key)!.label
const topThreeLabel = 'Top three priority areas'

/**
 * The header row of the institutions' table: each sortable heading is a plain link (a GET with
 * ?sort=), so sorting works without JavaScript; the sorted column says so with aria-sort and in
 * words, not by an arrow alone.
 */
function SortRow({ sort, year }: { sort: OverviewSort; year: string }) {
  return (
    <thead role="rowgroup">
      <tr role="row">
        {sortable.map((c) => {
          const active = sort.key === c.key
          const descending = active ? !sort.descending : Boolean(c.firstDescending)
          const href = `/dashboard?year=${encodeURIComponent(year)}&sort=${descending ? '-' : ''}${c.key}#institutions-title`
          return (
            <th
              scope="col"
              role="columnheader"
              class={c.num ? 'num sort-head' : 'sort-head'}
              aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : undefined}
            >
              <a href={href}>
                {c.label}
                {active ? (
                  <span class="sort-mark" aria-hidden="true">
                    {sort.descending ? ' ▼' : ' ▲'}
                  </span>
                ) : null}
                <span class="visually-hidden">
                  {active
                    ? ` (sorted ${sort.descending ? 'highest' : 'lowest'} first; sort ${descending ? 'highest' : 'lowest'} first)`
                    : ` (sort ${descending ? 'highest' : 'lowest'} first)`}
                </span>
              </a>
            </th>
          )
        })}
        <th scope="col" role="columnheader">
          {topThreeLabel}
        </th>
      </tr>
    </thead>
  )
}

/** The columns of a spread across the institutions. */
const quartileColumns = [
  { label: 'Institutions', num: true },
  { label: 'Lower quartile', num: true },
  { label: 'Median', num: true },
  { label: 'Upper quartile', num: true },
] as const

/** A spread's figures in a row of a table a phone lays out as blocks: each says which figure it is, in one line. */
function QuartileCells({ spread }: { spread: { institutions: number; q1: number | null; median: number | null; q3: number | null } }) {
  const [institutions, q1, median, q3] = quartileColumns.map((c) => c.label)
  return (
    <>
      <td class="num" role="cell" data-label={institutions}>
        {spread.institutions}
      </td>
      <td class="num" role="cell" data-label={q1}>
        {pct(spread.q1)}
      </td>
      <td class="num" role="cell" data-label={median}>
        {pct(spread.median)}
      </td>
      <td class="num" role="cell" data-label={q3}>
        {pct(spread.q3)}
      </td>
    </>
  )
}

/** The voices after the students, in the table's order. */
const otherVoices = audiences.filter((a) => a !== 'student')

/** An audience's response count in a cell, or "no round"; said when it was imported. */
function CountCell({ row, audience }: { row: OverviewRow; audience: Audience }) {
  return (
    <td class="num" data-audience={audience} role="cell" data-label={columnLabel(audience)}>
      {row.counts[audience] ?? 'no round'}
      {row.imported[audience] ? <span class="imported-note">imported from a file</span> : null}
    </td>
  )
}

/** A student round's response rate in a cell: the percent, or why there is none. */
function RateCell({ row }: { row: OverviewRow }) {
  const c = row.coverage
  if (!c) return <>no round</>
  const rate = shownRate(c)
  if (rate === null) return <>{c.status === 'known' ? 'none on roll' : c.status === 'incomplete' ? 'sizes incomplete' : 'no sizes'}</>
  return (
    <>
      {`${rate}%`}
      {c.carried && c.rollYear ? <span class="imported-note">{`last year’s sizes (${c.rollYear})`}</span> : null}
    </>
  )
}

/** The partnership lead's view of every institution this year. */
export function OverviewPage({
  user,
  year,
  rows,
  city,
  benchmarks = [],
  partnershipName,
  minCohort,
  sort = { key: 'institution', descending: false },
}: {
  user: User
  year: string
  rows: OverviewRow[]
  city: CityQuestion[]
  /** Each survey's Gatsby Benchmarks, weakest first. */
  benchmarks?: CityBenchmarks[]
  partnershipName: string
  minCohort: number
  /** The order of the institutions' table (?sort=). */
  sort?: OverviewSort
}) {
  const totals = overviewTotals(rows)
  const atLeast = totals.exact ? '' : 'at least '
  return (
    <StaffFrame title={`${partnershipName} ${year}`} user={user} place={{ area: 'overview' }} wide>
      <h1>
        {partnershipName}: {year}
      </h1>
      <p>
        <a href={`/dashboard/framework?year=${encodeURIComponent(year)}`}>IAG Improvement Framework: every institution’s ratings for {year}</a>
      </p>
      <p>
        Data protection impact assessment and record of processing: <a href="/dashboard/dpia.pdf">download as PDF</a> or{' '}
        <a href="/dashboard/dpia.md">as Markdown, to complete</a>
      </p>
      <section aria-labelledby="institutions-title">
        <h2 id="institutions-title">Institutions</h2>
        <ScrollTable
          id="institutions-table"
          class="staff-table"
          caption={`Responses from each voice, the student response rate, the student-survey rating and top three priority areas for ${year}`}
          stack
        >
          <SortRow sort={sort} year={year} />
          <tbody role="rowgroup">
            {sortOverview(rows, sort).map((r) => (
              <tr role="row">
                <th scope="row" role="rowheader">
                  <a href={`/dashboard/institutions/${r.id}`}>{r.name}</a>
                </th>
                <CountCell row={r} audience="student" />
                <td class="num" role="cell" data-label={columnLabel('rate')}>
                  <RateCell row={r} />
                </td>
                {otherVoices.map((a) => (
                  <CountCell row={r} audience={a} />
                ))}
                <td role="cell" data-label={columnLabel('rating')}>
                  {r.report?.rag ? <RagBadge {...r.report.rag} /> : 'no round'}
                  {r.report?.rag?.rating && r.coverage?.provisional ? <span class="respondents-note">{r.coverage.reasons.join(' ')}</span> : null}
                  {r.report?.rag ? <ImportedNote years={importedYears(r.report)} /> : null}
                </td>
                <td role="cell" data-label={topThreeLabel}>
                  {r.report && r.report.topThree.length ? (
                    <ol class="compact">
                      {r.report.topThree.map((k) => (
                        <li>{r.report!.questions.find((q) => q.key === k)?.text}</li>
                      ))}
                    </ol>
                  ) : (
                    '–'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot role="rowgroup">
            <tr role="row">
              <th scope="row" role="rowheader">
                Partnership ({rows.length} institutions)
              </th>
              <td class="num" role="cell" data-label={columnLabel('student')}>
                {totals.responses.student === null ? '–' : `${atLeast}${totals.responses.student}`}
              </td>
              <td class="num" role="cell" data-label={columnLabel('rate')}>
                {totals.averageRate === null ? '–' : `${totals.averageRate}%`}
                {totals.averageRate === null ? null : (
                  <span class="imported-note">{`average of ${totals.rated} ${totals.rated === 1 ? 'institution' : 'institutions'} with sizes`}</span>
                )}
              </td>
              {otherVoices.map((a) => (
                <td class="num" role="cell" data-label={columnLabel(a)}>
                  {totals.responses[a] === null ? '–' : `${atLeast}${totals.responses[a]}`}
                </td>
              ))}
              <td role="cell" data-label={columnLabel('rating')}>
                {totals.provisional ? `${totals.provisional} provisional` : '–'}
              </td>
              <td role="cell"></td>
            </tr>
          </tfoot>
        </ScrollTable>
        {totals.exact ? null : <p class="hint">While a round is open its count is rounded down to a step of {minCohort}, so the totals are “at least”.</p>}
        {totals.withoutSizes.length ? (
          <div class="notice notice-warning" id="without-sizes">
            <p>
              <strong>Response rate unknown, year-group sizes missing:</strong>{' '}
              {totals.withoutSizes.map((w, i) => (
                <>
                  {i ? ', ' : ''}
                  <a href={`/dashboard/institutions/${w.id}#roll-title`}>{w.name}</a>
                  {w.status === 'incomplete' ? ' (some year groups)' : ''}
                </>
              ))}
              . Their ratings are not marked provisional for it.{' '}
              <a href={`/dashboard/rolls?year=${encodeURIComponent(year)}`}>Enter every institution’s sizes</a>
            </p>
          </div>
        ) : null}
      </section>
      <Arrivals rows={rows} year={year} minCohort={minCohort} />
      {benchmarks.length ? (
        <section aria-labelledby="benchmarks-title">
          <h2 id="benchmarks-title">Gatsby Benchmarks across the partnership</h2>
          <p>
            Each benchmark’s score at the middle (median) institution, survey by survey, the weakest first: the answers to its questions pooled at each
            institution, with each institution’s own suppression applied. Only the student survey is rated; the other voices show where they see it differently.
          </p>
          {benchmarks.map(({ audience, surveyTitle, benchmarks: list }) => (
            <ScrollTable
              id={audience === 'student' ? 'benchmark-table' : `benchmark-table-${audience}`}
              class="staff-table"
              caption={`${capitalised(audienceWords[audience].survey)} ${year} (${surveyTitle}): Gatsby Benchmarks, weakest first`}
              stack="inline"
            >
              <HeadRow columns={['Benchmark', ...quartileColumns]} roles />
              <tbody role="rowgroup">
                {list.map((b, i) => (
                  <tr data-benchmark={b.number} role="row">
                    <th scope="row" role="rowheader">
                      {b.number}. {b.title}
                      {i < 3 && list.length > 3 ? <span class="status-tag status-lowest">Among the weakest</span> : null}
                    </th>
                    <QuartileCells spread={b} />
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
          ))}
        </section>
      ) : null}
      <section aria-labelledby="city-title">
        <h2 id="city-title">Across the partnership</h2>
        <p>
          Each student-survey question’s score across the institutions with enough answers: the middle (median) institution and the range of the middle half
          (quartiles).
        </p>
        <ScrollTable id="city-table" class="staff-table" caption={`Student survey ${year}: score per question across institutions`} stack="inline">
          <HeadRow columns={['Question', ...quartileColumns]} roles />
          <tbody role="rowgroup">
            {city.map((q) => (
              <tr role="row">
                <th scope="row" role="rowheader">
                  {q.text}
                </th>
                <QuartileCells spread={q} />
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      </section>
    </StaffFrame>
  )
}
