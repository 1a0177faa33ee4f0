import type { Child } from 'hono/jsx'
import { Layout } from '../../ui/layout.tsx'

/** A short page that says one thing: thanks, closed, not open yet, already used, not found. */
export function MessagePage({ title, children, lang }: { title: string; children: Child; lang?: string }) {
  return (
    <Layout title={title} lang={lang}>
      <h1>{title}</h1>
      {children}
      <p>
        <a href="/">Back to the start page</a>
      </p>
    </Layout>
  )
}
