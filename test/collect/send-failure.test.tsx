import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { uiText } from '../../src/collect/ui-text.ts'
import { storedCounts, studentAnswers, testApp } from '../support/app.ts'
import { origin } from '../support/staff.ts'

/**
 * Issue 22 point 5: when the database fails at Send, the form stays on screen with every answer
 * and a clear message, without JavaScript (the server's page) and with it (respond.js posts the
 * form the ordinary way on any answer but a 429, and so gets the same page). The failure is real:
 * the app's own connection is made read-only, so the write is refused by SQLite itself.
 */

let t: Awaited<ReturnType<typeof testApp>>
beforeEach(async () => {
  t = await testApp()
  vi.spyOn(console, 'error').mockImplementation(() => {})
})
afterEach(() => {
  vi.restoreAllMocks()
  t.dispose()
})

function post(fields: Record<string, string | string[]>) {
  const body = new URLSearchParams()
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one)
  return t.app.request(`/s/${t.code}`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', origin } })
}

describe('a Send the database cannot store', () => {
  it('gives the form back with every answer and says so, and the same Send goes through once the database is back', async () => {
    const submissionId = crypto.randomUUID()
    const answers = studentAnswers({ year_group: 'y10', what_would_help_most: 'Talks from <b>local</b> employers' })
    const before = await storedCounts(t.db)
    await t.db.$client.execute('PRAGMA query_only = ON')
    const res = await post({ submissionId, ...answers })
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('60')
    const html = await res.text()
    expect(html).toContain(uiText('en').text.notSaved)
    expect(html).not.toContain('Something went wrong')
    // every answer is still chosen, the free text kept (escaped), and the same submission id, so a second Send is the same response
    expect(html).toMatch(/id="q-year_group-y10" name="year_group" value="y10" checked/)
    const agreement = Object.keys(answers).find((k) => answers[k] === '4')!
    expect(html).toMatch(new RegExp(`name="${agreement}" value="4" checked`))
    expect(html).toContain('Talks from &lt;b&gt;local&lt;/b&gt; employers')
    expect(html).toContain(`value="${submissionId}"`)
    await t.db.$client.execute('PRAGMA query_only = OFF')
    expect(await storedCounts(t.db)).toEqual(before)
    const again = await post({ submissionId, ...answers })
    expect(again.status).toBe(303)
    expect((await storedCounts(t.db))!.responses).toBe(Number(before!.responses) + 1)
  })

  it('says so in the respondent’s language, not as a busy server', async () => {
    await t.db.$client.execute('PRAGMA query_only = ON')
    const res = await post({ submissionId: crypto.randomUUID(), _lang: 'pl', ...studentAnswers({ year_group: 'y10' }) })
    expect(res.status).toBe(503)
    const html = await res.text()
    // the alert at the top of the form (the busy words stay only in the script's data, for a 429)
    const alert = /id="not-sent"[^>]*>([^<]*)</.exec(html)![1]
    expect(alert).toBe(uiText('pl').text.notSaved)
  })
})
