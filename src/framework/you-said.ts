import { and, eq, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { HTTPException } from 'hono/http-exception'
import { z } from 'zod'
import { parseSettings } from '../org/settings.ts'
import { previousYearSql } from '../rounds/academic-year.ts'
import type { Db } from '../db/database.ts'
import { institutions, partnerships, responses, rounds, youSaidWeDid as youSaidWeDidTable } from '../db/schema.ts'
import { scoredQuestions, type Survey } from '../surveys/schema.ts'
import { writeWithAudit, type AuditEntry } from '../audit/log.ts'

/**
 * "You said, we did" (Quality Standard 11.8: tell young people and parents what was done with
 * their feedback). The coordinator publishes, for a round, what the institution changed in
 * response to that round's priority areas: per question key, a short text. The next academic
 * year's round of the same survey at the same institution shows the items to respondents
 * before they answer.
 *
 * The rule, precisely: for a round R (institution I, survey S, year Y), `youSaidWeDid(db, R)`
 * returns the items published for I's round of S in the year before Y, in the order they were
 * published; nothing when there was no such round, nothing was published for it, or it had
 * fewer respondents than the partnership's minimum cohort (its priority areas would describe
 * a group too small to show). A round of another survey (the parent survey, or a survey with
 * another id) never shows them.
 */

export const weDidMax = 500
export const youSaidMaxItems = 5

export const youSaidItemSchema = z.object({ questionKey: z.string().min(1), weDid: z.string() })
export type YouSaidItem = z.infer<typeof youSaidItemSchema>

/** The items a coordinator may publish for a round of `survey`: 1-5, each a different scored question with a short text. */
export function youSaidSchema(survey: Survey) {
  const keys = scoredQuestions(survey).map((q) => q.key) as [string, ...string[]]
  return z
    .array(
      z.strictObject({
        questionKey: z.enum(keys, { error: 'choose a question of this survey' }),
        weDid: z.string().trim().min(1, 'say what was done').max(weDidMax, `keep it under ${weDidMax} characters`),
      }),
    )
    .min(1, 'write what was done about at least one question')
    .max(youSaidMaxItems, `at most ${youSaidMaxItems} items`)
    .refine((items) => new Set(items.map((i) => i.questionKey)).size === items.length, 'each question only once')
}

/** The round's respondents and the partnership's minimum cohort. */
async function roundSize(db: Db, roundId: number) {
  const row = await db
    .select({ respondents: db.$count(responses, eq(responses.roundId, rounds.id)).mapWith(Number), settings: partnerships.settings })
    .from(rounds)
    .innerJoin(institutions, eq(institutions.id, rounds.institutionId))
    .innerJoin(partnerships, eq(partnerships.id, institutions.partnershipId))
    .where(eq(rounds.id, roundId))
    .get()
  if (!row) throw new HTTPException(404, { message: 'There is no such round.' })
  return { respondents: row.respondents, minCohort: parseSettings(row.settings).minCohort }
}

/** Whether a round has enough respondents for anything about its results to be published. */
export async function publishable(db: Db, roundId: number) {
  const { respondents, minCohort } = await roundSize(db, roundId)
  return { ok: respondents >= minCohort, respondents, minCohort }
}

/** Refuses (409) a round below the minimum cohort: nothing about its results may be published. */
export async function requirePublishable(db: Db, roundId: number): Promise<void> {
  const size = await publishable(db, roundId)
  if (!size.ok) {
    throw new HTTPException(409, {
      message: `This round had ${size.respondents} ${size.respondents === 1 ? 'response' : 'responses'}, fewer than the minimum group of ${size.minCohort}: nothing about its results can be published.`,
    })
  }
}

/**
 * Publishes (or replaces) what was done about a round's priority areas. Refused (409) for a
 * round below the minimum cohort. Publishing an empty list withdraws what was published.
 */
export async function publishYouSaid(db: Db, survey: Survey, roundId: number, input: unknown, now = new Date(), audit?: AuditEntry): Promise<YouSaidItem[]> {
  const list = z.array(z.unknown()).safeParse(input)
  if (list.success && list.data.length === 0) {
    await writeWithAudit(db, [{ sql: 'DELETE FROM you_said_we_did WHERE round_id = ?', args: [roundId] }], audit && { ...audit, detail: 'withdrawn' })
    return []
  }
  const items = youSaidSchema(survey).parse(input)
  await requirePublishable(db, roundId)
  await writeWithAudit(
    db,
    [
      {
        sql: `INSERT INTO you_said_we_did (round_id, items, published_at) VALUES (?, ?, ?)
          ON CONFLICT (round_id) DO UPDATE SET items = excluded.items, published_at = excluded.published_at`,
        args: [roundId, JSON.stringify(items), now.toISOString()],
      },
    ],
    audit && { ...audit, detail: audit.detail || `${items.length} ${items.length === 1 ? 'item' : 'items'}` },
  )
  return items
}

/** What is published for a round itself (for the coordinator's page), or null. */
export async function publishedFor(db: Db, roundId: number): Promise<{ items: YouSaidItem[]; publishedAt: string } | null> {
  const row = await db
    .select({ items: youSaidWeDidTable.items, publishedAt: youSaidWeDidTable.publishedAt })
    .from(youSaidWeDidTable)
    .where(eq(youSaidWeDidTable.roundId, roundId))
    .get()
  return row ? { items: z.array(youSaidItemSchema).parse(JSON.parse(row.items)), publishedAt: row.publishedAt } : null
}

/**
 * The items to show respondents of round `roundId` before they answer: those published for the
 * same institution's round of the same survey in the previous academic year (see above).
 */
export async function youSaidWeDid(db: Db, roundId: number): Promise<{ questionKey: string; weDid: string }[]> {
  const cur = alias(rounds, 'cur')
  const prev = alias(rounds, 'prev')
  const row = await db
    .select({
      items: youSaidWeDidTable.items,
      settings: partnerships.settings,
      respondents: db.$count(responses, eq(responses.roundId, prev.id)).mapWith(Number),
    })
    .from(cur)
    .innerJoin(
      prev,
      // the year before, worked out in SQL on the alias `cur` (see previousYearSql)
      and(eq(prev.institutionId, cur.institutionId), eq(prev.surveyId, cur.surveyId), eq(prev.year, sql.raw(previousYearSql('cur.year')))),
    )
    .innerJoin(youSaidWeDidTable, eq(youSaidWeDidTable.roundId, prev.id))
    .innerJoin(institutions, eq(institutions.id, cur.institutionId))
    .innerJoin(partnerships, eq(partnerships.id, institutions.partnershipId))
    .where(eq(cur.id, roundId))
    .get()
  if (!row) return []
  if (row.respondents < parseSettings(row.settings).minCohort) return []
  return z
    .array(youSaidItemSchema)
    .parse(JSON.parse(row.items))
    .map((i) => ({ questionKey: i.questionKey, weDid: i.weDid }))
}
