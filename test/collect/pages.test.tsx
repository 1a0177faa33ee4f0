import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeRound, issueTokens, openRound } from '../../src/rounds/rounds.ts'
import { catalog, rows, storedCounts, studentAnswers, testApp } from '../support/app.ts'

type Ctx = Awaited<ReturnType<typeof testApp>>
let t: Ctx
beforeEach(async () => {
  t = await testApp()
})
afterEach(() => t.dispose())

const origin = 'http://localhost'

function form(fields: Record<string, string | string[]>): URLSearchParams {
  const body = new URLSearchParams()
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one)
  return body
}

function postForm(code: string, fields: Record<string, string | string[]>, headers: Record<string, string> = { origin }) {
  return t.app.request(`/s/${code}`, { method: 'POST', body: form(fields), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } })
}

/** The submissionId the server put in the form. */
async function formSubmissionId(code: string): Promise<string> {
  const html = await (await t.app.request(`/s/${code}`)).text()
  return html.match(/name="submissionId" value="([^"]+)"/)![1]!
}

describe('start page', () => {
  it('asks for the code with a labelled field', async () => {
    const res = await t.app.request('/')
    const html = await res.text()
    expect(res.status).toBe(200)
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).toContain('<label for="code">')
    expect(html).toContain('id="code"')
  })

  it('sends a known code to its survey, in any case and with spaces', async () => {
    const typed = ` ${t.code.slice(0, 3).toLowerCase()} ${t.code.slice(3)} `
    const res = await t.app.request(`/?code=${encodeURIComponent(typed)}`)
    expect(res.status).toBe(303)
    const survey = await t.app.request(res.headers.get('location')!)
    expect(survey.status).toBe(200)
    expect(await survey.text()).toContain(catalog.get('student-iag')!.title)
  })

  it('says so on the same page when the code is wrong, keeping what was typed', async () => {
    const res = await t.app.request('/?code=NOPE42')
    const html = await res.text()
    expect(res.status).toBe(404)
    expect(html).toContain('We could not find a survey with that code')
    expect(html).toContain('value="NOPE42"')
    expect(html).toContain('aria-invalid="true"')
  })
})

describe('survey page', () => {
  it('shows every question in a fieldset with a legend, each choice with its own label', async () => {
    const html = await (await t.app.request(`/s/${t.code}`)).text()
    const survey = catalog.get('student-iag')!
    for (const q of survey.sections.flatMap((s) => s.questions)) expect(html).toContain(q.text.replace(/'/g, '&#39;'))
    const fieldsets = html.match(/<fieldset/g)!.length
    const legends = html.match(/<legend/g)!.length
    expect(fieldsets).toBe(legends)
    const radios = [...html.matchAll(/<input type="radio" id="([^"]+)"/g)].map((m) => m[1])
    expect(radios.length).toBeGreaterThan(100)
    for (const id of radios) expect(html).toContain(`<label for="${id}">`)
    expect(html).toContain(`Part 1 of ${survey.sections.length}`)
  })

  it('stores a completed form and thanks the respondent', async () => {
    const submissionId = await formSubmissionId(t.code)
    const answers = studentAnswers({ year_group: 'y9' })
    const res = await postForm(t.code, { submissionId, ...answers })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/s/${t.code}/thanks`)
    expect(await (await t.app.request(res.headers.get('location')!)).text()).toContain('Thank you')
    const [response] = await rows(t.db, 'SELECT id, round_id, submitted_on, language FROM responses WHERE submission_id = ?', [submissionId])
    expect(response).toMatchObject({ round_id: t.round.id, language: 'en' })
    expect(response!.submitted_on).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    const stored = await rows(t.db, 'SELECT question_key, value FROM answers WHERE response_id = ?', [response!.id as number])
    expect(stored).toContainEqual({ question_key: 'year_group', value: 'y9' })
    expect(stored.filter((a) => a.value === '4').length).toBe(Object.values(answers).filter((v) => v === '4').length)
  })

  it('sending the same form twice (a double click, a refresh) stores it once', async () => {
    const submissionId = await formSubmissionId(t.code)
    const fields = { submissionId, ...studentAnswers() }
    const [a, b] = await Promise.all([postForm(t.code, fields), postForm(t.code, fields)])
    expect([a.status, b.status]).toEqual([303, 303])
    expect((await storedCounts(t.db))!.responses).toBe(1)
  })

  it('brings the form back with every answer kept and a message beside each wrong field, storing nothing', async () => {
    const before = await storedCounts(t.db)
    const submissionId = await formSubmissionId(t.code)
    const answers = studentAnswers()
    delete answers.year_group
    const [firstAgreement] = Object.keys(answers)
    const res = await postForm(t.code, { submissionId, ...answers, [firstAgreement!]: '9' })
    const html = await res.text()
    expect(res.status).toBe(400)
    expect(html).toContain('Please check your answers')
    expect(html).toContain('id="q-year_group-error"')
    expect(html).toContain('this question needs an answer')
    expect(html).toContain(`id="q-${firstAgreement}-error"`)
    // another answer is still chosen
    const secondAgreement = Object.keys(answers)[1]!
    expect(html).toMatch(new RegExp(`id="q-${secondAgreement}-4" name="${secondAgreement}" value="4" checked`))
    // and the free text is kept, escaped
    expect(html).toContain('More visits to colleges, please.')
    expect(html).toContain(`value="${submissionId}"`)
    expect(await storedCounts(t.db)).toEqual(before)
  })

  it('shows free text that looks like markup as text when the form comes back', async () => {
    const submissionId = await formSubmissionId(t.code)
    const res = await postForm(t.code, { submissionId, ...studentAnswers({ year_group: '', what_would_help_most: '<script>alert(1)</script>' }) })
    const html = await res.text()
    expect(res.status).toBe(400)
    expect(html).not.toContain('<script>alert(1)</script>')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })

  it('refuses a form posted from another site', async () => {
    const res = await postForm(t.code, { submissionId: 'abcdefgh1234', ...studentAnswers() }, { origin: 'https://evil.example' })
    expect(res.status).toBe(403)
    expect((await storedCounts(t.db))!.responses).toBe(0)
  })
})

describe('rounds that cannot be answered', () => {
  it('answers 404 with a clear page for an unknown code', async () => {
    const res = await t.app.request('/s/ZZZZZZ')
    expect(res.status).toBe(404)
    expect(await res.text()).toContain('We could not find a survey with that code')
  })

  it('answers 410 once a round is closed, and stores nothing sent to it', async () => {
    const submissionId = await formSubmissionId(t.code)
    await closeRound(t.db, t.round)
    const page = await t.app.request(`/s/${t.code}`)
    expect(page.status).toBe(410)
    expect(await page.text()).toContain('This survey has closed')
    const res = await postForm(t.code, { submissionId, ...studentAnswers() })
    expect(res.status).toBe(410)
    expect((await storedCounts(t.db))!.responses).toBe(0)
  })

  it('answers 409 before the opening date, saying when it opens', async () => {
    const later = await openRound(t.db, catalog, { institution: 'oak-school', survey: 'parent-carer', year: '2025/26', opensOn: '2999-01-01' })
    const res = await t.app.request(`/s/${later.code}`)
    expect(res.status).toBe(409)
    expect(await res.text()).toContain('2999-01-01')
  })
})

describe('one-time tokens', () => {
  it('a token opens its round once; the round code alone is not enough when tokens are required', async () => {
    const round = await openRound(t.db, catalog, { institution: 'oak-school', survey: 'parent-carer', year: '2025/26', tokensRequired: true })
    expect((await t.app.request(`/s/${round.code}`)).status).toBe(403)
    const [token] = await issueTokens(t.db, round, 3, '10B')
    const page = await t.app.request(`/s/${token}`)
    expect(page.status).toBe(200)
    const submissionId = (await page.text()).match(/name="submissionId" value="([^"]+)"/)![1]!
    const first = await postForm(token!, { submissionId, year_group: 'y10' })
    expect(first.status).toBe(303)
    const again = await postForm(token!, { submissionId: 'another-id-123', year_group: 'y11' })
    expect(again.status).toBe(409)
    expect(await again.text()).toContain('Each code can be used once')
    expect((await t.app.request(`/s/${token}`)).status).toBe(409)
    expect((await storedCounts(t.db))!.responses).toBe(1)
  })
})
