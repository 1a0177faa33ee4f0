import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { run } from '../../src/cli/main.ts'
import { parseRollCsv, rollOf, setRoll, storeRollCsv } from '../../src/coverage/rolls.ts'
import { addInstitution, addPartnership, findInstitution } from '../../src/org/organisations.ts'
import { freshDatabase, rows } from '../support/app.ts'

let fresh: Awaited<ReturnType<typeof freshDatabase>>
let oak: number
let partnershipId: number
beforeEach(async () => {
  fresh = await freshDatabase()
  await addPartnership(fresh.db, { slug: 'test-city', name: 'Test City Partnership' })
  await addInstitution(fresh.db, { slug: 'oak-school', name: 'Oak School', partnership: 'test-city' })
  await addInstitution(fresh.db, { slug: 'elm-school', name: 'Elm School', partnership: 'test-city' })
  const inst = (await findInstitution(fresh.db, 'oak-school'))!
  oak = inst.id
  partnershipId = inst.partnershipId
})
afterEach(() => fresh.dispose())

const sizes = (roll: Awaited<ReturnType<typeof rollOf>>) => Object.fromEntries(roll?.sizes ?? [])

describe('year-group sizes', () => {
  it('are carried forward from the latest earlier year, marked as carried, until this year’s are set', async () => {
    expect(await rollOf(fresh.db, oak, '2025/26')).toBeNull()
    await setRoll(fresh.db, oak, '2023/24', { y8: 170, y9: 160 })
    await setRoll(fresh.db, oak, '2024/25', { y8: 180, y9: 175, y10: 150 })
    const carried = await rollOf(fresh.db, oak, '2026/27')
    expect(carried).toMatchObject({ fromYear: '2024/25', carried: true })
    expect(sizes(carried)).toEqual({ y8: 180, y9: 175, y10: 150 })
    // an earlier year keeps its own figures; a year before any has none
    expect(sizes(await rollOf(fresh.db, oak, '2023/24'))).toEqual({ y8: 170, y9: 160 })
    expect(await rollOf(fresh.db, oak, '2022/23')).toBeNull()

    // changing one year group makes the year its own: the others are taken over from last year
    const own = await setRoll(fresh.db, oak, '2025/26', { y9: 190 })
    expect(own.carried).toBe(false)
    expect(sizes(await rollOf(fresh.db, oak, '2025/26'))).toEqual({ y8: 180, y9: 190, y10: 150 })
    expect((await rollOf(fresh.db, oak, '2025/26'))!.carried).toBe(false)
    // and last year is unchanged
    expect(sizes(await rollOf(fresh.db, oak, '2024/25'))).toEqual({ y8: 180, y9: 175, y10: 150 })
  })

  it('refuse what is not a number on roll', async () => {
    await expect(setRoll(fresh.db, oak, '2025/26', { y8: -1 })).rejects.toThrow(/negative/)
    await expect(setRoll(fresh.db, oak, '2025/26', { y8: 2.5 })).rejects.toThrow(/whole number/)
    await expect(setRoll(fresh.db, oak, '2025/26', { y7: 100 } as never)).rejects.toThrow()
    expect(await rows(fresh.db, 'SELECT * FROM year_group_rolls')).toEqual([])
  })

  it('come for the whole partnership from one CSV, stored all or nothing, each problem with its line', async () => {
    const bad = await parseRollCsv(fresh.db, partnershipId, 'institution,y8,y9\noak-school,180,x\nbirch-school,10,10\n')
    expect(bad.problems).toEqual([
      'line 2, Year 9: give the number on roll as a whole number (not "x")',
      'line 3: no institution "birch-school" in this partnership',
    ])
    expect(bad.rows).toEqual([])
    const good = await parseRollCsv(fresh.db, partnershipId, '\uFEFFInstitution,y8,y9,y12\r\noak-school,180,175,\r\nelm-school,90,95,60\r\n')
    expect(good.problems).toEqual([])
    await storeRollCsv(fresh.db, '2025/26', good.rows)
    expect(sizes(await rollOf(fresh.db, oak, '2025/26'))).toEqual({ y8: 180, y9: 175 })
    const elm = (await findInstitution(fresh.db, 'elm-school'))!.id
    expect(sizes(await rollOf(fresh.db, elm, '2025/26'))).toEqual({ y8: 90, y9: 95, y12: 60 })
  })

  it('are set and printed by `signpost institution roll`', async () => {
    const before = process.env.DATABASE_URL
    process.env.DATABASE_URL = fresh.url
    try {
      const lines: string[] = []
      const out = { log: (l: string) => lines.push(l) }
      expect(await run(['institution', 'roll', '--institution', 'oak-school', '--year', '2024/25', '--set', 'y8=180,y9=175,Y10=0'], out)).toBe(0)
      expect(lines).toEqual(['Set the year-group sizes of oak-school for 2024/25:', '  Year 8   180', '  Year 9   175', '  Year 10  0'])
      lines.length = 0
      expect(await run(['institution', 'roll', '--institution', 'oak-school', '--year', '2025/26'], out)).toBe(0)
      expect(lines[0]).toBe('oak-school has no sizes for 2025/26: last year’s figures (2024/25) are used until they are changed.')
      lines.length = 0
      expect(await run(['institution', 'roll', '--institution', 'oak-school', '--year', '2025/26', '--json'], out)).toBe(0)
      expect(JSON.parse(lines.join('\n'))).toEqual({ year: '2025/26', fromYear: '2024/25', carried: true, sizes: { y8: 180, y9: 175, y10: 0 } })
      await expect(run(['institution', 'roll', '--institution', 'oak-school', '--year', '2025/26', '--set', 'y7=10'], out)).rejects.toThrow(
        /"y7" is not a year group/,
      )
      await expect(run(['institution', 'roll', '--institution', 'nowhere', '--year', '2025/26'], out)).rejects.toThrow(/no institution "nowhere"/)
    } finally {
      if (before === undefined) delete process.env.DATABASE_URL
      else process.env.DATABASE_URL = before
    }
  })
})
