/**
 * The respondent pages' footer: the privacy notice (in the page's language, the easy-read one in
 * easy read) and the accessibility statement. Not on a kiosk, whose every link would leave the
 * survey on a shared tablet.
 */
export function respondentFooter(frame: {
  lang: string
  text: { privacyLink: string; accessibilityLink: string }
  display: { easy: boolean; kiosk: boolean }
}) {
  if (frame.display.kiosk) return undefined
  const notice = frame.display.easy ? 'easy' : 'student'
  return (
    <footer class="site-footer">
      <a href={`/privacy?lang=${frame.lang}&for=${notice}`}>{frame.text.privacyLink}</a>
      <a href="/accessibility">{frame.text.accessibilityLink}</a>
    </footer>
  )
}
