import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/** `signpost partnership list` and `signpost institution list`: the real command, in its own process, on a file database. */

const exec = promisify(execFile)
const bin = join(import.meta.dirname, '../../src/cli/signpost.js')

let dir: string
let url: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'signpost-list-'))
  url = `file:${join(dir, 'cli.db')}`
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

async function signpost(...args: string[]) {
  try {
    const { stdout, stderr } = await exec(process.execPath, [bin, ...args], { env: { ...process.env, DATABASE_URL: url } })
    return { code: 0, stdout, stderr }
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string }
    return { code: err.code, stdout: err.stdout, stderr: err.stderr }
  }
}

describe('signpost partnership list and institution list', () => {
  it('on a new database say there is nothing yet and how to add one; as JSON, an empty array', async () => {
    expect(await signpost('partnership', 'list')).toEqual({
      code: 0,
      stdout: 'No partnerships yet: add one with signpost partnership add <slug> --name "Name"\n',
      stderr: '',
    })
    expect(await signpost('institution', 'list')).toMatchObject({
      code: 0,
      stdout: 'No institutions yet: add one with signpost institution add <slug> --partnership <slug> --name "Name"\n',
    })
    expect(JSON.parse((await signpost('partnership', 'list', '--json')).stdout)).toEqual([])
    expect(JSON.parse((await signpost('institution', 'list', '--json')).stdout)).toEqual([])
  })

  it('list every slug and name, one a line and aligned, by slug; institutions with their partnership', async () => {
    for (const args of [
      ['partnership', 'add', 'derby', '--name', 'Derby City 14-19 Partnership'],
      ['partnership', 'add', 'ab', '--name', 'Amber Bay'],
      ['institution', 'add', 'oak-school', '--partnership', 'derby', '--name', 'Oak School'],
      ['institution', 'add', 'ash-sixth-form-college', '--partnership', 'derby', '--name', 'Ash Sixth Form College'],
      ['institution', 'add', 'elm', '--partnership', 'ab', '--name', 'Elm Academy'],
    ]) {
      expect(await signpost(...args)).toMatchObject({ code: 0 })
    }
    expect(await signpost('partnership', 'list')).toEqual({
      code: 0,
      stdout: ['ab     Amber Bay', 'derby  Derby City 14-19 Partnership', ''].join('\n'),
      stderr: '',
    })
    expect((await signpost('institution', 'list')).stdout).toBe(
      [
        'elm                     Elm Academy             ab',
        'ash-sixth-form-college  Ash Sixth Form College  derby',
        'oak-school              Oak School              derby',
        '',
      ].join('\n'),
    )
  })

  it('as JSON, print an array of objects', async () => {
    expect(JSON.parse((await signpost('partnership', 'list', '--json')).stdout)).toEqual([
      { slug: 'ab', name: 'Amber Bay' },
      { slug: 'derby', name: 'Derby City 14-19 Partnership' },
    ])
    expect(JSON.parse((await signpost('institution', 'list', '--partnership', 'derby', '--json')).stdout)).toEqual([
      { slug: 'ash-sixth-form-college', name: 'Ash Sixth Form College', partnership: 'derby' },
      { slug: 'oak-school', name: 'Oak School', partnership: 'derby' },
    ])
  })

  it('institution list --partnership lists only that partnership’s, and an unknown one exits 1 naming it', async () => {
    expect((await signpost('institution', 'list', '--partnership', 'ab')).stdout).toBe('elm  Elm Academy  ab\n')
    const unknown = await signpost('institution', 'list', '--partnership', 'nowhere')
    expect(unknown).toEqual({ code: 1, stdout: '', stderr: 'signpost: no partnership "nowhere"\n' })
    const unknownJson = await signpost('institution', 'list', '--partnership', 'nowhere', '--json')
    expect(unknownJson).toMatchObject({ code: 1, stdout: '', stderr: 'signpost: no partnership "nowhere"\n' })
  })

  it('refuse a stray argument or an unknown option, exiting 1, and --help lists both commands', async () => {
    const stray = await signpost('institution', 'list', 'derby')
    expect(stray.code).toBe(1)
    expect(stray.stderr).toContain('signpost: unexpected argument "derby": signpost institution list [--partnership <slug>] [--json]')
    const option = await signpost('partnership', 'list', '--jsn')
    expect(option.code).toBe(1)
    expect(option.stderr).toContain("Unknown option '--jsn'")
    const help = await signpost('--help')
    expect(help.stdout).toContain('  partnership list [--json]          every partnership: its slug and name\n')
    expect(help.stdout).toContain('  institution list [--partnership <slug>] [--json]\n')
  })
})
