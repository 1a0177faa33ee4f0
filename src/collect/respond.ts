import { HTTPException } from 'hono/http-exception'
import type { Db } from '../db/database.ts'
import type { SurveyCatalog } from '../surveys/load.ts'
import type { Survey } from '../surveys/schema.ts'
import { surveyOfRound } from '../rounds/survey-versions.ts'
import { resolveAccess, refusal, type Access, type Refusal } from './access.ts'
import { explainRefusal } from './refusals.ts'

export type Opened = { access: Access; survey: Survey; refused: Refusal | null }

/**
 * Opens a code for answering: finds its round and survey and says whether it may be
 * answered today. Throws 404 for a code that matches nothing.
 */
export async function openCode(db: Db, catalog: SurveyCatalog, code: string, day: string): Promise<Opened> {
  const access = await resolveAccess(db, code)
  if (!access) throw new HTTPException(404, { message: explainRefusal('unknown').message })
  // the survey as the round was opened with it, whatever the files say today
  const survey = await surveyOfRound(db, catalog, access.round)
  return { access, survey, refused: await refusal(db, access, day) }
}
