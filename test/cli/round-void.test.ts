import { afterEach, describe, expect, it } from 'vitest'
import { run } from '../../src/cli/main.ts'
import { useKeySecret } from '../../src/http/rate-limit.ts'
import { arrivalWindowOf } from '../../src/rounds/arrivals.ts'
import { rows, studentAnswers, testApp } from '../support/app.ts'
import { origin } from '../support/staff.ts'

/** `signpost round void`: today's busy windows of a code-only round listed, one voided and recorded, run in this process on the test's database file. */

const opened: (() => void)[] = []
afterEach(() => {
  for (const dispose of opened.splice(0)) dispose()
  delete process.env.DATABASE_URL
  delete process.env.SIGNPOST_SECRET
})

async function signpost(...args: string[]) {
  const lines: string[] = []
  const code = await run(args, { log: (l) => lines.push(l) })
  return { code, lines }
}

describe('signpost round void', () => {
  it('lists the flood’s window, voids it by its start time, and says so; the audit log names the command line', async () => {
    // the server's secret, as the command reads it, so that the tags the app stores are the ones the command works out
    process.env.SIGNPOST_SECRET = 'round-void-test-secret'
    useKeySecret(process.env.SIGNPOST_SECRET)
    // every response in the current 10-minute window (its start), so that none falls in the next
    const windowStart = new Date(arrivalWindowOf(new Date()) * 60_000)
    const t = await testApp({ now: () => windowStart })
    opened.push(t.dispose)
    process.env.DATABASE_URL = t.url
    for (let i = 0; i < 11; i++) {
      const res = await t.app.request(`/api/surveys/${t.code}/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify({ submissionId: crypto.randomUUID(), answers: studentAnswers() }),
      })
      expect(res.status).toBe(201)
    }
    const start = windowStart.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' })
    const round = ['--institution', 'oak-school', '--survey', 'student-iag', '--year', '2025/26']
    const listed = await signpost('round', 'void', ...round)
    expect(listed.code).toBe(0)
    expect(listed.lines.join('\n')).toContain(`${start}-`)
    expect(listed.lines.join('\n')).toContain('at least 10')
    const voided = await signpost('round', 'void', ...round, '--window', start)
    expect(voided).toEqual({ code: 0, lines: [expect.stringMatching(/^Voided 11 responses that arrived .* today\. The audit log records it\.$/)] })
    expect(await rows(t.db, 'SELECT count(*) AS n FROM responses')).toEqual([{ n: 0 }])
    expect(await rows(t.db, "SELECT actor, action FROM audit_log WHERE action = 'responses.voided'")).toEqual([
      { actor: 'command line', action: 'responses.voided' },
    ])
    expect((await signpost('round', 'void', ...round)).lines).toEqual(['No 10-minute window today holds 10 responses or more: there is no flood to void.'])
  })
})
