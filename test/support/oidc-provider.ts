import { spawn } from 'node:child_process'

/**
 * A real OpenID Connect provider (test/support/oidc-provider-server.mjs, the `oidc-provider`
 * package) as a process of its own on a loopback port: its issuer URL, and how to stop it.
 */
export async function startOidcProvider(config: {
  /** account id (the login typed at its form) -> the claims the provider states for it */
  accounts?: Record<string, Record<string, unknown>>
  /** the registered clients */
  clients: { client_id: string; client_secret: string; redirect_uris: string[] }[]
  idTokenTtlSeconds?: number
}): Promise<{ issuer: string; stop: () => void }> {
  const child = spawn(process.execPath, ['test/support/oidc-provider-server.mjs'], {
    env: {
      ...process.env,
      OIDC_ACCOUNTS: JSON.stringify(config.accounts ?? {}),
      OIDC_CLIENTS: JSON.stringify(config.clients),
      ...(config.idTokenTtlSeconds === undefined ? {} : { OIDC_ID_TOKEN_TTL: String(config.idTokenTtlSeconds) }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const issuer = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const m = /issuer (\S+)/.exec(out)
      if (m) resolve(m[1]!)
    })
    child.on('exit', (code) => reject(new Error(`the provider stopped (${code})`)))
  })
  return { issuer, stop: () => void child.kill() }
}
