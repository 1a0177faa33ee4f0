import type { UiText } from '../ui-text.ts'

/** One thing respondents asked to improve last year, in their language, and what the school did, in its own words. */
export type YouSaidEntry = { said: string; did: string }

/**
 * "You said, we did" on the survey page, before the questions: what was done about the
 * priority areas of the same survey's round last year. `didLang` is the language the school
 * wrote in (the dashboard's, English), so a screen reader on a translated page reads it right.
 */
export function YouSaidPanel({ entries, text, lang, didLang = 'en' }: { entries: YouSaidEntry[]; text: UiText; lang: string; didLang?: string }) {
  if (!entries.length) return null
  return (
    <section class="you-said" aria-labelledby="you-said-title">
      <h2 id="you-said-title">{text.youSaidTitle}</h2>
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
    </section>
  )
}
