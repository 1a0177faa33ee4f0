import { afterEach, describe, expect, it } from 'vitest'
import { scheduledRetention } from '../../src/retention/schedule.ts'
import { issueTokens } from '../../src/rounds/rounds.ts'
import { surveyOfRound } from '../../src/rounds/survey-versions.ts'
import { voidOverview, VoidRefused, voidWindow } from '../../src/rounds/void.ts'
import { voidTag } from '../../src/rounds/void-tag.ts'
import { arrivalWindowOf } from '../../src/rounds/arrivals.ts'
import { catalog, rows, studentAnswers, testApp } from '../support/app.ts'
import { addUser } from '../../src/auth/users.ts'
import { origin, postForm, signIn, staffPassword as password } from '../support/staff.ts'

/**
 * Issue 22 point 3: the lead can void a flood, the responses of one 10-minute window of today,
 * taken off every tally in one atomic batch and recorded in the audit log; no stored row keeps a
 * time finer than the day (the window is a keyed tag, erased once the day is over). And point 5:
 * response ids do not follow the order responses arrived in.
 */

const base = new Date('2025-11-20T10:00:00Z').getTime()
type T = Awaited<ReturnType<typeof testApp>>
const opened: T[] = []
afterEach(() => {
  for (const o of opened.splice(0)) o.dispose()
})

async function school() {
  let clock = base
  const t = await testApp({ now: () => new Date(clock) })
  opened.push(t)
  const send = async (at: number, answers: Record<string, string | string[]>) => {
    clock = base + at * 60_000
    const res = await t.app.request(`/api/surveys/${t.code}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ submissionId: crypto.randomUUID(), language: 'en', answers }),
    })
    expect(res.status).toBe(201)
  }
  const at = (minutes: number) => new Date(base + minutes * 60_000)
  const setClock = (minutes: number) => (clock = base + minutes * 60_000)
  return { t, send, at, setClock }
}

/** Real answers, varied: year groups, extra help, a "don't know", a question left out. */
function real(i: number) {
  const answers = studentAnswers({
    year_group: ['y8', 'y9', 'y10', 'y11'][i % 4]!,
    send_support: i % 3 === 0 ? 'yes' : 'no',
    know_my_strengths: i % 5 === 0 ? 'dk' : '2',
  })
  if (i % 7 === 0) delete answers.send_support
  return answers
}
const junk = () => studentAnswers({ year_group: 'y11', send_support: 'no' })

/** Everything the reports read of a round: its tallies (n and shown) and the responses its figures rest on. */
async function figures(t: T) {
  return {
    answers: await rows(t.db, 'SELECT question_key, value, scale, n, shown FROM answer_tallies WHERE round_id = ? ORDER BY question_key, value', [t.round.id]),
    profiles: await rows(
      t.db,
      'SELECT profile_key, group_value, question_key, point, n, shown FROM profile_tallies WHERE round_id = ? ORDER BY profile_key, group_value, question_key, point',
      [t.round.id],
    ),
    round: await rows(
      t.db,
      'SELECT shown_respondents, (SELECT count(*) FROM responses WHERE round_id = ?1) AS responses, response_count FROM rounds WHERE id = ?1',
      [t.round.id],
    ),
  }
}

const lead = { actor: 'command line' as const, partnershipId: 1, subject: 'Oak School, student-iag 2025/26' }

describe('voiding a flood', () => {
  it('takes the responses of one window out of every tally, as if they had never been sent, and records it', async () => {
    const flooded = await school()
    const clean = await school()
    // five real responses before the flood, 600 would be too slow here: 14 junk ones within 10:30–10:39, then ten real ones after
    for (let i = 0; i < 5; i++) {
      await flooded.send(5 + i, real(i))
      await clean.send(5 + i, real(i))
    }
    for (let i = 0; i < 14; i++) await flooded.send(30 + (i % 10), junk())
    for (let i = 5; i < 15; i++) {
      await flooded.send(50 + i, real(i))
      await clean.send(50 + i, real(i))
    }
    const survey = await surveyOfRound(flooded.t.db, catalog, flooded.t.round)
    const overview = await voidOverview(flooded.t.db, flooded.t.round, 1, flooded.at(80))
    // only the flood's window holds at least 2 × the minimum cohort (10): the quiet ones are not listed at all
    expect(overview.windows.map((w) => ({ starts: w.starts.toISOString(), responses: w.responses }))).toEqual([
      { starts: '2025-11-20T10:30:00.000Z', responses: 14 },
    ])
    expect(overview.minimum).toBe(10)

    const voided = await voidWindow(flooded.t.db, flooded.t.round, survey, overview.windows[0]!.window, { ...lead, now: flooded.at(80) })
    expect(voided).toBe(14)
    const after = await figures(flooded.t)
    expect(after).toEqual(await figures(clean.t))
    expect(after.round).toEqual([{ shown_respondents: 15, responses: 15, response_count: 15 }])
    // the flood's window no longer counts as the busiest
    const [counts] = await rows(flooded.t.db, 'SELECT busiest_window_count AS busiest FROM rounds WHERE id = ?', [flooded.t.round.id])
    expect(Number(counts!.busiest)).toBeLessThan(14)

    const [entry] = await rows(flooded.t.db, "SELECT action, actor, round_id, detail FROM audit_log WHERE action = 'responses.voided'")
    expect(entry).toEqual({ action: 'responses.voided', actor: 'command line', round_id: flooded.t.round.id, detail: expect.stringContaining('14 responses') })
    // the entry gives the day, never the window's time
    expect(String(entry!.detail)).toContain('2025-11-20')
    expect(String(entry!.detail)).not.toMatch(/10:3\d/)
    // the window is empty now: voiding it again is refused
    await expect(voidWindow(flooded.t.db, flooded.t.round, survey, overview.windows[0]!.window, { ...lead, now: flooded.at(81) })).rejects.toThrow(VoidRefused)
  })

  it('refuses a window with fewer than twice the minimum cohort, which could show a few people by subtraction', async () => {
    const s = await school()
    for (let i = 0; i < 9; i++) await s.send(i, real(i))
    const survey = await surveyOfRound(s.t.db, catalog, s.t.round)
    expect((await voidOverview(s.t.db, s.t.round, 1, s.at(20))).windows).toEqual([])
    const before = await figures(s.t)
    await expect(voidWindow(s.t.db, s.t.round, survey, arrivalWindowOf(s.at(0)), { ...lead, now: s.at(20) })).rejects.toThrow(/fewer than 10/)
    expect(await figures(s.t)).toEqual(before)
    expect(await rows(s.t.db, "SELECT count(*) AS n FROM audit_log WHERE action = 'responses.voided'")).toEqual([{ n: 0 }])
  })

  it('gives a full window its room back, so the next student is not refused', async () => {
    const s = await school()
    await s.t.db.$client.execute({ sql: 'UPDATE partnerships SET settings = ?', args: [JSON.stringify({ submissionLimit: { max: 12, windowMinutes: 10 } })] })
    for (let i = 0; i < 12; i++) await s.send(1, junk())
    const full = await s.t.app.request(`/api/surveys/${s.t.code}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ submissionId: crypto.randomUUID(), answers: real(1) }),
    })
    expect(full.status).toBe(429)
    const survey = await surveyOfRound(s.t.db, catalog, s.t.round)
    expect(await voidWindow(s.t.db, s.t.round, survey, arrivalWindowOf(s.at(1)), { ...lead, now: s.at(2) })).toBe(12)
    await s.send(3, real(1))
  })

  it('is only possible on the day: the next day’s first write erases the tags, and no row then says which responses came together', async () => {
    const s = await school()
    for (let i = 0; i < 12; i++) await s.send(30, junk())
    const tagged = await rows(s.t.db, 'SELECT DISTINCT void_tag FROM responses')
    expect(tagged).toEqual([{ void_tag: await voidTag(s.t.round.id, arrivalWindowOf(s.at(30))) }])
    // the tag is not a time: no window of the day, as minutes or milliseconds, is stored
    const window = arrivalWindowOf(s.at(30))
    expect(tagged[0]!.void_tag).not.toBe(window)
    expect(tagged[0]!.void_tag).not.toBe(window * 60_000)
    // the next day
    await s.send(24 * 60 + 5, real(1))
    expect(
      await rows(s.t.db, 'SELECT submitted_on, count(*) AS n, count(void_tag) AS tagged FROM responses GROUP BY submitted_on ORDER BY submitted_on'),
    ).toEqual([
      { submitted_on: '2025-11-20', n: 12, tagged: 0 },
      { submitted_on: '2025-11-21', n: 1, tagged: 1 },
    ])
    const survey = await surveyOfRound(s.t.db, catalog, s.t.round)
    await expect(voidWindow(s.t.db, s.t.round, survey, window, { ...lead, now: s.at(24 * 60 + 6) })).rejects.toThrow(/Only a window of today/)
  })

  it('has its tags erased by the daily run too, on a server that takes no response after the day', async () => {
    const s = await school()
    for (let i = 0; i < 3; i++) await s.send(30, junk())
    expect(await rows(s.t.db, 'SELECT count(void_tag) AS tagged FROM responses')).toEqual([{ tagged: 3 }])
    // the schedule's day is the real one, long after this school's 2025-11-20
    await scheduledRetention(s.t.db, catalog, () => {})
    expect(await rows(s.t.db, 'SELECT count(*) AS n, count(void_tag) AS tagged FROM responses')).toEqual([{ n: 3, tagged: 0 }])
  })

  it('is not offered for a round that needs one-time codes (nothing to flood) and keeps no tag there', async () => {
    const s = await school()
    await s.t.db.$client.execute({ sql: 'UPDATE rounds SET tokens_required = 1 WHERE id = ?', args: [s.t.round.id] })
    const [token] = await issueTokens(s.t.db, { ...s.t.round, tokensRequired: true }, 1)
    const res = await s.t.app.request(`/api/surveys/${token}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ submissionId: crypto.randomUUID(), answers: real(1) }),
    })
    expect(res.status).toBe(201)
    expect(await rows(s.t.db, 'SELECT count(*) AS n, count(void_tag) AS tagged FROM responses')).toEqual([{ n: 1, tagged: 0 }])
    expect((await voidOverview(s.t.db, { ...s.t.round, tokensRequired: true }, 1, s.at(0))).notVoidable).toBe('tokens-required')
  })
})

describe('the lead’s page to void a flood', () => {
  it('lists today’s busy window with a rounded count, voids it after a confirmation, and is the lead’s only', async () => {
    const s = await school()
    await addUser(s.t.db, { email: 'lead@city.test', name: 'City Lead', role: 'lead', partnership: 'test-city', password })
    await addUser(s.t.db, {
      email: 'coord@oak.test',
      name: 'Oak Coordinator',
      role: 'coordinator',
      partnership: 'test-city',
      institution: 'oak-school',
      password,
    })
    for (let i = 0; i < 13; i++) await s.send(30, junk())
    for (let i = 0; i < 3; i++) await s.send(50, real(i))
    s.setClock(70)
    const path = `/dashboard/institutions/${s.t.round.institutionId}/rounds/${s.t.round.id}/void`
    const lead = await signIn(s.t.app, 'lead@city.test')
    const get = (url: string, cookie: string) => s.t.app.request(url, { headers: { cookie, origin } })
    const page = await get(path, lead)
    expect(page.status).toBe(200)
    const html = await page.text()
    // 10:30 UTC is 10:30 in London in November; 13 shown as "at least 10"; the quiet window of three is not there
    expect(html).toContain('10:30 to 10:40')
    expect(html).toContain('at least 10')
    expect(html).not.toContain('10:50')
    expect(html).not.toMatch(/\b13\b/)
    const window = arrivalWindowOf(s.at(30))
    const confirm = await (await get(`${path}?window=${window}`, lead)).text()
    expect(confirm).toContain('Void the responses that arrived from 10:30 to 10:40?')
    // not ticked: nothing voided
    const unticked = await postForm(s.t.app, path, lead, { window: String(window) })
    expect(unticked.status).toBe(400)
    expect(await rows(s.t.db, 'SELECT count(*) AS n FROM responses')).toEqual([{ n: 16 }])
    // the coordinator, rated on the round, cannot
    const coordinator = await signIn(s.t.app, 'coord@oak.test')
    expect((await get(path, coordinator)).status).toBe(403)
    expect((await postForm(s.t.app, path, coordinator, { window: String(window), confirm: 'yes' })).status).toBe(403)
    expect(await rows(s.t.db, 'SELECT count(*) AS n FROM responses')).toEqual([{ n: 16 }])
    const done = await postForm(s.t.app, path, lead, { window: String(window), confirm: 'yes' })
    expect(done.status).toBe(303)
    expect(await rows(s.t.db, 'SELECT count(*) AS n FROM responses')).toEqual([{ n: 3 }])
    const after = await (await get(done.headers.get('location')!, lead)).text()
    expect(after).toContain('13 responses were voided')
    expect(after).toContain('there is no flood to void')
    // the same window again: refused, saying why
    const again = await postForm(s.t.app, path, lead, { window: String(window), confirm: 'yes' })
    expect(again.status).toBe(409)
    expect(await again.text()).toContain('No responses of that window are left')
  })
})

describe('response ids', () => {
  it('do not follow the order responses arrived in, and nothing else in a response row does', async () => {
    const s = await school()
    // the order of arrival, known to the test only: the id that is new after each send
    const arrival: number[] = []
    for (let i = 0; i < 50; i++) {
      await s.send(0, real(i))
      const ids = (await rows(s.t.db, 'SELECT id FROM responses')).map((r) => Number(r.id))
      arrival.push(ids.find((id) => !arrival.includes(id))!)
    }
    const stored = await rows(s.t.db, 'SELECT * FROM responses WHERE round_id = ? ORDER BY rowid', [s.t.round.id])
    expect(stored).toHaveLength(50)
    // the rowid is the id: the table keeps no other order
    expect(await rows(s.t.db, 'SELECT count(*) AS n FROM responses WHERE rowid <> id')).toEqual([{ n: 0 }])
    const sortedById = [...arrival].sort((a, b) => a - b)
    // with random ids, the chance that 50 ids come out in the order they were stored (or its reverse) is 2 in 50!
    expect(arrival).not.toEqual(sortedById)
    expect(arrival).not.toEqual([...sortedById].reverse())
    // and not even mostly: of the 49 neighbours, about half are in order at random
    const rising = arrival.slice(1).filter((id, i) => id > arrival[i]!).length
    expect(rising).toBeGreaterThan(9)
    expect(rising).toBeLessThan(40)
    for (const id of arrival) {
      expect(Number.isSafeInteger(id)).toBe(true)
      expect(id).toBeGreaterThanOrEqual(2 ** 52)
    }
    // the other columns: the round, a random submission id, the day, the language, a void tag the same for the whole window,
    // and whether the figures rest on it (all 50: a step of the minimum cohort each five)
    expect(Object.keys(stored[0]!).sort()).toEqual(['id', 'in_figures', 'language', 'round_id', 'submission_id', 'submitted_on', 'void_tag'])
    expect(new Set(stored.map((r) => `${r.round_id} ${r.submitted_on} ${r.language} ${r.void_tag} ${r.in_figures}`)).size).toBe(1)
    // the answers follow their response's id, not the arrival: the same 50 ids, in the key's order
    const answered = (await rows(s.t.db, "SELECT response_id FROM answers WHERE round_id = ? AND question_key = 'year_group'", [s.t.round.id])).map((r) =>
      Number(r.response_id),
    )
    expect(answered).toEqual(sortedById)
  })
})
