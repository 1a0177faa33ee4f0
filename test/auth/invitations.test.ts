import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { createInvitation } from '../../src/auth/invitations.ts'
import type { Db } from '../../src/db/database.ts'
import { freshDatabase } from '../support/app.ts'
import { miniCatalog, seedOrganisation } from '../support/fixtures.ts'
import { origin } from '../support/staff.ts'

let db: Db
let dispose: () => void
let app: ReturnType<typeof createApp>
const now = new Date('2025-11-20T10:00:00Z')

beforeEach(async () => {
  ;({ db, dispose } = await freshDatabase())
  app = createApp({ getDb: () => db, catalog: miniCatalog(), now: () => now })
})
afterEach(() => dispose())

const accept = (token: string, fields: Record<string, string>) =>
  app.request(`/invite/${token}`, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
  })
const count = async (table: string) => Number((await db.$client.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n)

describe('the first start’s setup link', () => {
  it('creates the partnership and its lead, signs them in, and works once', async () => {
    const token = await createInvitation(db, { role: 'lead' }, now)
    const page = await app.request(`/invite/${token}`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Partnership name')
    const res = await accept(token, {
      partnershipName: 'Derby City Partnership',
      partnershipSlug: 'derby-city',
      name: 'Lee Lead',
      email: 'Lee@City.test',
      password: 'a long enough password',
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/dashboard')
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!
    const dashboard = await app.request('/dashboard', { headers: { cookie } })
    expect(await dashboard.text()).toContain('Derby City Partnership')
    const user = (await db.$client.execute('SELECT email, role FROM users')).rows[0]!
    expect({ ...user }).toEqual({ email: 'lee@city.test', role: 'lead' })
    expect((await app.request(`/invite/${token}`)).status).toBe(410)
    expect(
      (await accept(token, { partnershipName: 'Other', partnershipSlug: 'other', name: 'Eve', email: 'eve@x.test', password: 'a long enough password' }))
        .status,
    ).toBe(410)
    expect(await count('users')).toBe(1)
  })

  it('keeps what was typed and says what is wrong, creating nothing', async () => {
    const token = await createInvitation(db, { role: 'lead' }, now)
    const res = await accept(token, { partnershipName: 'D', partnershipSlug: 'Bad Slug', name: 'Lee', email: 'not-an-email', password: 'short' })
    const html = await res.text()
    expect(res.status).toBe(400)
    for (const id of ['partnershipName', 'partnershipSlug', 'email', 'password']) expect(html).toContain(`id="${id}-error"`)
    expect(html).toContain('value="not-an-email"')
    expect(html).not.toContain('value="short"')
    expect(await count('partnerships')).toBe(0)
    expect(await count('users')).toBe(0)
  })

  it('is void once any lead exists: an older setup link neither shows its form nor creates a partnership', async () => {
    const first = await createInvitation(db, { role: 'lead' }, now)
    const older = await createInvitation(db, { role: 'lead' }, now)
    const fields = {
      partnershipName: 'Derby City Partnership',
      partnershipSlug: 'derby-city',
      name: 'Lee Lead',
      email: 'lee@city.test',
      password: 'violet kettle harbour',
    }
    expect((await accept(first, fields)).status).toBe(303)
    expect((await app.request(`/invite/${older}`)).status).toBe(410)
    const res = await accept(older, { ...fields, partnershipSlug: 'rogue', email: 'eve@rogue.test' })
    expect(res.status).toBe(410)
    expect(await count('partnerships')).toBe(1)
    expect(await count('users')).toBe(1)
  })

  it('refuses a weak password, saying why and suggesting three random words', async () => {
    const token = await createInvitation(db, { role: 'lead' }, now)
    for (const password of ['aaaaaaaaaaaa', 'password1234', 'P@ssw0rd2024!', 'qwertyuiop12', 'derbycity2025', 'leelead12345']) {
      const res = await accept(token, { partnershipName: 'Derby City', partnershipSlug: 'derby-city', name: 'Lee Lead', email: 'lee@city.test', password })
      expect(res.status, password).toBe(400)
      const html = await res.text()
      expect(html).toContain('id="password-error"')
      expect(html).toContain('three random words')
    }
    expect(await count('users')).toBe(0)
  })
})

describe('an invitation', () => {
  it('makes a coordinator of the institution it names; two at once make one account', async () => {
    await seedOrganisation(db, 'elm-school')
    const institutionId = Number((await db.$client.execute("SELECT id FROM institutions WHERE slug = 'elm-school'")).rows[0]!.id)
    const partnershipId = Number((await db.$client.execute("SELECT id FROM partnerships WHERE slug = 'fixture-city'")).rows[0]!.id)
    const token = await createInvitation(db, { role: 'coordinator', partnershipId, institutionId }, now)
    const [a, b] = await Promise.all([
      accept(token, { name: 'Cat One', email: 'one@elm.test', password: 'a long enough password' }),
      accept(token, { name: 'Cat Two', email: 'two@elm.test', password: 'a long enough password' }),
    ])
    expect([a.status, b.status].sort()).toEqual([303, 410])
    const users = (await db.$client.execute('SELECT role, institution_id FROM users')).rows.map((r) => ({ ...r }))
    expect(users).toEqual([{ role: 'coordinator', institution_id: institutionId }])
  })

  it('expires after seven days', async () => {
    const token = await createInvitation(db, { role: 'lead' }, new Date(now.getTime() - 8 * 86_400_000))
    expect((await app.request(`/invite/${token}`)).status).toBe(410)
  })
})
