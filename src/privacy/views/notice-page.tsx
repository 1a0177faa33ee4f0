import { Layout } from '../../ui/layout.tsx'
import type { LanguageInfo } from '../../surveys/translate.ts'
import type { Notice, NoticeAudience, NoticeFacts, NoticePart } from '../notice-text.ts'
import { ContactLines } from './contact-lines.tsx'

export type NoticePageProps = {
  notice: Notice
  audience: NoticeAudience
  facts: NoticeFacts
  /** The language the notice is written in, and the one asked for (they differ when there is no translation yet). */
  lang: LanguageInfo
  asked: LanguageInfo
  languages: LanguageInfo[]
  /** The address of this page for another version or language. */
  href: (change: { for?: NoticeAudience; lang?: string }) => string
}

function Part({ part, id }: { part: NoticePart; id: string }) {
  return (
    <>
      {part.paragraphs.map((p) => (
        <p>{p}</p>
      ))}
      {part.list ? (
        <ul class="notice-points" aria-labelledby={id}>
          {part.list.map((item) => (
            <li>{item}</li>
          ))}
        </ul>
      ) : null}
      {part.lines ? (
        <p class="notice-lines">
          {part.lines.map((line, i) => (
            <>
              {i > 0 ? <br /> : null}
              <span dir="auto">{line}</span>
            </>
          ))}
        </p>
      ) : null}
    </>
  )
}

/**
 * A privacy notice for respondents: the short version first (everything that matters), then
 * the details under headings, then who to contact; links to the other versions and languages.
 */
export function NoticePage(props: NoticePageProps) {
  const { notice, audience, facts, lang, asked } = props
  const w = notice.words
  const versions: [NoticeAudience, string][] = [
    ['student', w.student],
    ['easy', w.easy],
    ['parent', w.parent],
    ['staff', w.staff],
    ['employer', w.employer],
  ]
  const contact = facts.contact
  return (
    <Layout title={notice.title} lang={lang.code} dir={lang.dir}>
      <h1>{notice.title}</h1>
      {notice.draftNote ? <p class="notice-untranslated">{notice.draftNote}</p> : null}
      {asked.code !== lang.code ? (
        <p class="notice-untranslated" lang="en" dir="ltr">
          This notice is not yet written in{' '}
          <span lang={asked.code} dir={asked.dir}>
            {asked.name}
          </span>
          : here it is in English.
        </p>
      ) : null}
      <nav aria-labelledby="notice-versions" class="notice-nav">
        <h2 id="notice-versions" class="inline-label">
          {w.otherVersions}
        </h2>
        <ul class="page-links">
          {versions.map(([key, label]) => (
            <li>{key === audience ? <strong aria-current="page">{label}</strong> : <a href={props.href({ for: key })}>{label}</a>}</li>
          ))}
        </ul>
      </nav>
      {props.languages.length > 1 ? (
        <nav aria-labelledby="notice-languages" class="language-links">
          <h2 id="notice-languages" class="inline-label">
            {w.languages}
          </h2>
          <ul>
            {props.languages.map((l) => (
              <li>
                <a href={props.href({ lang: l.code })} lang={l.code} dir={l.dir} hreflang={l.code} aria-current={l.code === asked.code ? 'true' : undefined}>
                  {l.name}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <section aria-labelledby="notice-short">
        <h2 id="notice-short">{w.shortHeading}</h2>
        <Part part={notice.short} id="notice-short" />
      </section>
      <section aria-labelledby="notice-details">
        <h2 id="notice-details">{w.detailsHeading}</h2>
        {notice.details.map((part, i) => (
          <section aria-labelledby={`notice-part-${i}`}>
            <h3 id={`notice-part-${i}`}>{part.heading}</h3>
            <Part part={part} id={`notice-part-${i}`} />
          </section>
        ))}
      </section>
      <section aria-labelledby="notice-contact">
        <h2 id="notice-contact">{w.contact}</h2>
        {contact ? <ContactLines contact={contact} /> : <p data-no-contact>{notice.noContact}</p>}
      </section>
      <p lang="en" dir="ltr">
        <a href="/accessibility">Accessibility statement</a>
      </p>
    </Layout>
  )
}
