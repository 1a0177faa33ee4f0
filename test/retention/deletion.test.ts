import { existsSync, readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { addUser } from '../../src/auth/users.ts'
import { filePathOf } from '../../src/db/connect-node.ts'
import { addInstitution, addPartnership } from '../../src/org/organisations.ts'
import { closeRound, type Round } from '../../src/rounds/rounds.ts'
import { catalog, freshDatabase, rows, studentAnswers } from '../support/app.ts'
import { seedRound } from '../support/fixtures.ts'
import { origin, staffPassword } from '../support/staff.ts'

/** Deletion on request (issue 19, point 2): a round and an institution by the lead, a written answer by the coordinator. */

let fresh: Awaited<ReturnType<typeof freshDatabase>>
let app: ReturnType<typeof createApp>
let elm: number
let round: Round
const textKey = catalog
  .get('student-iag')!
  .sections.flatMap((s) => s.questions)
  .find((q) => q.kind === 'text')!.key
const named = 'Mrs Pendleworth shouted at me in careers'

beforeEach(async () => {
  fresh = await freshDatabase()
  await addPartnership(fresh.db, { slug: 'del-city', name: 'Del City' })
  elm = (await addInstitution(fresh.db, { slug: 'elm-school', name: 'Elm School', partnership: 'del-city' })).id
  await addInstitution(fresh.db, { slug: 'ash-school', name: 'Ash School', partnership: 'del-city' })
  const flat = (i: number) => ({
    ...Object.fromEntries(Object.entries(studentAnswers()).filter((e): e is [string, string] => typeof e[1] === 'string')),
    [textKey]: i === 0 ? named : `More trips to colleges, please (${i})`,
  })
  round = await seedRound(
    fresh.db,
    catalog,
    'elm-school',
    '2025/26',
    Array.from({ length: 12 }, (_, i) => flat(i)),
    'student-iag',
  )
  await closeRound(fresh.db, round)
  await seedRound(
    fresh.db,
    catalog,
    'ash-school',
    '2025/26',
    Array.from({ length: 6 }, (_, i) => flat(i + 1)),
    'student-iag',
  )
  await addUser(fresh.db, { email: 'lead@del.test', name: 'Del Lead', role: 'lead', partnership: 'del-city', password: staffPassword })
  await addUser(fresh.db, {
    email: 'c@elm.test',
    name: 'Elm Coordinator',
    role: 'coordinator',
    partnership: 'del-city',
    institution: 'elm-school',
    password: staffPassword,
  })
  app = createApp({ getDb: () => fresh.db, catalog, now: () => new Date('2026-03-02T09:15:00Z') })
})
afterEach(() => fresh.dispose())

async function cookie(email: string) {
  const res = await app.request('/sign-in', {
    method: 'POST',
    body: new URLSearchParams({ email, password: staffPassword }),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
  })
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ')
}
const post = async (path: string, who: string, fields: Record<string, string>) =>
  app.request(path, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin, cookie: await cookie(who) },
  })
const get = async (path: string, who: string) => app.request(path, { headers: { cookie: await cookie(who) } })
const count = async (sql: string, args: (string | number)[] = []) => Number((await rows(fresh.db, sql, args))[0]!.n)

describe('deleting a round', () => {
  it('names what goes and offers the downloads first; refuses without the confirmation; then deletes everything of it, recorded', async () => {
    const page = await (await get(`/dashboard/institutions/${elm}/delete-round/${round.id}`, 'lead@del.test')).text()
    expect(page).toContain('12 responses')
    expect(page).toContain(`/dashboard/institutions/${elm}/answers.csv?survey=student-iag&amp;year=2025%2F26`)
    expect((await post(`/dashboard/institutions/${elm}/delete-round/${round.id}`, 'lead@del.test', {})).status).toBe(400)
    expect(await count('SELECT count(*) AS n FROM responses WHERE round_id = ?', [round.id])).toBe(12)
    expect((await post(`/dashboard/institutions/${elm}/delete-round/${round.id}`, 'c@elm.test', { confirm: 'yes' })).status).toBe(403)
    expect((await post(`/dashboard/institutions/${elm}/delete-round/${round.id}`, 'lead@del.test', { confirm: 'yes' })).status).toBe(303)
    for (const table of ['responses', 'answers', 'answer_tallies', 'profile_tallies', 'access_tokens', 'action_plans', 'you_said_we_did']) {
      expect(await count(`SELECT count(*) AS n FROM ${table} WHERE round_id = ?`, [round.id]), table).toBe(0)
    }
    expect(await count('SELECT count(*) AS n FROM rounds WHERE id = ?', [round.id])).toBe(0)
    // Ash's round is untouched
    expect(await count('SELECT count(*) AS n FROM responses r JOIN rounds o ON o.id = r.round_id WHERE o.institution_id <> ?', [elm])).toBe(6)
    expect(await rows(fresh.db, "SELECT actor, action, subject, at FROM audit_log WHERE action = 'deletion.round'")).toEqual([
      { actor: 'Del Lead <lead@del.test>', action: 'deletion.round', subject: 'Elm School, student-iag 2025/26', at: '2026-03-02T09:15Z' },
    ])
  })
})

describe('deleting an institution', () => {
  it('removes its rounds, framework entries and staff accounts, and the record stays', async () => {
    expect(await (await get(`/dashboard/institutions/${elm}/delete`, 'lead@del.test')).text()).toContain('1 staff account of the institution')
    expect((await post(`/dashboard/institutions/${elm}/delete`, 'lead@del.test', { confirm: 'yes' })).status).toBe(303)
    expect(await count('SELECT count(*) AS n FROM institutions WHERE id = ?', [elm])).toBe(0)
    expect(await count("SELECT count(*) AS n FROM users WHERE email = 'c@elm.test'")).toBe(0)
    expect(await count('SELECT count(*) AS n FROM rounds WHERE institution_id = ?', [elm])).toBe(0)
    expect((await get(`/dashboard/institutions/${elm}`, 'lead@del.test')).status).toBe(404)
    expect(await rows(fresh.db, "SELECT subject FROM audit_log WHERE action = 'deletion.institution'")).toEqual([{ subject: 'Elm School' }])
    // the lead's log still names it
    expect(await (await get('/dashboard/audit', 'lead@del.test')).text()).toContain('Elm School')
  })
})

describe('deleting a written answer', () => {
  it('takes it off the report, out of the tallies and out of the raw files, and the log does not keep its text', async () => {
    const report = `/dashboard/institutions/${elm}/report?survey=student-iag&year=2025/26`
    const reportPage = await (await get(report, 'c@elm.test')).text()
    expect(reportPage).toContain(named)
    // the report links to the question's answers, each with its own way to delete it
    const choose = `/dashboard/institutions/${elm}/delete-answer?survey=student-iag&amp;year=2025%2F26&amp;key=${textKey}`
    expect(reportPage).toContain(choose)
    const list = await (await get(choose.replace(/&amp;/g, '&'), 'c@elm.test')).text()
    expect(list).toContain(`&amp;text=${encodeURIComponent(named)}`)
    const confirm = await get(
      `/dashboard/institutions/${elm}/delete-answer?survey=student-iag&year=2025/26&key=${textKey}&text=${encodeURIComponent(named)}`,
      'c@elm.test',
    )
    expect(await confirm.text()).toContain(named)
    const fields = { survey: 'student-iag', year: '2025/26', key: textKey, text: named }
    expect((await post(`/dashboard/institutions/${elm}/delete-answer`, 'c@elm.test', fields)).status).toBe(400)
    expect((await post(`/dashboard/institutions/${elm}/delete-answer`, 'c@elm.test', { ...fields, confirm: 'yes' })).status).toBe(303)
    expect(await (await get(report, 'c@elm.test')).text()).not.toContain(named)
    expect(await count('SELECT count(*) AS n FROM answer_tallies WHERE value = ?', [named])).toBe(0)
    // the other eleven are still there, and the count of writers stays
    expect(await count('SELECT count(*) AS n FROM answers WHERE round_id = ? AND question_key = ?', [round.id, textKey])).toBe(11)
    expect(await count("SELECT n FROM answer_tallies WHERE round_id = ? AND question_key = ? AND value = ''", [round.id, textKey])).toBe(12)
    const [entry] = await rows(fresh.db, "SELECT actor, detail FROM audit_log WHERE action = 'deletion.free-text'")
    expect(entry).toEqual({ actor: 'Elm Coordinator <c@elm.test>', detail: `1 written answer to ${textKey}` })
    // a second time: there is no such answer
    expect((await post(`/dashboard/institutions/${elm}/delete-answer`, 'c@elm.test', { ...fields, confirm: 'yes' })).status).toBe(404)
    await fresh.db.$client.execute('PRAGMA wal_checkpoint(TRUNCATE)')
    await fresh.db.$client.execute('VACUUM')
    const path = filePathOf(fresh.url)
    const bytes = Buffer.concat([readFileSync(path), existsSync(`${path}-wal`) ? readFileSync(`${path}-wal`) : Buffer.alloc(0)])
    expect(bytes.includes(Buffer.from(named))).toBe(false)
    expect(bytes.includes(Buffer.from('More trips to colleges, please (3)'))).toBe(true)
  })
})
