import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readAudit } from '../../src/audit/log.ts'
import { run } from '../../src/cli/main.ts'
import { addInstitution, addPartnership } from '../../src/org/organisations.ts'
import { freshDatabase } from '../support/app.ts'

/** Accounts made and invitations printed at the command line are in the audit log, as the dashboard's are (issue 19, point 3). */

describe('signpost user add and user invite', () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>
  const saved = process.env.DATABASE_URL
  beforeEach(async () => {
    fresh = await freshDatabase()
    process.env.DATABASE_URL = fresh.url
    await addPartnership(fresh.db, { slug: 'oak-city', name: 'Oak City' })
    await addInstitution(fresh.db, { slug: 'elm-school', name: 'Elm School', partnership: 'oak-city' })
  })
  afterEach(() => {
    process.env.DATABASE_URL = saved
    fresh.dispose()
  })

  const cli = async (...args: string[]) => {
    const lines: string[] = []
    const code = await run(args, { log: (l) => lines.push(l) })
    return { code, text: lines.join('\n') }
  }
  const partnershipId = async () => Number((await fresh.db.$client.execute("SELECT id FROM partnerships WHERE slug = 'oak-city'")).rows[0]!.id)

  it('records the account made, by the command line, with its role and institution, and never the password', async () => {
    const added = await cli(
      'user',
      'add',
      '--email',
      'kim@elm.test',
      '--name',
      'Kim Ash',
      '--role',
      'coordinator',
      '--partnership',
      'oak-city',
      '--institution',
      'elm-school',
    )
    expect(added.code).toBe(0)
    const password = /Password \(shown once\): (\S+)/.exec(added.text)![1]!
    const [entry] = await readAudit(fresh.db, await partnershipId(), { action: 'account.created' })
    expect(entry).toMatchObject({ actor: 'command line', action: 'account.created', subject: 'Kim Ash <kim@elm.test>', institution: 'Elm School' })
    expect(entry!.detail).toContain('coordinator')
    const all = JSON.stringify((await fresh.db.$client.execute('SELECT * FROM audit_log')).rows)
    expect(all).not.toContain(password)
  })

  it('records an invitation, with its role and where, and never the link', async () => {
    const invited = await cli('user', 'invite', '--role', 'viewer', '--partnership', 'oak-city', '--institution', 'elm-school')
    expect(invited.code).toBe(0)
    const token = /\/invite\/(\S+)/.exec(invited.text)![1]!
    const [entry] = await readAudit(fresh.db, await partnershipId(), { action: 'account.invited' })
    expect(entry).toMatchObject({ actor: 'command line', subject: 'viewer at Elm School', institution: 'Elm School' })
    expect(entry!.detail).toContain('one-time link')
    expect(JSON.stringify((await fresh.db.$client.execute('SELECT * FROM audit_log')).rows)).not.toContain(token)
    // a lead's invitation is the partnership's
    await cli('user', 'invite', '--role', 'lead', '--partnership', 'oak-city')
    expect((await readAudit(fresh.db, await partnershipId(), { action: 'account.invited' })).map((e) => e.subject)).toContain('partnership lead')
  })

  it('records nothing when the account is refused', async () => {
    await cli(
      'user',
      'add',
      '--email',
      'kim@elm.test',
      '--name',
      'Kim',
      '--role',
      'lead',
      '--partnership',
      'oak-city',
      '--password',
      'a long enough password 1',
    )
    await expect(cli('user', 'add', '--email', 'kim@elm.test', '--name', 'Kim', '--role', 'lead', '--partnership', 'oak-city')).rejects.toThrow(
      /already exists/,
    )
    expect(await readAudit(fresh.db, await partnershipId(), { action: 'account.created' })).toHaveLength(1)
  })
})
