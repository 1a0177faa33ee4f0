import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { projectRoot } from '../support/sqld.ts'

/**
 * The layout's two rules, read from the source: no import cycle in src/, and no capability
 * imports another capability's views (a capability is a folder of src/ with its own routes;
 * shared layers such as ui/, http/, db/, surveys/ and org/ never import any capability's views).
 */

const src = join(projectRoot, 'src')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return sourceFiles(path)
    return /\.(ts|tsx)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : []
  })
}

const importPattern = /^\s*(?:import|export)\s(?:[^'"]*?\sfrom\s)?['"](\.{1,2}\/[^'"]+)['"]/gm

/** Each file's relative imports (type-only ones too: they tie the modules together just the same). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  for (const file of sourceFiles(src)) {
    const text = readFileSync(file, 'utf8')
    graph.set(
      file,
      [...text.matchAll(importPattern)].map((m) => resolve(dirname(file), m[1]!)),
    )
  }
  return graph
}

const name = (file: string) => relative(src, file)
const folderOf = (file: string) => name(file).split('/')[0]!

function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = []
  const state = new Map<string, 'visiting' | 'done'>()
  const stack: string[] = []
  const visit = (file: string) => {
    state.set(file, 'visiting')
    stack.push(file)
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'visiting') found.push([...stack.slice(stack.indexOf(next)), next].map(name))
      else if (!state.has(next) && graph.has(next)) visit(next)
    }
    stack.pop()
    state.set(file, 'done')
  }
  for (const file of graph.keys()) if (!state.has(file)) visit(file)
  return found
}

describe('the layout of src/', () => {
  const graph = importGraph()

  it('reads every source file and its imports', () => {
    expect(graph.size).toBeGreaterThan(50)
    expect(graph.get(join(src, 'app.ts'))).toContain(join(src, 'dashboard/routes.tsx'))
  })

  it('has no import cycle', () => {
    expect(cycles(graph)).toEqual([])
  })

  it('finds a cycle when there is one', () => {
    const a = join(src, 'a.ts')
    const b = join(src, 'b.ts')
    expect(
      cycles(
        new Map([
          [a, [b]],
          [b, [a]],
        ]),
      ),
    ).toEqual([['a.ts', 'b.ts', 'a.ts']])
  })

  it("never imports another capability's views", () => {
    const wrong = [...graph].flatMap(([file, imports]) =>
      imports
        .filter((target) => /\/views\//.test(name(target)) && folderOf(target) !== folderOf(file))
        .map((target) => `${name(file)} imports ${name(target)}`),
    )
    expect(wrong).toEqual([])
  })
})
