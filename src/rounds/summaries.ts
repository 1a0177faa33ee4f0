import type { Db } from '../db/database.ts'

/** Rounds of an institution with their live response counts, newest year first. */
export async function roundsOfInstitution(db: Db, institutionId: number) {
  const rs = await db.$client.execute({
    sql: `SELECT r.id, r.survey_id AS surveyId, r.audience, r.year, r.code, r.status, r.opens_on AS opensOn, r.closes_on AS closesOn,
                 r.tokens_required AS tokensRequired,
                 (SELECT count(*) FROM responses s WHERE s.round_id = r.id) AS respondents,
                 (SELECT count(*) FROM access_tokens t WHERE t.round_id = r.id) AS tokens
          FROM rounds r WHERE r.institution_id = ? ORDER BY r.year DESC, r.audience DESC, r.survey_id`,
    args: [institutionId],
  })
  return rs.rows.map((r) => ({
    id: Number(r.id),
    surveyId: String(r.surveyId),
    audience: String(r.audience),
    year: String(r.year),
    code: String(r.code),
    status: String(r.status),
    opensOn: r.opensOn === null ? null : String(r.opensOn),
    closesOn: r.closesOn === null ? null : String(r.closesOn),
    tokensRequired: Boolean(r.tokensRequired),
    respondents: Number(r.respondents),
    tokens: Number(r.tokens),
  }))
}

export type RoundSummary = Awaited<ReturnType<typeof roundsOfInstitution>>[number]
