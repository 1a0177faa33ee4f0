import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { formatProblem, ImportError, ImportRefused, importResponses, type ImportOptions } from '../../src/importers/import.ts'
import { closeRound, findRound, openRound } from '../../src/rounds/rounds.ts'
import { catalog, rows, storedCounts } from '../support/app.ts'
import { cellsOf, columnIndex, editCsv, importPrefix, surveyMonkeyExport } from './fixture.ts'
import { everyStoredText, schoolDatabase } from './helpers.ts'

type Fresh = Awaited<ReturnType<typeof schoolDatabase>>
let t: Fresh
beforeEach(async () => {
  t = await schoolDatabase()
})
afterEach(() => t.dispose())

const options: ImportOptions = { institution: 'oak-school', survey: 'student-iag', year: '2024/25', format: 'surveymonkey', today: '2025-10-06' }
const knowWhoCanHelp = 'i know who can give me advice about my future'

/** The answers stored for the response of one spreadsheet row of a file, as { key: value | [values] }. */
async function storedAnswers(csv: string, row: number) {
  const list = await rows(
    t.db,
    `SELECT a.question_key AS key, a.value, a.scale FROM answers a JOIN responses r ON r.id = a.response_id WHERE r.submission_id = ?`,
    [`${importPrefix(csv)}${row}`],
  )
  return Object.fromEntries(list.map((a) => [a.key, { value: a.value, scale: a.scale }]))
}

async function importError(promise: Promise<unknown>): Promise<ImportError> {
  try {
    await promise
  } catch (e) {
    if (e instanceof ImportError) return e
    throw e
  }
  throw new Error('expected an ImportError')
}

describe('importing a SurveyMonkey export', () => {
  it('stores one response per respondent, with every answer mapped to its value', async () => {
    const summary = await importResponses(t.db, catalog, surveyMonkeyExport, options)

    // 15 respondents; the one on row 10 opened the survey and answered nothing
    expect(summary.imported).toBe(14)
    expect(summary.emptyRows).toEqual([10])
    expect(summary.alreadyImported).toBe(false)
    expect(summary.skippedColumns).toEqual([
      'Respondent ID',
      'Collector ID',
      'Start Date',
      'End Date',
      'IP Address',
      'Email Address',
      'First Name',
      'Last Name',
      'Custom Data 1',
    ])
    expect(await storedCounts(t.db)).toMatchObject({ responses: 14 })

    // one answer per non-blank question cell (the student survey has no multiple choice)
    const cells = cellsOf(surveyMonkeyExport)
    const answerCells = cells
      .slice(2)
      .flatMap((r) => r.slice(9))
      .filter((c) => c.trim() !== '').length
    expect(answerCells).toBe(363)
    expect(await storedCounts(t.db)).toMatchObject({ answers: answerCells })

    // row 3: Year 10, no answer to "extra help", "Agree" -> 4, "Disagree" -> 2 (in a matrix column)
    const row3 = await storedAnswers(surveyMonkeyExport, 3)
    expect(row3.year_group).toEqual({ value: 'y10', scale: null })
    expect(row3.send_support).toBeUndefined()
    expect(row3.find_info_on_my_own).toBeUndefined()
    expect(row3.know_who_can_help).toEqual({ value: '4', scale: 4 })
    expect(row3.learning_skills_for_work).toEqual({ value: '2', scale: 2 })
    expect(row3.what_would_help_most).toEqual({ value: 'More trips to colleges and workplaces, please.', scale: null })

    // row 5: an option label to its value, free text over two lines kept as written
    const row5 = await storedAnswers(surveyMonkeyExport, 5)
    expect(row5.year_group!.value).toBe('y8')
    expect(row5.send_support!.value).toBe('prefer_not_to_say')
    expect(row5.find_info_on_my_own).toEqual({ value: '2', scale: 2 })
    expect(row5.anything_else!.value).toBe('The careers fair was really useful.\nThe website was hard to find though.')

    // row 6: "STRONGLY AGREE" -> 5, "Don’t know" (curly apostrophe) -> dk with no scale
    const row6 = await storedAnswers(surveyMonkeyExport, 6)
    expect(row6.know_who_can_help).toEqual({ value: '5', scale: 5 })
    expect(row6.learning_skills_for_work).toEqual({ value: 'dk', scale: null })
    expect(row6.find_info_on_my_own).toEqual({ value: '1', scale: 1 })

    // row 15: "Don't know" (straight apostrophe) -> dk; quotes in free text kept
    const row15 = await storedAnswers(surveyMonkeyExport, 15)
    expect(row15.know_who_can_help).toEqual({ value: 'dk', scale: null })
    expect(row15.what_would_help_most!.value).toBe('"Meet the employer" days were good – more of them')

    // row 17, the last: "Neither agree nor disagree" -> 3
    const row17 = await storedAnswers(surveyMonkeyExport, 17)
    expect(row17.year_group!.value).toBe('y11')
    expect(row17.find_info_on_my_own).toEqual({ value: '3', scale: 3 })
    expect(row17.learning_skills_for_work).toEqual({ value: 'dk', scale: null })

    // nothing for the respondent who answered nothing
    expect(await storedAnswers(surveyMonkeyExport, 10)).toEqual({})
  })

  it('dates every response inside the academic year, never with the export’s times, and creates the round closed and imported', async () => {
    const summary = await importResponses(t.db, catalog, surveyMonkeyExport, options)
    expect(summary.submittedOn).toBe('2024-12-01')
    expect(await rows(t.db, 'SELECT DISTINCT submitted_on, language FROM responses')).toEqual([{ submitted_on: '2024-12-01', language: 'en' }])
    expect(summary.roundCreated).toBe(true)
    expect(summary.round).toMatchObject({ year: '2024/25', surveyId: 'student-iag', status: 'closed', source: 'imported' })
    const round = await findRound(t.db, summary.round.institutionId, 'student-iag', '2024/25')
    expect(round).toMatchObject({ status: 'closed', source: 'imported', tokensRequired: false })
  })

  it('stores no IP address, email address, name, respondent id or start/end date anywhere', async () => {
    await importResponses(t.db, catalog, surveyMonkeyExport, options)
    const cells = cellsOf(surveyMonkeyExport)
    const metadata = cells
      .slice(2)
      .flatMap((r) => r.slice(0, 8))
      .filter((c) => c.trim() !== '')
    expect(metadata).toContain('81.2.69.142')
    expect(metadata).toContain('student101@oak-school.example.org.uk')
    expect(metadata).toContain('11/04/2024 09:00:00 AM')

    const stored = await everyStoredText(t.db)
    expect(stored.length).toBeGreaterThan(363)
    for (const value of metadata) {
      expect(stored.filter((s) => s.includes(value))).toEqual([])
    }
    // nor any fragment of them: a time of day, an @, an IPv4 address, a US-style date
    for (const s of stored) {
      expect(s).not.toMatch(/\d{1,2}:\d{2}:\d{2} [AP]M|@|\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b|\d{2}\/\d{2}\/\d{4}/)
    }
    // the columns of responses and answers hold only what the schema intends
    const responseRows = await rows(t.db, 'SELECT * FROM responses')
    for (const r of responseRows) {
      expect(Object.keys(r).sort()).toEqual(['id', 'in_figures', 'language', 'round_id', 'submission_id', 'submitted_on', 'void_tag'])
      // an import arrives all at once: nothing to void by its window, no tag
      expect(r.void_tag).toBeNull()
      expect(r.submission_id).toMatch(/^import-[0-9a-f]{12}-\d+$/)
    }
  })

  it('stores nothing when the last row has an answer that is not on the scale, and names the row and column', async () => {
    const cells = cellsOf(surveyMonkeyExport)
    const last = cells.length // spreadsheet row of the last respondent
    const bad = editCsv(surveyMonkeyExport, (c) => {
      c[c.length - 1]![columnIndex(c, knowWhoCanHelp)] = 'Strongly agre'
    })
    const before = await storedCounts(t.db)
    const roundsBefore = await rows(t.db, 'SELECT count(*) AS n FROM rounds')

    const error = await importError(importResponses(t.db, catalog, bad, options))
    expect(error.problems).toHaveLength(1)
    expect(error.problems[0]).toMatchObject({ row: last, column: knowWhoCanHelp })
    expect(formatProblem(error.problems[0]!)).toMatch(new RegExp(`^row ${last}, column “${knowWhoCanHelp}”: “Strongly agre” is not an answer to this question`))
    expect(await storedCounts(t.db)).toEqual(before)
    // not even the round is created
    expect(await rows(t.db, 'SELECT count(*) AS n FROM rounds')).toEqual(roundsBefore)
  })

  it('collects every problem of the file, not just the first', async () => {
    const bad = editCsv(surveyMonkeyExport, (c) => {
      c[2]![columnIndex(c, 'WHAT YEAR ARE YOU IN?')] = 'Year 14'
      c[5]![columnIndex(c, 'WHAT YEAR ARE YOU IN?')] = '' // required on the live form, not in an earlier year's file
      c[8]![columnIndex(c, 'I can look up jobs and courses by myself')] = 'Sometimes'
    })
    const error = await importError(importResponses(t.db, catalog, bad, options))
    expect(error.problems.map((p) => [p.row, p.column])).toEqual([
      [3, 'WHAT YEAR ARE YOU IN?'],
      [9, 'I can look up jobs and courses by myself'],
    ])
    expect(error.problems[0]!.message).toContain('“Year 14” is not an answer to this question')
    expect(await storedCounts(t.db)).toMatchObject({ responses: 0, answers: 0 })
  })

  it('reports a column that is neither a question nor metadata', async () => {
    const extra = editCsv(surveyMonkeyExport, (c) => {
      c[0]!.push('How did you hear about this survey?')
      c[1]!.push('Response')
      c.slice(2).forEach((r, i) => r.push(i % 2 ? 'Form tutor' : ''))
    })
    // --strict refuses it
    const error = await importError(importResponses(t.db, catalog, extra, { ...options, strict: true }))
    expect(error.problems).toEqual([
      { row: 1, column: 'How did you hear about this survey?', message: expect.stringContaining('is not a question of student-iag') },
    ])
    expect(await storedCounts(t.db)).toMatchObject({ responses: 0 })
    // otherwise it is left out, said, and the rest is imported
    const summary = await importResponses(t.db, catalog, extra, options)
    expect(summary.imported).toBe(14)
    expect(summary.unmatchedColumns).toEqual(['How did you hear about this survey?'])
    expect(summary.mapping['How did you hear about this survey?']).toBeNull()
    expect(await everyStoredText(t.db)).not.toContain('Form tutor')
  })

  it('stores nothing the second time the same file is imported', async () => {
    const first = await importResponses(t.db, catalog, surveyMonkeyExport, options)
    const after = await storedCounts(t.db)
    const second = await importResponses(t.db, catalog, surveyMonkeyExport, options)
    expect(second).toMatchObject({ imported: 0, alreadyImported: true })
    expect(second.round.id).toBe(first.round.id)
    expect(await storedCounts(t.db)).toEqual(after)

    // the same file as a stream of bytes is the same file
    const stream = new Blob([surveyMonkeyExport]).stream()
    expect(await importResponses(t.db, catalog, stream, options)).toMatchObject({ imported: 0, alreadyImported: true })
    expect(await storedCounts(t.db)).toEqual(after)
  })

  it('adds another file to a round an earlier import created', async () => {
    const first = await importResponses(t.db, catalog, surveyMonkeyExport, options)
    const another = editCsv(surveyMonkeyExport, (c) => {
      c[2]![columnIndex(c, knowWhoCanHelp)] = 'Disagree'
    })
    const summary = await importResponses(t.db, catalog, another, options)
    expect(summary).toMatchObject({ imported: 14, roundCreated: false, alreadyImported: false })
    expect(summary.round).toMatchObject({ id: first.round.id, status: 'closed', source: 'imported' })
    expect(await storedCounts(t.db)).toMatchObject({ responses: 28 })
  })

  it('refuses a year whose round Signpost collected, open or closed, saying which round and what to do; nothing is stored', async () => {
    const round = await openRound(t.db, catalog, { institution: 'oak-school', survey: 'student-iag', year: '2024/25', tokensRequired: false })
    const refusedWhileOpen = await importError(importResponses(t.db, catalog, surveyMonkeyExport, options))
    expect(refusedWhileOpen).toBeInstanceOf(ImportRefused)
    expect((refusedWhileOpen as ImportRefused).reason).toBe(
      'Signpost collected the 2024/25 round of “Your careers help at school” at Oak School (it is open now). An import cannot add answers to a round Signpost ' +
        'collected: they would change the evidence the year is rated on. Import only a year that has no Signpost round for this survey, such as a year surveyed before Signpost.',
    )
    await closeRound(t.db, round)
    const refusedClosed = (await importError(importResponses(t.db, catalog, surveyMonkeyExport, options))) as ImportRefused
    expect(refusedClosed.reason).toContain('(it is closed)')
    expect(await storedCounts(t.db)).toMatchObject({ responses: 0, answers: 0 })
    expect(await rows(t.db, 'SELECT count(*) AS n FROM rounds')).toEqual([{ n: 1 }])
  })

  it('refuses a round that needs one-time codes', async () => {
    await openRound(t.db, catalog, { institution: 'oak-school', survey: 'student-iag', year: '2024/25', tokensRequired: true })
    const refused = (await importError(importResponses(t.db, catalog, surveyMonkeyExport, options))) as ImportRefused
    expect(refused.reason).toMatch(
      /^Signpost collected the 2024\/25 round of “Your careers help at school” at Oak School, with a one-time code for each respondent/,
    )
    expect(await storedCounts(t.db)).toMatchObject({ responses: 0 })
  })

  it('creates the current year’s round closed too, and refuses a year that has not started', async () => {
    const current = await importResponses(t.db, catalog, surveyMonkeyExport, { ...options, year: '2025/26' })
    expect(current.round).toMatchObject({ status: 'closed', source: 'imported' })
    expect(current.submittedOn).toBe('2025-10-06') // 1 December has not come yet
    await expect(importResponses(t.db, catalog, surveyMonkeyExport, { ...options, year: '2026/27' })).rejects.toThrow('has not started')
  })

  it('matches a column whose text differs from the survey with a mapping file', async () => {
    const reworded = editCsv(surveyMonkeyExport, (c) => {
      c[0]![columnIndex(c, knowWhoCanHelp)] = 'Do you know who to ask about careers?'
    })
    const error = await importError(importResponses(t.db, catalog, reworded, { ...options, strict: true }))
    expect(error.problems).toEqual([{ row: 1, column: 'Do you know who to ask about careers?', message: expect.stringContaining('is not a question') }])

    const summary = await importResponses(t.db, catalog, reworded, { ...options, mapping: { 'Do you know who to ask about careers?': 'know_who_can_help' } })
    expect(summary.imported).toBe(14)
    expect((await storedAnswers(reworded, 6)).know_who_can_help).toEqual({ value: '5', scale: 5 })
    expect((await storedAnswers(reworded, 15)).know_who_can_help).toEqual({ value: 'dk', scale: null })
  })

  it('reports a mapping to a key the survey does not have', async () => {
    const error = await importError(importResponses(t.db, catalog, surveyMonkeyExport, { ...options, mapping: { Anything: 'no_such_key' } }))
    expect(error.problems.map(formatProblem)).toEqual([
      expect.stringContaining('the mapping file maps “Anything” to “no_such_key”, which is not a question key'),
    ])
  })
})

describe('importing a plain CSV', () => {
  const plain = [
    'year_group,send_support,find_info_on_my_own,know_who_can_help,know_how_to_apply,what_would_help_most',
    'y9,no,4,5,dk,',
    'y10,,2,DK,3,"More visits, please"',
    'y11,not_sure,,1,5,',
    'y8,yes,5,4,,Work experience',
  ].join('\n')

  it('stores one response per row, the cells being values', async () => {
    const summary = await importResponses(t.db, catalog, plain, { ...options, format: 'csv' })
    expect(summary).toMatchObject({ imported: 4, skippedColumns: [] })
    expect(await storedCounts(t.db)).toMatchObject({ responses: 4, answers: 19 })
    expect(await storedAnswers(plain, 2)).toEqual({
      year_group: { value: 'y9', scale: null },
      send_support: { value: 'no', scale: null },
      find_info_on_my_own: { value: '4', scale: 4 },
      know_who_can_help: { value: '5', scale: 5 },
      know_how_to_apply: { value: 'dk', scale: null },
    })
    expect((await storedAnswers(plain, 3)).know_who_can_help).toEqual({ value: 'dk', scale: null })
    expect((await storedAnswers(plain, 3)).what_would_help_most!.value).toBe('More visits, please')
  })

  it('reports a bad value and an unknown column, storing nothing', async () => {
    const bad = plain
      .replace('year_group,', 'year_group,timestamp,favourite_colour,')
      .replace(/\n(y\d+),/g, '\n$1,2024-11-04 09:12,blue,')
      .replace('y11,2024-11-04 09:12,blue,not_sure,,1,5,', 'y11,2024-11-04 09:12,blue,not_sure,,6,5,')
    const error = await importError(importResponses(t.db, catalog, bad, { ...options, format: 'csv', strict: true }))
    expect(error.problems.map(formatProblem)).toEqual([
      expect.stringMatching(/^row 1, column “favourite_colour”: is not a question key of student-iag/),
      expect.stringMatching(/^row 4, column “know_who_can_help”: “6” is not an answer to this question \(answers: 5, 4, 3, 2, 1, dk\)/),
    ])
    expect(await storedCounts(t.db)).toMatchObject({ responses: 0 })
  })
})
