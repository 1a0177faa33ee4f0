import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { scaleCounts, scaleCountsQuery, roundsWithCounts } from '../../src/analysis/queries.ts'
import type { Db } from '../../src/db/database.ts'
import { freshDatabase } from '../support/app.ts'
import { handYear1, miniCatalog, respondents, seedOrganisation, seedRound } from '../support/fixtures.ts'

/** The report's reads are typed drizzle selects; the tally GROUP BY keeps the plan of the SQL it replaced. */

let db: Db
let dispose: () => void
beforeEach(async () => {
  ;({ db, dispose } = await freshDatabase())
})
afterEach(() => dispose())

const handWritten = (n: number) => `SELECT round_id, question_key, scale, sum(shown) AS n FROM answer_tallies
  WHERE round_id IN (${Array(n).fill('?').join(', ')}) AND (scale IS NOT NULL OR value = 'dk')
  GROUP BY round_id, question_key, scale`

const plan = async (sql: string, args: (string | number)[]) =>
  (await db.$client.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args })).rows.map((r) => String(r.detail))

describe('the tally reads', () => {
  it('scaleCounts has the query plan of the hand-written GROUP BY it replaced', async () => {
    const ids = [1, 2, 3]
    const { sql, params } = scaleCountsQuery(db, ids).toSQL()
    const mine = await plan(sql, params as (string | number)[])
    expect(mine).toEqual(await plan(handWritten(ids.length), ids))
    expect(mine.join(' ')).toMatch(/USING (PRIMARY KEY|INDEX)/)
  })

  it('reads typed rows: numbers as numbers, "Don’t know" as a null scale', async () => {
    const id = await seedOrganisation(db)
    const round = await seedRound(db, miniCatalog(), 'elm-school', '2024/25', respondents(handYear1))
    const [r] = await roundsWithCounts(db, id, ['mini'])
    expect(r).toEqual({
      id: round.id,
      year: '2024/25',
      status: 'open',
      surveyVersion: round.surveyVersion,
      code: round.code,
      source: 'collected',
      answersDeletedOn: null,
      surveyId: 'mini',
      respondents: 10,
      collected: 10,
    })
    const q4 = (await scaleCounts(db, [round.id])).filter((x) => x.key === 'q4').sort((a, b) => (a.scale ?? 0) - (b.scale ?? 0))
    expect(q4).toEqual([
      { roundId: round.id, key: 'q4', scale: null, count: 1 },
      { roundId: round.id, key: 'q4', scale: 2, count: 1 },
      { roundId: round.id, key: 'q4', scale: 4, count: 4 },
      { roundId: round.id, key: 'q4', scale: 5, count: 4 },
    ])
  })
})
