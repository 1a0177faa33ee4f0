import type { User } from '../../auth/users.ts'
import { RagBadge } from '../../ui/rag-badge.tsx'
import { StaffFrame } from '../../ui/staff-frame.tsx'
import type { CityQuestion, OverviewRow } from '../overview.ts'
import { HeadRow } from '../../ui/head-row.tsx'
import { ScrollTable } from '../../ui/scroll-table.tsx'
import { arrivalShortWords, burstWords } from '../../rounds/arrivals.ts'

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${Math.round(x * 100)}%`)

/** One code-only round's arrivals in a table cell; a burst is said in words, not colour. */
function ArrivalsCell({ arrivals, minCohort }: { arrivals: OverviewRow['arrivals']['student']; minCohort: number }) {
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
  const codeOnly = rows.filter((r) => r.arrivals.student || r.arrivals.parent)
  const bursts = codeOnly.filter((r) => r.arrivals.student?.burst || r.arrivals.parent?.burst).map((r) => r.name)
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
        <ScrollTable id="arrivals-table" class="staff-table" caption={`Code-only rounds ${year}: the busiest 10-minute window`}>
          <HeadRow columns={['Institution', 'Students', 'Parents and carers']} />
          <tbody>
            {codeOnly.map((r) => (
              <tr>
                <th scope="row">{r.name}</th>
                <td>
                  <ArrivalsCell arrivals={r.arrivals.student} minCohort={minCohort} />
                </td>
                <td>
                  <ArrivalsCell arrivals={r.arrivals.parent} minCohort={minCohort} />
                </td>
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

/** The partnership lead's view of every institution this year. */
export function OverviewPage({
  user,
  year,
  rows,
  city,
  partnershipName,
  minCohort,
}: {
  user: User
  year: string
  rows: OverviewRow[]
  city: CityQuestion[]
  partnershipName: string
  minCohort: number
}) {
  return (
    <StaffFrame title={`${partnershipName} ${year}`} user={user} place={{ area: 'overview' }}>
      <h1>
        {partnershipName}: {year}
      </h1>
      <p>
        <a href={`/dashboard/framework?year=${encodeURIComponent(year)}`}>IAG Improvement Framework: every institution’s ratings for {year}</a>
      </p>
      <section aria-labelledby="institutions-title">
        <h2 id="institutions-title">Institutions</h2>
        <ScrollTable id="institutions-table" class="staff-table" caption={`Responses, student-survey rating and top three priority areas for ${year}`}>
          <HeadRow
            columns={[
              'Institution',
              { label: 'Student responses', num: true },
              { label: 'Parent responses', num: true },
              'Student-survey rating',
              'Top three priority areas',
            ]}
          />
          <tbody>
            {rows.map((r) => (
              <tr>
                <th scope="row">
                  <a href={`/dashboard/institutions/${r.id}`}>{r.name}</a>
                </th>
                <td class="num">
                  {r.student ?? 'no round'}
                  {r.imported.student ? <span class="imported-note">imported from a file</span> : null}
                </td>
                <td class="num">
                  {r.parent ?? 'no round'}
                  {r.imported.parent ? <span class="imported-note">imported from a file</span> : null}
                </td>
                <td>
                  {r.report?.rag ? <RagBadge {...r.report.rag} /> : 'no round'}
                  {r.report?.rag ? <ImportedNote years={importedYears(r.report)} /> : null}
                </td>
                <td>
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
        </ScrollTable>
      </section>
      <Arrivals rows={rows} year={year} minCohort={minCohort} />
      <section aria-labelledby="city-title">
        <h2 id="city-title">Across the partnership</h2>
        <p>
          Each student-survey question’s score across the institutions with enough answers: the middle (median) institution and the range of the middle half
          (quartiles).
        </p>
        <ScrollTable id="city-table" class="staff-table" caption={`Student survey ${year}: score per question across institutions`}>
          <HeadRow
            columns={[
              'Question',
              { label: 'Institutions', num: true },
              { label: 'Lower quartile', num: true },
              { label: 'Median', num: true },
              { label: 'Upper quartile', num: true },
            ]}
          />
          <tbody>
            {city.map((q) => (
              <tr>
                <th scope="row">{q.text}</th>
                <td class="num">{q.institutions}</td>
                <td class="num">{pct(q.q1)}</td>
                <td class="num">{pct(q.median)}</td>
                <td class="num">{pct(q.q3)}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      </section>
    </StaffFrame>
  )
}
