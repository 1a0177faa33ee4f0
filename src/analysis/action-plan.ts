import { eq } from 'drizzle-orm'
import { HTTPException } from 'hono/http-exception'
import { auditStatement, roundSubject, type AuditActor } from '../audit/log.ts'
import { actorOf } from '../audit/record.ts'
import { z } from 'zod'
import type { Db } from '../db/database.ts'
import { actionPlans } from '../db/schema.ts'
import type { User } from '../auth/users.ts'
import { nextYear, today } from '../rounds/academic-year.ts'
import { findRound, type Round } from '../rounds/rounds.ts'
import { surveyOfRound } from '../rounds/survey-versions.ts'
import type { SurveyCatalog } from '../surveys/load.ts'
import { scoredQuestions, type Survey } from '../surveys/schema.ts'

/** An action plan as a coordinator records it: three development questions and the actions for each. */
export function actionPlanSchema(survey: Survey) {
  const keys = scoredQuestions(survey).map((q) => q.key) as [string, ...string[]]
  return z.strictObject({
    developmentKeys: z
      .array(z.enum(keys, { error: 'choose a scored question of this survey' }))
      .length(3, 'choose exactly three development questions')
      .refine((list) => new Set(list).size === 3, 'choose three different questions'),
    actions: z.partialRecord(z.enum(keys), z.string().trim().max(2000, 'keep each action under 2000 characters')).default({}),
  })
}

export type ActionPlanInput = z.input<ReturnType<typeof actionPlanSchema>>

/**
 * Records (or replaces) the action plan of a round; next year's rating reads it. `late` marks a
 * change made after the next year's round opened: the day and the lead who made it are kept,
 * and that year's report says so. Saving the plan as it stands changes nothing.
 *
 * With `audit`, the change is recorded in the audit log in the same atomic batch (who, when):
 * the plan is saved with its entry or not at all.
 */
export async function recordActionPlan(
  db: Db,
  survey: Survey,
  round: Pick<Round, 'id'>,
  input: ActionPlanInput | unknown,
  late?: { on: string; by: number },
  audit?: { actor: AuditActor; at: Date },
) {
  const plan = actionPlanSchema(survey).parse(input)
  const values = { roundId: round.id, developmentKeys: JSON.stringify(plan.developmentKeys), actions: JSON.stringify(plan.actions) }
  const [stored] = await db.select().from(actionPlans).where(eq(actionPlans.roundId, round.id))
  if (stored && stored.developmentKeys === values.developmentKeys && stored.actions === values.actions) return plan
  const lateChange = late ? { changedAfterOpeningOn: late.on, changedAfterOpeningBy: late.by } : {}
  const upsert = db
    .insert(actionPlans)
    .values({ ...values, ...lateChange })
    .onConflictDoUpdate({ target: actionPlans.roundId, set: { ...values, ...lateChange, updatedAt: new Date().toISOString() } })
  if (!audit) {
    await upsert
    return plan
  }
  const { sql, params } = upsert.toSQL()
  const where = await roundSubject(db, round.id)
  const entry = auditStatement({
    action: 'action-plan.saved',
    actor: audit.actor,
    partnershipId: where.partnershipId!,
    institutionId: where.institutionId,
    roundId: round.id,
    subject: where.subject,
    detail: `development questions ${plan.developmentKeys.join(', ')}${late ? ' (changed after the next year’s round opened)' : ''}`,
    at: audit.at,
  })
  await db.$client.batch([{ sql, args: params as never }, entry], 'write')
  return plan
}

/**
 * Records the action plan of an institution's round named by survey (id or audience) and
 * year; 404 when there is no such round. Callers check who may change the institution first.
 *
 * A plan names next year's development questions, on which next year's rating rests: so once
 * next year's round of the survey has opened, the plan is locked. Only the partnership lead may
 * change it then (409 for anyone else, saying so); the change is recorded with the day and the
 * lead, and next year's report says the development questions were changed after it opened.
 */
export async function saveActionPlan(
  db: Db,
  catalog: SurveyCatalog,
  user: Pick<User, 'id' | 'role' | 'name' | 'email'>,
  institutionId: number,
  where: { survey: string; year: string },
  input: unknown,
  now = new Date(),
) {
  const surveyId = resolveSurveyId(catalog, where.survey)
  const round = await findRound(db, institutionId, surveyId, where.year)
  if (!round) throw new HTTPException(404, { message: `no ${surveyId} round for ${where.year}` })
  const next = await findRound(db, institutionId, surveyId, nextYear(where.year))
  if (next && user.role !== 'lead') {
    throw new HTTPException(409, {
      message: `The ${where.year} action plan is locked: the ${next.year} round has opened, and its rating rests on these development questions. Only the partnership lead can change it now, and the ${next.year} report will say it was changed.`,
    })
  }
  // the keys of the survey the round was opened with
  const late = next ? { on: today(now), by: user.id } : undefined
  const plan = await recordActionPlan(db, await surveyOfRound(db, catalog, round), round, input, late, { actor: actorOf(user), at: now })
  return { surveyId, plan }
}

/** `survey` may name a survey id or an audience ("student", "parent") with one survey. */
export function resolveSurveyId(catalog: SurveyCatalog, survey: string): string {
  if (catalog.has(survey)) return survey
  const byAudience = [...catalog.values()].filter((s) => s.audience === survey)
  if (byAudience.length === 1) return byAudience[0]!.id
  throw new HTTPException(404, { message: `no survey "${survey}" (surveys: ${[...catalog.keys()].join(', ')})` })
}
