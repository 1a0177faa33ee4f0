import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildCatalog, type SurveyCatalog } from './load.ts'

export const surveysFolder = fileURLToPath(new URL('../../surveys', import.meta.url))

/** Reads the survey files of a folder (default `surveys/`), in name order. */
export function readSurveyFiles(folder = surveysFolder): { file: string; text: string }[] {
  return readdirSync(folder)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => ({ file: join(folder === surveysFolder ? 'surveys' : folder, name), text: readFileSync(join(folder, name), 'utf8') }))
}

export function loadCatalogFromDisk(folder = surveysFolder): SurveyCatalog {
  return buildCatalog(readSurveyFiles(folder))
}
