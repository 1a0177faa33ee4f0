import { HTTPException } from 'hono/http-exception'
import type { Db } from '../db/database.ts'
import { previousYear } from '../rounds/academic-year.ts'
import type { SurveyCatalog } from '../surveys/load.ts'
import { optionLabel, profileQuestions, scoredQuestions, type AgreementQuestion, type Survey } from '../surveys/schema.ts'
import { addToCounts, emptyCounts, figures, hiddenFigures } from './figures.ts'
import { actionPlanOf, answeredCounts, breakdownCounts, roundsWithCounts, scaleCounts, type ScaleRow } from './queries.ts'
import { rankPriorities, type Rankable } from './ranking.ts'
import { studentRag } from './rag.ts'
import type { Breakdown, Counts, Report } from './report-schema.ts'
import { parseSettings, type AnalysisSettings } from '../org/settings.ts'
import { overlaps, round4, withinSamplingError } from './statistics.ts'
import { suppressedGroups } from './suppression.ts'

type Tally = { counts: Counts; sum: number }

/** Counts per round and per current question key, following keys through `replaces`. */
function tallies(rows: ScaleRow[], canonical: (key: string) => string): Map<number, Map<string, Tally>> {
  const byRound = new Map<number, Map<string, Tally>>()
  for (const row of rows) {
    const perKey = byRound.get(row.roundId) ?? new Map<string, Tally>()
    byRound.set(row.roundId, perKey)
    const key = canonical(row.key)
    const tally = perKey.get(key) ?? { counts: emptyCounts(), sum: 0 }
    perKey.set(key, tally)
    addToCounts(tally.counts, row.scale, row.count)
    if (row.scale !== null) tally.sum += row.scale * row.count
  }
  return byRound
}

const answered = (c: Counts) => c.n + c.dontKnow

/** A question's figures, or nothing when fewer than the minimum cohort answered it. */
function shownFigures(tally: Tally | undefined, settings: AnalysisSettings) {
  const t = tally ?? { counts: emptyCounts(), sum: 0 }
  const suppressed = answered(t.counts) < settings.minCohort
  return { suppressed, figures: suppressed ? hiddenFigures() : figures(t.counts, t.sum) }
}

function rankables(survey: Survey, perKey: Map<string, Tally> | undefined, settings: AnalysisSettings): Rankable[] {
  const known = new Map(scoredQuestions(survey).map((q, i) => [q.key, { q, i }]))
  const keys = new Set([...known.keys(), ...(perKey?.keys() ?? [])])
  return [...keys].map((key, i) => {
    const { suppressed, figures: f } = shownFigures(perKey?.get(key), settings)
    const entry = known.get(key)
    return {
      key,
      // a question the survey no longer asks keeps its place after the current ones
      order: entry ? entry.i : known.size + i,
      priority: entry ? entry.q.priority : true,
      score: suppressed ? null : f.score,
      negativeShare: f.n ? f.negative / f.n : 0,
    }
  })
}

/** The survey of the other audience that a paired key belongs to. */
function pairedSurvey(catalog: SurveyCatalog, survey: Survey): Survey | undefined {
  const wanted = scoredQuestions(survey).find((q) => q.pairedWith)?.pairedWith
  if (!wanted) return undefined
  return [...catalog.values()].find((s) => s.audience !== survey.audience && scoredQuestions(s).some((q) => q.key === wanted))
}

export type ReportRequest = { institutionId: number; surveyId: string; year: string }

/**
 * The report of one round: figures per question and area, the ranking and top three, the
 * trend and change on last year, the development questions and the student-survey RAG,
 * breakdowns by profile group with small groups suppressed, and the gap to the paired survey.
 * A bounded number of queries, whatever the number of responses.
 */
export async function buildReport(db: Db, catalog: SurveyCatalog, request: ReportRequest): Promise<Report> {
  const survey = catalog.get(request.surveyId)
  if (!survey) throw new HTTPException(404, { message: `no survey "${request.surveyId}"` })
  const inst = (
    await db.$client.execute({
      sql: 'SELECT i.id, i.slug, i.name, p.settings FROM institutions i JOIN partnerships p ON p.id = i.partnership_id WHERE i.id = ?',
      args: [request.institutionId],
    })
  ).rows[0]
  if (!inst) throw new HTTPException(404, { message: 'no such institution' })
  const settings = parseSettings(String(inst.settings))
  const other = pairedSurvey(catalog, survey)

  const allRounds = await roundsWithCounts(db, request.institutionId, other ? [survey.id, other.id] : [survey.id])
  const rounds = allRounds.filter((r) => r.surveyId === survey.id)
  const current = rounds.find((r) => r.year === request.year)
  if (!current) throw new HTTPException(404, { message: `no ${survey.id} round for ${request.year}` })
  const previous = rounds.find((r) => r.year === previousYear(request.year))
  const pairedRound = other ? allRounds.find((r) => r.surveyId === other.id && r.year === request.year) : undefined

  const questions = scoredQuestions(survey)
  const replacedBy = new Map(questions.filter((q) => q.replaces).map((q) => [q.replaces!, q.key]))
  const canonical = (key: string) => replacedBy.get(key) ?? key
  const [scaleRows, answeredByKey, previousPlan] = await Promise.all([
    scaleCounts(db, allRounds.map((r) => r.id)),
    answeredCounts(db, current.id),
    previous ? actionPlanOf(db, previous.id) : Promise.resolve(null),
  ])
  const byRound = tallies(scaleRows, canonical)
  const now = byRound.get(current.id)
  const before = previous ? byRound.get(previous.id) : undefined

  // this year's ranking
  const ranked = rankPriorities(rankables(survey, now, settings).filter((r) => questions.some((q) => q.key === r.key)))
  const rankOf = new Map(ranked.map((r, i) => [r.key, i + 1]))
  const topThree = ranked.slice(0, 3).map((r) => r.key)

  const questionReports = questions.map((q) => {
    const { suppressed, figures: f } = shownFigures(now?.get(q.key), settings)
    const prev = previous ? shownFigures(before?.get(q.key), settings) : undefined
    const change =
      prev && !prev.suppressed && prev.figures.score !== null && f.score !== null
        ? {
            previousYear: previous!.year,
            previousScore: prev.figures.score,
            difference: round4(f.score - prev.figures.score),
            withinSamplingError: withinSamplingError(f.score, f.n, prev.figures.score, prev.figures.n),
          }
        : null
    return {
      key: q.key,
      text: q.text,
      area: q.area,
      priority: q.priority,
      ...f,
      rank: rankOf.get(q.key) ?? null,
      suppressed,
      change,
      trend: rounds.map((r) => {
        const shown = shownFigures(byRound.get(r.id)?.get(q.key), settings)
        return { year: r.year, score: shown.figures.score, n: shown.figures.n }
      }),
    }
  })

  // third and fourth within each other's intervals: the order between them is not clear
  const third = questionReports.find((q) => q.key === ranked[2]?.key)
  const fourth = questionReports.find((q) => q.key === ranked[3]?.key)
  const rankingNote =
    third && fourth && overlaps(third.ci, fourth.ci)
      ? `The third and fourth priority areas (“${third.text}” and “${fourth.text}”) lie within each other’s 95% intervals, so the order between them is not statistically clear.`
      : null

  // development questions: last year's action plan, or else last year's top three
  const textOf = new Map(questions.map((q) => [q.key, q.text]))
  const developmentKeys = previousPlan ? previousPlan.keys.map(canonical) : previous ? rankPriorities(rankables(survey, before, settings)).slice(0, 3).map((r) => r.key) : []
  const developmentQuestions = developmentKeys.map((key) => ({ key, text: textOf.get(key) ?? key, asked: textOf.has(key) }))
  const development = {
    keys: developmentKeys,
    source: previousPlan ? ('action-plan' as const) : previous ? ('previous-top-three' as const) : ('none' as const),
    fromYear: previous?.year ?? null,
    questions: developmentQuestions,
  }
  const rag =
    survey.audience === 'student'
      ? studentRag({
          development: developmentQuestions,
          topThree,
          baseline: !previous,
          tooSmall: current.respondents < settings.minRoundSize,
          respondents: current.respondents,
          minRoundSize: settings.minRoundSize,
        })
      : null

  // an area pools only the questions it shows: pooling a hidden one would let it be worked out
  // as the area minus the shown questions
  const areas = survey.areas.map((area) => {
    const pooled: Tally = { counts: emptyCounts(), sum: 0 }
    for (const q of questions.filter((q) => q.area === area.id)) {
      const t = now?.get(q.key)
      if (!t || shownFigures(t, settings).suppressed) continue
      for (const k of ['n', 'positive', 'neutral', 'negative', 'dontKnow'] as const) pooled.counts[k] += t.counts[k]
      pooled.sum += t.sum
    }
    const suppressed = current.respondents < settings.minCohort
    return { id: area.id, title: area.title, source: area.source ?? null, suppressed, ...(suppressed ? hiddenFigures() : figures(pooled.counts, pooled.sum)) }
  })

  const breakdowns = await Promise.all(profileQuestions(survey).map((p) => breakdown(db, current.id, p, questions, settings)))

  const pairedTallies = pairedRound ? byRound.get(pairedRound.id) : undefined
  const otherText = new Map(other ? scoredQuestions(other).map((q) => [q.key, q.text]) : [])
  const scoreOf = new Map(questionReports.map((q) => [q.key, q.score]))
  const gaps = questions
    .filter((q) => q.pairedWith && otherText.has(q.pairedWith))
    .map((q) => {
      const paired = pairedRound ? shownFigures(pairedTallies?.get(q.pairedWith!), settings).figures.score : null
      const score = scoreOf.get(q.key) ?? null
      return {
        key: q.key,
        text: q.text,
        pairedKey: q.pairedWith!,
        pairedText: otherText.get(q.pairedWith!)!,
        score,
        pairedScore: paired,
        gap: score !== null && paired !== null ? round4(score - paired) : null,
      }
    })

  return {
    institution: { id: Number(inst.id), slug: String(inst.slug), name: String(inst.name) },
    survey: { id: survey.id, audience: survey.audience, title: survey.title },
    year: current.year,
    round: { status: current.status, code: current.code },
    settings,
    respondents: current.respondents,
    completion: questions.map((q) => {
      const n = answeredByKey.get(q.key) ?? 0
      return { key: q.key, answered: n, rate: current.respondents ? round4(n / current.respondents) : null }
    }),
    questions: questionReports,
    areas,
    ranking: ranked.map((r) => r.key),
    topThree,
    rankingNote,
    development,
    rag,
    years: rounds.map((r) => ({ year: r.year, respondents: r.respondents })),
    breakdowns,
    gaps,
  }
}

/** Scores per profile group, with small groups and the groups that would give them away hidden. */
async function breakdown(
  db: Db,
  roundId: number,
  profile: ReturnType<typeof profileQuestions>[number],
  questions: AgreementQuestion[],
  settings: AnalysisSettings,
): Promise<Breakdown> {
  const { sizes, cells } = await breakdownCounts(db, roundId, profile.key)
  const values = profile.kind === 'yesno' ? ['yes', 'no'] : profile.options.map((o) => o.value)
  const groups = [...values, ...(sizes.get('') ? [''] : [])]
  const hiddenGroups = suppressedGroups(sizes, settings.minCohort)
  const cellTally = new Map<string, Tally>()
  for (const c of cells) {
    const id = `${c.group}\u0000${c.key}`
    const t = cellTally.get(id) ?? { counts: emptyCounts(), sum: 0 }
    cellTally.set(id, t)
    addToCounts(t.counts, c.scale, c.count)
    if (c.scale !== null) t.sum += c.scale * c.count
  }
  // per question: a cell below the cohort is hidden, with a complement where needed
  const hiddenCells = new Map<string, Set<string>>()
  for (const q of questions) {
    const cellSizes = new Map(groups.map((g) => [g, answered(cellTally.get(`${g}\u0000${q.key}`)?.counts ?? emptyCounts())]))
    hiddenCells.set(q.key, suppressedGroups(cellSizes, settings.minCohort, hiddenGroups))
  }
  return {
    key: profile.key,
    text: profile.text,
    groups: groups.map((value) => {
      const suppressed = hiddenGroups.has(value)
      return {
        value,
        label: value === '' ? 'Not answered' : optionLabel(profile, value),
        respondents: suppressed ? null : (sizes.get(value) ?? 0),
        suppressed,
        scores: Object.fromEntries(
          questions.map((q) => {
            const t = cellTally.get(`${value}\u0000${q.key}`)
            return [q.key, suppressed || hiddenCells.get(q.key)!.has(value) || !t ? null : figures(t.counts, t.sum).score]
          }),
        ),
      }
    }),
  }
}
