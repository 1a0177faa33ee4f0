import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { loadCatalogFromDisk } from '../../src/surveys/disk-node.ts'
import { formatProblem, parseSurvey, SurveyFileError } from '../../src/surveys/load.ts'

/**
 * Hostile survey files (test/hostile/survey-files/cases.json), fed to parseSurvey and to
 * loadCatalogFromDisk, which is what `signpost surveys check` and the server run at start.
 * A refused file must fail with a SurveyFileError that names where and what (never another
 * error, which would surface as a stack trace); an accepted one is read as plain data.
 */
const caseSchema = z.strictObject({
  name: z.string(),
  edits: z.array(z.tuple([z.string(), z.string()])).optional(),
  text: z.string().optional(),
  expect: z.union([
    z.strictObject({ refused: z.literal(true), path: z.string().optional(), message: z.string() }),
    z.strictObject({ accepted: z.literal(true), why: z.string() }),
  ]),
  todo: z.string().optional(),
})
const file = z
  .strictObject({ description: z.string(), base: z.string(), cases: z.array(caseSchema) })
  .parse(JSON.parse(readFileSync(join(import.meta.dirname, 'survey-files/cases.json'), 'utf8')))
const base = readFileSync(join(import.meta.dirname, 'surveys', file.base), 'utf8')
const fileName = `surveys/${file.base}`

function textOf(c: z.infer<typeof caseSchema>): string {
  if (c.text !== undefined) return c.text
  let text = base
  for (const [find, replace] of c.edits ?? []) {
    expect(text, `the base file has no "${find}"`).toContain(find)
    text = text.replace(find, replace)
  }
  return text
}

/** The outcome of reading a file both ways: the problems, or null when it was accepted. */
function read(text: string): { problems: SurveyFileError['problems'] | null; other?: unknown } {
  const dir = mkdtempSync(join(tmpdir(), 'signpost-hostile-survey-'))
  try {
    writeFileSync(join(dir, file.base), text)
    const outcomes = [() => parseSurvey(fileName, text), () => loadCatalogFromDisk(dir)].map((read) => {
      try {
        read()
        return null
      } catch (error) {
        if (error instanceof SurveyFileError) return error.problems
        return { other: error }
      }
    })
    const other = outcomes.find((o) => o && 'other' in o) as { other: unknown } | undefined
    if (other) return { problems: null, other: other.other }
    // both ways agree on whether the file is refused
    expect(outcomes[1] === null).toBe(outcomes[0] === null)
    return { problems: outcomes[0] as SurveyFileError['problems'] | null }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

it('the base file itself is a valid survey', () => {
  expect(parseSurvey(fileName, base).id).toBe('hostile-student')
})

describe('hostile survey files', () => {
  for (const c of file.cases) {
    const check = () => {
      const { problems, other } = read(textOf(c))
      expect(other, `${c.name}: failed with an error that is not a SurveyFileError`).toBeUndefined()
      if ('accepted' in c.expect) {
        expect(problems).toBeNull()
        return
      }
      expect(problems, `${c.name}: was accepted`).not.toBeNull()
      const want = c.expect
      const lines = problems!.map(formatProblem)
      expect(lines.every((l) => l.startsWith(fileName) || l.includes('/hostile-student.yaml'))).toBe(true)
      expect(
        problems!.some((p) => (want.path === undefined || p.path.startsWith(want.path)) && p.message.toLowerCase().includes(want.message.toLowerCase())),
        `no problem at "${want.path ?? ''}" saying "${want.message}": ${lines.join(' | ')}`,
      ).toBe(true)
      // a problem is a line of text, not a stack trace
      expect(lines.join('\n')).not.toMatch(/\n\s+at /)
    }
    if (c.todo) it.fails(`${c.name} (known failure: ${c.todo})`, check)
    else it(c.name, check)
  }
})
