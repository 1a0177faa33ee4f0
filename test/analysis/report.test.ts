import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { recordActionPlan } from '../../src/analysis/action-plan.ts'
import { buildReport } from '../../src/analysis/report.ts'
import type { Report } from '../../src/analysis/report-schema.ts'
import { createApp } from '../../src/app.ts'
import type { Db } from '../../src/db/database.ts'
import { addInstitution, addPartnership } from '../../src/org/organisations.ts'
import { openRound } from '../../src/rounds/rounds.ts'
import { catalog as shippedCatalog, freshDatabase, rows } from '../support/app.ts'
import { agreementYaml, handYear1, handYear2, miniCatalog, respondents, seedOrganisation, seedRound, testSurveyYaml } from '../support/fixtures.ts'
import { buildCatalog } from '../../src/surveys/load.ts'
import { origin } from '../support/staff.ts'

let db: Db
let dispose: () => void
let institutionId: number
beforeEach(async () => {
  ;({ db, dispose } = await freshDatabase())
  institutionId = await seedOrganisation(db)
})
afterEach(() => dispose())

const v1 = miniCatalog('v1')

/** The hand-computed years (see test/support/fixtures.ts for the figures worked out by hand). */
const year1 = respondents(handYear1)
const year2 = respondents(handYear2)

describe('the report of one round', () => {
  it('computes each question’s counts, score and interval (no mean), and ranks with the tie-breaks', async () => {
    await seedRound(db, v1, 'elm-school', '2024/25', year1)
    const report = await buildReport(db, v1, { institutionId, surveyId: 'mini', year: '2024/25' })
    expect(report.respondents).toBe(10)
    const q4 = report.questions.find((q) => q.key === 'q4')!
    expect(q4).toMatchObject({ n: 9, positive: 8, neutral: 0, negative: 1, dontKnow: 1, score: 0.8889, rank: 4 })
    expect(q4).not.toHaveProperty('mean')
    expect(q4.shares).toEqual({ positive: 0.8, neutral: 0, negative: 0.1, dontKnow: 0.1 })
    expect(q4.ci![0]).toBeCloseTo(0.565, 3)
    expect(q4.ci![1]).toBeCloseTo(0.9801, 3)
    expect(report.ranking).toEqual(['q1', 'q3', 'q2', 'q4', 'q5'])
    expect(report.topThree).toEqual(['q1', 'q3', 'q2'])
    expect(report.completion.find((c) => c.key === 'q4')).toEqual({ key: 'q4', answered: 10, rate: 1, suppressed: false })
    // area one pools q1-q3: 8 positive of 30
    expect(report.areas.find((a) => a.id === 'a1')).toMatchObject({ n: 30, positive: 8, score: 0.2667 })
  })

  it('groups the scores by Gatsby Benchmark, pooling each benchmark’s questions as an area does', async () => {
    const q = agreementYaml
    const tagged = buildCatalog([
      {
        file: 'surveys/mini.yaml',
        text: testSurveyYaml(
          'mini',
          'Mini survey',
          [
            q('q1', 'a1', '        benchmarks: [1, 3]\n'),
            q('q2', 'a1', '        benchmarks: [3]\n'),
            q('q3', 'a1'),
            q('q4', 'a2', '        benchmarks: [3]\n'),
            q('q5', 'a2'),
          ].join(''),
        ),
      },
    ])
    await seedRound(db, tagged, 'elm-school', '2024/25', year1)
    const report = await buildReport(db, tagged, { institutionId, surveyId: 'mini', year: '2024/25' })
    // benchmark 1: q1 alone, 2 positive of 10; benchmark 3: q1, q2 and q4, 2 + 3 + 8 positive of 10 + 10 + 9
    expect(report.benchmarks.map((b) => b.number)).toEqual([1, 3])
    expect(report.benchmarks[0]).toMatchObject({
      number: 1,
      title: 'A stable careers programme',
      keys: ['q1'],
      priorities: ['q1'],
      n: 10,
      positive: 2,
      score: 0.2,
    })
    expect(report.benchmarks[1]).toMatchObject({ keys: ['q1', 'q2', 'q4'], priorities: ['q1', 'q2'], n: 29, positive: 13, score: 0.4483, suppressed: false })
    // a round opened with a version of the survey from before the tags has none
    await seedRound(db, v1, 'elm-school', '2023/24', year1)
    expect((await buildReport(db, tagged, { institutionId, surveyId: 'mini', year: '2023/24' })).benchmarks).toEqual([])
  })

  it('a baseline year has no rating; the next year rates against last year’s top three', async () => {
    await seedRound(db, v1, 'elm-school', '2024/25', year1)
    await seedRound(db, v1, 'elm-school', '2025/26', year2)
    const first = await buildReport(db, v1, { institutionId, surveyId: 'mini', year: '2024/25' })
    expect(first.rag).toMatchObject({ rating: null, baseline: true })
    expect(first.development.source).toBe('none')
    const report = await buildReport(db, v1, { institutionId, surveyId: 'mini', year: '2025/26' })
    expect(report.topThree).toEqual(['q1', 'q2', 'q4'])
    expect(report.development).toMatchObject({ keys: ['q1', 'q3', 'q2'], source: 'previous-top-three', fromYear: '2024/25' })
    expect(report.rag).toMatchObject({ rating: 'Amber/Red', remaining: ['q1', 'q2'], left: ['q3'], provisional: false, baseline: false })
    expect(report.rag!.explanation).toContain('No longer in the top three: “Statement q3.”')
  })

  it('follows the trend and flags a change within sampling error', async () => {
    await seedRound(db, v1, 'elm-school', '2024/25', year1)
    await seedRound(db, v1, 'elm-school', '2025/26', year2)
    const report = await buildReport(db, v1, { institutionId, surveyId: 'mini', year: '2025/26' })
    const q3 = report.questions.find((q) => q.key === 'q3')!
    expect(q3.trend).toEqual([
      { year: '2024/25', score: 0.3, n: 10, status: 'shown' },
      { year: '2025/26', score: 0.9, n: 10, status: 'shown' },
    ])
    expect(q3.change).toMatchObject({ previousYear: '2024/25', previousScore: 0.3, difference: 0.6, withinSamplingError: false })
    const q1 = report.questions.find((q) => q.key === 'q1')!
    expect(q1.change).toMatchObject({ difference: -0.1, withinSamplingError: true })
  })

  it('uses the three questions of last year’s action plan instead of its top three', async () => {
    const r1 = await seedRound(db, v1, 'elm-school', '2024/25', year1)
    await recordActionPlan(db, v1.get('mini')!, r1, { developmentKeys: ['q4', 'q5', 'q3'], actions: { q4: 'Careers fair in spring' } })
    await seedRound(db, v1, 'elm-school', '2025/26', year2)
    const report = await buildReport(db, v1, { institutionId, surveyId: 'mini', year: '2025/26' })
    expect(report.development).toMatchObject({ keys: ['q4', 'q5', 'q3'], source: 'action-plan' })
    expect(report.rag).toMatchObject({ rating: 'Amber/Green', remaining: ['q4'] })
  })

  it('follows a replaced question to its new key', async () => {
    await seedRound(db, v1, 'elm-school', '2024/25', year1)
    const replaced = miniCatalog('replaced')
    const year2Renamed = year2.map(({ q2, ...rest }) => ({ ...rest, ...(q2 ? { q6: q2 } : {}) }))
    await seedRound(db, replaced, 'elm-school', '2025/26', year2Renamed)
    const report = await buildReport(db, replaced, { institutionId, surveyId: 'mini', year: '2025/26' })
    expect(report.development.keys).toEqual(['q1', 'q3', 'q6'])
    expect(report.rag).toMatchObject({ rating: 'Amber/Red', remaining: ['q1', 'q6'], provisional: false })
    expect(report.questions.find((q) => q.key === 'q6')!.trend.map((t) => t.score)).toEqual([0.3, 0.2])
  })

  it('reports a development question that is no longer asked and makes the rating provisional', async () => {
    await seedRound(db, v1, 'elm-school', '2024/25', year1)
    const dropped = miniCatalog('dropped')
    await seedRound(
      db,
      dropped,
      'elm-school',
      '2025/26',
      year2.map(({ q3, ...rest }) => rest),
    )
    const report = await buildReport(db, dropped, { institutionId, surveyId: 'mini', year: '2025/26' })
    expect(report.development.questions.find((q) => q.key === 'q3')).toMatchObject({ asked: false })
    expect(report.rag).toMatchObject({ provisional: true, notAsked: ['q3'], rating: 'Amber/Red' })
  })

  it('flags a round below the minimum size as too small to rate, and shows no figure under the minimum cohort', async () => {
    await seedRound(db, v1, 'elm-school', '2024/25', year1)
    await seedRound(db, v1, 'elm-school', '2025/26', year2.slice(0, 4))
    const report = await buildReport(db, v1, { institutionId, surveyId: 'mini', year: '2025/26' })
    expect(report.rag).toMatchObject({ rating: null, tooSmall: true })
    for (const q of report.questions) expect(q).toMatchObject({ suppressed: true, status: 'too-few-answers', score: null, n: null, rank: null })
    expect(report.topThree).toEqual([])
  })

  it('breaks results down by year group, hiding the small groups', async () => {
    // y8 6 (shown), y9 3 and y10 2 (hidden: together 5, a cohort, so nothing smaller can be worked out)
    const people = respondents({
      year_group: ['y8', 'y8', 'y8', 'y8', 'y8', 'y8', 'y9', 'y9', 'y9', 'y10', 'y10'],
      q1: ['5', '4', '1', '1', '2', '3', '3', '3', '3', '5', '5'],
    })
    await seedRound(db, v1, 'elm-school', '2024/25', people)
    const report = await buildReport(db, v1, { institutionId, surveyId: 'mini', year: '2024/25' })
    const byYear = report.breakdowns.find((b) => b.key === 'year_group')!
    const groups = Object.fromEntries(byYear.groups.map((g) => [g.value, g]))
    expect(groups.y8).toMatchObject({ respondents: 6, suppressed: false, label: 'Year 8' })
    expect(groups.y8!.scores.q1).toBeCloseTo(2 / 6, 3)
    for (const small of [groups.y9!, groups.y10!]) {
      expect(small).toMatchObject({ respondents: null, suppressed: true })
      expect(Object.values(small.scores).every((s) => s === null)).toBe(true)
    }
    expect(byYear.groups.map((g) => g.value)).toEqual(['y8', 'y9', 'y10'])
  })

  it('hides a shown group too when the hidden groups together are fewer than the cohort', async () => {
    // y8 6, y9 3, one not saying: showing y8 would give away the other four (10 - 6) as a group
    await seedRound(db, v1, 'elm-school', '2024/25', year1)
    const report = await buildReport(db, v1, { institutionId, surveyId: 'mini', year: '2024/25' })
    const groups = report.breakdowns.find((b) => b.key === 'year_group')!.groups
    expect(groups.map((g) => [g.value, g.suppressed])).toEqual([
      ['y8', true],
      ['y9', true],
      ['y10', false],
      ['', true],
    ])
    expect(groups.find((g) => g.value === 'y10')).toMatchObject({ label: 'Year 10', respondents: 0 })
    expect(groups.every((g) => g.respondents === null || g.respondents === 0)).toBe(true)
    expect(groups.flatMap((g) => Object.values(g.scores)).every((s) => s === null)).toBe(true)
  })

  it('hides a lone small group together with the smallest other group', async () => {
    // y8 7, y9 3: hiding y9 alone would let y9 = total - y8 be worked out
    const people = respondents({ year_group: ['y8', 'y8', 'y8', 'y8', 'y8', 'y8', 'y8', 'y9', 'y9', 'y9'], q1: Array(10).fill('4') })
    await seedRound(db, v1, 'elm-school', '2024/25', people)
    const report = await buildReport(db, v1, { institutionId, surveyId: 'mini', year: '2024/25' })
    const groups = report.breakdowns[0]!.groups
    expect(
      groups
        .filter((g) => g.suppressed)
        .map((g) => g.value)
        .sort(),
    ).toEqual(['y8', 'y9'])
    expect(groups.every((g) => g.suppressed || (g.respondents ?? 0) === 0)).toBe(true)
  })
})

/** Everything a report shows but the school it is about. */
const contents = (r: Report) => ({ ...r, institution: null, round: { ...r.round, code: null } })

describe('answers in every language pool under the same question keys', () => {
  const survey = shippedCatalog.get('student-iag')!
  const languages = ['en', 'pl', 'ur'] as const

  /** The answers a respondent can choose in the survey form in `lang`, by field name, read from the page itself. */
  async function formChoices(app: ReturnType<typeof createApp>, code: string, lang: string) {
    const html = await (await app.request(`/s/${code}?lang=${lang}`)).text()
    expect(html).toContain(`<html lang="${lang}"`)
    const choices = new Map<string, string[]>()
    for (const m of html.matchAll(/<input type="(?:radio|checkbox)"[^>]*? name="([^"]+)" value="([^"]*)"/g))
      choices.set(m[1]!, [...(choices.get(m[1]!) ?? []), m[2]!])
    return choices
  }

  it('a report over responses in English, Polish and Urdu equals the report over the same answers all in English', async () => {
    const { db, dispose } = await freshDatabase()
    try {
      const now = () => new Date('2025-11-20T10:00:00Z')
      const app = createApp({ getDb: () => db, catalog: shippedCatalog, now })
      await addPartnership(db, { slug: 'lingo-city', name: 'Lingo City' })
      await addInstitution(db, { slug: 'probe-school', name: 'Probe School', partnership: 'lingo-city' })
      const probe = await openRound(db, shippedCatalog, { institution: 'probe-school', survey: survey.id, year: '2025/26', tokensRequired: false })
      // the form offers the same fields and answer values in every language: only the words change
      const choices = await formChoices(app, probe.code, 'en')
      expect([...choices.keys()]).toContain('year_group')
      expect(choices.size).toBeGreaterThan(20)
      for (const lang of languages.slice(1)) expect(await formChoices(app, probe.code, lang)).toEqual(choices)
      const fields = [...choices.entries()]

      const personArb = fc.record({
        lang: fc.constantFrom(...languages),
        // an index into each field's choices; past the end means the question is left blank
        picks: fc.array(fc.nat({ max: 9 }), { minLength: fields.length, maxLength: fields.length }),
      })
      let run = 0
      await fc.assert(
        fc.asyncProperty(fc.array(personArb, { minLength: 5, maxLength: 24 }), async (people) => {
          run++
          const answersOf = (picks: number[]) =>
            Object.fromEntries(
              fields.flatMap(([key, values], i) =>
                key === 'year_group' ? [[key, values[picks[i]! % values.length]!]] : picks[i]! < values.length ? [[key, values[picks[i]!]!]] : [],
              ),
            )
          const rounds: Record<string, { id: number; code: string }> = {}
          for (const school of ['mixed', 'english']) {
            await addInstitution(db, { slug: `${school}-${run}`, name: `${school} ${run}`, partnership: 'lingo-city' })
            rounds[school] = await openRound(db, shippedCatalog, { institution: `${school}-${run}`, survey: survey.id, year: '2025/26', tokensRequired: false })
          }
          // each respondent sends the form once in their own language to one school, and once in English to the other
          for (const [i, p] of people.entries()) {
            for (const [school, lang] of [
              ['mixed', p.lang],
              ['english', 'en'],
            ] as const) {
              const code = rounds[school]!.code
              const body = new URLSearchParams({
                submissionId: crypto.randomUUID(),
                _lang: lang,
                _mode: 'all',
                _easy: '0',
                _size: 'normal',
                ...answersOf(p.picks),
              })
              const res = await app.request(`/s/${code}${lang === 'en' ? '' : `?lang=${lang}`}`, {
                method: 'POST',
                body,
                headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
              })
              expect(res.status, `${school} respondent ${i} in ${lang}`).toBe(303)
            }
          }
          // the mixed round really holds the languages it was sent in
          const stored = await rows(db, 'SELECT language, count(*) AS n FROM responses WHERE round_id = ? GROUP BY language ORDER BY language', [
            rounds.mixed!.id,
          ])
          const sent = [...languages].map((l) => ({ language: l, n: people.filter((p) => p.lang === l).length })).filter((x) => x.n > 0)
          expect(stored).toEqual(sent)

          const reportOf = async (school: string) => {
            const id = Number((await rows(db, 'SELECT id FROM institutions WHERE slug = ?', [`${school}-${run}`]))[0]!.id)
            return buildReport(db, shippedCatalog, { institutionId: id, surveyId: survey.id, year: '2025/26' })
          }
          const mixed = await reportOf('mixed')
          const english = await reportOf('english')
          // the figures rest on the responses up to the last step of the minimum cohort (5), sent one at a time
          expect(mixed.respondents).toBe(Math.floor(people.length / 5) * 5)
          expect(mixed.topThree).toEqual(english.topThree)
          expect(mixed.ranking).toEqual(english.ranking)
          expect(mixed.questions.map((q) => [q.key, q.score, q.n, q.dontKnow])).toEqual(english.questions.map((q) => [q.key, q.score, q.n, q.dontKnow]))
          expect(contents(mixed)).toEqual(contents(english))
        }),
        { numRuns: 8 },
      )
    } finally {
      dispose()
    }
  })
})
