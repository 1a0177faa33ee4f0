import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { youSaidWeDid } from '../../src/framework/you-said.ts'
import { openRound } from '../../src/rounds/rounds.ts'
import { rows } from '../support/app.ts'
import { postForm } from '../support/staff.ts'
import { handPartnership, visibleText } from './support.ts'

/**
 * "You said, we did": the coordinator publishes what was done about a round's priority areas;
 * the same institution's round of the same survey one academic year later shows it, and
 * nothing about a round below the minimum cohort is ever published or shown.
 */

let t: Awaited<ReturnType<typeof handPartnership>>
beforeEach(async () => {
  t = await handPartnership()
})
afterEach(() => t.dispose())

const publishPath = () => `/dashboard/institutions/${t.elm}/you-said`
const stored = async () => rows(t.db, 'SELECT round_id, items FROM you_said_we_did ORDER BY round_id')

describe('you said, we did', () => {
  it('starts the form from the round’s development questions (its top three here), in order', async () => {
    const res = await t.app.request(`${publishPath()}?survey=mini&year=2024/25`, { headers: { cookie: await t.cookie('elmCoordinator') } })
    expect(res.status).toBe(200)
    const html = await res.text()
    const chosen = [...html.matchAll(/<select id="key(\d)"[\s\S]*?<\/select>/g)].map((m) => /<option value="([^"]*)" selected/.exec(m[0])?.[1])
    expect(chosen).toEqual(['q1', 'q3', 'q2', '', ''])
    expect(visibleText(html)).toContain('is shown on the 2025/26 Mini survey before they answer')
  })

  it('is published by the coordinator and returned, in order, for the next year’s round of the same survey only', async () => {
    const res = await postForm(t.app, publishPath(), await t.cookie('elmCoordinator'), {
      survey: 'mini',
      year: '2024/25',
      key1: 'q1',
      weDid1: 'Every Year 10 class now has a careers adviser visit.',
      key2: '',
      weDid2: '',
      key3: 'q3',
      weDid3: 'A college taster day in June.',
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toContain('done=published')
    const items = [
      { questionKey: 'q1', weDid: 'Every Year 10 class now has a careers adviser visit.' },
      { questionKey: 'q3', weDid: 'A college taster day in June.' },
    ]
    expect(await youSaidWeDid(t.db, t.rounds.elmRound2.id)).toEqual(items)
    // the round it answers, the year after next, another survey, another institution: nothing
    expect(await youSaidWeDid(t.db, t.rounds.elmRound1.id)).toEqual([])
    const later = await openRound(t.db, t.catalog, { institution: 'elm-school', survey: 'mini', year: '2026/27' })
    expect(await youSaidWeDid(t.db, later.id)).toEqual([])
    await t.db.$client.execute({
      sql: "INSERT INTO rounds (institution_id, survey_id, audience, year, code) VALUES (?, 'other', 'parent', '2025/26', 'OTHER1')",
      args: [t.elm],
    })
    const other = Number((await rows(t.db, "SELECT id FROM rounds WHERE code = 'OTHER1'"))[0]!.id)
    expect(await youSaidWeDid(t.db, other)).toEqual([])
    expect(await youSaidWeDid(t.db, t.rounds.ashRound2.id)).toEqual([])

    // and the institution's framework page for 2025/26 shows what was published
    const page = visibleText(
      await (await t.app.request(`/dashboard/institutions/${t.elm}/framework?year=2025/26`, { headers: { cookie: await t.cookie('elmViewer') } })).text(),
    )
    expect(page).toContain('Mini survey: what was done about 2024/25')
    expect(page).toContain('You said: Statement q1. We did: Every Year 10 class now has a careers adviser visit.')
  })

  it('is shown to the next year’s respondents before the first question; markup in it stays text', async () => {
    const weDid = 'Every Year 10 class now has a <b>careers adviser</b> visit.'
    await postForm(t.app, publishPath(), await t.cookie('elmCoordinator'), {
      survey: 'mini',
      year: '2024/25',
      key1: 'q1',
      weDid1: weDid,
      key2: 'q3',
      weDid2: 'A college taster day.',
    })
    const res = await t.app.request(`/s/${t.rounds.elmRound2.code}`)
    expect(res.status).toBe(200)
    const html = await res.text()
    const text = visibleText(html)
    expect(text).toContain('You said, we did')
    expect(text).toContain('You told us to improve: Statement q1. What we did: Every Year 10 class now has a &lt;b&gt;careers adviser&lt;/b&gt; visit.')
    expect(text).toContain('You told us to improve: Statement q3. What we did: A college taster day.')
    expect(html).not.toContain('<b>careers adviser</b>')
    expect(html.indexOf('You said, we did')).toBeLessThan(html.indexOf('<fieldset'))
    // the round it was published for, and another school's round, show nothing
    expect(await (await t.app.request(`/s/${t.rounds.elmRound1.code}`)).text()).not.toContain('You said, we did')
    expect(await (await t.app.request(`/s/${t.rounds.ashRound2.code}`)).text()).not.toContain('You said, we did')
  })

  it('is withdrawn by publishing no items', async () => {
    const cookie = await t.cookie('elmCoordinator')
    await postForm(t.app, publishPath(), cookie, { survey: 'mini', year: '2024/25', key1: 'q1', weDid1: 'Done.' })
    expect(await stored()).toHaveLength(1)
    const res = await postForm(t.app, publishPath(), cookie, { survey: 'mini', year: '2024/25', key1: 'q1', weDid1: '' })
    expect(res.headers.get('location')).toContain('done=withdrawn')
    expect(await stored()).toEqual([])
    expect(await youSaidWeDid(t.db, t.rounds.elmRound2.id)).toEqual([])
  })

  it('leaves out a question chosen without a text', async () => {
    const res = await postForm(t.app, publishPath(), await t.cookie('elmCoordinator'), {
      survey: 'mini',
      year: '2024/25',
      key1: 'q1',
      weDid1: '',
      key2: 'q2',
      weDid2: 'A fair.',
    })
    expect(res.status).toBe(303)
    expect(await youSaidWeDid(t.db, t.rounds.elmRound2.id)).toEqual([{ questionKey: 'q2', weDid: 'A fair.' }])
  })

  it('comes back with a clear message for a text without a question, a question twice or a text too long, and stores nothing', async () => {
    const cookie = await t.cookie('elmCoordinator')
    const cases: [Record<string, string>, string][] = [
      [{ key1: '', weDid1: 'We ran a fair.' }, 'Item 1: choose the question this is about'],
      [{ key1: 'q1', weDid1: 'A.', key2: 'q1', weDid2: 'B.' }, 'each question only once'],
      [{ key1: 'q1', weDid1: 'x'.repeat(501) }, 'keep it under 500 characters'],
      [{ key1: 'nope', weDid1: 'A.' }, 'choose a question of this survey'],
    ]
    for (const [fields, message] of cases) {
      const res = await postForm(t.app, publishPath(), cookie, { survey: 'mini', year: '2024/25', ...fields })
      expect(res.status, message).toBe(400)
      expect(visibleText(await res.text())).toContain(message)
    }
    expect(await stored()).toEqual([])
  })

  it('publishes nothing about a round below the minimum cohort, and never shows it', async () => {
    const cookie = await t.cookie('ashCoordinator')
    const page = await t.app.request(`/dashboard/institutions/${t.ash}/you-said?survey=mini&year=2024/25`, { headers: { cookie } })
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(visibleText(html)).toContain('The 2024/25 round had 3 responses, fewer than the minimum group of 5')
    expect(html).not.toContain('<form method="post" action="/dashboard/institutions')
    const res = await postForm(t.app, `/dashboard/institutions/${t.ash}/you-said`, cookie, {
      survey: 'mini',
      year: '2024/25',
      key1: 'q1',
      weDid1: 'Something.',
    })
    expect(res.status).toBe(409)
    expect(await stored()).toEqual([])
    // even one stored before (say the cohort setting was raised since), it is not shown
    await t.db.$client.execute({
      sql: 'INSERT INTO you_said_we_did (round_id, items) VALUES (?, ?)',
      args: [t.rounds.ashRound1.id, JSON.stringify([{ questionKey: 'q1', weDid: 'x' }])],
    })
    expect(await youSaidWeDid(t.db, t.rounds.ashRound2.id)).toEqual([])
  })

  it('is written by the coordinator or the lead, read by the viewer, and hidden from other schools', async () => {
    const fields = { survey: 'mini', year: '2024/25', key1: 'q1', weDid1: 'Done.' }
    expect((await postForm(t.app, publishPath(), await t.cookie('elmViewer'), fields)).status).toBe(403)
    expect((await postForm(t.app, publishPath(), await t.cookie('ashCoordinator'), fields)).status).toBe(404)
    expect((await postForm(t.app, publishPath(), await t.cookie('otherLead'), fields)).status).toBe(404)
    expect(await stored()).toEqual([])
    expect((await postForm(t.app, publishPath(), await t.cookie('lead'), fields)).status).toBe(303)
    const viewer = await t.app.request(`${publishPath()}?survey=mini&year=2024/25`, { headers: { cookie: await t.cookie('elmViewer') } })
    expect(viewer.status).toBe(200)
    const html = await viewer.text()
    expect(visibleText(html)).toContain('You said: Statement q1. We did: Done.')
    expect(html).not.toContain('>Publish<')
    expect((await t.app.request(`${publishPath()}?survey=mini&year=2030/31`, { headers: { cookie: await t.cookie('lead') } })).status).toBe(404)
  })
})
