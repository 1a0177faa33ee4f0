import { HTTPException } from 'hono/http-exception'
import type { Db } from '../db/database.ts'
import type { SurveyCatalog } from '../surveys/load.ts'
import type { Survey } from '../surveys/schema.ts'
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
  const survey = catalog.get(access.round.surveyId)
  if (!survey) throw new HTTPException(500, { message: `the survey "${access.round.surveyId}" of this round is not installed` })
  return { access, survey, refused: await refusal(db, access, day) }
}
