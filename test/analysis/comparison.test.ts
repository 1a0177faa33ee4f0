import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { partnershipMedians } from '../../src/analysis/comparison.ts'
import type { Db } from '../../src/db/database.ts'
import { freshDatabase } from '../support/app.ts'
import { miniCatalog, seedOrganisation, seedRound } from '../support/fixtures.ts'

const catalog = miniCatalog()
/** `positive` of `n` answered q1 agree (4), the rest disagree (2). */
const people = (n: number, positive: number) => Array.from({ length: n }, (_, i) => ({ q1: i < positive ? '4' : '2', q2: '3' }))

let db: Db
let dispose: () => void
const ids: number[] = []
beforeEach(async () => {
  ;({ db, dispose } = await freshDatabase())
  ids.length = 0
  for (const school of ['elm-school', 'ash-school', 'oak-school', 'yew-school', 'fir-school']) ids.push(await seedOrganisation(db, school, 'fixture-city'))
})
afterEach(() => dispose())

const partnershipId = async () => Number((await db.$client.execute("SELECT id FROM partnerships WHERE slug = 'fixture-city'")).rows[0]!.id)
const medianFor = async (institutionId: number) =>
  (await partnershipMedians(db, { partnershipId: await partnershipId(), institutionId, surveyId: 'mini', year: '2025/26', minCohort: 5 }, ['q1']))['q1']

describe('the partnership median beside a school’s priority areas', () => {
  it('is the middle of every institution’s shown score, its own included, once 3 others show one', async () => {
    await seedRound(db, catalog, 'elm-school', '2025/26', people(10, 1)) // 10%
    await seedRound(db, catalog, 'ash-school', '2025/26', people(10, 3)) // 30%
    await seedRound(db, catalog, 'oak-school', '2025/26', people(10, 5)) // 50%
    expect(await medianFor(ids[0]!)).toEqual({ shown: false, others: 2 })
    await seedRound(db, catalog, 'yew-school', '2025/26', people(10, 9)) // 90%
    expect(await medianFor(ids[0]!)).toEqual({ shown: true, median: 0.4, institutions: 4 })
  })

  it('does not count a score an institution’s own report hides, so a fourth school of 4 answers leaves it hidden', async () => {
    await seedRound(db, catalog, 'elm-school', '2025/26', people(10, 1))
    await seedRound(db, catalog, 'ash-school', '2025/26', people(10, 3))
    await seedRound(db, catalog, 'oak-school', '2025/26', people(10, 5))
    await seedRound(db, catalog, 'fir-school', '2025/26', people(4, 4)) // 4 on-scale answers: hidden at fir
    expect(await medianFor(ids[0]!)).toEqual({ shown: false, others: 2 })
    // and another year's rounds do not count
    await seedRound(db, catalog, 'yew-school', '2024/25', people(10, 9))
    expect(await medianFor(ids[0]!)).toEqual({ shown: false, others: 2 })
  })
})
