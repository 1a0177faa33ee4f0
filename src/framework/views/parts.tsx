import type { Child } from 'hono/jsx'
import type { RagRating } from '../../analysis/rag.ts'
import { RagBadge } from '../../dashboard/views/rag-badge.tsx'
import type { Change, ElementResult, OverallResult } from '../result-schema.ts'

/** Pieces the framework pages share. Ratings always show their word (RagBadge: colour, shape and word). */

const notRatedNotes: Partial<Record<ElementResult['status'], string>> = {
  'not-entered': 'not entered',
  'criteria-not-set': 'criteria not set',
  'no-round': 'no survey round',
}

/** An element's rating: the badge, and why there is none where it is not rated. */
export function ElementBadge({ result }: { result: Pick<ElementResult, 'rating' | 'provisional' | 'status'> }) {
  const note = result.rating ? undefined : notRatedNotes[result.status]
  return (
    <span class="element-rating" data-status={result.status}>
      <RagBadge rating={result.rating} provisional={result.provisional} baseline={result.status === 'baseline'} tooSmall={result.status === 'too-small'} />
      {note ? <span class="rating-note"> ({note})</span> : null}
    </span>
  )
}

export function OverallBadge({ overall }: { overall: Pick<OverallResult, 'rating' | 'provisional'> }) {
  return <RagBadge rating={overall.rating} provisional={overall.provisional} />
}

export function CityBadge({ rating }: { rating: RagRating | null }) {
  return <RagBadge rating={rating} />
}

/** "Rule: …. Setting: label: value." */
export function DecidedBy({ decidedBy }: { decidedBy: ElementResult['decidedBy'] }) {
  return (
    <p class="decided-by">
      <span class="decided-label">Rule:</span> {decidedBy.rule}.{' '}
      {decidedBy.setting ? (
        <>
          <span class="decided-label">Setting:</span> {decidedBy.setting.label}: <strong>{decidedBy.setting.value}</strong>{' '}
          <code class="setting-key">({decidedBy.setting.key})</code>
        </>
      ) : (
        <span class="decided-label">Fixed by the framework.</span>
      )}
    </p>
  )
}

export const changeWords: Record<Change, string> = { improved: 'Improved', held: 'Held', fell: 'Fell' }
const changeShapes: Record<Change, string> = { improved: '↑', held: '→', fell: '↓' }

export function ChangeMark({ change }: { change: Change | null }) {
  if (!change) return <span class="change change-none">Not comparable</span>
  return (
    <span class={`change change-${change}`}>
      <span aria-hidden="true">{changeShapes[change]}</span> {changeWords[change]}
    </span>
  )
}

export function Section(props: { id: string; title: string; class?: string; children: Child }) {
  return (
    <section class={`report-section${props.class ? ` ${props.class}` : ''}`} id={props.id} aria-labelledby={`${props.id}-heading`}>
      <h2 id={`${props.id}-heading`}>{props.title}</h2>
      {props.children}
    </section>
  )
}

/** A table that scrolls sideways on a narrow screen, reachable and named for keyboard and screen-reader users. */
export function ScrollTable(props: { id: string; caption: string; class?: string; children: Child }) {
  return (
    <div class="table-scroll" role="region" aria-labelledby={`${props.id}-caption`} tabindex={0}>
      <table id={props.id} class={`report-table${props.class ? ` ${props.class}` : ''}`}>
        <caption id={`${props.id}-caption`}>{props.caption}</caption>
        {props.children}
      </table>
    </div>
  )
}

/** Links to the year before and after, and a box to type any year. */
export function YearNav({ year, previous, next, action }: { year: string; previous: string; next: string; action: string }) {
  const [path, query] = action.split('?')
  const params = new URLSearchParams(query ?? '')
  const href = (y: string) => {
    const p = new URLSearchParams(params)
    p.set('year', y)
    return `${path}?${p.toString()}`
  }
  return (
    <nav class="year-nav" aria-label="Academic year">
      <a href={href(previous)}>
        <span aria-hidden="true">← </span>
        {previous}
      </a>
      <form method="get" action={path} class="inline-form year-form">
        {[...params.entries()].map(([k, v]) => (
          <input type="hidden" name={k} value={v} />
        ))}
        <label for="year-choice">Academic year</label>
        <input id="year-choice" name="year" type="text" value={year} size={8} inputmode="numeric" pattern="\d{4}/\d{2}" />
        <button type="submit" class="secondary">
          Show
        </button>
      </form>
      <a href={href(next)}>
        {next}
        <span aria-hidden="true"> →</span>
      </a>
    </nav>
  )
}

export function Notice({ message }: { message?: string }) {
  return (
    <div role="status" class="status-message">
      {message ? <p>{message}</p> : null}
    </div>
  )
}

export function ErrorSummary({ errors, labels }: { errors: Record<string, string>; labels?: Record<string, string> }) {
  const entries = Object.entries(errors)
  if (!entries.length) return null
  return (
    <div class="error-summary" role="alert" tabindex={-1}>
      <h2>Nothing was saved: {entries.length === 1 ? 'there is a problem' : `there are ${entries.length} problems`}</h2>
      <ul>
        {entries.map(([key, message]) => (
          <li>{labels?.[key] ? `${labels[key]}: ${message}` : message}</li>
        ))}
      </ul>
    </div>
  )
}

export function FieldError({ message, id }: { message?: string; id: string }) {
  return message ? (
    <p class="error-message" id={id}>
      {message}
    </p>
  ) : null
}

export const nextYear = (year: string) => {
  const start = Number(year.slice(0, 4)) + 1
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`
}
