import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import { addUser } from '../../src/auth/users.ts'
import { agreementKeys } from '../support/app.ts'
import { signIn, staffPassword as password } from '../support/staff.ts'
import { insiderSchool, withoutWriting } from './support.ts'

/**
 * The attack: every year group and every answer to "extra help" is a cohort on its own, but
 * their combinations are not (two Year 11 students get extra help); and one question's Year 11
 * cell is hidden in the report (three of them answered it on the scale). A row-level export
 * with both profile columns gave those two students' every answer, and the hidden cell.
 */
describe('the answers one row per response, against an insider', () => {
  it('are not the coordinator’s, and the lead’s file shows no small combination and no hidden cell', async () => {
    const school = await insiderSchool()
    try {
      const hiddenFor11 = agreementKeys()[0]!
      const people = [
        ...Array.from({ length: 7 }, () => ({ year_group: 'y10', send_support: 'no' })),
        ...Array.from({ length: 3 }, () => ({ year_group: 'y10', send_support: 'yes' })),
        ...Array.from({ length: 8 }, (_, i) => ({ year_group: 'y11', send_support: 'no', [hiddenFor11]: i < 1 ? '2' : 'dk' })),
        ...Array.from({ length: 2 }, () => ({ year_group: 'y11', send_support: 'yes', [hiddenFor11]: '1' })),
      ]
      for (const p of people) await school.post(withoutWriting(p))
      const path = `/dashboard/institutions/1/answers.csv?survey=student-iag&year=2025%2F26`

      // the coordinator: not theirs, open or closed; the report page says whose it is
      const coordinator = await school.app.request(path, { headers: { cookie: await signIn(school.app, 'coordinator@oak.test') } })
      expect(coordinator.status).toBe(403)
      expect(await school.reportPage()).toContain('The answers one row per response are downloaded by the partnership lead, once the round is closed.')

      await addUser(school.db, { email: 'lead@city.test', name: 'City Lead', role: 'lead', partnership: 'test-city', password })
      const lead = await signIn(school.app, 'lead@city.test')
      expect((await school.app.request(path, { headers: { cookie: lead } })).status).toBe(409)
      await school.close()
      const res = await school.app.request(path, { headers: { cookie: lead } })
      expect(res.status).toBe(200)
      const rows = Papa.parse<Record<string, string>>((await res.text()).replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data
      expect(rows).toHaveLength(20)

      // no combination of profile answers is shared by fewer than 5 rows: extra help is masked
      const combos = new Map<string, number>()
      for (const r of rows) combos.set(`${r.year_group}|${r.send_support}`, (combos.get(`${r.year_group}|${r.send_support}`) ?? 0) + 1)
      for (const [combo, n] of combos) expect(n, combo).toBeGreaterThanOrEqual(5)
      expect(new Set(rows.map((r) => r.send_support))).toEqual(new Set(['(group of fewer than 5)']))
      expect(rows.filter((r) => r.year_group === 'y11')).toHaveLength(10)

      // the Year 11 cell the report hides is hidden in the file too: no Year 11 row shows an answer to it
      const report = await school.reportJson()
      const y11 = report.breakdowns.find((b: { key: string }) => b.key === 'year_group').groups.find((g: { value: string }) => g.value === 'y11')
      expect(y11.hidden).toContain(hiddenFor11)
      expect(rows.filter((r) => r.year_group === 'y11').map((r) => r[hiddenFor11])).toEqual(Array(10).fill('(too few answers to show)'))
    } finally {
      school.dispose()
    }
  })
})
