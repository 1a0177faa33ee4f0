import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { automatedChecks, axeRuleSets } from '../../src/privacy/accessibility-checks.ts'
import { setPartnershipSettings } from '../../src/org/organisations.ts'
import { testApp } from '../support/app.ts'
import { visibleText } from '../framework/support.ts'

/**
 * The accessibility statement (issue 19, point 5): in the parts the 2018 regulations ask for,
 * from the partnership's settings, and listing exactly the automated checks the suite runs.
 */

const root = join(import.meta.dirname, '../..')

describe('the checks the statement lists', () => {
  it('are exactly the browser test files that run axe-core', () => {
    const dir = join(root, 'test/browser')
    const runningAxe = readdirSync(dir)
      .filter((f) => f.endsWith('.test.ts'))
      .filter((f) => /\b(expectNoSeriousViolations|seriousViolations)\(/.test(readFileSync(join(dir, f), 'utf8')))
      .map((f) => `test/browser/${f}`)
      .sort()
    expect(automatedChecks.map((c) => c.file).sort()).toEqual(runningAxe)
  })

  it('name the rule sets axe is run with', () => {
    const support = readFileSync(join(root, 'test/browser/support.ts'), 'utf8')
    const values = /runOnly:\s*\{[^}]*values:\s*\[([^\]]*)\]/.exec(support)![1]!
    expect([...values.matchAll(/'([^']+)'/g)].map((m) => m[1])).toEqual([...axeRuleSets])
    expect(support).toMatch(/'target-size':\s*\{\s*enabled:\s*true\s*\}/)
  })
})

describe('GET /accessibility', () => {
  let t: Awaited<ReturnType<typeof testApp>>
  beforeEach(async () => {
    t = await testApp()
  })
  afterEach(() => t.dispose())

  const page = async () => {
    const res = await t.app.request('http://signpost.test/accessibility')
    expect(res.status).toBe(200)
    return visibleText(await res.text())
  }

  it('has every part the regulations ask for', async () => {
    const text = await page()
    for (const heading of [
      'How accessible this website is',
      'Feedback, contact information and other formats',
      'Enforcement procedure',
      'Technical information about this website’s accessibility',
      'Compliance status',
      'Non-accessible content',
      'Preparation of this accessibility statement',
    ]) {
      expect(text).toContain(heading)
    }
    expect(text).toContain('Web Content Accessibility Guidelines version 2.2 AA standard')
    expect(text).toContain('Equality and Human Rights Commission')
    expect(text).toContain('signpost.test')
    for (const c of automatedChecks) expect(text).toContain(c.file)
    // it says what is checked, never that the checks passed
    expect(text).not.toMatch(/\bpass(es|ed)?\b/i)
  })

  it('takes who runs it, the contact and the date of the last review from the settings', async () => {
    const before = await page()
    expect(before).toContain('It is run by Test City Partnership')
    expect(before).toContain('has not yet recorded a review')
    await setPartnershipSettings(t.db, 'test-city', {
      contact: { name: 'Test City web team', email: 'web@test-city.test' },
      accessibilityReviewedOn: '2026-09-01',
    })
    const after = await page()
    expect(after).toContain('Test City web team')
    expect(after).toContain('web@test-city.test')
    expect(after).toContain('last reviewed by Test City Partnership on 1 September 2026')
  })
})
