import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { importCommand } from '../../src/cli/commands/import.ts'
import { UsageError } from '../../src/cli/args.ts'
import { closeRound, openRound } from '../../src/rounds/rounds.ts'
import { catalog, rows, storedCounts } from '../support/app.ts'
import { columnIndex, editCsv, fixturePath, surveyMonkeyExport } from './fixture.ts'
import { schoolDatabase } from './helpers.ts'

type Fresh = Awaited<ReturnType<typeof schoolDatabase>>
let t: Fresh
let dir: string
beforeEach(async () => {
  t = await schoolDatabase()
  dir = mkdtempSync(join(tmpdir(), 'signpost-import-'))
})
afterEach(() => {
  t.dispose()
  rmSync(dir, { recursive: true, force: true })
})

const flags = ['--institution', 'oak-school', '--survey', 'student-iag', '--year', '2024/25', '--format', 'surveymonkey']

async function signpostImport(...args: string[]) {
  const lines: string[] = []
  const code = await importCommand(t.db, catalog, args, { log: (l) => lines.push(l) })
  return { code, lines }
}

function file(name: string, text: string) {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

describe('signpost import', () => {
  it('imports a SurveyMonkey export and says what it did; a second time, that it was already imported', async () => {
    const first = await signpostImport(...flags, fixturePath)
    expect(first.code).toBe(0)
    expect(first.lines).toEqual([
      'Imported 14 responses into oak-school, student-iag, 2024/25, dated 2024-12-01.',
      'Metadata columns dropped, not stored: Respondent ID, Collector ID, Start Date, End Date, IP Address, Email Address, First Name, Last Name, Custom Data 1',
      'Rows with no answers, not stored: 10',
      'The round for 2024/25 was created for the import: it is marked imported and closed, and is never opened for answers.',
    ])
    const counts = await storedCounts(t.db)

    const second = await signpostImport(...flags, fixturePath)
    expect(second.code).toBe(0)
    expect(second.lines).toEqual(["Already imported: this file's responses are already in oak-school, student-iag, 2024/25. Nothing was stored."])
    expect(await storedCounts(t.db)).toEqual(counts)
  })

  it('lists every problem and exits 1, storing nothing', async () => {
    const bad = file(
      'bad.csv',
      editCsv(surveyMonkeyExport, (c) => {
        c[c.length - 1]![columnIndex(c, 'i know who can give me advice about my future')] = 'Strongly agre'
        c[0]!.push('Favourite subject')
        c[1]!.push('Response')
      }),
    )
    const result = await signpostImport(...flags, '--strict', bad)
    expect(result.code).toBe(1)
    expect(result.lines[0]).toBe(`Nothing was imported from ${bad}: 2 problems.`)
    expect(result.lines[1]).toMatch(/^row 1, column “Favourite subject”: is not a question of student-iag/)
    expect(result.lines[2]).toMatch(/^row 17, column “i know who can give me advice about my future”: “Strongly agre” is not an answer to this question/)
    expect(await storedCounts(t.db)).toMatchObject({ responses: 0, answers: 0 })
  })

  it('refuses a year whose round Signpost collected, saying which round and what to do, and exits 1 storing nothing', async () => {
    await closeRound(t.db, await openRound(t.db, catalog, { institution: 'oak-school', survey: 'student-iag', year: '2024/25', tokensRequired: false }))
    const before = await storedCounts(t.db)
    const result = await signpostImport(...flags, fixturePath)
    expect(result.code).toBe(1)
    expect(result.lines).toEqual([
      `Nothing was imported from ${fixturePath} into oak-school, student-iag, 2024/25. Signpost collected the 2024/25 round of “Your careers help at school” at Oak School ` +
        '(it is closed). An import cannot add answers to a round Signpost collected: they would change the evidence the year is rated on. ' +
        'Import only a year that has no Signpost round for this survey, such as a year surveyed before Signpost.',
    ])
    expect(await storedCounts(t.db)).toEqual(before)
  })

  it('leaves the round it created closed: opening it for answers is refused', async () => {
    expect((await signpostImport(...flags, fixturePath)).code).toBe(0)
    await expect(openRound(t.db, catalog, { institution: 'oak-school', survey: 'student-iag', year: '2024/25' })).rejects.toThrow(
      'The 2024/25 round of “Your careers help at school” at Oak School was imported from a file: Signpost did not collect its answers, so it stays closed',
    )
    expect(await rows(t.db, 'SELECT status, source FROM rounds')).toEqual([{ status: 'closed', source: 'imported' }])
  })

  it('reads a mapping file', async () => {
    const reworded = file(
      'reworded.csv',
      editCsv(surveyMonkeyExport, (c) => {
        c[0]![columnIndex(c, 'i know who can give me advice about my future')] = 'Do you know who to ask about careers?'
      }),
    )
    const mapping = file('mapping.json', JSON.stringify({ 'Do you know who to ask about careers?': 'know_who_can_help' }))
    const result = await signpostImport(...flags, '--mapping', mapping, reworded)
    expect(result.code).toBe(0)
    expect(result.lines[0]).toContain('Imported 14 responses')
  })

  it('imports a plain CSV', async () => {
    const plain = file('plain.csv', 'year_group,know_who_can_help\ny9,4\ny10,dk\n')
    const result = await signpostImport('--institution', 'oak-school', '--survey', 'student-iag', '--year', '2023/24', '--format', 'csv', plain)
    expect(result.code).toBe(0)
    expect(result.lines[0]).toContain('Imported 2 responses into oak-school, student-iag, 2023/24, dated 2023-12-01.')
    // the questions an earlier survey did not ask are said, not refused
    expect(result.lines).toContainEqual(expect.stringMatching(/^Questions no column answers, imported as not answered: .*find_info_on_my_own/))
    expect(result.lines).toContainEqual(expect.stringMatching(/^The file answers 1 of the survey's \d+ scored questions: the 2023\/24 top three/))
  })

  it('leaves out a column that matches nothing, says so, and writes the mapping it used for --mapping', async () => {
    const extra = file(
      'extra.csv',
      editCsv(surveyMonkeyExport, (c) => {
        c[0]!.push('Which careers activities did you take part in?')
        c[1]!.push('Response')
        c.slice(2).forEach((r) => r.push('Assembly'))
      }),
    )
    const out = join(dirname(extra), 'used-mapping.json')
    const result = await signpostImport(...flags, '--write-mapping', out, extra)
    expect(result.code).toBe(0)
    expect(result.lines).toContain('Columns that match no question, left out (--strict refuses them): Which careers activities did you take part in?')
    const written = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>
    expect(written['Which careers activities did you take part in?']).toBeNull()
    expect(written['WHAT YEAR ARE YOU IN?']).toBe('year_group')
    expect(written).not.toHaveProperty('IP Address')
    // the written file is a mapping the next import takes
    const again = await signpostImport(
      '--institution',
      'oak-school',
      '--survey',
      'student-iag',
      '--year',
      '2023/24',
      '--format',
      'surveymonkey',
      '--strict',
      '--mapping',
      out,
      extra,
    )
    expect(again.code).toBe(0)
    expect(again.lines[0]).toContain('Imported 14 responses')
  })

  it('writes the mapping for --write-mapping when the file has problems, so that its answers can be mapped in it and the file imported', async () => {
    const column = 'i know who can give me advice about my future'
    const neutral = file(
      'neutral.csv',
      editCsv(surveyMonkeyExport, (c) => {
        c[2]![columnIndex(c, column)] = 'Neutral'
      }),
    )
    const out = join(dir, 'mapping.json')
    const refused = await signpostImport(...flags, '--write-mapping', out, neutral)
    expect(refused.code).toBe(1)
    expect(refused.lines).toContainEqual(expect.stringMatching(/^row 3, column “i know who can give me advice about my future”: “Neutral” is not an answer/))
    expect(refused.lines.at(-1)).toMatch(new RegExp(`^The columns as they were matched are in ${out.replace(/[.\\/]/g, '\\$&')}\\.`))
    expect(await storedCounts(t.db)).toMatchObject({ responses: 0, answers: 0 })

    // the lead says what "Neutral" means in the file written, and gives it back
    const written = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>
    expect(written[column]).toBe('know_who_can_help')
    expect(written).not.toHaveProperty('IP Address')
    written[column] = { question: 'know_who_can_help', answers: { Neutral: '3' } }
    writeFileSync(out, JSON.stringify(written))
    const again = await signpostImport(...flags, '--mapping', out, neutral)
    expect(again.code).toBe(0)
    expect(again.lines[0]).toContain('Imported 14 responses')
  })

  it('throws UsageError for bad arguments', async () => {
    await expect(signpostImport('--institution', 'oak-school', '--survey', 'student-iag', '--year', '2024/25', fixturePath)).rejects.toThrow(
      new UsageError('missing --format'),
    )
    await expect(signpostImport(...flags.slice(0, -1), 'excel', fixturePath)).rejects.toThrow(
      '--format must be one of surveymonkey, surveymonkey-numbers-agree-first, surveymonkey-numbers-disagree-first, csv, not "excel"',
    )
    await expect(signpostImport(...flags)).rejects.toThrow('missing the CSV file')
    await expect(signpostImport(...flags, '--frobnicate', fixturePath)).rejects.toBeInstanceOf(UsageError)
    await expect(signpostImport(...flags, join(dir, 'missing.csv'))).rejects.toThrow(/cannot read .*missing\.csv/)
    await expect(signpostImport(...flags, '--mapping', file('m.json', '{ nope'), fixturePath)).rejects.toThrow('is not valid JSON')
    await expect(signpostImport(...flags, '--mapping', file('m.json', '["a"]'), fixturePath)).rejects.toBeInstanceOf(UsageError)
    await expect(signpostImport(...flags, fixturePath, fixturePath)).rejects.toThrow('one file at a time')
    // a workbook is not a CSV file: said, with what to do
    writeFileSync(join(dir, 'book.xlsx'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]))
    await expect(signpostImport(...flags, join(dir, 'book.xlsx'))).rejects.toThrow('is an Excel workbook, not a CSV file')
  })

  it('reads a CSV that Excel saved as Windows-1252, saying so', async () => {
    // "y9,Mehr Besuche, s’il vous plaît" with a Windows-1252 curly apostrophe (0x92) and î (0xEE)
    const latin = Buffer.concat([
      Buffer.from('year_group,what_would_help_most\r\ny9,"Visits to caf'),
      Buffer.from([0xe9]),
      Buffer.from('s, s'),
      Buffer.from([0x92]),
      Buffer.from('il pla'),
      Buffer.from([0xee]),
      Buffer.from('t"\r\n'),
    ])
    writeFileSync(join(dir, 'excel.csv'), latin)
    const result = await signpostImport(
      '--institution',
      'oak-school',
      '--survey',
      'student-iag',
      '--year',
      '2023/24',
      '--format',
      'csv',
      join(dir, 'excel.csv'),
    )
    expect(result.code).toBe(0)
    expect(result.lines[0]).toContain('it was read as Windows-1252')
    // with the words that hold such letters, as read, for the lead to judge
    expect(result.lines[0]).toContain('Words with accented letters or symbols were read as “cafés”, “s’il”, “plaît”')
    expect((await rows(t.db, "SELECT value FROM answers WHERE question_key = 'what_would_help_most'")).map((r) => r.value)).toEqual([
      'Visits to cafés, s’il plaît',
    ])
  })
})
