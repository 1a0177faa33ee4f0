import type { User } from '../../auth/users.ts'
import { StaffFrame } from '../../ui/staff-frame.tsx'
import type { Impact } from '../impact.ts'
import { answeredWords, priorityWords, ratingWords, whenWords } from '../statement-text.ts'

/**
 * The careers impact statement of one institution and year, as a page: the same words as its
 * Markdown download (statement-text.ts), to check before putting them on the school's website,
 * with the Benchmark 1 evidence pack beside it.
 */
export function ImpactPage({ user, impact, years }: { user: User; impact: Impact; years: string[] }) {
  const base = `/dashboard/institutions/${impact.institution.id}`
  const q = `year=${encodeURIComponent(impact.year)}`
  const closed = impact.rounds.filter((r) => r.status === 'closed')
  const done = impact.rounds.filter((r) => r.actions.length || r.youSaid.length)
  return (
    <StaffFrame
      title={`Careers impact statement: ${impact.institution.name}, ${impact.year}`}
      user={user}
      place={{ area: 'impact', institution: impact.institution }}
    >
      <h1>
        Careers impact statement{' '}
        <span class="subtitle">
          {impact.institution.name}, {impact.year}
        </span>
      </h1>
      <p class="hint">
        Schools publish how they measure and assess the impact of their careers programme. This statement is written from the year’s survey rounds, with the
        same rules as the reports: no figure from fewer than {impact.minCohort} answers. Download it to put on your website, and edit it as you like.
      </p>
      <form method="get" action={`${base}/impact`} class="year-picker">
        <label for="impact-year">Academic year</label>
        <select id="impact-year" name="year">
          {years.map((y) => (
            <option value={y} selected={y === impact.year}>
              {y}
            </option>
          ))}
        </select>
        <button type="submit" class="secondary">
          Show
        </button>
      </form>
      <p class="round-links">
        <a href={`${base}/impact.md?${q}`} download>
          Download the statement (Markdown)
        </a>
        <a href={`${base}/evidence.csv?${q}`} download>
          Download the Benchmark 1 evidence pack (CSV)
        </a>
      </p>
      <article class="impact-statement" aria-labelledby="measure-title">
        <h2 id="measure-title">How we measure the impact of our careers programme</h2>
        {impact.rounds.length ? (
          <>
            <p>We asked {impact.rounds.map((r) => r.people).join(', ')} what they think of our careers education, information, advice and guidance:</p>
            <ul>
              {impact.rounds.map((r) => (
                <li data-survey={r.surveyId}>
                  <strong>{r.title}</strong>: {whenWords(r)}; {answeredWords(r)}.
                </li>
              ))}
            </ul>
            <p>
              The surveys are anonymous: nobody gives their name. We never show a figure made of fewer than {impact.minCohort} answers, or a group of
              respondents smaller than that, so that nobody can be picked out from the results.
            </p>
          </>
        ) : (
          <p>We ran no careers survey in {impact.year}.</p>
        )}
        {closed.length ? (
          <>
            <h2>What the results tell us</h2>
            {closed.map((r) => (
              <section aria-label={r.title}>
                <h3>{r.title}</h3>
                {r.rating ? <p>Rating in our IAG Improvement Framework: {ratingWords(r.rating)}</p> : null}
                {r.topThree.length ? (
                  <>
                    <p>The three areas {r.people} were least positive about, which we work on first:</p>
                    <ol>
                      {r.topThree.map((p) => (
                        <li>{priorityWords(p)}</li>
                      ))}
                    </ol>
                  </>
                ) : (
                  <p>Too few answered to show which areas to work on first.</p>
                )}
              </section>
            ))}
          </>
        ) : null}
        {done.length ? (
          <>
            <h2>What we are doing about it</h2>
            {done.map((r) => (
              <>
                {r.youSaid.length ? (
                  <>
                    <p>
                      What we did after the {r.surveyName} (we tell next year’s {r.people} before they answer):
                    </p>
                    <ul>
                      {r.youSaid.map((y) => (
                        <li>
                          You said: “{y.text}” We did: {y.weDid}
                        </li>
                      ))}
                    </ul>
                  </>
                ) : null}
                {r.actions.length ? (
                  <>
                    <p>Our plan for next year, from the {r.surveyName}:</p>
                    <ul>
                      {r.actions.map((a) => (
                        <li>
                          “{a.text}”: {a.action}
                        </li>
                      ))}
                    </ul>
                  </>
                ) : null}
              </>
            ))}
          </>
        ) : null}
        <h2>Next review</h2>
        <p>We review the impact of our careers programme every year, next {impact.nextReview}.</p>
      </article>
    </StaffFrame>
  )
}
