import fc from 'fast-check'
import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import { buildReport } from '../../src/analysis/report.ts'
import { reportSchema, type Report } from '../../src/analysis/report-schema.ts'
import { rankPriorities } from '../../src/analysis/ranking.ts'
import { round4 } from '../../src/analysis/statistics.ts'
import { createApp } from '../../src/app.ts'
import { addUser } from '../../src/auth/users.ts'
import { answersCsv, reportCsv, smallGroupValue } from '../../src/analysis/export.ts'
import { chartDataJson } from '../../src/analysis/views/report-page.tsx'
import { setPartnershipSettings } from '../../src/org/organisations.ts'
import { closeRound } from '../../src/rounds/rounds.ts'
import { buildCatalog } from '../../src/surveys/load.ts'
import { freshDatabase } from '../support/app.ts'
import { agreementYaml, miniCatalog, seedOrganisation, seedRound, testSurveyYaml } from '../support/fixtures.ts'
import { signIn, staffPassword } from '../support/staff.ts'

const catalog = miniCatalog()
const point = fc.constantFrom('1', '2', '3', '4', '5', 'dk', null)
const person = fc.record({ year_group: fc.constantFrom('y8', 'y9', 'y10', null), q1: point, q2: point, q3: point, q4: point, q5: point })
const clean = (p: Record<string, string | null>) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== null)) as Record<string, string>

describe('reports over random data', () => {
  it('rank the same whatever order the answers arrived in', async () => {
    const { db, dispose } = await freshDatabase()
    let run = 0
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(person, { minLength: 1, maxLength: 40 }), fc.integer(), async (people, seed) => {
          // two institutions of their own in each run, in one database
          run++
          const a = await seedOrganisation(db, `order-a-${run}`)
          const b = await seedOrganisation(db, `order-b-${run}`)
          const shuffled = people
            .map((p, i) => ({ p, k: (i * 7919 + seed) % 101 }))
            .sort((x, y) => x.k - y.k)
            .map((x) => x.p)
          await seedRound(db, catalog, `order-a-${run}`, '2025/26', people.map(clean))
          await seedRound(db, catalog, `order-b-${run}`, '2025/26', shuffled.map(clean))
          const ra = await buildReport(db, catalog, { institutionId: a, surveyId: 'mini', year: '2025/26' })
          const rb = await buildReport(db, catalog, { institutionId: b, surveyId: 'mini', year: '2025/26' })
          expect(rb.ranking).toEqual(ra.ranking)
          expect(rb.questions).toEqual(ra.questions)
          expect(rb.breakdowns).toEqual(ra.breakdowns)
        }),
        { numRuns: 20 },
      )
    } finally {
      dispose()
    }
  })
})

// ---------------------------------------------------------------------------------------------
// The minimum cohort, over every breakdown the report offers, in the report, its charts and both
// CSV exports. The survey has three profile questions (year group, a yes/no and a second single
// choice), five scored questions in two areas and a free-text question.
// ---------------------------------------------------------------------------------------------

const profiles = { year_group: ['y8', 'y9', 'y10'], send: ['yes', 'no'], route: ['academic', 'technical', 'other'] } as const
type ProfileKey = keyof typeof profiles
const profileKeys = Object.keys(profiles) as ProfileKey[]
const scored = ['q1', 'q2', 'q3', 'q4', 'q5'] as const
const areaOf: Record<string, string> = { q1: 'a1', q2: 'a1', q3: 'a1', q4: 'a2', q5: 'a2' }

const propsCatalog = buildCatalog([
  {
    file: 'surveys/props.yaml',
    text: testSurveyYaml(
      'props',
      'Property survey',
      scored.map((k) => agreementYaml(k, areaOf[k]!)).join('') +
        '      - key: send\n        kind: yesno\n        profile: true\n        text: Do you get extra help with learning?\n' +
        '      - key: route\n        kind: single\n        profile: true\n        text: Which route are you on?\n        options:\n' +
        '          - { value: academic, label: Academic }\n          - { value: technical, label: Technical }\n          - { value: other, label: Other }\n' +
        '      - key: comments\n        kind: text\n        text: Anything else?\n',
    ),
  },
])
const propsSurvey = propsCatalog.get('props')!

type Person = Record<string, string>

/**
 * Random respondents with a skewed make-up that changes from run to run: each profile question
 * has its own weights per answer (the last weight is "not answered"), and each scored question
 * its own skip rate, so that small groups and small cells (group x question) come up often.
 */
const weights = (answers: number) => fc.array(fc.nat({ max: 10 }), { minLength: answers + 1, maxLength: answers + 1 })
const mixArb = fc.record({
  profile: fc.record({ year_group: weights(3), send: weights(2), route: weights(3) }),
  skip: fc.array(fc.nat({ max: 9 }), { minLength: 5, maxLength: 5 }),
})
type Mix = { profile: Record<ProfileKey, number[]>; skip: number[] }
const rawPerson = fc.record({
  profile: fc.array(fc.nat({ max: 999 }), { minLength: 3, maxLength: 3 }),
  answers: fc.array(fc.tuple(fc.nat({ max: 9 }), fc.constantFrom('1', '2', '3', '4', '5', 'dk')), { minLength: 5, maxLength: 5 }),
})
type RawPerson = { profile: number[]; answers: [number, string][] }

function choose(draw: number, w: number[], values: readonly string[]): string | undefined {
  const total = w.reduce((a, b) => a + b, 0)
  if (total === 0) return undefined
  let x = (draw / 1000) * total
  for (let i = 0; i < w.length; i++) {
    if (x < w[i]!) return values[i] // i === values.length: not answered
    x -= w[i]!
  }
  return undefined
}

function makePeople(raw: RawPerson[], mix: Mix): Person[] {
  return raw.map((r) => {
    const p: Person = {}
    profileKeys.forEach((key, i) => {
      const v = choose(r.profile[i]!, mix.profile[key], profiles[key])
      if (v !== undefined) p[key] = v
    })
    scored.forEach((key, i) => {
      const [draw, value] = r.answers[i]!
      if (draw >= mix.skip[i]!) p[key] = value
    })
    return p
  })
}

/** What the data really holds: the report is checked against this, never against itself. */
const answeredIn = (people: Person[], q: string) => people.filter((p) => p[q] !== undefined).length
const onScale = (people: Person[], q: string) => people.filter((p) => /^[1-5]$/.test(p[q] ?? ''))
function trueScore(people: Person[], q: string): number | null {
  const on = onScale(people, q)
  return on.length ? round4(on.filter((p) => Number(p[q]) >= 4).length / on.length) : null
}
const inGroup = (people: Person[], key: string, value: string) => people.filter((p) => (p[key] ?? '') === value)

/** What someone can work out by subtracting what is shown from a shown total: nothing, or at least a cohort. */
const safeRemainder = (remainder: number, min: number) => remainder === 0 || remainder >= min

/** Every rule of the minimum cohort, checked on one report against the data behind it. */
function expectCohortRule(report: Report, people: Person[], earlier: Person[], min: number) {
  // the schema's claims hold of every random report (nothing it does not allow, nothing dropped)
  expect(reportSchema.parse(report)).toEqual(report)
  expect(report.settings.minCohort).toBe(min)
  expect(report.respondents).toBe(people.length)

  // questions: a question with fewer than the cohort of on-scale answers shows nothing (every
  // figure null, whatever the "Don't know"); a shown one is right
  const shownQuestion = new Map<string, boolean>()
  for (const q of report.questions) {
    const answered = answeredIn(people, q.key)
    const on = onScale(people, q.key).length
    shownQuestion.set(q.key, q.status === 'shown')
    if (on < min && (on > 0 || (answered > 0 && answered < min))) {
      expect(q, `${q.key}: ${on} on the scale of ${answered} answers`).toMatchObject({
        status: 'too-few-answers',
        suppressed: true,
        score: null,
        ci: null,
        shares: null,
        n: null,
        positive: null,
        neutral: null,
        negative: null,
        dontKnow: null,
        rank: null,
        change: null,
      })
    } else if (on < min) {
      // nobody on the scale, and "Don't know" from nobody or from at least a cohort
      expect(q, `${q.key}: ${answered} answers, none on the scale`).toMatchObject({
        status: answered ? 'only-dont-know' : 'no-answers',
        score: null,
        rank: null,
        n: 0,
        dontKnow: answered,
      })
    } else {
      expect(q.status).toBe('shown')
      expect(q.n).toBe(on)
      expect(q.n! + q.dontKnow!).toBe(answered)
      expect(q.score).toBe(trueScore(people, q.key))
    }
    // the change on last year only between two shown figures
    if (q.change) expect(onScale(earlier, q.key).length, `${q.key} change from a hidden year`).toBeGreaterThanOrEqual(min)
    // the trend (a chart and a table): each year's figure only from a cohort on the scale
    for (const t of q.trend) {
      const those = t.year === report.year ? people : earlier
      if (onScale(those, q.key).length < min) expect(t.score, `${q.key} ${t.year}`).toBeNull()
      if (t.status === 'too-few-answers') expect(t).toEqual({ year: t.year, score: null, n: null, status: 'too-few-answers' })
      else if (t.status === 'shown') expect(t.score).toBe(trueScore(those, q.key))
    }
  }
  // only shown questions are ranked or named in the top three
  for (const key of report.ranking) expect(shownQuestion.get(key), `ranked ${key}`).toBe(true)

  // areas: nothing hidden can be worked out as the area minus its shown questions
  for (const area of report.areas) {
    const shown = report.questions.filter((q) => q.area === area.id && !q.suppressed)
    const sum = (k: 'n' | 'positive' | 'neutral' | 'negative' | 'dontKnow') => shown.reduce((s, q) => s + q[k]!, 0)
    if (report.respondents < min) expect(area).toMatchObject({ score: null })
    if (area.suppressed) expect(area).toMatchObject({ score: null, n: null, dontKnow: null })
    if (!area.suppressed) {
      expect({ n: area.n, positive: area.positive, neutral: area.neutral, negative: area.negative, dontKnow: area.dontKnow }, `area ${area.id}`).toEqual({
        n: sum('n'),
        positive: sum('positive'),
        neutral: sum('neutral'),
        negative: sum('negative'),
        dontKnow: sum('dontKnow'),
      })
    }
  }

  // breakdowns: one per profile question, every group and every group x question cell
  expect(report.breakdowns.map((b) => b.key)).toEqual(profileKeys)
  for (const b of report.breakdowns) {
    const values = [...profiles[b.key as ProfileKey], ...(inGroup(people, b.key, '').length ? [''] : [])]
    expect(b.groups.map((g) => g.value)).toEqual(values)
    const shownGroups = b.groups.filter((g) => !g.suppressed)
    for (const g of b.groups) {
      const size = inGroup(people, b.key, g.value).length
      if (g.suppressed) {
        expect(g.respondents, `${b.key}=${g.value}`).toBeNull()
        expect(
          Object.values(g.scores).every((s) => s === null),
          `${b.key}=${g.value} hidden with a score`,
        ).toBe(true)
      } else {
        expect(g.respondents, `${b.key}=${g.value}`).toBe(size)
        if (size > 0) expect(size, `${b.key}=${g.value} shown`).toBeGreaterThanOrEqual(min)
      }
    }
    // group sizes: the round's total minus the shown groups is nobody, or a cohort
    if (shownGroups.some((g) => g.respondents! > 0)) {
      const remainder = report.respondents - shownGroups.reduce((s, g) => s + g.respondents!, 0)
      expect(safeRemainder(remainder, min), `${b.key}: ${remainder} respondents left hidden beside shown groups`).toBe(true)
    }
    for (const key of scored) {
      // the cohort counts the on-scale answers in each cell, as it does for the question
      const total = onScale(people, key).length
      let shownAnswers = 0
      for (const g of b.groups) {
        const score = g.scores[key]
        if (score === null || score === undefined) continue
        expect(g.hidden).not.toContain(key)
        const cell = inGroup(people, b.key, g.value)
        const size = onScale(cell, key).length
        expect(size, `${b.key}=${g.value} x ${key} shown`).toBeGreaterThanOrEqual(min)
        expect(score).toBe(trueScore(cell, key))
        shownAnswers += size
      }
      // cells: the question's shown total minus the shown cells is nothing, or a cohort
      if (shownQuestion.get(key)) {
        expect(safeRemainder(total - shownAnswers, min), `${b.key} x ${key}: ${total - shownAnswers} answers left hidden`).toBe(true)
      } else expect(shownAnswers).toBe(0)
    }
  }

  // the charts' data carries only shown figures
  const chart = JSON.parse(chartDataJson(report)) as { scores: { key: string }[]; trends: { key: string; scores: (number | null)[] }[] }
  for (const s of chart.scores) expect(shownQuestion.get(s.key)).toBe(true)
  for (const t of chart.trends) {
    const q = report.questions.find((x) => x.key === t.key)!
    expect(t.scores).toEqual(report.years.map((y) => q.trend.find((x) => x.year === y.year)!.score))
  }

  // the report's CSV: a suppressed question's row is empty
  const csv = Papa.parse<Record<string, string>>(reportCsv(report).replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data
  expect(csv.map((r) => r.key)).toEqual([...scored])
  for (const row of csv) {
    const answered = answeredIn(people, row.key!)
    const on = onScale(people, row.key!).length
    const figures = ['answers', 'positive', 'neutral', 'negative', 'dont_know', 'score_percent', 'ci_low_percent', 'ci_high_percent', 'rank', 'change_points']
    const q = report.questions.find((x) => x.key === row.key)!
    if (q.status === 'too-few-answers') {
      expect(on).toBeLessThan(min)
      expect(row.suppressed).toBe('yes')
      expect(row.note).toBe('too few answers to show')
      for (const f of figures) expect(row[f], `${row.key} ${f}`).toBe('')
    } else {
      expect(row.suppressed).toBe('no')
      expect(Number(row.answers)).toBe(on)
      expect(Number(row.answers) + Number(row.dont_know)).toBe(answered)
      if (on < min) expect(row.score_percent).toBe('')
    }
  }
}

/**
 * The answers CSV, against the true data: every combination of profile values it shows covers a
 * cohort; a profile column shows the true groups or nothing; and nothing the file hides can be
 * worked out as a total the report shows minus the file: for every question, overall and within
 * every group the file shows, the on-scale answers it holds back are none or a cohort.
 */
function expectAnswersExportRule(text: string, people: Person[], min: number, report: Report) {
  const rows = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data
  expect(rows).toHaveLength(people.length)
  expect(Object.keys(rows[0] ?? {})).not.toContain('comments')
  const small = smallGroupValue(min)
  const cohortOrNone = (n: number, what: string) => expect(n === 0 || n >= min, `${what}: ${n}`).toBe(true)
  const combos = new Map<string, number>()
  for (const row of rows) {
    const combo = JSON.stringify(profileKeys.map((key) => row[key] ?? ''))
    combos.set(combo, (combos.get(combo) ?? 0) + 1)
  }
  for (const [combo, count] of combos) cohortOrNone(count, `rows with the profile ${combo}`)
  const onScaleShown = (subset: Record<string, string>[], q: string) => subset.filter((r) => /^[1-5]$/.test(r[q] ?? '')).length
  // a total the report shows, less what the file shows, must not give fewer than a cohort
  const shownTotal = (q: string) => !report.questions.find((r) => r.key === q)!.suppressed
  const shownCell = (key: string, value: string, q: string) =>
    !report.breakdowns
      .find((b) => b.key === key)!
      .groups.find((g) => g.value === value)!
      .hidden.includes(q)
  for (const q of scored.filter(shownTotal)) cohortOrNone(onScale(people, q).length - onScaleShown(rows, q), `${q}: on-scale answers held back`)
  for (const key of profileKeys) {
    for (const value of new Set(rows.map((r) => r[key] ?? ''))) {
      if (value === small) continue
      const shown = rows.filter((r) => (r[key] ?? '') === value)
      // a group the file names is the whole group, a cohort
      expect(shown.length, `${key} = "${value}"`).toBe(inGroup(people, key, value).length)
      expect(shown.length).toBeGreaterThanOrEqual(min)
      // a cell the report hides is hidden in the file: no answer to it in that group's rows
      for (const q of scored.filter((q) => !shownCell(key, value, q))) expect(onScaleShown(shown, q), `${key} = "${value}", ${q}: hidden in the report`).toBe(0)
      for (const q of scored.filter((q) => shownCell(key, value, q))) {
        cohortOrNone(onScale(inGroup(people, key, value), q).length - onScaleShown(shown, q), `${key} = "${value}", ${q}: on-scale answers held back`)
      }
    }
  }
}

describe('the minimum cohort over random data, settings and breakdowns', () => {
  it('no view, chart or export shows a group, a cell or a remainder below the minimum cohort', async () => {
    const { db, dispose } = await freshDatabase()
    let run = 0
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 2, max: 8 }),
          mixArb,
          fc.array(rawPerson, { maxLength: 40 }),
          fc.array(rawPerson, { maxLength: 20 }),
          async (minCohort, mix, rawNow, rawBefore) => {
            const people = makePeople(rawNow, mix)
            const earlier = makePeople(rawBefore, mix)
            // a partnership (with its own minimum cohort) and a school of its own in each run
            const school = `cohort-school-${++run}`
            const id = await seedOrganisation(db, school, `cohort-city-${run}`)
            await setPartnershipSettings(db, `cohort-city-${run}`, { minCohort })
            if (earlier.length) await seedRound(db, propsCatalog, school, '2024/25', earlier, 'props')
            const round = await seedRound(db, propsCatalog, school, '2025/26', people, 'props')
            const report = await buildReport(db, propsCatalog, { institutionId: id, surveyId: 'props', year: '2025/26' })
            expectCohortRule(report, people, earlier, minCohort)
            // the answers can be downloaded once the round is closed, and not before
            await expect(answersCsv(db, propsSurvey, round.id, report)).rejects.toMatchObject({ status: 409 })
            await closeRound(db, round)
            const closed = await buildReport(db, propsCatalog, { institutionId: id, surveyId: 'props', year: '2025/26' })
            const answers = answersCsv(db, propsSurvey, round.id, closed)
            if (people.length < minCohort) await expect(answers).rejects.toMatchObject({ status: 409 })
            else expectAnswersExportRule(await answers, people, minCohort, closed)
          },
        ),
        { numRuns: 60 },
      )
    } finally {
      dispose()
    }
  })
})

// ---------------------------------------------------------------------------------------------
// Free text: shown on the report page to the institution's coordinator only, once the round is
// closed and only for a question that at least minFreeTextCohort respondents wrote an answer to
// (the round's respondents do not count); never in the JSON report or an export.
// ---------------------------------------------------------------------------------------------

describe('free text over random round sizes around the threshold', () => {
  it('is shown to coordinators from minFreeTextCohort writers of a closed round, and to nobody otherwise', async () => {
    const { db, dispose } = await freshDatabase()
    try {
      const id = await seedOrganisation(db, 'text-school', 'text-city')
      const password = staffPassword
      await addUser(db, {
        email: 'coordinator@text.test',
        name: 'Coordinator',
        role: 'coordinator',
        partnership: 'text-city',
        institution: 'text-school',
        password,
      })
      await addUser(db, { email: 'viewer@text.test', name: 'Viewer', role: 'viewer', partnership: 'text-city', institution: 'text-school', password })
      await addUser(db, { email: 'lead@text.test', name: 'Lead', role: 'lead', partnership: 'text-city', password })
      const app = createApp({ getDb: () => db, catalog: propsCatalog, now: () => new Date('2025-11-20T10:00:00Z') })
      const coordinator = await signIn(app, 'coordinator@text.test')
      const others = [await signIn(app, 'viewer@text.test'), await signIn(app, 'lead@text.test')]
      const get = async (path: string, cookie: string) => {
        const res = await app.request(path, { headers: { cookie } })
        expect(res.status, path).toBe(200)
        return res.text()
      }
      let run = 0
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 2, max: 16 }),
          fc.integer({ min: -3, max: 3 }),
          fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
          fc.boolean(),
          async (threshold, offset, writes, closed) => {
            // a round of its own (one academic year per run) with `threshold + offset` respondents
            const start = 2000 + run++
            const year = `${start}/${String((start + 1) % 100).padStart(2, '0')}`
            const count = Math.max(0, threshold + offset)
            await setPartnershipSettings(db, 'text-city', { minFreeTextCohort: threshold })
            // most write, some do not: writers and respondents differ
            const notes = Array.from({ length: count }, (_, i) => (writes[i] || i % 4 !== 3 ? `note${start}x${i} visit more colleges` : ''))
            const round = await seedRound(
              db,
              propsCatalog,
              'text-school',
              year,
              notes.map((n, i) => ({ q1: String((i % 5) + 1), ...(n ? { comments: n } : {}) })),
              'props',
            )
            if (closed) await closeRound(db, round)
            const written = notes.filter(Boolean)
            const query = `survey=props&year=${encodeURIComponent(year)}`

            const page = await get(`/dashboard/institutions/${id}/report?${query}`, coordinator)
            const why = `${written.length} writers of ${count} respondents, threshold ${threshold}, ${closed ? 'closed' : 'open'}`
            expect(page, why).toContain('id="free-text"')
            if (closed && written.length >= threshold) {
              for (const n of written) expect(page, why).toContain(`<li dir="auto">${n}</li>`)
            } else {
              expect(page, why).not.toContain(`note${start}x`)
              expect(page, why).toContain(closed ? 'Too few written answers to show' : 'written answers appear when it closes')
            }
            for (const cookie of others) {
              const other = await get(`/dashboard/institutions/${id}/report?${query}`, cookie)
              expect(other).not.toContain('id="free-text"')
              expect(other).not.toContain(`note${start}x`)
            }
            // never in the JSON report or a download, whoever asks
            const elsewhere = [
              await get(`/api/institutions/${id}/report?${query}`, coordinator),
              await get(`/dashboard/institutions/${id}/report.csv?${query}`, coordinator),
            ]
            // the answers one row per response: the lead's, once closed
            if (closed && count >= 5) elsewhere.push(await get(`/dashboard/institutions/${id}/answers.csv?${query}`, others[1]!))
            for (const text of elsewhere) expect(text).not.toContain(`note${start}x`)
          },
        ),
        { numRuns: 24 },
      )
    } finally {
      dispose()
    }
  })
})

// ---------------------------------------------------------------------------------------------
// The ranking, re-done here with exact rational arithmetic: each score is positive/n compared by
// BigInt cross-multiplication (positive × other n against other positive × n), ties exactly to
// the larger negative share (compared the same way), then survey order. Small counts make exact
// ties (1/2 = 3/6) common; the development questions and the RAG follow from the same ranking.
// ---------------------------------------------------------------------------------------------

/** One question's answers as counts of each point 1..5 and "Don't know" (answered by the first respondents). */
const questionCounts = fc.array(fc.nat({ max: 7 }), { minLength: 6, maxLength: 6 })
const roundCounts = fc.array(questionCounts, { minLength: 5, maxLength: 5 })

function peopleFrom(counts: number[][]): Person[] {
  const columns = counts.map((c) => c.flatMap((k, i) => Array<string>(k).fill(i === 5 ? 'dk' : String(i + 1))))
  const size = Math.max(0, ...columns.map((c) => c.length))
  return Array.from({ length: size }, (_, r) => Object.fromEntries(scored.flatMap((key, i) => (columns[i]![r] ? [[key, columns[i]![r]!]] : []))))
}

/** The ranking worked out from the counts alone, exactly. */
function exactRanking(counts: number[][], minCohort: number): string[] {
  const qs = counts.map((c, order) => {
    const n = BigInt(c.slice(0, 5).reduce((a, b) => a + b, 0))
    return { key: scored[order]!, order, n, positive: BigInt(c[3]! + c[4]!), negative: BigInt(c[0]! + c[1]!) }
  })
  const cmp = (x: bigint, y: bigint) => (x < y ? -1 : x > y ? 1 : 0)
  return qs
    .filter((q) => q.n >= BigInt(minCohort))
    .sort((a, b) => cmp(a.positive * b.n, b.positive * a.n) || cmp(b.negative * a.n, a.negative * b.n) || a.order - b.order)
    .map((q) => q.key)
}

describe('the ranking against exact rational arithmetic', () => {
  it('ranks random rounds as BigInt cross-multiplication does, and rates against last year’s exact top three', async () => {
    const { db, dispose } = await freshDatabase()
    let run = 0
    try {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 2, max: 8 }), roundCounts, roundCounts, async (minCohort, before, now) => {
          const school = `exact-school-${++run}`
          const id = await seedOrganisation(db, school, `exact-city-${run}`)
          await setPartnershipSettings(db, `exact-city-${run}`, { minCohort })
          const earlier = peopleFrom(before)
          await seedRound(db, catalog, school, '2024/25', earlier)
          const people = peopleFrom(now)
          await seedRound(db, catalog, school, '2025/26', people)
          const report = await buildReport(db, catalog, { institutionId: id, surveyId: 'mini', year: '2025/26' })

          const expected = exactRanking(now, minCohort)
          expect(report.ranking).toEqual(expected)
          expect(report.topThree).toEqual(expected.slice(0, 3))
          for (const q of report.questions) expect(q.rank).toBe(expected.includes(q.key) ? expected.indexOf(q.key) + 1 : null)

          // last year: its exact top three are the development questions, if it had enough responses
          const lastTop = earlier.length >= report.settings.minRoundSize ? exactRanking(before, minCohort).slice(0, 3) : []
          expect(report.development.keys).toEqual(lastTop)
          if (people.length < report.settings.minRoundSize) expect(report.rag!.rating).toBeNull()
          else if (earlier.length < report.settings.minRoundSize) expect(report.rag).toMatchObject({ rating: null, previousTooSmall: true })
          else if (lastTop.length === 0) expect(report.rag!.rating).toBeNull()
          else {
            const still = lastTop.filter((k) => expected.slice(0, 3).includes(k)).length
            expect(report.rag!.rating).toBe(['Green', 'Amber/Green', 'Amber/Red', 'Red'][still])
          }
        }),
        { numRuns: 40 },
      )
    } finally {
      dispose()
    }
  })

  it('with large counts, where four-place rounding would make ties of different scores', () => {
    // a share near 0.4124 in many spellings: a/b for b up to a million, some exactly equal
    const near = fc
      .record({ n: fc.integer({ min: 1000, max: 1_000_000 }), nudge: fc.integer({ min: -3, max: 3 }), neg: fc.nat({ max: 1000 }) })
      .map(({ n, nudge, neg }) => {
        const positive = Math.min(n, Math.max(0, Math.round(n * 0.4124) + nudge))
        return { n, positive, negative: Math.min(n - positive, Math.round(((n - positive) * neg) / 1000)) }
      })
    fc.assert(
      fc.property(fc.array(near, { minLength: 2, maxLength: 12 }), (list) => {
        const items = list.map((x, i) => ({ key: `k${i}`, order: i, priority: true, shown: true, ...x }))
        const cmp = (x: bigint, y: bigint) => (x < y ? -1 : x > y ? 1 : 0)
        const B = BigInt
        const expected = [...items]
          .sort((a, b) => cmp(B(a.positive) * B(b.n), B(b.positive) * B(a.n)) || cmp(B(b.negative) * B(a.n), B(a.negative) * B(b.n)) || a.order - b.order)
          .map((x) => x.key)
        expect(rankPriorities(items).map((x) => x.key)).toEqual(expected)
      }),
      { numRuns: 500 },
    )
  })
})
