import type { Child } from 'hono/jsx'
import { agreementValues, dontKnowValue, questionsOf, type Question } from '../../surveys/schema.ts'
import { surveyMinutes } from '../../surveys/minutes.ts'
import type { LanguageInfo, Localised } from '../../surveys/translate.ts'
import { Layout } from '../../ui/layout.tsx'
import type { UiText } from '../ui-text.ts'
import { applySwitch, displayHiddenFields, displayQuery, type Display } from './display.ts'
import { frameFor, layoutProps } from './frame.ts'
import { ScaleSymbol } from './scale-symbol.tsx'

type Values = Record<string, string | string[] | undefined>

export type SurveyPageProps = {
  /** The survey in the respondent's language (translate.ts). */
  localised: Localised
  /** Every language the survey is offered in. */
  languages: LanguageInfo[]
  display: Display
  code: string
  institutionName: string
  year: string
  submissionId: string
  /** Answers that came with the request (an error re-render or a switch without JavaScript). */
  values?: Values
  /** Problems by question key ('' for the form as a whole), already in the respondent's language. */
  errors?: Record<string, string>
  /** Shown after the introduction, e.g. what was done about last year's answers. */
  before?: Child
  /** Why the answers, all valid, were not stored this time (the survey is busy): shown first, nothing else is wrong. */
  notSent?: string
  /** About how many minutes the survey takes (surveyMinutes of the survey in its own language). */
  minutes?: number
  /** Where the form is sent and the switches lead (the address without its query): `/s/CODE` unless given. */
  base?: string
  /**
   * A staff preview: marked so at the top of the page, and nothing is kept in the browser
   * (the server stores nothing it is sent either).
   */
  preview?: boolean
  /** The slug of the round's partnership: its privacy notice gives that partnership's settings. */
  partnership?: string
}

const fieldId = (key: string) => `q-${key}`
const formId = 'survey-form'

function isChosen(values: Values, key: string, value: string): boolean {
  const v = values[key]
  return Array.isArray(v) ? v.includes(value) : v === value
}

/** The wording shown: the easy-read one in easy-read mode, where the survey has one. */
const wording = (q: Question, easy: boolean) => (easy && q.easyRead ? q.easyRead : q.text)

/** A question's hint as shown: the easy-read one in easy-read mode, where the survey has one. */
const hintOf = (q: Question, easy: boolean) => (easy && q.easyReadHint ? q.easyReadHint : q.hint)

function Described({ q, error, t, easy }: { q: Question; error?: string; t: UiText; easy: boolean }) {
  return (
    <>
      {q.hint ? (
        <p class="hint" id={`${fieldId(q.key)}-hint`}>
          {hintOf(q, easy)}
        </p>
      ) : null}
      {error ? (
        <p class="error-message" id={`${fieldId(q.key)}-error`}>
          <span class="visually-hidden">{t.errorPrefix} </span>
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

function Choice(props: {
  q: Question
  type: 'radio' | 'checkbox'
  value: string
  label: string
  checked: boolean
  extraClass?: string
  /** A face beside the words (easy read, the agreement scale). */
  symbol?: boolean
}) {
  const id = `${fieldId(props.q.key)}-${props.value}`
  return (
    <div class={`choice${props.extraClass ? ` ${props.extraClass}` : ''}`}>
      <input type={props.type} id={id} name={props.q.key} value={props.value} checked={props.checked} />
      <label for={id}>
        {props.symbol ? <ScaleSymbol value={props.value} /> : null}
        {props.label}
      </label>
    </div>
  )
}

type FieldProps = { q: Question; number: number; values: Values; error?: string; localised: Localised; easy: boolean; t: UiText }

/** One question: a fieldset with its legend for choices (never a grid), a labelled text box for free text. */
function QuestionField({ q, number, values, error, localised, easy, t }: FieldProps) {
  const legend = (
    <>
      <span class="question-number">{number}. </span>
      {wording(q, easy)}
      {q.required ? <span class="required"> {t.needsAnswer}</span> : null}
    </>
  )
  const wrapperClass = error ? 'question field-error' : 'question'
  if (q.kind === 'text') {
    const value = typeof values[q.key] === 'string' ? (values[q.key] as string) : ''
    return (
      <div class={wrapperClass} id={fieldId(q.key)} data-question={q.key}>
        <label for={`${fieldId(q.key)}-input`} class="question-text">
          {legend}
        </label>
        <Described q={q} error={error} t={t} easy={easy} />
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
  // the easy-read scale ("No" ... "Yes") in easy read, where the survey has one
  const scale = (easy && localised.survey.easyReadScale) || localised.scale
  const options: { value: string; label: string; extraClass?: string }[] =
    q.kind === 'agreement'
      ? [
          ...agreementValues.map((v) => ({ value: v, label: scale[v] })),
          ...(q.dontKnow ? [{ value: dontKnowValue, label: scale[dontKnowValue], extraClass: 'dont-know' }] : []),
        ]
      : q.kind === 'yesno'
        ? [
            { value: 'yes', label: localised.yes },
            { value: 'no', label: localised.no },
          ]
        : q.options
  const type = q.kind === 'multiple' ? 'checkbox' : 'radio'
  return (
    <fieldset
      class={`${wrapperClass}${q.kind === 'agreement' ? ' agreement' : ''}`}
      id={fieldId(q.key)}
      data-question={q.key}
      aria-describedby={describedBy(q, error)}
      aria-invalid={error ? 'true' : undefined}
    >
      <legend class="question-text">{legend}</legend>
      <Described q={q} error={error} t={t} easy={easy} />
      {q.kind === 'multiple' ? <p class="hint">{t.chooseAll}</p> : null}
      <div class="choices">
        {options.map((o) => (
          <Choice
            q={q}
            type={type}
            value={o.value}
            label={o.label}
            checked={isChosen(values, q.key, o.value)}
            extraClass={o.extraClass}
            symbol={easy && q.kind === 'agreement'}
          />
        ))}
      </div>
    </fieldset>
  )
}

/**
 * A button that changes one display setting. Without JavaScript it posts the survey form, so the
 * page comes back changed with every answer kept (nothing is stored); respond.js instead keeps the
 * answers in the browser and opens `data-href`.
 */
function SwitchButton(props: {
  base: string
  display: Display
  change: string
  pressed: boolean
  children: Child
  lang?: string
  dir?: string
  extraClass?: string
}) {
  const next = applySwitch(props.display, props.change)
  const url = `${props.base}${displayQuery(next)}`
  return (
    <button
      type="submit"
      form={formId}
      name="_switch"
      value={props.change}
      formaction={url}
      formnovalidate
      data-href={url}
      aria-pressed={props.pressed ? 'true' : 'false'}
      class={`switch${props.extraClass ? ` ${props.extraClass}` : ''}`}
      lang={props.lang}
      dir={props.dir}
    >
      {props.children}
    </button>
  )
}

/**
 * The survey. Server-rendered with every question on one page, so it works without JavaScript, by
 * keyboard and screen reader; respond.js adds one question at a time, keeping answers in the
 * browser until they are sent, and retrying a send that lost its connection.
 */
export function SurveyPage({
  localised,
  languages,
  display,
  code,
  institutionName,
  year,
  submissionId,
  values,
  errors = {},
  before,
  notSent,
  minutes: givenMinutes,
  base,
  preview = false,
  partnership,
}: SurveyPageProps) {
  const path = base ?? `/s/${encodeURIComponent(code)}`
  /** A kiosk's clean start: the survey with no choice made, for the next person. */
  const kioskStart = `${path}?kiosk=1`
  const survey = localised.survey
  const frame = frameFor(localised.language, display)
  const d = frame.display
  const t = frame.text
  const easy = d.easy
  const problems = questionsOf(survey)
    .map((q, i) => ({ q, number: i + 1 }))
    .filter(({ q }) => errors[q.key])
    .map(({ q, number }) => ({ key: q.key, text: wording(q, easy), line: t.problemLine(number, errors[q.key] === t.problems.required) }))
  const formProblem = errors['']
  const hasErrors = problems.length > 0 || Boolean(formProblem)
  const total = questionsOf(survey).length
  const current = languages.length > 1 ? languages.find((l) => l.code === d.lang) : undefined
  const minutes = givenMinutes ?? surveyMinutes(survey)
  let number = 0
  return (
    <Layout
      title={hasErrors ? `${t.errorPrefix} ${survey.title}` : survey.title}
      {...layoutProps(frame, { audience: survey.audience, partnership })}
      home={d.kiosk ? kioskStart : layoutProps(frame).home}
      // the skip link goes to the questions: the form, which always shows the question to answer
      // (the first one, or, one question at a time, the one reached), so the next Tab is its first answer
      skipLink={t.skipToQuestion}
      skipHref={`#${formId}`}
    >
      {/* the form's first submit button, disabled: Enter in a field never sends half a survey */}
      <button type="submit" form={formId} hidden disabled class="no-implicit-submit"></button>
      {preview ? (
        <p class="preview-banner" lang="en" dir="ltr">
          <strong>Preview:</strong> nothing you answer is stored.
        </p>
      ) : null}
      {d.kiosk ? (
        <p class="kiosk-note" data-kiosk-note>
          {t.kioskNote}
        </p>
      ) : null}
      <p class="context">
        {institutionName} · {year}
      </p>
      <h1>{survey.title}</h1>
      {hasErrors ? (
        <div class="error-summary" role="alert" tabindex={-1} id="error-summary" aria-labelledby="error-summary-title" autofocus>
          <h2 id="error-summary-title">{t.errorTitle}</h2>
          {formProblem ? <p>{formProblem}</p> : null}
          <ul>
            {problems.map((p) => (
              <li>
                <a href={`#${fieldId(p.key)}`} data-step-link>
                  {p.line}
                </a>{' '}
                <span class="problem-question">{p.text}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {notSent ? (
        <div class="send-problem" role="alert" tabindex={-1} id="not-sent" autofocus>
          {notSent}
        </div>
      ) : null}
      <details class="display-options" data-display-options>
        <summary>
          <span class="summary-label">{t.display}</span>
          <span class="summary-short">{t.displayShort}</span>
          {current ? (
            <span class="current-choice" lang={current.code} dir={current.dir}>
              {current.name}
            </span>
          ) : null}
        </summary>
        {languages.length > 1 ? (
          <div class="switches" role="group" aria-labelledby="language-title">
            <span id="language-title" class="switches-label">
              {t.language}:
            </span>
            {languages.map((l) => (
              <SwitchButton base={path} display={d} change={`lang=${l.code}`} pressed={l.code === d.lang} lang={l.code} dir={l.dir} extraClass="language">
                {l.name}
              </SwitchButton>
            ))}
          </div>
        ) : null}
        <div class="switches">
          <SwitchButton base={path} display={d} change={`mode=${d.mode === 'one' ? 'all' : 'one'}`} pressed={d.mode === 'one'} extraClass="needs-js">
            {t.oneAtATime}
          </SwitchButton>
          <SwitchButton base={path} display={d} change={`easy=${easy ? '0' : '1'}`} pressed={easy}>
            {t.easyRead}
          </SwitchButton>
          <SwitchButton base={path} display={d} change={`size=${d.large ? 'normal' : 'large'}`} pressed={d.large}>
            {t.largeText}
          </SwitchButton>
        </div>
      </details>
      <div class="restored-note needs-js" hidden data-restored-note>
        <p role="status">{t.restored}</p>
        <button type="button" class="plain-button" data-clear-saved>
          {t.clear}
        </button>
      </div>
      <details class="more-about">
        <summary>
          <span class="introduction-short">{t.introShort(minutes)}</span> <span class="more-link">{t.moreAbout}</span>
        </summary>
        <p class="introduction">{(easy && survey.easyReadIntroduction) || survey.introduction}</p>
        <p class="hint">{t.requiredHint}</p>
      </details>
      <div class="disclosures">
        {before}
        {/* easy read leaves out the list of parts: each part's heading names it, and the page has fewer words */}
        {easy ? null : (
          <details class="contents" data-contents>
            <summary>{t.partsOfSurvey}</summary>
            <nav aria-label={t.partsOfSurvey}>
              <ol>
                {survey.sections.map((s) => (
                  <li>
                    <a href={`#section-${s.id}`}>{s.title}</a>
                  </li>
                ))}
              </ol>
            </nav>
          </details>
        )}
      </div>
      <form
        id={formId}
        method="post"
        action={`${path}${displayQuery(d)}`}
        novalidate
        data-code={code.toUpperCase()}
        data-mode={d.mode}
        data-restore={values === undefined ? 'yes' : 'no'}
        data-store={preview || d.kiosk ? 'none' : undefined}
        data-kiosk-start={d.kiosk ? kioskStart : undefined}
        autocomplete={d.kiosk ? 'off' : undefined}
      >
        <input type="hidden" name="submissionId" value={submissionId} />
        {displayHiddenFields(d).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <div class="step-status" hidden data-step-status>
          <p class="step-count" aria-live="polite" data-step-count data-template={t.questionOf('{n}', '{total}')}>
            {t.questionOf(1, total)}
          </p>
          <progress max={total} value={1} aria-hidden="true" data-step-progress></progress>
        </div>
        {survey.sections.map((section, i) => (
          <section class="survey-section" id={`section-${section.id}`} aria-labelledby={`section-${section.id}-title`}>
            <h2 id={`section-${section.id}-title`}>
              <span class="progress">{t.part(i + 1, survey.sections.length)} </span>
              {section.title}
            </h2>
            {section.intro ? <p class="section-intro">{(easy && section.easyReadIntro) || section.intro}</p> : null}
            {section.questions.map((q) => {
              number += 1
              return <QuestionField q={q} number={number} values={values ?? {}} error={errors[q.key]} localised={localised} easy={easy} t={t} />
            })}
          </section>
        ))}
        <div class="step-nav" hidden data-step-nav>
          <button type="button" class="plain-button" data-step-back>
            {t.back}
          </button>
          <button type="button" data-step-next>
            {t.next}
          </button>
        </div>
        <div class="submit-area" data-submit-area>
          {preview || d.kiosk ? null : (
            <p class="saved-here needs-js" data-saved-here>
              {t.savedHere}
            </p>
          )}
          <p>{t.submitNote}</p>
          <button type="submit" data-send>
            {t.send}
          </button>
          <p class="send-progress" role="status" data-send-progress data-sending={t.sending}></p>
          <div class="send-problem" role="alert" data-send-problem data-offline={t.offline} data-busy={t.busy}></div>
          <button type="button" class="plain-button" hidden data-retry>
            {t.retry}
          </button>
        </div>
      </form>
      {d.kiosk ? (
        <dialog class="still-there" aria-labelledby="still-there-title" aria-describedby="still-there-text" data-still-there>
          <h2 id="still-there-title">{t.stillThereTitle}</h2>
          <p id="still-there-text">{t.stillThereText}</p>
          <button type="button" data-still-here>
            {t.stillHere}
          </button>
        </dialog>
      ) : null}
    </Layout>
  )
}
