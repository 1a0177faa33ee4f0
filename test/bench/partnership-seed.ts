import type { Db } from '../../src/db/database.ts'
import { generatedResponses, seededRandom } from '../../src/demo/generate.ts'
import { addInstitution, addPartnership } from '../../src/org/organisations.ts'
import { openRound } from '../../src/rounds/rounds.ts'
import { catchUpStatements } from '../../src/rounds/shown-figures.ts'
import type { SurveyCatalog } from '../../src/surveys/load.ts'
import { scoredQuestions } from '../../src/surveys/schema.ts'

/**
 * A partnership for the benchmarks: `institutions` schools, each with a student round in every
 * one of `years` holding `perRound` generated responses, scores drifting from year to year. The
 * figures show every response, as after a step of the minimum cohort (without the catch-up they
 * would rest on none, and a report would time nothing).
 */
export async function seedBenchPartnership(
  db: Db,
  catalog: SurveyCatalog,
  options: { name: string; institutions: number; years: string[]; perRound: number; seed: number; prefix: string },
) {
  const survey = catalog.get('student-iag')!
  const random = seededRandom(options.seed)
  const partnership = await addPartnership(db, { slug: 'bench-city', name: options.name })
  const ids: number[] = []
  for (let i = 0; i < options.institutions; i++) {
    const inst = await addInstitution(db, { slug: `school-${i}`, name: `School ${i}`, partnership: 'bench-city' })
    ids.push(inst.id)
    const level = new Map(scoredQuestions(survey).map((q) => [q.key, (random() - 0.45) * 2.2]))
    for (const year of options.years) {
      const round = await openRound(db, catalog, { institution: inst.slug, survey: survey.id, year })
      for (const q of scoredQuestions(survey)) level.set(q.key, level.get(q.key)! + (random() - 0.45) * 0.8)
      const statements = generatedResponses(survey, round, options.perRound, {
        random,
        quality: (key) => level.get(key) ?? 0,
        yearGroups: ['y8', 'y9', 'y10', 'y11', 'y12', 'y13'],
        day: `${year.slice(0, 4)}-11-15`,
        prefix: `${options.prefix}-${round.id}`,
      })
      await db.$client.batch([...statements, ...catchUpStatements(round.id, 1)], 'write')
    }
  }
  return { partnership: { id: partnership.id, name: partnership.name }, ids }
}
