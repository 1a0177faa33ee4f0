import { applyRetention, retentionLines } from '../../retention/apply.ts'
import { loadCatalogFromDisk } from '../../surveys/disk-node.ts'
import { noPositionals, parse } from '../args.ts'
import { usageLines, withDb, type Command } from '../command.ts'

const synopsis = 'retention apply [--dry-run]'

/** `signpost retention apply [--dry-run]`: deletes the individual answers of rounds beyond their partnership's keepAnswersYears, keeping their tallies. */
export const retentionApply: Command = {
  usage: usageLines(
    synopsis,
    'delete the individual answers, free text and response rows of closed',
    "rounds older than the partnership's keepAnswersYears (their tallies,",
    'reports and trend stay); --dry-run prints what would go',
  ),
  async run(args, out) {
    const { values, positionals } = parse(args, { 'dry-run': { type: 'boolean' } })
    noPositionals(positionals, synopsis)
    const catalog = loadCatalogFromDisk()
    const result = await withDb((db) => applyRetention(db, catalog, { dryRun: values['dry-run'] === true, actor: 'command line' }))
    for (const line of retentionLines(result)) out.log(line)
    return 0
  },
}
