import Papa from 'papaparse'

/** CSV downloads: one way to write the text, one way to send it. */

/**
 * A cell that a spreadsheet would read as a formula (it starts, after optional spaces, with
 * `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading apostrophe, which makes
 * Excel, LibreOffice and Google Sheets show it as text. Anything else is returned unchanged.
 */
export function neutraliseCell(value: string): string {
  return /^\s*[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

export type Cell = string | number | null

/** Strings are neutralised; numbers we computed ourselves cannot be formulas and stay numbers (so -5 stays -5). */
const cell = (value: Cell): string | number => (value === null ? '' : typeof value === 'number' ? value : neutraliseCell(value))

/** CSV text with CRLF line ends (what spreadsheets expect) and a UTF-8 byte-order mark so Excel reads accents and curly quotes. */
export function toCsv(header: string[], rows: Cell[][]): string {
  return '\uFEFF' + Papa.unparse({ fields: header.map((h) => cell(h) as string), data: rows.map((r) => r.map(cell)) }, { newline: '\r\n' })
}

/** A CSV file to download, never cached (it holds results). */
export function csvDownload(body: string, filename: string): Response {
  return new Response(body, {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"`, 'cache-control': 'no-store' },
  })
}
