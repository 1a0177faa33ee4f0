import type { Rag } from '../analysis/report-schema.ts'
import type { Db } from '../db/database.ts'
import type { AnalysisSettings } from '../org/settings.ts'
import { profileQuestions, type Survey } from '../surveys/schema.ts'
import { coverageOf, type Coverage } from './rates.ts'
import { rollOf, rollsOf, type Roll } from './rolls.ts'
import { yearGroupCounts } from './rates.ts'

/** The year groups a survey asks about: the options of its `year_group` question (none when it has none). */
export function yearGroupsAsked(survey: Survey): string[] {
  const q = profileQuestions(survey).find((p) => p.key === 'year_group')
  return q && q.kind === 'single' ? q.options.map((o) => o.value) : []
}

/**
 * A rating marked provisional, with the reason, when its round's coverage is too low. Only a
 * rating that stands is marked: a baseline year or a round too small to rate has none to mark.
 */
export function ragWithCoverage(rag: Rag | null, coverage: Coverage): Rag | null {
  if (!rag || !rag.rating || !coverage.provisional) return rag
  return {
    ...rag,
    provisional: true,
    explanation: `${rag.explanation} Provisional, because too few students answered for it to speak for the whole school: ${coverage.reasons.join(' ')}`,
  }
}

type RoundRef = { institutionId: number; year: string; roundId: number; respondents: number }

/** The coverage of a report's round, and its rating with the coverage check applied. */
export async function withCoverage(
  db: Db,
  round: RoundRef,
  survey: Survey,
  settings: AnalysisSettings,
  rag: Rag | null,
): Promise<{ coverage: Coverage; rag: Rag | null }> {
  const [roll, counts] = await Promise.all([rollOf(db, round.institutionId, round.year), yearGroupCounts(db, [round.roundId])])
  const coverage = coverageOf({
    audience: survey.audience,
    respondents: round.respondents,
    groupCounts: counts.get(round.roundId) ?? new Map(),
    asked: yearGroupsAsked(survey),
    roll,
    settings,
  })
  return { coverage, rag: ragWithCoverage(rag, coverage) }
}

/** Coverage of several rounds of one year (the institution page, the overview) in two queries. */
export async function coverageOfRounds(
  db: Db,
  year: string,
  rounds: (RoundRef & { survey: Survey })[],
  settings: AnalysisSettings,
): Promise<{ coverage: Map<number, Coverage>; rolls: Map<number, Roll> }> {
  const [rolls, counts] = await Promise.all([
    rollsOf(db, [...new Set(rounds.map((r) => r.institutionId))], year),
    yearGroupCounts(
      db,
      rounds.map((r) => r.roundId),
    ),
  ])
  const coverage = new Map<number, Coverage>()
  for (const r of rounds) {
    coverage.set(
      r.roundId,
      coverageOf({
        audience: r.survey.audience,
        respondents: r.respondents,
        groupCounts: counts.get(r.roundId) ?? new Map(),
        asked: yearGroupsAsked(r.survey),
        roll: rolls.get(r.institutionId) ?? null,
        settings,
      }),
    )
  }
  return { coverage, rolls }
}

/** The coverage of each round of one institution (any years), each against its own year's sizes. */
export async function coverageOfInstitution(
  db: Db,
  institutionId: number,
  rounds: { id: number; year: string; surveyId: string; shownRespondents: number }[],
  surveyOf: (surveyId: string) => Survey | undefined,
  settings: AnalysisSettings,
): Promise<Map<number, Coverage>> {
  const out = new Map<number, Coverage>()
  for (const year of new Set(rounds.map((r) => r.year))) {
    const inYear = rounds.flatMap((r) => {
      const survey = surveyOf(r.surveyId)
      return r.year === year && survey ? [{ institutionId, year, roundId: r.id, respondents: r.shownRespondents, survey }] : []
    })
    const { coverage } = await coverageOfRounds(db, year, inYear, settings)
    for (const [id, c] of coverage) out.set(id, c)
  }
  return out
}
