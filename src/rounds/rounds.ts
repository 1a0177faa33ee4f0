import type { InStatement } from '@libsql/client/web'
import { and, eq, inArray } from 'drizzle-orm'
import { HTTPException } from 'hono/http-exception'
import { z } from 'zod'
import type { Db } from '../db/database.ts'
import { accessTokens, labelUses, rounds } from '../db/schema.ts'
import { findInstitution } from '../org/organisations.ts'
import { isoDate } from '../surveys/fields.ts'
import type { SurveyCatalog } from '../surveys/load.ts'
import { academicYear } from './academic-year.ts'
import { hashToken, newRoundCode, newToken } from './codes.ts'
import { storeVersion } from './survey-versions.ts'

export const openRoundInput = z
  .object({
    institution: z.string().min(1),
    survey: z.string().min(1),
    year: academicYear,
    opensOn: isoDate.optional(),
    closesOn: isoDate.optional(),
    /**
     * Whether each respondent needs a one-time code. Left out, it follows the survey's audience:
     * a student round needs them (a plain code lets whoever holds it post answers they know,
     * as often as they like), a parent round does not (parents answer from home, from a letter
     * or a text message). Choosing code only for students is an explicit opt-in.
     */
    tokensRequired: z.boolean().optional(),
  })
  .refine((r) => !r.opensOn || !r.closesOn || r.opensOn <= r.closesOn, { message: 'the closing date is before the opening date', path: ['closesOn'] })

export type Round = typeof rounds.$inferSelect

/** Whether a new round of a survey for this audience needs one-time codes when its opener did not say. */
export const defaultTokensRequired = (audience: Round['audience']) => audience === 'student'

/**
 * Opens (or re-opens) the round of a survey for an institution and academic year. A new round
 * keeps the survey as installed now for good; a re-opened round keeps the version it had.
 * A round an import created is never opened: 409 (see `importedRoundStaysClosed`).
 */
export async function openRound(db: Db, catalog: SurveyCatalog, input: z.input<typeof openRoundInput>): Promise<Round> {
  const values = openRoundInput.parse(input)
  const survey = catalog.get(values.survey)
  if (!survey) throw new HTTPException(404, { message: `no survey "${values.survey}" (surveys: ${[...catalog.keys()].join(', ')})` })
  const institution = await findInstitution(db, values.institution)
  if (!institution) throw new HTTPException(404, { message: `no institution "${values.institution}"` })
  const existing = await findRound(db, institution.id, survey.id, values.year)
  if (existing) {
    if (existing.source === 'imported') {
      throw new HTTPException(409, { message: importedRoundStaysClosed(existing, { institution: institution.name, survey: survey.title }) })
    }
    if (values.tokensRequired !== undefined && values.tokensRequired !== existing.tokensRequired) {
      throw new HTTPException(409, { message: accessStaysAsOpened(existing, values.tokensRequired, { institution: institution.name, survey: survey.title }) })
    }
    const [row] = await db
      .update(rounds)
      .set({
        status: 'open',
        opensOn: values.opensOn ?? existing.opensOn,
        closesOn: values.closesOn ?? null,
        surveyVersion: existing.surveyVersion ?? (await storeVersion(db, survey)),
      })
      .where(eq(rounds.id, existing.id))
      .returning()
    return row!
  }
  const surveyVersion = await storeVersion(db, survey)
  const tokensRequired = values.tokensRequired ?? defaultTokensRequired(survey.audience)
  for (let attempt = 0; ; attempt++) {
    const [row] = await db
      .insert(rounds)
      .values({
        institutionId: institution.id,
        surveyId: survey.id,
        surveyVersion,
        audience: survey.audience,
        year: values.year,
        code: newRoundCode(tokensRequired),
        tokensRequired,
        opensOn: values.opensOn ?? null,
        closesOn: values.closesOn ?? null,
      })
      .onConflictDoNothing({ target: rounds.code })
      .returning()
    if (row) return row
    if (attempt > 5) throw new Error('could not draw an unused round code')
  }
}

/**
 * Why asking for other access on a round that exists is refused rather than done: its responses
 * so far came in one way (by the round code alone, or each with a one-time code), and its report
 * reads them so (how code-only responses arrived, tokens used). Changing it part-way would mix
 * the two in one year's evidence, and answering "open" while the old access still admits people
 * would be worse. So the round keeps the access it was opened with, and the answer says so.
 */
export function accessStaysAsOpened(round: Pick<Round, 'year' | 'tokensRequired'>, asked: boolean, names: { institution: string; survey: string }): string {
  const now = round.tokensRequired ? 'needs a one-time code for each respondent' : 'is open to anyone with the round code (no one-time codes)'
  const wanted = asked ? 'one-time codes' : 'the round code only'
  return (
    `The ${round.year} round of “${names.survey}” at ${names.institution} already exists and ${now}. Nothing was changed: ` +
    `a round keeps the access it was first opened with, so it cannot be switched to ${wanted}. ` +
    (asked
      ? 'If the round code has reached people it should not, close the round: its responses so far stay as they are.'
      : 'Re-open it without choosing the access to keep it as it is.')
  )
}

/**
 * Why a round an import created is not opened (or re-opened) for answers: Signpost did not collect
 * its responses, and answers collected now would be mixed with rows from a file in one year's
 * figures. It stays closed; its report says it was imported.
 */
export function importedRoundStaysClosed(round: Pick<Round, 'year'>, names: { institution: string; survey: string }): string {
  return (
    `The ${round.year} round of “${names.survey}” at ${names.institution} was imported from a file: Signpost did not collect its answers, ` +
    'so it stays closed and cannot be opened for new ones. Its report shows the imported answers, marked as imported.'
  )
}

/**
 * A new round as one INSERT, for a caller that must create the round in the same atomic batch
 * as what goes into it (an import). Its id is the next free one: if another writer takes that id
 * or code first, the batch fails on a constraint and the caller looks again.
 */
export async function roundToCreate(
  db: Db,
  values: Pick<Round, 'institutionId' | 'surveyId' | 'surveyVersion' | 'audience' | 'year' | 'status'>,
  now: Date,
): Promise<{ round: Round; statement: InStatement }> {
  const rs = await db.$client.execute('SELECT coalesce(max(id), 0) + 1 AS id FROM rounds')
  const round: Round = {
    ...values,
    id: Number(rs.rows[0]!.id),
    code: newRoundCode(false),
    tokensRequired: false,
    opensOn: null,
    closesOn: null,
    shownRespondents: 0,
    responseCount: 0,
    // only an import creates a round this way
    source: 'imported',
    arrivalWindowStart: null,
    arrivalWindowCount: 0,
    busiestWindowCount: 0,
    answersDeletedOn: null,
    deletedResponses: 0,
    createdAt: `${now.toISOString().slice(0, 19)}Z`,
  }
  return {
    round,
    statement: {
      sql: `INSERT INTO rounds (id, institution_id, survey_id, survey_version, audience, year, code, tokens_required, opens_on, closes_on, status, source, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, 0, NULL, NULL, ?, 'imported', ?)`,
      args: [round.id, round.institutionId, round.surveyId, round.surveyVersion, round.audience, round.year, round.code, round.status, round.createdAt],
    },
  }
}

export async function findRound(db: Db, institutionId: number, surveyId: string, year: string) {
  return db.query.rounds.findFirst({
    where: and(eq(rounds.institutionId, institutionId), eq(rounds.surveyId, surveyId), eq(rounds.year, year)),
  })
}

/** Every round of an institution in the given academic years, in one query. */
export async function roundsInYears(db: Db, institutionId: number, years: string[]): Promise<Round[]> {
  return db
    .select()
    .from(rounds)
    .where(and(eq(rounds.institutionId, institutionId), inArray(rounds.year, years)))
}

/** A round of this institution by its id, or 404 (a round of another institution is "no such round" too). */
export async function roundOfInstitution(db: Db, institutionId: number, roundId: number): Promise<Round> {
  const round = await db.query.rounds.findFirst({ where: and(eq(rounds.id, roundId), eq(rounds.institutionId, institutionId)) })
  if (!round) throw new HTTPException(404, { message: 'There is no such round.' })
  return round
}

/** Finds a round by institution slug, survey and year, or explains what is missing. */
export async function requireRound(db: Db, institutionSlug: string, surveyId: string, year: string): Promise<Round> {
  const institution = await findInstitution(db, institutionSlug)
  if (!institution) throw new HTTPException(404, { message: `no institution "${institutionSlug}"` })
  const round = await findRound(db, institution.id, surveyId, academicYear.parse(year))
  if (!round) throw new HTTPException(404, { message: `${institutionSlug} has no ${surveyId} round for ${year}` })
  return round
}

/**
 * Closes a round. Its figures stay at their last step of the minimum cohort: responses that
 * came in after it, fewer than the cohort, would otherwise be the difference between the last
 * view of the open round and the first of the closed one.
 */
export async function closeRound(db: Db, round: Pick<Round, 'id'>): Promise<Round> {
  const [row] = await db.update(rounds).set({ status: 'closed' }).where(eq(rounds.id, round.id)).returning()
  return row!
}

/**
 * Issues one-time tokens for a round. The tokens are returned once, to be printed on slips;
 * only their hashes are kept.
 */
export async function issueTokens(db: Db, round: Round, count: number, label?: string): Promise<string[]> {
  z.number().int().min(1).max(2000).parse(count)
  const tokens = Array.from({ length: count }, newToken)
  const rows = await Promise.all(tokens.map(async (t) => ({ tokenHash: await hashToken(t), roundId: round.id, label: label ?? null })))
  // the label's counter is made when its codes are printed, so no row appears at the moment a class first answers
  await db.batch([
    db.insert(accessTokens).values(rows),
    db
      .insert(labelUses)
      .values({ roundId: round.id, label: label ?? '' })
      .onConflictDoNothing(),
  ])
  return tokens
}

/** Whether a round accepts answers today, and if not, why. */
export type Availability = 'open' | 'not-yet-open' | 'closed'

export function availability(round: Pick<Round, 'status' | 'opensOn' | 'closesOn'>, day: string): Availability {
  if (round.status === 'closed' || (round.closesOn && day > round.closesOn)) return 'closed'
  if (round.opensOn && day < round.opensOn) return 'not-yet-open'
  return 'open'
}
