import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { auditMinute, auditStatement, readAudit, recordAudit } from '../../src/audit/log.ts'
import { setPartnershipSettings } from '../../src/org/organisations.ts'
import { rows } from '../support/app.ts'
import { origin, postForm, staffPassword } from '../support/staff.ts'
import { snapshotDatabase } from '../hostile/in-process-target.ts'
import { handPartnership, visibleText } from '../framework/support.ts'

/**
 * The audit log (issue 19, point 3): staff changes are recorded, to the minute, with who did
 * them; the log cannot be changed or emptied by the application; the lead reads the
 * partnership's, a coordinator their institution's; nothing a respondent does is recorded.
 */

let t: Awaited<ReturnType<typeof handPartnership>>
beforeEach(async () => {
  t = await handPartnership()
  signedIn.clear()
})
afterEach(() => t.dispose())

const entries = async () =>
  rows(t.db, 'SELECT at, partnership_id, institution_id, round_id, user_id, actor, action, subject, detail FROM audit_log ORDER BY id')
const emails = {
  lead: 'lead@city.test',
  elmCoordinator: 'elm@school.test',
  elmViewer: 'viewer@school.test',
  ashCoordinator: 'ash@school.test',
  otherLead: 'lead@else.test',
} as const
type Who = keyof typeof emails
const signedIn = new Map<Who, string>()
/** Signs in once per account through the real form, keeping every cookie it sets. */
async function cookie(who: Who): Promise<string> {
  if (!signedIn.has(who)) {
    const res = await t.app.request('/sign-in', {
      method: 'POST',
      body: new URLSearchParams({ email: emails[who], password: staffPassword }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
    })
    expect(res.status).toBe(303)
    signedIn.set(
      who,
      res.headers
        .getSetCookie()
        .map((c) => c.split(';')[0]!)
        .join('; '),
    )
  }
  return signedIn.get(who)!
}
const get = async (path: string, who: Who) => t.app.request(path, { headers: { cookie: await cookie(who) } })

describe('the audit log of rounds and sign-ins', () => {
  it('records a round opened, closed, re-opened and codes printed, a sign-in and a failed one of an account, never an unknown email', async () => {
    const coordinator = await cookie('elmCoordinator')
    expect(
      (await postForm(t.app, `/dashboard/institutions/${t.elm}/rounds`, coordinator, { survey: 'mini', year: '2026/27', tokensRequired: 'yes' })).status,
    ).toBe(303)
    const round = Number((await t.db.$client.execute("SELECT id FROM rounds WHERE year = '2026/27'")).rows[0]!.id)
    expect((await postForm(t.app, `/dashboard/institutions/${t.elm}/rounds/${round}/tokens`, coordinator, { count: '3', label: '10B' })).status).toBe(200)
    expect((await postForm(t.app, `/dashboard/institutions/${t.elm}/rounds/${round}/close`, coordinator)).status).toBe(303)
    expect((await postForm(t.app, `/dashboard/institutions/${t.elm}/rounds/${round}/open`, coordinator)).status).toBe(303)
    const wrong = (email: string) =>
      t.app.request('/sign-in', {
        method: 'POST',
        headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email, password: 'not the password at all' }),
      })
    expect((await wrong(emails.elmCoordinator)).status).toBe(401)
    expect((await wrong('nobody@nowhere.test')).status).toBe(401)
    const logged = (await entries()).map((e) => [e.action, e.round_id === null ? null : Number(e.round_id), e.detail || null])
    expect(logged).toEqual([
      ['sign-in', null, 'password'],
      ['round.opened', round, 'one-time codes required'],
      ['codes.printed', round, '3 codes for 10B'],
      ['round.closed', round, null],
      ['round.reopened', round, null],
      ['sign-in.failed', null, 'wrong password'],
    ])
    const text = JSON.stringify(await entries())
    expect(text).not.toContain('nobody@nowhere.test')
    expect(text).not.toContain('not the password')
  })
})

describe('the audit log is append-only', () => {
  it('refuses every UPDATE and DELETE, whoever sends it, and keeps the rows', async () => {
    await recordAudit(t.db, {
      action: 'settings.changed',
      actor: 'command line',
      partnershipId: t.partnershipId,
      subject: 'Fixture City',
      at: new Date('2025-11-20T10:04:37Z'),
    })
    await expect(t.db.$client.execute(`UPDATE audit_log SET actor = 'someone else'`)).rejects.toThrow(/append-only/)
    await expect(t.db.$client.execute(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/)
    // not even inside a batch that would hide it among other changes: the whole batch fails
    await expect(
      t.db.$client.batch(
        [
          auditStatement({ action: 'sign-in', actor: 'command line', partnershipId: t.partnershipId }),
          `DELETE FROM audit_log WHERE action = 'settings.changed'`,
        ],
        'write',
      ),
    ).rejects.toThrow(/append-only/)
    expect(await entries()).toMatchObject([{ actor: 'command line', action: 'settings.changed', at: '2025-11-20T10:04Z' }])
  })

  it('has no code path that changes or removes an entry', () => {
    const dir = join(import.meta.dirname, '../../src')
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f))
    const writers = files.filter((f) => /(UPDATE|DELETE FROM)\s+[`"']?audit_log|(update|delete)\(\s*auditLog\b/i.test(readFileSync(join(dir, f), 'utf8')))
    expect(writers).toEqual([])
  })

  it('keeps the minute, never the seconds', () => {
    expect(auditMinute(new Date('2025-11-20T23:59:59.999Z'))).toBe('2025-11-20T23:59Z')
  })
})

describe('what is recorded', () => {
  it('an action plan, with who saved it, for which institution and round, in the same write', async () => {
    const res = await postForm(t.app, `/dashboard/institutions/${t.elm}/action-plan?survey=mini&year=2025/26`, await cookie('elmCoordinator'), {
      key1: 'q1',
      key2: 'q2',
      key3: 'q3',
      action1: 'Assemblies on apprenticeships',
    })
    expect(res.status).toBe(303)
    const [entry] = (await entries()).filter((e) => e.action === 'action-plan.saved')
    expect(entry).toMatchObject({
      at: '2025-11-20T10:00Z',
      actor: 'Elm Coordinator <elm@school.test>',
      institution_id: t.elm,
      round_id: t.rounds.elmRound2.id,
      partnership_id: t.partnershipId,
      subject: 'elm-school name, mini 2025/26',
      detail: 'development questions q1, q2, q3',
    })
    // saving the same plan again changes nothing, and records nothing more
    await postForm(t.app, `/dashboard/institutions/${t.elm}/action-plan?survey=mini&year=2025/26`, await cookie('elmCoordinator'), {
      key1: 'q1',
      key2: 'q2',
      key3: 'q3',
      action1: 'Assemblies on apprenticeships',
    })
    expect((await entries()).filter((e) => e.action === 'action-plan.saved')).toHaveLength(1)
  })

  it('downloads of the report CSV, the governors’ summary and the answers, once the file is made; a refused download records nothing', async () => {
    const qs = '?survey=mini&year=2025/26'
    expect((await get(`/dashboard/institutions/${t.elm}/report.csv${qs}`, 'elmViewer')).status).toBe(200)
    expect((await get(`/dashboard/institutions/${t.elm}/summary.pdf${qs}`, 'elmCoordinator')).status).toBe(200)
    // the coordinator may not have the answers one row per response: refused, not recorded
    expect((await get(`/dashboard/institutions/${t.elm}/answers.csv${qs}`, 'elmCoordinator')).status).toBe(403)
    const downloads = (await entries()).filter((e) => e.action === 'export.downloaded')
    expect(downloads.map((d) => [d.actor, d.detail, d.round_id])).toEqual([
      ['Elm Viewer <viewer@school.test>', expect.stringMatching(/report.*\.csv$/), t.rounds.elmRound2.id],
      ['Elm Coordinator <elm@school.test>', expect.stringMatching(/\.pdf$/), t.rounds.elmRound2.id],
    ])
  })

  it('framework criteria and figures, "you said, we did" and settings', async () => {
    const lead = await cookie('lead')
    const criteria = await postForm(t.app, '/dashboard/framework/criteria', lead, {
      year: '2026/27',
      y11_atWidth: '0.5',
      y11_amberRedDepth: '2',
      y11_redDepth: '5',
      y11_gapBand: 'Red',
      overall_method: 'lowest',
      overall_minimumRated: '3',
    })
    expect(criteria.status).toBe(303)
    const figures = await postForm(t.app, `/dashboard/institutions/${t.elm}/framework`, lead, {
      year: '2025/26',
      y11Eet: '90',
      qualityAward: 'gained',
      staffing: 'level-4',
    })
    expect(figures.status).toBe(303)
    // a form with a mistake stores nothing and records nothing
    expect((await postForm(t.app, `/dashboard/institutions/${t.elm}/framework`, lead, { year: '2025/26', y11Eet: 'lots' })).status).toBe(400)
    await setPartnershipSettings(t.db, 'fixture-city', { minCohort: 6 })
    expect((await entries()).map((e) => [e.action, e.subject, e.actor])).toEqual([
      ['sign-in', '', 'City Lead <lead@city.test>'],
      ['framework.criteria', 'the criteria for 2026/27', 'City Lead <lead@city.test>'],
      ['framework.figures', 'elm-school name, 2025/26', 'City Lead <lead@city.test>'],
      ['settings.changed', 'Fixture City', 'command line'],
    ])
    expect((await entries()).find((e) => e.action === 'settings.changed')).toMatchObject({ actor: 'command line', detail: 'minCohort: 6' })
  })

  it('nothing a respondent does', async () => {
    const before = await entries()
    const code = t.rounds.elmRound2.code
    const page = await t.app.request(`/s/${code}`)
    expect(page.status).toBe(200)
    await t.app.request(`/api/surveys/${code}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ submissionId: crypto.randomUUID(), language: 'en', answers: { year_group: 'y8', q1: '4' } }),
    })
    expect(await entries()).toEqual(before)
  })
})

describe('who reads the log', () => {
  beforeEach(async () => {
    const at = new Date('2025-11-19T09:30:00Z')
    await recordAudit(t.db, {
      action: 'round.closed',
      actor: { id: 1, name: 'Elm Coordinator', email: 'elm@school.test' },
      partnershipId: t.partnershipId,
      institutionId: t.elm,
      subject: 'Elm round',
      at,
    })
    await recordAudit(t.db, {
      action: 'round.opened',
      actor: { id: 2, name: 'Ash Coordinator', email: 'ash@school.test' },
      partnershipId: t.partnershipId,
      institutionId: t.ash,
      subject: 'Ash round',
      at,
    })
    await recordAudit(t.db, {
      action: 'framework.criteria',
      actor: 'command line',
      partnershipId: t.partnershipId,
      subject: 'Whole-partnership note',
      at: new Date('2025-10-01T12:00:00Z'),
    })
    const elsewhere = Number((await rows(t.db, "SELECT id FROM partnerships WHERE slug = 'elsewhere'"))[0]!.id)
    await recordAudit(t.db, { action: 'settings.changed', actor: 'command line', partnershipId: elsewhere, subject: 'Elsewhere secret', at })
  })

  it('the lead sees the partnership’s entries, newest first, and narrows them', async () => {
    const page = visibleText(await (await get('/dashboard/audit', 'lead')).text())
    expect(page).toContain('Elm round')
    expect(page).toContain('Ash round')
    expect(page).toContain('Whole-partnership note')
    expect(page).not.toContain('Elsewhere secret')
    expect(page).toContain('19 Nov 2025, 09:30 UTC')
    const narrowed = visibleText(await (await get(`/dashboard/audit?institution=${t.ash}&action=round.opened&from=2025-11-19&to=2025-11-19`, 'lead')).text())
    expect(narrowed).toContain('Ash round')
    expect(narrowed).not.toContain('Elm round')
    expect(visibleText(await (await get('/dashboard/audit?actor=ASH@', 'lead')).text())).not.toContain('Elm round')
    expect(visibleText(await (await get('/dashboard/audit?to=2025-10-31', 'lead')).text())).not.toContain('Ash round')
    expect((await get('/dashboard/audit?from=yesterday', 'lead')).status).toBe(400)
  })

  it('the lead downloads the same entries as CSV, cells that could run as formulas neutralised', async () => {
    await recordAudit(t.db, { action: 'export.downloaded', actor: 'command line', partnershipId: t.partnershipId, detail: '=HYPERLINK("x")' })
    const res = await get(`/dashboard/audit.csv?institution=${t.elm}`, 'lead')
    expect(res.headers.get('content-type')).toContain('text/csv')
    const csv = await res.text()
    expect(csv.split('\r\n')[0]).toBe('when_utc,who,what,action,institution,round_id,about,detail')
    expect(csv).toContain('Elm round')
    expect(csv).not.toContain('Ash round')
    expect(await (await get('/dashboard/audit.csv', 'lead')).text()).toContain(`"'=HYPERLINK(""x"")"`)
  })

  it('a coordinator sees their institution’s only; a viewer and another school’s coordinator do not', async () => {
    const own = visibleText(await (await get(`/dashboard/institutions/${t.elm}/audit`, 'elmCoordinator')).text())
    expect(own).toContain('Elm round')
    expect(own).not.toContain('Ash round')
    expect(own).not.toContain('Whole-partnership note')
    // the institution in the address wins over one in the filter
    expect(visibleText(await (await get(`/dashboard/institutions/${t.elm}/audit?institution=${t.ash}`, 'elmCoordinator')).text())).not.toContain('Ash round')
    expect(await (await get(`/dashboard/institutions/${t.elm}/audit.csv`, 'elmCoordinator')).text()).not.toContain('Ash round')
    expect((await get(`/dashboard/institutions/${t.elm}/audit`, 'elmViewer')).status).toBe(403)
    expect((await get(`/dashboard/institutions/${t.elm}/audit`, 'ashCoordinator')).status).toBe(404)
    expect((await get('/dashboard/audit', 'elmCoordinator')).status).toBe(403)
    expect((await get(`/dashboard/institutions/${t.elm}/audit`, 'otherLead')).status).toBe(404)
  })

  it('reading the log writes nothing, not even an entry of its own', async () => {
    await cookie('lead')
    await cookie('elmCoordinator')
    const before = await snapshotDatabase(t.db)
    await get('/dashboard/audit', 'lead')
    await get('/dashboard/audit.csv', 'lead')
    await get(`/dashboard/institutions/${t.elm}/audit`, 'elmCoordinator')
    expect(await snapshotDatabase(t.db)).toEqual(before)
  })

  it('readAudit keeps to its partnership', async () => {
    expect((await readAudit(t.db, t.partnershipId)).map((r) => r.subject)).not.toContain('Elsewhere secret')
  })
})
