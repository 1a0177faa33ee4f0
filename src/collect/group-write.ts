import type { InStatement } from '@libsql/client/web'
import type { Db } from '../db/database.ts'
import { isConstraintError } from '../db/errors.ts'
import { isLimitReached } from '../http/rate-limit.ts'
import { parseSettings } from '../org/settings.ts'
import { today } from '../rounds/academic-year.ts'
import { arrivalStatement, arrivalTag, arrivalWindowOf } from '../rounds/arrivals.ts'
import { availability, type Availability } from '../rounds/rounds.ts'
import { catchUpStatements } from '../rounds/shown-figures.ts'
import { voidTag } from '../rounds/void-tag.ts'
import { countHits, roomLeft, roundLimit, windowTag } from './submission-limit.ts'

/**
 * Writing responses in groups: the statements a group of responses is stored with, the one read
 * that decides before writing which of them can be stored, and the split of a group that fails.
 *
 * Every statement has a fixed SQL text, whatever the number of responses, answers or rounds: the
 * rows go in as one JSON value that `json_each` expands, so SQLite compiles the same few
 * statements again and again and no SQL is built per request. The tallies of a group are added
 * up in memory first: one upsert row per distinct (round, question, value) and per distinct
 * profile cell for the whole group, one step of each round's submission counter, one arrival
 * count per round and window, and the figures' catch-up once per round.
 */

/** One answer row as stored: question key, value, scale (1-5, or null). */
export type AnswerTuple = [key: string, value: string, scale: number | null]
/** One profile tally cell: profile key, group value, question key ('' for the group's size), point. */
export type ProfileTuple = [profileKey: string, group: string, questionKey: string, point: number]

/** A response ready to be written: what it stores and what it adds to the tallies. */
export type ResponseJob = {
  roundId: number
  submissionId: string
  day: string
  language: string
  answers: AnswerTuple[]
  /** Every (question, value) answered, and (question, '') once per question answered. */
  tallies: AnswerTuple[]
  profiles: ProfileTuple[]
  /** The one-time token it is sent with (its hash), or null. */
  tokenHash: string | null
  /** When it arrived: its day is stored; its window counts the round's arrivals and the limit. */
  now: Date
}

/** What became of a response: stored, or why not. */
export type WriteOutcome = 'stored' | 'duplicate' | 'token-used' | 'limit' | Exclude<Availability, 'open'> | 'token-required'

const insertUsedTokens = 'INSERT INTO used_tokens (token_hash) SELECT value FROM json_each(?)'
// one step of each class label's counter per token used: read from the tokens' own labels, never from the responses
const countLabelUses = `INSERT INTO label_uses (round_id, label, used)
  SELECT round_id, coalesce(label, ''), count(*) FROM access_tokens WHERE token_hash IN (SELECT value FROM json_each(?1)) GROUP BY 1, 2
  ON CONFLICT (round_id, label) DO UPDATE SET used = used + excluded.used`
const insertResponses = `INSERT INTO responses (id, round_id, submission_id, submitted_on, language, void_tag)
  SELECT value ->> 4, value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 5 FROM json_each(?)`
// the void tags of the days before today: a flood can be voided on its own day only (rounds/void.ts)
const eraseVoidTags = 'UPDATE responses SET void_tag = NULL WHERE void_tag IS NOT NULL AND submitted_on < ?'

/** The statement that erases the void tags of responses that arrived before `day` (YYYY-MM-DD): they are kept for the day of arrival only. */
export const eraseVoidTagsBefore = (day: string): InStatement => ({ sql: eraseVoidTags, args: [day] })

/**
 * A new response's id: a random integer from 2^52 to 2^53 - 1, so that ids do not follow the
 * order responses arrived in (a sequential id would keep that order for as long as the rows are
 * kept). Imports take their blocks below 2^52 (importers/staging.ts), so the two never meet;
 * two collected responses drawing the same id (one chance in about 2^52 / n) make their batch
 * fail on the primary key, and the retry draws again (`settleGroup`). JavaScript numbers, and
 * the JSON the ids go in as, are exact up to 2^53.
 */
export function randomResponseId(): number {
  const [high, low] = crypto.getRandomValues(new Uint32Array(2))
  return 2 ** 52 + (high! % 2 ** 20) * 2 ** 32 + low!
}
// each element: [round, submissionId, [[key, value, scale], ...]]; the response's id is found by its unique key
const insertAnswers = `INSERT INTO answers (response_id, round_id, question_key, value, scale)
  SELECT r.id, r.round_id, a.value ->> 0, a.value ->> 1, a.value ->> 2
  FROM json_each(?) j JOIN responses r ON r.round_id = j.value ->> 0 AND r.submission_id = j.value ->> 1, json_each(j.value, '$[2]') a`
const upsertAnswerTallies = `INSERT INTO answer_tallies (round_id, question_key, value, scale, n)
  SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4 FROM json_each(?) WHERE true
  ON CONFLICT (round_id, question_key, value) DO UPDATE SET n = n + excluded.n`
const upsertProfileTallies = `INSERT INTO profile_tallies (round_id, profile_key, group_value, question_key, point, n)
  SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5 FROM json_each(?) WHERE true
  ON CONFLICT (round_id, profile_key, group_value, question_key, point) DO UPDATE SET n = n + excluded.n`

/**
 * The statements that store some responses, their answers and their tallies, merged: no
 * counters (limit, arrivals, figures). Also what an import or the demo data writes.
 */
export function storeStatements(jobs: readonly ResponseJob[], voidTagOf: (job: ResponseJob) => number | null = () => null): InStatement[] {
  if (jobs.length === 0) return []
  const statements: InStatement[] = []
  const tokens = jobs.flatMap((j) => (j.tokenHash ? [j.tokenHash] : []))
  if (tokens.length > 0) {
    statements.push({ sql: insertUsedTokens, args: [JSON.stringify(tokens)] }, { sql: countLabelUses, args: [JSON.stringify(tokens)] })
  }
  // a new random id for each response at each attempt: a retry after a clash of ids draws again
  statements.push({
    sql: insertResponses,
    args: [JSON.stringify(jobs.map((j) => [j.roundId, j.submissionId, j.day, j.language, randomResponseId(), voidTagOf(j)]))],
  })
  const withAnswers = jobs.filter((j) => j.answers.length > 0)
  if (withAnswers.length > 0) {
    statements.push({ sql: insertAnswers, args: [JSON.stringify(withAnswers.map((j) => [j.roundId, j.submissionId, j.answers]))] })
  }
  const tallies = new Map<string, [number, string, string, number | null, number]>()
  const profiles = new Map<string, [number, string, string, string, number, number]>()
  for (const j of jobs) {
    for (const [key, value, scale] of j.tallies) {
      const id = `${j.roundId}\u0000${key}\u0000${value}`
      const row = tallies.get(id)
      if (row) row[4]++
      else tallies.set(id, [j.roundId, key, value, scale, 1])
    }
    for (const [profileKey, group, questionKey, point] of j.profiles) {
      const id = `${j.roundId}\u0000${profileKey}\u0000${group}\u0000${questionKey}\u0000${point}`
      const row = profiles.get(id)
      if (row) row[5]++
      else profiles.set(id, [j.roundId, profileKey, group, questionKey, point, 1])
    }
  }
  if (tallies.size > 0) statements.push({ sql: upsertAnswerTallies, args: [JSON.stringify([...tallies.values()])] })
  if (profiles.size > 0) statements.push({ sql: upsertProfileTallies, args: [JSON.stringify([...profiles.values()])] })
  return statements
}

/** What the group's read says of a round: whether it takes answers, its access and its partnership's settings. */
export type RoundState = {
  id: number
  status: 'open' | 'closed'
  opensOn: string | null
  closesOn: string | null
  tokensRequired: boolean
  source: string
  settings: string | null
  /** The responses the figures rest on (`rounds.shown_respondents`), and the responses stored, when the group was read. */
  shownRespondents: number
  stored: number
  /** The tag of the submission window the group's latest response falls in (submission-limit.ts `windowTag`): what its counter stores. */
  windowTag: string
  /** The tags of the arrival windows the group's responses fall in, by window (code-only rounds; rounds/arrivals.ts `arrivalTag`). */
  arrivalTags: Map<number, number>
  /** The void tags of those windows, which the responses keep for their day (code-only rounds; rounds/void.ts `voidTag`). */
  voidTags: Map<number, number>
}

/**
 * How many of a round's `arriving` responses come before the figures' last step in this group,
 * or 0 when no step is due (rounds/shown-figures.ts). Written one at a time, the figures would
 * step each time the round's count reached the responses they rest on plus the minimum cohort;
 * a group gives the same figures when it writes the responses up to the last such step, then the
 * catch-up, then the rest: the figures then rest on exactly what they would have rested on.
 */
export function stepPoint(round: Pick<RoundState, 'stored' | 'shownRespondents' | 'settings'>, arriving: number): number {
  const step = parseSettings(round.settings).minCohort
  let shown = round.shownRespondents
  for (let count = round.stored + 1; count <= round.stored + arriving; count++) if (count >= shown + step) shown = count
  return shown > round.shownRespondents ? shown - round.stored : 0
}

/**
 * The statements that store a group and move its counters: the responses up to each round's
 * last step of the figures (storeStatements, merged across rounds), the catch-up of those rounds
 * (rounds/shown-figures.ts), the rest of the responses, the arrivals of code-only rounds (one
 * statement per round and window, in order) and, last, each round's submission counter, one
 * step for the group.
 */
export function groupStatements(jobs: readonly ResponseJob[], rounds: ReadonlyMap<number, RoundState>, erasedBefore?: string): InStatement[] {
  const byRound = new Map<number, ResponseJob[]>()
  for (const j of jobs) byRound.set(j.roundId, [...(byRound.get(j.roundId) ?? []), j])
  const before: ResponseJob[] = []
  const after: ResponseJob[] = []
  const catchUp: InStatement[] = []
  const arrivals: InStatement[] = []
  const counters: InStatement[] = []
  for (const [roundId, list] of byRound) {
    const round = rounds.get(roundId)!
    const point = stepPoint(round, list.length)
    before.push(...list.slice(0, point))
    after.push(...list.slice(point))
    if (point > 0) catchUp.push(...catchUpStatements(roundId, parseSettings(round.settings).minCohort))
    if (!round.tokensRequired && round.source === 'collected') {
      const windows = new Map<number, number>()
      for (const j of list) {
        const w = arrivalWindowOf(j.now)
        windows.set(w, (windows.get(w) ?? 0) + 1)
      }
      for (const [w, n] of [...windows].sort(([a], [b]) => a - b)) arrivals.push(arrivalStatement(roundId, round.arrivalTags.get(w)!, n))
    }
    counters.push(countHits(roundLimit(roundId, round.settings), round.windowTag, list.length))
  }
  const voidTagOf = (j: ResponseJob) => rounds.get(j.roundId)!.voidTags.get(arrivalWindowOf(j.now)) ?? null
  // the void tags of earlier days go in the same batch: a tag is never kept past the day it was given. The statement reads every
  // tagged row (all of today's), so it is left out when this process has already erased the tags before the same day (`erasedBefore`)
  const day = groupDay(jobs)
  const erase = erasedBefore === day ? [] : [eraseVoidTagsBefore(day)]
  return [...storeStatements(before, voidTagOf), ...catchUp, ...storeStatements(after, voidTagOf), ...arrivals, ...counters, ...erase]
}

/** The day of a group's latest response: its batch erases the void tags of the days before it. */
const groupDay = (jobs: readonly ResponseJob[]) => today(jobs.reduce((a, j) => (j.now > a ? j.now : a), jobs[0]!.now))

/**
 * The day before which this process last erased the void tags, by database handle. Tags are given
 * to the responses of the day they arrive on, so once the tags before a day are erased, another
 * group of that same day has none of earlier days to erase (a clock set back, or the next day, is
 * another day: the erase is written again). The retention schedule erases them too, every day.
 */
const erasedBeforeDay = new WeakMap<Db, string>()

const readRounds = `SELECT r.id, r.status, r.opens_on, r.closes_on, r.tokens_required, r.source, p.settings,
    r.shown_respondents, r.response_count AS stored
  FROM rounds r JOIN institutions i ON i.id = r.institution_id JOIN partnerships p ON p.id = i.partnership_id
  WHERE r.id IN (SELECT value FROM json_each(?))`
const readStored = `SELECT j.key AS i FROM json_each(?) j
  WHERE EXISTS (SELECT 1 FROM responses WHERE round_id = j.value ->> 0 AND submission_id = j.value ->> 1)`
const readUsed = `SELECT j.key AS i FROM json_each(?) j WHERE EXISTS (SELECT 1 FROM used_tokens WHERE token_hash = j.value)`
const readLimits = 'SELECT key, window_start, count FROM rate_limits WHERE key IN (SELECT value FROM json_each(?))'

/** The plan for a group: an outcome for each response decided without writing, the ones to write, and the ones for the next group. */
export type Plan = { decided: Map<ResponseJob, WriteOutcome>; write: ResponseJob[]; later: ResponseJob[]; rounds: Map<number, RoundState> }

/**
 * One read, before writing, that decides every response it can: its round closed (or not open
 * yet) since the request was let in, a one-time token now needed, the submissionId already
 * stored, the token already used, the round's window full. A response that repeats the
 * submissionId or the token of one before it in the same group is not written with it: once the
 * first is stored it is answered at once (`settleGroup`); otherwise it waits for the next group,
 * whose read decides it. The write then fails only in
 * a race with another process; the database decides then (write-queue.ts splits the group).
 */
export async function planGroup(db: Db, jobs: readonly ResponseJob[]): Promise<Plan> {
  const roundIds = [...new Set(jobs.map((j) => j.roundId))]
  const tokens = jobs.map((j) => j.tokenHash ?? '')
  const limitKeys = roundIds.map((id) => roundLimit(id, null).key)
  const [roundRows, storedRows, usedRows, limitRows] = await db.$client.batch(
    [
      { sql: readRounds, args: [JSON.stringify(roundIds)] },
      { sql: readStored, args: [JSON.stringify(jobs.map((j) => [j.roundId, j.submissionId]))] },
      { sql: readUsed, args: [JSON.stringify(tokens)] },
      { sql: readLimits, args: [JSON.stringify(limitKeys)] },
    ],
    'read',
  )
  const rounds = new Map<number, RoundState>(
    roundRows!.rows.map((r) => [
      Number(r.id),
      {
        id: Number(r.id),
        status: String(r.status) as RoundState['status'],
        opensOn: r.opens_on === null ? null : String(r.opens_on),
        closesOn: r.closes_on === null ? null : String(r.closes_on),
        tokensRequired: Boolean(Number(r.tokens_required)),
        source: String(r.source),
        settings: r.settings === null ? null : String(r.settings),
        shownRespondents: Number(r.shown_respondents),
        stored: Number(r.stored),
        windowTag: '',
        arrivalTags: new Map(),
        voidTags: new Map(),
      },
    ]),
  )
  // each round's window is the one its latest response arrives in (a group spans a few milliseconds)
  const latest = new Map<number, Date>()
  for (const j of jobs) if (!latest.has(j.roundId) || j.now > latest.get(j.roundId)!) latest.set(j.roundId, j.now)
  for (const round of rounds.values()) round.windowTag = await windowTag(round.id, roundLimit(round.id, round.settings), latest.get(round.id)!)
  for (const j of jobs) {
    const round = rounds.get(j.roundId)
    if (!round || round.tokensRequired || round.source !== 'collected') continue
    const w = arrivalWindowOf(j.now)
    if (!round.arrivalTags.has(w)) round.arrivalTags.set(w, await arrivalTag(round.id, w))
    if (!round.voidTags.has(w)) round.voidTags.set(w, await voidTag(round.id, w))
  }
  const stored = new Set(storedRows!.rows.map((r) => Number(r.i)))
  const used = new Set(usedRows!.rows.map((r) => Number(r.i)))
  const limitsByKey = new Map(limitRows!.rows.map((r) => [String(r.key), { windowStart: String(r.window_start), count: Number(r.count) }]))

  const plan: Plan = { decided: new Map(), write: [], later: [], rounds }
  const room = new Map<number, number>()
  const submissions = new Set<string>()
  const tokensSeen = new Set<string>()
  jobs.forEach((job, i) => {
    const round = rounds.get(job.roundId)
    const state = round ? availability(round, today(job.now)) : 'closed'
    if (!round || state !== 'open') return plan.decided.set(job, state === 'open' ? 'closed' : state)
    if (round.tokensRequired && !job.tokenHash) return plan.decided.set(job, 'token-required')
    // the same submission sent again gets the answer the first post got, also with its used token
    if (stored.has(i)) return plan.decided.set(job, 'duplicate')
    if (job.tokenHash && used.has(i)) return plan.decided.set(job, 'token-used')
    const submission = `${job.roundId}\u0000${job.submissionId}`
    if (submissions.has(submission) || (job.tokenHash && tokensSeen.has(job.tokenHash))) return plan.later.push(job)
    const limit = roundLimit(job.roundId, round.settings)
    const left = room.get(job.roundId) ?? roomLeft(limit, limitsByKey.get(limit.key), round.windowTag)
    if (left <= 0) return plan.decided.set(job, 'limit')
    room.set(job.roundId, left - 1)
    submissions.add(submission)
    if (job.tokenHash) tokensSeen.add(job.tokenHash)
    plan.write.push(job)
  })
  return plan
}

/**
 * Stores a group: plans it, writes what the plan lets through in one atomic batch (`commit`),
 * and if that batch fails, splits it in halves, each planned and written again, until every
 * response has its own outcome. A response written alone carries only its own tallies and
 * counters. Outcomes go into `outcomes` (an Error for a write that failed for another reason
 * than a constraint); responses to try with the next group go into `later`.
 */
export async function settleGroup(
  db: Db,
  jobs: readonly ResponseJob[],
  commit: (statements: InStatement[], jobs: readonly ResponseJob[]) => Promise<void>,
  outcomes: Map<ResponseJob, WriteOutcome | Error>,
  later: ResponseJob[],
  replanned = false,
): Promise<void> {
  const plan = await planGroup(db, jobs)
  for (const [job, outcome] of plan.decided) outcomes.set(job, outcome)
  if (plan.write.length === 0) return void later.push(...plan.later)
  try {
    await commit(groupStatements(plan.write, plan.rounds, erasedBeforeDay.get(db)), plan.write)
    erasedBeforeDay.set(db, groupDay(plan.write))
    for (const job of plan.write) outcomes.set(job, 'stored')
    // a repeat of a response stored now gets its answer at once, as the next group's read would give it: the
    // same submission is a duplicate (whatever its token), another submission with the same token finds it used
    const storedSubmissions = new Set(plan.write.map((j) => `${j.roundId}\u0000${j.submissionId}`))
    const usedTokens = new Set(plan.write.flatMap((j) => (j.tokenHash ? [j.tokenHash] : [])))
    for (const job of plan.later) {
      if (storedSubmissions.has(`${job.roundId}\u0000${job.submissionId}`)) outcomes.set(job, 'duplicate')
      else if (job.tokenHash && usedTokens.has(job.tokenHash)) outcomes.set(job, 'token-used')
      else later.push(job)
    }
  } catch (error) {
    later.push(...plan.later)
    if (plan.write.length > 1) {
      const half = Math.ceil(plan.write.length / 2)
      await settleGroup(db, plan.write.slice(0, half), commit, outcomes, later)
      await settleGroup(db, plan.write.slice(half), commit, outcomes, later)
      return
    }
    const [job] = plan.write as [ResponseJob]
    if (isLimitReached(error)) return void outcomes.set(job, 'limit')
    // another writer stored the same submission or used the token between the read and the write: read again, once
    if (isConstraintError(error) && !replanned) return settleGroup(db, [job], commit, outcomes, later, true)
    outcomes.set(job, error instanceof Error ? error : new Error(String(error)))
  }
}
