import { raw } from 'hono/html'
import type { Child } from 'hono/jsx'

export type LayoutProps = {
  title: string
  lang?: string
  dir?: 'ltr' | 'rtl'
  /** Classes on <html>, e.g. "large-text". */
  className?: string
  /** Same-origin scripts, loaded deferred (no inline script: the pages' CSP allows none). */
  scripts?: string[]
  /** The skip link's words in the page's language. */
  skipLink?: string
  /**
   * Where the skip link goes: the main landmark unless given (the survey page's goes to its
   * questions). Rendered here, so it works without JavaScript.
   */
  skipHref?: string
  /** Where the brand link goes (the start page in the page's language). */
  home?: string
  /** Stylesheets after /styles.css. */
  stylesheets?: string[]
  /** A header of the page's own in place of the brand bar (the staff pages'). */
  header?: Child
  /** A footer after the main landmark (the respondent pages' links to the privacy notice and the accessibility statement). */
  footer?: Child
  children: Child
}

/** The page frame every server-rendered page shares: skip link, header, main landmark. */
export function Layout({
  title,
  lang = 'en',
  dir = 'ltr',
  className,
  scripts = [],
  skipLink = 'Skip to content',
  skipHref = '#main',
  home = '/',
  stylesheets = [],
  header,
  footer,
  children,
}: LayoutProps) {
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={lang} dir={dir} class={className}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${title} – Signpost`}</title>
          <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
          <link rel="stylesheet" href="/styles.css" />
          {stylesheets.map((href) => (
            <link rel="stylesheet" href={href} />
          ))}
          {scripts.map((src) => (
            <script src={src} defer></script>
          ))}
        </head>
        <body>
          <a class="skip-link" href={skipHref}>
            {skipLink}
          </a>
          {header ?? (
            <header class="site-header">
              <a href={home} class="brand" lang="en" dir="ltr">
                Signpost
              </a>
            </header>
          )}
          <main id="main" tabindex={-1}>
            {children}
          </main>
          {footer}
        </body>
      </html>
    </>
  )
}
