import Papa from 'papaparse'
import { cellsOf, surveyMonkeyExport } from './fixture.ts'

/**
 * A SurveyMonkey export of `rows` respondents, built from the fixture's two header rows and its
 * answered rows over and over, each with its own Respondent ID.
 */
export function largeExport(rows: number): string {
  const cells = cellsOf(surveyMonkeyExport)
  const answered = cells.slice(2).filter((r) => r.slice(9).some((c) => c.trim() !== ''))
  const out = cells.slice(0, 2)
  for (let i = 0; i < rows; i++) {
    const row = [...answered[i % answered.length]!]
    row[0] = String(100000 + i)
    out.push(row)
  }
  return Papa.unparse(out, { newline: '\r\n' }) + '\r\n'
}

/**
 * A plain CSV (`--format csv`) of `rows` complete responses to a survey: one header row of
 * question keys, values as the importer reads them (1-5 or dk, option values, `;` between the
 * options of a multiple-choice answer, free text). `answersOf` gives each row's answers.
 */
export function largePlainCsv(keys: string[], rows: number, answersOf: (i: number) => Record<string, string | string[]>): string {
  const out: string[][] = [keys]
  for (let i = 0; i < rows; i++) {
    const answers = answersOf(i)
    out.push(
      keys.map((k) => {
        const v = answers[k]
        return Array.isArray(v) ? v.join(';') : (v ?? '')
      }),
    )
  }
  return Papa.unparse(out, { newline: '\r\n' }) + '\r\n'
}
