import { describe, expect, it } from 'vitest'
import { issueTokens, openRound } from '../../src/rounds/rounds.ts'
import { catalog, rows, testApp } from '../support/app.ts'

/** What a respondent leaves behind: the schema and the stored rows, inspected. */
describe('anonymity of respondents', () => {
  it('stores no address, browser, name or exact time with a response, and nothing that links a token to it', async () => {
    const t = await testApp({ now: () => new Date('2025-11-20T13:37:42Z') })
    try {
      const columns = async (table: string) => (await rows(t.db, `PRAGMA table_info(${table})`)).map((c) => String(c.name))
      expect(await columns('responses')).toEqual(['id', 'round_id', 'submission_id', 'submitted_on', 'language'])
      expect(await columns('answers')).toEqual(['response_id', 'round_id', 'question_key', 'value', 'scale'])
      expect(await columns('used_tokens')).toEqual(['token_hash'])
      expect(await columns('access_tokens')).toEqual(['token_hash', 'round_id', 'label'])
      for (const table of ['responses', 'answers']) {
        const fks = (await rows(t.db, `PRAGMA foreign_key_list(${table})`)).map((f) => String(f.table))
        expect(fks.filter((f) => /token/.test(f))).toEqual([])
      }

      const round = await openRound(t.db, catalog, { institution: 'oak-school', survey: 'parent-carer', year: '2025/26', tokensRequired: true })
      const [token] = await issueTokens(t.db, round, 1)
      const res = await t.app.request(`/api/surveys/${token}/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Mozilla/5.0 TracerAgent/9.9', 'x-forwarded-for': '203.0.113.77', 'cf-connecting-ip': '203.0.113.78' },
        body: JSON.stringify({ submissionId: 'anon-check-1', answers: { year_group: 'y9' } }),
      })
      expect(res.status).toBe(201)

      const tables = (await rows(t.db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'")).map((r) => String(r.name))
      const everything = JSON.stringify(await Promise.all(tables.map((name) => rows(t.db, `SELECT * FROM ${name}`))))
      for (const trace of ['TracerAgent', '203.0.113.77', '203.0.113.78', '13:37', token!, token!.replace('-', '')]) expect(everything).not.toContain(trace)
      const [stored] = await rows(t.db, "SELECT submitted_on FROM responses WHERE submission_id = 'anon-check-1'")
      expect(stored!.submitted_on).toBe('2025-11-20')
    } finally {
      t.dispose()
    }
  })
})
