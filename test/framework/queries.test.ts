import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  cityFigures,
  criteriaVersions,
  entriesOf,
  entryOrEmpty,
  institutionsOf,
  saveActions,
  saveCriteria,
  saveEntry,
  studentRoundsOf,
} from '../../src/framework/queries.ts'
import { defaultCriteria } from '../../src/framework/criteria.ts'
import { addInstitution, addPartnership } from '../../src/org/organisations.ts'
import { openRound } from '../../src/rounds/rounds.ts'
import { catalog, freshDatabase } from '../support/app.ts'

let fresh: Awaited<ReturnType<typeof freshDatabase>>
let partnershipId: number
let ids: Record<'elm' | 'ash' | 'oak' | 'far', number>
beforeEach(async () => {
  fresh = await freshDatabase()
  const { db } = fresh
  partnershipId = (await addPartnership(db, { slug: 'test-city', name: 'Test City' })).id
  const other = await addPartnership(db, { slug: 'elsewhere', name: 'Elsewhere' })
  ids = {
    elm: (await addInstitution(db, { slug: 'elm-school', name: 'elm School', partnership: 'test-city' })).id,
    ash: (await addInstitution(db, { slug: 'ash-school', name: 'Ash School', partnership: 'test-city' })).id,
    oak: (await addInstitution(db, { slug: 'oak-school', name: 'Oak School', partnership: 'test-city' })).id,
    far: (await addInstitution(db, { slug: 'far-school', name: 'Far School', partnership: 'elsewhere' })).id,
  }
  expect(other.id).not.toBe(partnershipId)
})
afterEach(() => fresh.dispose())

describe('the framework reads', () => {
  it("lists a partnership's institutions by name, whatever the case", async () => {
    expect(await institutionsOf(fresh.db, partnershipId)).toEqual([
      { id: ids.ash, slug: 'ash-school', name: 'Ash School', partnershipId },
      { id: ids.elm, slug: 'elm-school', name: 'elm School', partnershipId },
      { id: ids.oak, slug: 'oak-school', name: 'Oak School', partnershipId },
    ])
  })

  it('reads the criteria versions by year', async () => {
    const now = new Date('2025-10-01T10:00:00Z')
    await saveCriteria(fresh.db, partnershipId, '2025/26', defaultCriteria, now)
    await saveCriteria(fresh.db, partnershipId, '2024/25', defaultCriteria, now)
    const versions = await criteriaVersions(fresh.db, partnershipId)
    expect(versions.map((v) => [v.year, v.updatedAt])).toEqual([
      ['2024/25', now.toISOString()],
      ['2025/26', now.toISOString()],
    ])
    expect(JSON.parse(versions[0]!.criteria)).toEqual(defaultCriteria)
    expect(await criteriaVersions(fresh.db, partnershipId + 100)).toEqual([])
  })

  it('reads entries, with an unknown stored statement code as not entered, and averages the figures in SQL', async () => {
    const { db } = fresh
    const now = new Date('2025-10-01T10:00:00Z')
    expect(await cityFigures(db, partnershipId, '2025/26')).toEqual({
      destinationKs4: { mean: null, institutions: 0 },
      destinationPost16: { mean: null, institutions: 0 },
      y11Eet: { mean: null, institutions: 0 },
    })
    await saveEntry(db, ids.elm, '2025/26', { destinationKs4: 96, destinationPost16: null, y11Eet: 88.5, qualityAward: null, staffing: null }, now)
    await saveEntry(db, ids.ash, '2025/26', { destinationKs4: 91, destinationPost16: null, y11Eet: null, qualityAward: null, staffing: null }, now)
    await saveEntry(db, ids.far, '2025/26', { destinationKs4: 10, destinationPost16: 10, y11Eet: 10, qualityAward: null, staffing: null }, now)
    await saveActions(db, ids.elm, '2025/26', { destination: 'Visits to sixth forms' }, now)
    await db.$client.execute({ sql: "UPDATE framework_entries SET quality_award = 'not-a-code' WHERE institution_id = ?", args: [ids.ash] })

    expect(await cityFigures(db, partnershipId, '2025/26')).toEqual({
      destinationKs4: { mean: 93.5, institutions: 2 },
      destinationPost16: { mean: null, institutions: 0 },
      y11Eet: { mean: 88.5, institutions: 1 },
    })
    const entries = await entriesOf(db, partnershipId, '2025/26')
    expect([...entries.keys()].sort()).toEqual([ids.elm, ids.ash].sort())
    expect(entries.get(ids.elm)).toEqual({
      destinationKs4: 96,
      destinationPost16: null,
      y11Eet: 88.5,
      qualityAward: null,
      staffing: null,
      actions: { destination: 'Visits to sixth forms' },
      updatedAt: now.toISOString(),
    })
    expect(entries.get(ids.ash)?.qualityAward).toBeNull()
    expect(entryOrEmpty(entries, ids.oak)).toEqual({
      destinationKs4: null,
      destinationPost16: null,
      y11Eet: null,
      qualityAward: null,
      staffing: null,
      actions: {},
      updatedAt: null,
    })
  })

  it("finds each institution's student round of the years asked, the first by survey id", async () => {
    const { db } = fresh
    await openRound(db, catalog, { institution: 'elm-school', survey: 'student-iag', year: '2025/26' })
    await openRound(db, catalog, { institution: 'elm-school', survey: 'parent-carer', year: '2025/26' })
    await openRound(db, catalog, { institution: 'ash-school', survey: 'student-iag', year: '2024/25' })
    await openRound(db, catalog, { institution: 'far-school', survey: 'student-iag', year: '2025/26' })
    const found = await studentRoundsOf(db, partnershipId, ['2025/26', '2024/25'], ['student-iag', 'parent-carer'])
    expect(found).toEqual(
      new Map([
        [`${ids.elm}\u00002025/26`, { surveyId: 'student-iag' }],
        [`${ids.ash}\u00002024/25`, { surveyId: 'student-iag' }],
      ]),
    )
    expect(await studentRoundsOf(db, partnershipId, [], ['student-iag'])).toEqual(new Map())
    expect(await studentRoundsOf(db, partnershipId, ['2023/24'], ['student-iag'])).toEqual(new Map())
  })
})
