import type { InStatement } from '@libsql/client/web'
import { and, count, eq, inArray, sql } from 'drizzle-orm'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import type { Db } from '../db/database.ts'
import { frameworkCriteria, frameworkEntries, institutions, rounds } from '../db/schema.ts'
import { criteriaForYear, frameworkCriteriaSchema, type CriteriaSource, type FrameworkCriteria } from './criteria.ts'
import { actionsSchema, entryColumns, entryFields, entryInputSchema, type Actions, type EntryField, type EntryInput } from './entered-figures.ts'
import type { Entry } from './result-schema.ts'
import { qualityAwardCodes, staffingCodes, type QualityAwardCode, type StaffingCode } from './statements.ts'
import { writeWithAudit, type AuditEntry } from '../audit/log.ts'

/** Reading and writing the framework's tables. Every write is one statement or one atomic batch. */

export async function criteriaVersions(db: Db, partnershipId: number) {
  return db
    .select({ year: frameworkCriteria.year, criteria: frameworkCriteria.criteria, updatedAt: frameworkCriteria.updatedAt })
    .from(frameworkCriteria)
    .where(eq(frameworkCriteria.partnershipId, partnershipId))
    .orderBy(frameworkCriteria.year)
}

/** The criteria in force for a year, and where they came from. */
export async function criteriaOf(db: Db, partnershipId: number, year: string): Promise<{ criteria: FrameworkCriteria; source: CriteriaSource }> {
  return criteriaForYear(year, await criteriaVersions(db, partnershipId))
}

/** Validates and saves a year's criteria (a new version for that year; other years keep theirs). */
export async function saveCriteria(
  db: Db,
  partnershipId: number,
  year: string,
  input: unknown,
  now = new Date(),
  audit?: AuditEntry,
): Promise<FrameworkCriteria> {
  const criteria = frameworkCriteriaSchema.parse(input)
  await writeWithAudit(
    db,
    [
      {
        sql: `INSERT INTO framework_criteria (partnership_id, year, criteria, updated_at) VALUES (?, ?, ?, ?)
          ON CONFLICT (partnership_id, year) DO UPDATE SET criteria = excluded.criteria, updated_at = excluded.updated_at`,
        args: [partnershipId, year, JSON.stringify(criteria), now.toISOString()],
      },
    ],
    audit,
  )
  return criteria
}

export type InstitutionRow = Pick<typeof institutions.$inferSelect, 'id' | 'slug' | 'name' | 'partnershipId'>

export async function institutionsOf(db: Db, partnershipId: number): Promise<InstitutionRow[]> {
  return db
    .select({ id: institutions.id, slug: institutions.slug, name: institutions.name, partnershipId: institutions.partnershipId })
    .from(institutions)
    .where(eq(institutions.partnershipId, partnershipId))
    .orderBy(sql`${institutions.name} COLLATE NOCASE`)
}

const emptyEntry: Entry = { destinationKs4: null, destinationPost16: null, y11Eet: null, qualityAward: null, staffing: null }
/** A stored statement code, if it is still one of the codes (an unknown one reads as not entered). */
const code = <C extends string>(v: string | null, codes: readonly C[]): C | null => (codes.includes(v as C) ? (v as C) : null)

export type StoredEntry = Entry & { actions: Actions; updatedAt: string | null }

/** The entries of a partnership's institutions for a year (an institution without one gets an empty entry). */
export async function entriesOf(db: Db, partnershipId: number, year: string): Promise<Map<number, StoredEntry>> {
  const rows = await db
    .select({ entry: frameworkEntries })
    .from(frameworkEntries)
    .innerJoin(institutions, eq(institutions.id, frameworkEntries.institutionId))
    .where(and(eq(institutions.partnershipId, partnershipId), eq(frameworkEntries.year, year)))
  return new Map(
    rows.map(({ entry: e }) => [
      e.institutionId,
      {
        destinationKs4: e.destinationKs4,
        destinationPost16: e.destinationPost16,
        y11Eet: e.y11Eet,
        qualityAward: code<QualityAwardCode>(e.qualityAward, qualityAwardCodes),
        staffing: code<StaffingCode>(e.staffing, staffingCodes),
        actions: actionsSchema.catch({}).parse(JSON.parse(e.actions)),
        updatedAt: e.updatedAt,
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
  // SQLite's avg is a real, or null over no values (drizzle's own avg() would read it as text)
  const figure = (column: SQLiteColumn) => ({ mean: sql<number | null>`avg(${column})`.mapWith(Number), institutions: count(column) })
  const [figures] = await db
    .select({
      destinationKs4: figure(frameworkEntries.destinationKs4),
      destinationPost16: figure(frameworkEntries.destinationPost16),
      y11Eet: figure(frameworkEntries.y11Eet),
    })
    .from(frameworkEntries)
    .innerJoin(institutions, eq(institutions.id, frameworkEntries.institutionId))
    .where(and(eq(institutions.partnershipId, partnershipId), eq(frameworkEntries.year, year)))
  return figures!
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
export async function saveEntry(db: Db, institutionId: number, year: string, input: unknown, now = new Date(), audit?: AuditEntry): Promise<EntryInput> {
  const entry = entryInputSchema.parse(input)
  await writeWithAudit(db, [entryStatement(institutionId, year, entry, now)], audit)
  return entry
}

/** Validates and stores an institution's framework actions for a year (empty actions are left out). */
export async function saveActions(db: Db, institutionId: number, year: string, input: unknown, now = new Date(), audit?: AuditEntry): Promise<Actions> {
  const parsed = actionsSchema.parse(input)
  const actions = Object.fromEntries(Object.entries(parsed).filter(([, text]) => text)) as Actions
  await writeWithAudit(
    db,
    [
      {
        sql: `INSERT INTO framework_entries (institution_id, year, actions, updated_at) VALUES (?, ?, ?, ?)
          ON CONFLICT (institution_id, year) DO UPDATE SET actions = excluded.actions, updated_at = excluded.updated_at`,
        args: [institutionId, year, JSON.stringify(actions), now.toISOString()],
      },
    ],
    audit,
  )
  return actions
}

/**
 * Each institution's student-survey round of the given years (a round whose survey is in the
 * catalog; the first by survey id where there are several).
 */
export async function studentRoundsOf(db: Db, partnershipId: number, years: string[], surveyIds: string[]) {
  if (!years.length || !surveyIds.length) return new Map<string, { surveyId: string }>()
  const rows = await db
    .select({ institutionId: rounds.institutionId, year: rounds.year, surveyId: rounds.surveyId })
    .from(rounds)
    .innerJoin(institutions, eq(institutions.id, rounds.institutionId))
    .where(and(eq(institutions.partnershipId, partnershipId), eq(rounds.audience, 'student'), inArray(rounds.year, years), inArray(rounds.surveyId, surveyIds)))
    .orderBy(rounds.surveyId)
  const found = new Map<string, { surveyId: string }>()
  for (const r of rows) {
    const key = `${r.institutionId}\u0000${r.year}`
    if (!found.has(key)) found.set(key, { surveyId: r.surveyId })
  }
  return found
}
