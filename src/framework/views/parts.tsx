import type { Child } from 'hono/jsx'
import type { RagRating } from '../../analysis/rag.ts'
import { RagBadge } from '../../ui/rag-badge.tsx'
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
          <span class="decided-label">Setting:</span> {decidedBy.setting.label}: <strong>{decidedBy.setting.value}</strong>
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
