import { HTTPException } from 'hono/http-exception'
import { parseRollSetting, rollOf, RollError, setRoll, yearGroupLabel, yearGroups } from '../../coverage/rolls.ts'
import { findInstitution } from '../../org/organisations.ts'
import { academicYear } from '../../rounds/academic-year.ts'
import { need, noPositionals, parse, UsageError } from '../args.ts'
import { aligned, usageLines, withDb, type Command } from '../command.ts'

const synopsis = 'institution roll --institution <slug> --year 2025/26 [--set y8=180,y9=175,...] [--json]'

/**
 * `signpost institution roll`: the number on roll in each year group of an institution in a
 * year, the base of the response rates. Without `--set` it prints them (an earlier year's,
 * carried forward, said so); with it, it sets the year groups given, the rest kept.
 */
export const institutionRoll: Command = {
  usage: usageLines(synopsis, 'year-group sizes for the response rates: prints them, or sets the year groups given (0: not taught)'),
  async run(args, out) {
    const { values, positionals } = parse(args, {
      institution: { type: 'string' },
      year: { type: 'string' },
      set: { type: 'string' },
      json: { type: 'boolean' },
    })
    noPositionals(positionals, synopsis)
    const slug = need(values.institution, 'institution')
    const year = academicYear.safeParse(need(values.year, 'year'))
    if (!year.success) throw new UsageError(`--year: ${year.error.issues[0]!.message}`)
    let input
    try {
      input = values.set === undefined ? undefined : parseRollSetting(values.set)
    } catch (e) {
      if (e instanceof RollError) throw new UsageError(`--set: ${e.message}`)
      throw e
    }
    const roll = await withDb(async (db) => {
      const institution = await findInstitution(db, slug)
      if (!institution) throw new HTTPException(404, { message: `no institution "${slug}"` })
      return input ? setRoll(db, institution.id, year.data, input) : rollOf(db, institution.id, year.data)
    })
    if (values.json) {
      out.log(
        JSON.stringify(
          { year: year.data, fromYear: roll?.fromYear ?? null, carried: roll?.carried ?? false, sizes: Object.fromEntries(roll?.sizes ?? []) },
          null,
          2,
        ),
      )
      return 0
    }
    if (!roll || roll.sizes.size === 0) {
      out.log(`No year-group sizes for ${slug} in ${year.data} or before: set them with --set y8=180,y9=175,...`)
      return 0
    }
    if (input) out.log(`Set the year-group sizes of ${slug} for ${year.data}:`)
    else if (roll.carried) out.log(`${slug} has no sizes for ${year.data}: last year’s figures (${roll.fromYear}) are used until they are changed.`)
    else out.log(`Year-group sizes of ${slug} for ${year.data}:`)
    const rows = yearGroups.filter((g) => roll.sizes.has(g)).map((g) => [yearGroupLabel(g), String(roll.sizes.get(g))])
    for (const line of aligned(rows)) out.log(`  ${line}`)
    return 0
  },
}
