import { createApp } from '../../src/app.ts'
import { addUser } from '../../src/auth/users.ts'
import { addInstitution, addPartnership } from '../../src/org/organisations.ts'
import { catalog, freshDatabase } from './app.ts'
import { staffPassword as password } from './staff.ts'

/**
 * A fresh database with Test City Partnership, Oak School and its coordinator
 * (coordinator@oak.test, `staffPassword`), and the app on it with the clock at 20 November 2025.
 */
export async function oakSchool() {
  const fresh = await freshDatabase()
  const { db } = fresh
  await addPartnership(db, { slug: 'test-city', name: 'Test City Partnership' })
  const oak = (await addInstitution(db, { slug: 'oak-school', name: 'Oak School', partnership: 'test-city' })).id
  await addUser(db, {
    email: 'coordinator@oak.test',
    name: 'Oak Coordinator',
    role: 'coordinator',
    partnership: 'test-city',
    institution: 'oak-school',
    password,
  })
  const app = createApp({ getDb: () => db, catalog, now: () => new Date('2025-11-20T10:00:00Z') })
  return { ...fresh, app, oak }
}
