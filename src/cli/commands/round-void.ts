import { loadKeySecret } from '../../entry/key-secret-node.ts'
import { findInstitution } from '../../org/organisations.ts'
import { requireRound } from '../../rounds/rounds.ts'
import { surveyOfRound } from '../../rounds/survey-versions.ts'
import { voidOverview, voidWindow, type VoidWindow } from '../../rounds/void.ts'
import { loadCatalogFromDisk } from '../../surveys/disk-node.ts'
import { need, parse, roundFlags, UsageError } from '../args.ts'
import { aligned, usageLines, withDb, type Command } from '../command.ts'

/** "10:30" in UK time, as the page names a window. */
const clock = (at: Date) => at.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' })

/**
 * `signpost round void … [--window HH:MM]`: the lead's void of a flood (rounds/void.ts) from the
 * command line. Without --window it lists today's windows that can be voided; with it, voids the
 * one starting at that time (UK time), recorded in the audit log as done by the command line.
 * The server secret is read as the server reads it, so that the windows' tags match.
 */
export const roundVoid: Command = {
  usage: usageLines(
    'round void --institution <slug> --survey <id> --year 2025/26 [--window HH:MM]',
    'list today’s 10-minute windows of a code-only round that hold a flood (at least 2 × the minimum cohort);',
    'with --window, void the responses that arrived in the one starting then (UK time), recorded in the audit log',
  ),
  async run(args, out) {
    const { values } = parse(args, { ...roundFlags, window: { type: 'string' } })
    const slug = need(values.institution, 'institution')
    if (values.window !== undefined && !/^\d{2}:\d0$/.test(values.window)) throw new UsageError('--window is the start of a 10-minute window, such as 09:30')
    loadKeySecret(process.env.DATABASE_URL)
    const catalog = loadCatalogFromDisk()
    return withDb(async (db) => {
      const round = await requireRound(db, slug, need(values.survey, 'survey'), need(values.year, 'year'))
      const institution = (await findInstitution(db, slug))!
      const now = new Date()
      const overview = await voidOverview(db, round, institution.partnershipId, now)
      if (overview.notVoidable === 'tokens-required') throw new UsageError('this round needs one-time codes: nobody can flood it, there is nothing to void')
      if (overview.notVoidable === 'imported') throw new UsageError('this round was imported from a file: remove the import instead')
      const span = (w: VoidWindow) => `${clock(w.starts)}-${clock(w.ends)}`
      if (values.window === undefined) {
        if (overview.windows.length === 0) {
          out.log(`No 10-minute window today holds ${overview.minimum} responses or more: there is no flood to void.`)
          return 0
        }
        out.log(`Today's windows with at least ${overview.minimum} responses (UK time):`)
        for (const line of aligned(overview.windows.map((w) => [span(w), `at least ${Math.floor(w.responses / overview.minCohort) * overview.minCohort}`]))) {
          out.log(`  ${line}`)
        }
        out.log(`To void one: signpost round void --institution ${slug} --survey ${round.surveyId} --year ${round.year} --window HH:MM`)
        return 0
      }
      const chosen = overview.windows.find((w) => clock(w.starts) === values.window)
      if (!chosen) throw new UsageError(`no window of today starting at ${values.window} holds ${overview.minimum} responses or more`)
      const voided = await voidWindow(db, round, await surveyOfRound(db, catalog, round), chosen.window, {
        actor: 'command line',
        partnershipId: institution.partnershipId,
        subject: `${institution.name}, ${round.surveyId} ${round.year}`,
        now,
      })
      out.log(`Voided ${voided} responses that arrived ${span(chosen)} today. The audit log records it.`)
      return 0
    })
  },
}
