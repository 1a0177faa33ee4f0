/**
 * src/surveys/bundled.ts lists the survey and translation files the Worker bundles (wrangler
 * imports *.yaml as text). It cannot be imported here, as vitest does not load .yaml as text,
 * so its source is read and checked against surveys/ and surveys/translations/: every file
 * imported once, listed under its own name, and nothing left out.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { buildCatalog } from '../../src/surveys/load.ts'
import { languagesOf, localise } from '../../src/surveys/translate.ts'

const projectRoot = fileURLToPath(new URL('../..', import.meta.url))
const bundledPath = join(projectRoot, 'src', 'surveys', 'bundled.ts')
const source = readFileSync(bundledPath, 'utf8')

const yamlIn = (folder: string) =>
  readdirSync(join(projectRoot, folder))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => `${folder}/${f}`)
const surveysOnDisk = [...yamlIn('surveys'), ...yamlIn('surveys/translations')].sort()
const translationsOnDisk = yamlIn('surveys/translations')

/** `import name from '../../surveys/x.yaml'` -> name => 'surveys/x.yaml' (relative to the project). */
const imports = new Map<string, string>()
const importLines = [...source.matchAll(/^\s*import\s+(\w+)\s+from\s+['"]([^'"]+\.ya?ml)['"]/gm)]
for (const [, name, spec] of importLines) {
  imports.set(
    name!,
    relative(projectRoot, resolve(join(projectRoot, 'src', 'surveys'), spec!))
      .split('\\')
      .join('/'),
  )
}

/** `{ file: 'surveys/x.yaml', text: name }` entries of surveyFiles. */
const entries = [...source.matchAll(/\{\s*file:\s*['"]([^'"]+)['"]\s*,\s*text:\s*(\w+)\s*\}/g)].map(([, file, name]) => ({ file: file!, name: name! }))

describe('bundled survey files (src/surveys/bundled.ts)', () => {
  it('imports every .yaml file in surveys/ and surveys/translations/, each once', () => {
    expect(translationsOnDisk.length).toBeGreaterThanOrEqual(6)
    expect(importLines.length).toBe(imports.size)
    expect([...imports.values()].sort()).toEqual(surveysOnDisk)
  })

  it('lists exactly the files in surveys/ in surveyFiles', () => {
    expect(source).toMatch(/export const surveyFiles\s*=/)
    expect(entries.map((e) => e.file).sort()).toEqual(surveysOnDisk)
  })

  it('gives each listed file the text of that same file', () => {
    for (const entry of entries) {
      expect(imports.has(entry.name), `${entry.file}: text ${entry.name} is not an imported .yaml file`).toBe(true)
      expect(imports.get(entry.name), `${entry.file} is given the text of another file`).toBe(entry.file)
    }
  })

  it('bundles surveys that load as a catalog with every translation attached, as the Worker builds it', () => {
    const files = entries.map((e) => ({ file: e.file, text: readFileSync(join(projectRoot, imports.get(e.name)!), 'utf8') }))
    const catalog = buildCatalog(files)
    expect(catalog.size).toBe(surveysOnDisk.length - translationsOnDisk.length)
    const offered = [...catalog.values()].flatMap((s) =>
      languagesOf(s)
        .slice(1)
        .map((l) => `surveys/translations/${s.id}.${l.code}.yaml`),
    )
    expect(offered.sort()).toEqual(translationsOnDisk.sort())
    expect(localise(catalog.get('student-iag')!, 'ur').language).toMatchObject({ code: 'ur', dir: 'rtl' })
  })

  it('is covered by the wrangler rule that imports .yaml as text', () => {
    const toml = readFileSync(join(projectRoot, 'wrangler.toml'), 'utf8')
    expect(toml).toMatch(/\[\[rules\]\]\s*\ntype\s*=\s*"Text"\s*\nglobs\s*=\s*\[[^\]]*"\*\*\/\*\.yaml"/)
  })
})
