import { and, eq, sql } from 'drizzle-orm'
import { z } from 'zod'
import type { Db } from '../db/database.ts'
import { eventCodes, rounds } from '../db/schema.ts'
import { RequestError } from '../http/errors.tsx'
import { newRoundCode } from './codes.ts'
import type { Round } from './rounds.ts'

/** At most this many event codes a round: a term's careers events, not one per visitor. */
export const maxEventCodes = 20

export const eventLabel = z
  .string()
  .trim()
  .min(1, 'say what the event is, for example “Careers fair, 12 March”')
  .max(60, 'keep the name of the event under 60 characters')

export type EventCode = typeof eventCodes.$inferSelect

/** A round's event codes, in the order they were made. */
export const eventCodesOf = (db: Db, roundId: number): Promise<EventCode[]> =>
  db
    .select()
    .from(eventCodes)
    .where(eq(eventCodes.roundId, roundId))
    .orderBy(sql`rowid`)

/**
 * Makes a code for one event of a code-only round (an employers' breakfast, a careers fair): it
 * opens the same round as the round code, until it is stopped. It is as long as a code-only
 * round's code (8 characters), drawn again in the unlikely case it is already a round's or an
 * event's code. A round with one-time codes gets none: its code alone admits no one.
 */
export async function addEventCode(db: Db, round: Pick<Round, 'id' | 'tokensRequired' | 'source'>, label: string): Promise<EventCode> {
  if (round.tokensRequired) throw new RequestError(409, 'Nothing was made: this round needs one-time codes, so a code for an event would admit no one.')
  if (round.source === 'imported') throw new RequestError(409, 'Nothing was made: a round made by an import takes no answers.')
  const name = eventLabel.safeParse(label)
  if (!name.success)
    throw new RequestError(400, `Nothing was made: ${name.error.issues[0]!.message}.`, [{ path: 'label', message: name.error.issues[0]!.message }])
  const made = await eventCodesOf(db, round.id)
  if (made.length >= maxEventCodes)
    throw new RequestError(409, `Nothing was made: a round has at most ${maxEventCodes} event codes. Stop one you no longer need first.`)
  for (;;) {
    const code = newRoundCode(false)
    const taken = await db
      .select({ code: rounds.code })
      .from(rounds)
      .where(eq(rounds.code, code))
      .union(db.select({ code: eventCodes.code }).from(eventCodes).where(eq(eventCodes.code, code)))
    if (taken.length) continue
    const [row] = await db.insert(eventCodes).values({ code, roundId: round.id, label: name.data }).returning()
    return row!
  }
}

/** Stops one event's code: it opens nothing from now on; the round and its other codes go on. */
export async function stopEventCode(db: Db, roundId: number, code: string): Promise<EventCode | undefined> {
  const [row] = await db
    .delete(eventCodes)
    .where(and(eq(eventCodes.roundId, roundId), eq(eventCodes.code, code)))
    .returning()
  return row
}
