import type { User } from '../../auth/users.ts'
import { StaffFrame } from '../../ui/staff-frame.tsx'
import { percentWords } from '../elements.ts'
import type { CityAverage, PartnershipYear } from '../result-schema.ts'
import { elementIds, elementShortNames } from '../statements.ts'
import { nextYear } from '../../rounds/academic-year.ts'
import { ScrollTable } from '../../ui/scroll-table.tsx'
import { Section } from '../../ui/section.tsx'
import { ChangeMark, CityBadge, ElementBadge, OverallBadge, YearNav } from './parts.tsx'
import { HeadRow } from '../../ui/head-row.tsx'

export type MatrixPageProps = {
  user: User
  data: PartnershipYear & { cityY11: CityAverage }
  csvHref: string
  criteriaHref: string
  importHref: string
}

const cityName = (e: PartnershipYear['city'][number]['element']) => (e === 'overall' ? 'Overall' : elementShortNames[e])

/** The partnership lead's view: every institution by every element for a year, city averages, distance travelled. */
export function MatrixPage({ user, data, csvHref, criteriaHref, importHref }: MatrixPageProps) {
  const { year, previousYear } = data
  const city = new Map(data.city.map((c) => [c.element, c]))
  return (
    <StaffFrame
      title={`${data.partnership.name}: IAG Improvement Framework ${year}`}
      user={user}
      place={{ area: 'matrix' }}
      wide
      stylesheets={['/framework.css']}
    >
      <div class="framework framework-matrix">
        <h1>
          {data.partnership.name}
          <span class="visually-hidden">: </span>
          <span class="subtitle">IAG Improvement Framework, {year}</span>
        </h1>
        <YearNav year={year} previous={previousYear} next={nextYear(year)} action="/dashboard/framework" />
        <p>
          Criteria: {data.criteriaSource}. Each year is rated by its own criteria. Year 11 city average:{' '}
          {data.cityY11.value === null
            ? 'none yet'
            : `${percentWords(data.cityY11.value)} (${data.cityY11.source === 'entered' ? 'entered' : `the mean of ${data.cityY11.institutions} institutions`})`}
          .
        </p>
        <ul class="no-print framework-actions">
          <li>
            <a href={criteriaHref}>See or change the criteria for {year}</a>
          </li>
          <li>
            <a href={importHref}>Import the four elements from a CSV file</a>
          </li>
          <li>
            <a href={csvHref} download>
              Download this year as a spreadsheet (CSV)
            </a>
          </li>
        </ul>
        <Section id="matrix" title="Institutions by element">
          {data.rows.length === 0 ? <p>The partnership has no institutions yet.</p> : null}
          <ScrollTable
            id="matrix-table"
            caption={`Each institution’s rating per element in ${year}, and how its overall rating changed since ${previousYear}`}
            class="matrix-table"
          >
            <thead>
              <tr>
                <th scope="col">Institution</th>
                {elementIds.map((e) => (
                  <th scope="col">{elementShortNames[e]}</th>
                ))}
                <th scope="col">Overall {year}</th>
                <th scope="col">Change since {previousYear}</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map(({ current, previous, change }) => (
                <tr data-institution={current.institution.slug}>
                  <th scope="row">
                    <a href={`/dashboard/institutions/${current.institution.id}/framework?year=${encodeURIComponent(year)}`}>{current.institution.name}</a>
                  </th>
                  {current.elements.map((e) => (
                    <td data-element={e.element}>
                      <ElementBadge result={e} />
                      {e.provisionalBecause.length ? (
                        <span class="cell-evidence cell-provisional">
                          <strong>Provisional:</strong> {e.provisionalBecause.join(' ')}
                        </span>
                      ) : null}
                      {e.evidence && e.element !== 'quality' && e.element !== 'staffing' ? <span class="cell-evidence">{e.evidence}</span> : null}
                    </td>
                  ))}
                  <td data-element="overall">
                    <OverallBadge overall={current.overall} />
                  </td>
                  <td data-change={change ?? 'not-comparable'}>
                    <ChangeMark change={change} />
                    <span class="visually-hidden">, </span>
                    <span class="matrix-was">
                      was <OverallBadge overall={previous.overall} />
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
            {data.rows.length ? (
              <tfoot>
                <tr>
                  <th scope="row">City average</th>
                  {[...elementIds, 'overall' as const].map((e) => {
                    const c = city.get(e)!
                    return (
                      <td data-city={e}>
                        <CityBadge rating={c.meanRating} />
                        {c.meanPoints !== null ? <span class="cell-evidence">mean {c.meanPoints} points</span> : null}
                      </td>
                    )
                  })}
                  <td></td>
                </tr>
              </tfoot>
            ) : null}
          </ScrollTable>
          <p class="hint">
            Points: Green 4, Amber/Green 3, Amber/Red 2, Red 1. A city average is the mean of the rated institutions’ points, to the nearest rating.
          </p>
        </Section>
        <Section id="distance" title={`Distance travelled since ${previousYear}`}>
          <ScrollTable id="distance-table" caption={`How many institutions improved, held or fell from ${previousYear} to ${year}`}>
            <HeadRow
              columns={[
                'Element',
                { label: 'Improved', num: true },
                { label: 'Held', num: true },
                { label: 'Fell', num: true },
                { label: 'Not comparable (not rated in one of the years)', num: true },
              ]}
            />
            <tbody>
              {data.city.map((c) => (
                <tr data-distance={c.element} class={c.element === 'overall' ? 'overall-row' : undefined}>
                  <th scope="row">{cityName(c.element)}</th>
                  <td class="num">{c.distance.improved}</td>
                  <td class="num">{c.distance.held}</td>
                  <td class="num">{c.distance.fell}</td>
                  <td class="num">{c.distance.notComparable}</td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        </Section>
        <Section id="city" title="City average per element">
          <ScrollTable id="city-table" caption={`Ratings across the partnership in ${year}`}>
            <HeadRow
              columns={[
                'Element',
                { label: 'Green', num: true },
                { label: 'Amber/Green', num: true },
                { label: 'Amber/Red', num: true },
                { label: 'Red', num: true },
                { label: 'Not rated', num: true },
                'City average',
                'Mean figure',
              ]}
            />
            <tbody>
              {data.city.map((c) => (
                <tr data-city-row={c.element} class={c.element === 'overall' ? 'overall-row' : undefined}>
                  <th scope="row">{cityName(c.element)}</th>
                  <td class="num">{c.counts.Green}</td>
                  <td class="num">{c.counts['Amber/Green']}</td>
                  <td class="num">{c.counts['Amber/Red']}</td>
                  <td class="num">{c.counts.Red}</td>
                  <td class="num">{c.counts.notRated}</td>
                  <td>
                    <CityBadge rating={c.meanRating} />
                    {c.meanPoints !== null ? ` (mean ${c.meanPoints} points)` : ''}
                  </td>
                  <td>
                    {c.figures.length
                      ? c.figures.map((f) => `${f.label}: ${f.mean === null ? 'no figures' : `${percentWords(f.mean)} over ${f.institutions}`}`).join('; ')
                      : '–'}
                  </td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        </Section>
      </div>
    </StaffFrame>
  )
}
