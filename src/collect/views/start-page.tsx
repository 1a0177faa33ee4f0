import type { LanguageInfo } from '../../surveys/translate.ts'
import { Layout } from '../../ui/layout.tsx'
import { defaultDisplay, displayParams, displayQuery } from './display.ts'
import { englishFrame, layoutProps, type Frame } from './frame.ts'

/** Links to this page in each language offered, the current one marked. */
export function LanguageLinks({ languages, frame, path }: { languages: LanguageInfo[]; frame: Frame; path: string }) {
  if (languages.length < 2) return null
  return (
    <nav class="language-links" aria-labelledby="language-links-title">
      <h2 id="language-links-title" class="inline-label">
        {frame.text.language}
      </h2>
      <ul>
        {languages.map((l) => (
          <li>
            <a
              href={`${path}${displayQuery({ ...frame.display, lang: l.code })}`}
              lang={l.code}
              dir={l.dir}
              hreflang={l.code}
              aria-current={l.code === frame.lang ? 'true' : undefined}
            >
              {l.name}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  )
}

/** The front door: choose a language and how to answer, type the code you were given. */
export function StartPage({
  code = '',
  error,
  languages = [],
  frame = englishFrame(defaultDisplay),
}: {
  code?: string
  error?: string
  languages?: LanguageInfo[]
  frame?: Frame
}) {
  const t = frame.text
  const d = frame.display
  return (
    <Layout title={error ? `${t.errorPrefix} ${t.checkCode}` : t.startTitle} {...layoutProps(frame)}>
      <LanguageLinks languages={languages} frame={frame} path="/" />
      <h1>{t.startHeading}</h1>
      <p>{t.startIntro}</p>
      <p>{t.startPrivacy}</p>
      <form method="get" action="/" class="start-form" novalidate>
        <input type="hidden" name={displayParams.lang} value={frame.lang} />
        <div class={error ? 'field field-error' : 'field'}>
          <label for="code">{t.codeLabel}</label>
          <p class="hint" id="code-hint">
            {t.codeHint}
          </p>
          {error ? (
            <p class="error-message" id="code-error" role="alert">
              <span class="visually-hidden">{t.errorPrefix} </span>
              {error}
            </p>
          ) : null}
          <input
            id="code"
            name="code"
            type="text"
            value={code}
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            dir="ltr"
            aria-describedby={error ? 'code-hint code-error' : 'code-hint'}
            aria-invalid={error ? 'true' : undefined}
            required
          />
        </div>
        <fieldset class="display-choice">
          <legend>{t.howToAnswer}</legend>
          <div class="choices">
            <div class="choice needs-js">
              <input type="radio" id="mode-all" name={displayParams.mode} value="all" checked={d.mode === 'all'} />
              <label for="mode-all">{t.allOnOnePage}</label>
            </div>
            <div class="choice needs-js">
              <input type="radio" id="mode-one" name={displayParams.mode} value="one" checked={d.mode === 'one'} />
              <label for="mode-one">{t.oneAtATime}</label>
            </div>
            <div class="choice">
              <input type="checkbox" id="easy" name={displayParams.easy} value="1" checked={d.easy} />
              <label for="easy">{t.easyRead}</label>
            </div>
            <div class="choice">
              <input type="checkbox" id="size" name={displayParams.size} value="large" checked={d.large} />
              <label for="size">{t.largeText}</label>
            </div>
          </div>
        </fieldset>
        <button type="submit">{t.start}</button>
      </form>
      <p class="staff-link">
        {t.staffQuestion} <a href="/sign-in">{t.staffLink}</a>
      </p>
    </Layout>
  )
}
