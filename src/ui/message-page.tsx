import type { Child } from 'hono/jsx'
import { Layout, type LayoutProps } from './layout.tsx'

/**
 * A short page that says one thing: thanks, closed, not open yet, already used, not found.
 * In English unless the caller gives the layout and the way back in the reader's language.
 */
export function MessagePage({
  title,
  children,
  layout = { scripts: ['/respond.js'] },
  backLabel = 'Back to the start page',
}: {
  title: string
  children: Child
  layout?: Omit<LayoutProps, 'title' | 'children'>
  backLabel?: string
}) {
  return (
    <Layout title={title} {...layout}>
      <h1>{title}</h1>
      {children}
      <p>
        <a href={layout.home ?? '/'} class="back-link">
          {backLabel}
        </a>
      </p>
    </Layout>
  )
}
