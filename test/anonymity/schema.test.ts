import { describe, expect, it } from 'vitest'
import { hashToken } from '../../src/rounds/codes.ts'
import { issueTokens, openRound } from '../../src/rounds/rounds.ts'
import { catalog, rows, testApp } from '../support/app.ts'

/** What a respondent leaves behind: the schema and the stored rows, inspected. */
describe('anonymity of respondents', () => {
  it('stores no address, browser, name or exact time with a response, and nothing that links a token to it', async () => {
    const t = await testApp({ now: () => new Date('2025-11-20T13:37:42Z') })
    try {
      const columns = async (table: string) => (await rows(t.db, `PRAGMA table_info(${table})`)).map((c) => String(c.name))
      expect(await columns('responses')).toEqual(['id', 'round_id', 'submission_id', 'submitted_on', 'language', 'void_tag', 'in_figures'])
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
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Mozilla/5.0 TracerAgent/9.9',
          'x-forwarded-for': '203.0.113.77',
          'cf-connecting-ip': '203.0.113.78',
        },
        body: JSON.stringify({ submissionId: '0f8e7d6c-5b4a-4392-8170-6e5d4c3b2a19', answers: { year_group: 'y9' } }),
      })
      expect(res.status).toBe(201)

      const tables = (await rows(t.db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'")).map(
        (r) => String(r.name),
      )
      const everything = JSON.stringify(await Promise.all(tables.map((name) => rows(t.db, `SELECT * FROM ${name}`))))
      for (const trace of ['TracerAgent', '203.0.113.77', '203.0.113.78', '13:37', token!, token!.replace('-', '')]) expect(everything).not.toContain(trace)
      const [stored] = await rows(t.db, "SELECT submitted_on FROM responses WHERE submission_id = '0f8e7d6c-5b4a-4392-8170-6e5d4c3b2a19'")
      expect(stored!.submitted_on).toBe('2025-11-20')
    } finally {
      t.dispose()
    }
  })

  it('keeps no order of use for tokens, so a token’s label cannot be lined up with the responses’ order', async () => {
    const t = await testApp()
    try {
      const round = await openRound(t.db, catalog, { institution: 'oak-school', survey: 'parent-carer', year: '2025/26', tokensRequired: true })
      // one label per token, as a school could do: the worst case
      const tokens = await Promise.all(
        ['Ann', 'Ben', 'Cat', 'Dev', 'Eve', 'Fay'].map(async (label) => ({ label, token: (await issueTokens(t.db, round, 1, label))[0]! })),
      )
      const hashed = await Promise.all(tokens.map(async (x) => ({ ...x, hash: await hashToken(x.token) })))
      // used in the reverse of their hashes' order
      const used = [...hashed].sort((a, b) => (a.hash < b.hash ? 1 : -1))
      for (const [i, x] of used.entries()) {
        const res = await t.app.request(`/api/surveys/${x.token}/responses`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ submissionId: crypto.randomUUID(), answers: { year_group: i % 2 ? 'y9' : 'y10' } }),
        })
        expect(res.status).toBe(201)
      }
      // the stored order of used tokens is the hashes' order, not the order of use, and there is no rowid to sort by
      const stored = (await rows(t.db, 'SELECT token_hash FROM used_tokens')).map((r) => String(r.token_hash))
      expect(stored).toEqual(used.map((x) => x.hash).sort())
      expect(stored).not.toEqual(used.map((x) => x.hash))
      await expect(rows(t.db, 'SELECT rowid FROM used_tokens')).rejects.toThrow(/no such column/)
    } finally {
      t.dispose()
    }
  })
})
