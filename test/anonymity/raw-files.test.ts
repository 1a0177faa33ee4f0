import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { openDatabase } from '../../src/db/connect-node.ts'
import { applyMigrations } from '../../src/db/migrate-node.ts'
import { startWriteThread } from '../../src/db/write-thread-node.ts'
import { addInstitution, addPartnership } from '../../src/org/organisations.ts'
import { hashToken } from '../../src/rounds/codes.ts'
import { issueTokens, openRound } from '../../src/rounds/rounds.ts'
import { catalog, rows, studentAnswers } from '../support/app.ts'

/**
 * The attack: an administrator (or anyone with a copy of data/) reads the raw bytes of the
 * database file and its -wal file, knowing what SQL tells anyone with the file (every token's
 * hash and class label, every response and its order), and tries to pair each used one-time
 * token with the response it unlocked. Two ways:
 *
 * - by commit: each commit in the WAL holds whole pages; the commit in which the used_tokens
 *   page gains a hash is the commit in which the responses page gains a submission id;
 * - by place: SQLite puts each new cell of a page below the previous one, so where the hashes
 *   sit in a used_tokens page (in the file or in any frame) is the order they were used in,
 *   and the order the responses arrived in is taken as known (their ids, random, no longer give it).
 *
 * The files are read while the app's connection is open, and again after it is closed; with the
 * app's connection writing, and with a write thread writing on a connection of its own, as the
 * Node server does (src/db/write-thread-node.ts).
 */

type Image = { where: string; pageNo: number; bytes: Buffer }
type Commit = Image[]

function varint(buf: Buffer, at: number): [number, number] {
  let value = 0
  for (let i = 0; i < 9; i++) {
    const b = buf[at + i]!
    if (i === 8) return [value * 256 + b, 9]
    value = value * 128 + (b & 0x7f)
    if (b < 0x80) return [value, i + 1]
  }
  return [value, 9]
}

/** The WAL's frames, in file order, cut into commits (a commit frame records the database size). */
function walCommits(wal: Buffer): Commit[] {
  if (wal.length < 32) return []
  const pageSize = wal.readUInt32BE(8)
  const commits: Commit[] = []
  let current: Commit = []
  for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
    current.push({ where: `wal@${at}`, pageNo: wal.readUInt32BE(at), bytes: wal.subarray(at + 24, at + 24 + pageSize) })
    if (wal.readUInt32BE(at + 4) !== 0) {
      commits.push(current)
      current = []
    }
  }
  // frames after the last commit frame were never committed, but their bytes are there to read
  if (current.length > 0) commits.push(current)
  return commits
}

/** Every page of the database file (live, free or stale alike). */
function filePages(db: Buffer): Image[] {
  if (db.length < 100) return []
  const size = db.readUInt16BE(16) === 1 ? 65536 : db.readUInt16BE(16)
  return Array.from({ length: Math.floor(db.length / size) }, (_, i) => ({
    where: `db page ${i + 1}`,
    pageNo: i + 1,
    bytes: db.subarray(i * size, (i + 1) * size),
  }))
}

/** The cells of an index leaf page whose record is one text column (what a used_tokens page holds), with where each sits. */
function oneTextCells(image: Image): { offset: number; text: string }[] {
  const page = image.bytes
  const h = image.pageNo === 1 ? 100 : 0
  if (page[h] !== 0x0a) return []
  const cells: { offset: number; text: string }[] = []
  const count = page.readUInt16BE(h + 3)
  for (let i = 0; i < count; i++) {
    const offset = page.readUInt16BE(h + 8 + 2 * i)
    if (offset < h + 8 || offset >= page.length - 4) return []
    const [, l1] = varint(page, offset)
    const [headerSize, l2] = varint(page, offset + l1)
    const [type, l3] = varint(page, offset + l1 + l2)
    if (l2 + l3 !== headerSize || type < 13 || type % 2 === 0) continue
    const start = offset + l1 + headerSize
    cells.push({ offset, text: page.toString('latin1', start, start + (type - 13) / 2) })
  }
  return cells
}

const contains = (image: Image, text: string) => image.bytes.includes(Buffer.from(text, 'latin1'))

type Known = {
  /** the used tokens' hashes of the round (the attacker sees all of them in access_tokens and used_tokens) */
  hashes: string[]
  /** the round's responses in the order they arrived (their ids) */
  responses: string[]
  /** what really happened: a hash to the submission id it unlocked */
  truth: Map<string, string>
}

/** By commit: a commit that adds exactly one hash to a used_tokens page and exactly one new submission id pairs them. */
function pairByCommit(commits: Commit[], dbPages: Image[], k: Known): number {
  const usedIn = (images: Image[]) =>
    new Set(
      images
        .flatMap(oneTextCells)
        .map((c) => c.text)
        .filter((t) => k.hashes.includes(t)),
    )
  let before = usedIn(dbPages)
  const seen = new Set(k.responses.filter((s) => dbPages.some((p) => contains(p, s))))
  let paired = 0
  for (const commit of commits) {
    const now = usedIn(commit)
    const newHashes = [...now].filter((h) => !before.has(h))
    if (now.size > 0) before = new Set([...before, ...now])
    const newIds = k.responses.filter((s) => !seen.has(s) && commit.some((p) => contains(p, s)))
    for (const s of newIds) seen.add(s)
    if (newHashes.length === 1 && newIds.length === 1 && k.truth.get(newHashes[0]!) === newIds[0]) paired++
  }
  return paired
}

/** By place: in each used_tokens page image, the hashes from the highest offset down are taken as the order of use. */
function pairByPlace(images: Image[], k: Known): { paired: number; orders: string[][] } {
  let best = 0
  const orders: string[][] = []
  for (const image of images) {
    const cells = oneTextCells(image).filter((c) => k.hashes.includes(c.text))
    if (cells.length < 2) continue
    const order = cells.sort((a, b) => b.offset - a.offset).map((c) => c.text)
    orders.push(order)
    best = Math.max(best, order.filter((h, i) => k.truth.get(h) === k.responses[i]).length)
  }
  return { paired: best, orders }
}

function readFiles(path: string) {
  const read = (p: string) => (existsSync(p) ? readFileSync(p) : Buffer.alloc(0))
  return { db: read(path), wal: read(`${path}-wal`), shm: read(`${path}-shm`) }
}

function attack(path: string, k: Known) {
  const files = readFiles(path)
  const dbPages = filePages(files.db)
  const commits = walCommits(files.wal)
  const byCommit = pairByCommit(commits, dbPages, k)
  const byPlace = pairByPlace([...dbPages, ...commits.flat()], k)
  // the -shm file is an index of WAL frames by page number: it must hold no hash and no submission id
  const inShm = [...k.hashes, ...k.responses].filter((s) => files.shm.includes(Buffer.from(s, 'latin1'))).length
  return { byCommit, byPlace: byPlace.paired, orders: byPlace.orders, walFrames: commits.flat().length, inShm }
}

/**
 * A school issues slips to three classes, and students use them: one after another, in the
 * reverse of their hashes' order (whatever order the files keep, it must not be the order of
 * use), or a whole class at once (one group commit).
 */
async function studentsAnswer(options: { perClass: number; together: boolean; writeThread: boolean }) {
  const dir = mkdtempSync(join(tmpdir(), 'signpost-raw-files-'))
  const path = join(dir, 'signpost.db')
  const db = await openDatabase(`file:${path}`)
  await applyMigrations(db)
  const writer = options.writeThread ? await startWriteThread(db, `file:${path}`) : null
  await addPartnership(db, { slug: 'test-city', name: 'Test City Partnership' })
  await addInstitution(db, { slug: 'oak-school', name: 'Oak School', partnership: 'test-city' })
  const round = await openRound(db, catalog, { institution: 'oak-school', survey: 'student-iag', year: '2025/26', tokensRequired: true })
  const slips = []
  for (const label of ['10A', '10B', '10C']) {
    for (const token of await issueTokens(db, round, options.perClass, label)) slips.push({ token, hash: await hashToken(token) })
  }
  const used = [...slips].sort((a, b) => (a.hash < b.hash ? 1 : -1))
  const app = createApp({ getDb: () => db, catalog })
  const truth = new Map<string, string>()
  const send = async (slip: { token: string; hash: string }, i: number) => {
    const submissionId = crypto.randomUUID()
    truth.set(slip.hash, submissionId)
    const res = await app.request(`/api/surveys/${slip.token}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ submissionId, answers: studentAnswers({ year_group: 'y10' }) }),
    })
    expect(res.status).toBe(201)
  }
  if (options.together) await Promise.all(used.map(send))
  else for (const [i, slip] of used.entries()) await send(slip, i)
  // response ids are random (collect/group-write.ts `randomResponseId`), so they no longer give the order of arrival; the
  // attacker is given it all the same (the worst case: someone who watched the round): the order the test sent them in
  const stored = (await rows(db, 'SELECT submission_id FROM responses WHERE round_id = ? ORDER BY id', [round.id])).map((r) => String(r.submission_id))
  const responses = options.together ? stored : used.map((s) => truth.get(s.hash)!)
  expect([...responses].sort()).toEqual([...stored].sort())
  const known: Known = { hashes: used.map((s) => s.hash), responses, truth }
  return { db, path, known, writer, dispose: () => rmSync(dir, { recursive: true, force: true }) }
}

describe.each([
  ['the app', false],
  ['a write thread', true],
])('an administrator with the raw database files, the responses written by %s', (_, writeThread) => {
  it('cannot pair a used one-time token with its response, while the database is open or after it is closed', async () => {
    const s = await studentsAnswer({ perClass: 2, together: false, writeThread })
    try {
      // freed bytes and pages are zeroed, so no earlier copy of a rewritten page stays in the file
      expect(await rows(s.db, 'PRAGMA secure_delete')).toEqual([{ secure_delete: 1 }])
      const open = attack(s.path, s.known)
      expect({ byCommit: open.byCommit, byPlace: open.byPlace, inShm: open.inShm }, 'files read while the connection is open').toEqual({
        byCommit: 0,
        byPlace: 0,
        inShm: 0,
      })
      // no frame of a token's commit lingers in the WAL
      expect(open.walFrames).toBe(0)
      await s.writer?.close()
      s.db.$client.close()
      const closed = attack(s.path, s.known)
      expect({ byCommit: closed.byCommit, byPlace: closed.byPlace }, 'files read after the connection is closed').toEqual({ byCommit: 0, byPlace: 0 })
      // the only order the pages keep is the hashes' own, whatever order the tokens were used in
      const sorted = [...s.known.hashes].sort()
      expect(closed.orders.length).toBeGreaterThan(0)
      for (const order of [...open.orders, ...closed.orders]) expect(order).toEqual(sorted.filter((h) => order.includes(h)))
    } finally {
      await s.writer?.close()
      s.db.$client.close()
      s.dispose()
    }
  })

  it('keeps no order of use and no WAL frame when a whole class answers at once', async () => {
    const s = await studentsAnswer({ perClass: 4, together: true, writeThread })
    try {
      const open = attack(s.path, s.known)
      expect({ byCommit: open.byCommit, walFrames: open.walFrames, inShm: open.inShm }).toEqual({ byCommit: 0, walFrames: 0, inShm: 0 })
      expect(await rows(s.db, 'SELECT count(*) AS n FROM used_tokens')).toEqual([{ n: 12 }])
      expect(await rows(s.db, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }])
      await s.writer?.close()
      s.db.$client.close()
      const closed = attack(s.path, s.known)
      expect(closed.byCommit).toBe(0)
      const sorted = [...s.known.hashes].sort()
      expect(closed.orders.length).toBeGreaterThan(0)
      for (const order of [...open.orders, ...closed.orders]) expect(order).toEqual(sorted.filter((h) => order.includes(h)))
    } finally {
      await s.writer?.close()
      s.db.$client.close()
      s.dispose()
    }
  })
})
