import type { InStatement } from '@libsql/client/web'
import { auditStatement, type AuditActor } from '../audit/log.ts'
import { eraseVoidTagsBefore } from '../collect/group-write.ts'
import { roundLimit, windowAt, windowTag } from '../collect/submission-limit.ts'
import type { Db } from '../db/database.ts'
import { writeBatch } from '../db/writer.ts'
import { settingsOf } from '../org/settings.ts'
import { profileQuestions, scoredQuestions, type Survey } from '../surveys/schema.ts'
import { today } from './academic-year.ts'
import { arrivalTag, arrivalWindowMinutes, arrivalWindowOf } from './arrivals.ts'
import { voidTag } from './void-tag.ts'

/**
 * Voiding a flood: the partnership lead takes out, as a whole, the responses of a code-only round
 * that arrived in one 10-minute window of today, as one atomic batch with its audit entry.
 *
 * How a window is named without a stored time: each response of a code-only round keeps, on the
 * day it arrived only, a keyed tag of its window (`responses.void_tag`, rounds/void-tag.ts). The
 * server, which holds the secret, works out the tag of each of today's windows and so can say
 * which tag is 09:30 to 09:40; the database alone cannot. The tags of earlier days are erased by
 * the first write of each day (and here), so a flood can be voided only on its own day.
 *
 * Anonymity: only windows with at least twice the minimum cohort of responses are listed or can
 * be voided. A void moves the figures once, to every response left; the views before and after
 * then differ by the voided responses that were shown and the waiting ones that were not, which
 * is at least the minimum cohort when at least 2 × minCohort − 1 go (fewer than minCohort were
 * waiting). A smaller window could be voided to learn a few people's answers by subtraction.
 */

/** One of today's arrival windows, with the responses still tagged with it. */
export type VoidWindow = {
  /** Minutes since 1970 at its start (a multiple of 10): what the form sends back. */
  window: number
  starts: Date
  ends: Date
  /** Exact: the page shows it rounded down to a multiple of the minimum cohort. */
  responses: number
}

export type VoidOverview = {
  /** Why nothing can be voided in this round, or null when it can. */
  notVoidable: 'tokens-required' | 'imported' | null
  /** The least a window must hold to be voided: 2 × minCohort. */
  minimum: number
  minCohort: number
  /** Today's windows that hold at least `minimum` responses, the latest first. */
  windows: VoidWindow[]
}

type VoidRound = { id: number; tokensRequired: boolean; source: string; institutionId: number }

/** The least number of responses a window must hold to be voided. */
export const voidMinimum = (minCohort: number) => 2 * minCohort

/** The windows of `now`'s day (UTC, as `submitted_on` keeps it) up to the current one, in minutes since 1970. */
function windowsOfToday(now: Date): number[] {
  const day = today(now)
  const list: number[] = []
  for (let w = arrivalWindowOf(now); today(new Date(w * 60_000)) === day; w -= arrivalWindowMinutes) list.push(w)
  return list
}

/** Today's windows of a round that can be voided (and erases the void tags of earlier days first). */
export async function voidOverview(db: Db, round: VoidRound, partnershipId: number, now: Date): Promise<VoidOverview> {
  const { minCohort } = await settingsOf(db, partnershipId)
  const minimum = voidMinimum(minCohort)
  const notVoidable = round.tokensRequired ? 'tokens-required' : round.source !== 'collected' ? 'imported' : null
  if (notVoidable) return { notVoidable, minimum, minCohort, windows: [] }
  await db.$client.execute(eraseVoidTagsBefore(today(now)))
  const rs = await db.$client.execute({
    sql: `SELECT void_tag AS tag, count(*) AS n FROM responses WHERE round_id = ? AND void_tag IS NOT NULL AND submitted_on = ? GROUP BY void_tag HAVING count(*) >= ?`,
    args: [round.id, today(now), minimum],
  })
  const counts = new Map(rs.rows.map((r) => [Number(r.tag), Number(r.n)]))
  const windows: VoidWindow[] = []
  if (counts.size > 0) {
    for (const w of windowsOfToday(now)) {
      const n = counts.get(await voidTag(round.id, w))
      if (n !== undefined) windows.push({ window: w, starts: new Date(w * 60_000), ends: new Date((w + arrivalWindowMinutes) * 60_000), responses: n })
    }
  }
  return { notVoidable: null, minimum, minCohort, windows }
}

/** Why a void was refused, in words for the lead. */
export class VoidRefused extends Error {}

/** The answer and profile tallies the voided responses added, taken off, as `storeStatements` added them (collect/group-write.ts). */
function untallyStatements(roundId: number, tag: number, survey: Survey): InStatement[] {
  const voided = 'SELECT id FROM responses WHERE round_id = ?1 AND void_tag = ?2'
  const profiles = JSON.stringify(profileQuestions(survey).map((p) => p.key))
  const scored = JSON.stringify(scoredQuestions(survey).map((q) => q.key))
  return [
    {
      // every (question, value) answered, and (question, '') once per question a response answered
      sql: `UPDATE answer_tallies SET n = answer_tallies.n - d.dn
            FROM (SELECT k, v, count(*) AS dn FROM (
                    SELECT question_key AS k, value AS v, response_id FROM answers WHERE round_id = ?1 AND response_id IN (${voided})
                    UNION ALL
                    SELECT DISTINCT question_key AS k, '' AS v, response_id FROM answers WHERE round_id = ?1 AND response_id IN (${voided})
                  ) GROUP BY k, v) AS d
            WHERE answer_tallies.round_id = ?1 AND answer_tallies.question_key = d.k AND answer_tallies.value = d.v`,
      args: [roundId, tag],
    },
    {
      // per profile question: the response's group (its answer, or ''), once for the group's size and once per scored answer
      sql: `UPDATE profile_tallies SET n = profile_tallies.n - d.dn
            FROM (WITH g AS (
                    SELECT r.id AS rid, p.value AS pk,
                      coalesce((SELECT a.value FROM answers a WHERE a.round_id = ?1 AND a.question_key = p.value AND a.response_id = r.id LIMIT 1), '') AS grp
                    FROM responses r, json_each(?3) p WHERE r.round_id = ?1 AND r.void_tag = ?2
                  )
                  SELECT pk, grp, qk, pt, count(*) AS dn FROM (
                    SELECT pk, grp, '' AS qk, 0 AS pt FROM g
                    UNION ALL
                    SELECT g.pk, g.grp, a.question_key, coalesce(a.scale, 0) FROM g
                      JOIN answers a ON a.round_id = ?1 AND a.response_id = g.rid AND a.question_key IN (SELECT value FROM json_each(?4))
                  ) GROUP BY pk, grp, qk, pt) AS d
            WHERE profile_tallies.round_id = ?1 AND profile_key = d.pk AND group_value = d.grp AND question_key = d.qk AND profile_tallies.point = d.pt`,
      args: [roundId, tag, profiles, scored],
    },
    { sql: 'DELETE FROM answer_tallies WHERE round_id = ? AND n <= 0', args: [roundId] },
    { sql: 'DELETE FROM profile_tallies WHERE round_id = ? AND n <= 0', args: [roundId] },
  ]
}

/**
 * Voids the responses of `round` that arrived in the 10-minute window starting at `window`
 * (minutes since 1970) today: deletes them and their answers, takes them off the tallies, the
 * round's arrival counts and (when the window is the one the submission limit counts now) its
 * counter, moves the figures to every response left, and records it in the audit log: one
 * atomic batch. Returns how many were voided.
 */
export async function voidWindow(
  db: Db,
  round: VoidRound,
  survey: Survey,
  window: number,
  who: { actor: AuditActor; partnershipId: number; subject: string; now: Date },
): Promise<number> {
  const { now } = who
  const overview = await voidOverview(db, round, who.partnershipId, now)
  if (overview.notVoidable === 'tokens-required')
    throw new VoidRefused('This round needs a one-time code for each response, so it cannot be flooded: there is nothing to void.')
  if (overview.notVoidable) throw new VoidRefused('This round was imported from a file: to take it out, remove the import.')
  if (!windowsOfToday(now).includes(window))
    throw new VoidRefused('Only a window of today can be voided: the responses keep nothing that tells the windows of earlier days apart.')
  const tag = await voidTag(round.id, window)
  const limit = roundLimit(round.id, await partnershipSettings(db, who.partnershipId))
  // the submission counter counts the current window of the limit: the voided responses give their places back if they are in it
  const windowMs = limit.windowMinutes * 60_000
  const inLimitWindow =
    Math.floor((window * 60_000) / windowMs) === windowAt(limit, now).index &&
    Math.floor(((window + arrivalWindowMinutes) * 60_000 - 1) / windowMs) === windowAt(limit, now).index
  const limitTag = await windowTag(round.id, limit, now)
  const arrival = await arrivalTag(round.id, window)
  for (let attempt = 0; attempt < 3; attempt++) {
    const rs = await db.$client.execute({ sql: 'SELECT count(*) AS n FROM responses WHERE round_id = ? AND void_tag = ?', args: [round.id, tag] })
    const count = Number(rs.rows[0]!.n)
    if (count < overview.minimum) {
      throw new VoidRefused(
        count === 0
          ? 'No responses of that window are left to void.'
          : `That window holds fewer than ${overview.minimum} responses: a smaller group cannot be voided, or taking it out could show those few people's answers.`,
      )
    }
    const voided = '(SELECT count(*) FROM responses WHERE round_id = ?1 AND void_tag = ?2)'
    const statements: InStatement[] = [
      eraseVoidTagsBefore(today(now)),
      // more responses arrived in that window since the count: the whole batch fails, and is tried again
      { sql: `SELECT CASE WHEN ${voided} = ?3 THEN 1 ELSE json('the window changed') END`, args: [round.id, tag, count] },
      ...untallyStatements(round.id, tag, survey),
      {
        sql: `UPDATE rounds SET
                arrival_window_count = CASE WHEN arrival_window_start = ?3 THEN max(0, arrival_window_count - ${voided}) ELSE arrival_window_count END,
                busiest_window_count = max(0, busiest_window_count - ${voided})
              WHERE id = ?1`,
        args: [round.id, tag, arrival],
      },
      ...(inLimitWindow
        ? [{ sql: `UPDATE rate_limits SET count = max(0, count - ${voided}) WHERE key = ?3 AND window_start = ?4`, args: [round.id, tag, limit.key, limitTag] }]
        : []),
      {
        sql: 'DELETE FROM answers WHERE round_id = ?1 AND response_id IN (SELECT id FROM responses WHERE round_id = ?1 AND void_tag = ?2)',
        args: [round.id, tag],
      },
      { sql: 'DELETE FROM responses WHERE round_id = ?1 AND void_tag = ?2', args: [round.id, tag] },
      // the figures move once, to every response left (see above for why that shows no small group)
      { sql: 'UPDATE answer_tallies SET shown = n WHERE round_id = ?', args: [round.id] },
      { sql: 'UPDATE profile_tallies SET shown = n WHERE round_id = ?', args: [round.id] },
      { sql: 'UPDATE responses SET in_figures = 1 WHERE round_id = ?', args: [round.id] },
      { sql: 'UPDATE rounds SET shown_respondents = (SELECT count(*) FROM responses WHERE round_id = ?1) WHERE id = ?1', args: [round.id] },
      auditStatement({
        action: 'responses.voided',
        actor: who.actor,
        partnershipId: who.partnershipId,
        institutionId: round.institutionId,
        roundId: round.id,
        subject: who.subject,
        // the day and the number, never the window's time
        detail: `${count} responses that arrived within 10 minutes of each other on ${today(now)}`,
        at: now,
      }),
    ]
    try {
      await writeBatch(db, statements)
      return count
    } catch (error) {
      if (!/window changed/.test(String((error as Error)?.message))) throw error
    }
  }
  throw new VoidRefused('Responses are still arriving in that window: try again in a moment.')
}

async function partnershipSettings(db: Db, partnershipId: number): Promise<string | null> {
  const rs = await db.$client.execute({ sql: 'SELECT settings FROM partnerships WHERE id = ?', args: [partnershipId] })
  return rs.rows[0] ? String(rs.rows[0].settings) : null
}
