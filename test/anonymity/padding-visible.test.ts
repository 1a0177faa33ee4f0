import { afterEach, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { addUser } from '../../src/auth/users.ts'
import { addInstitution, addPartnership } from '../../src/org/organisations.ts'
import { burstWords } from '../../src/rounds/arrivals.ts'
import { issueTokens, openRound } from '../../src/rounds/rounds.ts'
import { catalog, freshDatabase } from '../support/app.ts'
import { origin, signIn, staffPassword as password } from '../support/staff.ts'
import { sectionById, withoutWriting } from './support.ts'

/**
 * Attack: padding a code-only round with responses whose answers the insider knows.
 *
 * Whoever holds a plain round code (the coordinator, rated on the results) can post as many
 * responses as they like. With one real student and 4 padded posts, every figure that moves is
 * the student's; with enough padded posts the round's priority areas are whatever the insider
 * wants. Nothing in a response tells a padded one from a real one.
 *
 * What must hold: a student round opened without saying otherwise needs one-time codes (see
 * test/rounds/open-round.test.ts and test/cli/main.test.ts); a code-only round's report and the
 * lead's overview say how the responses arrived (the busiest 10-minute window, counted without a
 * time per response) and say when most came in one window; that figure moves only in steps of
 * the minimum cohort, like every other figure of an open round, so it times no single arrival;
 * a round that needs one-time codes shows none of it.
 */

const minutes = (n: number) => n * 60_000
const start = new Date('2025-11-20T10:00:00Z').getTime()

const schools: { dispose: () => void }[] = []
afterEach(() => {
  for (const s of schools.splice(0)) s.dispose()
})

/** Oak School with this year's student round (code only, or with one-time codes), its coordinator, the partnership lead, and a clock the test moves. */
async function school(options: { tokensRequired: boolean }) {
  const fresh = await freshDatabase()
  const { db } = fresh
  await addPartnership(db, { slug: 'test-city', name: 'Test City Partnership' })
  const institutionId = (await addInstitution(db, { slug: 'oak-school', name: 'Oak School', partnership: 'test-city' })).id
  const round = await openRound(db, catalog, { institution: 'oak-school', survey: 'student-iag', year: '2025/26', tokensRequired: options.tokensRequired })
  await addUser(db, {
    email: 'coordinator@oak.test',
    name: 'Oak Coordinator',
    role: 'coordinator',
    partnership: 'test-city',
    institution: 'oak-school',
    password,
  })
  await addUser(db, { email: 'lead@city.test', name: 'City Lead', role: 'lead', partnership: 'test-city', password })
  let clock = start
  const app = createApp({ getDb: () => db, catalog, now: () => new Date(clock) })
  const coordinator = await signIn(app, 'coordinator@oak.test')
  const lead = await signIn(app, 'lead@city.test')
  const tokens = options.tokensRequired ? await issueTokens(db, round, 40) : []
  let posted = 0

  /** Responses sent at once (so that they are written in one group commit), at `at` minutes past 10:00. */
  async function post(count: number, at: number) {
    clock = start + minutes(at)
    const sent = await Promise.all(
      Array.from({ length: count }, () => {
        const n = posted++
        return app.request(`/api/surveys/${options.tokensRequired ? tokens[n] : round.code}/responses`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin },
          body: JSON.stringify({ submissionId: crypto.randomUUID(), language: 'en', answers: withoutWriting() }),
        })
      }),
    )
    expect(sent.map((r) => r.status)).toEqual(sent.map(() => 201))
  }

  async function read(path: string, cookie = coordinator) {
    const res = await app.request(path, { headers: { cookie } })
    expect(res.status, path).toBe(200)
    return res.text()
  }
  const query = 'survey=student-iag&year=2025%2F26'
  const s = {
    ...fresh,
    post,
    reportJson: async () => JSON.parse(await read(`/api/institutions/${institutionId}/report?${query}`)),
    reportPage: () => read(`/dashboard/institutions/${institutionId}/report?${query}`),
    overview: () => read('/dashboard?year=2025%2F26', lead),
  }
  schools.push(s)
  return s
}

describe('padding-visible: responses posted in a burst on a code-only round', () => {
  it('12 responses within one 10-minute window: the report and the lead’s overview say so, in words', async () => {
    const s = await school({ tokensRequired: false })
    await s.post(5, 1)
    await s.post(4, 4)
    await s.post(3, 9)
    const report = await s.reportJson()
    // the figures rest on 10 (the last 2 wait for the next step of 5); so does the arrival figure
    expect(report.respondents).toBe(10)
    expect(report.arrivals).toEqual({ status: 'shown', windowMinutes: 10, respondents: 10, busiestWindow: 10, share: 1, burst: true })

    const summary = sectionById(await s.reportPage(), 'summary')
    expect(summary).toContain('How the responses arrived')
    expect(summary).toContain('At least 10 of the 10 responses (100%) arrived within one 10-minute window.')
    expect(summary).toContain('A burst of responses.')
    expect(summary).toContain(burstWords)
    expect(burstWords).toBe(
      'Most responses arrived within 10 minutes: if that was not a class answering together, responses may have been padded; one-time codes prevent this.',
    )

    const overview = await s.overview()
    expect(sectionById(overview, 'arrivals-table', 'table')).toContain('<strong>Burst: </strong>at least 100% (10 of 10) within 10 minutes')
    expect(overview).toContain('A burst of responses: Oak School.')
    expect(overview).toContain(burstWords)
  })

  it('the same 12 responses spread over the day: the figure is shown, no burst is flagged', async () => {
    const s = await school({ tokensRequired: false })
    await s.post(4, 0)
    await s.post(4, 60)
    await s.post(4, 120)
    const report = await s.reportJson()
    expect(report.arrivals).toEqual({ status: 'shown', windowMinutes: 10, respondents: 10, busiestWindow: 0, share: 0, burst: false })
    const page = await s.reportPage()
    expect(sectionById(page, 'summary')).toContain('Fewer than 5 of the 10 responses arrived within any one 10-minute window.')
    expect(page).not.toContain(burstWords)
    const overview = await s.overview()
    expect(sectionById(overview, 'arrivals-table', 'table')).toContain('fewer than 5 in any 10 minutes')
    expect(overview).not.toContain('Burst')
    expect(overview).not.toContain(burstWords)
  })

  it('a class answering together in a round that came in over several lessons is not flagged', async () => {
    const s = await school({ tokensRequired: false })
    // three tutor groups in three lessons, the biggest 12 at once: 12 of 30 is less than half
    await s.post(12, 0)
    await s.post(9, 60)
    await s.post(9, 120)
    const report = await s.reportJson()
    expect(report.arrivals).toMatchObject({ status: 'shown', respondents: 30, busiestWindow: 10, share: 0.3333, burst: false })
    expect(sectionById(await s.reportPage(), 'summary')).toContain('At least 10 of the 30 responses (33%) arrived within one 10-minute window.')
  })

  it('a round that needs one-time codes shows none of it, and keeps no arrival counts', async () => {
    const s = await school({ tokensRequired: true })
    await s.post(12, 1)
    const report = await s.reportJson()
    expect(report.respondents).toBe(10)
    expect(report.arrivals).toBeNull()
    const page = await s.reportPage()
    expect(page).not.toContain('How the responses arrived')
    expect(page).not.toContain(burstWords)
    const overview = await s.overview()
    expect(overview).not.toContain('Burst')
    expect(overview).not.toContain('within 10 minutes')
    expect(overview).toContain('No round this year is code only.')
    const [row] = (await s.db.$client.execute('SELECT arrival_window_start, arrival_window_count, busiest_window_count FROM rounds')).rows
    expect({ ...row }).toEqual({ arrival_window_start: null, arrival_window_count: 0, busiest_window_count: 0 })
  })

  it('the arrival figure never moves by fewer than the minimum cohort, so it times no single arrival', async () => {
    const s = await school({ tokensRequired: false })
    const seen: { respondents: number; busiestWindow: number | null; status: string }[] = []
    // one response at a time, some together and some apart, read after each
    const plan = [0, 0, 1, 1, 2, 2, 3, 3, 3, 4, 5, 30, 31, 31, 32, 33, 33, 34, 35, 36, 36, 37, 90, 91, 92]
    for (const at of plan) {
      await s.post(1, at)
      const { arrivals } = await s.reportJson()
      seen.push({ respondents: arrivals.respondents, busiestWindow: arrivals.busiestWindow, status: arrivals.status })
    }
    expect(seen.slice(0, 4).every((v) => v.status === 'too-few' && v.busiestWindow === null)).toBe(true)
    for (const [i, v] of seen.entries()) {
      if (v.busiestWindow !== null) expect(v.busiestWindow % 5).toBe(0)
      if (i === 0) continue
      const before = seen[i - 1]!
      const moved = Math.abs(v.respondents - before.respondents)
      expect(moved === 0 || moved >= 5).toBe(true)
      if (v.busiestWindow !== null && before.busiestWindow !== null) {
        const step = Math.abs(v.busiestWindow - before.busiestWindow)
        expect(step === 0 || step >= 5).toBe(true)
      }
    }
    // 11 of the 25 came within 10:30–10:39: at least 10 shown
    expect(seen.at(-1)).toEqual({ respondents: 25, busiestWindow: 10, status: 'shown' })
  })
})
