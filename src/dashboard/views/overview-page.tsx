import type { User } from '../../auth/users.ts'
import { RagBadge } from '../../ui/rag-badge.tsx'
import { StaffFrame } from '../../ui/staff-frame.tsx'
import type { CityQuestion, OverviewRow } from '../overview.ts'
import { HeadRow } from '../../ui/head-row.tsx'
import { ScrollTable } from '../../ui/scroll-table.tsx'

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${Math.round(x * 100)}%`)

/** The partnership lead's view of every institution this year. */
export function OverviewPage({
  user,
  year,
  rows,
  city,
  partnershipName,
}: {
  user: User
  year: string
  rows: OverviewRow[]
  city: CityQuestion[]
  partnershipName: string
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
                <td class="num">{r.student ?? 'no round'}</td>
                <td class="num">{r.parent ?? 'no round'}</td>
                <td>{r.report?.rag ? <RagBadge {...r.report.rag} /> : 'no round'}</td>
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
