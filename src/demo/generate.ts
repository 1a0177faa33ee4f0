import type { InStatement } from '@libsql/client/web'
import type { Db } from '../db/database.ts'
import { addUser } from '../auth/users.ts'
import { addInstitution, addPartnership, findPartnership } from '../org/organisations.ts'
import { academicYearOf, previousYear } from '../rounds/academic-year.ts'
import { closeRound, openRound, type Round } from '../rounds/rounds.ts'
import { responseStatements } from '../collect/store.ts'
import type { AnswerRow } from '../surveys/answers.ts'
import type { SurveyCatalog } from '../surveys/load.ts'
import { questionsOf, type Survey } from '../surveys/schema.ts'

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
 * years (earlier ones closed, this year's open), and generated responses. Running it again
 * leaves the data as it is and lists the open rounds.
 */
export async function createDemo(db: Db, catalog: SurveyCatalog, now = new Date()): Promise<DemoResult> {
  const existing = await findPartnership(db, demoPartnership.slug)
  if (existing) return { created: false, openRounds: await listOpenRounds(db, existing.id), accounts: [] }
  const partnership = await addPartnership(db, demoPartnership)
  const thisYear = academicYearOf(now)
  const years = [previousYear(previousYear(thisYear)), previousYear(thisYear), thisYear]
  const random = seededRandom(20261124)
  for (const [instIndex, inst] of demoInstitutions.entries()) {
    await addInstitution(db, { slug: inst.slug, name: inst.name, partnership: partnership.slug })
    // each question has a level at this institution, which drifts from year to year
    const level = new Map<string, number>()
    for (const [yearIndex, year] of years.entries()) {
      for (const survey of catalog.values()) {
        const round = await openRound(db, catalog, { institution: inst.slug, survey: survey.id, year })
        for (const q of questionsOf(survey)) {
          const before = level.get(q.key) ?? (random() - 0.45) * 2.2 + (instIndex % 2 ? 0.3 : -0.1)
          level.set(q.key, yearIndex === 0 ? before : before + (random() - 0.4) * 0.9)
        }
        const count = survey.audience === 'student' ? 60 + Math.floor(random() * 90) : 18 + Math.floor(random() * 30)
        const day = `${year.slice(0, 4)}-11-${String(10 + Math.floor(random() * 15)).padStart(2, '0')}`
        const statements = generatedResponses(survey, round, yearIndex === years.length - 1 ? Math.floor(count / 2) : count, {
          random,
          quality: (key) => level.get(key) ?? 0,
          yearGroups: inst.years,
          day,
          prefix: `demo-${round.id}`,
        })
        await db.$client.batch(statements, 'write')
        if (year !== thisYear) await closeRound(db, round)
      }
    }
  }
  for (const a of demoAccounts) {
    await addUser(db, { email: a.email, name: `Demo ${a.role}`, role: a.role as 'lead', partnership: partnership.slug, institution: a.institution, password: a.password })
  }
  return { created: true, openRounds: await listOpenRounds(db, partnership.id), accounts: demoAccounts }
}
