import type { InStatement } from '@libsql/client/web'

/**
 * The figures of an open round move only in steps of the minimum cohort.
 *
 * Every tally row keeps two counts: `n`, the running count every response adds to, and `shown`,
 * the count every report, chart and export reads, open or closed. `shown` catches up with `n`,
 * for the whole round at once, only when at least `step` responses have arrived since it last did
 * (`rounds.shown_respondents` says how many it rests on). Closing does not release the responses
 * after the last step (closing straight after one student answered would show that student's
 * answers): a closed round's report says how many are held back. So between any two views of a
 * round either nothing changed or at least `minCohort` new respondents did: no view can be
 * subtracted from another to give fewer people than the cohort.
 *
 * The statements go at the end of the atomic batch that stores responses (and of closing), so
 * the step is taken in the same transaction as the response that completes it; nothing is
 * written when a report is read.
 */
export function catchUpStatements(roundId: number, step: number): InStatement[] {
  const due = `(SELECT response_count >= shown_respondents + ?2 FROM rounds WHERE id = ?1)`
  return [
    { sql: `UPDATE answer_tallies SET shown = n WHERE round_id = ?1 AND shown <> n AND ${due}`, args: [roundId, step] },
    { sql: `UPDATE profile_tallies SET shown = n WHERE round_id = ?1 AND shown <> n AND ${due}`, args: [roundId, step] },
    // which responses the figures now rest on: ids are random, so the answers export reads this, not "the first n"
    { sql: `UPDATE responses SET in_figures = 1 WHERE round_id = ?1 AND in_figures = 0 AND ${due}`, args: [roundId, step] },
    // last: the two above read the old shown_respondents
    {
      sql: `UPDATE rounds SET shown_respondents = response_count WHERE id = ?1 AND response_count >= shown_respondents + ?2`,
      args: [roundId, step],
    },
  ]
}
