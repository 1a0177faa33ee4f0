import { createApp } from '../../src/app.ts'
import { addUser } from '../../src/auth/users.ts'
import type { Db } from '../../src/db/database.ts'
import { saveCriteria, saveEntry } from '../../src/framework/queries.ts'
import { addInstitution, addPartnership } from '../../src/org/organisations.ts'
import { freshDatabase } from '../support/app.ts'
import { handYear1, handYear2, miniCatalog, respondents, seedOrganisation, seedRound } from '../support/fixtures.ts'
import { signIn, staffPassword as password } from '../support/staff.ts'

/**
 * A partnership worked out by hand (fixture-city, three institutions), for the route tests:
 *
 * 2025/26, criteria saved: KS4 Green from 95, Amber/Green from 92, Amber/Red from 88; the rest defaults.
 *   Year 11 shares 88, 92, 93: the city average is their mean, 91.
 *   Elm:  KS4 96 Green; Y11 88 is 3 below, the open band -> Amber/Red (gapBand); working towards -> Amber/Green;
 *         Level 4 -> Green; student survey: development q1, q3, q2 (2024/25 top three), q1 and q2 still in the
 *         top three -> Amber/Red. Points 4 + 2 + 3 + 4 + 2 = 15, / 5 = 3.0 -> Amber/Green, all five rated.
 *   Ash:  Y11 92, 1 above -> Green; no audit -> Red; no CPD -> Red; no figures or survey:
 *         (4 + 1 + 1) / 3 = 2 -> Amber/Red, provisional.
 *   Oak:  Y11 93, 2 above -> Green; award gained -> Green; some CPD -> Amber/Red:
 *         (4 + 4 + 2) / 3 = 3.33 -> Amber/Green, provisional.
 * 2024/25, default criteria (Destination Measure not set):
 *   Elm:  Y11 85, the only figure, so the average -> Amber/Green; audit and plan -> Amber/Red; some CPD -> Amber/Red;
 *         survey baseline: (3 + 2 + 2) / 3 = 2.33 -> Amber/Red. So Elm improved.
 *   Ash:  no audit -> Red; no CPD -> Red: two elements, fewer than 3 -> not rated.
 *   Oak:  nothing -> not rated.
 */
export async function handPartnership() {
  const fresh = await freshDatabase()
  const { db } = fresh
  const catalog = miniCatalog()
  const elm = await seedOrganisation(db, 'elm-school')
  const ash = (await addInstitution(db, { slug: 'ash-school', name: 'Ash School', partnership: 'fixture-city' })).id
  const oak = (await addInstitution(db, { slug: 'oak-school', name: 'Oak School', partnership: 'fixture-city' })).id
  await addPartnership(db, { slug: 'elsewhere', name: 'Elsewhere' })
  const partnershipId = Number((await db.$client.execute("SELECT id FROM partnerships WHERE slug = 'fixture-city'")).rows[0]!.id)
  const elmRound1 = await seedRound(db, catalog, 'elm-school', '2024/25', respondents(handYear1))
  const elmRound2 = await seedRound(db, catalog, 'elm-school', '2025/26', respondents(handYear2))
  // Ash's student rounds are below the minimum cohort of 5
  const ashRound1 = await seedRound(db, catalog, 'ash-school', '2024/25', respondents({ year_group: ['y8', 'y8', 'y8'], q1: ['4', '4', '2'] }))
  const ashRound2 = await seedRound(db, catalog, 'ash-school', '2025/26', respondents({ year_group: ['y8', 'y8', 'y8'], q1: ['4', '4', '2'] }))

  await saveCriteria(db, partnershipId, '2025/26', { destination: { ks4: { green: 95, amberGreen: 92, amberRed: 88 } } })
  const none = { destinationKs4: null, destinationPost16: null, y11Eet: null, qualityAward: null, staffing: null }
  await saveEntry(db, elm, '2025/26', { ...none, destinationKs4: 96, y11Eet: 88, qualityAward: 'working-towards', staffing: 'level-4' })
  await saveEntry(db, ash, '2025/26', { ...none, y11Eet: 92, qualityAward: 'none', staffing: 'no-cpd' })
  await saveEntry(db, oak, '2025/26', { ...none, y11Eet: 93, qualityAward: 'gained', staffing: 'some-cpd' })
  await saveEntry(db, elm, '2024/25', { ...none, y11Eet: 85, qualityAward: 'audit-and-plan', staffing: 'some-cpd' })
  await saveEntry(db, ash, '2024/25', { ...none, qualityAward: 'none', staffing: 'no-cpd' })

  const app = createApp({ getDb: () => db, catalog, now: () => new Date('2025-11-20T10:00:00Z') })
  const accounts = {
    lead: { email: 'lead@city.test', name: 'City Lead', role: 'lead', partnership: 'fixture-city' },
    elmCoordinator: { email: 'elm@school.test', name: 'Elm Coordinator', role: 'coordinator', partnership: 'fixture-city', institution: 'elm-school' },
    elmViewer: { email: 'viewer@school.test', name: 'Elm Viewer', role: 'viewer', partnership: 'fixture-city', institution: 'elm-school' },
    ashCoordinator: { email: 'ash@school.test', name: 'Ash Coordinator', role: 'coordinator', partnership: 'fixture-city', institution: 'ash-school' },
    otherLead: { email: 'lead@else.test', name: 'Else Lead', role: 'lead', partnership: 'elsewhere' },
  } as const
  for (const a of Object.values(accounts)) await addUser(db, { ...a, password })
  const cookie = async (who: keyof typeof accounts) => signIn(app, accounts[who].email)
  return { ...fresh, db: db as Db, catalog, app, partnershipId, elm, ash, oak, rounds: { elmRound1, elmRound2, ashRound1, ashRound2 }, cookie }
}

/** Text of the HTML with tags removed and whitespace squeezed, to read as a person would. */
export function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ')
}

/** The text of the element carrying `attribute` (e.g. data-element="y11"), up to its closing tag. */
export function cellText(html: string, attribute: string, tag = 'td|tr'): string {
  const m = new RegExp(`<(${tag})[^>]*${attribute}[^>]*>([\\s\\S]*?)</\\1>`).exec(html)
  return m ? visibleText(m[2]!).trim() : ''
}
