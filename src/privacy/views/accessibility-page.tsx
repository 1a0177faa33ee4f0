import { Layout } from '../../ui/layout.tsx'
import { automatedChecks, axeRuleSets, knownIssues } from '../accessibility-checks.ts'
import type { NoticeFacts } from '../notice-text.ts'
import { ContactLines } from './contact-lines.tsx'
import { capitalised } from '../../ui/words.ts'

const longDate = (day: string) => new Date(`${day}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })

/**
 * The accessibility statement, in the parts the Public Sector Bodies (Websites and Mobile
 * Applications) (No. 2) Accessibility Regulations 2018 ask for: who runs the site, how
 * accessible it is, how to get another format, how to report a problem, the enforcement
 * procedure, the compliance status against WCAG 2.2 AA with the content that does not meet it,
 * and how and when the statement was prepared. Built from the partnership's settings and the
 * list of checks the test suite keeps true.
 */
export function AccessibilityPage({
  facts,
  reviewedOn,
  host,
}: {
  facts: Pick<NoticeFacts, 'partnership' | 'contact'>
  reviewedOn: string | null
  host: string
}) {
  const runBy = facts.partnership ?? 'the local authority or school that uses it'
  const contact = facts.contact
  return (
    <Layout title="Accessibility statement">
      <h1>Accessibility statement for Signpost</h1>
      <p>
        This statement is about Signpost at <span dir="ltr">{host}</span>: the careers surveys that students, parents and carers answer, and the staff pages
        that show the results. It is run by {runBy}.
      </p>
      <p>
        We want as many people as possible to be able to use it. For example, you should be able to zoom in up to 400% without the text spilling off the screen
        (the survey pages are checked at 320 pixels wide), get around with a keyboard only, and listen to the web pages with a screen reader. Each survey also
        has an easy-read version and a large-text version, and can be answered one question at a time.
      </p>

      <h2>How accessible this website is</h2>
      <p>We know some parts are not fully accessible:</p>
      <ul data-known-issues>
        {knownIssues.map((issue) => (
          <li>{issue}</li>
        ))}
      </ul>

      <h2>Feedback, contact information and other formats</h2>
      <p>
        If you need anything on this website in another format, like large print, easy read, an audio recording or braille, or if you find a problem, contact:
      </p>
      {contact ? <ContactLines contact={contact} /> : <p data-no-contact>The careers lead at your school, who can send your request on to {runBy}.</p>}
      <p>Say which page it is about and what you need. We will tell you how long it will take.</p>

      <h2>Enforcement procedure</h2>
      <p>
        The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2)
        Accessibility Regulations 2018 (the “accessibility regulations”). If you are not happy with how we respond to your complaint, contact the{' '}
        <a href="https://www.equalityadvisoryservice.com/">Equality Advisory and Support Service (EASS)</a>.
      </p>

      <h2>Technical information about this website’s accessibility</h2>
      <p>{capitalised(runBy)} is committed to making its website accessible, in accordance with the accessibility regulations.</p>
      <h3>Compliance status</h3>
      <p data-compliance>
        This website is partially compliant with the <a href="https://www.w3.org/TR/WCAG22/">Web Content Accessibility Guidelines version 2.2</a> AA standard,
        due to the non-compliances listed below.
      </p>
      <h3>Non-accessible content</h3>
      <p>
        The PDF downloads are not tagged, so they do not meet success criterion 1.3.1 (info and relationships) or 1.3.2 (meaningful sequence). Every figure in
        them is also on the web pages and in the CSV downloads, which are accessible.
      </p>
      <p>We do not claim that fixing any part would be a disproportionate burden.</p>

      <h2>How this website is tested</h2>
      <p>
        Every change to Signpost runs automated checks in a real browser (Chromium), with axe-core and these WCAG rule sets:{' '}
        <span dir="ltr">{axeRuleSets.join(', ')}</span>, with the rule that targets are at least 24 by 24 pixels switched on. The checks, and what each covers:
      </p>
      <ul data-checks>
        {automatedChecks.map((c) => (
          <li>
            <code>{c.file}</code>: {c.covers}
          </li>
        ))}
      </ul>
      <p>Automated checks find only some problems, so they are not the whole of an audit.</p>

      <h2>Preparation of this accessibility statement</h2>
      {reviewedOn ? (
        <p data-reviewed>
          This statement was last reviewed by {runBy} on {longDate(reviewedOn)}.
        </p>
      ) : (
        <p data-reviewed>
          {capitalised(runBy)} has not yet recorded a review of this statement. The list of checks above is kept up to date by Signpost’s own tests.
        </p>
      )}
    </Layout>
  )
}
