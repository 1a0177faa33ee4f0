import { dpiaMarkdown } from '../../privacy/dpia.ts'
import { loadCatalogFromDisk } from '../../surveys/disk-node.ts'
import { need, noPositionals, parse, UsageError } from '../args.ts'
import { usageLines, withDb, type Command } from '../command.ts'

const synopsis = 'partnership dpia --partnership <slug>'

/** `signpost partnership dpia --partnership P`: the DPIA and records-of-processing pack, as Markdown, from the configuration. */
export const partnershipDpia: Command = {
  usage: usageLines(
    synopsis,
    'the DPIA and records-of-processing pack as Markdown, written',
    'from the configuration (surveys, roles, settings, database kind)',
  ),
  async run(args, out) {
    const { values, positionals } = parse(args, { partnership: { type: 'string' } })
    noPositionals(positionals, synopsis)
    const slug = need(values.partnership, 'partnership')
    const catalog = loadCatalogFromDisk()
    const text = await withDb((db) => dpiaMarkdown(db, catalog, slug, process.env.DATABASE_URL))
    if (text === null) throw new UsageError(`no partnership "${slug}"`)
    out.log(text)
    return 0
  },
}
