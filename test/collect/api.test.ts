import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { lookupLimits } from '../../src/collect/lookup-limit.ts'
import { closeRound, issueTokens, openRound } from '../../src/rounds/rounds.ts'
import { agreementKeys, catalog, rows, storedCounts, studentAnswers, testApp } from '../support/app.ts'

type Ctx = Awaited<ReturnType<typeof testApp>>
let t: Ctx
beforeEach(async () => {
  t = await testApp()
})
afterEach(() => t.dispose())

function post(code: string, body: unknown, headers: Record<string, string> = {}) {
  return t.app.request(`/api/surveys/${code}/responses`, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
  })
}

describe('GET /api/surveys/:code', () => {
  it("returns the round's survey definition", async () => {
    const res = await t.app.request(`/api/surveys/${t.code}`)
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body.round).toEqual({ institution: 'Oak School', year: '2025/26', audience: 'student' })
    expect(body.survey.id).toBe('student-iag')
    expect(body.survey.sections.flatMap((s: { questions: unknown[] }) => s.questions).length).toBe(
      catalog.get('student-iag')!.sections.flatMap((s) => s.questions).length,
    )
  })

  it('answers 404 as JSON for an unknown code', async () => {
    const res = await t.app.request('/api/surveys/NOSUCH')
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ error: expect.stringContaining('could not find'), issues: [] })
  })
})

describe('POST /api/surveys/:code/responses', () => {
  it('stores a response with 201; numbers are accepted on the agreement scale', async () => {
    const [k1, k2] = agreementKeys()
    const submissionId = crypto.randomUUID()
    const res = await post(t.code, { submissionId, answers: { year_group: 'y10', [k1!]: 5, [k2!]: 'dk' } })
    expect(res.status).toBe(201)
    expect(await res.json()).toEqual({ submissionId, status: 'received' })
    const stored = await rows(
      t.db,
      'SELECT a.question_key, a.value, a.scale FROM answers a JOIN responses r ON r.id = a.response_id WHERE r.submission_id = ? ORDER BY a.question_key',
      [submissionId],
    )
    expect(stored).toEqual(
      [
        { question_key: k1, value: '5', scale: 5 },
        { question_key: k2, value: 'dk', scale: null },
        { question_key: 'year_group', value: 'y10', scale: null },
      ].sort((a, b) => a.question_key!.localeCompare(b.question_key!)),
    )
  })

  it('answers 500, not a 400 blaming the answers, when the partnership’s stored settings are broken; nothing is stored', async () => {
    await t.db.$client.execute(`UPDATE partnerships SET settings = '{"submissionLimit":{"max":1000000}}'`)
    const res = await post(t.code, { submissionId: crypto.randomUUID(), answers: studentAnswers() })
    expect(res.status).toBe(500)
    expect((await res.json()).error).toContain('Nothing was stored')
    expect((await storedCounts(t.db))!.responses).toBe(0)
  })

  it('a retry with the same submissionId gets the same answer and stores nothing more', async () => {
    const body = { submissionId: crypto.randomUUID(), answers: studentAnswers() }
    const first = await post(t.code, body)
    const second = await post(t.code, body)
    expect(second.status).toBe(first.status)
    expect(await second.json()).toEqual(await first.json())
    expect((await storedCounts(t.db))!.responses).toBe(1)
  })

  it('many concurrent posts of one submissionId store exactly one response, all answered alike', async () => {
    const body = { submissionId: crypto.randomUUID(), answers: studentAnswers() }
    const results = await Promise.all(Array.from({ length: 25 }, () => post(t.code, body)))
    expect(new Set(results.map((r) => r.status))).toEqual(new Set([201]))
    const counts = await storedCounts(t.db)
    expect(counts!.responses).toBe(1)
    expect(counts!.answers).toBe(Object.keys(studentAnswers()).length)
  })

  it('a one-time token used twice at once admits exactly one response', async () => {
    const round = await openRound(t.db, catalog, { institution: 'oak-school', survey: 'parent-carer', year: '2025/26', tokensRequired: true })
    const [token] = await issueTokens(t.db, round, 1)
    const results = await Promise.all(Array.from({ length: 10 }, () => post(token!, { submissionId: crypto.randomUUID(), answers: { year_group: 'y8' } })))
    expect(results.filter((r) => r.status === 201)).toHaveLength(1)
    expect(results.filter((r) => r.status === 409)).toHaveLength(9)
    expect((await storedCounts(t.db))!).toMatchObject({ responses: 1, usedTokens: 1 })
  })

  describe('refuses bad input with a clear message and stores nothing', () => {
    const cases: [string, () => unknown, number, string][] = [
      [
        'an answer off the scale',
        () => ({ submissionId: crypto.randomUUID(), answers: { year_group: 'y8', [agreementKeys()[0]!]: '9' } }),
        400,
        `answers.${agreementKeys()[0]}`,
      ],
      [
        'a question of another survey',
        () => ({ submissionId: crypto.randomUUID(), answers: { year_group: 'y8', child_encouraged_to_look_widely: '4' } }),
        400,
        'answers',
      ],
      ['a missing required answer', () => ({ submissionId: crypto.randomUUID(), answers: { [agreementKeys()[0]!]: '4' } }), 400, 'answers.year_group'],
      ['no submissionId', () => ({ answers: { year_group: 'y8' } }), 400, 'submissionId'],
      ['an unknown top-level key', () => ({ submissionId: crypto.randomUUID(), answers: { year_group: 'y8' }, name: 'Sam' }), 400, '(body)'],
      ['answers that are not an object', () => ({ submissionId: crypto.randomUUID(), answers: ['4'] }), 400, 'answers'],
      [
        'a number where text is expected',
        () => ({ submissionId: crypto.randomUUID(), answers: { year_group: 'y8', what_would_help_most: 42 } }),
        400,
        'answers.what_would_help_most',
      ],
      [
        'control characters in free text',
        () => ({ submissionId: crypto.randomUUID(), answers: { year_group: 'y8', what_would_help_most: 'a\u0007b' } }),
        400,
        'answers.what_would_help_most',
      ],
      ['no answers at all', () => ({ submissionId: crypto.randomUUID(), answers: {} }), 400, 'answers.year_group'],
    ]
    for (const [name, body, status, path] of cases) {
      it(name, async () => {
        const before = await storedCounts(t.db)
        const res = await post(t.code, body())
        expect(res.status).toBe(status)
        const json = await res.json()
        expect(json.error).toBeTruthy()
        expect(json.issues.map((i: { path: string }) => i.path)).toContain(path)
        expect(json.issues.every((i: { message: string }) => i.message.length > 5)).toBe(true)
        expect(await storedCounts(t.db)).toEqual(before)
      })
    }

    it('malformed JSON', async () => {
      const res = await post(t.code, '{"submissionId": ')
      expect(res.status).toBe(400)
      expect((await res.json()).error).toContain('not valid JSON')
    })

    it('JSON sent with a form content type', async () => {
      const res = await post(t.code, JSON.stringify({ submissionId: crypto.randomUUID(), answers: { year_group: 'y8' } }), {
        'content-type': 'text/plain',
        origin: 'http://localhost',
      })
      expect(res.status).toBe(415)
      expect((await storedCounts(t.db))!.responses).toBe(0)
    })

    const streamed = (chunks: string[], headers: Record<string, string> = {}) =>
      t.app.request(
        new Request(`http://localhost/api/surveys/${t.code}/responses`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: new ReadableStream({
            start(controller) {
              for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk))
              controller.close()
            },
          }),
          duplex: 'half',
        } as RequestInit),
      )
    const large = JSON.stringify({ submissionId: crypto.randomUUID(), answers: { year_group: 'y8', what_would_help_most: 'x'.repeat(100_000) } })

    it('an oversized body sent without a Content-Length, in pieces', async () => {
      const res = await streamed(large.match(/[^]{1,8192}/g)!)
      expect(res.status).toBe(413)
      expect((await storedCounts(t.db))!.responses).toBe(0)
    })

    it('an oversized body whose Content-Length says it is small', async () => {
      const res = await streamed([large], { 'content-length': '100' })
      expect(res.status).toBe(413)
      expect((await storedCounts(t.db))!.responses).toBe(0)
    })

    it('a body sent in pieces without a Content-Length is stored like any other', async () => {
      const body = JSON.stringify({ submissionId: crypto.randomUUID(), answers: studentAnswers() })
      const res = await streamed([body.slice(0, 10), body.slice(10, 200), body.slice(200)])
      expect(res.status).toBe(201)
      expect((await storedCounts(t.db))!.responses).toBe(1)
    })

    it('an oversized body', async () => {
      const res = await post(t.code, { submissionId: crypto.randomUUID(), answers: { year_group: 'y8', what_would_help_most: 'x'.repeat(100_000) } })
      expect(res.status).toBe(413)
      expect((await res.json()).error).toContain('larger than')
      expect((await storedCounts(t.db))!.responses).toBe(0)
    })
  })
})

describe('a retry after a one-time token was used', () => {
  it('gets the same 201 when it is the same submission, and 409 when it is another', async () => {
    const round = await openRound(t.db, catalog, { institution: 'oak-school', survey: 'parent-carer', year: '2025/26', tokensRequired: true })
    const [token] = await issueTokens(t.db, round, 1)
    const body = { submissionId: crypto.randomUUID(), answers: { year_group: 'y9' } }
    const first = await post(token!, body)
    const retry = await post(token!, body)
    expect(retry.status).toBe(first.status)
    expect(await retry.json()).toEqual(await first.json())
    expect((await post(token!, { ...body, submissionId: crypto.randomUUID() })).status).toBe(409)
    expect((await storedCounts(t.db))!.responses).toBe(1)
  })
})

describe('GET /api/surveys/:code?lang=', () => {
  it('gives the survey in the language asked for, with the same keys, and lists the languages offered', async () => {
    const english = await (await t.app.request(`/api/surveys/${t.code}`)).json()
    const polish = await (await t.app.request(`/api/surveys/${t.code}?lang=pl`)).json()
    expect(english.language.code).toBe('en')
    expect(polish.language).toMatchObject({ code: 'pl', dir: 'ltr' })
    const offered = polish.languages.map((l: { code: string }) => l.code)
    expect(offered[0]).toBe('en')
    expect([...offered].sort()).toEqual(['en', 'pl', 'ro', 'ur'])
    const keys = (s: { sections: { questions: { key: string }[] }[] }) => s.sections.flatMap((x) => x.questions.map((q) => q.key))
    expect(keys(polish.survey)).toEqual(keys(english.survey))
    expect(polish.survey.title).not.toBe(english.survey.title)
    expect(polish.scale['5']).not.toBe(english.scale['5'])
    // the other languages' texts are not sent along
    expect(polish.survey.translations).toBeUndefined()
  })

  it('falls back to English for a language the survey is not offered in', async () => {
    const body = await (await t.app.request(`/api/surveys/${t.code}?lang=xx`)).json()
    expect(body.language.code).toBe('en')
  })
})

describe('a round closed or limited while posts are on their way', () => {
  it('stores no post sent after the close, though the round was read before it; the tallies equal the answers', async () => {
    // the round's access is now known to the process (posts do not read it again)
    const first = crypto.randomUUID()
    expect((await post(t.code, { submissionId: first, answers: studentAnswers() })).status).toBe(201)
    const inFlightIds = Array.from({ length: 30 }, () => crypto.randomUUID())
    const inFlight = inFlightIds.map((submissionId) => post(t.code, { submissionId, answers: studentAnswers() }))
    await closeRound(t.db, t.round)
    const after = await Promise.all(Array.from({ length: 20 }, () => post(t.code, { submissionId: crypto.randomUUID(), answers: studentAnswers() })))
    expect(after.map((r) => r.status)).toEqual(Array(20).fill(410))
    expect((await after[0]!.json()).error).toContain('closed')
    const statuses = (await Promise.all(inFlight)).map((r) => r.status)
    expect(statuses.every((s) => s === 201 || s === 410)).toBe(true)
    const stored = await rows(t.db, `SELECT submission_id FROM responses ORDER BY submission_id`)
    expect(stored.map((r) => r.submission_id)).toEqual([first, ...statuses.flatMap((s, i) => (s === 201 ? [inFlightIds[i]!] : []))].sort())
    const fromAnswers = await rows(t.db, `SELECT question_key, value, count(*) AS n FROM answers GROUP BY question_key, value ORDER BY 1, 2`)
    expect(await rows(t.db, `SELECT question_key, value, n FROM answer_tallies WHERE value <> '' ORDER BY 1, 2`)).toEqual(fromAnswers)
  })

  it('takes a lower submission limit at once, though the round was read before it', async () => {
    for (const _ of [1, 2]) expect((await post(t.code, { submissionId: crypto.randomUUID(), answers: studentAnswers() })).status).toBe(201)
    await t.db.$client.execute(`UPDATE partnerships SET settings = '{"submissionLimit":{"max":2,"windowMinutes":10}}'`)
    const res = await post(t.code, { submissionId: crypto.randomUUID(), answers: studentAnswers() })
    expect(res.status).toBe(429)
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await storedCounts(t.db))!.responses).toBe(2)
  })
})

describe('guessing codes', () => {
  const from = (address: string) => ({ 'cf-connecting-ip': address })
  const get = (code: string, address: string) => t.app.request(`/api/surveys/${code}`, { headers: from(address) })

  it(`refuses an address with 429 and Retry-After after ${lookupLimits.perAddress} codes that match nothing in a minute; a known code still opens`, async () => {
    // answered once before the guessing: known to the process
    expect((await post(t.code, { submissionId: crypto.randomUUID(), answers: studentAnswers() }, from('10.0.0.9'))).status).toBe(201)
    for (let i = 0; i < lookupLimits.perAddress; i++) expect((await get(`GUESS${String(i).padStart(3, '0')}`, '10.0.0.9')).status).toBe(404)
    const refused = await get('GUESSZZZ', '10.0.0.9')
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await refused.json()).error).toContain('Too many codes')
    // a right code typed now is refused too (it is a look-up), unless the process knows it
    expect((await post(t.code, { submissionId: crypto.randomUUID(), answers: studentAnswers() }, from('10.0.0.9'))).status).toBe(201)
    // another address is not refused
    expect((await get('GUESSAAA', '10.0.0.10')).status).toBe(404)
    // the address is not stored readably
    const keys = (await rows(t.db, 'SELECT key FROM rate_limits')).map((r) => String(r.key))
    expect(keys.some((k) => k.includes('10.0.0'))).toBe(false)
  })

  it(`refuses every address once the server has had ${lookupLimits.global} codes that match nothing in a minute`, async () => {
    for (let i = 0; i < lookupLimits.global; i++) expect((await get(`GUESS${String(i).padStart(3, '0')}`, `10.1.${i >> 8}.${i & 255}`)).status).toBe(404)
    expect((await get('GUESSZZZ', '10.2.0.1')).status).toBe(429)
    // a token's look-up is a look-up too
    expect((await post('ABCDE-FGHJK', { submissionId: crypto.randomUUID(), answers: studentAnswers() }, from('10.2.0.2'))).status).toBe(429)
  })

  it('does not count what cannot be a code', async () => {
    for (let i = 0; i < lookupLimits.perAddress + 5; i++) expect((await get(`no!${i}`, '10.3.0.1')).status).toBe(404)
    expect((await get('GUESSAAA', '10.3.0.1')).status).toBe(404)
  })
})
