import { desc, eq } from 'drizzle-orm'
import type { Db } from '../db/database.ts'
import { accessTokens, responses, rounds } from '../db/schema.ts'

/** Rounds of an institution with their live response counts, newest year first. */
export async function roundsOfInstitution(db: Db, institutionId: number) {
  return db
    .select({
      id: rounds.id,
      surveyId: rounds.surveyId,
      audience: rounds.audience,
      year: rounds.year,
      code: rounds.code,
      status: rounds.status,
      opensOn: rounds.opensOn,
      closesOn: rounds.closesOn,
      tokensRequired: rounds.tokensRequired,
      source: rounds.source,
      respondents: db.$count(responses, eq(responses.roundId, rounds.id)).mapWith(Number),
      // the responses the figures rest on (rounds/shown-figures.ts): the response rates are worked out from these
      shownRespondents: rounds.shownRespondents,
      tokens: db.$count(accessTokens, eq(accessTokens.roundId, rounds.id)).mapWith(Number),
    })
    .from(rounds)
    .where(eq(rounds.institutionId, institutionId))
    .orderBy(desc(rounds.year), desc(rounds.audience), rounds.surveyId)
}

export type RoundSummary = Awaited<ReturnType<typeof roundsOfInstitution>>[number]
