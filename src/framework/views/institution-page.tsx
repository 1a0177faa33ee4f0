import type { User } from '../../auth/users.ts'
import { StaffFrame } from '../../ui/staff-frame.tsx'
import type { Actions, EntryField } from '../entered-figures.ts'
import { percentWords, withheldWords } from '../elements.ts'
import type { FormFields, FormErrors } from '../forms.ts'
import { entryFieldNames } from '../forms.ts'
import type { Change, InstitutionYear } from '../result-schema.ts'
import { actionKeys, actionNames, elementNames, qualityAwardCodes, qualityAwardStatements, staffingCodes, staffingStatements } from '../statements.ts'
import type { SurveyPlan, YouSaidStatus } from '../institution-year.ts'
import { nextYear } from '../../rounds/academic-year.ts'
import { ErrorSummary, FieldError, Notice } from '../../ui/form-messages.tsx'
import { HeadRow } from '../../ui/head-row.tsx'
import { ScrollTable } from '../../ui/scroll-table.tsx'
import { Section } from '../../ui/section.tsx'
import { ChangeMark, DecidedBy, ElementBadge, OverallBadge, YearNav } from './parts.tsx'

export type InstitutionFrameworkProps = {
  user: User
  institution: { id: number; name: string }
  year: string
  current: InstitutionYear
  previous: InstitutionYear
  change: Change | null
  /** The partnership lead enters the four elements. */
  canEnter: boolean
  /** Coordinators and the lead write the action plan. */
  canEdit: boolean
  entryValues?: FormFields
  entryErrors?: FormErrors
  actions: Actions
  actionValues?: FormFields
  actionErrors?: FormErrors
  survey: SurveyPlan
  youSaid: YouSaidStatus[]
  criteriaHref: string
  matrixHref: string | null
  message?: string
}

const base = (id: number) => `/dashboard/institutions/${id}/framework`

/** The form's values: as typed (after a problem) or as stored. */
function entryFormValues(current: InstitutionYear, typed?: FormFields): Record<EntryField, string> {
  const e = current.entry
  const pct = (x: number | null) => (x === null ? '' : String(x))
  return {
    destinationKs4: typed?.destinationKs4 ?? pct(e.destinationKs4),
    destinationPost16: typed?.destinationPost16 ?? pct(e.destinationPost16),
    y11Eet: typed?.y11Eet ?? pct(e.y11Eet),
    qualityAward: typed?.qualityAward ?? e.qualityAward ?? '',
    staffing: typed?.staffing ?? e.staffing ?? '',
  }
}

function EntryForm(props: InstitutionFrameworkProps) {
  const { current, year, institution } = props
  const values = entryFormValues(current, props.entryValues)
  const errors = props.entryErrors ?? {}
  const labels: Record<EntryField, string> = {
    destinationKs4: 'Destination Measure after KS4',
    destinationPost16: 'Destination Measure after post-16',
    y11Eet: 'Year 11 progression into EET',
    qualityAward: 'Quality award',
    staffing: 'Qualified staffing',
  }
  const percentField = (field: 'destinationKs4' | 'destinationPost16' | 'y11Eet', hint: string) => {
    const name = entryFieldNames[field]
    const error = errors[field]
    return (
      <div class={`field${error ? ' field-error' : ''}`}>
        <label for={`entry-${name}`}>{labels[field]} (%)</label>
        <p class="hint" id={`entry-${name}-hint`}>
          {hint}
        </p>
        <FieldError id={`entry-${name}-error`} message={error} />
        <input
          id={`entry-${name}`}
          name={name}
          type="text"
          inputmode="decimal"
          class="percent-input"
          value={values[field]}
          aria-describedby={`entry-${name}-hint${error ? ` entry-${name}-error` : ''}`}
          aria-invalid={error ? 'true' : undefined}
        />
      </div>
    )
  }
  const statementField = <C extends string>(
    field: 'qualityAward' | 'staffing',
    codes: readonly C[],
    statements: Record<C, { rating: string; text: string }>,
  ) => {
    const name = entryFieldNames[field]
    const error = errors[field]
    return (
      <fieldset class={`statement-choice${error ? ' field-error' : ''}`} aria-describedby={error ? `entry-${name}-error` : undefined}>
        <legend>{labels[field]}</legend>
        <FieldError id={`entry-${name}-error`} message={error} />
        {codes.map((code) => (
          <div class="choice">
            <input type="radio" id={`entry-${name}-${code}`} name={name} value={code} checked={values[field] === code} />
            <label for={`entry-${name}-${code}`}>
              {statements[code].text} <span class="statement-rating">({statements[code].rating})</span>
            </label>
          </div>
        ))}
        <div class="choice">
          <input type="radio" id={`entry-${name}-not-known`} name={name} value="" checked={values[field] === ''} />
          <label for={`entry-${name}-not-known`}>Not known yet (not rated)</label>
        </div>
      </fieldset>
    )
  }
  return (
    <Section id="enter" title={`Enter the four elements for ${year}`} class="no-print">
      <p>The student survey is rated by Signpost from the survey itself. Leave a figure empty when it is not known yet: that element is then not rated.</p>
      <ErrorSummary errors={errors} labels={labels} />
      <form method="post" action={base(institution.id)} class="entry-form">
        <input type="hidden" name="year" value={year} />
        {percentField('destinationKs4', 'Share of the KS4 leavers still in education, employment or training six months on, from the national data set.')}
        {percentField('destinationPost16', 'The same for the post-16 leavers. Leave empty if the institution has no post-16 students.')}
        {percentField('y11Eet', 'Share of the Year 11 leavers who went into education, employment or training, from local data.')}
        {statementField('qualityAward', qualityAwardCodes, qualityAwardStatements)}
        {statementField('staffing', staffingCodes, staffingStatements)}
        <button type="submit">Save the four elements</button>
      </form>
    </Section>
  )
}

function SurveyActions({ survey, year }: { survey: SurveyPlan; year: string }) {
  const report = survey.report
  if (!report) return <p>There is no student survey round in {year}, so there are no development questions for it.</p>
  const dev = report.development
  const textOf = new Map(report.questions.map((q) => [q.key, q.text]))
  // a round too small to rate (or below the minimum cohort) has no top three to compare with
  const rated = !!report.rag?.rating && report.respondents >= report.settings.minCohort
  const status = (key: string, asked: boolean) =>
    !asked ? 'Not asked this year.' : !rated ? '' : report.rag?.remaining.includes(key) ? 'Still in the top three.' : 'Left the top three.'
  return (
    <>
      {dev.questions.length ? (
        <>
          <p>
            {dev.source === 'action-plan' ? `Chosen in the ${dev.fromYear} action plan.` : `The top three priority areas of ${dev.fromYear}.`}
            {rated ? ' Their status is from this year’s survey.' : ' This year’s survey cannot be rated, so their status is not shown.'}
          </p>
          <ol class="development-list framework-development">
            {dev.questions.map((d) => (
              <li data-key={d.key}>
                <p class="top-three-text">{d.text}</p>
                <p>
                  {status(d.key, d.asked) ? <span class="dev-status">{status(d.key, d.asked)} </span> : null}Actions:{' '}
                  {survey.developmentActions[d.key] || 'none recorded.'}
                </p>
              </li>
            ))}
          </ol>
        </>
      ) : (
        <p>
          {dev.source === 'none'
            ? `${year} is the survey’s baseline year: there are no development questions yet.`
            : `There are no development questions: the ${dev.fromYear} round had too few answers to rank its questions.`}
        </p>
      )}
      <h4>Action plan for {nextYear(year)}</h4>
      {survey.planForNext ? (
        <ol class="action-plan-list">
          {survey.planForNext.keys.map((key) => (
            <li>
              <p class="top-three-text">{textOf.get(key) ?? key}</p>
              <p>{survey.planForNext!.actions[key] || 'No actions written yet.'}</p>
            </li>
          ))}
        </ol>
      ) : (
        <p>No action plan has been recorded for this year’s student survey yet.</p>
      )}
      {survey.reportHref ? (
        <p class="no-print">
          <a href={`${survey.reportHref}#action-plan`}>The student survey report and its action plan</a>
        </p>
      ) : null}
    </>
  )
}

/** The written actions per element, to read (and, beside the form, to print). */
function PlanList({ actions, class: className }: { actions: InstitutionFrameworkProps['actions']; class: string }) {
  return (
    <dl class={className}>
      {actionKeys.map((key) => (
        <div>
          <dt>{actionNames[key]}</dt>
          <dd>{actions[key] || 'No actions written.'}</dd>
        </div>
      ))}
    </dl>
  )
}

function ActionPlan(props: InstitutionFrameworkProps) {
  const { year, institution, canEdit, actions } = props
  const errors = props.actionErrors ?? {}
  return (
    <Section id="action-plan" title="Action plan">
      <h3>Student survey: development questions for {year}</h3>
      <SurveyActions survey={props.survey} year={year} />
      <h3>The other elements</h3>
      {canEdit ? (
        <>
          <ErrorSummary errors={errors} labels={actionNames as Record<string, string>} />
          <form method="post" action={`${base(institution.id)}/actions`} class="actions-form">
            <input type="hidden" name="year" value={year} />
            {actionKeys.map((key) => (
              <div class={`field${errors[key] ? ' field-error' : ''}`}>
                <label for={`action-${key}`}>{actionNames[key]}: what will be done</label>
                <FieldError id={`action-${key}-error`} message={errors[key]} />
                <textarea
                  id={`action-${key}`}
                  name={`action_${key}`}
                  rows={3}
                  maxlength={2000}
                  aria-describedby={errors[key] ? `action-${key}-error` : undefined}
                >
                  {props.actionValues?.[`action_${key}`] ?? actions[key] ?? ''}
                </textarea>
              </div>
            ))}
            <button type="submit">Save the action plan</button>
          </form>
          <PlanList actions={actions} class="print-only plan-print" />
        </>
      ) : (
        <PlanList actions={actions} class="plan-list" />
      )}
    </Section>
  )
}

function YouSaid({ items, canEdit, year }: { items: YouSaidStatus[]; canEdit: boolean; year: string }) {
  return (
    <Section id="you-said" title="You said, we did" class="you-said">
      <p>What the institution changed after last year’s survey. Once published, it is shown to students and parents on the {year} survey before they answer.</p>
      {items.length === 0 ? <p>There was no survey round in the year before {year}, so there is nothing to answer yet.</p> : null}
      {items.map((s) => (
        <div class="you-said-survey">
          <h3>
            {s.surveyTitle}: what was done about {s.fromYear}
          </h3>
          {!s.publishable ? (
            <p>The {s.fromYear} round had too few responses for anything about its results to be published.</p>
          ) : s.published ? (
            <ul class="you-said-list">
              {s.published.map((i) => (
                <li>
                  <strong>You said:</strong> {i.text} <strong>We did:</strong> {i.weDid}
                </li>
              ))}
            </ul>
          ) : (
            <p>Nothing published yet.</p>
          )}
          {canEdit && s.publishable ? (
            <p class="no-print">
              <a href={s.href}>{s.published ? 'Change what is published' : 'Write and publish it'}</a>
              <span class="visually-hidden"> for the {s.surveyTitle}</span>
            </p>
          ) : null}
        </div>
      ))}
    </Section>
  )
}

/** The Year 11 city average in words, or why it is not shown. */
function CityAverageWords({ city }: { city: InstitutionYear['y11CityAverage'] }) {
  if (city.withheld)
    return <>{withheldWords}, and an average of so few would give their figures away. The Year 11 rating above still uses it; the partnership lead sees it.</>
  if (city.value === null) return <>none yet.</>
  return (
    <>
      {percentWords(city.value)} ({city.source === 'entered' ? 'entered by the partnership' : `the mean of ${city.institutions} institutions`}).
    </>
  )
}

/** One institution's framework year: the five elements and the overall rating with reasons, last year beside it, and the action plan. */
export function InstitutionFrameworkPage(props: InstitutionFrameworkProps) {
  const { institution, year, current, previous } = props
  const before = previous.year
  return (
    <StaffFrame
      title={`${institution.name}: IAG Improvement Framework ${year}`}
      user={props.user}
      place={{ area: 'framework', institution }}
      stylesheets={['/framework.css']}
    >
      <div class="framework">
        <h1>
          {institution.name}
          <span class="visually-hidden">: </span>
          <span class="subtitle">IAG Improvement Framework, {year}</span>
        </h1>
        <Notice message={props.message} />
        <YearNav year={year} previous={before} next={nextYear(year)} action={base(institution.id)} />
        <Section id="overall" title="Overall rating">
          <p class="rag-line" data-overall={current.overall.rating ?? 'none'}>
            <OverallBadge overall={current.overall} />
          </p>
          <p>{current.overall.reason}</p>
          <DecidedBy decidedBy={current.overall.decidedBy} />
          <p>
            Last year ({before}): <OverallBadge overall={previous.overall} /> <ChangeMark change={props.change} />
          </p>
        </Section>
        <Section id="elements" title="The five elements">
          <ScrollTable id="elements-table" caption={`Each element’s rating in ${year}, with ${before} beside it`} class="framework-table" stack>
            <HeadRow columns={['Element', year, before, `Evidence (${year})`, 'Why']} roles />
            <tbody role="rowgroup">
              {current.elements.map((e) => {
                const last = previous.elements.find((p) => p.element === e.element)!
                return (
                  <tr data-element={e.element} role="row">
                    <th scope="row" role="rowheader">
                      {elementNames[e.element]}
                    </th>
                    <td role="cell" data-label={year}>
                      <ElementBadge result={e} />
                    </td>
                    <td role="cell" data-label={before}>
                      <ElementBadge result={last} />
                    </td>
                    <td role="cell" data-label={`Evidence (${year})`}>
                      {e.evidence || '–'}
                    </td>
                    <td class="why" role="cell" data-label="Why">
                      <p>{e.reason}</p>
                      <DecidedBy decidedBy={e.decidedBy} />
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </ScrollTable>
          <p class="hint" id="y11-city-average">
            Year 11 city average for {year}: <CityAverageWords city={current.y11CityAverage} />
          </p>
        </Section>
        {props.canEnter ? <EntryForm {...props} /> : null}
        <ActionPlan {...props} />
        <YouSaid items={props.youSaid} canEdit={props.canEdit} year={year} />
        <p class="no-print framework-links">
          <a href={props.criteriaHref}>How the ratings are decided: the criteria for {year}</a>
          {props.matrixHref ? (
            <>
              {' · '}
              <a href={props.matrixHref}>Every institution</a>
            </>
          ) : null}
        </p>
      </div>
    </StaffFrame>
  )
}
