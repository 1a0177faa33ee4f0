import { parseArgs } from 'node:util'
import { UsageError } from '../cli/main.ts'
import { readJsonFile, readText } from '../cli/read-text.ts'
import type { Db } from '../db/database.ts'
import { formatProblem, ImportError } from '../importers/import.ts'
import { findPartnership } from '../org/organisations.ts'
import { academicYear } from '../rounds/academic-year.ts'
import type { SurveyCatalog } from '../surveys/load.ts'
import { criteriaSourceWords, partnershipFramework } from './evaluate.ts'
import { elementWords, overallWords } from './export.ts'
import { importFramework } from './import.ts'
import { criteriaOf, saveCriteria } from './queries.ts'
import { elementShortNames } from './statements.ts'

/**
 * The framework's commands:
 *
 *   signpost framework import FILE --partnership <slug> --year 2025/26
 *   signpost framework criteria --partnership <slug> --year 2025/26 [--set FILE.json]
 *   signpost framework show --partnership <slug> --year 2025/26 [--json]
 *
 * `import` stores the four entered elements from a CSV (one row per institution; all or
 * nothing, every problem printed with its row and column). `criteria` prints the criteria in
 * force for the year as JSON, or saves a JSON file as the year's criteria (validated; nothing
 * saved when it is wrong). `show` prints the partnership's year: every institution's elements
 * and overall rating, the change since last year and the city averages.
 */
type Out = { log(line: string): void }

function parse(rest: string[], options: Record<string, { type: 'string' | 'boolean' }>) {
  try {
    return parseArgs({ args: rest, options, allowPositionals: true, strict: true })
  } catch (e) {
    throw new UsageError((e as Error).message)
  }
}


async function partnershipAndYear(db: Db, values: { partnership?: string | boolean; year?: string | boolean }) {
  if (typeof values.partnership !== 'string' || !values.partnership) throw new UsageError('missing --partnership')
  if (typeof values.year !== 'string' || !values.year) throw new UsageError('missing --year')
  const year = academicYear.parse(values.year)
  const partnership = await findPartnership(db, values.partnership)
  if (!partnership) throw new UsageError(`no partnership "${values.partnership}"`)
  return { partnership, year }
}

/** Runs `framework <sub>`; returns the exit status. */
export async function frameworkCommand(db: Db, catalog: SurveyCatalog, sub: string, rest: string[], out: Out): Promise<number> {
  if (sub === 'import') {
    const { values, positionals } = parse(rest, { partnership: { type: 'string' }, year: { type: 'string' } })
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'missing the CSV file to import' : `one file at a time, not ${positionals.length}`)
    const file = positionals[0]!
    const { partnership, year } = await partnershipAndYear(db, values)
    const text = readText(file)
    try {
      const summary = await importFramework(db, partnership.id, year, text)
      out.log(`Stored the framework figures of ${summary.imported} ${summary.imported === 1 ? 'institution' : 'institutions'} for ${year}: ${summary.institutions.join(', ')}.`)
      return 0
    } catch (e) {
      if (!(e instanceof ImportError)) throw e
      out.log(`Nothing was imported from ${file}: ${e.problems.length} ${e.problems.length === 1 ? 'problem' : 'problems'}.`)
      for (const p of e.problems) out.log(formatProblem(p))
      return 1
    }
  }
  if (sub === 'criteria') {
    const { values } = parse(rest, { partnership: { type: 'string' }, year: { type: 'string' }, set: { type: 'string' } })
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
  }
  if (sub === 'show') {
    const { values } = parse(rest, { partnership: { type: 'string' }, year: { type: 'string' }, json: { type: 'boolean' } })
    const { partnership, year } = await partnershipAndYear(db, values)
    const data = await partnershipFramework(db, catalog, { id: partnership.id, slug: partnership.slug, name: partnership.name }, year)
    if (values.json) {
      out.log(JSON.stringify(data, null, 2))
      return 0
    }
    out.log(`${partnership.name}: IAG Improvement Framework ${year}. Criteria: ${data.criteriaSource}.`)
    for (const { current, previous, change } of data.rows) {
      out.log('')
      out.log(`${current.institution.name}: ${overallWords(current.overall)} (${data.previousYear}: ${overallWords(previous.overall)}; ${change ?? 'not comparable'})`)
      for (const e of current.elements) out.log(`  ${elementShortNames[e.element].padEnd(20)} ${elementWords(e).padEnd(30)} ${e.reason}`)
      out.log(`  ${'Overall'.padEnd(20)} ${overallWords(current.overall).padEnd(30)} ${current.overall.reason}`)
    }
    out.log('')
    out.log('City average (mean of points) and distance travelled since last year:')
    for (const c of data.city) {
      const name = c.element === 'overall' ? 'Overall' : elementShortNames[c.element]
      out.log(`  ${name.padEnd(20)} ${(c.meanRating ?? 'Not rated').padEnd(12)} improved ${c.distance.improved}, held ${c.distance.held}, fell ${c.distance.fell}, not comparable ${c.distance.notComparable}`)
    }
    return 0
  }
  throw new UsageError(`unknown command "framework ${sub}": use framework import, framework criteria or framework show`)
}
