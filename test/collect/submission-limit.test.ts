import { createClient } from '@libsql/client/web'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { wrapClient, type Db } from '../../src/db/database.ts'
import { applyMigrations } from '../../src/db/migrate-node.ts'
import { responseStatements } from '../../src/collect/store.ts'
import { countHits, submissionLimitOf, windowTag } from '../../src/collect/submission-limit.ts'
import { writeAtomically } from '../../src/collect/write-queue.ts'
import { isLimitReached } from '../../src/http/rate-limit.ts'
import { answerRows } from '../../src/surveys/answers.ts'
import { addInstitution, addPartnership } from '../../src/org/organisations.ts'
import { openRound } from '../../src/rounds/rounds.ts'
import { catalog, freshDatabase, rows, storedCounts, studentAnswers, testApp } from '../support/app.ts'
import { startSqld, type Sqld } from '../support/sqld.ts'

// A partnership that lets a round code take 3 responses in 10 minutes.
const limitSettings = JSON.stringify({ submissionLimit: { max: 3, windowMinutes: 10 } })

type Ctx = Awaited<ReturnType<typeof testApp>>
let t: Ctx
let clock = new Date('2026-02-10T09:00:00Z')
beforeEach(async () => {
  clock = new Date('2026-02-10T09:00:00Z')
  t = await testApp({ now: () => clock })
  await t.db.$client.execute({ sql: 'UPDATE partnerships SET settings = ?', args: [limitSettings] })
})
afterEach(() => t.dispose())

/** A UUID per label, the same each time a test names it: `limit-sub-1` twice is one submission sent twice. */
const ids = new Map<string, string>()
const idOf = (label: string) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(label)
    ? label
    : (ids.get(label) ?? (ids.set(label, crypto.randomUUID()), ids.get(label)!))

const post = (app: Ctx['app'], code: string, label: string, answers = studentAnswers()) =>
  app.request(`/api/surveys/${code}/responses`, {
    method: 'POST',
    body: JSON.stringify({ submissionId: idOf(label), answers }),
    headers: { 'content-type': 'application/json' },
  })

describe('the submission limit of a round code', () => {
  it('keeps no time in its counter: the window is a tag only the server can make, the same within a window, another in the next', async () => {
    const counter = async () => (await rows(t.db, 'SELECT window_start, count FROM rate_limits WHERE key = ?', [`submissions:round:${t.round.id}`]))[0]!
    await post(t.app, t.code, 'tag-1')
    clock = new Date('2026-02-10T09:07:00Z')
    await post(t.app, t.code, 'tag-2')
    const first = await counter()
    expect(first.count).toBe(2)
    const tag = String(first.window_start)
    // nothing in it reads as a time or a number of minutes: not 2026-02-10T09:00, not 09:00, not the window's number
    expect(tag).toMatch(/^tag:[0-9a-f]{32}$/)
    expect(Number.isNaN(Date.parse(tag))).toBe(true)
    for (const told of [
      '2026',
      '09:00',
      String(Math.floor(Date.parse('2026-02-10T09:00:00Z') / 600_000)),
      String(Date.parse('2026-02-10T09:00:00Z') / 60_000),
    ]) {
      expect(tag).not.toContain(told)
    }
    clock = new Date('2026-02-10T09:10:00Z')
    await post(t.app, t.code, 'tag-3')
    const next = await counter()
    expect(next.count).toBe(1)
    expect(next.window_start).not.toBe(tag)
    const other = await openRound(t.db, catalog, { institution: 'oak-school', survey: 'student-iag', year: '2026/27', tokensRequired: false })
    await post(t.app, other.code, 'tag-4')
    const [otherCounter] = await rows(t.db, 'SELECT window_start FROM rate_limits WHERE key = ?', [`submissions:round:${other.id}`])
    // two rounds in the same window get unrelated tags: one round's tag says nothing of another's
    expect(otherCounter!.window_start).not.toBe(next.window_start)
  })

  it('answers 429 with Retry-After once the round has taken its limit, and stores nothing more', async () => {
    for (const id of ['limit-sub-1', 'limit-sub-2', 'limit-sub-3']) expect((await post(t.app, t.code, id)).status).toBe(201)
    const res = await post(t.app, t.code, 'limit-sub-4')
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBe('600')
    expect(await res.json()).toMatchObject({ error: expect.stringContaining('send it again in 10 minutes'), issues: [] })
    expect(await storedCounts(t.db)).toMatchObject({ responses: 3 })
  })

  it('counts only stored responses: invalid posts and retries of a stored one use none of it', async () => {
    expect((await post(t.app, t.code, 'limit-sub-1')).status).toBe(201)
    for (let i = 0; i < 5; i++) expect((await post(t.app, t.code, `bad-sub-${i}-x`, studentAnswers({ year_group: 'y99' }))).status).toBe(400)
    for (let i = 0; i < 5; i++) expect((await post(t.app, t.code, 'limit-sub-1')).status).toBe(201)
    expect((await post(t.app, t.code, 'limit-sub-2')).status).toBe(201)
    expect((await post(t.app, t.code, 'limit-sub-3')).status).toBe(201)
    expect((await post(t.app, t.code, 'limit-sub-4')).status).toBe(429)
    // a stored response retried while the round is full still gets its 201, not a 429
    expect((await post(t.app, t.code, 'limit-sub-2')).status).toBe(201)
    expect(await storedCounts(t.db)).toMatchObject({ responses: 3 })
  })

  it('is kept in the database, so it holds for a restarted server, and opens again when the window passes', async () => {
    for (const id of ['limit-sub-1', 'limit-sub-2', 'limit-sub-3']) await post(t.app, t.code, id)
    const restarted = createApp({ getDb: () => t.db, catalog, now: () => clock })
    expect((await post(restarted, t.code, 'limit-sub-4')).status).toBe(429)
    clock = new Date('2026-02-10T09:08:20Z')
    expect((await post(restarted, t.code, 'limit-sub-4')).headers.get('retry-after')).toBe('100')
    clock = new Date('2026-02-10T09:10:01Z')
    expect((await post(restarted, t.code, 'limit-sub-4')).status).toBe(201)
    expect(await storedCounts(t.db)).toMatchObject({ responses: 4 })
  })

  it('limits each round on its own: another round code still takes responses', async () => {
    for (const id of ['limit-sub-1', 'limit-sub-2', 'limit-sub-3']) await post(t.app, t.code, id)
    await addInstitution(t.db, { slug: 'ash-school', name: 'Ash School', partnership: 'test-city' })
    const other = await openRound(t.db, catalog, { institution: 'ash-school', survey: 'student-iag', year: '2025/26', tokensRequired: false })
    expect((await post(t.app, other.code, 'limit-sub-4')).status).toBe(201)
  })

  it('refuses a survey form sent to a full round with a readable page and Retry-After, keeping nothing', async () => {
    for (const id of ['limit-sub-1', 'limit-sub-2', 'limit-sub-3']) await post(t.app, t.code, id)
    const form = new URLSearchParams({ submissionId: '4b1f0c2e-9a3d-4e5f-8a6b-7c8d9e0f1a2b', ...(studentAnswers() as Record<string, string>) })
    const res = await t.app.request(`/s/${t.code}`, {
      method: 'POST',
      body: form,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
    })
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBe('600')
    expect(res.headers.get('content-type')).toContain('text/html')
    expect(await res.text()).toContain('send it again in 10 minutes')
    expect(await rows(t.db, "SELECT count(*) AS n FROM responses WHERE submission_id = '4b1f0c2e-9a3d-4e5f-8a6b-7c8d9e0f1a2b'")).toEqual([{ n: 0 }])
  })
})

/**
 * Many posts at once. The check in front reads the counter before the write, so posts that
 * arrive together all see room; only the counter's cap, in each response's own write batch,
 * keeps the round to its limit. Run on an embedded file (responses grouped by the write queue)
 * and on a real libSQL server through the web client (the Worker's path).
 */
type Backend = { db: Db; dispose: () => void | Promise<void> }
let sqld: Sqld | undefined
const backends: [string, () => Promise<Backend>][] = [
  ['an embedded file', () => freshDatabase()],
  ['an embedded file written by a write thread (the Node server)', () => freshDatabase({ writeThread: true })],
  [
    'a libSQL server, through the web client',
    async () => {
      sqld ??= await startSqld()
      const db = wrapClient(createClient({ url: sqld.url, intMode: 'number' }))
      // one server for all of this file's tests (each uses rounds of its own); migrating it again changes nothing
      await applyMigrations(db)
      return { db, dispose: () => db.$client.close() }
    },
  ],
]
afterAll(async () => {
  await sqld?.stop()
})

let rounds = 0
/** A partnership of its own whose round code takes `max` responses in 10 minutes. */
async function limitedRound(db: Db, max: number) {
  const n = ++rounds
  await addPartnership(db, { slug: `limited-${n}`, name: `Limited ${n}` })
  await db.$client.execute({
    sql: 'UPDATE partnerships SET settings = ? WHERE slug = ?',
    args: [JSON.stringify({ submissionLimit: { max, windowMinutes: 10 } }), `limited-${n}`],
  })
  await addInstitution(db, { slug: `limited-school-${n}`, name: `Limited School ${n}`, partnership: `limited-${n}` })
  return openRound(db, catalog, { institution: `limited-school-${n}`, survey: 'student-iag', year: '2025/26', tokensRequired: false })
}

/** What a round holds: its responses, and whether its answers and tallies agree with them exactly. */
async function roundContents(db: Db, roundId: number) {
  const ids = (await rows(db, 'SELECT submission_id FROM responses WHERE round_id = ? ORDER BY submission_id', [roundId])).map((r) => String(r.submission_id))
  const [answers] = await rows(db, 'SELECT count(*) AS n, count(DISTINCT response_id) AS responses FROM answers WHERE round_id = ?', [roundId])
  const fromAnswers = await rows(
    db,
    'SELECT question_key, value, count(*) AS n FROM answers WHERE round_id = ? GROUP BY question_key, value ORDER BY question_key, value',
    [roundId],
  )
  const fromTallies = await rows(db, "SELECT question_key, value, n FROM answer_tallies WHERE round_id = ? AND value <> '' ORDER BY question_key, value", [
    roundId,
  ])
  const [sizes] = await rows(
    db,
    "SELECT coalesce(sum(n), 0) AS n FROM profile_tallies WHERE round_id = ? AND profile_key = 'year_group' AND question_key = ''",
    [roundId],
  )
  const [counter] = await rows(db, 'SELECT count, max FROM rate_limits WHERE key = ?', [`submissions:round:${roundId}`])
  return { ids, answers: Number(answers!.n), answeredResponses: Number(answers!.responses), fromAnswers, fromTallies, groupSizes: Number(sizes!.n), counter }
}

describe.each(backends)('the submission limit under concurrent posts, on %s', (_, open) => {
  let b: Backend
  beforeEach(async () => {
    b = await open()
  })
  afterEach(async () => {
    await b.dispose()
  })
  const fixedClock = new Date('2026-02-10T09:00:00Z')

  it('stores exactly the limit of 3 × limit posts sent at once; the others get 429 with Retry-After and leave nothing', async () => {
    const max = 8
    const round = await limitedRound(b.db, max)
    const app = createApp({ getDb: () => b.db, catalog, now: () => fixedClock })
    const answers = studentAnswers()
    const ids = Array.from({ length: 3 * max }, () => crypto.randomUUID())
    const results = await Promise.all(ids.map((id) => post(app, round.code, id, answers)))

    const accepted = ids.filter((_, i) => results[i]!.status === 201)
    const refused = results.filter((r) => r.status === 429)
    expect(accepted).toHaveLength(max)
    expect(refused).toHaveLength(2 * max)
    for (const res of refused) {
      expect(res.headers.get('retry-after')).toBe('600')
      expect(await res.json()).toMatchObject({ error: expect.stringContaining('send it again in 10 minutes') })
    }

    // exactly the accepted responses are stored, each whole, and the tallies count them and nothing else
    const held = await roundContents(b.db, round.id)
    expect(held.ids).toEqual(accepted.sort())
    const [one] = await rows(b.db, 'SELECT count(*) AS n FROM answers WHERE response_id = (SELECT min(id) FROM responses WHERE round_id = ?)', [round.id])
    expect(Number(one!.n)).toBeGreaterThan(0)
    expect(held.answers).toBe(max * Number(one!.n))
    expect(held.answeredResponses).toBe(max)
    expect(held.fromTallies).toEqual(held.fromAnswers)
    expect(held.groupSizes).toBe(max)
    expect(held.counter).toEqual({ count: max, max })

    // sent again at once: the stored ones still get their 201, the others still 429, and nothing changes
    const again = await Promise.all(ids.map((id) => post(app, round.code, id, answers)))
    expect(ids.filter((_, i) => again[i]!.status === 201).sort()).toEqual(accepted)
    expect(again.filter((r) => r.status === 429)).toHaveLength(2 * max)
    expect(await roundContents(b.db, round.id)).toEqual(held)
  })

  it('stores every one of 60 posts sent at once to a round with room: none is refused because another was writing', async () => {
    const round = await limitedRound(b.db, 1000)
    const app = createApp({ getDb: () => b.db, catalog, now: () => fixedClock })
    const ids = Array.from({ length: 60 }, () => crypto.randomUUID())
    const statuses = (await Promise.all(ids.map((id) => post(app, round.code, id)))).map((r) => r.status)
    expect(statuses).toEqual(Array(60).fill(201))
    const held = await roundContents(b.db, round.id)
    expect(held.ids).toEqual([...ids].sort())
    expect(held.fromTallies).toEqual(held.fromAnswers)
    expect(held.counter).toEqual({ count: 60, max: 1000 })
  })

  it('keeps a full round from taking the others down: a post to another round sent at the same time is stored', async () => {
    const full = await limitedRound(b.db, 2)
    const open = await limitedRound(b.db, 100)
    const app = createApp({ getDb: () => b.db, catalog, now: () => fixedClock })
    const toFull = Array.from({ length: 10 }, () => crypto.randomUUID())
    const toOpen = Array.from({ length: 10 }, () => crypto.randomUUID())
    // interleaved, so that an embedded file's write queue groups them together
    const sent = toFull.flatMap((id, i) => [post(app, full.code, id), post(app, open.code, toOpen[i]!)])
    const statuses = (await Promise.all(sent)).map((r) => r.status)
    expect(statuses.filter((_, i) => i % 2 === 0).sort()).toEqual([...Array(2).fill(201), ...Array(8).fill(429)])
    expect(statuses.filter((_, i) => i % 2 === 1)).toEqual(Array(10).fill(201))
    expect((await roundContents(b.db, full.id)).ids).toHaveLength(2)
    const other = await roundContents(b.db, open.id)
    expect(other.ids).toEqual(toOpen.sort())
    expect(other.fromTallies).toEqual(other.fromAnswers)
  })

  it('refuses in the write itself: a response counted past a full window fails whole, and one sent with it is stored', async () => {
    const full = await limitedRound(b.db, 2)
    const open = await limitedRound(b.db, 100)
    const app = createApp({ getDb: () => b.db, catalog, now: () => fixedClock })
    for (const i of [1, 2]) expect((await post(app, full.code, `direct-${full.id}-${i}`)).status).toBe(201)
    const before = await roundContents(b.db, full.id)

    // the statements storeResponse writes, sent without the check in front, as a post that raced past it would be
    const survey = catalog.get('student-iag')!
    const settings = async (roundId: number) =>
      String(
        (
          await rows(
            b.db,
            'SELECT p.settings FROM rounds r JOIN institutions i ON i.id = r.institution_id JOIN partnerships p ON p.id = i.partnership_id WHERE r.id = ?',
            [roundId],
          )
        )[0]!.settings,
      )
    const write = async (round: typeof full, submissionId: string) => {
      const access = { round, institutionName: '', tokenHash: null, settings: await settings(round.id) }
      const submission = { submissionId, language: 'en', day: '2026-02-10', rows: answerRows(survey, studentAnswers() as never) }
      const limit = submissionLimitOf(access)
      return writeAtomically(b.db, [...responseStatements(survey, round.id, submission), countHits(limit, await windowTag(round.id, limit, fixedClock), 1)])
    }
    const [late, other] = await Promise.allSettled([write(full, `direct-${full.id}-3`), write(open, `direct-${open.id}-1`)])
    expect(late.status).toBe('rejected')
    expect(isLimitReached((late as PromiseRejectedResult).reason)).toBe(true)
    expect(other.status).toBe('fulfilled')
    expect(await roundContents(b.db, full.id)).toEqual(before)
    expect((await roundContents(b.db, open.id)).ids).toEqual([`direct-${open.id}-1`])
    // and the post itself is answered 429, with its wait
    expect((await post(app, full.code, `direct-${full.id}-3`)).headers.get('retry-after')).toBe('600')
  })
})
