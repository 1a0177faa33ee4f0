import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { caseSchema, type HostileCase } from './corpus-schema.ts'
import { corpusRunner, expand, expandJson, type HostileTarget } from './run-corpus.ts'

/**
 * The runner's own checks can fail: a target that answers 500, stores a row, echoes markup
 * or answers the API with a page is caught. (This target is a deliberately broken toy, not
 * Signpost; the corpus itself runs against the real app in hostile.test.ts.)
 */
function brokenTarget() {
  const rows: string[] = []
  const survey = {
    id: 's',
    sections: [
      {
        questions: [
          { key: 'q1', kind: 'agreement' },
          { key: 'y', kind: 'single', required: true, options: [{ value: 'a' }] },
        ],
      },
    ],
  }
  const app = new Hono()
    .get('/api/surveys/:code', (c) => c.json({ survey: { ...survey, id: c.req.param('code') } }))
    .get('/healthz', (c) => c.text('ok'))
    .get('/crash', (c) => c.text('boom', 500))
    .post('/store', async (c) => {
      rows.push(await c.req.text())
      return c.html('<html><head><title>Stored</title></head><body><h1>Refused</h1></body></html>', 400)
    })
    .get('/echo', (c) => c.html(`<html><head><title>Echo</title></head><body><h1>Not found</h1>${c.req.query('q')}</body></html>`, 404))
    .get('/api/page', (c) => c.html('<h1>Refused</h1>', 400))
    .get('/api/vague', (c) => c.json({ error: 'no' }, 400))
  const target: HostileTarget = {
    origin: 'http://localhost',
    vars: { code: 'CODE1', parentCode: 'CODE2' },
    fetch: async (req) => app.fetch(req),
    snapshot: async () => ({ rows: [...rows] }),
    signIn: async () => 'session=x',
  }
  return corpusRunner(target)
}

const hostile = (c: Record<string, unknown>): HostileCase => ({ ...caseSchema.parse({ method: 'GET', ...c }), group: 'test' })

describe('the corpus runner', () => {
  const runner = brokenTarget()
  it('catches a server error', async () => {
    const { problems } = await runner.runCase(hostile({ name: 'crash', path: '/crash', expect: { status: 400 } }))
    expect(problems).toContain('a malicious request got 500: it must get a 4xx')
  })
  it('catches a stored row', async () => {
    const { problems } = await runner.runCase(hostile({ name: 'store', method: 'POST', path: '/store', body: { text: 'x' }, expect: { status: 400 } }))
    expect(problems.join()).toContain('the database changed')
  })
  it('catches markup echoed unescaped, whatever its case', async () => {
    const { problems } = await runner.runCase(hostile({ name: 'echo', path: '/echo?q=%3CSCRIPT%3EALERT(1)%3C%2FSCRIPT%3E', expect: { status: 404 } }))
    expect(problems.join()).toContain('echoes markup unescaped')
  })
  it('catches an API error that is a page, or that has no clear message and issues', async () => {
    expect((await runner.runCase(hostile({ name: 'page', path: '/api/page', expect: { status: 400 } }))).problems.join()).toContain('must be JSON')
    const vague = (await runner.runCase(hostile({ name: 'vague', path: '/api/vague', expect: { status: 400, issues: ['answers'] } }))).problems.join()
    expect(vague).toContain('no clear "error" message')
    expect(vague).toContain('no "issues" list')
  })
  it('skips a case whose variable the target cannot give', async () => {
    const { skipped } = await runner.runCase(hostile({ name: 'skip', path: '/s/{{multipleKey}}', expect: { status: 404 } }))
    expect(skipped).toContain('multipleKey')
  })
})

describe('templates', () => {
  const vars = { code: 'ABC', validAnswers: JSON.stringify({ q1: '4', y: 'a' }) }
  it('fills variables and generators', () => {
    expect(expand('/s/{{code}}/{{pad:3}}{{nest:2}}', vars)).toBe('/s/ABC/aaa[[]]')
    expect(expand('{{list:2:code}}|{{fields:2}}', vars)).toBe('"ABC","ABC"|f0=1&f1=1')
  })
  it('merges valid answers, leaves keys out, and keeps __proto__ a plain key', () => {
    const out = expandJson({ $merge: 'validAnswers', $omit: ['y'], q1: '9', ['__proto__']: { polluted: true } }, vars) as Record<string, unknown>
    expect(JSON.stringify(out)).toBe('{"q1":"9","__proto__":{"polluted":true}}')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})
