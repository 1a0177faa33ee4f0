import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeRound, issueTokens, openRound, type Round } from '../../src/rounds/rounds.ts'
import { catalog, storedCounts, testApp } from '../support/app.ts'
import { uuidFor } from '../support/ids.ts'

/**
 * The attack: a coordinator (or anyone) keeps a student's slip, or its number, and without
 * signing in polls what the slip opens: the JSON API, the survey page in any mode, a language
 * switch, a form with a mistake, the start page, the thanks page. The moment an answer changes,
 * they know when that student answered, and with the live count or the order of the responses,
 * which response is theirs. Nothing a caller can do without sending a complete response may
 * differ between an unused and a used token.
 */

type Ctx = Awaited<ReturnType<typeof testApp>>
let t: Ctx
let round: Round
let slips: string[]
beforeEach(async () => {
  t = await testApp()
  round = await openRound(t.db, catalog, { institution: 'oak-school', survey: 'parent-carer', year: '2025/26', tokensRequired: true })
  slips = await issueTokens(t.db, round, 2, '10B')
})
afterEach(() => t.dispose())

const origin = 'http://localhost'
const formHeaders = { 'content-type': 'application/x-www-form-urlencoded', origin }

/** A response as a caller sees it: status, headers but the date, and the body with the slip's own code and the page's random submission id taken out. */
async function seen(res: Response, token: string) {
  const withoutSlip = (text: string) => text.replaceAll(token, 'SLIP').replaceAll(encodeURIComponent(token), 'SLIP')
  const headers = [...res.headers.entries()].filter(([name]) => name !== 'date').map(([name, value]) => [name, withoutSlip(value)])
  const body = withoutSlip(await res.text()).replace(/name="submissionId" value="[^"]+"/g, 'name="submissionId" value="ID"')
  return { status: res.status, headers, length: body.length, body }
}

/** Everything a caller without a session can ask of a slip without sending a complete response. */
async function probe(token: string) {
  const get = async (path: string) => seen(await t.app.request(path), token)
  const postForm = async (path: string, fields: Record<string, string>) =>
    seen(await t.app.request(path, { method: 'POST', body: new URLSearchParams(fields), headers: formHeaders }), token)
  const postJson = async (body: unknown) =>
    seen(
      await t.app.request(`/api/surveys/${token}/responses`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      }),
      token,
    )
  return {
    api: await get(`/api/surveys/${token}`),
    apiPolish: await get(`/api/surveys/${token}?lang=pl`),
    page: await get(`/s/${token}`),
    pageModes: await get(`/s/${token}?lang=ur&mode=one&easy=1&size=large`),
    head: await seen(await t.app.request(`/s/${token}`, { method: 'HEAD' }), token),
    startPage: await get(`/?code=${token}`),
    thanks: await get(`/s/${token}/thanks`),
    // a language switch without JavaScript: the same answers come back, nothing is stored
    languageSwitch: await postForm(`/s/${token}`, { submissionId: crypto.randomUUID(), year_group: 'y9', _switch: 'lang=pl' }),
    // a form with a mistake comes back with its messages, nothing is stored
    formWithMistake: await postForm(`/s/${token}`, { submissionId: crypto.randomUUID(), year_group: 'not-a-year' }),
    jsonWithMistake: await postJson({ submissionId: crypto.randomUUID(), answers: { year_group: 'not-a-year' } }),
    jsonNotAResponse: await postJson({ answers: 'nothing' }),
  }
}

/** A complete response sent with a code; `label` names its submission (the same label, the same submission id). */
async function studentAnswers(token: string, label: string) {
  return t.app.request(`/api/surveys/${token}/responses`, {
    method: 'POST',
    body: JSON.stringify({ submissionId: uuidFor(label), answers: { year_group: 'y10' } }),
    headers: { 'content-type': 'application/json' },
  })
}

describe('polling a one-time code without signing in', () => {
  it('tells nothing about whether its student has answered, until a complete response is sent with it', async () => {
    const [theirs, unused] = slips as [string, string]
    const before = await probe(theirs)
    expect(before.api.status).toBe(200)
    expect(before.page.status).toBe(200)
    expect(before.formWithMistake.status).toBe(400)

    expect((await studentAnswers(theirs, 'the-student-1')).status).toBe(201)
    const after = await probe(theirs)
    expect(after).toEqual(before)
    // and a used slip looks like one nobody has used
    expect(after).toEqual(await probe(unused))
    // the probes stored nothing: one response, one used token
    expect(await storedCounts(t.db)).toMatchObject({ responses: 1, usedTokens: 1 })
  })

  it('refuses a complete response sent with a used code, and still thanks the student’s own retry', async () => {
    const [theirs] = slips as [string]
    const first = await studentAnswers(theirs, 'the-student-2')
    expect(first.status).toBe(201)
    const firstBody = await first.json()

    const insider = await studentAnswers(theirs, 'the-insider-1')
    expect(insider.status).toBe(409)
    expect((await insider.json()).error).toContain('already been sent with this one-time code')
    const insiderForm = await t.app.request(`/s/${theirs}`, {
      method: 'POST',
      body: new URLSearchParams({ submissionId: crypto.randomUUID(), year_group: 'y11' }),
      headers: formHeaders,
    })
    expect(insiderForm.status).toBe(409)
    expect(await insiderForm.text()).toContain('Each code can be used once')

    // a lost connection: the student sends the same submission again
    const retry = await studentAnswers(theirs, 'the-student-2')
    expect(retry.status).toBe(201)
    expect(await retry.json()).toEqual(firstBody)
    const retryForm = await t.app.request(`/s/${theirs}`, {
      method: 'POST',
      body: new URLSearchParams({ submissionId: uuidFor('the-student-2'), year_group: 'y10' }),
      headers: formHeaders,
    })
    expect(retryForm.status).toBe(303)
    expect(await storedCounts(t.db)).toMatchObject({ responses: 1, usedTokens: 1 })
  })

  it('still refuses what does not depend on the code’s use: an unknown code, a closed round, a round not open yet', async () => {
    const [theirs, unused] = slips as [string, string]
    expect((await t.app.request('/api/surveys/ZZZZZ-ZZZZZ')).status).toBe(404)
    expect((await t.app.request('/s/ZZZZZ-ZZZZZ')).status).toBe(404)
    // a round that needs a code of one's own, opened with its round code only
    expect((await t.app.request(`/api/surveys/${round.code}`)).status).toBe(403)

    expect((await studentAnswers(theirs, 'the-student-3')).status).toBe(201)
    await closeRound(t.db, round)
    for (const token of [theirs, unused]) {
      expect((await t.app.request(`/api/surveys/${token}`)).status).toBe(410)
      expect((await t.app.request(`/s/${token}`)).status).toBe(410)
      expect((await studentAnswers(token, `after-close-${token}`)).status).toBe(410)
    }
    expect((await seen(await t.app.request(`/s/${theirs}`), theirs)).body).toEqual((await seen(await t.app.request(`/s/${unused}`), unused)).body)

    const later = await openRound(t.db, catalog, {
      institution: 'oak-school',
      survey: 'parent-carer',
      year: '2026/27',
      opensOn: '2999-01-01',
      tokensRequired: true,
    })
    const [early] = await issueTokens(t.db, later, 1)
    expect((await t.app.request(`/api/surveys/${early}`)).status).toBe(409)
    expect((await studentAnswers(early!, 'too-early-1')).status).toBe(409)
    expect(await storedCounts(t.db)).toMatchObject({ responses: 1, usedTokens: 1 })
  })
})
