import { and, desc, eq, inArray, lte, sql } from 'drizzle-orm'
import { z } from 'zod'
import type { Db } from '../db/database.ts'
import { institutions, yearGroupRolls } from '../db/schema.ts'
import { academicYear } from '../rounds/academic-year.ts'

/**
 * Year-group sizes: how many students are on roll in each year group of an institution in an
 * academic year. Numbers only, never pupil data. They are the base of the response rates
 * (rates.ts). A year with no sizes of its own takes the latest earlier year's, shown as
 * "last year's figures" until someone enters this year's.
 */

/** The year groups the surveys ask about, as their `year_group` answers name them. */
export const yearGroups = ['y8', 'y9', 'y10', 'y11', 'y12', 'y13'] as const
export type YearGroup = (typeof yearGroups)[number]
export const yearGroupSchema = z.enum(yearGroups)
export const yearGroupLabel = (g: string) => (g.startsWith('y') ? `Year ${g.slice(1)}` : g)

/** A number on roll: 0 for a year group the institution does not teach (a school without a sixth form). */
export const onRollSchema = z.coerce
  .number({ error: 'give the number on roll as a whole number' })
  .int('give the number on roll as a whole number')
  .min(0, 'a number on roll cannot be negative')
  .max(10_000, 'at most 10,000 in one year group')

/** Sizes to set: some or all year groups; the ones left out keep the figures the year has (or carries). */
export const rollInputSchema = z.partialRecord(yearGroupSchema, onRollSchema)
export type RollInput = z.infer<typeof rollInputSchema>

export type Roll = {
  /** The academic year the figures were entered for: this year, or an earlier one they are carried from. */
  fromYear: string
  /** True when the figures are an earlier year's, carried forward. */
  carried: boolean
  /** Year group -> number on roll, for the year groups entered. */
  sizes: Map<string, number>
}

/** The sizes of an institution in an academic year: its own, or the latest earlier year's (carried); null when none were ever entered. */
export async function rollOf(db: Db, institutionId: number, year: string): Promise<Roll | null> {
  return (await rollsOf(db, [institutionId], year)).get(institutionId) ?? null
}

/** `rollOf` for several institutions in one query. */
export async function rollsOf(db: Db, institutionIds: number[], year: string): Promise<Map<number, Roll>> {
  const result = new Map<number, Roll>()
  if (institutionIds.length === 0) return result
  const rows = await db
    .select()
    .from(yearGroupRolls)
    .where(and(inArray(yearGroupRolls.institutionId, institutionIds), lte(yearGroupRolls.year, academicYear.parse(year))))
    .orderBy(desc(yearGroupRolls.year))
  for (const row of rows) {
    let roll = result.get(row.institutionId)
    if (!roll) {
      roll = { fromYear: row.year, carried: row.year !== year, sizes: new Map() }
      result.set(row.institutionId, roll)
    }
    // rows are newest year first: only the latest year with any figures counts
    if (row.year === roll.fromYear) roll.sizes.set(row.yearGroup, row.onRoll)
  }
  return result
}

/**
 * Sets an institution's sizes for a year. Year groups not given keep what the year shows now
 * (its own figures, or the ones it carries from an earlier year), so after the first change the
 * year stands on its own figures and is no longer "last year's".
 */
export async function setRoll(db: Db, institutionId: number, year: string, input: RollInput): Promise<Roll> {
  const values = rollInputSchema.parse(input)
  const y = academicYear.parse(year)
  const current = await rollOf(db, institutionId, y)
  const sizes = new Map(current?.sizes ?? [])
  for (const [group, n] of Object.entries(values)) if (n !== undefined) sizes.set(group, n)
  if (sizes.size > 0) {
    await db
      .insert(yearGroupRolls)
      .values([...sizes].map(([yearGroup, onRoll]) => ({ institutionId, year: y, yearGroup, onRoll })))
      .onConflictDoUpdate({
        target: [yearGroupRolls.institutionId, yearGroupRolls.year, yearGroupRolls.yearGroup],
        set: { onRoll: sql`excluded.on_roll` },
      })
  }
  return { fromYear: y, carried: false, sizes }
}

/** "y8=180,y9=175": the CLI's `--set`. */
export function parseRollSetting(text: string): RollInput {
  const entries = text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [key, value, ...rest] = part.split('=')
      if (value === undefined || rest.length) throw new RollError(`"${part}" is not year=number, as in y8=180`)
      const group = yearGroupSchema.safeParse(key!.trim().toLowerCase())
      if (!group.success) throw new RollError(`"${key}" is not a year group: use ${yearGroups.join(', ')}`)
      const n = onRollSchema.safeParse(value.trim())
      if (!n.success) throw new RollError(`${key}: ${n.error.issues[0]!.message}`)
      return [group.data, n.data] as const
    })
  if (entries.length === 0) throw new RollError('give at least one year group, as in y8=180,y9=175')
  return Object.fromEntries(entries)
}

/** A problem with sizes someone entered, said so they can put it right (a 400 in the dashboard, exit 1 in the CLI). */
export class RollError extends Error {}

export type RollCsvRow = { line: number; institution: string; sizes: RollInput }

/**
 * The partnership lead's CSV of sizes for every institution: a header row `institution,y8,y9,…`
 * (any of the year groups, in any order), then one row per institution by its slug. An empty
 * cell leaves that year group as it is. Every problem is listed with its line; nothing is stored
 * unless the whole file is right.
 */
export async function parseRollCsv(
  db: Db,
  partnershipId: number,
  text: string,
): Promise<{ rows: (RollCsvRow & { institutionId: number })[]; problems: string[] }> {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((l, i) => ({ line: i + 1, cells: l.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1')) }))
    .filter((l) => l.cells.some((c) => c !== ''))
  const problems: string[] = []
  const [head, ...body] = lines
  if (!head) return { rows: [], problems: ['the file is empty: the first row names the columns, as in institution,y8,y9,y10,y11'] }
  const columns = head.cells.map((c) => c.toLowerCase())
  if (columns[0] !== 'institution') problems.push('line 1: the first column must be "institution" (the institution’s short name, its slug)')
  const groups = columns.slice(1)
  for (const g of groups) if (!yearGroupSchema.safeParse(g).success) problems.push(`line 1: "${g}" is not a year group: use ${yearGroups.join(', ')}`)
  if (problems.length) return { rows: [], problems }
  const known = new Map(
    (await db.select({ id: institutions.id, slug: institutions.slug }).from(institutions).where(eq(institutions.partnershipId, partnershipId))).map((i) => [
      i.slug,
      i.id,
    ]),
  )
  const rows: (RollCsvRow & { institutionId: number })[] = []
  const seen = new Set<string>()
  for (const { line, cells } of body) {
    const slug = cells[0] ?? ''
    const institutionId = known.get(slug)
    if (institutionId === undefined) problems.push(`line ${line}: no institution "${slug}" in this partnership`)
    else if (seen.has(slug)) problems.push(`line ${line}: "${slug}" is listed twice`)
    seen.add(slug)
    const sizes: Record<string, number> = {}
    groups.forEach((g, i) => {
      const cell = cells[i + 1] ?? ''
      if (cell === '') return
      const n = onRollSchema.safeParse(cell)
      if (n.success) sizes[g] = n.data
      else problems.push(`line ${line}, ${yearGroupLabel(g)}: ${n.error.issues[0]!.message} (not "${cell}")`)
    })
    if (cells.length > groups.length + 1) problems.push(`line ${line}: more cells than columns`)
    if (institutionId !== undefined) rows.push({ line, institution: slug, institutionId, sizes })
  }
  return { rows: problems.length ? [] : rows, problems }
}

/** Stores the rows of a checked CSV: each institution's sizes for the year, in one batch (all or nothing). */
export async function storeRollCsv(db: Db, year: string, rows: { institutionId: number; sizes: RollInput }[]): Promise<void> {
  const y = academicYear.parse(year)
  const current = await rollsOf(
    db,
    rows.map((r) => r.institutionId),
    y,
  )
  const statements = rows.flatMap((r) => {
    const sizes = new Map(current.get(r.institutionId)?.sizes ?? [])
    for (const [g, n] of Object.entries(r.sizes)) if (n !== undefined) sizes.set(g, n)
    return [...sizes].map(([g, n]) => ({
      sql: 'INSERT INTO year_group_rolls (institution_id, year, year_group, on_roll) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET on_roll = excluded.on_roll',
      args: [r.institutionId, y, g, n],
    }))
  })
  if (statements.length) await db.$client.batch(statements, 'write')
}
