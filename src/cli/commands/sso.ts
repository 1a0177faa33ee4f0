import { recordAudit } from '../../audit/log.ts'
import { addProvider, callbackUrl, kindWords, listProviders, removeProvider } from '../../auth/sso.ts'
import { loadKeySecret } from '../../entry/key-secret-node.ts'
import { findPartnership } from '../../org/organisations.ts'
import { need, parse, UsageError } from '../args.ts'
import { aligned, usageLines, withDb, type Command } from '../command.ts'

/** The partnership named by --partnership, or a usage error. */
async function partnershipOf(db: Parameters<Parameters<typeof withDb>[0]>[0], slug: string | undefined) {
  const partnership = await findPartnership(db, need(slug, 'partnership'))
  if (!partnership) throw new UsageError(`no partnership "${slug}"`)
  return partnership
}

const baseUrl = (value: string | undefined) => (value ?? 'http://127.0.0.1:8787').replace(/\/$/, '')

/** `signpost sso add …`: a single sign-on provider for the partnership; the client secret is stored sealed with the server secret. */
export const ssoAdd: Command = {
  usage: usageLines(
    'sso add --partnership <slug> --name "Name" --kind microsoft|google --issuer URL --client-id ID --allowed TENANT|DOMAIN [--base-url URL]',
    'add a single sign-on provider (the client secret is read from SIGNPOST_SSO_CLIENT_SECRET,',
    'so it stays out of shell history); prints the redirect URI to register with the provider',
  ),
  async run(args, out) {
    const { values } = parse(args, {
      partnership: { type: 'string' },
      name: { type: 'string' },
      kind: { type: 'string' },
      issuer: { type: 'string' },
      'client-id': { type: 'string' },
      allowed: { type: 'string' },
      'base-url': { type: 'string' },
    })
    const clientSecret = process.env.SIGNPOST_SSO_CLIENT_SECRET
    if (!clientSecret) throw new UsageError('set SIGNPOST_SSO_CLIENT_SECRET to the client secret the provider gave you')
    // sealed with the same server secret the Node server uses (SIGNPOST_SECRET, or the file beside the database)
    loadKeySecret(process.env.DATABASE_URL)
    const provider = await withDb(async (db) => {
      const partnership = await partnershipOf(db, values.partnership)
      const provider = await addProvider(db, partnership.id, {
        name: need(values.name, 'name'),
        kind: need(values.kind, 'kind'),
        issuer: need(values.issuer, 'issuer'),
        clientId: need(values['client-id'], 'client-id'),
        clientSecret,
        allowed: need(values.allowed, 'allowed'),
      })
      await recordAudit(db, {
        action: 'settings.changed',
        actor: 'command line',
        partnershipId: partnership.id,
        subject: 'single sign-on',
        detail: `added ${provider.name} (${provider.kind}, ${provider.issuer}) with signpost sso add`,
        at: new Date(),
      })
      return provider
    })
    out.log(`Added sign-in provider ${provider.id}: ${provider.name} (${kindWords[provider.kind].product})`)
    out.log(`Register this redirect URI with the provider: ${callbackUrl(baseUrl(values['base-url']), provider.id)}`)
    return 0
  },
}

/** `signpost sso list [--partnership <slug>]`: the providers, never their secrets. */
export const ssoList: Command = {
  usage: usageLines('sso list [--partnership <slug>]', 'list the single sign-on providers (never their secrets)'),
  async run(args, out) {
    const { values } = parse(args, { partnership: { type: 'string' } })
    const providers = await withDb(async (db) =>
      listProviders(db, values.partnership === undefined ? undefined : (await partnershipOf(db, values.partnership)).id),
    )
    if (providers.length === 0) {
      out.log('No sign-in providers.')
      return 0
    }
    for (const line of aligned([
      ['id', 'name', 'kind', 'issuer', 'client id', 'allowed'],
      ...providers.map((p) => [String(p.id), p.name, p.kind, p.issuer, p.clientId, p.allowed]),
    ]))
      out.log(line)
    return 0
  },
}

/** `signpost sso remove <id> --partnership <slug>`: its button goes from the sign-in page. */
export const ssoRemove: Command = {
  usage: usageLines('sso remove <id> --partnership <slug>', 'remove a single sign-on provider'),
  async run(args, out) {
    const { values, positionals } = parse(args, { partnership: { type: 'string' } })
    const id = Number(positionals[0])
    if (!Number.isInteger(id) || id <= 0)
      throw new UsageError('give the provider’s id (signpost sso list shows it): signpost sso remove <id> --partnership <slug>')
    const removed = await withDb(async (db) => {
      const partnership = await partnershipOf(db, values.partnership)
      const removed = await removeProvider(db, partnership.id, id)
      if (!removed) throw new UsageError(`no sign-in provider ${id} in ${partnership.slug}`)
      await recordAudit(db, {
        action: 'settings.changed',
        actor: 'command line',
        partnershipId: partnership.id,
        subject: 'single sign-on',
        detail: `removed ${removed.name} with signpost sso remove`,
        at: new Date(),
      })
      return removed
    })
    out.log(`Removed sign-in provider ${removed.id}: ${removed.name}`)
    return 0
  },
}
