import type { Db } from './db/database.ts'
import type { SurveyCatalog } from './surveys/load.ts'

/** Worker bindings (wrangler.toml vars and secrets); on Node they are absent. */
export type Bindings = {
  DATABASE_URL?: string
  DATABASE_AUTH_TOKEN?: string
  /** The server secret rate-limit keys are made with (a Worker secret; on Node, see src/entry/key-secret-node.ts). */
  SIGNPOST_SECRET?: string
  /**
   * Node only (src/entry/node.ts): the request's body read straight from the socket, at most
   * `max` bytes (null when it is longer), without building a web Request and its stream first.
   */
  readBody?: (max: number) => Promise<Uint8Array<ArrayBuffer> | null>
}

/** What the app is built from: where its database comes from, the surveys it serves, and its clock. */
export type AppDeps = {
  getDb: (env: Bindings) => Db | Promise<Db>
  catalog: SurveyCatalog
  now?: () => Date
}

export type AppEnv = {
  Bindings: Bindings
  Variables: {
    db: Db
    catalog: SurveyCatalog
    now: () => Date
  }
}
