import type { Child } from 'hono/jsx'
import { Layout } from '../../ui/layout.tsx'
import { defaultDisplay } from './display.ts'
import { englishFrame, layoutProps, type Frame } from './frame.ts'

/**
 * A short page that says one thing: thanks, closed, not open yet, already used, not found.
 * In the respondent's language when a frame is given, in English otherwise (errors.tsx).
 */
export function MessagePage({ title, children, frame = englishFrame(defaultDisplay) }: { title: string; children: Child; frame?: Frame }) {
  const home = layoutProps(frame).home
  return (
    <Layout title={title} {...layoutProps(frame)}>
      <h1>{title}</h1>
      {children}
      <p>
        <a href={home} class="back-link">
          {frame.text.backToStart}
        </a>
      </p>
    </Layout>
  )
}
