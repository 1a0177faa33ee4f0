import type { InStatement } from '@libsql/client/web'
import type { Db } from '../db/database.ts'
import { criteriaForYear, frameworkCriteriaSchema, type CriteriaSource, type FrameworkCriteria } from './criteria.ts'
import { actionsSchema, entryColumns, entryFields, entryInputSchema, type Actions, type EntryField, type EntryInput } from './entered-figures.ts'
import type { Entry } from './result-schema.ts'
import { qualityAwardCodes, staffingCodes, type QualityAwardCode, type StaffingCode } from './statements.ts'

/** Reading and writing the framework's tables. Every write is one statement or one atomic batch. */

export async function criteriaVersions(db: Db, partnershipId: number) {
  const rs = await db.$client.execute({
    sql: 'SELECT year, criteria, updated_at FROM framework_criteria WHERE partnership_id = ? ORDER BY year',
    args: [partnershipId],
  })
  return rs.rows.map((r) => ({ year: String(r.year), criteria: String(r.criteria), updatedAt: String(r.updated_at) }))
}

/** The criteria in force for a year, and where they came from. */
export async function criteriaOf(db: Db, partnershipId: number, year: string): Promise<{ criteria: FrameworkCriteria; source: CriteriaSource }> {
  return criteriaForYear(year, await criteriaVersions(db, partnershipId))
}

/** Validates and saves a year's criteria (a new version for that year; other years keep theirs). */
export async function saveCriteria(db: Db, partnershipId: number, year: string, input: unknown, now = new Date()): Promise<FrameworkCriteria> {
  const criteria = frameworkCriteriaSchema.parse(input)
  await db.$client.execute({
    sql: `INSERT INTO framework_criteria (partnership_id, year, criteria, updated_at) VALUES (?, ?, ?, ?)
          ON CONFLICT (partnership_id, year) DO UPDATE SET criteria = excluded.criteria, updated_at = excluded.updated_at`,
    args: [partnershipId, year, JSON.stringify(criteria), now.toISOString()],
  })
  return criteria
}

export type InstitutionRow = { id: number; slug: string; name: string; partnershipId: number }

export async function institutionsOf(db: Db, partnershipId: number): Promise<InstitutionRow[]> {
  const rs = await db.$client.execute({ sql: 'SELECT id, slug, name, partnership_id FROM institutions WHERE partnership_id = ? ORDER BY name COLLATE NOCASE', args: [partnershipId] })
  return rs.rows.map((r) => ({ id: Number(r.id), slug: String(r.slug), name: String(r.name), partnershipId: Number(r.partnership_id) }))
}

const emptyEntry: Entry = { destinationKs4: null, destinationPost16: null, y11Eet: null, qualityAward: null, staffing: null }
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v))
const code = <C extends string>(v: unknown, codes: readonly C[]): C | null => (codes.includes(v as C) ? (v as C) : null)

export type StoredEntry = Entry & { actions: Actions; updatedAt: string | null }

/** The entries of a partnership's institutions for a year (an institution without one gets an empty entry). */
export async function entriesOf(db: Db, partnershipId: number, year: string): Promise<Map<number, StoredEntry>> {
  const rs = await db.$client.execute({
    sql: `SELECT e.* FROM framework_entries e JOIN institutions i ON i.id = e.institution_id WHERE i.partnership_id = ? AND e.year = ?`,
    args: [partnershipId, year],
  })
  return new Map(
    rs.rows.map((r) => [
      Number(r.institution_id),
      {
        destinationKs4: num(r.destination_ks4),
        destinationPost16: num(r.destination_post16),
        y11Eet: num(r.y11_eet),
        qualityAward: code<QualityAwardCode>(r.quality_award, qualityAwardCodes),
        staffing: code<StaffingCode>(r.staffing, staffingCodes),
        actions: actionsSchema.catch({}).parse(JSON.parse(String(r.actions ?? '{}'))),
        updatedAt: r.updated_at === null ? null : String(r.updated_at),
      },
    ]),
  )
}

export function entryOrEmpty(entries: Map<number, StoredEntry>, institutionId: number): StoredEntry {
  return entries.get(institutionId) ?? { ...emptyEntry, actions: {}, updatedAt: null }
}

export type CityFigures = Record<'destinationKs4' | 'destinationPost16' | 'y11Eet', { mean: number | null; institutions: number }>

/** The mean of each figure over the partnership's institutions that have one for the year, counted in SQL. */
export async function cityFigures(db: Db, partnershipId: number, year: string): Promise<CityFigures> {
  const rs = await db.$client.execute({
    sql: `SELECT avg(e.destination_ks4) AS ks4, count(e.destination_ks4) AS ks4_n,
                 avg(e.destination_post16) AS post16, count(e.destination_post16) AS post16_n,
                 avg(e.y11_eet) AS y11, count(e.y11_eet) AS y11_n
          FROM framework_entries e JOIN institutions i ON i.id = e.institution_id
          WHERE i.partnership_id = ? AND e.year = ?`,
    args: [partnershipId, year],
  })
  const r = rs.rows[0]!
  return {
    destinationKs4: { mean: num(r.ks4), institutions: Number(r.ks4_n) },
    destinationPost16: { mean: num(r.post16), institutions: Number(r.post16_n) },
    y11Eet: { mean: num(r.y11), institutions: Number(r.y11_n) },
  }
}

/**
 * The statement that stores some or all of an institution's four elements for a year: the
 * fields given are set (null clears one), the others keep what they were.
 */
export function entryStatement(institutionId: number, year: string, values: Partial<EntryInput>, now: Date): InStatement {
  const fields = entryFields.filter((f) => f in values) as EntryField[]
  const columns = fields.map((f) => entryColumns[f])
  const set = [...columns.map((c) => `${c} = excluded.${c}`), 'updated_at = excluded.updated_at'].join(', ')
  return {
    sql: `INSERT INTO framework_entries (institution_id, year, ${[...columns, 'updated_at'].join(', ')})
          VALUES (?, ?, ${[...columns, 'updated_at'].map(() => '?').join(', ')})
          ON CONFLICT (institution_id, year) DO UPDATE SET ${set}`,
    args: [institutionId, year, ...fields.map((f) => values[f] ?? null), now.toISOString()],
  }
}

/** Validates and stores the four elements of one institution and year. */
export async function saveEntry(db: Db, institutionId: number, year: string, input: unknown, now = new Date()): Promise<EntryInput> {
  const entry = entryInputSchema.parse(input)
  await db.$client.execute(entryStatement(institutionId, year, entry, now))
  return entry
}

/** Validates and stores an institution's framework actions for a year (empty actions are left out). */
export async function saveActions(db: Db, institutionId: number, year: string, input: unknown, now = new Date()): Promise<Actions> {
  const parsed = actionsSchema.parse(input)
  const actions = Object.fromEntries(Object.entries(parsed).filter(([, text]) => text)) as Actions
  await db.$client.execute({
    sql: `INSERT INTO framework_entries (institution_id, year, actions, updated_at) VALUES (?, ?, ?, ?)
          ON CONFLICT (institution_id, year) DO UPDATE SET actions = excluded.actions, updated_at = excluded.updated_at`,
    args: [institutionId, year, JSON.stringify(actions), now.toISOString()],
  })
  return actions
}

/**
 * Each institution's student-survey round of the given years (a round whose survey is in the
 * catalog; the first by survey id where there are several).
 */
export async function studentRoundsOf(db: Db, partnershipId: number, years: string[], surveyIds: string[]) {
  if (!years.length || !surveyIds.length) return new Map<string, { surveyId: string }>()
  const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ')
  const rs = await db.$client.execute({
    sql: `SELECT r.institution_id, r.year, r.survey_id FROM rounds r JOIN institutions i ON i.id = r.institution_id
          WHERE i.partnership_id = ? AND r.audience = 'student' AND r.year IN (${marks(years.length)}) AND r.survey_id IN (${marks(surveyIds.length)})
          ORDER BY r.survey_id`,
    args: [partnershipId, ...years, ...surveyIds],
  })
  const found = new Map<string, { surveyId: string }>()
  for (const r of rs.rows) {
    const key = `${r.institution_id}\u0000${r.year}`
    if (!found.has(key)) found.set(key, { surveyId: String(r.survey_id) })
  }
  return found
}
