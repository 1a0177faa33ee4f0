import { afterEach, describe, expect, it } from 'vitest'
import { importResponses } from '../../src/importers/import.ts'
import { arrivalTag, arrivalWindowOf } from '../../src/rounds/arrivals.ts'
import { issueTokens } from '../../src/rounds/rounds.ts'
import { surveyMonkeyExport } from '../importers/fixture.ts'
import { catalog, rows, studentAnswers, testApp } from '../support/app.ts'
import { origin } from '../support/staff.ts'
import { uuidFor } from '../support/ids.ts'

/**
 * A code-only round counts how its responses arrive, in the atomic batch that stores each
 * response, without a time per response: the latest 10-minute window, its count, and the
 * busiest count any window reached (rounds/arrivals.ts). Responses sent together are written in
 * one group commit (collect/write-queue.ts), which then holds several responses of the round.
 */

const base = new Date('2025-11-20T10:00:00Z').getTime()
type T = Awaited<ReturnType<typeof testApp>>
let t: T
const opened: T[] = []
afterEach(() => {
  for (const o of opened.splice(0)) o.dispose()
})

async function school() {
  let clock = base
  t = await testApp({ now: () => new Date(clock) })
  opened.push(t)
  let n = 0
  /** `count` responses sent at once, `at` minutes after 10:00, with the round code (or the tokens given). */
  const send = async (count: number, at: number, codes?: string[]) => {
    clock = base + at * 60_000
    const sent = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        t.app.request(`/api/surveys/${codes ? codes[i] : t.code}/responses`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin },
          body: JSON.stringify({ submissionId: uuidFor(`arrival-${++n}`), language: 'en', answers: studentAnswers() }),
        }),
      ),
    )
    return sent.map((r) => r.status)
  }
  const counts = async () =>
    (
      await rows(t.db, 'SELECT arrival_window_start AS start, arrival_window_count AS latest, busiest_window_count AS busiest FROM rounds WHERE id = ?', [
        t.round.id,
      ])
    )[0]
  return { send, counts }
}

/** What the round stores for the window `at` minutes after 10:00: its tag (no time). */
const windowAt = (at: number) => arrivalTag(t.round.id, arrivalWindowOf(new Date(base + at * 60_000)))

describe('arrival windows of a code-only round', () => {
  it('are aligned to the clock: minutes since 1970, floored to a multiple of 10', () => {
    expect(arrivalWindowOf(new Date('2025-11-20T10:09:59Z'))).toBe(Date.parse('2025-11-20T10:00:00Z') / 60_000)
    expect(arrivalWindowOf(new Date('2025-11-20T10:10:00Z'))).toBe(Date.parse('2025-11-20T10:10:00Z') / 60_000)
  })

  it('count every response of several group commits in the window it arrived in, and keep the busiest', async () => {
    const s = await school()
    expect(await s.counts()).toEqual({ start: null, latest: 0, busiest: 0 })
    // 10:00–10:09, in three commits of several responses each
    expect(await s.send(3, 0)).toEqual([201, 201, 201])
    await s.send(4, 5)
    await s.send(2, 9)
    expect(await s.counts()).toEqual({ start: await windowAt(0), latest: 9, busiest: 9 })
    // the next window starts again from its own first response; the busiest stays
    await s.send(5, 10)
    expect(await s.counts()).toEqual({ start: await windowAt(10), latest: 5, busiest: 9 })
    // a quiet hour later, a bigger burst becomes the busiest
    await s.send(6, 70)
    await s.send(6, 75)
    expect(await s.counts()).toEqual({ start: await windowAt(70), latest: 12, busiest: 12 })
    // what is stored is a tag made with the server secret, not the window's minutes since 1970: it tells no time
    const { start } = (await s.counts())!
    expect(start).not.toBe(arrivalWindowOf(new Date(base + 70 * 60_000)))
    expect(Number(start)).toBeGreaterThan(2 ** 40)
    expect((await rows(t.db, 'SELECT count(*) AS n FROM responses'))[0]!.n).toBe(26)
  })

  it('count a retry of a stored response once, and a clock set back as another window', async () => {
    const s = await school()
    await s.send(2, 20)
    const retry = await t.app.request(`/api/surveys/${t.code}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ submissionId: uuidFor('arrival-1'), language: 'en', answers: studentAnswers() }),
    })
    expect(retry.status).toBe(201)
    expect(await s.counts()).toEqual({ start: await windowAt(20), latest: 2, busiest: 2 })
    // a clock set back: another window, counted from 1 (the tag keeps no time to tell it was earlier); the busiest stays
    await s.send(1, 5)
    expect(await s.counts()).toEqual({ start: await windowAt(5), latest: 1, busiest: 2 })
  })

  it('are not kept for a round that needs one-time codes', async () => {
    const s = await school()
    await t.db.$client.execute({ sql: 'UPDATE rounds SET tokens_required = 1 WHERE id = ?', args: [t.round.id] })
    const tokens = await issueTokens(t.db, { ...t.round, tokensRequired: true }, 5)
    expect(await s.send(5, 0, tokens)).toEqual([201, 201, 201, 201, 201])
    expect(await s.counts()).toEqual({ start: null, latest: 0, busiest: 0 })
  })

  it('are not counted for an import', async () => {
    const s = await school()
    const summary = await importResponses(t.db, catalog, surveyMonkeyExport, {
      institution: 'oak-school',
      survey: 'student-iag',
      year: '2024/25',
      format: 'surveymonkey',
      today: '2025-10-06',
    })
    expect(summary.imported).toBeGreaterThan(0)
    const imported = await rows(
      t.db,
      "SELECT arrival_window_start AS start, arrival_window_count AS latest, busiest_window_count AS busiest FROM rounds WHERE year = '2024/25'",
    )
    expect(imported).toEqual([{ start: null, latest: 0, busiest: 0 }])
    expect(await s.counts()).toEqual({ start: null, latest: 0, busiest: 0 })
  })
})
