import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Papa from 'papaparse'

export const fixturePath = join(import.meta.dirname, 'fixtures/student-iag-2024-25-surveymonkey.csv')

/** The SurveyMonkey export of Oak School's 2024/25 student survey (15 respondents, one answered nothing). */
export const surveyMonkeyExport = readFileSync(fixturePath, 'utf8')

/** The file's cells, header rows included (cells[0] is spreadsheet row 1). */
export function cellsOf(csv: string): string[][] {
  return Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data
}

/** The file with some cells changed, written back as CSV. */
export function editCsv(csv: string, edit: (cells: string[][]) => void): string {
  const cells = cellsOf(csv)
  edit(cells)
  return Papa.unparse(cells, { newline: '\r\n' }) + '\r\n'
}

/** The index of the column whose row-1 (or row-2) text is `text`. */
export function columnIndex(cells: string[][], text: string): number {
  const i = cells[0]!.indexOf(text)
  const j = i >= 0 ? i : cells[1]!.indexOf(text)
  if (j < 0) throw new Error(`no column “${text}”`)
  return j
}

/** The submission-id prefix the importer gives a file's rows (first 12 hex digits of its SHA-256). */
export function importPrefix(csv: string): string {
  return `import-${createHash('sha256')
    .update(csv.replace(/^\uFEFF/, '').replace(/\r\n|\r|\n/g, '\r\n'))
    .digest('hex')
    .slice(0, 12)}-`
}
