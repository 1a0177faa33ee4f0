import { raw } from 'hono/html'
import type { Child } from 'hono/jsx'

type LayoutProps = {
  title: string
  lang?: string
  dir?: 'ltr' | 'rtl'
  children: Child
}

/** The page frame every server-rendered page shares: skip link, header, main landmark. */
export function Layout({ title, lang = 'en', dir = 'ltr', children }: LayoutProps) {
  return (
    <>
    {raw('<!doctype html>')}
    <html lang={lang} dir={dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} – Signpost`}</title>
        <link rel="stylesheet" href="/styles.css" />
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="site-header">
          <a href="/" class="brand">
            Signpost
          </a>
        </header>
        <main id="main" tabindex={-1}>
          {children}
        </main>
      </body>
    </html>
    </>
  )
}
