import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { request } from 'node:http'
import { connect } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { openDatabase } from '../../src/db/connect-node.ts'
import type { Db } from '../../src/db/database.ts'
import { catalog } from '../support/app.ts'
import { startServer, type BenchServer } from '../support/server.ts'
import { loadCorpus } from './corpus-schema.ts'
import { prepareTarget } from './in-process-target.ts'
import { runCorpus } from './run-corpus.ts'

/**
 * The whole corpus against a real server process (`tsx src/entry/node.ts`) on an embedded
 * database file, over HTTP: what the Node entry adds around the app (static files,
 * compression, its own router) and what the network does to a refused request are tested
 * too. The server serves the shipped surveys: cases that need a kind of question they do not
 * ask are skipped (hostile.test.ts runs every case in this process against surveys that ask
 * every kind).
 */
let dir: string
let server: BenchServer
let db: Db

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'signpost-hostile-server-'))
  const url = `file:${join(dir, 'hostile.db')}`
  server = await startServer(url)
  db = await openDatabase(url)
})
afterAll(async () => {
  db?.$client.close()
  await server?.stop()
  rmSync(dir, { recursive: true, force: true })
})

/**
 * How the corpus is sent. A body of over 1 MB goes on a connection of its own, closed after its
 * answer: the server refuses such a body (413) without reading it, and the Node adapter destroys
 * the socket if the rest has not arrived within half a second, as on a loaded machine it may not
 * have. fetch would already have put that connection back in its pool on the answer, and send the
 * next case into it ("other side closed"); a browser retries a request that fails that way on a
 * reused connection, fetch does not.
 */
async function send(req: Request): Promise<Response> {
  const body = req.body ? new Uint8Array(await req.arrayBuffer()) : undefined
  if (!body || body.length <= 1_000_000) return fetch(req.url, { method: req.method, headers: req.headers, body, redirect: req.redirect })
  return new Promise<Response>((resolve, reject) => {
    const outgoing = request(req.url, { method: req.method, headers: Object.fromEntries(req.headers), agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        const headers = new Headers()
        for (let i = 0; i < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!)
        resolve(new Response(Buffer.concat(chunks), { status: res.statusCode, headers }))
      })
      res.on('error', reject)
    })
    outgoing.on('error', reject)
    outgoing.end(body)
  })
}

it('refuses every hostile request of the corpus, stores nothing and keeps serving', async () => {
  const target = await prepareTarget(db, catalog, send, { origin: server.url, now: new Date() })
  const { failures, skipped } = await runCorpus(target, loadCorpus())
  expect(failures).toEqual([])
  // only what the shipped surveys cannot give is skipped
  for (const s of skipped) expect(s.reason).toMatch(/does not define \{\{(multiple|single|text|required|parentOnly|scored\d|agreement)\w*\}\}/)
  expect(skipped.length).toBeLessThan(20)
}, 240_000)

it('reads a small refused body to its end before answering, so the client finishes sending and its next request is answered', async () => {
  for (let i = 0; i < 20; i++) {
    const refused = await fetch(`${server.url}/s/NOCODE`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ i, padding: 'x'.repeat(2000) }),
    })
    expect(refused.status).toBe(415)
    // the body was read, so the connection stays open for the next request
    expect(refused.headers.get('connection')).not.toBe('close')
    await refused.text()
    // the next request on the client's pool is answered, whatever the server did with the unread body
    expect((await fetch(`${server.url}/`)).status).toBe(200)
  }
  // a body that is read keeps the connection
  const read = await fetch(`${server.url}/s/NOCODE`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
    body: 'submissionId=x',
  })
  await read.text()
  expect(read.headers.get('connection')).not.toBe('close')
})

it('answers a refused body that never finishes arriving within a few seconds, and closes that connection', async () => {
  const { port, hostname } = new URL(server.url)
  const answer = await new Promise<string>((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      // 100 bytes announced, 10 sent, and then nothing
      socket.write(`POST /s/NOCODE HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"i": 1, `)
    })
    let text = ''
    socket.on('data', (chunk) => (text += chunk.toString()))
    socket.on('close', () => resolve(text))
    socket.on('error', reject)
    setTimeout(() => (socket.destroy(), resolve(text)), 10_000)
  })
  expect(answer).toMatch(/^HTTP\/1\.1 415/)
  expect(answer.toLowerCase()).toContain('connection: close')
}, 20_000)
