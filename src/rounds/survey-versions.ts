import { and, eq, inArray, isNull } from 'drizzle-orm'
import { HTTPException } from 'hono/http-exception'
import { sha256Hex } from '../crypto.ts'
import type { Db } from '../db/database.ts'
import { rounds, surveyVersions } from '../db/schema.ts'
import { SurveyFileError, type SurveyCatalog } from '../surveys/load.ts'
import { surveySchema, type Survey } from '../surveys/schema.ts'

/**
 * Past years are frozen. A round stores the survey definition it was opened with (the parsed
 * file with its translations, by the SHA-256 of that content), and everything about the round
 * (its respondent pages, its report, its import) reads that version, never today's file.
 */

/** The stored form of a survey: its JSON and the hash that names it. */
export async function versionOf(survey: Survey): Promise<{ hash: string; surveyId: string; content: string }> {
  const content = JSON.stringify(survey)
  return { hash: await sha256Hex(content), surveyId: survey.id, content }
}

/** Stores a survey's current definition (once per content) and returns its hash. */
export async function storeVersion(db: Db, survey: Survey): Promise<string> {
  const version = await versionOf(survey)
  await db.insert(surveyVersions).values(version).onConflictDoNothing()
  return version.hash
}

// A version never changes (its hash is its content), so a parsed one can be kept for good.
const parsed = new Map<string, Survey>()

/** A stored version as a survey, parsed once per hash. */
function parseVersion(hash: string, content: string): Survey {
  let survey = parsed.get(hash)
  if (!survey) parsed.set(hash, (survey = surveySchema.parse(JSON.parse(content))))
  return survey
}

type Versioned = { surveyId: string; surveyVersion: string | null }

/**
 * The survey each round uses, by round, in one query for the versions not read before. A round
 * without a stored version (one made before versions were kept, on a database `db migrate` has
 * not yet brought up to date) uses the survey as installed now.
 */
export async function surveysOf<R extends Versioned>(db: Db, catalog: SurveyCatalog, list: readonly R[]): Promise<Map<R, Survey>> {
  const missing = [...new Set(list.map((r) => r.surveyVersion).filter((h): h is string => !!h && !parsed.has(h)))]
  if (missing.length > 0) {
    const rows = await db.select().from(surveyVersions).where(inArray(surveyVersions.hash, missing))
    for (const row of rows) parseVersion(row.hash, row.content)
  }
  return new Map(
    list.map((r) => {
      const survey = (r.surveyVersion && parsed.get(r.surveyVersion)) || catalog.get(r.surveyId)
      if (!survey) throw new HTTPException(500, { message: `the survey "${r.surveyId}" of this round is neither stored nor installed` })
      return [r, survey]
    }),
  )
}

/** The survey one round uses. */
export async function surveyOfRound(db: Db, catalog: SurveyCatalog, round: Versioned): Promise<Survey> {
  return (await surveysOf(db, catalog, [round])).get(round)!
}

/**
 * Gives every round without a stored version the survey as installed now: run after the
 * migration that added versions, by `signpost db migrate` and the Node start, never on a
 * request. Returns how many rounds it dated.
 */
export async function versionUnversionedRounds(db: Db, catalog: () => SurveyCatalog): Promise<number> {
  const unversioned = await db.selectDistinct({ surveyId: rounds.surveyId }).from(rounds).where(isNull(rounds.surveyVersion))
  if (unversioned.length === 0) return 0
  let surveys: SurveyCatalog
  try {
    surveys = catalog()
  } catch (error) {
    // survey files that do not load: `surveys check` says why; the rounds are dated next time
    if (error instanceof SurveyFileError) return 0
    throw error
  }
  let dated = 0
  for (const { surveyId } of unversioned) {
    const survey = surveys.get(surveyId)
    if (!survey) continue // a survey no longer installed: its rounds keep reading nothing new
    const hash = await storeVersion(db, survey)
    const changed = await db
      .update(rounds)
      .set({ surveyVersion: hash })
      .where(and(isNull(rounds.surveyVersion), eq(rounds.surveyId, surveyId)))
      .returning({ id: rounds.id })
    dated += changed.length
  }
  return dated
}

/** For each survey, the version its latest round (by academic year) uses, with that year. */
export async function latestVersions(db: Db): Promise<Map<string, { year: string; survey: Survey }>> {
  const rs = await db.$client.execute(
    `SELECT r.survey_id, r.year, v.hash, v.content FROM rounds r JOIN survey_versions v ON v.hash = r.survey_version
     WHERE NOT EXISTS (SELECT 1 FROM rounds later WHERE later.survey_id = r.survey_id AND later.survey_version IS NOT NULL
                       AND (later.year > r.year OR (later.year = r.year AND later.id > r.id)))`,
  )
  return new Map(rs.rows.map((row) => [String(row.survey_id), { year: String(row.year), survey: parseVersion(String(row.hash), String(row.content)) }]))
}
