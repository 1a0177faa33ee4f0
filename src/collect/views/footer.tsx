import type { Audience } from '../../surveys/audience.ts'

/** Whose notice a page links to: the audience of its survey, and the partnership whose settings the notice gives. */
export type NoticeLink = { audience: Audience; partnership?: string }

/**
 * The respondent pages' footer: the privacy notice (in the page's language; the one for the
 * survey's audience, the easy-read one for a student in easy read; a page before any survey, the
 * start page, links the students', which links every other) and the accessibility statement.
 * Not on a kiosk, whose every link would leave the survey on a shared tablet.
 */
export function respondentFooter(
  frame: {
    lang: string
    text: { privacyLink: string; accessibilityLink: string }
    display: { easy: boolean; kiosk: boolean }
  },
  link: NoticeLink = { audience: 'student' },
) {
  if (frame.display.kiosk) return undefined
  const notice = link.audience === 'student' && frame.display.easy ? 'easy' : link.audience
  const p = link.partnership ? `&p=${encodeURIComponent(link.partnership)}` : ''
  return (
    <footer class="site-footer">
      <a href={`/privacy?lang=${frame.lang}&for=${notice}${p}`}>{frame.text.privacyLink}</a>
      <a href={`/accessibility${link.partnership ? `?p=${encodeURIComponent(link.partnership)}` : ''}`}>{frame.text.accessibilityLink}</a>
    </footer>
  )
}
