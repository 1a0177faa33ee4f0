import type { RagRating } from '../analysis/rag.ts'

export type RagBadgeProps = {
  rating: RagRating | null
  provisional?: boolean
  tooSmall?: boolean
  baseline?: boolean
}

/**
 * Each rating has a colour, a shape and its word, so colour is never the only signal: the
 * shapes differ (square, triangle, diamond, circle; an open circle when not rated) and the word
 * is always written out. Colours are dark text on a light tint (WCAG AA, see dashboard.css).
 */
const looks: Record<RagRating, { css: string; shape: string }> = {
  Red: { css: 'rag-red', shape: '■' },
  'Amber/Red': { css: 'rag-amber-red', shape: '▲' },
  'Amber/Green': { css: 'rag-amber-green', shape: '◆' },
  Green: { css: 'rag-green', shape: '●' },
}

/** The words a badge shows, e.g. "Amber/Red (provisional)" or "Not rated (baseline year)". */
export function ragWords({ rating, provisional, tooSmall, baseline }: RagBadgeProps): string {
  if (baseline) return 'Not rated (baseline year)'
  if (tooSmall) return 'Not rated (too small)'
  if (!rating) return 'Not rated'
  return provisional ? `${rating} (provisional)` : rating
}

/** A RAG rating as a badge: colour, shape and the rating's word, with "provisional" or why it is not rated. */
export function RagBadge(props: RagBadgeProps) {
  const { rating, provisional, tooSmall, baseline } = props
  const rated = rating !== null && !baseline && !tooSmall
  const look = rated ? looks[rating] : { css: 'rag-none', shape: '○' }
  return (
    <span class={`rag ${look.css}${rated && provisional ? ' rag-provisional' : ''}`} data-rating={rated ? rating : 'none'}>
      <span class="rag-shape" aria-hidden="true">
        {look.shape}
      </span>{' '}
      {rated ? (
        <>
          <strong class="rag-word">{rating}</strong>
          {provisional ? <span class="rag-note"> (provisional)</span> : null}
        </>
      ) : (
        <>
          <strong class="rag-word">Not rated</strong>
          {baseline ? <span class="rag-note"> (baseline year)</span> : tooSmall ? <span class="rag-note"> (too small)</span> : null}
        </>
      )}
    </span>
  )
}
