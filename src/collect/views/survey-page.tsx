import { Layout } from '../../ui/layout.tsx'
import { agreementLabels, agreementValues, dontKnowValue, questionsOf, type Question, type Survey } from '../../surveys/schema.ts'

type Values = Record<string, string | string[] | undefined>

export type SurveyPageProps = {
  survey: Survey
  code: string
  institutionName: string
  year: string
  submissionId: string
  values?: Values
  /** Problems by question key ('' for the form as a whole). */
  errors?: Record<string, string>
}

const fieldId = (key: string) => `q-${key}`

function isChosen(values: Values, key: string, value: string): boolean {
  const v = values[key]
  return Array.isArray(v) ? v.includes(value) : v === value
}

function Described({ q, error }: { q: Question; error?: string }) {
  return (
    <>
      {q.hint ? (
        <p class="hint" id={`${fieldId(q.key)}-hint`}>
          {q.hint}
        </p>
      ) : null}
      {error ? (
        <p class="error-message" id={`${fieldId(q.key)}-error`}>
          <span class="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
    </>
  )
}

function describedBy(q: Question, error?: string): string | undefined {
  const ids = [q.hint ? `${fieldId(q.key)}-hint` : '', error ? `${fieldId(q.key)}-error` : ''].filter(Boolean)
  return ids.length ? ids.join(' ') : undefined
}

function Choice(props: { q: Question; type: 'radio' | 'checkbox'; value: string; label: string; checked: boolean; extraClass?: string }) {
  const id = `${fieldId(props.q.key)}-${props.value}`
  return (
    <div class={`choice${props.extraClass ? ` ${props.extraClass}` : ''}`}>
      <input type={props.type} id={id} name={props.q.key} value={props.value} checked={props.checked} />
      <label for={id}>{props.label}</label>
    </div>
  )
}

function QuestionField({ q, number, values, error }: { q: Question; number: number; values: Values; error?: string }) {
  const legend = (
    <>
      <span class="question-number">{number}. </span>
      {q.text}
      {q.required ? <span class="required"> (needs an answer)</span> : null}
    </>
  )
  const wrapperClass = error ? 'question field-error' : 'question'
  if (q.kind === 'text') {
    const value = typeof values[q.key] === 'string' ? (values[q.key] as string) : ''
    return (
      <div class={wrapperClass} id={fieldId(q.key)}>
        <label for={`${fieldId(q.key)}-input`} class="question-text">
          {legend}
        </label>
        <Described q={q} error={error} />
        <textarea
          id={`${fieldId(q.key)}-input`}
          name={q.key}
          rows={4}
          maxlength={q.maxLength}
          aria-describedby={describedBy(q, error)}
          aria-invalid={error ? 'true' : undefined}
        >
          {value}
        </textarea>
      </div>
    )
  }
  const options: { value: string; label: string; extraClass?: string }[] =
    q.kind === 'agreement'
      ? [
          ...agreementValues.map((v) => ({ value: v, label: agreementLabels[v] })),
          ...(q.dontKnow ? [{ value: dontKnowValue, label: agreementLabels[dontKnowValue], extraClass: 'dont-know' }] : []),
        ]
      : q.kind === 'yesno'
        ? [
            { value: 'yes', label: 'Yes' },
            { value: 'no', label: 'No' },
          ]
        : q.options
  const type = q.kind === 'multiple' ? 'checkbox' : 'radio'
  return (
    <fieldset
      class={`${wrapperClass} ${q.kind === 'agreement' ? 'agreement' : ''}`}
      id={fieldId(q.key)}
      aria-describedby={describedBy(q, error)}
      aria-invalid={error ? 'true' : undefined}
    >
      <legend class="question-text">{legend}</legend>
      <Described q={q} error={error} />
      {q.kind === 'multiple' ? <p class="hint">Choose all that apply.</p> : null}
      <div class="choices">
        {options.map((o) => (
          <Choice q={q} type={type} value={o.value} label={o.label} checked={isChosen(values, q.key, o.value)} extraClass={o.extraClass} />
        ))}
      </div>
    </fieldset>
  )
}

/** The whole survey on one server-rendered page: works without JavaScript, by keyboard and screen reader. */
export function SurveyPage({ survey, code, institutionName, year, submissionId, values = {}, errors = {} }: SurveyPageProps) {
  const problems = questionsOf(survey)
    .filter((q) => errors[q.key])
    .map((q) => ({ key: q.key, text: q.text, message: errors[q.key]! }))
  const formProblem = errors['']
  let number = 0
  return (
    <Layout title={problems.length || formProblem ? `Error: ${survey.title}` : survey.title} lang={survey.language}>
      <p class="context">
        {institutionName} · {year}
      </p>
      <h1>{survey.title}</h1>
      {problems.length || formProblem ? (
        <div class="error-summary" role="alert" tabindex={-1} id="error-summary" aria-labelledby="error-summary-title">
          <h2 id="error-summary-title">Please check your answers</h2>
          {formProblem ? <p>{formProblem}</p> : null}
          <ul>
            {problems.map((p) => (
              <li>
                <a href={`#${fieldId(p.key)}`}>
                  {p.text}: {p.message}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <p class="introduction">{survey.introduction}</p>
      <p class="hint">Questions marked “needs an answer” must be answered. You can leave any other question blank.</p>
      <nav aria-label="Parts of this survey" class="contents">
        <ol>
          {survey.sections.map((s) => (
            <li>
              <a href={`#section-${s.id}`}>{s.title}</a>
            </li>
          ))}
        </ol>
      </nav>
      <form method="post" action={`/s/${encodeURIComponent(code)}`} novalidate>
        <input type="hidden" name="submissionId" value={submissionId} />
        {survey.sections.map((section, i) => (
          <section class="survey-section" id={`section-${section.id}`} aria-labelledby={`section-${section.id}-title`}>
            <h2 id={`section-${section.id}-title`}>
              <span class="progress">
                Part {i + 1} of {survey.sections.length}:{' '}
              </span>
              {section.title}
            </h2>
            {section.intro ? <p>{section.intro}</p> : null}
            {section.questions.map((q) => {
              number += 1
              return <QuestionField q={q} number={number} values={values} error={errors[q.key]} />
            })}
          </section>
        ))}
        <div class="submit-area">
          <p>When you send your answers you cannot change them. Thank you for taking part.</p>
          <button type="submit">Send my answers</button>
        </div>
      </form>
    </Layout>
  )
}
