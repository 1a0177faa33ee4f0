import type { Db } from '../../src/db/database.ts'
import { responseStatements } from '../../src/collect/store.ts'
import { addInstitution, addPartnership } from '../../src/org/organisations.ts'
import { openRound } from '../../src/rounds/rounds.ts'
import { catchUpStatements } from '../../src/rounds/shown-figures.ts'
import { buildCatalog, type SurveyCatalog } from '../../src/surveys/load.ts'

/** An agreement question of a test survey, as YAML. */
export const agreementYaml = (key: string, area: string, extra = '') =>
  `      - key: ${key}\n        kind: agreement\n        area: ${area}\n        text: Statement ${key}.\n${extra}`

/**
 * A test survey's file: its areas, an "About you" section with the year-group profile
 * question, and a main section holding `questions` (YAML list items).
 */
export function testSurveyYaml(id: string, title: string, questions: string, areas: string[] = ['a1', 'a2']): string {
  const names = ['one', 'two', 'three']
  return `id: ${id}
audience: student
title: ${title}
introduction: For tests.
areas:
${areas.map((a, i) => `  - id: ${a}\n    title: Area ${names[i]}\n`).join('')}sections:
  - id: about
    title: About you
    questions:
      - key: year_group
        kind: single
        profile: true
        text: Which year are you in?
        options:
          - { value: y8, label: Year 8 }
          - { value: y9, label: Year 9 }
          - { value: y10, label: Year 10 }
  - id: main
    title: Main
    questions:
${questions}`
}

/**
 * A small student survey for hand-computed fixtures: five agreement questions in two areas
 * and a year-group profile question. `variant` changes which questions it asks, to test
 * questions replaced or dropped between years.
 */
export function miniCatalog(variant: 'v1' | 'replaced' | 'dropped' = 'v1'): SurveyCatalog {
  const q = agreementYaml
  const questions = {
    v1: [q('q1', 'a1'), q('q2', 'a1'), q('q3', 'a1'), q('q4', 'a2'), q('q5', 'a2')],
    replaced: [q('q1', 'a1'), q('q6', 'a1', '        replaces: q2\n'), q('q3', 'a1'), q('q4', 'a2'), q('q5', 'a2')],
    dropped: [q('q1', 'a1'), q('q2', 'a1'), q('q4', 'a2'), q('q5', 'a2')],
  }[variant]
  return buildCatalog([{ file: 'surveys/mini.yaml', text: testSurveyYaml('mini', 'Mini survey', questions.join('')) }])
}

/**
 * Ten students in 2024/25, answers checked by hand:
 *   q1: 2 positive of 10                    -> 0.2
 *   q2: 3 positive, 2 negative of 10        -> 0.3
 *   q3: 3 positive, 5 negative of 10        -> 0.3 (ranks before q2: more negative)
 *   q4: 8 positive of 9, one don't know     -> 0.8889
 *   q5: 9 positive of 10                    -> 0.9
 * Ranking q1, q3, q2, q4, q5; top three q1, q3, q2. Year groups: y8 6, y9 3, one not saying.
 */
export const handYear1: Columns = {
  year_group: ['y8', 'y8', 'y8', 'y8', 'y8', 'y8', 'y9', 'y9', 'y9', null],
  q1: ['5', '4', '1', '1', '2', '3', '3', '3', '3', '3'],
  q2: ['5', '4', '5', '1', '2', '3', '3', '3', '3', '3'],
  q3: ['5', '4', '5', '1', '1', '1', '2', '2', '3', '3'],
  q4: ['5', '5', '5', '5', '4', '4', '4', '4', '2', 'dk'],
  q5: ['5', '5', '5', '5', '5', '4', '4', '4', '4', '1'],
}

/** The same students' 2025/26: q1 0.1, q2 0.2, q4 0.3, q3 0.9, q5 1.0 -> top three q1, q2, q4. */
export const handYear2: Columns = {
  year_group: ['y8', 'y8', 'y8', 'y8', 'y8', 'y9', 'y9', 'y9', 'y9', 'y9'],
  q1: ['5', '1', '1', '1', '1', '2', '2', '3', '3', '3'],
  q2: ['5', '4', '1', '1', '1', '2', '2', '3', '3', '3'],
  q3: ['5', '5', '5', '5', '5', '4', '4', '4', '4', '1'],
  q4: ['5', '4', '4', '3', '3', '3', '3', '3', '3', '3'],
  q5: ['5', '5', '5', '5', '5', '4', '4', '4', '4', '4'],
}

/** Answers given column by column: `{ q1: ['5', '4', ...] }` is respondent 1 answering 5, respondent 2 answering 4... */
export type Columns = Record<string, (string | null)[]>

export function respondents(columns: Columns): Record<string, string>[] {
  const count = Math.max(...Object.values(columns).map((c) => c.length))
  return Array.from({ length: count }, (_, i) => Object.fromEntries(Object.entries(columns).flatMap(([key, values]) => (values[i] ? [[key, values[i]!]] : []))))
}

let seq = 0

/** Stores responses for a round of `surveyId` at an institution, opening the round if needed. */
export async function seedRound(db: Db, catalog: SurveyCatalog, institution: string, year: string, people: Record<string, string>[], surveyId = 'mini') {
  const round = await openRound(db, catalog, { institution, survey: surveyId, year, tokensRequired: false })
  const statements = people.flatMap((answers) =>
    responseStatements(catalog.get(surveyId)!, round.id, {
      submissionId: `fixture-${++seq}`,
      language: 'en',
      day: `${year.slice(0, 4)}-11-01`,
      rows: Object.entries(answers).map(([key, value]) => ({ key, value, scale: /^[1-5]$/.test(value) && key !== 'year_group' ? Number(value) : null })),
    }),
  )
  // the figures show the seeded responses as they stand, as after a step of the minimum cohort
  if (statements.length) await db.$client.batch([...statements, ...catchUpStatements(round.id, 1)], 'write')
  return round
}

export async function seedOrganisation(db: Db, institution = 'elm-school', partnership = 'fixture-city') {
  await addPartnership(db, { slug: partnership, name: 'Fixture City' }).catch(() => undefined)
  await addInstitution(db, { slug: institution, name: `${institution} name`, partnership })
  const rs = await db.$client.execute({ sql: 'SELECT id FROM institutions WHERE slug = ?', args: [institution] })
  return Number(rs.rows[0]!.id)
}
