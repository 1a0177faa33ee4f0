import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addUser } from '../../src/auth/users.ts'
import { run } from '../../src/cli/main.ts'
import { setPartnershipSettings } from '../../src/org/organisations.ts'
import { databaseWords, securityMeasures } from '../../src/privacy/dpia.ts'
import { profileQuestions, questionsOf } from '../../src/surveys/schema.ts'
import { catalog, testApp } from '../support/app.ts'
import { origin, staffPassword } from '../support/staff.ts'

/** The DPIA and records-of-processing pack (issue 19, point 6): from the configuration, never a secret. */

describe('the pack', () => {
  let t: Awaited<ReturnType<typeof testApp>>
  const saved = process.env.DATABASE_URL
  beforeEach(async () => {
    t = await testApp()
    process.env.DATABASE_URL = t.url
    await addUser(t.db, { email: 'lead@test-city.test', name: 'Lead', role: 'lead', partnership: 'test-city', password: staffPassword })
    await addUser(t.db, {
      email: 'c@oak.test',
      name: 'Coord',
      role: 'coordinator',
      partnership: 'test-city',
      institution: 'oak-school',
      password: staffPassword,
    })
    await setPartnershipSettings(t.db, 'test-city', { minCohort: 6, keepAnswersYears: 4, contact: { name: 'Test City DPO', email: 'dpo@test-city.test' } })
  })
  afterEach(() => {
    process.env.DATABASE_URL = saved
    t.dispose()
  })

  const cli = async (...args: string[]) => {
    const lines: string[] = []
    const code = await run(args, { log: (l) => lines.push(l) })
    return { code, text: lines.join('\n') }
  }

  it('describes every question of every survey, which are profile questions, the roles, suppression, retention and where the data lives', async () => {
    const { code, text } = await cli('partnership', 'dpia', '--partnership', 'test-city')
    expect(code).toBe(0)
    for (const survey of catalog.values()) {
      expect(text).toContain(`\`${survey.id}\``)
      for (const q of questionsOf(survey)) expect(text).toContain(`| ${q.key} |`)
      for (const q of profileQuestions(survey)) expect(text).toMatch(new RegExp(`\\| ${q.key} \\|[^\\n]*\\| yes: used to break results down \\|`))
    }
    expect(text).toContain('Oak School')
    expect(text).toContain('Partnership lead (1 account)')
    expect(text).toContain('Coordinator (1 account)')
    expect(text).toContain('no figure rests on fewer than 6 answers')
    expect(text).toContain('kept for 4 academic years')
    expect(text).toContain('an embedded libSQL (SQLite) database file')
    expect(text).toContain('Test City DPO, dpo@test-city.test')
    expect(text).toContain('No IP address')
  })

  it('names a libSQL server by its host only, never its token or credentials', () => {
    expect(databaseWords('libsql://user:secret@db.example.org:8080/path?authToken=abc')).toBe(
      'a libSQL server at db.example.org (libsql), run by whoever operates that host',
    )
    expect(databaseWords('file:data/signpost.db')).toContain('embedded')
  })

  it('lists only test files that exist', () => {
    const root = join(import.meta.dirname, '../..')
    for (const m of securityMeasures) for (const file of m.tests) expect(existsSync(join(root, file)), file).toBe(true)
  })

  it('refuses an unknown partnership', async () => {
    await expect(cli('partnership', 'dpia', '--partnership', 'nowhere')).rejects.toThrow(/no partnership "nowhere"/)
  })

  it('is the lead’s download in the dashboard, as Markdown', async () => {
    const signIn = await t.app.request('/sign-in', {
      method: 'POST',
      body: new URLSearchParams({ email: 'lead@test-city.test', password: staffPassword }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
    })
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .join('; ')
    const res = await t.app.request('/dashboard/dpia.md', { headers: { cookie } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/markdown')
    expect(res.headers.get('content-disposition')).toContain('test-city-dpia.md')
    expect(await res.text()).toContain('# Data protection impact assessment and record of processing: Test City Partnership')
  })
})
