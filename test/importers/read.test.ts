import { describe, expect, it } from 'vitest'
import { normalise } from '../../src/importers/columns.ts'
import { readImport } from '../../src/importers/import.ts'
import { decodeCsvBytes, encodingNote } from '../../src/importers/encoding.ts'
import { parseSurvey } from '../../src/surveys/load.ts'
import { loadCatalogFromDisk } from '../../src/surveys/disk-node.ts'
import { surveyMonkeyExport } from './fixture.ts'

/** Reading and checking a file without a database. */

const student = loadCatalogFromDisk().get('student-iag')!

/** A small survey with a multiple-choice and a yes/no question, which the student survey lacks. */
const clubsYaml = `
id: clubs
audience: student
title: Clubs
introduction: About clubs.
areas: [{ id: clubs_area, title: Clubs }]
sections:
  - id: main
    title: Main
    questions:
      - { key: year_group, kind: single, text: What year are you in?, required: true, options: [{ value: y9, label: Year 9 }, { value: y10, label: Year 10 }] }
      - key: events_been_to
        kind: multiple
        text: Which careers events have you been to?
        options:
          - { value: fair, label: Careers fair }
          - { value: visit, label: Workplace visit }
          - { value: talk, label: "Talk by an employer" }
      - { key: had_interview, kind: yesno, text: Have you had a careers interview? }
      - { key: enjoyed_events, kind: agreement, area: clubs_area, text: I enjoyed the events., dontKnow: false }
`
const clubs = parseSurvey('surveys/clubs.yaml', clubsYaml)

const csv = (...lines: string[][]) => lines.map((l) => l.map((c) => (/[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',')).join('\r\n')

describe('matching text', () => {
  it('ignores case, punctuation, the spacing around it and curly apostrophes', () => {
    expect(normalise('I know my strengths , the things I am good at')).toBe(normalise('I know my strengths, the things I am good at.'))
    expect(normalise('Don’t know')).toBe(normalise("don't  KNOW"))
    expect(normalise('Agree')).not.toBe(normalise('Strongly agree'))
  })
})

describe('a SurveyMonkey export', () => {
  it('reads the fixture without a problem', () => {
    const result = readImport(student, surveyMonkeyExport, 'surveymonkey')
    expect(result.problems).toEqual([])
    expect(result.rows.map((r) => r.row)).toEqual([3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17])
  })

  it('reads one column per option for multiple choice, Yes/No, and refuses "Don’t know" where it is not offered', () => {
    const file = csv(
      [
        'Respondent ID',
        'IP Address',
        'What year are you in?',
        'Which careers events have you been to?',
        '',
        '',
        'Have you had a careers interview?',
        'I enjoyed the events',
      ],
      ['', '', 'Response', 'Careers fair', 'Workplace visit', 'Talk by an employer', 'Response', 'Response'],
      ['1001', '10.0.0.1', 'Year 9', 'Careers fair', '', 'Talk by an employer', 'Yes', 'Agree'],
      ['1002', '10.0.0.2', 'year 10', '', '', '', 'no', 'Strongly disagree'],
      ['1003', '10.0.0.3', 'Year 10', '', 'Workplace visit', '', '', 'Don’t know'],
    )
    const result = readImport(clubs, file, 'surveymonkey')
    expect(result.problems).toEqual([
      {
        row: 5,
        column: 'I enjoyed the events',
        message: expect.stringContaining('“Don’t know” is not an answer to this question'),
        answer: { key: 'enjoyed_events', value: 'Don’t know', mapAs: 'I enjoyed the events' },
      },
    ])
    expect(result.rows).toEqual([
      { row: 3, answers: { year_group: 'y9', events_been_to: ['fair', 'talk'], had_interview: 'yes', enjoyed_events: '4' } },
      { row: 4, answers: { year_group: 'y10', had_interview: 'no', enjoyed_events: '1' } },
    ])
    expect(result.skippedColumns).toEqual(['Respondent ID', 'IP Address'])
  })

  it('reports an option column that is not an answer, and lets the mapping file leave it out', () => {
    const file = csv(
      ['What year are you in?', 'Which careers events have you been to?', '', ''],
      ['Response', 'Careers fair', 'Workplace visit', 'Other (please specify)'],
      ['Year 9', 'Careers fair', '', 'A museum trip'],
    )
    expect(readImport(clubs, file, 'surveymonkey', {}, true).problems).toEqual([
      { row: 2, column: 'Other (please specify)', message: expect.stringContaining('is not one of the answers to “Which careers events have you been to?”') },
    ])
    // not strict (the browser, and the command line without --strict): left out and listed
    const loose = readImport(clubs, file, 'surveymonkey')
    expect(loose.problems).toEqual([])
    expect(loose.unmatchedColumns).toEqual(['Which careers events have you been to? / Other (please specify)'])
    const mapped = readImport(clubs, file, 'surveymonkey', { 'Other (please specify)': null })
    expect(mapped.problems).toEqual([])
    expect(mapped.ignoredColumns).toEqual(['Which careers events have you been to? / Other (please specify)'])
    expect(mapped.rows[0]!.answers).toEqual({ year_group: 'y9', events_been_to: ['fair'] })
  })

  it('reads the condensed export: a multiple-choice question in one column, its cells listing the options chosen', () => {
    // SurveyMonkey's "Columns: condensed" download: one column per question, row 2 "Response"
    // throughout; a multiple-choice cell lists every option chosen, separated by commas
    // an option whose label holds a comma, as real ones do
    const shortClubs = parseSurvey('surveys/clubs.yaml', clubsYaml.replace('label: Workplace visit }', 'label: "Workplace visit, in person" }'))
    const file = csv(
      ['Respondent ID', 'Start Date', 'Which careers events have you been to?', 'I enjoyed the events.'],
      ['', '', 'Response', 'Response'],
      ['1001', '11/04/2024 09:00:00 AM', 'Careers fair, Workplace visit, in person', 'Agree'],
      ['1002', '11/04/2024 09:05:00 AM', 'talk by an employer;Careers fair', 'Disagree'],
      ['1003', '11/04/2024 09:10:00 AM', '', 'Strongly agree'],
      ['1004', '11/04/2024 09:15:00 AM', 'Careers fair, A museum trip', 'Agree'],
    )
    const result = readImport(shortClubs, file, 'surveymonkey')
    expect(result.rows.map((r) => r.answers)).toEqual([
      { events_been_to: ['fair', 'visit'], enjoyed_events: '4' },
      { events_been_to: ['talk', 'fair'], enjoyed_events: '2' },
      { enjoyed_events: '5' },
    ])
    // an option the survey does not have is reported with its row, as any unknown answer is
    expect(result.problems).toEqual([
      expect.objectContaining({
        row: 6,
        column: 'Which careers events have you been to?',
        message: expect.stringContaining('“Careers fair, A museum trip” is not an answer'),
      }),
    ])
    expect(result.skippedColumns).toEqual(['Respondent ID', 'Start Date'])
  })

  it('reads the numerical-value export in the scale order the user states, and otherwise says the numbers are not answers', () => {
    // SurveyMonkey's "Cells: numerical value" download: each answer is its choice's number in the survey's list
    const file = csv(
      ['Respondent ID', 'What year are you in?', 'I enjoyed the events'],
      ['', 'Response', 'Response'],
      ['1', 'Year 9', '1'],
      ['2', 'Year 10', '5'],
      ['3', 'Year 9', '2'],
    )
    const agreeFirst = readImport(clubs, file, 'surveymonkey-numbers-agree-first')
    expect(agreeFirst.problems).toEqual([])
    // 1 = Strongly agree (5), 5 = Strongly disagree (1), 2 = Agree (4)
    expect(agreeFirst.rows.map((r) => r.answers.enjoyed_events)).toEqual(['5', '1', '4'])
    const disagreeFirst = readImport(clubs, file, 'surveymonkey-numbers-disagree-first')
    expect(disagreeFirst.rows.map((r) => r.answers.enjoyed_events)).toEqual(['1', '5', '2'])
    // read as text, a number is no answer: said with its row, so the user picks the numbers' kind
    const asText = readImport(clubs, file, 'surveymonkey')
    expect(asText.problems[0]).toMatchObject({ row: 3, column: 'I enjoyed the events', message: expect.stringContaining('“1” is not an answer') })
    // a 6 is "Don't know" only where the question offers it; 7 is never an answer
    const dk = csv(['I enjoyed the events', 'Which careers events have you been to?'], ['Response', 'Response'], ['6', ''], ['7', ''])
    const read = readImport(clubs, dk, 'surveymonkey-numbers-agree-first')
    expect(read.problems.map((p) => p.row)).toEqual([3, 4])
    const withDontKnow = readImport(
      student,
      csv(['I know my strengths - the things I am good at.'], ['Response'], ['6'], ['3']),
      'surveymonkey-numbers-agree-first',
    )
    expect(withDontKnow.problems).toEqual([])
    expect(withDontKnow.rows.map((r) => Object.values(r.answers))).toEqual([['dk'], ['3']])
  })

  it('says when row 2 is data rather than the second header row', () => {
    const file = csv(['Respondent ID', 'What year are you in?'], ['1001', 'Year 9'], ['1002', 'Year 10'])
    expect(readImport(clubs, file, 'surveymonkey').problems).toEqual([
      { row: 2, column: 'Respondent ID', message: expect.stringContaining('use --format csv') },
    ])
  })

  it('imports a required question the file has no column for as not answered, and lists it: required applies to the live form', () => {
    const file = csv(['Respondent ID', 'I enjoyed the events.'], ['', 'Response'], ['1', 'Agree'], ['2', 'Disagree'])
    const result = readImport(clubs, file, 'surveymonkey')
    expect(result.problems).toEqual([])
    expect(result.missingQuestions).toContain('year_group')
    expect(result.rows.map((r) => r.answers)).toEqual([{ enjoyed_events: '4' }, { enjoyed_events: '2' }])
  })

  it('says what every column was matched to and how, and reads answers the user mapped to options or to not answered', () => {
    const file = csv(
      ['Respondent ID', 'What year are you in?', 'Which careers activities did you like?', 'I enjoyed the events'],
      ['', 'Response', 'Response', 'Response'],
      ['1', 'Yr 9', 'Fairs', 'Neutral'],
      ['2', 'Year 10', '', 'Agree'],
      ['3', 'Year 9', 'Talks', 'No view'],
    )
    const result = readImport(clubs, file, 'surveymonkey')
    expect(result.matches).toEqual([
      { header: 'Respondent ID', shown: 'Respondent ID', key: null, how: 'metadata' },
      { header: 'What year are you in?', shown: 'What year are you in?', key: 'year_group', how: 'text' },
      { header: 'Which careers activities did you like?', shown: 'Which careers activities did you like?', key: null, how: 'none' },
      { header: 'I enjoyed the events', shown: 'I enjoyed the events', key: 'enjoyed_events', how: 'text' },
    ])
    expect(result.unmatchedColumns).toEqual(['Which careers activities did you like?'])
    expect(result.problems.map((p) => [p.row, p.answer?.value])).toEqual([
      [3, 'Yr 9'],
      [3, 'Neutral'],
      [5, 'No view'],
    ])
    const mapped = readImport(clubs, file, 'surveymonkey', {
      'What year are you in?': { question: 'year_group', answers: { 'Yr 9': 'y9' } },
      'I enjoyed the events': { question: 'enjoyed_events', answers: { Neutral: '3', 'No view': null } },
    })
    expect(mapped.problems).toEqual([])
    expect(mapped.rows.map((r) => r.answers)).toEqual([
      { year_group: 'y9', enjoyed_events: '3' },
      { year_group: 'y10', enjoyed_events: '4' },
      { year_group: 'y9' },
    ])
    // matched by its text, as without the mapping: the mapping only says what its answers mean
    expect(mapped.matches[1]!.how).toBe('text')
    expect(mapped.mapping).toEqual({
      'What year are you in?': { question: 'year_group', answers: { 'Yr 9': 'y9' } },
      'Which careers activities did you like?': null,
      'I enjoyed the events': { question: 'enjoyed_events', answers: { Neutral: '3', 'No view': null } },
    })
  })

  it('reports two columns that answer the same question', () => {
    const file = csv(['What year are you in?', 'WHAT YEAR ARE YOU IN'], ['Response', 'Response'], ['Year 9', 'Year 9'])
    expect(readImport(clubs, file, 'surveymonkey').problems).toEqual([
      { row: 2, column: 'WHAT YEAR ARE YOU IN', message: expect.stringContaining('answers the same question as column “What year are you in?”') },
    ])
  })
})

describe('a plain CSV', () => {
  it('reads multiple choice separated by semicolons, and drops metadata columns', () => {
    const file = csv(
      ['Timestamp', 'Email Address', 'year_group', 'events_been_to', 'had_interview'],
      ['2024-11-04 09:12', 'a@b.example', 'y9', 'fair; talk', 'yes'],
    )
    const result = readImport(clubs, file, 'csv')
    expect(result.problems).toEqual([])
    expect(result.skippedColumns).toEqual(['Timestamp', 'Email Address'])
    expect(result.rows).toEqual([{ row: 2, answers: { year_group: 'y9', events_been_to: ['fair', 'talk'], had_interview: 'yes' } }])
  })

  it('reports a file with nothing in it', () => {
    expect(readImport(clubs, '', 'csv').problems).toEqual([{ row: 0, column: '', message: 'the file needs a header row of question keys' }])
    expect(readImport(clubs, 'year_group\n', 'csv').problems).toEqual([{ row: 0, column: '', message: 'the file has no responses' }])
  })
})

describe('files as spreadsheets and other tools save them', () => {
  it('reads semicolon-separated files from European locales', () => {
    const result = readImport(clubs, 'year_group;events_been_to;had_interview\r\ny9;fair; talk;yes\r\n'.replace('fair; talk', '"fair; talk"'), 'csv')
    expect(result.problems).toEqual([])
    expect(result.rows).toEqual([{ row: 2, answers: { year_group: 'y9', events_been_to: ['fair', 'talk'], had_interview: 'yes' } }])
  })

  it('reads a Google Forms export: one header row of question texts, the timestamp dropped', () => {
    // Google Forms: "Timestamp" first, then each question's text; multiple choice joined with ", "
    const file = csv(['Timestamp', 'What year are you in?', 'Have you had a careers interview?'], ['2024/11/04 9:12:01 AM GMT', 'Year 9', 'Yes'])
    const result = readImport(clubs, file, 'csv')
    expect(result.problems).toEqual([])
    expect(result.skippedColumns).toEqual(['Timestamp'])
    expect(result.rows).toEqual([{ row: 2, answers: { year_group: 'y9', had_interview: 'yes' } }])
  })
})

describe('decoding an uploaded file', () => {
  it('names a Windows-1252 file’s accented words as they were read, or says there were none', () => {
    expect(encodingNote('Windows-1252', 'key,text\r\n1,Café visits cost £20; café again')).toBe(
      'The file is not UTF-8: it was read as Windows-1252, the way Excel saves “CSV (Comma delimited)”. Words with accented letters or symbols were read as “Café”, “£20”, “café”: if they look wrong, save the file as “CSV UTF-8” and choose it again.',
    )
    expect(encodingNote('Windows-1252', 'key,text\r\n1,plain')).toContain('It holds no accented letters or symbols')
    expect(encodingNote('UTF-8', 'Café')).toBeUndefined()
  })

  it('takes UTF-8 with or without a byte-order mark, UTF-16 with one, and Windows-1252; refuses a workbook', () => {
    const text = 'year_group,what_would_help\r\ny9,Café £5\r\n'
    expect(decodeCsvBytes(new TextEncoder().encode(`\uFEFF${text}`))).toEqual({ text, encoding: 'UTF-8' })
    const utf16 = new Uint8Array([0xff, 0xfe, ...[...text].flatMap((ch) => [ch.charCodeAt(0) & 0xff, ch.charCodeAt(0) >> 8])])
    expect(decodeCsvBytes(utf16)).toEqual({ text, encoding: 'UTF-16' })
    const cp1252 = new Uint8Array([...text].map((ch) => ({ é: 0xe9, '£': 0xa3 })[ch] ?? ch.charCodeAt(0)))
    expect(decodeCsvBytes(cp1252)).toEqual({ text, encoding: 'Windows-1252' })
    expect(decodeCsvBytes(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]))).toEqual({ error: expect.stringContaining('Excel workbook') })
  })
})
