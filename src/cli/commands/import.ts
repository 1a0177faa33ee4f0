import { readFileSync, writeFileSync } from 'node:fs'
import { decodeCsvBytes, encodingNote } from '../../importers/encoding.ts'
import type { Db } from '../../db/database.ts'
import {
  columnMappingSchema,
  formatProblem,
  ImportError,
  importFormats,
  ImportRefused,
  importResponses,
  type ColumnMapping,
  type ImportFormat,
} from '../../importers/import.ts'
import { loadCatalogFromDisk } from '../../surveys/disk-node.ts'
import type { SurveyCatalog } from '../../surveys/load.ts'
import { need, parse, UsageError } from '../args.ts'
import { usageLines, withDb, type Command, type Out } from '../command.ts'
import { readJsonFile } from '../read-text.ts'

/**
 * `signpost import --institution <slug> --survey <id> --year 2024/25 --format surveymonkey|surveymonkey-numbers-agree-first|surveymonkey-numbers-disagree-first|csv [--mapping FILE] [--write-mapping FILE] [--strict] FILE`
 *
 * A column that matches no question is left out and listed (`--strict`: a problem instead);
 * `--write-mapping` writes the mapping the file was read with, in the format `--mapping` takes; also
 * when the file has problems, so that its columns and answers can be put right in it and given back.
 *
 * Imports an earlier year's responses. Prints a summary and returns 0, or prints every
 * problem found (nothing is stored then) and returns 1. A year whose round Signpost collected
 * is refused, with 1 and the reason (see `importRefusal`). Bad arguments throw UsageError.
 */
export async function importCommand(db: Db, catalog: SurveyCatalog, args: string[], out: Out): Promise<number> {
  const { values, positionals } = parse(args, {
    institution: { type: 'string' },
    survey: { type: 'string' },
    year: { type: 'string' },
    format: { type: 'string' },
    mapping: { type: 'string' },
    'write-mapping': { type: 'string' },
    strict: { type: 'boolean' },
  })
  const institution = need(values.institution, 'institution')
  const survey = need(values.survey, 'survey')
  const year = need(values.year, 'year')
  const format = need(values.format, 'format')
  if (!(importFormats as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${importFormats.join(', ')}, not "${format}"`)
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length === 0 ? 'missing the CSV file to import' : `one file at a time, not ${positionals.length}: ${positionals.join(' ')}`,
    )
  const file = positionals[0]!
  const mapping = values.mapping === undefined ? undefined : readMapping(values.mapping)
  const decoded = decodeCsvBytes(readBytes(file))
  if ('error' in decoded) throw new UsageError(`${file}: ${decoded.error}`)
  const { text } = decoded
  const note = encodingNote(decoded.encoding, decoded.text)
  if (note) out.log(note.replace(/ below;.*$/, '.'))

  try {
    const summary = await importResponses(db, catalog, text, { institution, survey, year, format: format as ImportFormat, mapping, strict: values.strict })
    const writeTo = values['write-mapping']
    if (writeTo !== undefined && !summary.alreadyImported) {
      writeFileSync(writeTo, `${JSON.stringify(summary.mapping, null, 2)}\n`)
      out.log(`The mapping used is in ${writeTo}: give it to --mapping next time.`)
    }
    const where = `${institution}, ${summary.round.surveyId}, ${summary.round.year}`
    if (summary.alreadyImported) {
      out.log(`Already imported: this file's responses are already in ${where}. Nothing was stored.`)
      return 0
    }
    out.log(`Imported ${summary.imported} response${summary.imported === 1 ? '' : 's'} into ${where}, dated ${summary.submittedOn}.`)
    if (summary.skippedColumns.length > 0) out.log(`Metadata columns dropped, not stored: ${summary.skippedColumns.join(', ')}`)
    if (summary.ignoredColumns.length > 0) out.log(`Columns left out by the mapping file: ${summary.ignoredColumns.join(', ')}`)
    if (summary.unmatchedColumns.length > 0) out.log(`Columns that match no question, left out (--strict refuses them): ${summary.unmatchedColumns.join(', ')}`)
    if (summary.missingQuestions.length > 0) out.log(`Questions no column answers, imported as not answered: ${summary.missingQuestions.join(', ')}`)
    const { covered, total } = summary.scored
    if (covered < total)
      out.log(
        `The file answers ${covered} of the survey's ${total} scored questions: the ${summary.round.year} top three, and the development questions of the year after, are chosen from those ${covered} only.`,
      )
    if (summary.emptyRows.length > 0) out.log(`Rows with no answers, not stored: ${summary.emptyRows.join(', ')}`)
    if (summary.roundCreated) {
      out.log(`The round for ${summary.round.year} was created for the import: it is marked imported and closed, and is never opened for answers.`)
    }
    return 0
  } catch (e) {
    if (e instanceof ImportRefused) {
      out.log(`Nothing was imported from ${file} into ${institution}, ${survey}, ${year}. ${e.reason}`)
      return 1
    }
    if (!(e instanceof ImportError)) throw e
    out.log(`Nothing was imported from ${file}: ${e.problems.length} problem${e.problems.length === 1 ? '' : 's'}.`)
    for (const problem of e.problems) out.log(formatProblem(problem))
    // the columns as matched, to put right and give back: answers that fit no option are for the user to map
    const writeTo = values['write-mapping']
    if (writeTo !== undefined && e.mapping) {
      writeFileSync(writeTo, `${JSON.stringify(e.mapping, null, 2)}\n`)
      out.log(
        `The columns as they were matched are in ${writeTo}. Check them, give each answer above that fits no option its value there ` +
          `(the column as { "question": "key", "answers": { "Neutral": "3" } }; null for not answered), then give the file to --mapping.`,
      )
    }
    return 1
  }
}

/** A file's bytes, or a UsageError saying why it cannot be read. */
function readBytes(file: string): Uint8Array {
  try {
    return readFileSync(file)
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`)
  }
}

function readMapping(file: string): ColumnMapping {
  const json = readJsonFile(file)
  const result = columnMappingSchema.safeParse(json)
  if (!result.success) throw new UsageError(`the mapping file ${file}: ${result.error.issues[0]?.message}`)
  return result.data
}

/** The `import` command: `importCommand` against the database in DATABASE_URL and the surveys on disk. */
export const importing: Command = {
  usage: usageLines(
    'import --institution <slug> --survey <id> --year 2024/25 --format surveymonkey|surveymonkey-numbers-agree-first|surveymonkey-numbers-disagree-first|csv [--mapping FILE] [--write-mapping FILE] [--strict] FILE',
    "import an earlier year's responses (all or nothing)",
  ),
  async run(args, out) {
    const catalog = loadCatalogFromDisk()
    return withDb((db) => importCommand(db, catalog, args, out))
  },
}
