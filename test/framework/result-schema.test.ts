import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { partnershipFramework } from '../../src/framework/evaluate.ts'
import { institutionFramework } from '../../src/framework/institution-year.ts'
import { institutionYearSchema, partnershipYearSchema } from '../../src/framework/result-schema.ts'
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

  it.each(['lead', 'coordinator', 'viewer'] as const)('holds for Elm’s 2025/26 and 2024/25 as its page builds them for the %s', async (role) => {
    const built = await institutionFramework(t.db, t.catalog, { id: t.elm, partnershipId: t.partnershipId }, '2025/26', role)
    for (const year of [built.current, built.previous]) expect(institutionYearSchema.safeParse(year).error?.issues ?? []).toEqual([])
    // Elm and 2 others have a 2025/26 figure, Elm alone a 2024/25 one: the lead sees both averages, Elm's staff neither
    const lead = role === 'lead'
    expect(built.current.y11CityAverage).toEqual({ value: lead ? 91 : null, source: 'computed', institutions: 3, withheld: !lead })
    expect(built.previous.y11CityAverage).toEqual({ value: lead ? 85 : null, source: 'computed', institutions: 1, withheld: !lead })
  })
})
