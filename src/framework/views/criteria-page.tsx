import type { User } from '../../auth/users.ts'
import { StaffFrame } from '../../ui/staff-frame.tsx'
import { defaultCriteria, gapBandRatings, overallMethods, overallMethodWords, type CriteriaSource, type FrameworkCriteria } from '../criteria.ts'
import { percentWords, pointsWords } from '../elements.ts'
import { fieldName, stageFields, thresholdFields, type FormFields, type FormErrors } from '../forms.ts'
import { qualityAwardCodes, qualityAwardStatements, staffingCodes, staffingStatements } from '../statements.ts'
import { nextYear } from '../../rounds/academic-year.ts'
import { ErrorSummary, FieldError, Notice } from '../../ui/form-messages.tsx'
import { Section } from '../../ui/section.tsx'
import { YearNav } from './parts.tsx'
import { capitalised } from '../../ui/words.ts'

export type CriteriaPageProps = {
  user: User
  year: string
  previousYear: string
  criteria: FrameworkCriteria
  source: CriteriaSource
  /** Only the partnership lead may change the criteria. */
  canEdit: boolean
  values?: FormFields
  errors?: FormErrors
  message?: string
}

const sourceSentence = (year: string, s: CriteriaSource) =>
  s.kind === 'saved'
    ? `These criteria were saved for ${year} (last changed ${s.updatedAt.slice(0, 10)}).`
    : s.kind === 'inherited'
      ? `Nothing has been saved for ${year}, so the criteria of ${s.year} apply (except an entered city average, which belongs to its own year). Saving creates ${year}’s own version.`
      : `Nothing has been saved yet: these are Signpost’s defaults. Saving creates ${year}’s own version.`

const labels: Record<string, string> = {
  'destination.ks4': 'Destination Measure, KS4',
  'destination.post16': 'Destination Measure, post-16',
  'y11.atWidth': 'Width of “at the city average”',
  'y11.amberRedDepth': 'Depth of the Amber/Red band',
  'y11.redDepth': 'Depth beyond which it is Red',
  'y11.gapBand': 'Rating in the band the framework leaves open',
  'y11.cityAverage': 'City average',
  'overall.method': 'Overall method',
  'overall.minimumRated': 'Elements needed for an overall rating',
}
for (const { stage, label } of stageFields) {
  for (const t of thresholdFields) labels[`destination.${stage}.${t.key}`] = `Destination Measure ${label}, ${t.label.toLowerCase()}`
}

/** The form's value for a path: as typed after a problem, else the criteria in force. */
function valueOf(criteria: FrameworkCriteria, values: FormFields | undefined, path: string): string {
  if (values) return values[fieldName(path)] ?? ''
  const v = path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), criteria)
  return v === null || v === undefined ? '' : String(v)
}

function NumberField(props: {
  path: string
  label: string
  hint: string
  criteria: FrameworkCriteria
  values?: FormFields
  errors: FormErrors
  suffix: string
}) {
  const id = `c-${fieldName(props.path)}`
  const error = props.errors[props.path]
  return (
    <div class={`field${error ? ' field-error' : ''}`}>
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      <FieldError id={`${id}-error`} message={error} />
      <input
        id={id}
        name={fieldName(props.path)}
        type="text"
        inputmode="decimal"
        class="percent-input"
        value={valueOf(props.criteria, props.values, props.path)}
        aria-describedby={[props.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined}
        aria-invalid={error ? 'true' : undefined}
      />{' '}
      <span class="unit">{props.suffix}</span>
    </div>
  )
}

function RadioField(props: {
  path: string
  legend: string
  options: { value: string; label: string }[]
  criteria: FrameworkCriteria
  values?: FormFields
  errors: FormErrors
}) {
  const id = `c-${fieldName(props.path)}`
  const error = props.errors[props.path]
  const current = valueOf(props.criteria, props.values, props.path)
  return (
    <fieldset class={`statement-choice${error ? ' field-error' : ''}`} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{props.legend}</legend>
      <FieldError id={`${id}-error`} message={error} />
      {props.options.map((o) => (
        <div class="choice">
          <input type="radio" id={`${id}-${o.value.replace(/\W/g, '-')}`} name={fieldName(props.path)} value={o.value} checked={current === o.value} />
          <label for={`${id}-${o.value.replace(/\W/g, '-')}`}>{o.label}</label>
        </div>
      ))}
    </fieldset>
  )
}

function CriteriaForm(props: CriteriaPageProps) {
  const { criteria, values, year } = props
  const errors = props.errors ?? {}
  const common = { criteria, values, errors }
  const d = defaultCriteria
  return (
    <form method="post" action="/dashboard/framework/criteria" class="criteria-form">
      <input type="hidden" name="year" value={year} />
      <ErrorSummary errors={errors} labels={labels} />
      <Section id="destination" title="Destination Measure">
        <p>
          The framework leaves these criteria to be decided. Give the minimum share still in education, employment or training for each rating; below the
          Amber/Red minimum is Red. Leave a stage’s three boxes empty and that stage stays not rated. Where an institution has both stages, the element takes
          the lower rating.
        </p>
        {stageFields.map(({ stage, label }) => {
          const groupError = errors[`destination.${stage}`]
          return (
            <fieldset class={`threshold-group${groupError ? ' field-error' : ''}`} aria-describedby={groupError ? `c-destination_${stage}-error` : undefined}>
              <legend>{label}</legend>
              <FieldError id={`c-destination_${stage}-error`} message={groupError} />
              {thresholdFields.map((t) => (
                <NumberField path={`destination.${stage}.${t.key}`} label={`${t.label} (%)`} hint="" suffix="%" {...common} />
              ))}
            </fieldset>
          )
        })}
      </Section>
      <Section id="y11" title="Year 11 progression into EET">
        <p>
          Green above the city average, Amber/Green at it, Amber/Red a little below, Red well below. The framework does not say how close counts as “at”, nor
          how to rate a school between 2 and 5 points below: both are set here, and every rating says which setting decided it.
        </p>
        <NumberField
          path="y11.atWidth"
          label="Width of “at the city average” (points either side)"
          hint={`Within this many percentage points above or below, inclusive, counts as at the average. Default ${d.y11.atWidth}.`}
          suffix="points"
          {...common}
        />
        <NumberField
          path="y11.amberRedDepth"
          label="Depth of the Amber/Red band (points below)"
          hint={`Down to this many points below the average is Amber/Red. The framework’s figure, and the default, is ${d.y11.amberRedDepth}.`}
          suffix="points"
          {...common}
        />
        <NumberField
          path="y11.redDepth"
          label="Red beyond (points below)"
          hint={`More than this many points below is Red. The framework’s figure, and the default, is ${d.y11.redDepth}.`}
          suffix="points"
          {...common}
        />
        <RadioField
          path="y11.gapBand"
          legend="Between the two depths (the band the framework leaves open)"
          options={gapBandRatings.map((r) => ({
            value: r,
            label: r === d.y11.gapBand ? `${r} (default: Red is kept for the framework’s own “more than 5 below”)` : r,
          }))}
          {...common}
        />
        <NumberField
          path="y11.cityAverage"
          label="City average for this year (%), if the partnership has it"
          hint="Leave empty to use the mean of the institutions’ figures for the year. An entered figure is used for this year only."
          suffix="%"
          {...common}
        />
      </Section>
      <Section id="overall-criteria" title="Overall rating">
        <RadioField
          path="overall.method"
          legend="How the five elements combine"
          options={overallMethods.map((m) => ({
            value: m,
            label: `${capitalised(overallMethodWords[m])}${m === d.overall.method ? ' (default)' : ''}`,
          }))}
          {...common}
        />
        <NumberField
          path="overall.minimumRated"
          label="Elements that must be rated for an overall rating"
          hint={`From 1 to 5. Default ${d.overall.minimumRated}: with fewer elements rated there is no overall rating; with some not rated, it is provisional.`}
          suffix="of 5"
          {...common}
        />
      </Section>
      <button type="submit">Save the criteria for {year}</button>
    </form>
  )
}

function CriteriaList({ criteria }: { criteria: FrameworkCriteria }) {
  const stage = (t: FrameworkCriteria['destination']['ks4']) =>
    t
      ? `Green from ${percentWords(t.green)}, Amber/Green from ${percentWords(t.amberGreen)}, Amber/Red from ${percentWords(t.amberRed)}, Red below`
      : 'Not set: not rated'
  const y = criteria.y11
  return (
    <dl class="criteria-list">
      <div>
        <dt>Destination Measure, KS4</dt>
        <dd data-setting="destination.ks4">{stage(criteria.destination.ks4)}</dd>
      </div>
      <div>
        <dt>Destination Measure, post-16</dt>
        <dd data-setting="destination.post16">{stage(criteria.destination.post16)}</dd>
      </div>
      <div>
        <dt>Year 11 progression</dt>
        <dd data-setting="y11">
          Green more than {pointsWords(y.atWidth)} above the city average; Amber/Green within {pointsWords(y.atWidth)} either side; Amber/Red down to{' '}
          {pointsWords(y.amberRedDepth)} below; {y.gapBand} from {pointsWords(y.amberRedDepth)} to {pointsWords(y.redDepth)} below (the band the framework
          leaves open); Red more than {pointsWords(y.redDepth)} below.
        </dd>
      </div>
      <div>
        <dt>City average</dt>
        <dd data-setting="y11.cityAverage">
          {y.cityAverage === null ? 'The mean of the institutions’ figures for the year' : `${percentWords(y.cityAverage)}, entered`}
        </dd>
      </div>
      <div>
        <dt>Overall rating</dt>
        <dd data-setting="overall">
          {overallMethodWords[criteria.overall.method]}; needs at least {criteria.overall.minimumRated} of the five elements rated.
        </dd>
      </div>
    </dl>
  )
}

/** The criteria of a year: a form for the partnership lead, the same criteria to read for everyone else. */
export function CriteriaPage(props: CriteriaPageProps) {
  const { year } = props
  return (
    <StaffFrame title={`Framework criteria ${year}`} user={props.user} place={{ area: 'criteria' }} stylesheets={['/framework.css']}>
      <div class="framework framework-criteria">
        <h1>
          Framework criteria
          <span class="visually-hidden">: </span>
          <span class="subtitle">{year}</span>
        </h1>
        <Notice message={props.message} />
        <YearNav year={year} previous={props.previousYear} next={nextYear(year)} action="/dashboard/framework/criteria" />
        <p>{sourceSentence(year, props.source)}</p>
        {props.canEdit ? (
          <CriteriaForm {...props} />
        ) : (
          <>
            <p>Only the partnership lead can change these criteria.</p>
            <CriteriaList criteria={props.criteria} />
          </>
        )}
        <Section id="fixed" title="Fixed by the framework">
          <p>These two elements are rated by a statement, and the framework fixes which rating each statement gives.</p>
          <h3>Quality award</h3>
          <ul>
            {qualityAwardCodes.map((c) => (
              <li>
                {qualityAwardStatements[c].text}: <strong>{qualityAwardStatements[c].rating}</strong>
              </li>
            ))}
          </ul>
          <h3>Qualified staffing</h3>
          <ul>
            {staffingCodes.map((c) => (
              <li>
                {staffingStatements[c].text}: <strong>{staffingStatements[c].rating}</strong>
              </li>
            ))}
          </ul>
          <h3>Student survey</h3>
          <p>
            Worked out by Signpost from the year’s student survey: how many of the three development questions are still in the top three priority areas. None
            Green, one Amber/Green, two Amber/Red, three Red. A baseline year, or a round too small to rate, is not rated.
          </p>
        </Section>
      </div>
    </StaffFrame>
  )
}
