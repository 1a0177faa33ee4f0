import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { forgetPlaces } from '../../src/collect/address-allowance.ts'
import { issueTokens, openRound } from '../../src/rounds/rounds.ts'
import { catalog, rows, studentAnswers, testApp } from '../support/app.ts'

/**
 * A flood from one address cannot fill a round: each address takes at most half of a code-only
 * round's window, so the next real student (on another network) is still stored.
 */
type Ctx = Awaited<ReturnType<typeof testApp>>
let t: Ctx
let clock: Date
beforeEach(async () => {
  forgetPlaces()
  clock = new Date('2026-02-10T09:00:00Z')
  t = await testApp({ now: () => clock })
  // the round's window: 20 responses in 10 minutes, so one address may take 10
  await t.db.$client.execute({ sql: 'UPDATE partnerships SET settings = ?', args: [JSON.stringify({ submissionLimit: { max: 20, windowMinutes: 10 } })] })
})
afterEach(() => t.dispose())

const post = (code: string, address: string, submissionId: string = crypto.randomUUID(), answers = studentAnswers()) =>
  t.app.request(`/api/surveys/${code}/responses`, {
    method: 'POST',
    body: JSON.stringify({ submissionId, answers }),
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': address },
  })

const stored = async (roundId: number) => Number((await rows(t.db, 'SELECT count(*) AS n FROM responses WHERE round_id = ?', [roundId]))[0]!.n)

describe('the share of a round one address may take', () => {
  it('stores half of the window from one address flooding it at once, refuses the rest with 429, and still stores the next student from elsewhere', async () => {
    const flood = await Promise.all(Array.from({ length: 30 }, () => post(t.code, '203.0.113.7')))
    const statuses = flood.map((r) => r.status)
    expect(statuses.filter((s) => s === 201)).toHaveLength(10)
    expect(statuses.filter((s) => s === 429)).toHaveLength(20)
    const refused = flood.find((r) => r.status === 429)!
    expect(refused.headers.get('retry-after')).toBe('600')
    expect((await refused.json()).error).toContain('from your network')
    expect(await stored(t.round.id)).toBe(10)
    // a student on a phone network: the round still has room
    const student = await post(t.code, '198.51.100.23')
    expect(student.status).toBe(201)
    expect(await stored(t.round.id)).toBe(11)
  })

  it('answers a retry of a stored response with 201 when its address has taken its share, storing nothing more', async () => {
    const first = crypto.randomUUID()
    expect((await post(t.code, '203.0.113.7', first)).status).toBe(201)
    for (let i = 0; i < 9; i++) expect((await post(t.code, '203.0.113.7')).status).toBe(201)
    expect((await post(t.code, '203.0.113.7')).status).toBe(429)
    const retry = await post(t.code, '203.0.113.7', first)
    expect(retry.status).toBe(201)
    expect(await retry.json()).toEqual({ submissionId: first, status: 'received' })
    expect(await stored(t.round.id)).toBe(10)
  })

  it('counts only stored responses: invalid posts and retries take no place', async () => {
    const again = crypto.randomUUID()
    for (let i = 0; i < 15; i++) expect((await post(t.code, '203.0.113.7', crypto.randomUUID(), studentAnswers({ year_group: 'y99' }))).status).toBe(400)
    for (let i = 0; i < 15; i++) expect((await post(t.code, '203.0.113.7', again)).status).toBe(201)
    for (let i = 0; i < 9; i++) expect((await post(t.code, '203.0.113.7')).status).toBe(201)
    expect((await post(t.code, '203.0.113.7')).status).toBe(429)
  })

  it('gives the address its share again in the next 10-minute window', async () => {
    for (let i = 0; i < 10; i++) await post(t.code, '203.0.113.7')
    expect((await post(t.code, '203.0.113.7')).status).toBe(429)
    clock = new Date('2026-02-10T09:09:59Z')
    const late = await post(t.code, '203.0.113.7')
    expect(late.status).toBe(429)
    expect(late.headers.get('retry-after')).toBe('1')
    clock = new Date('2026-02-10T09:10:00Z')
    expect((await post(t.code, '203.0.113.7')).status).toBe(201)
  })

  it('is counted per round: a flood of one school’s code leaves another round’s share alone', async () => {
    const other = await openRound(t.db, catalog, { institution: 'oak-school', survey: 'student-iag', year: '2026/27', tokensRequired: false })
    for (let i = 0; i < 10; i++) await post(t.code, '203.0.113.7')
    expect((await post(t.code, '203.0.113.7')).status).toBe(429)
    expect((await post(other.code, '203.0.113.7')).status).toBe(201)
  })

  it('keeps the form’s answers on the page with a 429 when the address has taken its share', async () => {
    for (let i = 0; i < 10; i++) await post(t.code, '203.0.113.7')
    const form = new URLSearchParams({
      submissionId: crypto.randomUUID(),
      ...(studentAnswers({ what_would_help_most: 'More visits' }) as Record<string, string>),
    })
    const res = await t.app.request(`/s/${t.code}`, {
      method: 'POST',
      body: form,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost', 'cf-connecting-ip': '203.0.113.7' },
    })
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/)
    const html = await res.text()
    expect(html).toContain('from your network')
    expect(html).toContain('More visits')
    expect(await stored(t.round.id)).toBe(10)
  })

  it('does not count a round that needs one-time codes: each code admits one response', async () => {
    const tokenRound = await openRound(t.db, catalog, { institution: 'oak-school', survey: 'parent-carer', year: '2025/26', tokensRequired: true })
    const tokens = await issueTokens(t.db, tokenRound, 15)
    const statuses = []
    for (const token of tokens) statuses.push((await post(token, '203.0.113.7', crypto.randomUUID(), { year_group: 'y10' })).status)
    expect(statuses).toEqual(Array(15).fill(201))
  })
})
