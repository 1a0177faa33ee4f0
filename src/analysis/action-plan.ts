import { HTTPException } from 'hono/http-exception'
import { z } from 'zod'
import type { Db } from '../db/database.ts'
import { actionPlans } from '../db/schema.ts'
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

/** Records (or replaces) the action plan of a round; next year's rating reads it. */
export async function recordActionPlan(db: Db, survey: Survey, round: Pick<Round, 'id'>, input: ActionPlanInput | unknown) {
  const plan = actionPlanSchema(survey).parse(input)
  const values = { roundId: round.id, developmentKeys: JSON.stringify(plan.developmentKeys), actions: JSON.stringify(plan.actions) }
  await db
    .insert(actionPlans)
    .values(values)
    .onConflictDoUpdate({ target: actionPlans.roundId, set: { ...values, updatedAt: new Date().toISOString() } })
  return plan
}

/**
 * Records the action plan of an institution's round named by survey (id or audience) and
 * year; 404 when there is no such round. Callers check who may do it first.
 */
export async function saveActionPlan(db: Db, catalog: SurveyCatalog, institutionId: number, where: { survey: string; year: string }, input: unknown) {
  const surveyId = resolveSurveyId(catalog, where.survey)
  const round = await findRound(db, institutionId, surveyId, where.year)
  if (!round) throw new HTTPException(404, { message: `no ${surveyId} round for ${where.year}` })
  // the keys of the survey the round was opened with
  return { surveyId, plan: await recordActionPlan(db, await surveyOfRound(db, catalog, round), round, input) }
}

/** `survey` may name a survey id or an audience ("student", "parent") with one survey. */
export function resolveSurveyId(catalog: SurveyCatalog, survey: string): string {
  if (catalog.has(survey)) return survey
  const byAudience = [...catalog.values()].filter((s) => s.audience === survey)
  if (byAudience.length === 1) return byAudience[0]!.id
  throw new HTTPException(404, { message: `no survey "${survey}" (surveys: ${[...catalog.keys()].join(', ')})` })
}
