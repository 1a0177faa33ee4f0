import { deactivateUnused } from '../auth/accounts.ts'
import { eraseVoidTagsBefore } from '../collect/group-write.ts'
import type { Db } from '../db/database.ts'
import { today } from '../rounds/academic-year.ts'
import type { SurveyCatalog } from '../surveys/load.ts'
import { applyRetention, retentionLines } from './apply.ts'

/** Once a day, while the Node server runs. */
export const retentionIntervalMs = 24 * 60 * 60 * 1000

/** One scheduled run: applies the policy and logs what went; a failure is logged, never thrown (the server keeps serving). */
export async function scheduledRetention(db: Db, catalog: SurveyCatalog, log: (line: string) => void = console.log): Promise<void> {
  try {
    // the void tags of earlier days (rounds/void-tag.ts), also on a server that took no response since: kept for their day only
    await db.$client.execute(eraseVoidTagsBefore(today()))
    // staff accounts unused for their partnership's number of days are deactivated (src/auth/accounts.ts)
    await deactivateUnused(db, new Date())
    const result = await applyRetention(db, catalog, { actor: 'retention schedule' })
    if (result.deleted.length || result.keptOpen.length) for (const line of retentionLines(result)) log(`retention: ${line}`)
  } catch (e) {
    console.error(`retention: the run failed and will be tried again: ${(e as Error).message ?? e}`)
  }
}

/**
 * Runs the policy now and then once a day; returns the way to stop it. The timer does not keep
 * the process alive on its own (`unref`).
 */
export function startRetentionSchedule(db: Db, catalog: SurveyCatalog): { stop: () => void; first: Promise<void> } {
  const first = scheduledRetention(db, catalog)
  const timer = setInterval(() => void scheduledRetention(db, catalog), retentionIntervalMs)
  timer.unref?.()
  return { stop: () => clearInterval(timer), first }
}
