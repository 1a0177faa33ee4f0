/**
 * A simple face for each point of the agreement scale, shown beside its words in easy read
 * (never instead of them): from a frown (strongly disagree) to a wide smile (strongly agree),
 * a question mark for "Don't know". Decoration only: hidden from screen readers, which read the
 * words. Drawn in the text's own colour, so it follows dark mode and high-contrast settings.
 */
const mouths: Record<string, string> = {
  '1': 'M7.5 18 Q12 12.5 16.5 18',
  '2': 'M8.5 16.5 Q12 14.5 15.5 16.5',
  '3': 'M8.5 15.5 L15.5 15.5',
  '4': 'M8.5 14.5 Q12 17 15.5 14.5',
  '5': 'M7 13.5 Q12 20.5 17 13.5',
}

export function ScaleSymbol({ value }: { value: string }) {
  const mouth = mouths[value]
  return (
    <svg class="scale-symbol" viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="10.5" fill="none" stroke="currentColor" stroke-width="1.5" />
      {mouth ? (
        <>
          <circle cx="8.75" cy="9.5" r="1.25" fill="currentColor" />
          <circle cx="15.25" cy="9.5" r="1.25" fill="currentColor" />
          <path d={mouth} fill="none" stroke="currentColor" stroke-width="1.75" stroke-linecap="round" />
        </>
      ) : (
        <path
          d="M9.5 9.5 Q9.5 6.75 12 6.75 Q14.5 6.75 14.5 9.25 Q14.5 11 12 12.25 L12 14 M12 17.25 L12 17.3"
          fill="none"
          stroke="currentColor"
          stroke-width="1.75"
          stroke-linecap="round"
        />
      )}
    </svg>
  )
}
