import { parseDocument } from 'yaml'
import type { z } from 'zod'
import { missingEasyRead, surveySchema, type Survey } from './schema.ts'
import { translationIssues } from './translation-check.ts'
import { translationSchema, type SurveyTranslation } from './translation-schema.ts'

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

/** The YAML of a file as plain data; throws SurveyFileError if it is not valid YAML. */
function readYaml(file: string, text: string): unknown {
  const doc = parseDocument(text, { prettyErrors: false })
  if (doc.errors.length > 0) {
    throw new SurveyFileError(
      doc.errors.map((e) => ({ file, path: e.linePos ? `line ${e.linePos[0].line}` : '', message: `not valid YAML: ${e.message.split('\n')[0]}` })),
    )
  }
  try {
    return doc.toJS()
  } catch (e) {
    // e.g. an alias bomb: the yaml library refuses to expand excessive aliases
    throw new SurveyFileError([{ file, path: '', message: `not valid YAML: ${(e as Error).message.split('\n')[0]}` }])
  }
}

/** Parses and validates one survey file's text. Throws SurveyFileError with every problem found. */
export function parseSurvey(file: string, text: string): Survey {
  const data = readYaml(file, text)
  if (data && typeof data === 'object' && 'translations' in data) {
    throw new SurveyFileError([
      { file, path: 'translations', message: 'translations go in their own files, surveys/translations/<survey id>.<language>.yaml, not in the survey file' },
    ])
  }
  const result = surveySchema.safeParse(data)
  if (!result.success) throw new SurveyFileError(zodProblems(file, result.error.issues))
  const easyGaps = missingEasyRead(result.data)
  if (easyGaps.length > 0) throw new SurveyFileError(easyGaps.map((g) => ({ file, path: formatPath(g.path), message: g.message })))
  const expectedId = file.replace(/^.*\//, '').replace(/\.ya?ml$/, '')
  if (result.data.id !== expectedId) {
    throw new SurveyFileError([{ file, path: 'id', message: `the id "${result.data.id}" must match the file name "${expectedId}"` }])
  }
  return result.data
}

/** `surveys/translations/student-iag.pl.yaml` -> survey `student-iag`, language `pl`. */
const translationFileName = /(?:^|\/)translations\/([^/]+)\.([^./]+)\.ya?ml$/

/** Whether a file (by its path) is a translation file rather than a survey file. */
export function isTranslationFile(file: string): boolean {
  return /(?:^|\/)translations\/[^/]+$/.test(file)
}

/**
 * Parses and validates one translation file and checks it against its survey: it must be
 * complete, and name only keys the survey has. Throws SurveyFileError with every problem found.
 */
export function parseTranslation(file: string, text: string, survey: Survey): SurveyTranslation {
  const result = translationSchema.safeParse(readYaml(file, text))
  if (!result.success) throw new SurveyFileError(zodProblems(file, result.error.issues))
  const t = result.data
  const named = translationFileName.exec(file)
  if (!named || named[1] !== t.survey || named[2] !== t.language) {
    throw new SurveyFileError([
      {
        file,
        path: named ? (named[1] !== t.survey ? 'survey' : 'language') : '',
        message: `a translation file must be named translations/${t.survey}.${t.language}.yaml after its survey and language`,
      },
    ])
  }
  const issues = translationIssues(survey, t)
  if (issues.length > 0) throw new SurveyFileError(issues.map((i) => ({ file, ...i })))
  return t
}

/** The surveys a deployment serves, by id. Each survey carries its complete translations. */
export type SurveyCatalog = ReadonlyMap<string, Survey>

/**
 * Parses every file: survey files, then translation files (any file in a `translations/`
 * folder), which are checked against their survey and attached to it. Collects the
 * problems of all files before failing, so one run lists everything to fix.
 */
export function buildCatalog(files: { file: string; text: string }[]): SurveyCatalog {
  const catalog = new Map<string, Survey>()
  const problems: SurveyProblem[] = []
  const collect = (fn: () => void) => {
    try {
      fn()
    } catch (e) {
      if (e instanceof SurveyFileError) problems.push(...e.problems)
      else throw e
    }
  }
  const surveyFiles = files.filter((f) => !isTranslationFile(f.file))
  const translationFiles = files.filter((f) => isTranslationFile(f.file))
  const failed = new Set<string>()
  for (const { file, text } of surveyFiles) {
    collect(() => {
      try {
        const survey = parseSurvey(file, text)
        catalog.set(survey.id, survey)
      } catch (e) {
        failed.add(file.replace(/^.*\//, '').replace(/\.ya?ml$/, ''))
        throw e
      }
    })
  }
  const seen = new Map<string, string>()
  for (const { file, text } of translationFiles) {
    const surveyId = translationFileName.exec(file)?.[1]
    if (surveyId && failed.has(surveyId)) continue // its survey's problems are listed already
    collect(() => {
      const survey = surveyId ? catalog.get(surveyId) : undefined
      if (!survey) {
        throw new SurveyFileError([
          {
            file,
            path: '',
            message: surveyId
              ? `there is no survey "${surveyId}" to translate (surveys: ${[...catalog.keys()].join(', ')})`
              : 'a translation file must be named translations/<survey id>.<language>.yaml',
          },
        ])
      }
      const t = parseTranslation(file, text, survey)
      const other = seen.get(`${t.survey}.${t.language}`)
      if (other) throw new SurveyFileError([{ file, path: 'language', message: `${t.survey} already has a ${t.language} translation in ${other}` }])
      seen.set(`${t.survey}.${t.language}`, file)
      survey.translations[t.language] = t
    })
  }
  if (problems.length > 0) throw new SurveyFileError(problems)
  return catalog
}
