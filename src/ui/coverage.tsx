import { groupRateWords, overallRateWords, rollSourceWords, type Coverage } from '../coverage/rates.ts'
import { yearGroupLabel, yearGroups, type Roll } from '../coverage/rolls.ts'

/**
 * The response rate and the year-group sizes as staff pages show them: on a round's card on the
 * institution page (rounds), in a report's summary (analysis) and in the overview. Shared views,
 * so they live here and no capability imports another's views; the figures come from coverage/.
 */

/** Said wherever a year group's rate is a band: why, and that its answers are not shown. */
export const bandedNote = (minCohort: number) =>
  `A year group with fewer than ${minCohort} responses (or held back so that a smaller one cannot be worked out) shows no answers and no count: its rate is given as a band, since the rate times the number on roll would give the count.`

/** The rate per year group as a table: on roll, responses, rate. */
export function CoverageTable({ coverage, caption, minCohort }: { coverage: Coverage; caption: string; minCohort: number }) {
  const rows = coverage.groups.filter((g) => g.shown !== 'not-taught')
  const banded = rows.some((g) => g.shown === 'banded')
  return (
    <>
      <table class="staff-table coverage-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Year group</th>
            <th scope="col" class="num">
              On roll
            </th>
            <th scope="col" class="num">
              Responses
            </th>
            <th scope="col" class="num">
              Rate
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((g) => (
            <tr>
              <th scope="row">{g.label}</th>
              <td class="num">{g.onRoll ?? '–'}</td>
              <td class="num">{g.respondents ?? (g.shown === 'banded' ? 'not shown' : '–')}</td>
              <td class="num">{groupRateWords(g)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">All year groups</th>
            <td class="num">{coverage.onRoll ?? '–'}</td>
            <td class="num">{coverage.respondents}</td>
            <td class="num">{coverage.rate === null ? 'unknown' : `${Math.floor(coverage.rate * 100)}%`}</td>
          </tr>
        </tfoot>
      </table>
      {banded ? <p class="hint">{bandedNote(minCohort)}</p> : null}
    </>
  )
}

/**
 * A round's response rate on its card: overall, then per year group behind a disclosure. While
 * the round is open the rates rest on the responses the figures show, which move in steps of the
 * minimum cohort, so they do not time one student's answer.
 */
export function RoundCoverage({ coverage, open, minCohort, rated }: { coverage: Coverage; open: boolean; minCohort: number; rated: boolean }) {
  const source = rollSourceWords(coverage)
  return (
    <div class="round-coverage">
      <p>
        <strong>Response rate:</strong> {overallRateWords(coverage)}
        {source ? <span class="imported-note">{`sizes: ${source}`}</span> : null}
      </p>
      {rated && coverage.provisional ? (
        <div class="notice notice-warning">
          <p>
            <strong>The student-survey rating would be provisional:</strong> {coverage.reasons.join(' ')}
          </p>
        </div>
      ) : null}
      {coverage.status !== 'unknown' ? (
        <details class="coverage-detail">
          <summary>Response rate by year group</summary>
          {open ? <p class="hint">While the round is open the rates move in steps of {minCohort} responses, like every figure of its report.</p> : null}
          <CoverageTable coverage={coverage} caption="Responses against the number on roll" minCohort={minCohort} />
        </details>
      ) : null}
    </div>
  )
}

/** The year-group sizes of one institution for a year, as a form (coordinator, lead) or a list (viewer). */
export function RollSection({ roll, year, action, canEdit }: { roll: Roll | null; year: string; action: string; canEdit: boolean }) {
  const carried = roll?.carried ? roll.fromYear : null
  return (
    <section aria-labelledby="roll-title" class="roll-section">
      <h2 id="roll-title">Year-group sizes {year}</h2>
      <p class="hint">
        How many students are on roll in each year group: the base of the response rates. Numbers only, no names. The parent and carer survey is counted against
        the same numbers. Put 0 for a year group the school does not have.
      </p>
      {carried ? (
        <p class="notice notice-warning">
          These are last year’s figures ({carried}), carried forward until they are changed{canEdit ? ': check them and save this year’s' : ''}.
        </p>
      ) : !roll ? (
        <p>No sizes entered yet: the response rate is unknown until they are.</p>
      ) : null}
      {canEdit ? (
        <form method="post" action={action} class="roll-form">
          <input type="hidden" name="year" value={year} />
          <div class="roll-fields">
            {yearGroups.map((g) => (
              <div class="field">
                <label for={`roll-${g}`} class="block">
                  {yearGroupLabel(g)}
                </label>
                <input id={`roll-${g}`} name={g} type="number" min="0" max="10000" inputmode="numeric" value={roll?.sizes.get(g)?.toString() ?? ''} />
              </div>
            ))}
          </div>
          <button type="submit" class="secondary">
            Save the sizes for {year}
          </button>
        </form>
      ) : roll ? (
        <ul class="roll-list">
          {yearGroups
            .filter((g) => roll.sizes.has(g))
            .map((g) => (
              <li>
                {yearGroupLabel(g)}: {roll.sizes.get(g)}
              </li>
            ))}
        </ul>
      ) : null}
    </section>
  )
}

/**
 * The response rate in a report's summary: overall, by year group behind a disclosure, and what
 * an unknown rate means (not provisional: the sizes are missing, not the students).
 */
export function ReportCoverage({ coverage, minCohort, institutionHref }: { coverage: Coverage; minCohort: number; institutionHref: string }) {
  const source = rollSourceWords(coverage)
  return (
    <>
      {overallRateWords(coverage)}
      {source ? <span class="respondents-note">{`Year-group sizes: ${source}.`}</span> : null}
      {coverage.status !== 'known' ? (
        <span class="respondents-note">
          The response rate is unknown, not low: the rating is not marked provisional for it.{' '}
          <a href={`${institutionHref}#roll-title`}>Enter the year-group sizes</a>.
        </span>
      ) : null}
      {coverage.status !== 'unknown' ? (
        <details class="coverage-detail">
          <summary>By year group</summary>
          <CoverageTable coverage={coverage} caption="Responses against the number on roll" minCohort={minCohort} />
        </details>
      ) : null}
    </>
  )
}
