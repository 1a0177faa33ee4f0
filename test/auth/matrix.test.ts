import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { freshDatabase } from '../support/app.ts'
import { miniCatalog, respondents } from '../support/fixtures.ts'
import { origin } from '../support/staff.ts'
import { snapshotDatabase } from '../hostile/in-process-target.ts'
import { checkRoute, prepareMatrix, rules, type MatrixTarget } from './matrix.ts'

/**
 * Every route of the app, for every kind of caller, against institution A's data. The list
 * of routes comes from the router itself: a route added without a rule in matrix.ts fails here.
 */
const catalog = miniCatalog()
let target: MatrixTarget
let dispose: () => void
let routes: string[]

beforeAll(async () => {
  const fresh = await freshDatabase()
  dispose = fresh.dispose
  const app = createApp({ getDb: () => fresh.db, catalog, now: () => new Date('2025-11-20T10:00:00Z') })
  routes = [...new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))]
  target = await prepareMatrix(fresh.db, catalog, {
    origin,
    fetch: async (req) => app.fetch(req),
    surveyId: 'mini',
    snapshot: () => snapshotDatabase(fresh.db),
    people: respondents({ year_group: Array(6).fill('y8'), q1: Array(6).fill('4') }),
  })
})
afterAll(() => dispose())

describe('the authorisation matrix', () => {
  it('has a rule for every route the app serves', () => {
    expect(routes.filter((r) => !(r in rules))).toEqual([])
  })

  for (const route of Object.keys(rules)) {
    it(route, async () => {
      expect(await checkRoute(target, route)).toEqual([])
    })
  }
})
