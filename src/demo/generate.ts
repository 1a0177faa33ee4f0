import type { InStatement } from '@libsql/client/web'
import type { Db } from '../db/database.ts'
import { addUser } from '../auth/users.ts'
import { addInstitution, addPartnership, findPartnership } from '../org/organisations.ts'
import { academicYearOf, previousYear } from '../rounds/academic-year.ts'
import { closeRound, openRound, type Round } from '../rounds/rounds.ts'
import { arrivalWindowOf } from '../rounds/arrivals.ts'
import { catchUpStatements } from '../rounds/shown-figures.ts'
import { responseStatements } from '../collect/store.ts'
import type { AnswerRow } from '../surveys/answers.ts'
import type { SurveyCatalog } from '../surveys/load.ts'
import { questionsOf, scoredQuestions, type Survey } from '../surveys/schema.ts'
import { buildReport } from '../analysis/report.ts'
import { entryInputSchema, type EntryInput } from '../framework/entered-figures.ts'
import { entryStatement, saveActions, saveCriteria } from '../framework/queries.ts'
import { publishYouSaid } from '../framework/you-said.ts'

export const demoPartnership = { slug: 'demo-partnership', name: 'Riverside 14-19 Partnership (demo)' }

export const demoInstitutions = [
  { slug: 'northfield-academy', name: 'Northfield Academy', years: ['y8', 'y9', 'y10', 'y11'] },
  { slug: 'st-annes-school', name: "St Anne's School", years: ['y8', 'y9', 'y10', 'y11', 'y12', 'y13'] },
  { slug: 'riverside-college', name: 'Riverside College', years: ['y12', 'y13'] },
  { slug: 'hillcrest-school', name: 'Hillcrest School', years: ['y8', 'y9', 'y10', 'y11'] },
  { slug: 'brookside-academy', name: 'Brookside Academy', years: ['y8', 'y9', 'y10', 'y11', 'y12', 'y13'] },
] as const

/** A small seeded generator, so the demo is the same on every machine. */
export function seededRandom(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** An answer on the 1-5 scale around a latent quality q (about -2 .. 2), with noise. */
function agreementAnswer(q: number, random: () => number): string {
  if (random() < 0.05) return 'dk'
  const x = q + (random() + random() + random() - 1.5) * 1.6
  if (x < -1.6) return '1'
  if (x < -0.6) return '2'
  if (x < 0.3) return '3'
  if (x < 1.3) return '4'
  return '5'
}

const freeText = [
  'More time to talk to someone about careers.',
  'Visits to colleges and workplaces.',
  'Information about apprenticeships earlier.',
  'Help writing my CV.',
  'More about jobs near here.',
]

/**
 * Statements that store `count` generated responses to a round. Each question's latent
 * quality comes from `quality(key)`, so results differ by institution and year.
 */
export function generatedResponses(
  survey: Survey,
  round: Pick<Round, 'id'>,
  count: number,
  options: { random: () => number; quality: (key: string) => number; yearGroups: readonly string[]; day: string; prefix: string },
): InStatement[] {
  const statements: InStatement[] = []
  const questions = questionsOf(survey)
  for (let i = 0; i < count; i++) {
    const submissionId = `${options.prefix}-${i}`
    const rows: AnswerRow[] = []
    for (const q of questions) {
      const r = options.random
      if (q.kind === 'agreement') {
        if (r() < 0.03) continue
        const v = agreementAnswer(options.quality(q.key), r)
        rows.push({ key: q.key, value: v, scale: v === 'dk' ? null : Number(v) })
      } else if (q.kind === 'single') {
        const values = q.key === 'year_group' ? options.yearGroups : q.options.map((o) => o.value)
        if (!q.required && r() < 0.2) continue
        rows.push({ key: q.key, value: values[Math.floor(r() * values.length)]!, scale: null })
      } else if (q.kind === 'yesno') {
        if (r() < 0.2) continue
        rows.push({ key: q.key, value: r() < 0.5 ? 'yes' : 'no', scale: null })
      } else if (q.kind === 'multiple') {
        const chosen = q.options.filter(() => r() < 0.3)
        for (const o of chosen) rows.push({ key: q.key, value: o.value, scale: null })
      } else if (r() < 0.15) {
        rows.push({ key: q.key, value: freeText[Math.floor(r() * freeText.length)]!, scale: null })
      }
    }
    statements.push(...responseStatements(survey, round.id, { submissionId, language: survey.language, day: options.day, rows }))
  }
  return statements
}

// ---------- the IAG Improvement Framework ----------

/**
 * The four entered elements of each demo institution, for the three years from the earliest:
 * Destination Measure (KS4 for schools with a Year 11, post-16 for those with a sixth form),
 * Year 11 EET (not for the college, which has no Year 11), quality award and staffing. Made so
 * that the ratings differ: St Anne's stays strong, Northfield and Hillcrest improve, Riverside
 * and Brookside fall.
 */
type DemoFigures = Record<keyof EntryInput, readonly (number | string | null)[]>
export const demoFrameworkFigures: Record<(typeof demoInstitutions)[number]['slug'], DemoFigures> = {
  'northfield-academy': {
    destinationKs4: [91.2, 92.6, 94.8],
    destinationPost16: [null, null, null],
    y11Eet: [92.4, 93.9, 95.6],
    qualityAward: ['audit-and-plan', 'working-towards', 'working-towards'],
    staffing: ['some-cpd', 'enrolled-level-4', 'level-4'],
  },
  'st-annes-school': {
    destinationKs4: [96.2, 95.8, 96.5],
    destinationPost16: [93.4, 92.6, 94.1],
    y11Eet: [96.5, 96.1, 96.8],
    qualityAward: ['gained', 'gained', 'gained'],
    staffing: ['level-4', 'level-4', 'level-4'],
  },
  'riverside-college': {
    destinationKs4: [null, null, null],
    destinationPost16: [89.5, 87.9, 85.2],
    y11Eet: [null, null, null],
    qualityAward: ['working-towards', 'working-towards', 'audit-and-plan'],
    staffing: ['enrolled-level-4', 'some-cpd', 'some-cpd'],
  },
  'hillcrest-school': {
    destinationKs4: [87.1, 88.3, 89.6],
    destinationPost16: [null, null, null],
    y11Eet: [88.6, 88.9, 90.7],
    qualityAward: ['none', 'audit-and-plan', 'audit-and-plan'],
    staffing: ['no-cpd', 'no-cpd', 'some-cpd'],
  },
  'brookside-academy': {
    destinationKs4: [94.1, 92.4, 90.8],
    destinationPost16: [91.2, 89.8, 88.0],
    y11Eet: [94.3, 93.2, 93.4],
    qualityAward: ['gained', 'gained', 'working-towards'],
    staffing: ['level-4', 'level-4', 'enrolled-level-4'],
  },
}

/** The partnership's Destination Measure thresholds for the latest year (minimum shares for Green, Amber/Green, Amber/Red). */
export const demoDestinationCriteria = {
  ks4: { green: 95, amberGreen: 92, amberRed: 89 },
  post16: { green: 93, amberGreen: 90, amberRed: 87 },
}

/** What each area of the shipped student survey had done about it, in a school's own words. */
const weDidByArea: Record<string, string> = {
  p1_planning_my_future: 'Every student in Years 9 and 11 now has a one-to-one planning meeting with our careers adviser and takes home a written plan.',
  p2_help_that_fits_me: 'Careers appointments can now be booked at lunchtime and after school, and our adviser holds drop-in sessions for students with SEND.',
  p3_information_and_advice: 'A careers board by the library and a page on our website now list local colleges, apprenticeships and open days every month.',
  p4_aiming_high: 'Sixteen employers and two universities came in this year, and every Year 10 student went on a workplace visit.',
  p5_fair_chances: 'Our careers lessons now show people of every background in every kind of job, and we check that every group takes up appointments.',
  p6_next_steps: 'Year 11 practised applications and interviews with local employers, and each student visited at least one college or training provider.',
}
const weDidOtherwise = 'We talked this through with students in tutor time and changed this year’s careers programme because of what you told us.'

/**
 * The framework for the demo: each institution's four entered elements for every year (one
 * atomic batch), the latest year's criteria with Destination Measure thresholds, an action
 * plan, and "you said, we did" for the first institution's previous-year student round (its
 * top three priority areas), so that this year's open round shows it before students answer.
 */
async function demoFramework(
  db: Db,
  catalog: SurveyCatalog,
  partnershipId: number,
  institutions: { id: number; slug: string }[],
  years: string[],
  rounds: Map<string, Round>,
  now: Date,
) {
  const statements = institutions.flatMap((inst) => {
    const figures = demoFrameworkFigures[inst.slug as keyof typeof demoFrameworkFigures]
    return years.map((year, i) => {
      const entry = entryInputSchema.parse(Object.fromEntries(Object.entries(figures).map(([field, values]) => [field, values[i] ?? null])))
      return entryStatement(inst.id, year, entry, now)
    })
  })
  await db.$client.batch(statements, 'write')
  const latest = years.at(-1)!
  await saveCriteria(db, partnershipId, latest, { destination: demoDestinationCriteria }, now)
  const first = institutions[0]!
  await saveActions(
    db,
    first.id,
    latest,
    {
      destination: 'Track every Year 11 leaver until Christmas and contact those not in education, employment or training.',
      quality: 'Finish the quality award portfolio and book the assessment for the summer term.',
      overall: 'Review the careers programme with the governors each term.',
    },
    now,
  )
  const student = [...catalog.values()].find((s) => s.audience === 'student')
  const round = student ? rounds.get(`${first.id}\u0000${student.id}\u0000${years.at(-2)}`) : undefined
  if (!student || !round) return
  const report = await buildReport(db, catalog, { institutionId: first.id, surveyId: student.id, year: round.year })
  const areaOf = new Map(scoredQuestions(student).map((q) => [q.key, q.area]))
  // one area's story once: a second priority in the same area gets the general answer
  const told = new Set<string>()
  const items = report.topThree.map((questionKey) => {
    const area = areaOf.get(questionKey) ?? ''
    const weDid = told.has(area) ? undefined : weDidByArea[area]
    told.add(area)
    return { questionKey, weDid: weDid ?? weDidOtherwise }
  })
  if (items.length) await publishYouSaid(db, student, round.id, items, now)
}

export type DemoAccount = { role: string; email: string; password: string; institution?: string }
export type DemoResult = { created: boolean; openRounds: { institution: string; survey: string; year: string; code: string }[]; accounts: DemoAccount[] }

/** One account per role. The passwords are public: demo data only. */
export const demoAccounts: DemoAccount[] = [
  { role: 'lead', email: 'lead@demo.signpost.test', password: 'demo-lead-password' },
  { role: 'coordinator', email: 'coordinator@demo.signpost.test', password: 'demo-coordinator-password', institution: demoInstitutions[0].slug },
  { role: 'viewer', email: 'viewer@demo.signpost.test', password: 'demo-viewer-password', institution: demoInstitutions[0].slug },
]

async function listOpenRounds(db: Db, partnershipId: number): Promise<DemoResult['openRounds']> {
  const rs = await db.$client.execute({
    sql: `SELECT i.name AS institution, r.survey_id AS survey, r.year, r.code FROM rounds r
          JOIN institutions i ON i.id = r.institution_id
          WHERE i.partnership_id = ? AND r.status = 'open' ORDER BY i.name, r.survey_id`,
    args: [partnershipId],
  })
  return rs.rows.map((row) => ({ institution: String(row.institution), survey: String(row.survey), year: String(row.year), code: String(row.code) }))
}

/**
 * A demo partnership: five institutions, rounds of both surveys for the last three academic
 * years (earlier ones closed, this year's open), generated responses, and the IAG Improvement
 * Framework filled in (see `demoFramework`). Running it again
 * leaves the data as it is and lists the open rounds.
 */
export async function createDemo(db: Db, catalog: SurveyCatalog, now = new Date()): Promise<DemoResult> {
  const existing = await findPartnership(db, demoPartnership.slug)
  if (existing) return { created: false, openRounds: await listOpenRounds(db, existing.id), accounts: [] }
  const partnership = await addPartnership(db, demoPartnership)
  const thisYear = academicYearOf(now)
  const years = [previousYear(previousYear(thisYear)), previousYear(thisYear), thisYear]
  const random = seededRandom(20261124)
  const institutions: { id: number; slug: string }[] = []
  const rounds = new Map<string, Round>()
  for (const [instIndex, inst] of demoInstitutions.entries()) {
    institutions.push(await addInstitution(db, { slug: inst.slug, name: inst.name, partnership: partnership.slug }))
    // each question has a level at this institution, which drifts from year to year
    const level = new Map<string, number>()
    for (const [yearIndex, year] of years.entries()) {
      for (const survey of catalog.values()) {
        const round = await openRound(db, catalog, { institution: inst.slug, survey: survey.id, year, tokensRequired: false })
        rounds.set(`${round.institutionId}\u0000${survey.id}\u0000${year}`, round)
        for (const q of questionsOf(survey)) {
          // most answers agree, as in real careers surveys: the weakest questions about a third positive, the strongest nearly all
          const before = level.get(q.key) ?? (random() - 0.45) * 2.2 + (instIndex % 2 ? 1.2 : 0.8)
          level.set(q.key, yearIndex === 0 ? before : before + (random() - 0.4) * 0.9)
        }
        const count = survey.audience === 'student' ? 60 + Math.floor(random() * 90) : 18 + Math.floor(random() * 30)
        const day = `${year.slice(0, 4)}-11-${String(10 + Math.floor(random() * 15)).padStart(2, '0')}`
        const generated = yearIndex === years.length - 1 ? Math.floor(count / 2) : count
        const statements = generatedResponses(survey, round, generated, {
          random,
          quality: (key) => level.get(key) ?? 0,
          yearGroups: inst.years,
          day,
          prefix: `demo-${round.id}`,
        })
        // the open round's figures show what was generated, as after a step of the minimum cohort;
        // its arrivals as a school's: tutor groups answering in their own lessons, the busiest one
        // about a third of them (no time is kept per response, only the round's windows)
        const busiest = Math.min(generated, Math.round(generated / 3) + (round.id % 5))
        const lastWindow = arrivalWindowOf(new Date(`${day}T10:40:00Z`))
        await db.$client.batch(
          [
            ...statements,
            ...catchUpStatements(round.id, 1),
            {
              sql: 'UPDATE rounds SET arrival_window_start = ?, arrival_window_count = ?, busiest_window_count = ? WHERE id = ?',
              args: [lastWindow, Math.min(busiest, 12), busiest, round.id],
            },
          ],
          'write',
        )
        if (year !== thisYear) await closeRound(db, round)
      }
    }
  }
  await demoFramework(db, catalog, partnership.id, institutions, years, rounds, now)
  for (const a of demoAccounts) {
    await addUser(db, {
      email: a.email,
      name: `Demo ${a.role}`,
      role: a.role as 'lead',
      partnership: partnership.slug,
      institution: a.institution,
      password: a.password,
    })
  }
  return { created: true, openRounds: await listOpenRounds(db, partnership.id), accounts: demoAccounts }
}
