import { addInstitution, listInstitutions } from '../../org/organisations.ts'
import { need, noPositionals, parse, UsageError } from '../args.ts'
import { aligned, usageLines, withDb, type Command } from '../command.ts'

/** `signpost institution add <slug> --partnership <slug> --name "Name"` */
export const institutionAdd: Command = {
  usage: usageLines('institution add <slug> --partnership <slug> --name "Name"'),
  async run(args, out) {
    const { values, positionals } = parse(args, { name: { type: 'string' }, partnership: { type: 'string' } })
    const slug = positionals[0] ?? ''
    if (!slug) throw new UsageError('missing the institution slug: signpost institution add <slug> --partnership <slug> --name "Name"')
    const row = await withDb((db) => addInstitution(db, { slug, name: need(values.name, 'name'), partnership: need(values.partnership, 'partnership') }))
    out.log(`Added institution ${row.slug}: ${row.name}`)
    return 0
  },
}

const listSynopsis = 'institution list [--partnership <slug>] [--json]'

/**
 * `signpost institution list [--partnership <slug>] [--json]`: every institution's slug, name and
 * partnership, one a line (or a JSON array); an unknown partnership exits 1 naming it.
 */
export const institutionList: Command = {
  usage: usageLines(listSynopsis, "every institution (or one partnership's): its slug, name and partnership"),
  async run(args, out) {
    const { values, positionals } = parse(args, { partnership: { type: 'string' }, json: { type: 'boolean' } })
    noPositionals(positionals, listSynopsis)
    const partnership = values.partnership === undefined ? undefined : need(values.partnership, 'partnership')
    const rows = await withDb((db) => listInstitutions(db, partnership))
    if (values.json) out.log(JSON.stringify(rows, null, 2))
    else if (rows.length === 0) {
      out.log(
        `No institutions${partnership ? ` in ${partnership}` : ''} yet: add one with signpost institution add <slug> --partnership ${partnership ?? '<slug>'} --name "Name"`,
      )
    } else for (const line of aligned(rows.map((i) => [i.slug, i.name, i.partnership]))) out.log(line)
    return 0
  },
}
