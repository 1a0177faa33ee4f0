import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import type { Db } from '../../src/db/database.ts'
import { openRound, type Round } from '../../src/rounds/rounds.ts'
import { oakSchool } from '../support/oak-school.ts'
import { catalog, rows } from '../support/app.ts'
import { postForm, signIn } from '../support/staff.ts'

let db: Db
let dispose: () => void
let app: ReturnType<typeof createApp>
let oak: number
let cookie: string
let round: Round

beforeEach(async () => {
  ;({ db, dispose, app, oak } = await oakSchool())
  cookie = await signIn(app, 'coordinator@oak.test')
  round = await openRound(db, catalog, { institution: 'oak-school', survey: 'employer-partners', year: '2025/26', tokensRequired: false })
})
afterEach(() => dispose())

const base = () => `/dashboard/institutions/${oak}/rounds/${round.id}`
/** An employer's answers: the two questions the survey requires, and one scored one. */
const answers = { organisation_kind: 'employer', activity_kind: 'talk', would_come_again: '5' }
const post = (code: string) =>
  app.request(`/api/surveys/${code}/responses`, {
    method: 'POST',
    body: JSON.stringify({ submissionId: crypto.randomUUID(), answers }),
    headers: { 'content-type': 'application/json' },
  })

describe('codes for events', () => {
  it('an event gets its own code and sheet; the code opens the round, and stops opening it when stopped', async () => {
    expect((await postForm(app, `${base()}/event-codes`, cookie, { label: 'Careers fair, 12 March' })).status).toBe(303)
    const [event] = await rows(db, 'SELECT code, label FROM event_codes WHERE round_id = ?', [round.id])
    const code = String(event!.code)
    expect(code).toMatch(/^[A-Z2-9]{8}$/)
    expect(code).not.toBe(round.code)

    // the institution page lists it with its sheet; the sheet prints the event's code and names the event
    const page = await (await app.request(`/dashboard/institutions/${oak}`, { headers: { cookie } })).text()
    expect(page).toContain('Careers fair, 12 March')
    expect(page).toContain(`${base()}/sheet?event=${code}`)
    const sheet = await (await app.request(`${base()}/sheet?event=${code}`, { headers: { cookie } })).text()
    expect(sheet).toContain('Careers fair, 12 March')
    expect(sheet).toContain(`/s/${code}`)
    expect(sheet).not.toContain(round.code.slice(0, 4))

    // it opens the round: the response is the round's, and names no code
    expect((await post(code)).status).toBe(201)
    expect(await rows(db, 'SELECT round_id FROM responses')).toEqual([{ round_id: round.id }])
    expect(JSON.stringify(await rows(db, 'SELECT * FROM responses'))).not.toContain(code)

    // stopped: it opens nothing from then on, and the round code still does
    expect((await postForm(app, `${base()}/event-codes/${code}/stop`, cookie)).status).toBe(303)
    const fresh = createApp({ getDb: () => db, catalog, now: () => new Date('2025-11-20T10:00:00Z') })
    const refused = await fresh.request(`/api/surveys/${code}/responses`, {
      method: 'POST',
      body: JSON.stringify({ submissionId: crypto.randomUUID(), answers }),
      headers: { 'content-type': 'application/json' },
    })
    expect(refused.status).toBe(404)
    expect((await post(round.code)).status).toBe(201)
    // each step is in the audit log, by the event's name, never its code
    const audit = await rows(db, "SELECT action, detail FROM audit_log WHERE action LIKE 'event-code.%' ORDER BY id")
    expect(audit).toEqual([
      { action: 'event-code.added', detail: 'Careers fair, 12 March' },
      { action: 'event-code.stopped', detail: 'Careers fair, 12 March' },
    ])
  })

  it('refuses an event without a name, and a round that needs one-time codes', async () => {
    const empty = await postForm(app, `${base()}/event-codes`, cookie, { label: '  ' })
    expect(empty.status).toBe(400)
    expect(await empty.text()).toContain('say what the event is')
    const students = await openRound(db, catalog, { institution: 'oak-school', survey: 'student-iag', year: '2025/26', tokensRequired: true })
    const refused = await postForm(app, `/dashboard/institutions/${oak}/rounds/${students.id}/event-codes`, cookie, { label: 'Assembly' })
    expect(refused.status).toBe(409)
    expect(await refused.text()).toContain('needs one-time codes')
    expect(await rows(db, 'SELECT code FROM event_codes')).toEqual([])
  })
})
