import { serve } from '@hono/node-server'
import { createClient, type InStatement } from '@libsql/client'
import { Hono } from 'hono'
import { z } from 'zod'
import { loadCatalogFromDisk } from '../../src/surveys/disk-node.ts'
import { questionsOf } from '../../src/surveys/schema.ts'

/**
 * The plain baseline of the submission benchmark: what a careful developer would write in an
 * afternoon with the same stack, to measure Signpost against. Hono + zod, one libSQL file (WAL,
 * synchronous=FULL), a row per response and a row per answer, exactly once per submissionId
 * (a unique index), and group commit: the posts that arrive together are written in one batch,
 * acknowledged after it commits; a failed batch is written again one response at a time. No
 * tallies, no limits, no anonymity measures, no caching of anything but the schema.
 *
 *   DATABASE_URL=file:/tmp/b.db PORT=8790 tsx test/bench/baseline-server.ts
 */

const url = process.env.DATABASE_URL ?? 'file:baseline.db'
const port = Number(process.env.PORT ?? 8790)
const db = createClient({ url, intMode: 'number' })
for (const pragma of ['PRAGMA journal_mode = WAL', 'PRAGMA synchronous = FULL', 'PRAGMA busy_timeout = 5000']) await db.execute(pragma)
await db.batch(
  [
    `CREATE TABLE IF NOT EXISTS responses (id INTEGER PRIMARY KEY, code TEXT NOT NULL, submission_id TEXT NOT NULL UNIQUE, submitted_on TEXT NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS answers (response_id INTEGER NOT NULL REFERENCES responses(id), question_key TEXT NOT NULL, value TEXT NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS answers_response ON answers (response_id)`,
  ],
  'write',
)

const survey = loadCatalogFromDisk().get('student-iag')!
const answerSchema = z.strictObject(
  Object.fromEntries(
    questionsOf(survey).map((q) => {
      const values =
        q.kind === 'agreement' ? ['1', '2', '3', '4', '5', 'dk'] : q.kind === 'yesno' ? ['yes', 'no'] : 'options' in q ? q.options.map((o) => o.value) : []
      const field = q.kind === 'text' ? z.string().max(q.maxLength) : q.kind === 'multiple' ? z.array(z.enum(values as [string])) : z.enum(values as [string])
      return [q.key, q.required ? field : field.optional()]
    }),
  ),
)
const bodySchema = z.strictObject({ submissionId: z.string().min(8).max(64), language: z.string().optional(), answers: answerSchema })

type Job = { statements: InStatement[]; done: (error?: unknown) => void }
let pending: Job[] = []
let draining = false
async function drain() {
  draining = true
  while (pending.length > 0) {
    await new Promise((r) => setTimeout(r, 0))
    const group = pending
    pending = []
    try {
      await db.batch(
        group.flatMap((j) => j.statements),
        'write',
      )
      for (const j of group) j.done()
    } catch {
      for (const j of group) {
        try {
          await db.batch(j.statements, 'write')
          j.done()
        } catch (error) {
          j.done(error)
        }
      }
    }
  }
  draining = false
}
const write = (statements: InStatement[]) =>
  new Promise<void>((resolve, reject) => {
    pending.push({ statements, done: (e) => (e === undefined ? resolve() : reject(e)) })
    if (!draining) void drain()
  })

const app = new Hono().post('/api/surveys/:code/responses', async (c) => {
  const parsed = bodySchema.safeParse(await c.req.json().catch(() => null))
  if (!parsed.success) return c.json({ error: 'invalid', issues: parsed.error.issues }, 400)
  const { submissionId, answers } = parsed.data
  const rows = Object.entries(answers).flatMap(([key, v]) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((value) => [key, String(value)])))
  const statements: InStatement[] = [
    {
      sql: 'INSERT INTO responses (code, submission_id, submitted_on) VALUES (?, ?, ?) ON CONFLICT (submission_id) DO NOTHING',
      args: [c.req.param('code'), submissionId, new Date().toISOString().slice(0, 10)],
    },
  ]
  if (rows.length > 0) {
    statements.push({
      sql: `INSERT INTO answers (response_id, question_key, value) SELECT r.id, v.column1, v.column2 FROM responses r, (VALUES ${rows.map(() => '(?, ?)').join(', ')}) v
            WHERE r.submission_id = ? AND changes() > 0`,
      args: [...rows.flat(), submissionId],
    })
  }
  await write(statements)
  return c.json({ submissionId, status: 'received' }, 201)
})

serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, (info) => console.log(`Baseline is running at http://127.0.0.1:${info.port}`))
const stop = () => process.exit(0)
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
