import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient } from '@libsql/client'
import { run } from '../../src/cli/main.ts'
import { analysisSettingsSchema } from '../../src/org/settings.ts'

const exec = promisify(execFile)
const bin = join(import.meta.dirname, '../../src/cli/signpost.js')

let dir: string
let url: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'signpost-cli-'))
  url = `file:${join(dir, 'cli.db')}`
  process.env.DATABASE_URL = url
})
afterAll(() => {
  delete process.env.DATABASE_URL
  rmSync(dir, { recursive: true, force: true })
})

/** Runs the real `signpost` command in its own process. */
async function signpost(...args: string[]) {
  try {
    const { stdout, stderr } = await exec(process.execPath, [bin, ...args], { env: { ...process.env, DATABASE_URL: url } })
    return { code: 0, stdout, stderr }
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string }
    return { code: err.code, stdout: err.stdout, stderr: err.stderr }
  }
}

async function inProcess(...args: string[]) {
  const lines: string[] = []
  const code = await run(args, { log: (l) => lines.push(l) })
  return { code, lines }
}

describe('signpost command', () => {
  it('prints help, and exits 1 with a clear message on a bad command or missing option', async () => {
    const help = await signpost('--help')
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('surveys check')
    const bad = await signpost('frobnicate')
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('unknown command "frobnicate"')
    const missing = await signpost('round', 'open', '--institution', 'x')
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('missing --survey')
  })

  it('checks the survey files', async () => {
    const res = await signpost('surveys', 'check')
    expect(res.code).toBe(0)
    expect(res.stdout).toContain('ok  student-iag')
  })

  it('lists surveys as JSON with each question’s key, kind, area and priority flag', async () => {
    const { code, lines } = await inProcess('surveys', 'list', '--json')
    expect(code).toBe(0)
    const list = JSON.parse(lines.join('\n'))
    const student = list.find((s: { id: string }) => s.id === 'student-iag')
    expect(student.audience).toBe('student')
    expect(student.questions.find((q: { kind: string }) => q.kind === 'agreement')).toMatchObject({ area: expect.any(String), priority: true })
    expect(student.questions.find((q: { key: string }) => q.key === 'year_group')).toMatchObject({ kind: 'single', priority: false })
  })

  it('sets up a partnership, an institution and a round, printing the round code last', async () => {
    expect((await inProcess('partnership', 'add', 'derby', '--name', 'Derby City')).code).toBe(0)
    expect((await inProcess('institution', 'add', 'ash-college', '--partnership', 'derby', '--name', 'Ash College')).code).toBe(0)
    const opened = await signpost('round', 'open', '--institution', 'ash-college', '--survey', 'student-iag', '--year', '2025/26')
    expect(opened.code).toBe(0)
    const code = opened.stdout.trim().split('\n').at(-1)!
    expect(code).toMatch(/^[A-Z2-9]{6}$/)
    const db = createClient({ url })
    const rs = await db.execute({ sql: 'SELECT status, year FROM rounds WHERE code = ?', args: [code] })
    expect(rs.rows[0]).toMatchObject({ status: 'open', year: '2025/26' })
    // a student round needs one-time codes unless the opener chose code only
    expect((await db.execute({ sql: 'SELECT tokens_required FROM rounds WHERE code = ?', args: [code] })).rows[0]!.tokens_required).toBe(1)
    expect(opened.stdout).toContain('(one-time tokens required)')
    const closed = await inProcess('round', 'close', '--institution', 'ash-college', '--survey', 'student-iag', '--year', '2025/26')
    expect(closed.code).toBe(0)
    expect((await db.execute({ sql: 'SELECT status FROM rounds WHERE code = ?', args: [code] })).rows[0]!.status).toBe('closed')
    db.close()
  })

  it('shows a partnership’s settings with their defaults, and replaces them from a checked JSON file', async () => {
    const shown = await inProcess('partnership', 'settings', 'derby')
    expect(shown.code).toBe(0)
    // every setting is shown, with its default (the schema's other settings have tests of their own)
    const defaults = JSON.parse(shown.lines.join('\n'))
    expect(Object.keys(defaults).sort()).toEqual(Object.keys(analysisSettingsSchema.shape).sort())
    expect(defaults).toMatchObject({
      minCohort: 5,
      minFreeTextCohort: 10,
      coordinatorsMayExportAnswers: false,
      maxImportRows: 20000,
      minRoundSize: 10,
      keepAnswersYears: 3,
      contact: null,
      submissionLimit: { max: 600, windowMinutes: 10 },
    })
    const file = join(dir, 'settings.json')
    writeFileSync(file, JSON.stringify({ minCohort: 7, submissionLimit: { max: 50 } }))
    const saved = await signpost('partnership', 'settings', 'derby', '--set', file)
    expect(saved.code).toBe(0)
    const expected = { ...defaults, minCohort: 7, submissionLimit: { max: 50, windowMinutes: 10 } }
    expect(JSON.parse((await inProcess('partnership', 'settings', 'derby')).lines.join('\n'))).toEqual(expected)
    // a value out of range, an unknown key, a file that is not JSON: refused, saying where, nothing changed
    writeFileSync(file, JSON.stringify({ minCohort: 1 }))
    const low = await signpost('partnership', 'settings', 'derby', '--set', file)
    expect(low.code).toBe(1)
    expect(low.stderr).toContain('minCohort')
    writeFileSync(file, JSON.stringify({ minCohrt: 8 }))
    const unknown = await signpost('partnership', 'settings', 'derby', '--set', file)
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('minCohrt')
    writeFileSync(file, '{ minCohort: 8')
    const broken = await signpost('partnership', 'settings', 'derby', '--set', file)
    expect(broken.code).toBe(1)
    expect(broken.stderr).toContain('is not valid JSON')
    expect(JSON.parse((await inProcess('partnership', 'settings', 'derby')).lines.join('\n'))).toEqual(expected)
    expect((await signpost('partnership', 'settings', 'nowhere')).stderr).toContain('no partnership "nowhere"')
  })

  it('opens student rounds with one-time tokens unless --code-only, parent rounds code only unless --tokens-required', async () => {
    const access = async (survey: string, year: string, ...flags: string[]) => {
      const opened = await signpost('round', 'open', '--institution', 'ash-college', '--survey', survey, '--year', year, ...flags)
      expect(opened.code, opened.stderr).toBe(0)
      const code = opened.stdout.trim().split('\n').at(-1)!
      const db = createClient({ url })
      const row = (await db.execute({ sql: 'SELECT tokens_required FROM rounds WHERE code = ?', args: [code] })).rows[0]!
      db.close()
      return { tokensRequired: row.tokens_required === 1, stdout: opened.stdout }
    }
    const codeOnly = await access('student-iag', '2026/27', '--code-only')
    expect(codeOnly.tokensRequired).toBe(false)
    expect(codeOnly.stdout).toContain('anyone with the code can answer, more than once')
    expect((await access('parent-carer', '2026/27')).tokensRequired).toBe(false)
    expect((await access('parent-carer', '2027/28', '--tokens-required')).tokensRequired).toBe(true)
    expect((await access('student-iag', '2027/28')).tokensRequired).toBe(true)
    const both = await signpost(
      'round',
      'open',
      '--institution',
      'ash-college',
      '--survey',
      'student-iag',
      '--year',
      '2028/29',
      '--code-only',
      '--tokens-required',
    )
    expect(both.code).toBe(1)
    expect(both.stderr).toContain('not both')
    expect((await signpost('--help')).stdout).toContain('--code-only')
  })

  it('refuses a badly written academic year, naming the rule', async () => {
    const res = await signpost('round', 'open', '--institution', 'ash-college', '--survey', 'student-iag', '--year', '2025/27')
    expect(res.code).toBe(1)
    expect(res.stderr).toContain('year: the second part must be the year after the first')
  })

  it('issues one-time tokens that are stored only as hashes', async () => {
    await inProcess('round', 'open', '--institution', 'ash-college', '--survey', 'parent-carer', '--year', '2025/26', '--tokens-required')
    const { code, lines } = await inProcess(
      'round',
      'tokens',
      '--institution',
      'ash-college',
      '--survey',
      'parent-carer',
      '--year',
      '2025/26',
      '--count',
      '5',
      '--label',
      '10B',
    )
    expect(code).toBe(0)
    const tokens = lines.slice(1)
    expect(tokens).toHaveLength(5)
    const db = createClient({ url })
    const stored = (await db.execute('SELECT token_hash FROM access_tokens')).rows.map((r) => String(r.token_hash))
    db.close()
    expect(stored).toHaveLength(5)
    for (const t of tokens) expect(stored).not.toContain(t)
  })

  it('demo creates five institutions with three years of all four surveys, and prints the open codes', async () => {
    const { code, lines } = await inProcess('demo')
    expect(code).toBe(0)
    // 6 characters for a round with one-time codes, 8 for one the code alone opens
    const codes = lines.filter((l) => /^\s+(?:[A-Z2-9]{6}|[A-Z2-9]{8})\s/.test(l))
    // this year's round of each of the four surveys at each of the five institutions
    expect(codes).toHaveLength(20)
    const db = createClient({ url })
    const perYear = (
      await db.execute(`SELECT r.year, count(DISTINCT r.institution_id) AS institutions, count(DISTINCT r.survey_id) AS surveys, count(s.id) AS responses
        FROM rounds r JOIN institutions i ON i.id = r.institution_id JOIN partnerships p ON p.id = i.partnership_id
        LEFT JOIN responses s ON s.round_id = r.id WHERE p.slug = 'demo-partnership' GROUP BY r.year ORDER BY r.year`)
    ).rows
    db.close()
    expect(perYear).toHaveLength(3)
    for (const y of perYear) expect(y).toMatchObject({ institutions: 5, surveys: 4 })
    for (const y of perYear) expect(Number(y.responses)).toBeGreaterThan(100)
    const again = await inProcess('demo')
    expect(again.lines[0]).toContain('already exists')
  })
})
