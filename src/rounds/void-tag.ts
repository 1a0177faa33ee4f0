import { windowKey } from '../http/rate-limit.ts'

/**
 * What a code-only response keeps of its arrival, for its own day only (`responses.void_tag`): a
 * tag of the 10-minute arrival window it came in (rounds/arrivals.ts `arrivalWindowOf`), a number
 * made from an HMAC of the round and the window with the server secret (52 bits), never a time.
 * The lead can void a flood by its window that day (rounds/void.ts); once the day is over the tags
 * are erased (collect/group-write.ts `eraseVoidTagsBefore`), so a response then keeps its day and
 * nothing finer.
 *
 * Its own HMAC domain, apart from `arrivalTag`: the round's arrival counter (rounds.arrival_window_start)
 * cannot be joined to the responses of the window it counts.
 */
export async function voidTag(roundId: number, window: number): Promise<number> {
  return parseInt((await windowKey(`void:window:${roundId}:${window}`)).slice(0, 13), 16)
}
