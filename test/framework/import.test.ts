import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Db } from '../../src/db/database.ts'
import { importFramework, readFrameworkCsv } from '../../src/framework/import.ts'
import { saveEntry } from '../../src/framework/queries.ts'
import { formatProblem, ImportError } from '../../src/importers/import.ts'
import { addInstitution } from '../../src/org/organisations.ts'
import { freshDatabase, rows } from '../support/app.ts'
import { seedOrganisation } from '../support/fixtures.ts'

const institutions = [
  { id: 1, slug: 'oak-school', name: 'Oak School' },
  { id: 2, slug: 'ash-college', name: 'Ash College' },
]
const problems = (csv: string) => readFrameworkCsv(csv, institutions).problems.map(formatProblem)

describe('reading a framework CSV', () => {
  it('reads slugs or names, percentages with or without %, statements as codes, ratings or words; blank lines keep the row numbers', () => {
    const read = readFrameworkCsv(
      '\ufeffInstitution,Y11 EET,destination_ks4,Quality_Award,staffing\r\n\r\noak-school, 93.25 %,96,Amber/Green,Level-4\r\nash college,88,,has completed an IAG audit and agreed an action plan from it,no-cpd\r\n',
      institutions,
    )
    expect(read.problems).toEqual([])
    expect(read.fields).toEqual(['y11Eet', 'destinationKs4', 'qualityAward', 'staffing'])
    expect(read.rows).toEqual([
      { row: 3, institution: institutions[0], values: { y11Eet: 93.25, destinationKs4: 96, qualityAward: 'working-towards', staffing: 'level-4' } },
      { row: 4, institution: institutions[1], values: { y11Eet: 88, destinationKs4: null, qualityAward: 'audit-and-plan', staffing: 'no-cpd' } },
    ])
  })

  it('names every problem with its row and column', () => {
    expect(problems('institution,y11_eet,staffing,y11_eet\noak-school,101,level 5,\n,50,,\n')).toEqual([
      'row 1, column “y11_eet”: is a second y11_eet column',
      'row 2, column “y11_eet”: “101”: a percentage cannot be above 100',
      'row 2, column “staffing”: “level 5” is not one of the statements: write level-4, enrolled-level-4, some-cpd, no-cpd (or the rating it stands for: Green, Amber/Green, Amber/Red, Red)',
      'row 3, column “institution”: is empty: give the institution’s slug or name',
    ])
    expect(problems('y11_eet\n90\n')).toContain(
      'row 1: there is no institution column: name one column “institution” (the slug or the name of each institution)',
    )
    expect(problems('institution\noak-school\n')).toContain(
      'row 1: there is nothing to import: add at least one of destination_ks4, destination_post16, y11_eet, quality_award, staffing',
    )
    expect(problems('institution,y11_eet\n')).toEqual(['the file has a header but no rows of institutions'])
    expect(problems('')).toEqual(['the file is empty: give a header row (institution, y11_eet...) and a row per institution'])
    expect(problems('institution,y11_eet\noak-school,90.125\n')).toEqual(['row 2, column “y11_eet”: “90.125”: give at most two decimal places, such as 94.25'])
    expect(problems('institution,y11_eet\noak-school,90,extra\n')).toEqual(['row 2: has 3 cells, more than the 2 columns of the header'])
  })
})

describe('importing a framework CSV', () => {
  let db: Db
  let dispose: () => void
  let elm: number
  let ash: number
  beforeEach(async () => {
    ;({ db, dispose } = await freshDatabase())
    elm = await seedOrganisation(db, 'elm-school')
    ash = (await addInstitution(db, { slug: 'ash-school', name: 'Ash School', partnership: 'fixture-city' })).id
  })
  afterEach(() => dispose())
  const entries = async () =>
    rows(db, 'SELECT institution_id, year, destination_ks4, y11_eet, quality_award, staffing FROM framework_entries ORDER BY institution_id, year')
  const partnership = async () => Number((await rows(db, "SELECT id FROM partnerships WHERE slug = 'fixture-city'"))[0]!.id)

  it('stores every row in one batch; a column the file leaves out keeps what was stored, an empty cell clears it', async () => {
    await saveEntry(db, elm, '2025/26', { destinationKs4: 97, destinationPost16: null, y11Eet: 80, qualityAward: 'none', staffing: 'no-cpd' })
    const summary = await importFramework(db, await partnership(), '2025/26', 'institution,y11_eet,quality_award\nelm-school,91,\nAsh School,90.5,gained\n')
    expect(summary).toEqual({ year: '2025/26', imported: 2, fields: ['y11Eet', 'qualityAward'], institutions: ['elm-school name', 'Ash School'] })
    expect(await entries()).toEqual([
      { institution_id: elm, year: '2025/26', destination_ks4: 97, y11_eet: 91, quality_award: null, staffing: 'no-cpd' },
      { institution_id: ash, year: '2025/26', destination_ks4: null, y11_eet: 90.5, quality_award: 'gained', staffing: null },
    ])
  })

  it('stores nothing at all when any row is wrong', async () => {
    const error = await importFramework(db, await partnership(), '2025/26', 'institution,y11_eet\nelm-school,91\nash-school,ninety\n').catch((e) => e)
    expect(error).toBeInstanceOf(ImportError)
    expect((error as ImportError).problems.map(formatProblem)).toEqual([
      'row 3, column “y11_eet”: “ninety” is not a percentage: write a number from 0 to 100, such as 94.5',
    ])
    expect(await entries()).toEqual([])
  })
})
