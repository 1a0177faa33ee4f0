import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import type { Db } from '../../src/db/database.ts'
import { openRound } from '../../src/rounds/rounds.ts'
import { oakSchool } from '../support/oak-school.ts'
import { catalog, studentAnswers } from '../support/app.ts'
import { signIn } from '../support/staff.ts'

/**
 * Round codes a guesser cannot find: a round the code alone opens has an 8-character code
 * (31^8: about 5.4 years to find one of 1,000 open rounds at 300 failed look-ups a minute), a
 * round that needs one-time codes keeps 6 (its code admits no one).
 */
let db: Db
let dispose: () => void
let app: ReturnType<typeof createApp>
let oak: number

beforeEach(async () => {
  ;({ db, dispose, app, oak } = await oakSchool())
})
afterEach(() => dispose())

describe('round codes', () => {
  it('are 8 characters for a round the code alone opens, 6 for one that needs one-time codes, from the alphabet without look-alikes', async () => {
    const codeOnly = await openRound(db, catalog, { institution: 'oak-school', survey: 'parent-carer', year: '2025/26' })
    const studentCodeOnly = await openRound(db, catalog, { institution: 'oak-school', survey: 'student-iag', year: '2025/26', tokensRequired: false })
    const withTokens = await openRound(db, catalog, { institution: 'oak-school', survey: 'student-iag', year: '2026/27' })
    expect(codeOnly.tokensRequired).toBe(false)
    expect(codeOnly.code).toMatch(/^[A-HJKMNP-Z2-9]{8}$/)
    expect(studentCodeOnly.code).toMatch(/^[A-HJKMNP-Z2-9]{8}$/)
    expect(withTokens.tokensRequired).toBe(true)
    expect(withTokens.code).toMatch(/^[A-HJKMNP-Z2-9]{6}$/)
  })

  it('an 8-character code typed in two groups, with a space or a hyphen, in lower case, opens its round', async () => {
    const round = await openRound(db, catalog, { institution: 'oak-school', survey: 'student-iag', year: '2025/26', tokensRequired: false })
    for (const typed of [`${round.code.slice(0, 4)} ${round.code.slice(4)}`, `${round.code.slice(0, 4)}-${round.code.slice(4)}`.toLowerCase()]) {
      const page = await app.request(`/s/${encodeURIComponent(typed)}`)
      expect(page.status).toBe(200)
      const posted = await app.request(`/api/surveys/${encodeURIComponent(typed)}/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ submissionId: crypto.randomUUID(), answers: studentAnswers() }),
      })
      expect(posted.status).toBe(201)
    }
  })

  it('the access sheet prints an 8-character code in two groups of four, and links the whole code', async () => {
    const round = await openRound(db, catalog, { institution: 'oak-school', survey: 'student-iag', year: '2025/26', tokensRequired: false })
    const cookie = await signIn(app, 'coordinator@oak.test')
    const res = await app.request(`/dashboard/institutions/${oak}/rounds/${round.id}/sheet`, { headers: { cookie } })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain(
      `<p class="sheet-code"><span class="sheet-code-group">${round.code.slice(0, 4)}</span><span class="sheet-code-group">${round.code.slice(4)}</span></p>`,
    )
    expect(html).toContain(`/s/${round.code}`)
  })
})
