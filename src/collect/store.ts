import type { InStatement } from '@libsql/client/web'
import { and, eq } from 'drizzle-orm'
import { HTTPException } from 'hono/http-exception'
import type { Db } from '../db/database.ts'
import { responses } from '../db/schema.ts'
import { answerRows, type AnswerRow, type Answers } from '../surveys/answers.ts'
import { profileQuestions, scoredQuestions, type Survey } from '../surveys/schema.ts'
import { today } from '../rounds/academic-year.ts'
import type { Access, Refusal } from './access.ts'
import { storeStatements, type AnswerTuple, type ProfileTuple, type ResponseJob } from './group-write.ts'
import { explainRefusal } from './refusals.ts'
import { takePlace, tooManyFromAddress, type Place } from './address-allowance.ts'
import { submissionLimitOf, submissionWait, tooManySubmissions } from './submission-limit.ts'
import { writeResponse, type WriteTicket } from './write-queue.ts'

export type Submission = {
  submissionId: string
  language: string
  /** The day it arrived (YYYY-MM-DD); no finer time is stored. */
  day: string
  rows: AnswerRow[]
}

/** `stored`: this call stored it; `duplicate`: the same submissionId was already stored; `token-used`: refused. */
export type StoreOutcome = 'stored' | 'duplicate' | 'token-used'

/** Whether a response with this submissionId is stored for the round. */
export async function alreadyStored(db: Db, roundId: number, submissionId: string): Promise<boolean> {
  const stored = await db
    .select({ id: responses.id })
    .from(responses)
    .where(and(eq(responses.roundId, roundId), eq(responses.submissionId, submissionId)))
    .get()
  return stored !== undefined
}

const shapes = new WeakMap<Survey, { profileList: ReturnType<typeof profileQuestions>; scored: Set<string> }>()

/** A survey's profile questions and scored keys, worked out once per survey (every response needs them). */
function tallyShape(survey: Survey) {
  let shape = shapes.get(survey)
  if (!shape) shapes.set(survey, (shape = { profileList: profileQuestions(survey), scored: new Set(scoredQuestions(survey).map((q) => q.key)) }))
  return shape
}

/** The answer rows, tallies and profile cells of one response, ready for the group it joins. */
export function responseJob(survey: Survey, roundId: number, submission: Submission, tokenHash: string | null, now: Date): ResponseJob {
  const { rows } = submission
  const answers: AnswerTuple[] = rows.map((r) => [r.key, r.value, r.scale])
  // every (question, value), and '' once per question answered
  const tallies: AnswerTuple[] = [...answers, ...[...new Set(rows.map((r) => r.key))].map((key): AnswerTuple => [key, '', null])]
  const profiles: ProfileTuple[] = []
  const { profileList, scored } = tallyShape(survey)
  if (profileList.length > 0) {
    const agreement = rows.filter((r) => scored.has(r.key))
    for (const p of profileList) {
      const group = rows.find((r) => r.key === p.key)?.value ?? ''
      profiles.push([p.key, group, '', 0], ...agreement.map((r): ProfileTuple => [p.key, group, r.key, r.scale ?? 0]))
    }
  }
  return { roundId, submissionId: submission.submissionId, day: submission.day, language: submission.language, answers, tallies, profiles, tokenHash, now }
}

/**
 * The statements that write one response, its answers and the running tallies the reports
 * read (they belong in one atomic batch: all of them or none). Fixed SQL texts (group-write.ts);
 * an import or the demo data adds its own counters.
 */
export function responseStatements(survey: Survey, roundId: number, submission: Submission): InStatement[] {
  return storeStatements([responseJob(survey, roundId, submission, null, new Date(0))])
}

/** A response refused for its round, found when it was written (the round closed since the request was let in...). */
export class RoundRefused extends HTTPException {
  constructor(readonly refusal: Exclude<Refusal, 'token-used'>) {
    const r = explainRefusal(refusal)
    super(r.status, { message: r.message })
  }
}

/**
 * Stores a response and all its answers in one atomic write batch, or nothing.
 *
 * Exactly-once and the submission limit come from the database: the read before each group's
 * write (group-write.ts `planGroup`) answers a duplicate, a used token or a full round without
 * writing, and the unique index on (round, submissionId), the primary key of used_tokens and the
 * capped counter of the round make a write that raced past that read fail as a whole; the group
 * is then split until each response has its own outcome. In a code-only round the same batch
 * counts the response's arrival in its 10-minute window of `now` (rounds/arrivals.ts), so a
 * response is counted exactly when it is stored. The round's state (closed, its settings) is
 * read again in that same read, so closing a round or changing the limit takes effect at once.
 */
export async function storeResponse(
  db: Db,
  access: Access,
  survey: Survey,
  submission: Submission,
  now: Date,
  ticket?: WriteTicket,
  address?: string,
): Promise<StoreOutcome> {
  // one address takes at most half of a code-only round's window (address-allowance.ts); a retry of a stored response is never refused
  let place: Place | undefined
  if (address !== undefined && !access.round.tokensRequired) {
    const taken = takePlace(access.round.id, address, submissionLimitOf(access), now)
    if ('wait' in taken) {
      ticket?.release()
      if (await alreadyStored(db, access.round.id, submission.submissionId)) return 'duplicate'
      throw tooManyFromAddress(taken.wait)
    }
    place = taken
  }
  let outcome
  try {
    outcome = await writeResponse(db, responseJob(survey, access.round.id, submission, access.tokenHash, now), ticket)
  } finally {
    if (outcome !== 'stored') place?.giveBack()
  }
  switch (outcome) {
    case 'stored':
    case 'duplicate':
    case 'token-used':
      return outcome
    case 'limit':
      throw tooManySubmissions(await submissionWait(db, access.round.id, submissionLimitOf(access), now))
    default:
      throw new RoundRefused(outcome)
  }
}

/**
 * Stores a validated submission (the output of `submissionSchema`) that arrives now; only its day is kept. `ticket`: see write-queue.ts
 * `announceWrite`. `address`: the client's (auth/sign-in-limits.ts `clientAddress`), for its share of the round (address-allowance.ts).
 */
export function storeSubmission(
  db: Db,
  access: Access,
  survey: Survey,
  valid: { submissionId: string; language: string; answers: Answers },
  now: Date,
  ticket?: WriteTicket,
  address?: string,
): Promise<StoreOutcome> {
  const submission = { submissionId: valid.submissionId, language: valid.language, day: today(now), rows: answerRows(survey, valid.answers) }
  return storeResponse(db, access, survey, submission, now, ticket, address)
}
