import { randomBytes } from 'node:crypto'
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { defaultDatabaseUrl, filePathOf } from '../db/connect-node.ts'
import { useKeySecret } from '../http/rate-limit.ts'

/**
 * The server secret of the Node server (rate-limit keys are HMACs with it: src/http/rate-limit.ts).
 * SIGNPOST_SECRET when set; otherwise a file beside the database (`data/signpost.db` ->
 * `data/signpost.secret`; for a database on a server, `data/signpost.secret`), made with 32
 * random bytes at first start, readable by its owner only. It is kept out of the database on
 * purpose: a copy of the database alone cannot be used to reverse the keys by guessing.
 */
export function secretFileFor(databaseUrl = defaultDatabaseUrl): string {
  const base = databaseUrl.startsWith('file:') ? filePathOf(databaseUrl) : 'data/signpost.db'
  return join(
    dirname(base),
    `${base
      .split('/')
      .pop()!
      .replace(/\.[^.]*$/, '')}.secret`,
  )
}

export function loadKeySecret(databaseUrl?: string): { secret: string; from: string } {
  const fromEnv = process.env.SIGNPOST_SECRET
  if (fromEnv) {
    useKeySecret(fromEnv)
    return { secret: fromEnv, from: 'SIGNPOST_SECRET' }
  }
  const file = secretFileFor(databaseUrl)
  let secret: string
  try {
    secret = readFileSync(file, 'utf8').trim()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    mkdirSync(dirname(file), { recursive: true })
    secret = randomBytes(32).toString('base64url')
    // 'wx': two servers starting at once do not overwrite each other's; the loser reads the winner's
    try {
      writeFileSync(file, `${secret}\n`, { flag: 'wx', mode: 0o600 })
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      secret = readFileSync(file, 'utf8').trim()
    }
    chmodSync(file, 0o600)
  }
  useKeySecret(secret)
  return { secret, from: file }
}
