import type { Db } from '../../src/db/database.ts'
import { responseStatements } from '../../src/collect/store.ts'
import { addInstitution, addPartnership } from '../../src/org/organisations.ts'
import { openRound } from '../../src/rounds/rounds.ts'
import { buildCatalog, type SurveyCatalog } from '../../src/surveys/load.ts'

/**
 * A small student survey for hand-computed fixtures: five agreement questions in two areas
 * and a year-group profile question. `variant` changes which questions it asks, to test
 * questions replaced or dropped between years.
 */
export function miniCatalog(variant: 'v1' | 'replaced' | 'dropped' = 'v1'): SurveyCatalog {
  const q = (key: string, area: string, extra = '') => `      - key: ${key}\n        kind: agreement\n        area: ${area}\n        text: Statement ${key}.\n${extra}`
  const questions = {
    v1: [q('q1', 'a1'), q('q2', 'a1'), q('q3', 'a1'), q('q4', 'a2'), q('q5', 'a2')],
    replaced: [q('q1', 'a1'), q('q6', 'a1', '        replaces: q2\n'), q('q3', 'a1'), q('q4', 'a2'), q('q5', 'a2')],
    dropped: [q('q1', 'a1'), q('q2', 'a1'), q('q4', 'a2'), q('q5', 'a2')],
  }[variant]
  const text = `id: mini
audience: student
title: Mini survey
introduction: For tests.
areas:
  - id: a1
    title: Area one
  - id: a2
    title: Area two
sections:
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
${questions.join('')}`
  return buildCatalog([{ file: 'surveys/mini.yaml', text }])
}

/** Answers given column by column: `{ q1: ['5', '4', ...] }` is respondent 1 answering 5, respondent 2 answering 4... */
export type Columns = Record<string, (string | null)[]>

export function respondents(columns: Columns): Record<string, string>[] {
  const count = Math.max(...Object.values(columns).map((c) => c.length))
  return Array.from({ length: count }, (_, i) =>
    Object.fromEntries(Object.entries(columns).flatMap(([key, values]) => (values[i] ? [[key, values[i]!]] : []))),
  )
}

let seq = 0

/** Stores responses for a round of `surveyId` at an institution, opening the round if needed. */
export async function seedRound(db: Db, catalog: SurveyCatalog, institution: string, year: string, people: Record<string, string>[], surveyId = 'mini') {
  const round = await openRound(db, catalog, { institution, survey: surveyId, year })
  const statements = people.flatMap((answers) =>
    responseStatements(catalog.get(surveyId)!, round.id, {
      submissionId: `fixture-${++seq}`,
      language: 'en',
      day: `${year.slice(0, 4)}-11-01`,
      rows: Object.entries(answers).map(([key, value]) => ({ key, value, scale: /^[1-5]$/.test(value) && key !== 'year_group' ? Number(value) : null })),
    }),
  )
  if (statements.length) await db.$client.batch(statements, 'write')
  return round
}

export async function seedOrganisation(db: Db, institution = 'elm-school') {
  await addPartnership(db, { slug: 'fixture-city', name: 'Fixture City' }).catch(() => undefined)
  await addInstitution(db, { slug: institution, name: `${institution} name`, partnership: 'fixture-city' })
  const rs = await db.$client.execute({ sql: 'SELECT id FROM institutions WHERE slug = ?', args: [institution] })
  return Number(rs.rows[0]!.id)
}
