import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { submissionSchema } from '../../src/surveys/answers.ts'
import { languagesOf } from '../../src/surveys/translate.ts'
import { catalog, rows, studentAnswers, testApp } from '../support/app.ts'

/** A response's `language` must be one the survey is offered in (issue 13): "xx" used to be stored. */

const survey = catalog.get('student-iag')!
const offered = languagesOf(survey).map((l) => l.code)

describe('the language of a response', () => {
  const parse = (language: unknown) =>
    submissionSchema(survey).safeParse({ submissionId: crypto.randomUUID(), answers: studentAnswers(), ...(language === undefined ? {} : { language }) })

  it('is one the survey offers: its own language or a translation, whatever the letter case', () => {
    expect(offered).toContain('en')
    expect(offered.length).toBeGreaterThan(1)
    for (const code of offered) {
      expect(parse(code).data?.language).toBe(code)
      expect(parse(code.toUpperCase()).data?.language).toBe(code)
    }
    // none given: the survey's own language
    expect(parse(undefined).data?.language).toBe(survey.language)
  })

  it('refuses any other at the path `language`, naming the languages offered', () => {
    for (const language of ['xx', 'de', 'en-XX', '', 'pl-PL-x', 7, null]) {
      const result = parse(language)
      expect(result.success, JSON.stringify(language)).toBe(false)
      expect(result.error!.issues.map((i) => i.path.join('.'))).toEqual(['language'])
    }
    expect(parse('xx').error!.issues[0]!.message).toBe(`language must be one this survey is offered in: ${offered.join(', ')} ("xx" is not)`)
  })
})

describe('POST /api/surveys/:code/responses with a language the survey does not offer', () => {
  let t: Awaited<ReturnType<typeof testApp>>
  beforeEach(async () => {
    t = await testApp()
  })
  afterEach(() => t.dispose())

  const post = (body: unknown) =>
    t.app.request(`/api/surveys/${t.code}/responses`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })

  it('answers 400 with the issue at `language`, and stores nothing', async () => {
    const res = await post({ submissionId: crypto.randomUUID(), language: 'xx', answers: studentAnswers() })
    expect(res.status).toBe(400)
    const body = await res.json()
    expect(body.error).toBe('The response is not valid; nothing was stored.')
    expect(body.issues).toEqual([{ path: 'language', message: expect.stringContaining('language must be one this survey is offered in: en') }])
    expect(await rows(t.db, 'SELECT count(*) AS n FROM responses')).toEqual([{ n: 0 }])
  })

  it('stores an offered language as the survey writes it', async () => {
    const res = await post({ submissionId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', language: 'PL', answers: studentAnswers() })
    expect(res.status).toBe(201)
    expect(await rows(t.db, 'SELECT language FROM responses WHERE submission_id = ?', ['1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f'])).toEqual([{ language: 'pl' }])
  })
})
