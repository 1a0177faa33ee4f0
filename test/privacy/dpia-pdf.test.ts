/**
 * The DPIA pack as a PDF (issue 19, point 6): the lead downloads it from the overview, and the
 * bytes are read back with Debian's poppler-utils (pdftotext, pdfinfo) as a reader would see them.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addUser } from '../../src/auth/users.ts'
import { setPartnershipSettings } from '../../src/org/organisations.ts'
import { questionsOf } from '../../src/surveys/schema.ts'
import { catalog, testApp } from '../support/app.ts'
import { origin, staffPassword } from '../support/staff.ts'

describe('the DPIA pack as a PDF', () => {
  let t: Awaited<ReturnType<typeof testApp>>
  beforeEach(async () => {
    t = await testApp()
    await addUser(t.db, { email: 'lead@test-city.test', name: 'Lead', role: 'lead', partnership: 'test-city', password: staffPassword })
    await addUser(t.db, {
      email: 'c@oak.test',
      name: 'Coord',
      role: 'coordinator',
      partnership: 'test-city',
      institution: 'oak-school',
      password: staffPassword,
    })
    await setPartnershipSettings(t.db, 'test-city', { keepAnswersYears: 4, contact: { name: 'Test City DPO', email: 'dpo@test-city.test' } })
  })
  afterEach(() => t.dispose())

  const signedIn = async (email: string) =>
    (
      await t.app.request('/sign-in', {
        method: 'POST',
        body: new URLSearchParams({ email, password: staffPassword }),
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      })
    ).headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .join('; ')

  it('is the lead’s download, with the Markdown’s text, linked from the lead’s overview', async () => {
    const cookie = await signedIn('lead@test-city.test')
    const overview = await (await t.app.request('/dashboard', { headers: { cookie } })).text()
    expect(overview).toContain('href="/dashboard/dpia.pdf"')
    expect(overview).toContain('href="/dashboard/dpia.md"')
    const res = await t.app.request('/dashboard/dpia.pdf', { headers: { cookie } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toContain('test-city-dpia.pdf')
    const dir = mkdtempSync(join(tmpdir(), 'signpost-dpia-'))
    try {
      const file = join(dir, 'dpia.pdf')
      writeFileSync(file, new Uint8Array(await res.arrayBuffer()))
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
      expect(text).toContain('Data protection impact assessment and record of processing: Test City Partnership')
      expect(text).toContain('Test City DPO')
      expect(text).toContain('kept for 4 academic years')
      // every survey's questions, with their keys, as in the Markdown
      for (const survey of catalog.values()) for (const q of questionsOf(survey)) expect(text, q.key).toContain(q.key)
      expect(text).not.toMatch(/\*\*|`/)
      expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Pages:\s+[2-9]/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
    // a coordinator may not
    expect((await t.app.request('/dashboard/dpia.pdf', { headers: { cookie: await signedIn('c@oak.test') } })).status).toBe(403)
  })
})
