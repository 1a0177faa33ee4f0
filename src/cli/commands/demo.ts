import { createDemo } from '../../demo/generate.ts'
import { loadCatalogFromDisk } from '../../surveys/disk-node.ts'
import { usageLines, withDb, type Command } from '../command.ts'

/** `signpost demo`: a demo partnership with three years of responses and demo accounts (once; a second run changes nothing). */
export const demo: Command = {
  usage: usageLines('demo', 'create a demo partnership with three years of responses and demo accounts'),
  async run(_args, out) {
    const catalog = loadCatalogFromDisk()
    const result = await withDb((db) => createDemo(db, catalog))
    out.log(
      result.created
        ? 'Demo partnership created: 5 institutions, 3 academic years, both surveys.'
        : 'The demo partnership already exists; nothing was changed.',
    )
    if (result.accounts.length) {
      out.log('Demo accounts (sign in at /sign-in):')
      for (const a of result.accounts) out.log(`  ${a.role.padEnd(11)} ${a.email}  password: ${a.password}${a.institution ? `  (${a.institution})` : ''}`)
    }
    out.log('Open rounds (type a code on the start page):')
    for (const r of result.openRounds) out.log(`  ${r.code}  ${r.institution}, ${r.survey}, ${r.year}`)
    return 0
  },
}
