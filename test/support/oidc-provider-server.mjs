// A real OpenID Connect provider (the `oidc-provider` package) on a loopback port, for test/auth/sso.test.ts.
// Started as a process of its own; prints `issuer <url>` once it listens. Configured by environment:
//   OIDC_CLIENTS    JSON: the registered clients (client_id, client_secret, redirect_uris)
//   OIDC_ACCOUNTS   JSON: account id -> the claims the provider states for it (email, email_verified, tid, hd, name)
//   OIDC_ID_TOKEN_TTL  seconds an ID token is valid
// Signing in at its development login form with an account id as the login signs in as that account.
import { createServer } from 'node:http'
import Provider from 'oidc-provider'

const accounts = JSON.parse(process.env.OIDC_ACCOUNTS ?? '{}')
const server = createServer()
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`
  const provider = new Provider(issuer, {
    clients: JSON.parse(process.env.OIDC_CLIENTS ?? '[]'),
    cookies: { keys: ['a test provider, never a real one'] },
    claims: { openid: ['sub', 'tid', 'hd'], email: ['email', 'email_verified'], profile: ['name'] },
    // the claims in the ID token itself, as Entra and Google put them there
    conformIdTokenClaims: false,
    ttl: { IdToken: Number(process.env.OIDC_ID_TOKEN_TTL ?? 3600) },
    pkce: { required: () => true },
    findAccount: (_ctx, id) => (accounts[id] ? { accountId: id, claims: () => ({ sub: id, ...accounts[id] }) } : undefined),
    // no consent screen: every scope granted at once, as a school's own tenant does for its apps
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId })
      grant.addOIDCScope('openid email profile')
      await grant.save()
      return grant
    },
  })
  server.on('request', provider.callback())
  console.log(`issuer ${issuer}`)
})
