import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { partnershipFramework } from '../../src/framework/evaluate.ts'
import { partnershipYearSchema } from '../../src/framework/result-schema.ts'
import { handPartnership } from './support.ts'

/**
 * The framework's result schema says what the matrix, its CSV and the institution pages may rely
 * on: every built result must pass it, in a year with every kind of element (rated, not entered,
 * criteria not set, too small, baseline) and in a year with nothing entered at all.
 */
let t: Awaited<ReturnType<typeof handPartnership>>
beforeEach(async () => {
  t = await handPartnership()
})
afterEach(() => t.dispose())

describe('the framework result schema', () => {
  it.each(['2025/26', '2024/25', '2023/24'])('holds for the partnership year %s as built', async (year) => {
    const partnership = { id: t.partnershipId, slug: 'fixture-city', name: 'Fixture City' }
    const built = await partnershipFramework(t.db, t.catalog, partnership, year)
    const parsed = partnershipYearSchema.safeParse(built)
    expect(parsed.error?.issues ?? []).toEqual([])
    expect(built.rows.length).toBe(3)
  })
})
