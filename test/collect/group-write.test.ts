import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { groupStatements, planGroup, settleGroup, stepPoint, type ResponseJob, type WriteOutcome } from '../../src/collect/group-write.ts'
import { responseJob } from '../../src/collect/store.ts'
import { answerRows } from '../../src/surveys/answers.ts'
import { catalog, rows, studentAnswers, testApp } from '../support/app.ts'

type Ctx = Awaited<ReturnType<typeof testApp>>
let t: Ctx
beforeEach(async () => {
  t = await testApp()
})
afterEach(() => t.dispose())

const survey = catalog.get('student-iag')!
const now = new Date()
const job = (submissionId: string): ResponseJob =>
  responseJob(
    survey,
    t.round.id,
    { submissionId, language: 'en', day: now.toISOString().slice(0, 10), rows: answerRows(survey, studentAnswers() as never) },
    null,
    now,
  )

describe('a group commit', () => {
  it('writes a group with statements of fixed text: the same few texts for 1 response as for 40 or 45', async () => {
    const texts = async (n: number) => {
      const plan = await planGroup(
        t.db,
        Array.from({ length: n }, (_, i) => job(`fixed-${n}-${i}`)),
      )
      return new Set(groupStatements(plan.write, plan.rounds).map((s) => (typeof s === 'string' ? s : s.sql)))
    }
    const [one, forty, more] = [await texts(1), await texts(40), await texts(45)]
    expect(forty).toEqual(more)
    for (const text of one) expect(forty.has(text)).toBe(true)
    expect(forty.size).toBeLessThanOrEqual(11)
  })

  it('finds a duplicate before writing, and answers a repeat in the same group once the first is stored, writing it once', async () => {
    const outcomes = new Map<ResponseJob, WriteOutcome | Error>()
    const later: ResponseJob[] = []
    const first = [job('dup-0001'), job('dup-0002')]
    await settleGroup(t.db, first, (s) => t.db.$client.batch(s, 'write').then(() => undefined), outcomes, later)
    const again = [job('dup-0001'), job('dup-0003'), job('dup-0003')]
    let commits = 0
    await settleGroup(t.db, again, (s) => (commits++, t.db.$client.batch(s, 'write').then(() => undefined)), outcomes, later)
    expect(commits).toBe(1)
    expect(outcomes.get(again[0]!)).toBe('duplicate')
    expect(outcomes.get(again[1]!)).toBe('stored')
    expect(outcomes.get(again[2]!)).toBe('duplicate')
    expect(later).toEqual([])
    expect((await rows(t.db, `SELECT count(*) AS n FROM responses WHERE submission_id = 'dup-0003'`))[0]!.n).toBe(1)
  })

  it('waits with a repeat for the next group when the first of it is not stored', async () => {
    const outcomes = new Map<ResponseJob, WriteOutcome | Error>()
    const later: ResponseJob[] = []
    const jobs = [job('wait-0001'), job('wait-0001'), job('wait-0002')]
    await settleGroup(
      t.db,
      jobs,
      async (statements, group) => {
        if (group.includes(jobs[0]!)) throw new Error('disk says no')
        await t.db.$client.batch(statements, 'write')
      },
      outcomes,
      later,
    )
    expect(outcomes.get(jobs[0]!)).toBeInstanceOf(Error)
    expect(outcomes.get(jobs[2]!)).toBe('stored')
    expect(later).toEqual([jobs[1]])
  })

  it('splits a failing group in halves until each response has its own outcome', async () => {
    const jobs = Array.from({ length: 16 }, (_, i) => job(`split-${String(i).padStart(4, '0')}`))
    const bad = jobs[5]!
    const outcomes = new Map<ResponseJob, WriteOutcome | Error>()
    let commits = 0
    await settleGroup(
      t.db,
      jobs,
      async (statements, group) => {
        commits++
        if (group.includes(bad)) throw new Error('disk says no')
        await t.db.$client.batch(statements, 'write')
      },
      outcomes,
      [],
    )
    expect(outcomes.get(bad)).toBeInstanceOf(Error)
    expect(jobs.filter((j) => j !== bad).every((j) => outcomes.get(j) === 'stored')).toBe(true)
    // 16 -> 8 + 8 -> 4 + 4 -> 2 + 2 -> 1 + 1: 9 commits, not 17
    expect(commits).toBe(9)
    const fromAnswers = await rows(t.db, `SELECT question_key, value, count(*) AS n FROM answers GROUP BY 1, 2 ORDER BY 1, 2`)
    expect(await rows(t.db, `SELECT question_key, value, n FROM answer_tallies WHERE value <> '' ORDER BY 1, 2`)).toEqual(fromAnswers)
    expect((await rows(t.db, 'SELECT count(*) AS n FROM responses'))[0]!.n).toBe(15)
  })

  it('moves the figures where responses written one at a time would: to the last step of the minimum cohort in the group', async () => {
    const round = (stored: number, shownRespondents: number) => ({ stored, shownRespondents, settings: null })
    // minimum cohort 5 by default: 12 arriving on an empty round rest the figures on 10
    expect(stepPoint(round(0, 0), 12)).toBe(10)
    expect(stepPoint(round(0, 0), 4)).toBe(0)
    expect(stepPoint(round(3, 0), 2)).toBe(2)
    expect(stepPoint(round(13, 10), 1)).toBe(0)
    expect(stepPoint(round(13, 10), 2)).toBe(2)
    const jobs = Array.from({ length: 12 }, (_, i) => job(`step-${String(i).padStart(4, '0')}`))
    await settleGroup(t.db, jobs, (s) => t.db.$client.batch(s, 'write').then(() => undefined), new Map(), [])
    expect((await rows(t.db, 'SELECT shown_respondents AS n FROM rounds WHERE id = ?', [t.round.id]))[0]!.n).toBe(10)
    const [shown] = await rows(t.db, `SELECT sum(shown) AS shown FROM answer_tallies WHERE question_key = 'year_group' AND value = ''`)
    expect(shown!.shown).toBe(10)
  })
})
