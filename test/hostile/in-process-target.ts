import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createApp } from '../../src/app.ts'
import { createPasswordReset } from '../../src/auth/accounts.ts'
import { createInvitation } from '../../src/auth/invitations.ts'
import { sessionRefLength } from '../../src/auth/sessions.ts'
import { addProvider } from '../../src/auth/sso.ts'
import { addUser } from '../../src/auth/users.ts'
import { responseStatements } from '../../src/collect/store.ts'
import { sha256Hex } from '../../src/crypto.ts'
import type { Db } from '../../src/db/database.ts'
import { addInstitution, addPartnership } from '../../src/org/organisations.ts'
import { closeRound, issueTokens, openRound } from '../../src/rounds/rounds.ts'
import { catchUpStatements } from '../../src/rounds/shown-figures.ts'
import { answerRows } from '../../src/surveys/answers.ts'
import { buildCatalog, type SurveyCatalog } from '../../src/surveys/load.ts'
import { freshDatabase } from '../support/app.ts'
import { staffPassword } from '../support/staff.ts'
import { roles, type Role } from './corpus-schema.ts'
import { validAnswers, type HostileTarget } from './run-corpus.ts'

/**
 * The surveys of test/hostile/surveys: a student survey with every kind of question and markup
 * in its texts, and a parent survey with questions the student survey lacks. Kept apart from
 * the shipped surveys so that the corpus covers every kind of question whatever they ask.
 */
export function hostileCatalog(): SurveyCatalog {
  const folder = join(import.meta.dirname, 'surveys')
  return buildCatalog(
    readdirSync(folder)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => ({ file: `surveys/${f}`, text: readFileSync(join(folder, f), 'utf8') })),
  )
}

export const hostileNow = new Date('2025-11-20T10:00:00Z')

/** An account of Oak School with a second factor, whose session waits for its code (`{{codeDueToken}}`). */
export const codeDueEmail = 'two-factor@oak.test'

export const staffEmails: Record<Role, string> = {
  coordinator: 'coordinator@oak.test',
  viewer: 'viewer@oak.test',
  lead: 'lead@city.test',
  otherCoordinator: 'coordinator@ash.test',
  otherLead: 'lead@elsewhere.test',
}

/**
 * Tables a refused request may change, and why (every other table, sessions included, must
 * be exactly as it was):
 * - rate_limits: a failed sign-in is counted against the account and the address on purpose
 *   (that is what stops password guessing), and the corpus's sign-in cases are such failures.
 *   The same table counts a round's stored submissions, but only in a stored response's own
 *   batch, so a refused submission leaves it alone anyway.
 * - audit_log: a failed sign-in to an existing account is recorded there, on purpose, in the
 *   same batch as its counters (src/auth/routes.tsx); no other refused request writes to it.
 */
export const bookkeepingTables = ['rate_limits', 'audit_log']

/** Every row of every table but the bookkeeping ones, sorted, by table. */
export async function snapshotDatabase(db: Db): Promise<Record<string, unknown[]>> {
  const tables = await db.$client.execute(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
  const names = tables.rows.map(({ name }) => String(name)).filter((table) => !bookkeepingTables.includes(table))
  // one read batch: against a remote server this is one round trip, not one per table
  const results = await db.$client.batch(
    names.map((table) => `SELECT * FROM "${table.replace(/"/g, '""')}"`),
    'read',
  )
  return Object.fromEntries(
    names.map((table, t) => {
      const rs = results[t]!
      return [
        table,
        rs.rows
          .map((r) => JSON.stringify(Object.fromEntries(rs.columns.map((col, i) => [col, r[i] instanceof ArrayBuffer ? [...new Uint8Array(r[i])] : r[i]]))))
          .sort(),
      ]
    }),
  )
}

/** Stores `count` complete responses to a round, as the survey form would. */
async function seedResponses(db: Db, catalog: SurveyCatalog, round: { id: number; surveyId: string }, count: number) {
  const survey = catalog.get(round.surveyId)!
  const answers = validAnswers(survey)
  const statements = Array.from({ length: count }, (_, i) =>
    responseStatements(survey, round.id, { submissionId: `seed-${round.id}-${i}`, language: 'en', day: '2025-11-01', rows: answerRows(survey, answers) }),
  ).flat()
  await db.$client.batch([...statements, ...catchUpStatements(round.id, 1)], 'write')
}

/**
 * Seeds a migrated, empty database for the corpus and makes a target of it: a partnership with
 * two institutions, another partnership, open student and parent rounds of 2025/26 with twelve
 * student responses, a closed round, a round that needs tokens, five staff accounts (signed in
 * through `fetch`), an expired session and an unused invitation.
 *
 * `fetch` is whatever serves the app on this database: the app in this process, a server
 * process on the same file, or the Worker in front of the same sqld. `now` is that app's clock
 * (the invitation must still be valid by it). The catalog must be the one the app serves.
 */
export async function prepareTarget(
  db: Db,
  catalog: SurveyCatalog,
  fetch: (req: Request) => Promise<Response>,
  options: { origin: string; now: Date },
): Promise<HostileTarget> {
  const { origin, now } = options
  await addPartnership(db, { slug: 'test-city', name: 'Test City Partnership' })
  await addPartnership(db, { slug: 'elsewhere', name: 'Elsewhere Partnership' })
  const oak = await addInstitution(db, { slug: 'oak-school', name: 'Oak School', partnership: 'test-city' })
  const ash = await addInstitution(db, { slug: 'ash-school', name: 'Ash School', partnership: 'test-city' })
  const birch = await addInstitution(db, { slug: 'birch-college', name: 'Birch College', partnership: 'elsewhere' })
  const student = [...catalog.values()].find((s) => s.audience === 'student')!
  const parent = [...catalog.values()].find((s) => s.audience === 'parent')!
  const year = '2025/26'
  const round = await openRound(db, catalog, { institution: 'oak-school', survey: student.id, year, tokensRequired: false })
  const parentRound = await openRound(db, catalog, { institution: 'oak-school', survey: parent.id, year })
  const closed = await closeRound(db, await openRound(db, catalog, { institution: 'oak-school', survey: student.id, year: '2024/25', tokensRequired: false }))
  const tokenRound = await openRound(db, catalog, { institution: 'ash-school', survey: student.id, year, tokensRequired: true })
  const [token] = await issueTokens(db, tokenRound, 1)
  await openRound(db, catalog, { institution: 'birch-college', survey: student.id, year, tokensRequired: false })
  await seedResponses(db, catalog, round, 12)

  const password = staffPassword
  await addUser(db, {
    email: staffEmails.coordinator,
    name: 'Coordinator Oak',
    role: 'coordinator',
    partnership: 'test-city',
    institution: 'oak-school',
    password,
  })
  await addUser(db, { email: staffEmails.viewer, name: 'Viewer Oak', role: 'viewer', partnership: 'test-city', institution: 'oak-school', password })
  await addUser(db, { email: staffEmails.lead, name: 'Lead City', role: 'lead', partnership: 'test-city', password })
  await addUser(db, {
    email: staffEmails.otherCoordinator,
    name: 'Coordinator Ash',
    role: 'coordinator',
    partnership: 'test-city',
    institution: 'ash-school',
    password,
  })
  await addUser(db, { email: staffEmails.otherLead, name: 'Lead Elsewhere', role: 'lead', partnership: 'elsewhere', password })

  // every role signs in now: a sign-in sweeps expired sessions, and the one below must stay
  const cookies = new Map<Role, string>()
  for (const role of roles) {
    const res = await fetch(
      new Request(`${origin}/sign-in`, {
        method: 'POST',
        body: new URLSearchParams({ email: staffEmails[role], password }),
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
        redirect: 'manual',
      }),
    )
    const cookie = res.headers.get('set-cookie')
    if (res.status !== 303 || !cookie) throw new Error(`signing in as ${role} answered ${res.status}`)
    cookies.set(role, cookie.split(';')[0]!)
  }

  // for the account forms' cases: accounts by id, a live reset link, the start of the lead's session hash (as Your
  // account names a session), and a session whose password was right and whose second factor's code is due (made
  // before the expired session below, which its sign-in would sweep out)
  const idOf = async (email: string) => String((await db.$client.execute({ sql: 'SELECT id FROM users WHERE email = ?', args: [email] })).rows[0]!.id)
  const viewer = (await db.query.users.findFirst({ where: (u, { eq }) => eq(u.email, staffEmails.viewer) }))!
  const resetToken = await createPasswordReset(db, viewer, viewer.partnershipId, 'command line', now)
  const leadToken = cookies.get('lead')!.split('=')[1]!
  await addUser(db, { email: codeDueEmail, name: 'Coordinator Two Oak', role: 'coordinator', partnership: 'test-city', institution: 'oak-school', password })
  await db.$client.execute({
    sql: `INSERT INTO second_factors (user_id, secret_sealed, confirmed_at) SELECT id, 'not a sealed secret', ? FROM users WHERE email = ?`,
    args: [now.toISOString(), codeDueEmail],
  })
  const halfway = await fetch(
    new Request(`${origin}/sign-in`, {
      method: 'POST',
      body: new URLSearchParams({ email: codeDueEmail, password }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      redirect: 'manual',
    }),
  )
  await halfway.body?.cancel()
  if (halfway.status !== 200) throw new Error(`signing in with a second factor answered ${halfway.status}`)
  const codeDueToken = halfway.headers.get('set-cookie')!.split(';')[0]!.split('=')[1]!

  // a session that ended yesterday, and a one-time invitation nobody has used
  const expiredSession = 'expired-session-token-000000000000000000000'
  const coordinatorId = Number((await db.$client.execute({ sql: 'SELECT id FROM users WHERE email = ?', args: [staffEmails.coordinator] })).rows[0]!.id)
  await db.$client.execute({
    sql: 'INSERT INTO sessions (id_hash, user_id, expires_at) VALUES (?, ?, ?)',
    args: [await sha256Hex(expiredSession), coordinatorId, new Date(now.getTime() - 86_400_000).toISOString()],
  })
  const invitation = await createInvitation(db, { role: 'coordinator', partnershipId: oak.partnershipId, institutionId: oak.id }, now)
  // single sign-on providers, one of each partnership; nothing listens at their issuer (port 9 of this machine), and no
  // case needs one that answers: every case is refused before the provider would be asked
  const providerOf = (partnershipId: number, name: string) =>
    addProvider(db, partnershipId, {
      name,
      kind: 'microsoft',
      issuer: 'http://127.0.0.1:9',
      clientId: `client-${partnershipId}`,
      clientSecret: 'not a real secret',
      allowed: 'tenant',
    })
  const provider = await providerOf(oak.partnershipId, 'Test City Microsoft 365')
  const foreignProvider = await providerOf(birch.partnershipId, 'Elsewhere Microsoft 365')

  return {
    origin,
    vars: {
      code: round.code,
      parentCode: parentRound.code,
      closedCode: closed.code,
      tokenRoundCode: tokenRound.code,
      token: token!,
      institutionId: String(oak.id),
      otherInstitutionId: String(ash.id),
      foreignInstitutionId: String(birch.id),
      roundId: String(round.id),
      year,
      // the year of the closed round: the year before `year`, at the same institution
      closedYear: '2024/25',
      expiredSession,
      invitation,
      viewerId: await idOf(staffEmails.viewer),
      coordinatorId: await idOf(staffEmails.coordinator),
      leadId: await idOf(staffEmails.lead),
      otherCoordinatorId: await idOf(staffEmails.otherCoordinator),
      foreignUserId: await idOf(staffEmails.otherLead),
      resetToken,
      leadSessionRef: (await sha256Hex(leadToken)).slice(0, sessionRefLength),
      codeDueToken,
      providerId: String(provider.id),
      providerName: provider.name,
      foreignProviderId: String(foreignProvider.id),
    },
    fetch,
    snapshot: () => snapshotDatabase(db),
    signIn: async (role) => cookies.get(role)!,
  }
}

/** The app in this process on a fresh embedded database, prepared for the corpus. No mocks: the real app, the real database. */
export async function inProcessTarget(catalog: SurveyCatalog = hostileCatalog()) {
  const fresh = await freshDatabase()
  const app = createApp({ getDb: () => fresh.db, catalog, now: () => hostileNow })
  let address = 0
  // each request comes from its own address, as the requests of many people would: the
  // per-address sign-in limit then never turns a case's 401 into a 429
  const fetch = async (req: Request) => app.fetch(req, { incoming: { socket: { remoteAddress: `198.51.100.${(address++ % 250) + 1}` } } } as never)
  const target = await prepareTarget(fresh.db, catalog, fetch, { origin: 'http://localhost', now: hostileNow })
  return { target, db: fresh.db, app, dispose: fresh.dispose }
}
