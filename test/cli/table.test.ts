import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { commands, run, usage } from '../../src/cli/main.ts'

/** The CLI is a table of commands: each lists its own usage in --help, and src/cli has no import cycle. */

const root = resolve(import.meta.dirname, '../..')

describe('the table of commands', () => {
  it('lists every command in --help by its own usage lines, each beginning with the words that run it', async () => {
    const lines: string[] = []
    expect(await run(['--help'], { log: (l) => lines.push(l) })).toBe(0)
    expect(lines).toEqual([usage])
    expect(usage.startsWith('Usage: signpost <command> [options]\n\nEvery command uses the database in DATABASE_URL')).toBe(true)
    for (const [words, command] of commands) {
      expect(command.usage.startsWith(`  ${words}`), words).toBe(true)
      expect(usage).toContain(`${command.usage}\n`)
    }
    // the 19 before, `retention apply`, `partnership dpia`, `institution roll`, `round void`, `user reset-link` and `sso add|list|remove`
    expect(commands.size).toBe(27)
    expect(commands.has('retention apply') && commands.has('partnership dpia')).toBe(true)
  })

  it('has no import cycle through any file of src/cli', () => {
    const importsOf = (file: string) =>
      [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)\s[^'"]*?from\s+'(\.{1,2}\/[^']+)'/gm)].map((m) => resolve(dirname(file), m[1]!))
    const cliFiles = (folder: string): string[] =>
      readdirSync(folder).flatMap((name) => {
        const path = join(folder, name)
        return statSync(path).isDirectory() ? cliFiles(path) : /\.tsx?$/.test(name) ? [path] : []
      })
    const cycles: string[] = []
    for (const start of cliFiles(join(root, 'src/cli'))) {
      // depth-first from each cli file through everything it reaches in src: does any path lead back to it?
      const seen = new Set<string>()
      const walk = (file: string, path: string[]) => {
        for (const next of importsOf(file)) {
          if (next === start) cycles.push([...path, next].map((p) => relative(root, p)).join(' -> '))
          else if (!seen.has(next)) {
            seen.add(next)
            walk(next, [...path, next])
          }
        }
      }
      walk(start, [start])
    }
    expect(cycles).toEqual([])
  })
})
