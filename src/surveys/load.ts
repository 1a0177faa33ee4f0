import { parseDocument } from 'yaml'
import type { z } from 'zod'
import { surveySchema, type Survey } from './schema.ts'

/** A problem in a survey file: the file, where inside it, and what is wrong. */
export type SurveyProblem = { file: string; path: string; message: string }

export class SurveyFileError extends Error {
  constructor(readonly problems: SurveyProblem[]) {
    super(problems.map(formatProblem).join('\n'))
    this.name = 'SurveyFileError'
  }
}

export function formatProblem(p: SurveyProblem): string {
  return `${p.file}${p.path ? ` at ${p.path}` : ''}: ${p.message}`
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`)).join('')
}

function zodProblems(file: string, issues: z.core.$ZodIssue[]): SurveyProblem[] {
  return issues.map((issue) => ({ file, path: formatPath(issue.path), message: issue.message }))
}

/** Parses and validates one survey file's text. Throws SurveyFileError with every problem found. */
export function parseSurvey(file: string, text: string): Survey {
  const doc = parseDocument(text, { prettyErrors: false })
  if (doc.errors.length > 0) {
    throw new SurveyFileError(
      doc.errors.map((e) => ({ file, path: e.linePos ? `line ${e.linePos[0].line}` : '', message: `not valid YAML: ${e.message.split('\n')[0]}` })),
    )
  }
  const result = surveySchema.safeParse(doc.toJS())
  if (!result.success) throw new SurveyFileError(zodProblems(file, result.error.issues))
  const expectedId = file.replace(/^.*\//, '').replace(/\.ya?ml$/, '')
  if (result.data.id !== expectedId) {
    throw new SurveyFileError([{ file, path: 'id', message: `the id "${result.data.id}" must match the file name "${expectedId}"` }])
  }
  return result.data
}

/** The surveys a deployment serves, by id. */
export type SurveyCatalog = ReadonlyMap<string, Survey>

/** Parses every file; collects the problems of all files before failing. */
export function buildCatalog(files: { file: string; text: string }[]): SurveyCatalog {
  const catalog = new Map<string, Survey>()
  const problems: SurveyProblem[] = []
  for (const { file, text } of files) {
    try {
      const survey = parseSurvey(file, text)
      catalog.set(survey.id, survey)
    } catch (e) {
      if (e instanceof SurveyFileError) problems.push(...e.problems)
      else throw e
    }
  }
  if (problems.length > 0) throw new SurveyFileError(problems)
  return catalog
}
