import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import type { Db } from '../../src/db/database.ts'
import { openRound } from '../../src/rounds/rounds.ts'
import { oakSchool } from '../support/oak-school.ts'
import { catalog, rows } from '../support/app.ts'
import { postForm, signIn } from '../support/staff.ts'

let db: Db
let dispose: () => void
let app: ReturnType<typeof createApp>
let oak: number
let cookie: string

beforeEach(async () => {
  ;({ db, dispose, app, oak } = await oakSchool())
  cookie = await signIn(app, 'coordinator@oak.test')
})
afterEach(() => dispose())

const tokensRequired = async (surveyId: string) =>
  (await rows(db, "SELECT tokens_required FROM rounds WHERE survey_id = ? AND year = '2025/26'", [surveyId]))[0]?.tokens_required

/** The radio buttons of the form that opens a survey's round: value and whether it is checked, with its label text. */
function accessChoices(html: string, surveyId: string) {
  const form = new RegExp(`<form[^>]*class="open-round-form"[^>]*>(?:(?!</form>)[\\s\\S])*name="survey" value="${surveyId}"[\\s\\S]*?</form>`).exec(html)?.[0]
  expect(form, `a form to open ${surveyId}`).toBeDefined()
  return [
    ...form!.matchAll(/<input type="radio" id="([^"]+)" name="tokensRequired" value="(yes|no)"( checked="")?\s*\/?>\s*<label for="\1">([\s\S]*?)<\/label>/g),
  ].map((m) => ({
    value: m[2],
    checked: m[3] !== undefined,
    label: m[4]!
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  }))
}

describe('opening a round from the dashboard', () => {
  it('offers one-time codes or the round code, one-time codes chosen for students and the code for parents, each saying what it means', async () => {
    const html = await (await app.request(`/dashboard/institutions/${oak}`, { headers: { cookie } })).text()
    const student = accessChoices(html, 'student-iag')
    expect(student.map((c) => [c.value, c.checked])).toEqual([
      ['yes', true],
      ['no', false],
    ])
    expect(student[0]!.label).toContain('One-time codes (recommended)')
    expect(student[0]!.label).toContain('nobody can answer twice or for someone else')
    expect(student[1]!.label).toContain('Round code only')
    expect(student[1]!.label).toContain('anyone who has it can answer, and more than once')
    const parent = accessChoices(html, 'parent-carer')
    expect(parent.map((c) => [c.value, c.checked])).toEqual([
      ['yes', false],
      ['no', true],
    ])
    // a question per survey, in words a screen reader announces with the choice
    expect(html).toContain('how do students get in?')
    expect(html).toContain('how do parents and carers get in?')
  })

  it('stores the choice sent; with none sent, students need one-time codes and parents do not', async () => {
    expect((await postForm(app, `/dashboard/institutions/${oak}/rounds`, cookie, { survey: 'student-iag', year: '2025/26' })).status).toBe(303)
    expect(await tokensRequired('student-iag')).toBe(1)
    expect((await postForm(app, `/dashboard/institutions/${oak}/rounds`, cookie, { survey: 'parent-carer', year: '2025/26' })).status).toBe(303)
    expect(await tokensRequired('parent-carer')).toBe(0)
    // the page then says how each round is reached
    const html = await (await app.request(`/dashboard/institutions/${oak}`, { headers: { cookie } })).text()
    expect(html).toContain('Code plus a one-time code each')
    expect(html).toContain('Code only')
  })

  it('opens a student round with the round code only when that is chosen, and a parent round with one-time codes', async () => {
    await postForm(app, `/dashboard/institutions/${oak}/rounds`, cookie, { survey: 'student-iag', year: '2025/26', tokensRequired: 'no' })
    expect(await tokensRequired('student-iag')).toBe(0)
    await postForm(app, `/dashboard/institutions/${oak}/rounds`, cookie, { survey: 'parent-carer', year: '2025/26', tokensRequired: 'yes' })
    expect(await tokensRequired('parent-carer')).toBe(1)
  })

  it('refuses a choice that is neither, opening nothing', async () => {
    const res = await postForm(app, `/dashboard/institutions/${oak}/rounds`, cookie, { survey: 'student-iag', year: '2025/26', tokensRequired: 'maybe' })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('Choose how respondents get in')
    expect(await tokensRequired('student-iag')).toBeUndefined()
  })

  it('re-opening a round keeps how it is reached', async () => {
    const round = await openRound(db, catalog, { institution: 'oak-school', survey: 'student-iag', year: '2025/26', tokensRequired: false })
    await postForm(app, `/dashboard/institutions/${oak}/rounds/${round.id}/close`, cookie)
    await postForm(app, `/dashboard/institutions/${oak}/rounds/${round.id}/open`, cookie)
    expect(await tokensRequired('student-iag')).toBe(0)
  })

  it('asking for one-time codes on an existing code-only round is refused with a clear message, never answered "open"', async () => {
    await openRound(db, catalog, { institution: 'oak-school', survey: 'student-iag', year: '2025/26', tokensRequired: false })
    const res = await postForm(app, `/dashboard/institutions/${oak}/rounds`, cookie, { survey: 'student-iag', year: '2025/26', tokensRequired: 'yes' })
    expect(res.status).toBe(409)
    const text = await res.text()
    expect(text).toContain('Nothing was changed')
    expect(text).toContain('cannot be switched to one-time codes')
    expect(await tokensRequired('student-iag')).toBe(0)
  })
})

describe('openRound', () => {
  it('follows the audience where the caller does not choose', async () => {
    expect((await openRound(db, catalog, { institution: 'oak-school', survey: 'student-iag', year: '2025/26' })).tokensRequired).toBe(true)
    expect((await openRound(db, catalog, { institution: 'oak-school', survey: 'parent-carer', year: '2025/26' })).tokensRequired).toBe(false)
    expect((await openRound(db, catalog, { institution: 'oak-school', survey: 'student-iag', year: '2024/25', tokensRequired: false })).tokensRequired).toBe(
      false,
    )
    expect((await openRound(db, catalog, { institution: 'oak-school', survey: 'parent-carer', year: '2024/25', tokensRequired: true })).tokensRequired).toBe(
      true,
    )
  })
})

describe('openRound on an existing round', () => {
  it('refuses other access either way, and the same access or none chosen re-opens it', async () => {
    await openRound(db, catalog, { institution: 'oak-school', survey: 'student-iag', year: '2025/26', tokensRequired: false })
    await expect(openRound(db, catalog, { institution: 'oak-school', survey: 'student-iag', year: '2025/26', tokensRequired: true })).rejects.toThrow(
      /already exists and is open to anyone with the round code.*Nothing was changed/,
    )
    await openRound(db, catalog, { institution: 'oak-school', survey: 'parent-carer', year: '2025/26', tokensRequired: true })
    await expect(openRound(db, catalog, { institution: 'oak-school', survey: 'parent-carer', year: '2025/26', tokensRequired: false })).rejects.toThrow(
      /needs a one-time code for each respondent/,
    )
    expect((await openRound(db, catalog, { institution: 'oak-school', survey: 'student-iag', year: '2025/26', tokensRequired: false })).tokensRequired).toBe(
      false,
    )
    expect((await openRound(db, catalog, { institution: 'oak-school', survey: 'parent-carer', year: '2025/26' })).tokensRequired).toBe(true)
  })
})
