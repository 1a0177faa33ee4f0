import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { createClient } from '@libsql/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { run } from '../../src/cli/main.ts'

/** `signpost framework import | criteria | show`, in process and as the real command. */

const exec = promisify(execFile)
const bin = join(import.meta.dirname, '../../src/cli/signpost.js')

let dir: string
let url: string
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'signpost-framework-cli-'))
  url = `file:${join(dir, 'cli.db')}`
  process.env.DATABASE_URL = url
  for (const args of [
    ['partnership', 'add', 'derby', '--name', 'Derby City'],
    ['institution', 'add', 'oak-school', '--partnership', 'derby', '--name', 'Oak School'],
    ['institution', 'add', 'ash-college', '--partnership', 'derby', '--name', 'Ash College'],
    ['institution', 'add', 'elm-academy', '--partnership', 'derby', '--name', 'Elm Academy'],
  ]) {
    expect(await inProcess(...args)).toMatchObject({ code: 0 })
  }
})
afterAll(() => {
  delete process.env.DATABASE_URL
  rmSync(dir, { recursive: true, force: true })
})

async function inProcess(...args: string[]) {
  const lines: string[] = []
  const code = await run(args, { log: (l) => lines.push(l) })
  return { code, lines, text: lines.join('\n') }
}

async function signpost(...args: string[]) {
  try {
    const { stdout, stderr } = await exec(process.execPath, [bin, ...args], { env: { ...process.env, DATABASE_URL: url } })
    return { code: 0, stdout, stderr }
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string }
    return { code: err.code, stdout: err.stdout, stderr: err.stderr }
  }
}

const file = (name: string, text: string) => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

const entries = async () => {
  const db = createClient({ url })
  const rs = await db.execute(
    'SELECT i.slug, e.year, e.y11_eet, e.quality_award, e.staffing FROM framework_entries e JOIN institutions i ON i.id = e.institution_id ORDER BY i.slug',
  )
  db.close()
  return rs.rows.map((r) => ({ ...r }))
}

describe('signpost framework', () => {
  it('import refuses a file with problems, printing each with its row and column, and stores nothing', async () => {
    const bad = file('bad.csv', 'institution,y11_eet,staffing\noak-school,93.1,level-4\nnowhere-school,90,\nash-college,88,level 9\n')
    const res = await signpost('framework', 'import', bad, '--partnership', 'derby', '--year', '2025/26')
    expect(res.code).toBe(1)
    expect(res.stdout).toContain(`Nothing was imported from ${bad}: 2 problems.`)
    expect(res.stdout).toContain('row 3, column “institution”: “nowhere-school” is not an institution of this partnership')
    expect(res.stdout).toContain('row 4, column “staffing”: “level 9” is not one of the statements')
    expect(await entries()).toEqual([])
  })

  it('import stores one row per institution', async () => {
    const good = file(
      'good.csv',
      'institution,y11_eet,quality_award,staffing\noak-school,93.1,gained,level-4\nAsh College,88,none,no-cpd\nelm-academy,91,working-towards,some-cpd\n',
    )
    const res = await signpost('framework', 'import', good, '--partnership', 'derby', '--year', '2025/26')
    expect(res.code).toBe(0)
    expect(res.stdout).toContain('Stored the framework figures of 3 institutions for 2025/26: Oak School, Ash College, Elm Academy.')
    expect(await entries()).toEqual([
      { slug: 'ash-college', year: '2025/26', y11_eet: 88, quality_award: 'none', staffing: 'no-cpd' },
      { slug: 'elm-academy', year: '2025/26', y11_eet: 91, quality_award: 'working-towards', staffing: 'some-cpd' },
      { slug: 'oak-school', year: '2025/26', y11_eet: 93.1, quality_award: 'gained', staffing: 'level-4' },
    ])
  })

  it('criteria prints the year’s criteria, saves a JSON file as them, and refuses a wrong one saying where', async () => {
    const shown = await inProcess('framework', 'criteria', '--partnership', 'derby', '--year', '2025/26')
    expect(shown.code).toBe(0)
    expect(JSON.parse(shown.text)).toMatchObject({
      year: '2025/26',
      source: 'the defaults (nothing saved yet)',
      criteria: { y11: { atWidth: 0.5, gapBand: 'Amber/Red' } },
    })

    const wrong = file('wrong.json', JSON.stringify({ y11: { amberRedDepth: 6, redDepth: 5 } }))
    const refused = await signpost('framework', 'criteria', '--partnership', 'derby', '--year', '2025/26', '--set', wrong)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('y11.redDepth: the Red depth must be at least the Amber/Red depth')

    const right = file('right.json', JSON.stringify({ y11: { gapBand: 'Red' }, overall: { method: 'lowest' } }))
    const saved = await inProcess('framework', 'criteria', '--partnership', 'derby', '--year', '2025/26', '--set', right)
    expect(saved.code).toBe(0)
    const again = JSON.parse((await inProcess('framework', 'criteria', '--partnership', 'derby', '--year', '2026/27')).text)
    expect(again).toMatchObject({ source: 'carried over from 2025/26', criteria: { y11: { gapBand: 'Red' }, overall: { method: 'lowest' } } })
  })

  it('show prints every institution’s ratings with reasons, and the same as JSON', async () => {
    // city average (93.1 + 88 + 91) / 3 = 90.7. Ash 88 is 2.7 below: the open band, Red by the saved setting.
    const res = await inProcess('framework', 'show', '--partnership', 'derby', '--year', '2025/26')
    expect(res.code).toBe(0)
    expect(res.text).toContain('Derby City: IAG Improvement Framework 2025/26. Criteria: saved for 2025/26.')
    expect(res.text).toMatch(/Ash College: Red \(provisional\)/)
    expect(res.text).toMatch(/Year 11 EET\s+Red\s+88% against a city average of 90.7% \(the mean of 3 institutions\): 2.7 points below/)
    expect(res.text).toMatch(/Oak School: Green \(provisional\)/) // 93.1 is 2.4 above; award gained; Level 4
    expect(res.text).toMatch(/Destination Measure\s+Not rated \(not entered\)/)
    const json = JSON.parse((await inProcess('framework', 'show', '--partnership', 'derby', '--year', '2025/26', '--json')).text)
    expect(
      json.rows.map((r: { current: { institution: { slug: string }; overall: { rating: string } } }) => [r.current.institution.slug, r.current.overall.rating]),
    ).toEqual([
      ['ash-college', 'Red'],
      ['elm-academy', 'Amber/Red'],
      ['oak-school', 'Green'],
    ])
  })

  it('explains a missing or wrong argument', async () => {
    expect((await signpost('framework', 'import', '--partnership', 'derby', '--year', '2025/26')).stderr).toContain('missing the CSV file to import')
    expect((await signpost('framework', 'show', '--partnership', 'nowhere', '--year', '2025/26')).stderr).toContain('no partnership "nowhere"')
    expect((await signpost('framework', 'show', '--partnership', 'derby')).stderr).toContain('missing --year')
    expect((await signpost('framework', 'show', '--partnership', 'derby', '--year', '2025-26')).stderr).toContain('an academic year is written like 2025/26')
    const help = await signpost('--help')
    expect(help.stdout).toContain('framework import FILE --partnership <slug> --year 2025/26')
  })
})
