import type { Db } from '../db/database.ts'
import { hashToken, normaliseCode } from '../rounds/codes.ts'
import { availability, type Availability, type Round } from '../rounds/rounds.ts'

/**
 * What a typed code opens: a round reached by its round code, or by a one-time token
 * (then `tokenHash` is set). Null when the code matches nothing.
 */
export type Access = {
  round: Round
  institutionName: string
  tokenHash: string | null
  /** The partnership's settings (JSON), which hold the round's submission limit. */
  settings: string | null
}

const accessColumns = `r.id, r.institution_id AS institutionId, r.survey_id AS surveyId, r.audience, r.year, r.code,
  r.tokens_required AS tokensRequired, r.opens_on AS opensOn, r.closes_on AS closesOn, r.status, r.created_at AS createdAt,
  i.name AS institutionName, p.settings AS settings`

function toAccess(row: Record<string, unknown>, tokenHash: string | null): Access {
  return {
    round: {
      id: Number(row.id),
      institutionId: Number(row.institutionId),
      surveyId: String(row.surveyId),
      audience: row.audience as Round['audience'],
      year: String(row.year),
      code: String(row.code),
      tokensRequired: Boolean(row.tokensRequired),
      opensOn: row.opensOn === null ? null : String(row.opensOn),
      closesOn: row.closesOn === null ? null : String(row.closesOn),
      status: row.status as Round['status'],
      createdAt: String(row.createdAt),
    },
    institutionName: String(row.institutionName),
    tokenHash,
    settings: row.settings === null ? null : String(row.settings),
  }
}

/** On every submission: plain SQL, one indexed lookup for a round code, two for a token. */
export async function resolveAccess(db: Db, typed: string): Promise<Access | null> {
  const code = normaliseCode(typed)
  if (!/^[A-Z0-9]{4,16}$/.test(code)) return null
  const byCode = await db.$client.execute({
    sql: `SELECT ${accessColumns} FROM rounds r JOIN institutions i ON i.id = r.institution_id JOIN partnerships p ON p.id = i.partnership_id WHERE r.code = ?`,
    args: [code],
  })
  if (byCode.rows[0]) return toAccess(byCode.rows[0], null)
  const tokenHash = await hashToken(code)
  const byToken = await db.$client.execute({
    sql: `SELECT ${accessColumns} FROM access_tokens t JOIN rounds r ON r.id = t.round_id JOIN institutions i ON i.id = r.institution_id
          JOIN partnerships p ON p.id = i.partnership_id WHERE t.token_hash = ?`,
    args: [tokenHash],
  })
  return byToken.rows[0] ? toAccess(byToken.rows[0], tokenHash) : null
}

/** Why an access cannot be used to answer now, if it cannot. */
export type Refusal = Exclude<Availability, 'open'> | 'token-required' | 'token-used'

export async function refusal(db: Db, access: Access, day: string): Promise<Refusal | null> {
  const state = availability(access.round, day)
  if (state !== 'open') return state
  if (access.round.tokensRequired && !access.tokenHash) return 'token-required'
  if (access.tokenHash) {
    const used = await db.$client.execute({ sql: 'SELECT 1 FROM used_tokens WHERE token_hash = ?', args: [access.tokenHash] })
    if (used.rows.length) return 'token-used'
  }
  return null
}
