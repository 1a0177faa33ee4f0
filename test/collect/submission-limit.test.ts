import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { addInstitution } from '../../src/org/organisations.ts'
import { openRound } from '../../src/rounds/rounds.ts'
import { catalog, rows, storedCounts, studentAnswers, testApp } from '../support/app.ts'

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

const post = (app: Ctx['app'], code: string, submissionId: string, answers = studentAnswers()) =>
  app.request(`/api/surveys/${code}/responses`, {
    method: 'POST',
    body: JSON.stringify({ submissionId, answers }),
    headers: { 'content-type': 'application/json' },
  })

describe('the submission limit of a round code', () => {
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
    const other = await openRound(t.db, catalog, { institution: 'ash-school', survey: 'student-iag', year: '2025/26' })
    expect((await post(t.app, other.code, 'limit-sub-4')).status).toBe(201)
  })

  it('refuses a survey form sent to a full round with a readable page and Retry-After, keeping nothing', async () => {
    for (const id of ['limit-sub-1', 'limit-sub-2', 'limit-sub-3']) await post(t.app, t.code, id)
    const form = new URLSearchParams({ submissionId: 'limit-form-4', ...(studentAnswers() as Record<string, string>) })
    const res = await t.app.request(`/s/${t.code}`, {
      method: 'POST',
      body: form,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
    })
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBe('600')
    expect(res.headers.get('content-type')).toContain('text/html')
    expect(await res.text()).toContain('send it again in 10 minutes')
    expect(await rows(t.db, "SELECT count(*) AS n FROM responses WHERE submission_id = 'limit-form-4'")).toEqual([{ n: 0 }])
  })
})
