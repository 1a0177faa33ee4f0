import { HTTPException } from 'hono/http-exception'
import type { Db } from '../db/database.ts'
import { parseSettings, type AnalysisSettings } from '../org/settings.ts'
import { previousYear } from '../rounds/academic-year.ts'
import type { SurveyCatalog } from '../surveys/load.ts'
import { optionLabel, profileQuestions, scoredQuestions, type AgreementQuestion, type Survey } from '../surveys/schema.ts'
import { benchmarkNumbers, gatsbyBenchmarks } from '../surveys/benchmarks.ts'
import { byAudience } from '../surveys/audience.ts'
import { addTally, addToCounts, emptyTally, figuresOf, hiddenFigures, statusOf, type Tally } from './figures.ts'
import { actionPlanOf, answeredCounts, breakdownCounts, institutionWithSettings, roundsWithCounts, scaleCounts, type ScaleRow } from './queries.ts'
import { rankPriorities, type Rankable } from './ranking.ts'
import { studentRag } from './rag.ts'
import type { Breakdown, Counts, Report } from './report-schema.ts'
import { differenceInterval, overlaps, round4, wilsonInterval, withinSamplingError } from './statistics.ts'
import { arrivalCountsOf, shownArrivals } from '../rounds/arrivals.ts'
import { surveysOf } from '../rounds/survey-versions.ts'
import { suppressedGroups } from './suppression.ts'
import { withCoverage } from '../coverage/report-coverage.ts'

/** Counts per round and per current question key, following keys through `replaces`. */
function tallies(rows: ScaleRow[], canonical: (key: string) => string): Map<number, Map<string, Tally>> {
  const byRound = new Map<number, Map<string, Tally>>()
  for (const row of rows) {
    const perKey = byRound.get(row.roundId) ?? new Map<string, Tally>()
    byRound.set(row.roundId, perKey)
    const key = canonical(row.key)
    const tally = perKey.get(key) ?? emptyTally()
    perKey.set(key, tally)
    addToCounts(tally.counts, row.scale, row.count)
  }
  return byRound
}

/** Whether a tally's score may be shown: at least the minimum cohort of on-scale answers. */
const isShown = (t: Tally | undefined, settings: AnalysisSettings) => !!t && statusOf(t.counts, settings.minCohort) === 'shown'

/** The scored questions of a round's survey, in survey order, to rank by their tallies. */
function rankables(questions: { key: string; priority: boolean }[], perKey: Map<string, Tally> | undefined, settings: AnalysisSettings): Rankable[] {
  return questions.map((q, order) => {
    const t = perKey?.get(q.key)
    return {
      key: q.key,
      order,
      priority: q.priority,
      shown: isShown(t, settings),
      n: t?.counts.n ?? 0,
      positive: t?.counts.positive ?? 0,
      negative: t?.counts.negative ?? 0,
    }
  })
}

/**
 * Question keys followed through `replaces` across the survey versions of the rounds compared,
 * to the key the report's own version asks (or the latest one a chain reaches).
 */
function canonicalKeys(versions: Iterable<Survey>, current: Survey): (key: string) => string {
  const replacedBy = new Map<string, string>()
  for (const version of versions) for (const q of scoredQuestions(version)) if (q.replaces) replacedBy.set(q.replaces, q.key)
  const asked = new Set(scoredQuestions(current).map((q) => q.key))
  return (key) => {
    const seen = new Set<string>()
    while (!asked.has(key) && replacedBy.has(key) && !seen.has(key)) {
      seen.add(key)
      key = replacedBy.get(key)!
    }
    return key
  }
}

/** a − b of two shares from their counts, exactly (one division), then rounded once. */
const difference = (a: Counts, b: Counts) => round4((a.positive * b.n - b.positive * a.n) / (a.n * b.n))

/** The difference of two shown figures, with its 95% interval and whether it is within sampling error. */
function compared(a: Counts, b: Counts) {
  return {
    difference: difference(a, b),
    interval: differenceInterval(a, b)!.map(round4) as [number, number],
    withinSamplingError: withinSamplingError(a, b),
  }
}

/**
 * The surveys of the other audiences that this survey's paired keys belong to, in the order of
 * the audiences (their ids: the round of each says which version).
 */
function pairedSurveyIds(catalog: SurveyCatalog, survey: Survey): string[] {
  const wanted = new Set(scoredQuestions(survey).flatMap((q) => q.pairedWith ?? []))
  if (!wanted.size) return []
  return [...catalog.values()]
    .filter((s) => s.audience !== survey.audience && scoredQuestions(s).some((q) => wanted.has(q.key)))
    .sort(byAudience)
    .map((s) => s.id)
}

const startOf = (year: string) => Number(year.slice(0, 4))
const pct = (x: number) => `${Math.round(x * 100)}%`

export type ReportRequest = { institutionId: number; surveyId: string; year: string }

/**
 * The report of one round: figures per question and area, the ranking and top three, the
 * trend and change on last year, the development questions and the student-survey RAG,
 * breakdowns by profile group with small groups suppressed, and the gap to the paired survey.
 * It reads the requested year and earlier years only, never a later one.
 *
 * The minimum cohort counts the on-scale answers a figure is made of ("Don't know" left out);
 * scores are ranked by exact comparison of their counts; differences come from the exact
 * shares and are rounded once. A bounded number of queries, whatever the number of responses.
 */
export async function buildReport(db: Db, catalog: SurveyCatalog, request: ReportRequest): Promise<Report> {
  const inst = await institutionWithSettings(db, request.institutionId)
  if (!inst) throw new HTTPException(404, { message: 'no such institution' })
  const settings = parseSettings(inst.settings)
  const { minCohort } = settings

  // this year and the years before it: a year's report never shows a later year
  const allRounds = (await roundsWithCounts(db, request.institutionId, [...catalog.keys()])).filter((r) => startOf(r.year) <= startOf(request.year))
  const rounds = allRounds.filter((r) => r.surveyId === request.surveyId)
  const current = rounds.find((r) => r.year === request.year)
  if (!current) throw new HTTPException(404, { message: `no ${request.surveyId} round for ${request.year}` })
  const previous = rounds.find((r) => r.year === previousYear(request.year))
  // every round reads the survey it was opened with: a later edit of the file changes no past year
  const surveyOf = await surveysOf(db, catalog, allRounds)
  const survey = surveyOf.get(current)!
  // this year's rounds of the other voices' surveys that ask the same things
  const pairedRounds = pairedSurveyIds(catalog, survey).flatMap((id) => allRounds.filter((r) => r.surveyId === id && r.year === request.year))
  const used = allRounds.filter((r) => r.surveyId === request.surveyId || pairedRounds.includes(r))

  const questions = scoredQuestions(survey)
  const canonical = canonicalKeys(
    rounds.map((r) => surveyOf.get(r)!),
    survey,
  )
  // the text each key was last asked with, this year's wording first: a dropped question is named by its old text
  const everText = new Map<string, string>()
  for (const r of rounds) for (const q of scoredQuestions(surveyOf.get(r)!)) everText.set(canonical(q.key), q.text)
  for (const q of questions) everText.set(q.key, q.text)
  const [scaleRows, answeredByKey, previousPlan, arrivalCounts] = await Promise.all([
    scaleCounts(
      db,
      used.map((r) => r.id),
    ),
    answeredCounts(db, current.id),
    previous ? actionPlanOf(db, previous.id) : Promise.resolve(null),
    arrivalCountsOf(db, [current.id]),
  ])
  const byRound = tallies(scaleRows, canonical)
  const now = byRound.get(current.id)
  const before = previous ? byRound.get(previous.id) : undefined

  // this year's ranking
  const ranked = rankPriorities(rankables(questions, now, settings))
  const rankOf = new Map(ranked.map((r, i) => [r.key, i + 1]))
  const topThree = ranked.slice(0, 3).map((r) => r.key)

  const questionReports = questions.map((q) => {
    const t = now?.get(q.key)
    const f = figuresOf(t, minCohort)
    const p = before?.get(q.key)
    const change =
      previous && isShown(t, settings) && isShown(p, settings)
        ? { previousYear: previous.year, previousScore: figuresOf(p, minCohort).score!, ...compared(t!.counts, p!.counts) }
        : null
    return {
      key: q.key,
      text: q.text,
      area: q.area,
      priority: q.priority,
      ...f,
      rank: rankOf.get(q.key) ?? null,
      suppressed: f.status === 'too-few-answers',
      change,
      trend: rounds.map((r) => {
        const shown = figuresOf(byRound.get(r.id)?.get(q.key), minCohort)
        return { year: r.year, score: shown.score, n: shown.n, status: shown.status }
      }),
    }
  })

  // third and fourth: does the report say which is lower? Only if their 95% intervals are apart
  // (tested on the exact intervals, and quoted from them)
  const placed = (key: string | undefined) => {
    const q = questionReports.find((x) => x.key === key)
    const c = key === undefined ? undefined : now?.get(key)?.counts
    return q && c ? { text: q.text, score: c.positive / c.n, ci: wilsonInterval(c.positive, c.n)! } : undefined
  }
  const third = placed(ranked[2]?.key)
  const fourth = placed(ranked[3]?.key)
  const rankingNote =
    third && fourth && overlaps(third.ci, fourth.ci)
      ? `The third and fourth priority areas, “${third.text}” (${pct(third.score)}, 95% interval ${pct(third.ci[0])} to ${pct(third.ci[1])}) and “${fourth.text}” (${pct(fourth.score)}, ${pct(fourth.ci[0])} to ${pct(fourth.ci[1])}): their 95% intervals overlap, so the order between them is not statistically clear.`
      : null

  // development questions: last year's action plan, or else last year's top three, which a
  // round below the minimum round size (or one with no responses) is too small to set
  const previousQuestions = previous ? scoredQuestions(surveyOf.get(previous)!).map((q) => ({ key: canonical(q.key), priority: q.priority })) : []
  const asked = new Set(questions.map((q) => q.key))
  const previousTooSmall = !!previous && !previousPlan && previous.respondents < settings.minRoundSize
  const fromTopThree = !!previous && !previousPlan && !previousTooSmall
  const developmentKeys = previousPlan
    ? previousPlan.keys.map(canonical)
    : fromTopThree
      ? rankPriorities(rankables(previousQuestions, before, settings))
          .slice(0, 3)
          .map((r) => r.key)
      : []
  const developmentQuestions = developmentKeys.map((key) => ({ key, text: everText.get(key) ?? key, asked: asked.has(key) }))
  const development = {
    keys: developmentKeys,
    source: previousPlan
      ? ('action-plan' as const)
      : fromTopThree
        ? ('previous-top-three' as const)
        : previousTooSmall
          ? ('previous-too-small' as const)
          : ('none' as const),
    fromYear: previous?.year ?? null,
    questions: developmentQuestions,
    changedAfterOpeningOn: previousPlan?.changedAfterOpeningOn ?? null,
  }
  const ragOfRounds =
    survey.audience === 'student'
      ? studentRag({
          development: developmentQuestions,
          topThree,
          baseline: !previous,
          tooSmall: current.respondents < settings.minRoundSize,
          respondents: current.respondents,
          minRoundSize: settings.minRoundSize,
          ...(previousTooSmall ? { previousTooSmall: { respondents: previous!.respondents } } : {}),
        })
      : null

  // an area (and a benchmark) pools only the questions it shows: pooling a hidden one would let
  // it be worked out as the area minus the shown questions
  const pooledFigures = (group: typeof questionReports) => {
    const pooled = emptyTally()
    for (const q of group) if (q.status === 'shown' || q.status === 'only-dont-know') addTally(pooled, now!.get(q.key)!)
    const nothingShown = pooled.counts.n + pooled.counts.dontKnow === 0 && group.some((q) => q.suppressed)
    const f = nothingShown ? hiddenFigures() : figuresOf(pooled, minCohort)
    return { suppressed: f.status === 'too-few-answers', ...f }
  }
  const areas = survey.areas.map((area) => ({
    id: area.id,
    title: area.title,
    source: area.source ?? null,
    ...pooledFigures(questionReports.filter((q) => q.area === area.id)),
  }))

  // the Gatsby Benchmarks the round's questions give evidence on (a question may count towards
  // two); a survey version from before the tags has none
  const tagged = new Map(scoredQuestions(survey).map((q) => [q.key, q.benchmarks ?? []]))
  const benchmarks = benchmarkNumbers.flatMap((number) => {
    const inBenchmark = questionReports.filter((q) => tagged.get(q.key)?.includes(number))
    if (!inBenchmark.length) return []
    const keys = inBenchmark.map((q) => q.key)
    return [{ number, title: gatsbyBenchmarks[number]!, keys, priorities: topThree.filter((k) => keys.includes(k)), ...pooledFigures(inBenchmark) }]
  })

  const shownStatus = new Map(questionReports.map((q) => [q.key, q.status]))
  const breakdowns = await Promise.all(profileQuestions(survey).map((p) => breakdown(db, current.id, p, questions, shownStatus, settings)))
  // the response rate against the year-group sizes, and a rating marked provisional when it rests on too few (src/coverage/)
  const { coverage, rag } = await withCoverage(
    db,
    { institutionId: inst.id, year: current.year, roundId: current.id, respondents: current.respondents },
    survey,
    settings,
    ragOfRounds,
  )

  // the gap to each other voice, question by question, for the keys this survey pairs with it
  const gaps = pairedRounds.flatMap((pairedRound) => {
    const other = surveyOf.get(pairedRound)!
    const pairedTallies = byRound.get(pairedRound.id)
    const otherText = new Map(scoredQuestions(other).map((q) => [q.key, q.text]))
    return questions.flatMap((q) =>
      (q.pairedWith ?? [])
        .filter((k) => otherText.has(k))
        .map((pairedKey) => {
          const mine = now?.get(q.key)
          const theirs = pairedTallies?.get(pairedKey)
          const both = isShown(mine, settings) && isShown(theirs, settings)
          const c = both ? compared(mine!.counts, theirs!.counts) : null
          return {
            key: q.key,
            text: q.text,
            pairedSurvey: { id: other.id, title: other.title, audience: other.audience },
            pairedKey,
            pairedText: otherText.get(pairedKey)!,
            score: figuresOf(mine, minCohort).score,
            pairedScore: figuresOf(theirs, minCohort).score,
            gap: c?.difference ?? null,
            interval: c?.interval ?? null,
            withinSamplingError: c?.withinSamplingError ?? null,
          }
        }),
    )
  })

  return {
    institution: { id: inst.id, slug: inst.slug, name: inst.name },
    survey: { id: survey.id, audience: survey.audience, title: survey.title, version: current.surveyVersion },
    year: current.year,
    round: { status: current.status, code: current.code, source: current.source, answersDeletedOn: current.answersDeletedOn },
    settings,
    respondents: current.respondents,
    collected: current.status === 'closed' ? current.collected : null,
    // code-only rounds: how the responses arrived, in steps of the minimum cohort (rounds/arrivals.ts)
    arrivals: shownArrivals({ ...arrivalCounts.get(current.id)!, shownRespondents: current.respondents }, minCohort),
    completion: questions.map((q) => {
      const n = answeredByKey.get(q.key) ?? 0
      const suppressed = n > 0 && n < minCohort
      return { key: q.key, answered: suppressed ? null : n, rate: suppressed || !current.respondents ? null : round4(n / current.respondents), suppressed }
    }),
    questions: questionReports,
    areas,
    benchmarks,
    ranking: ranked.map((r) => r.key),
    topThree,
    rankingNote,
    development,
    rag,
    years: rounds.map((r) => ({ year: r.year, respondents: r.respondents, source: r.source })),
    breakdowns,
    gaps,
    coverage,
  }
}

/**
 * Scores per profile group, with small groups and the groups that would give them away hidden.
 * A cell (group × question) counts its on-scale answers against the minimum cohort, as a
 * question does; a question hidden for the whole round is hidden in every group.
 */
async function breakdown(
  db: Db,
  roundId: number,
  profile: ReturnType<typeof profileQuestions>[number],
  questions: AgreementQuestion[],
  status: Map<string, string>,
  settings: AnalysisSettings,
): Promise<Breakdown> {
  const { sizes, cells } = await breakdownCounts(db, roundId, profile.key)
  const values = profile.kind === 'yesno' ? ['yes', 'no'] : profile.options.map((o) => o.value)
  const groups = [...values, ...(sizes.get('') ? [''] : [])]
  const hiddenGroups = suppressedGroups(sizes, settings.minCohort)
  const cellTally = new Map<string, Tally>()
  for (const c of cells) {
    const id = `${c.group}\u0000${c.key}`
    const t = cellTally.get(id) ?? emptyTally()
    cellTally.set(id, t)
    addToCounts(t.counts, c.scale, c.count)
  }
  const onScale = (group: string, key: string) => cellTally.get(`${group}\u0000${key}`)?.counts.n ?? 0
  // per question: a cell below the cohort is hidden, with a complement where needed
  const hiddenCells = new Map<string, Set<string>>()
  for (const q of questions) {
    const cellSizes = new Map(groups.map((g) => [g, onScale(g, q.key)]))
    hiddenCells.set(q.key, status.get(q.key) === 'too-few-answers' ? new Set(groups) : suppressedGroups(cellSizes, settings.minCohort, hiddenGroups))
  }
  return {
    key: profile.key,
    text: profile.text,
    groups: groups.map((value) => {
      const suppressed = hiddenGroups.has(value)
      const hidden = questions.filter((q) => suppressed || hiddenCells.get(q.key)!.has(value)).map((q) => q.key)
      return {
        value,
        label: value === '' ? 'Not answered' : optionLabel(profile, value),
        respondents: suppressed ? null : (sizes.get(value) ?? 0),
        suppressed,
        scores: Object.fromEntries(
          questions.map((q) => {
            const t = cellTally.get(`${value}\u0000${q.key}`)
            return [q.key, hidden.includes(q.key) || !t || t.counts.n === 0 ? null : figuresOf(t, settings.minCohort).score]
          }),
        ),
        hidden,
      }
    }),
  }
}
