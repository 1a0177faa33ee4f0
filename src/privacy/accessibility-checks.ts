/**
 * The automated accessibility checks Signpost's own test suite runs (`npm test`), as the
 * accessibility statement lists them. test/privacy/accessibility.test.ts keeps this list true:
 * it reads the browser tests and fails when a file that runs axe-core is missing here, a file
 * listed here no longer runs it, or the WCAG rule sets differ from the ones axe is run with.
 * Nothing here says the checks passed: the statement says what is checked, and how.
 */

/** The axe-core rule sets the browser tests run (test/browser/support.ts, axeOptions). */
export const axeRuleSets = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] as const

/** Each browser test file that runs axe-core on real pages in Chromium, and what it covers. */
export const automatedChecks: { file: string; covers: string }[] = [
  {
    file: 'test/browser/respondent.test.ts',
    covers:
      'every page of both surveys in every mode (all on one page, one question at a time, easy read, large text) and language, at 320 px and desktop widths; keyboard-only answering; a visible focus on every control; no sideways scrolling',
  },
  {
    file: 'test/browser/staff.test.ts',
    covers: 'every staff page at 375 and 1280 px, for a coordinator and a partnership lead; a visible focus; unique ids; no sideways scrolling',
  },
  { file: 'test/browser/framework.test.ts', covers: 'every page of the IAG Improvement Framework, for the partnership lead and a coordinator' },
  {
    file: 'test/browser/import.test.ts',
    covers:
      'every step of importing an earlier year’s file: the upload, matching its columns and answers, the warnings, the confirmation and removing it, with and without JavaScript',
  },
  { file: 'test/browser/accounts.test.ts', covers: 'the accounts pages, your own account and two-factor sign-in, at 375 and 1280 px' },
  { file: 'test/browser/journeys.test.ts', covers: 'the pages met on the way through whole journeys, from opening a round to reading its report' },
]

/** What automated checks do not find, and the known gaps, said plainly on the statement. */
export const knownIssues: string[] = [
  'The PDF downloads (the governors’ summary, the partnership’s pack of summaries, the framework matrix and the printed access sheets and code slips) are not tagged PDFs: a screen reader may read them out of order or not at all. The same figures are on the web pages and in the CSV downloads.',
  'The translations of the surveys are drafts written with machine help. A fluent speaker has not yet checked every one.',
  'The privacy notice is written in English, Polish and Romanian (the two translations are drafts, not yet checked by a fluent speaker), not yet in Urdu: asked for in Urdu, its page says so and shows the English.',
  'Automated checks find only some accessibility problems. The pages have not yet been tested by disabled people using their own assistive technology.',
]
