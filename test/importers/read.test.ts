import { describe, expect, it } from 'vitest'
import { normalise } from '../../src/importers/columns.ts'
import { readImport } from '../../src/importers/import.ts'
import { parseSurvey } from '../../src/surveys/load.ts'
import { loadCatalogFromDisk } from '../../src/surveys/disk-node.ts'
import { surveyMonkeyExport } from './fixture.ts'

/** Reading and checking a file without a database. */

const student = loadCatalogFromDisk().get('student-iag')!

/** A small survey with a multiple-choice and a yes/no question, which the student survey lacks. */
const clubs = parseSurvey(
  'surveys/clubs.yaml',
  `
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
`,
)

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
      { row: 5, column: 'I enjoyed the events', message: expect.stringContaining('“Don’t know” is not an answer to this question') },
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
    expect(readImport(clubs, file, 'surveymonkey').problems).toEqual([
      { row: 2, column: 'Other (please specify)', message: expect.stringContaining('is not one of the answers to “Which careers events have you been to?”') },
    ])
    const mapped = readImport(clubs, file, 'surveymonkey', { 'Other (please specify)': null })
    expect(mapped.problems).toEqual([])
    expect(mapped.ignoredColumns).toEqual(['Which careers events have you been to? / Other (please specify)'])
    expect(mapped.rows[0]!.answers).toEqual({ year_group: 'y9', events_been_to: ['fair'] })
  })

  it('says when row 2 is data rather than the second header row', () => {
    const file = csv(['Respondent ID', 'What year are you in?'], ['1001', 'Year 9'], ['1002', 'Year 10'])
    expect(readImport(clubs, file, 'surveymonkey').problems).toEqual([
      { row: 2, column: 'Respondent ID', message: expect.stringContaining('use --format csv') },
    ])
  })

  it('reports a required question the file has no column for once, not on every row', () => {
    const file = csv(['Respondent ID', 'I enjoyed the events.'], ['', 'Response'], ['1', 'Agree'], ['2', 'Disagree'])
    expect(readImport(clubs, file, 'surveymonkey').problems).toEqual([
      { row: 2, column: '', message: 'no column answers the required question “What year are you in?” (year_group)' },
    ])
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
