import Papa from 'papaparse'
import type { Db } from '../db/database.ts'
import { normalise, type ImportProblem } from '../importers/columns.ts'
import { ImportError } from '../importers/import.ts'
import { cellReaders, entryColumns, entryFields, type EntryField, type EntryInput } from './entered-figures.ts'
import { entryStatement, institutionsOf, type InstitutionRow } from './queries.ts'
import { auditStatement, type AuditEntry } from '../audit/log.ts'

/**
 * A CSV of the four entered elements, one row per institution, for one academic year:
 *
 *   institution,destination_ks4,destination_post16,y11_eet,quality_award,staffing
 *   oak-school,95.5,,93.1,working-towards,level-4
 *
 * `institution` is the institution's slug or its name; the other columns are optional, in any
 * order. Percentages are 0-100 ("93.1" or "93.1%"); statements are their codes (gained,
 * working-towards, audit-and-plan, none; level-4, enrolled-level-4, some-cpd, no-cpd) or the
 * rating each stands for. A column the file leaves out keeps what is stored; an empty cell in a
 * column the file has clears that figure. Every row is checked before anything is written; any
 * problem, and nothing is stored; otherwise every row is stored in one atomic batch.
 * Web-standard code only: it also runs in a Worker.
 */

const institutionHeaders = new Set(['institution', 'institutionslug', 'slug', 'institutionname'])
const fieldByHeader = new Map(entryFields.map((f) => [normalise(entryColumns[f]), f]))
export const frameworkCsvHeader = ['institution', ...entryFields.map((f) => entryColumns[f])]

export type FrameworkImportRow = { row: number; institution: Pick<InstitutionRow, 'id' | 'slug' | 'name'>; values: Partial<EntryInput> }
export type FrameworkRead = { rows: FrameworkImportRow[]; fields: EntryField[]; problems: ImportProblem[] }

const blank = (cells: string[]) => cells.every((c) => c.trim() === '')

/** Parses and checks a whole file against the partnership's institutions, storing nothing. */
export function readFrameworkCsv(text: string, institutions: Pick<InstitutionRow, 'id' | 'slug' | 'name'>[]): FrameworkRead {
  const parsed = Papa.parse<string[]>(text.replace(/^\ufeff/, ''), { skipEmptyLines: false })
  const problems: ImportProblem[] = parsed.errors
    // a file of one column has no delimiter to detect; papaparse then reads it with commas, which is right
    .filter((e) => e.type !== 'Delimiter')
    .map((e) => ({ row: (e.row ?? -1) + 1 || 0, column: '', message: `the file cannot be read as CSV: ${e.message}` }))
  const lines = parsed.data
  const headerIndex = lines.findIndex((cells) => !blank(cells))
  if (headerIndex < 0)
    return {
      rows: [],
      fields: [],
      problems: [{ row: 0, column: '', message: 'the file is empty: give a header row (institution, y11_eet...) and a row per institution' }],
    }

  // the header: which column is what
  const header = lines[headerIndex]!
  const headerRow = headerIndex + 1
  let institutionColumn = -1
  const columns: { index: number; field: EntryField; header: string }[] = []
  header.forEach((raw, index) => {
    const text = raw.trim()
    const key = normalise(text)
    if (key === '') {
      problems.push({ row: headerRow, column: `column ${index + 1}`, message: 'has no header text' })
    } else if (institutionHeaders.has(key)) {
      if (institutionColumn >= 0) problems.push({ row: headerRow, column: text, message: 'is a second institution column' })
      else institutionColumn = index
    } else if (fieldByHeader.has(key)) {
      const field = fieldByHeader.get(key)!
      if (columns.some((c) => c.field === field)) problems.push({ row: headerRow, column: text, message: `is a second ${entryColumns[field]} column` })
      else columns.push({ index, field, header: text })
    } else {
      problems.push({ row: headerRow, column: text, message: `is not a framework column: the columns are ${frameworkCsvHeader.join(', ')}` })
    }
  })
  if (institutionColumn < 0)
    problems.push({
      row: headerRow,
      column: '',
      message: 'there is no institution column: name one column “institution” (the slug or the name of each institution)',
    })
  if (columns.length === 0)
    problems.push({
      row: headerRow,
      column: '',
      message: `there is nothing to import: add at least one of ${entryFields.map((f) => entryColumns[f]).join(', ')}`,
    })

  const bySlug = new Map(institutions.map((i) => [i.slug.toLowerCase(), i]))
  const byName = new Map(institutions.map((i) => [normalise(i.name), i]))
  const seen = new Map<number, number>()
  const rows: FrameworkImportRow[] = []
  lines.slice(headerIndex + 1).forEach((cells, i) => {
    const row = headerIndex + 2 + i
    if (blank(cells)) return
    if (cells.length > header.length && !blank(cells.slice(header.length))) {
      problems.push({ row, column: '', message: `has ${cells.length} cells, more than the ${header.length} columns of the header` })
    }
    if (institutionColumn < 0) return
    const name = (cells[institutionColumn] ?? '').trim()
    const institutionHeader = header[institutionColumn]!.trim()
    const institution = bySlug.get(name.toLowerCase()) ?? byName.get(normalise(name))
    if (!name) {
      problems.push({ row, column: institutionHeader, message: 'is empty: give the institution’s slug or name' })
    } else if (!institution) {
      problems.push({
        row,
        column: institutionHeader,
        message: `“${name}” is not an institution of this partnership: give its slug (such as ${institutions[0]?.slug ?? 'oak-school'}) or its name as Signpost has it`,
      })
    } else if (seen.has(institution.id)) {
      problems.push({ row, column: institutionHeader, message: `${institution.name} is already on row ${seen.get(institution.id)}: one row per institution` })
    } else {
      seen.set(institution.id, row)
    }
    const values: Partial<EntryInput> = {}
    for (const column of columns) {
      const read = cellReaders[column.field](cells[column.index] ?? '')
      if (read.ok) (values as Record<string, unknown>)[column.field] = read.value
      else problems.push({ row, column: column.header, message: read.message })
    }
    if (institution) rows.push({ row, institution: { id: institution.id, slug: institution.slug, name: institution.name }, values })
  })
  if (rows.length === 0 && problems.length === 0) problems.push({ row: 0, column: '', message: 'the file has a header but no rows of institutions' })
  return { rows, fields: columns.map((c) => c.field), problems }
}

export type FrameworkImportSummary = { year: string; imported: number; fields: EntryField[]; institutions: string[] }

/** Reads the file and, if every row is right, stores every row in one atomic batch; otherwise throws ImportError with every problem. */
export async function importFramework(
  db: Db,
  partnershipId: number,
  year: string,
  text: string,
  now = new Date(),
  audit?: AuditEntry,
): Promise<FrameworkImportSummary> {
  const read = readFrameworkCsv(text, await institutionsOf(db, partnershipId))
  if (read.problems.length) throw new ImportError(read.problems)
  await db.$client.batch(
    [
      ...read.rows.map((r) => entryStatement(r.institution.id, year, r.values, now)),
      ...(audit ? [auditStatement({ ...audit, detail: audit.detail || `${year}: ${read.rows.length} institutions (${read.fields.join(', ')})` })] : []),
    ],
    'write',
  )
  return { year, imported: read.rows.length, fields: read.fields, institutions: read.rows.map((r) => r.institution.name) }
}
