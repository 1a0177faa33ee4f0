import type { UiText } from '../ui-text.ts'

/** One thing respondents asked to improve last year, in their language, and what the school did, in its own words. */
export type YouSaidEntry = { said: string; did: string }

/**
 * "You said, we did" on the survey page, before the questions: what was done about the
 * priority areas of the same survey's round last year, as a short panel that opens with a tap
 * (its title and how many changes show; the questions stay on the first screen). `didLang` is
 * the language the school wrote in (the dashboard's, English), so a screen reader on a
 * translated page reads it right.
 */
export function YouSaidPanel({ entries, text, lang, didLang = 'en' }: { entries: YouSaidEntry[]; text: UiText; lang: string; didLang?: string }) {
  if (!entries.length) return null
  return (
    <details class="you-said">
      <summary id="you-said-title">
        {text.youSaidTitle} <span class="summary-count">{text.youSaidCount(entries.length)}</span>
      </summary>
      <p>{text.youSaidIntro}</p>
      <ul>
        {entries.map((e) => (
          <li>
            <p>
              <strong>{text.youSaid}</strong> {e.said}
            </p>
            <p>
              <strong>{text.weDid}</strong> <span lang={didLang === lang ? undefined : didLang}>{e.did}</span>
            </p>
          </li>
        ))}
      </ul>
    </details>
  )
}
