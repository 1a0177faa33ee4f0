import type { User } from '../../auth/users.ts'
import { StaffFrame } from '../../ui/staff-frame.tsx'
import { scoredQuestions, type Survey } from '../../surveys/schema.ts'
import { youSaidRows, type FormFields, type FormErrors } from '../forms.ts'
import { weDidMax, type YouSaidItem } from '../you-said.ts'
import { nextYear } from '../../rounds/academic-year.ts'
import { ErrorSummary, FieldError, Notice } from '../../ui/form-messages.tsx'

export type YouSaidPageProps = {
  user: User
  institution: { id: number; name: string }
  survey: Survey
  /** The year of the round whose priority areas are answered. */
  year: string
  /** The questions to start from: the round's development questions for next year (its action plan, else its top three). */
  suggested: string[]
  published: { items: YouSaidItem[]; publishedAt: string } | null
  publishable: { ok: boolean; respondents: number; minCohort: number }
  canEdit: boolean
  values?: FormFields
  errors?: FormErrors
  message?: string
  backHref: string
}

/** "You said, we did" for one round: what was done about its priority areas, shown on next year's survey. */
export function YouSaidPage(props: YouSaidPageProps) {
  const { survey, year, published, institution } = props
  const questions = scoredQuestions(survey)
  const textOf = new Map(questions.map((q) => [q.key, q.text]))
  const errors = props.errors ?? {}
  const start = published?.items ?? props.suggested.map((questionKey) => ({ questionKey, weDid: '' }))
  const value = (i: number, field: 'key' | 'weDid') =>
    props.values ? (props.values[`${field}${i}`] ?? '') : field === 'key' ? (start[i - 1]?.questionKey ?? '') : (start[i - 1]?.weDid ?? '')
  const rowLabels = Object.fromEntries(youSaidRows.map((i) => [`row${i}`, `Item ${i}`]))
  return (
    <StaffFrame title={`You said, we did: ${institution.name}`} user={props.user} place={{ area: 'you-said', institution }} stylesheets={['/framework.css']}>
      <div class="framework">
        <h1>
          You said, we did
          <span class="visually-hidden">: </span>
          <span class="subtitle">
            {institution.name}, {survey.title} {year}
          </span>
        </h1>
        <Notice message={props.message} />
        <p>
          Tell students and parents what changed because of what they said in {year}. What you publish here is shown on the {nextYear(year)} {survey.title}{' '}
          before they answer.
        </p>
        {!props.publishable.ok ? (
          <p class="note">
            The {year} round had {props.publishable.respondents} {props.publishable.respondents === 1 ? 'response' : 'responses'}, fewer than the minimum group
            of {props.publishable.minCohort}: nothing about its results can be published.
          </p>
        ) : null}
        {published ? (
          <section aria-labelledby="published-title">
            <h2 id="published-title">Published on {published.publishedAt.slice(0, 10)}</h2>
            <ul class="you-said-list">
              {published.items.map((i) => (
                <li>
                  <strong>You said:</strong> {textOf.get(i.questionKey) ?? i.questionKey} <strong>We did:</strong> {i.weDid}
                </li>
              ))}
            </ul>
          </section>
        ) : (
          <p>Nothing is published yet.</p>
        )}
        {props.canEdit && props.publishable.ok ? (
          <form method="post" action={`/dashboard/institutions/${institution.id}/you-said`} class="you-said-form">
            <input type="hidden" name="survey" value={survey.id} />
            <input type="hidden" name="year" value={year} />
            <ErrorSummary errors={errors} labels={rowLabels} />
            <p>
              The first rows start with {year}’s development questions. A row without a “we did” text is left out; publish with every text empty to withdraw
              what is published.
            </p>
            {youSaidRows.map((i) => {
              const error = errors[`row${i}`]
              return (
                <fieldset class={`plan-row${error ? ' field-error' : ''}`} aria-describedby={error ? `row${i}-error` : undefined}>
                  <legend>Item {i}</legend>
                  <FieldError id={`row${i}-error`} message={error} />
                  <label for={`key${i}`}>You said (the question)</label>
                  <select id={`key${i}`} name={`key${i}`}>
                    <option value="" selected={value(i, 'key') === ''}>
                      (none)
                    </option>
                    {questions.map((q) => (
                      <option value={q.key} selected={value(i, 'key') === q.key}>
                        {q.text}
                      </option>
                    ))}
                  </select>
                  <label for={`weDid${i}`}>We did</label>
                  <textarea id={`weDid${i}`} name={`weDid${i}`} rows={2} maxlength={weDidMax}>
                    {value(i, 'weDid')}
                  </textarea>
                </fieldset>
              )
            })}
            <button type="submit">Publish</button>
          </form>
        ) : null}
        <p>
          <a href={props.backHref}>Back to the framework</a>
        </p>
      </div>
    </StaffFrame>
  )
}
