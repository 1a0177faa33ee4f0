import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import type { Db } from '../../src/db/database.ts'
import { issueTokens, openRound, type Round } from '../../src/rounds/rounds.ts'
import { oakSchool } from '../support/oak-school.ts'
import { catalog, rows } from '../support/app.ts'
import { postForm, signIn } from '../support/staff.ts'

/**
 * Progress by class in a round with one-time codes: codes printed and used per class label, as
 * a counter stepped in the batch that stores each response, never lined up with the responses.
 */

let db: Db
let dispose: () => void
let app: ReturnType<typeof createApp>
let round: Round
let oak: number
let coordinator: string

beforeEach(async () => {
  ;({ db, dispose, app, oak } = await oakSchool())
  round = await openRound(db, catalog, { institution: 'oak-school', survey: 'parent-carer', year: '2025/26', tokensRequired: true })
  coordinator = await signIn(app, 'coordinator@oak.test')
})
afterEach(() => dispose())

const answer = (token: string, submissionId: string = crypto.randomUUID()) =>
  app.request(`/api/surveys/${token}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ submissionId, answers: { year_group: 'y9' } }),
  })

const pageText = async () => {
  const res = await app.request(`/dashboard/institutions/${oak}`, { headers: { cookie: coordinator } })
  expect(res.status).toBe(200)
  return (await res.text())
    .replace(/<!-- -->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
}

describe('progress by class', () => {
  it('shows codes printed and used per class while the round is open, and no used count for a class of fewer than the minimum cohort', async () => {
    const tenB = await issueTokens(db, round, 8, '10B')
    const tenC = await issueTokens(db, round, 3, '10C')
    const unlabelled = await issueTokens(db, round, 6)
    for (const t of tenB.slice(0, 5)) expect((await answer(t)).status).toBe(201)
    expect((await answer(tenC[0]!)).status).toBe(201)
    expect((await answer(unlabelled[0]!)).status).toBe(201)
    const html = await pageText()
    expect(html).toContain('One-time codes used, by class')
    expect(html).toContain('10B 8 5 of 8')
    // three slips: "1 of 3" would say too much about who answered
    expect(html).toContain('10C 3 not shown')
    expect(html).toContain('A class with fewer than 5 codes printed shows no used count')
    expect(html).toContain('No class given 6 1 of 6')
    // a class label in the order a school reads them, codes without a label last
    expect(html.indexOf('10B 8')).toBeLessThan(html.indexOf('10C 3'))
    expect(html.indexOf('10C 3')).toBeLessThan(html.indexOf('No class given'))

    expect((await postForm(app, `/dashboard/institutions/${oak}/rounds/${round.id}/close`, coordinator)).status).toBe(303)
    expect(await pageText()).not.toContain('One-time codes used, by class')
  })

  it('printing codes through the dashboard starts the class at none used', async () => {
    const res = await postForm(app, `/dashboard/institutions/${oak}/rounds/${round.id}/tokens`, coordinator, { count: '12', label: '9A' })
    expect(res.status).toBe(200)
    expect(await pageText()).toContain('9A 12 0 of 12')
  })

  it('keeps the counter exactly equal to the responses stored when codes are used at the same time, some twice', async () => {
    const labels = ['7A', '7B', '8A']
    const tokens = (await Promise.all(labels.map(async (label) => (await issueTokens(db, round, 15, label)).map((token) => ({ label, token }))))).flat()
    // every code once, and a third of them a second time with another submission: those are refused
    const attempts = [...tokens, ...tokens.filter((_, i) => i % 3 === 0)]
    const statuses = await Promise.all(attempts.map(async (a) => (await answer(a.token)).status))
    expect(statuses.filter((s) => s === 201)).toHaveLength(tokens.length)
    expect(statuses.filter((s) => s !== 201)).toHaveLength(15)

    const [{ responses }] = (await rows(db, 'SELECT count(*) AS responses FROM responses')) as unknown as [{ responses: number }]
    const [{ used }] = (await rows(db, 'SELECT sum(used) AS used FROM label_uses WHERE round_id = ?', [round.id])) as unknown as [{ used: number }]
    expect(Number(responses)).toBe(45)
    expect(Number(used)).toBe(Number(responses))
    expect(await rows(db, 'SELECT label, used FROM label_uses ORDER BY label')).toEqual(labels.map((label) => ({ label, used: 15 })))
  })

  it('keeps in the counter nothing that can be joined to a response: no response id, no time, no token, no order of use', async () => {
    const columns = (await rows(db, 'PRAGMA table_info(label_uses)')).map((c) => String(c.name))
    expect(columns).toEqual(['round_id', 'label', 'used'])
    const fks = (await rows(db, 'PRAGMA foreign_key_list(label_uses)')).map((f) => String(f.table))
    expect(fks).toEqual(['rounds'])
    // WITHOUT ROWID: no hidden number in the order the rows were made
    await expect(rows(db, 'SELECT rowid FROM label_uses')).rejects.toThrow(/no such column/)

    // one code in each of two classes, used on different days: the counter holds the counts and nothing else
    const [a] = await issueTokens(db, round, 5, '11A')
    const [b] = await issueTokens(db, round, 5, '11B')
    expect((await answer(a!, '0f8e7d6c-5b4a-4392-8170-6e5d4c3b2a19')).status).toBe(201)
    app = createApp({ getDb: () => db, catalog, now: () => new Date('2025-11-24T14:00:00Z') })
    expect((await answer(b!, '1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d')).status).toBe(201)
    const counters = await rows(db, 'SELECT * FROM label_uses ORDER BY label')
    expect(counters).toEqual([
      { round_id: round.id, label: '11A', used: 1 },
      { round_id: round.id, label: '11B', used: 1 },
    ])
    // no value of a response (its id, its submission id, its day) is in the counters
    const stored = await rows(db, 'SELECT id, submission_id, submitted_on FROM responses')
    expect(stored.map((r) => r.submitted_on).sort()).toEqual(['2025-11-20', '2025-11-24'])
    const everything = JSON.stringify(counters)
    for (const r of stored) for (const v of [r.id, r.submission_id, r.submitted_on]) expect(everything).not.toContain(String(v))
  })
})
