import type { Db } from '../../db/database.ts'
import { criteriaSourceWords, partnershipFramework } from '../../framework/evaluate.ts'
import { elementWords, overallWords } from '../../framework/export.ts'
import { importFramework } from '../../framework/import.ts'
import { criteriaOf, saveCriteria } from '../../framework/queries.ts'
import { elementShortNames } from '../../framework/statements.ts'
import { formatProblem, ImportError } from '../../importers/import.ts'
import { findPartnership } from '../../org/organisations.ts'
import { academicYear } from '../../rounds/academic-year.ts'
import { loadCatalogFromDisk } from '../../surveys/disk-node.ts'
import type { SurveyCatalog } from '../../surveys/load.ts'
import { parse, UsageError } from '../args.ts'
import { usageLines, withDb, type Command, type Out } from '../command.ts'
import { readJsonFile, readText } from '../read-text.ts'

/**
 * The IAG Improvement Framework's commands. `import` stores the four entered elements from a
 * CSV (one row per institution; all or nothing, every problem printed with its row and column).
 * `criteria` prints the criteria in force for the year as JSON, or saves a JSON file as the
 * year's criteria (validated; nothing saved when it is wrong). `show` prints the partnership's
 * year: every institution's elements and overall rating, the change since last year and the
 * city averages.
 */

async function partnershipAndYear(db: Db, values: { partnership?: string | boolean; year?: string | boolean }) {
  if (typeof values.partnership !== 'string' || !values.partnership) throw new UsageError('missing --partnership')
  if (typeof values.year !== 'string' || !values.year) throw new UsageError('missing --year')
  const year = academicYear.parse(values.year)
  const partnership = await findPartnership(db, values.partnership)
  if (!partnership) throw new UsageError(`no partnership "${values.partnership}"`)
  return { partnership, year }
}

/** Runs `work` with the surveys on disk and the database in DATABASE_URL. */
function withCatalogAndDb(work: (db: Db, catalog: SurveyCatalog) => Promise<number>): Promise<number> {
  const catalog = loadCatalogFromDisk()
  return withDb((db) => work(db, catalog))
}

/** `signpost framework import FILE --partnership <slug> --year 2025/26` */
export const frameworkImport: Command = {
  usage: usageLines(
    'framework import FILE --partnership <slug> --year 2025/26',
    "store the IAG Improvement Framework's four entered elements from a CSV, one row",
    'per institution (all or nothing)',
  ),
  run: (args, out) =>
    withCatalogAndDb(async (db) => {
      const { values, positionals } = parse(args, { partnership: { type: 'string' }, year: { type: 'string' } })
      if (positionals.length !== 1)
        throw new UsageError(positionals.length === 0 ? 'missing the CSV file to import' : `one file at a time, not ${positionals.length}`)
      const file = positionals[0]!
      const { partnership, year } = await partnershipAndYear(db, values)
      const text = readText(file)
      try {
        const summary = await importFramework(db, partnership.id, year, text)
        out.log(
          `Stored the framework figures of ${summary.imported} ${summary.imported === 1 ? 'institution' : 'institutions'} for ${year}: ${summary.institutions.join(', ')}.`,
        )
        return 0
      } catch (e) {
        if (!(e instanceof ImportError)) throw e
        out.log(`Nothing was imported from ${file}: ${e.problems.length} ${e.problems.length === 1 ? 'problem' : 'problems'}.`)
        for (const p of e.problems) out.log(formatProblem(p))
        return 1
      }
    }),
}

/** `signpost framework criteria --partnership <slug> --year 2025/26 [--set FILE.json]` */
export const frameworkCriteria: Command = {
  usage: usageLines(
    'framework criteria --partnership <slug> --year 2025/26 [--set FILE.json]',
    "print the year's framework criteria as JSON, or save a JSON file as them",
  ),
  run: (args, out) =>
    withCatalogAndDb(async (db) => {
      const { values } = parse(args, { partnership: { type: 'string' }, year: { type: 'string' }, set: { type: 'string' } })
      const { partnership, year } = await partnershipAndYear(db, values)
      if (typeof values.set === 'string') {
        const criteria = await saveCriteria(db, partnership.id, year, readJsonFile(values.set))
        out.log(`Saved the framework criteria of ${partnership.slug} for ${year}:`)
        out.log(JSON.stringify(criteria, null, 2))
        return 0
      }
      const { criteria, source } = await criteriaOf(db, partnership.id, year)
      out.log(JSON.stringify({ year, source: criteriaSourceWords(source), criteria }, null, 2))
      return 0
    }),
}

/** `signpost framework show --partnership <slug> --year 2025/26 [--json]` */
export const frameworkShow: Command = {
  usage: usageLines(
    'framework show --partnership <slug> --year 2025/26 [--json]',
    "every institution's five elements and overall rating, change, city averages",
  ),
  run: (args, out) =>
    withCatalogAndDb(async (db, catalog) => {
      const { values } = parse(args, { partnership: { type: 'string' }, year: { type: 'string' }, json: { type: 'boolean' } })
      const { partnership, year } = await partnershipAndYear(db, values)
      const data = await partnershipFramework(db, catalog, { id: partnership.id, slug: partnership.slug, name: partnership.name }, year)
      if (values.json) {
        out.log(JSON.stringify(data, null, 2))
        return 0
      }
      printFramework(out, partnership.name, year, data)
      return 0
    }),
}

function printFramework(out: Out, partnershipName: string, year: string, data: Awaited<ReturnType<typeof partnershipFramework>>) {
  out.log(`${partnershipName}: IAG Improvement Framework ${year}. Criteria: ${data.criteriaSource}.`)
  for (const { current, previous, change } of data.rows) {
    out.log('')
    out.log(
      `${current.institution.name}: ${overallWords(current.overall)} (${data.previousYear}: ${overallWords(previous.overall)}; ${change ?? 'not comparable'})`,
    )
    for (const e of current.elements) out.log(`  ${elementShortNames[e.element].padEnd(20)} ${elementWords(e).padEnd(30)} ${e.reason}`)
    out.log(`  ${'Overall'.padEnd(20)} ${overallWords(current.overall).padEnd(30)} ${current.overall.reason}`)
  }
  out.log('')
  out.log('City average (mean of points) and distance travelled since last year:')
  for (const c of data.city) {
    const name = c.element === 'overall' ? 'Overall' : elementShortNames[c.element]
    out.log(
      `  ${name.padEnd(20)} ${(c.meanRating ?? 'Not rated').padEnd(12)} improved ${c.distance.improved}, held ${c.distance.held}, fell ${c.distance.fell}, not comparable ${c.distance.notComparable}`,
    )
  }
}
