import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildCatalog, type SurveyCatalog } from './load.ts'

export const surveysFolder = fileURLToPath(new URL('../../surveys', import.meta.url))

function yamlFiles(folder: string, shownAs: string): { file: string; text: string }[] {
  if (!existsSync(folder)) return []
  return readdirSync(folder)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => ({ file: `${shownAs}/${name}`, text: readFileSync(join(folder, name), 'utf8') }))
}

/**
 * Reads the survey files of a folder (default `surveys/`) and the translation files of its
 * `translations/` folder, each in name order.
 */
export function readSurveyFiles(folder = surveysFolder): { file: string; text: string }[] {
  const shownAs = folder === surveysFolder ? 'surveys' : folder
  return [...yamlFiles(folder, shownAs), ...yamlFiles(join(folder, 'translations'), `${shownAs}/translations`)]
}

export function loadCatalogFromDisk(folder = surveysFolder): SurveyCatalog {
  return buildCatalog(readSurveyFiles(folder))
}
