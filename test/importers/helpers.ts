import type { Db } from '../../src/db/database.ts'
import { addInstitution, addPartnership } from '../../src/org/organisations.ts'
import { freshDatabase, rows } from '../support/app.ts'

/** A fresh database with a partnership and Oak School. */
export async function schoolDatabase() {
  const fresh = await freshDatabase()
  await addPartnership(fresh.db, { slug: 'test-city', name: 'Test City Partnership' })
  await addInstitution(fresh.db, { slug: 'oak-school', name: 'Oak School', partnership: 'test-city' })
  return fresh
}

/** Every text value in every table of the database. */
export async function everyStoredText(db: Db): Promise<string[]> {
  const tables = await rows(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
  const texts: string[] = []
  for (const { name } of tables) {
    for (const row of await rows(db, `SELECT * FROM "${String(name)}"`)) {
      for (const value of Object.values(row)) if (typeof value === 'string') texts.push(value)
    }
  }
  return texts
}
