import type { Child } from 'hono/jsx'
import { MessagePage } from '../../ui/message-page.tsx'
import { layoutProps, type Frame } from './frame.ts'

/** A respondent's one-message page (thanks, closed, not open yet, already used), in their language and display. */
export function RespondentMessage({ title, children, frame }: { title: string; children: Child; frame: Frame }) {
  return (
    <MessagePage title={title} layout={layoutProps(frame)} backLabel={frame.text.backToStart}>
      {children}
    </MessagePage>
  )
}
