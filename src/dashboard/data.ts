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

/** Every institution of a partnership with its rounds of one academic year and their counts. */
export async function partnershipYear(db: Db, partnershipId: number, year: string) {
  const rs = await db.$client.execute({
    sql: `SELECT i.id, i.slug, i.name, r.survey_id AS surveyId, r.status,
                 (SELECT count(*) FROM responses s WHERE s.round_id = r.id) AS respondents
          FROM institutions i LEFT JOIN rounds r ON r.institution_id = i.id AND r.year = ?
          WHERE i.partnership_id = ? ORDER BY i.name`,
    args: [year, partnershipId],
  })
  const byId = new Map<number, { id: number; slug: string; name: string; rounds: { surveyId: string; status: string; respondents: number }[] }>()
  for (const r of rs.rows) {
    const id = Number(r.id)
    const entry = byId.get(id) ?? { id, slug: String(r.slug), name: String(r.name), rounds: [] }
    byId.set(id, entry)
    if (r.surveyId !== null) entry.rounds.push({ surveyId: String(r.surveyId), status: String(r.status), respondents: Number(r.respondents) })
  }
  return [...byId.values()]
}

/** Median and quartiles of a list of numbers (linear interpolation); null for an empty list. */
export function quartiles(values: number[]): { q1: number; median: number; q3: number } | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const at = (p: number) => {
    const i = (sorted.length - 1) * p
    const lo = Math.floor(i)
    const hi = Math.ceil(i)
    return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (i - lo)
  }
  return { q1: at(0.25), median: at(0.5), q3: at(0.75) }
}
