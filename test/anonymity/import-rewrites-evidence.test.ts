import { afterEach, describe, expect, it } from 'vitest'
import { addUser } from '../../src/auth/users.ts'
import { importCommand } from '../../src/cli/commands/import.ts'
import { closeRound, openRound, type Round } from '../../src/rounds/rounds.ts'
import { agreementKeys, catalog, rows, storedCounts } from '../support/app.ts'
import { origin, signIn, staffPassword as password } from '../support/staff.ts'
import { insiderSchool, withoutWriting } from './support.ts'

/**
 * Attack: rewriting the evidence a school is rated on by importing a file.
 *
 * The import was meant to bring in a year surveyed before Signpost, but it took any file into
 * any round, and any coordinator could send it:
 * - rows of known Year 13 answers imported into this year's closed round make its one real
 *   Year 13 student part of a group the report shows: its figures minus the known rows are
 *   that student's answers (4 rows did it before the figures moved in steps of the minimum
 *   cohort; 5 rows, one step, still do);
 * - a round that needs a one-time code per respondent took rows that had none;
 * - 40 invented rows imported into last year's closed round change last year's top three, the
 *   development questions this year is rated on: this year's Red becomes Green.
 *
 * What must hold: an import goes only into a year with no round Signpost collected for that
 * institution and survey (a new round, marked imported and closed, or one that is itself
 * imported); never into a round Signpost collected, open or closed, and never into a round
 * that needs one-time codes. Only the partnership lead imports. A refusal says which round and
 * why, on the check page, at the confirm step and in `signpost import`, and stores nothing.
 */

const keys = agreementKeys()
const [a, b, c, d, e, f] = keys as [string, string, string, string, string, string]

const schools: Awaited<ReturnType<typeof insiderSchool>>[] = []
afterEach(() => {
  for (const s of schools.splice(0)) s.dispose()
})

/** Oak School (the insider's) with its partnership lead signed in too. */
async function oak() {
  const school = await insiderSchool()
  schools.push(school)
  await addUser(school.db, { email: 'lead@city.test', name: 'City Lead', role: 'lead', partnership: 'test-city', password })
  const coordinator = await signIn(school.app, 'coordinator@oak.test')
  const lead = await signIn(school.app, 'lead@city.test')
  const institutionId = Number((await rows(school.db, "SELECT id FROM institutions WHERE slug = 'oak-school'"))[0]!.id)
  const base = `/dashboard/institutions/${institutionId}/import`

  /** Step 1, "Check the file", as the browser sends it. */
  const preview = (cookie: string, fields: { survey: string; year: string }, csv: string) => {
    const form = new FormData()
    form.set('survey', fields.survey)
    form.set('year', fields.year)
    form.set('format', 'csv')
    form.set('file', new File([csv], 'answers.csv', { type: 'text/csv' }))
    return school.app.request(`${base}/preview`, { method: 'POST', body: form, headers: { origin, cookie } })
  }
  /** Step 2, the confirm form, carrying the file's text (and the boxes the check's warnings ask to tick, ticked). */
  const confirm = (cookie: string, fields: { survey: string; year: string }, csv: string) =>
    school.app.request(`${base}/confirm`, {
      method: 'POST',
      body: new URLSearchParams({ ...fields, format: 'csv', text: csv, addToExisting: 'yes', acknowledgeCoverage: 'yes' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin, cookie },
    })
  /** `signpost import` by an administrator, with the file given as a path. */
  const cli = async (fields: { survey: string; year: string }, csv: string) => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs')
    const { join } = await import('node:path')
    const { tmpdir } = await import('node:os')
    const dir = mkdtempSync(join(tmpdir(), 'signpost-evidence-'))
    const file = join(dir, 'answers.csv')
    writeFileSync(file, csv)
    const lines: string[] = []
    try {
      const args = ['--institution', 'oak-school', '--survey', fields.survey, '--year', fields.year, '--format', 'csv', file]
      const code = await importCommand(school.db, catalog, args, { log: (l) => lines.push(l) }).catch((error: Error) => {
        lines.push(error.message)
        return 1
      })
      return { code, output: lines.join('\n') }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  /** Everything a refused import must leave as it was. */
  const state = async () => ({
    counts: await storedCounts(school.db),
    rounds: await rows(school.db, 'SELECT id, year, survey_id, status, source, tokens_required, shown_respondents FROM rounds ORDER BY id'),
    tallies: await rows(school.db, 'SELECT count(*) AS n, coalesce(sum(n), 0) AS total FROM answer_tallies'),
  })
  /** Every way an import is sent: the check page and the confirm step as the lead, and the command line. */
  async function everyWayRefused(fields: { survey: string; year: string }, csv: string, why: RegExp) {
    const before = await state()
    const checked = await preview(lead, fields, csv)
    const page = await checked.text()
    expect(checked.status, page).toBe(409)
    expect(page).toMatch(why)
    expect(page, 'no confirm button for a refused file').not.toContain('name="text"')
    const confirmed = await confirm(lead, fields, csv)
    const confirmPage = await confirmed.text()
    expect(confirmed.status).toBe(409)
    expect(confirmPage).toMatch(why)
    expect(confirmPage).toContain('Nothing was imported')
    const command = await cli(fields, csv)
    expect(command.code).toBe(1)
    expect(command.output).toMatch(why)
    expect(await state()).toEqual(before)
    return { page, confirmPage, command: command.output }
  }
  return { ...school, coordinator, lead, institutionId, preview, confirm, cli, state, everyWayRefused }
}

/** A plain CSV with question keys as headers, one line per row of answers. */
function csvOf(answers: Record<string, string>[]): string {
  const header = Object.keys(answers[0]!)
  return [header.join(','), ...answers.map((row) => header.map((k) => row[k] ?? '').join(','))].join('\r\n') + '\r\n'
}

/** Every agreement question answered `value`, with some set otherwise. */
const agreeing = (value: string, overrides: Record<string, string> = {}) => ({ ...Object.fromEntries(keys.map((k) => [k, value])), ...overrides })

/** Posts complete responses to a round by its code, as students' phones would. */
async function answer(school: Awaited<ReturnType<typeof oak>>, round: Pick<Round, 'code'>, list: Record<string, string>[], prefix: string) {
  for (const [i, answers] of list.entries()) {
    const res = await school.app.request(`/api/surveys/${round.code}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ submissionId: crypto.randomUUID(), answers: withoutWriting(answers) }),
    })
    expect(res.status, await res.clone().text()).toBe(201)
  }
}

const thisYear = { survey: 'student-iag', year: '2025/26' }
const lastYear = { survey: 'student-iag', year: '2024/25' }

describe('an import cannot rewrite the evidence', () => {
  it('known Year 13 rows cannot unmask a Year 13 group of one in a closed round Signpost collected', async () => {
    const school = await oak()
    for (let i = 0; i < 9; i++) await school.post(withoutWriting({ year_group: 'y11' }))
    await school.post(withoutWriting({ year_group: 'y13', ...agreeing('1') }))
    await school.close()
    const yearThirteen = async () =>
      (await school.reportJson()).breakdowns.find((x: { key: string }) => x.key === 'year_group').groups.find((g: { value: string }) => g.value === 'y13')
    expect(await yearThirteen()).toMatchObject({ suppressed: true, respondents: null })

    const known = csvOf(Array.from({ length: 5 }, () => ({ year_group: 'y13', ...agreeing('3') })))
    const refused = await school.everyWayRefused(thisYear, known, /Signpost collected/)
    // which round, why, and what to do instead
    expect(refused.page).toContain('2025/26')
    expect(refused.page).toMatch(/closed/)
    expect(refused.page).toMatch(/a year that has no Signpost round/)
    expect(refused.command).toMatch(/oak-school|Oak School/)

    // the coordinator, who is rated on it, is not let in at all
    expect((await school.confirm(school.coordinator, thisYear, known)).status).toBe(403)
    expect(await yearThirteen()).toMatchObject({ suppressed: true, respondents: null })
  })

  it('refuses an open round Signpost is collecting', async () => {
    const school = await oak()
    for (let i = 0; i < 5; i++) await school.post(withoutWriting({}))
    const refused = await school.everyWayRefused(thisYear, csvOf([{ year_group: 'y9', ...agreeing('5') }]), /Signpost collected/)
    expect(refused.page).toMatch(/open/)
  })

  it('refuses a round that needs a one-time code for each respondent', async () => {
    const school = await oak()
    await openRound(school.db, catalog, { institution: 'oak-school', survey: 'parent-carer', year: '2025/26', tokensRequired: true })
    const parentKeys = agreementKeys('parent-carer')
    const row = { year_group: 'y10', ...Object.fromEntries(parentKeys.map((k) => [k, '5'])) }
    const refused = await school.everyWayRefused({ survey: 'parent-carer', year: '2025/26' }, csvOf([row]), /one-time code/)
    expect(refused.confirmPage).toContain('2025/26')
  })

  it('40 invented rows in last year’s closed round cannot turn this year’s Red into Green', async () => {
    const school = await oak()
    // last year, collected by Signpost: a, b and c the lowest, the top three
    const previous = await openRound(school.db, catalog, { institution: 'oak-school', survey: 'student-iag', year: '2024/25', tokensRequired: false })
    await answer(
      school,
      previous,
      Array.from({ length: 12 }, () => agreeing('4', { [a]: '1', [b]: '1', [c]: '1' })),
      'last-year',
    )
    await closeRound(school.db, previous)
    // this year: the same three still the lowest, so none has improved: Red
    for (let i = 0; i < 12; i++) await school.post(withoutWriting(agreeing('4', { [a]: '1', [b]: '1', [c]: '1' })))
    await school.close()
    const rating = async () => (await school.reportJson()).rag?.rating
    expect(await rating()).toBe('Red')

    // invented rows that would make d, e and f last year's top three, so that this year "improved" on all three
    const invented = csvOf(
      Array.from({ length: 40 }, () => ({ year_group: 'y10', ...agreeing('4', { [a]: '5', [b]: '5', [c]: '5', [d]: '1', [e]: '1', [f]: '1' }) })),
    )
    const refused = await school.everyWayRefused(lastYear, invented, /Signpost collected/)
    expect(refused.page).toContain('2024/25')
    expect(await rating()).toBe('Red')
    expect((await school.reportJson()).development.keys.sort()).toEqual([a, b, c].sort())
  })

  it('only the partnership lead imports: a coordinator gets 403 at every step, saying so, and nothing is stored', async () => {
    const school = await oak()
    const before = await school.state()
    const file = csvOf(Array.from({ length: 5 }, () => ({ year_group: 'y10', ...agreeing('5') })))
    const page = await school.app.request(`/dashboard/institutions/${school.institutionId}/import`, { headers: { cookie: school.coordinator } })
    expect(page.status).toBe(403)
    expect(await page.text()).toContain('Only the partnership lead can import')
    for (const step of [school.preview, school.confirm]) {
      const res = await step(school.coordinator, { survey: 'student-iag', year: '2023/24' }, file)
      expect(res.status).toBe(403)
      expect(await res.text()).toContain('Only the partnership lead can import')
    }
    expect(await school.state()).toEqual(before)
    // the institution page offers the coordinator no import link, and says who imports
    const rounds = await school.read(`/dashboard/institutions/${school.institutionId}`)
    expect(rounds).not.toContain(`href="/dashboard/institutions/${school.institutionId}/import"`)
    expect(rounds).toMatch(/partnership lead imports/)
  })

  it('the lead imports a year with no Signpost round: the round is created closed and imported, and never opened for answers', async () => {
    const school = await oak()
    const file = csvOf(Array.from({ length: 6 }, (_, i) => ({ year_group: 'y10', ...agreeing(String(1 + (i % 5))) })))
    const checked = await school.preview(school.lead, { survey: 'student-iag', year: '2023/24' }, file)
    expect(checked.status).toBe(200)
    expect(await checked.text()).toContain('6 responses are ready to import')
    const done = await school.confirm(school.lead, { survey: 'student-iag', year: '2023/24' }, file)
    expect(done.status).toBe(200)
    expect(await done.text()).toContain('6 responses imported')
    const [round] = await rows(school.db, "SELECT id, status, source FROM rounds WHERE year = '2023/24'")
    expect(round).toMatchObject({ status: 'closed', source: 'imported' })

    // another file into the same imported round is taken
    const second = csvOf(Array.from({ length: 5 }, () => ({ year_group: 'y11', ...agreeing('2') })))
    expect((await school.confirm(school.lead, { survey: 'student-iag', year: '2023/24' }, second)).status).toBe(200)
    expect(await rows(school.db, "SELECT count(*) AS n FROM responses r JOIN rounds o ON o.id = r.round_id WHERE o.year = '2023/24'")).toEqual([{ n: 11 }])

    // re-opening it for answers is refused, for the coordinator and the lead alike
    const before = await school.state()
    for (const cookie of [school.coordinator, school.lead]) {
      const res = await school.app.request(`/dashboard/institutions/${school.institutionId}/rounds/${round!.id}/open`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin, cookie },
      })
      expect(res.status).toBe(409)
      expect(await res.text()).toMatch(/imported from a file/)
    }
    await expect(openRound(school.db, catalog, { institution: 'oak-school', survey: 'student-iag', year: '2023/24' })).rejects.toThrow(/imported from a file/)
    expect(await school.state()).toEqual(before)
  })
})
