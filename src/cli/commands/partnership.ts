import { addPartnership, listPartnerships, partnershipSettings as settingsOf, setPartnershipSettings } from '../../org/organisations.ts'
import { need, noPositionals, parse, UsageError } from '../args.ts'
import { aligned, usageLines, withDb, type Command } from '../command.ts'
import { readJsonFile } from '../read-text.ts'

/** `signpost partnership add <slug> --name "Name"` */
export const partnershipAdd: Command = {
  usage: usageLines('partnership add <slug> --name "Name"'),
  async run(args, out) {
    const { values, positionals } = parse(args, { name: { type: 'string' } })
    const slug = positionals[0] ?? ''
    if (!slug) throw new UsageError('missing the partnership slug: signpost partnership add <slug> --name "Name"')
    const row = await withDb((db) => addPartnership(db, { slug, name: need(values.name, 'name') }))
    out.log(`Added partnership ${row.slug}: ${row.name}`)
    return 0
  },
}

/** `signpost partnership settings <slug> [--set FILE.json]`: prints the settings as JSON, or replaces them from a checked file. */
export const partnershipSettings: Command = {
  usage: usageLines(
    'partnership settings <slug> [--set FILE.json]',
    "show the partnership's settings, or replace them (minCohort,",
    'minFreeTextCohort, minRoundSize, coordinatorsMayExportAnswers,',
    'submissionLimit: {max, windowMinutes})',
  ),
  async run(args, out) {
    const { values, positionals } = parse(args, { set: { type: 'string' } })
    const slug = positionals[0] ?? ''
    if (!slug) throw new UsageError('missing the partnership slug: signpost partnership settings <slug> [--set FILE.json]')
    if (typeof values.set === 'string') {
      const input = readJsonFile(values.set)
      const settings = await withDb((db) => setPartnershipSettings(db, slug, input))
      out.log(`Saved the settings of ${slug}:`)
      out.log(JSON.stringify(settings, null, 2))
    } else out.log(JSON.stringify(await withDb((db) => settingsOf(db, slug)), null, 2))
    return 0
  },
}

const listSynopsis = 'partnership list [--json]'

/** `signpost partnership list [--json]`: every partnership's slug and name, one a line (or a JSON array). */
export const partnershipList: Command = {
  usage: usageLines(listSynopsis, 'every partnership: its slug and name'),
  async run(args, out) {
    const { values, positionals } = parse(args, { json: { type: 'boolean' } })
    noPositionals(positionals, listSynopsis)
    const rows = await withDb((db) => listPartnerships(db))
    if (values.json) out.log(JSON.stringify(rows, null, 2))
    else if (rows.length === 0) out.log('No partnerships yet: add one with signpost partnership add <slug> --name "Name"')
    else for (const line of aligned(rows.map((p) => [p.slug, p.name]))) out.log(line)
    return 0
  },
}
