import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadCorpus, type HostileCase } from './corpus-schema.ts'
import { hostileNow, inProcessTarget } from './in-process-target.ts'
import { corpusRunner } from './run-corpus.ts'

/**
 * Every case of the hostile-input corpus (test/hostile/corpus/*.json) against the app in this
 * process and the real embedded database. Each must get the 4xx it expects with a clear
 * message, change no stored row, leave the server serving and echo nothing unescaped. A case
 * marked `todo` is a known failure: it is expected to fail until the fix it names is made.
 */
const cases = loadCorpus()
let setup: Awaited<ReturnType<typeof inProcessTarget>>
let runner: ReturnType<typeof corpusRunner>

beforeAll(async () => {
  setup = await inProcessTarget()
  runner = corpusRunner(setup.target)
})
afterAll(() => setup?.dispose())

it('holds at least 200 cases, in every group of paths', () => {
  expect(cases.length).toBeGreaterThanOrEqual(200)
  expect(new Set(cases.map((c) => c.group))).toEqual(
    new Set([
      'survey form',
      'JSON API',
      'Write path',
      'report API and action plan',
      'sign-in and sessions',
      'dashboard',
      'dashboard import',
      'exports',
      'framework',
      'availability and small holes',
      'staff accounts',
      'single sign-on',
    ]),
  )
})

const groups = new Map<string, HostileCase[]>()
for (const c of cases) groups.set(c.group, [...(groups.get(c.group) ?? []), c])
for (const [group, list] of groups) {
  describe(group, () => {
    for (const c of list) {
      const run = async (hostile: HostileCase) => {
        const { problems, skipped } = await runner.runCase(hostile)
        // the surveys of this target have every kind of question: nothing is skipped here
        expect(skipped).toBeUndefined()
        expect(problems.join('\n')).toBe('')
      }
      if (c.todo) it.fails(`${c.name} (known failure: ${c.todo})`, () => run(c))
      else it(c.name, () => run(c))
    }
  })
}

it('ran the expired-session cases against a session that was stored and had expired', async () => {
  const rs = await setup.db.$client.execute('SELECT expires_at FROM sessions')
  const now = hostileNow.toISOString()
  expect(rs.rows.filter((r) => String(r.expires_at) <= now)).toHaveLength(1)
})
