import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { addUser } from '../../src/auth/users.ts'
import { uiText } from '../../src/collect/ui-text.ts'
import { SurveyPage } from '../../src/collect/views/survey-page.tsx'
import { defaultDisplay } from '../../src/collect/views/display.ts'
import { addInstitution, addPartnership } from '../../src/org/organisations.ts'
import { closeRound, issueTokens, openRound } from '../../src/rounds/rounds.ts'
import { buildCatalog } from '../../src/surveys/load.ts'
import { surveyMinutes, wordCount } from '../../src/surveys/minutes.ts'
import { questionsOf } from '../../src/surveys/schema.ts'
import { languagesOf, localise } from '../../src/surveys/translate.ts'
import { snapshotDatabase } from '../hostile/in-process-target.ts'
import { catalog, freshDatabase, rows, storedCounts, studentAnswers, testApp } from '../support/app.ts'
import { postForm as postStaffForm, signIn, staffPassword } from '../support/staff.ts'

type Ctx = Awaited<ReturnType<typeof testApp>>
let t: Ctx
beforeEach(async () => {
  t = await testApp()
})
afterEach(() => t.dispose())

const origin = 'http://localhost'

function form(fields: Record<string, string | string[]>): URLSearchParams {
  const body = new URLSearchParams()
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one)
  return body
}

function postForm(code: string, fields: Record<string, string | string[]>, headers: Record<string, string> = { origin }) {
  return t.app.request(`/s/${code}`, { method: 'POST', body: form(fields), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } })
}

/** The submissionId the server put in the form. */
async function formSubmissionId(code: string): Promise<string> {
  const html = await (await t.app.request(`/s/${code}`)).text()
  return html.match(/name="submissionId" value="([^"]+)"/)![1]!
}

describe('start page', () => {
  it('asks for the code with a labelled field', async () => {
    const res = await t.app.request('/')
    const html = await res.text()
    expect(res.status).toBe(200)
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).toContain('<label for="code">')
    expect(html).toContain('id="code"')
  })

  it('sends a known code to its survey, in any case and with spaces', async () => {
    const typed = ` ${t.code.slice(0, 3).toLowerCase()} ${t.code.slice(3)} `
    const res = await t.app.request(`/?code=${encodeURIComponent(typed)}`)
    expect(res.status).toBe(303)
    const survey = await t.app.request(res.headers.get('location')!)
    expect(survey.status).toBe(200)
    expect(await survey.text()).toContain(catalog.get('student-iag')!.title)
  })

  it('says so on the same page when the code is wrong, keeping what was typed', async () => {
    const res = await t.app.request('/?code=NOPE42')
    const html = await res.text()
    expect(res.status).toBe(404)
    expect(html).toContain('We could not find a survey with that code')
    expect(html).toContain('value="NOPE42"')
    expect(html).toContain('aria-invalid="true"')
  })
})

describe('survey page', () => {
  it('shows every question in a fieldset with a legend, each choice with its own label', async () => {
    const html = await (await t.app.request(`/s/${t.code}`)).text()
    const survey = catalog.get('student-iag')!
    for (const q of survey.sections.flatMap((s) => s.questions)) expect(html).toContain(q.text.replace(/'/g, '&#39;'))
    const fieldsets = html.match(/<fieldset/g)!.length
    const legends = html.match(/<legend/g)!.length
    expect(fieldsets).toBe(legends)
    const radios = [...html.matchAll(/<input type="radio" id="([^"]+)"/g)].map((m) => m[1])
    expect(radios.length).toBeGreaterThan(100)
    for (const id of radios) expect(html).toContain(`<label for="${id}">`)
    expect(html).toContain(`Part 1 of ${survey.sections.length}`)
  })

  it('stores a completed form and thanks the respondent', async () => {
    const submissionId = await formSubmissionId(t.code)
    const answers = studentAnswers({ year_group: 'y9' })
    const res = await postForm(t.code, { submissionId, ...answers })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/s/${t.code}/thanks`)
    expect(await (await t.app.request(res.headers.get('location')!)).text()).toContain('Thank you')
    const [response] = await rows(t.db, 'SELECT id, round_id, submitted_on, language FROM responses WHERE submission_id = ?', [submissionId])
    expect(response).toMatchObject({ round_id: t.round.id, language: 'en' })
    expect(response!.submitted_on).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    const stored = await rows(t.db, 'SELECT question_key, value FROM answers WHERE response_id = ?', [response!.id as number])
    expect(stored).toContainEqual({ question_key: 'year_group', value: 'y9' })
    expect(stored.filter((a) => a.value === '4').length).toBe(Object.values(answers).filter((v) => v === '4').length)
  })

  it('sending the same form twice (a double click, a refresh) stores it once', async () => {
    const submissionId = await formSubmissionId(t.code)
    const fields = { submissionId, ...studentAnswers() }
    const [a, b] = await Promise.all([postForm(t.code, fields), postForm(t.code, fields)])
    expect([a.status, b.status]).toEqual([303, 303])
    expect((await storedCounts(t.db))!.responses).toBe(1)
  })

  it('brings the form back with every answer kept and a message beside each wrong field, storing nothing', async () => {
    const before = await storedCounts(t.db)
    const submissionId = await formSubmissionId(t.code)
    const answers = studentAnswers()
    delete answers.year_group
    const [firstAgreement] = Object.keys(answers)
    const res = await postForm(t.code, { submissionId, ...answers, [firstAgreement!]: '9' })
    const html = await res.text()
    expect(res.status).toBe(400)
    expect(html).toContain('Please check your answers')
    expect(html).toContain('id="q-year_group-error"')
    // written as sentences: beside the question, and in the list at the top, which names the question's number
    expect(html).toContain('Please answer this question.')
    expect(html).toContain('Please answer question 1.</a>')
    expect(html).not.toContain('?: ')
    expect(html).toContain(`id="q-${firstAgreement}-error"`)
    // another answer is still chosen
    const secondAgreement = Object.keys(answers)[1]!
    expect(html).toMatch(new RegExp(`id="q-${secondAgreement}-4" name="${secondAgreement}" value="4" checked`))
    // and the free text is kept, escaped
    expect(html).toContain('More visits to colleges, please.')
    expect(html).toContain(`value="${submissionId}"`)
    expect(await storedCounts(t.db)).toEqual(before)
  })

  it('shows free text that looks like markup as text when the form comes back', async () => {
    const submissionId = await formSubmissionId(t.code)
    const res = await postForm(t.code, { submissionId, ...studentAnswers({ year_group: '', what_would_help_most: '<script>alert(1)</script>' }) })
    const html = await res.text()
    expect(res.status).toBe(400)
    expect(html).not.toContain('<script>alert(1)</script>')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })

  it('refuses a form posted from another site', async () => {
    const res = await postForm(t.code, { submissionId: crypto.randomUUID(), ...studentAnswers() }, { origin: 'https://evil.example' })
    expect(res.status).toBe(403)
    expect((await storedCounts(t.db))!.responses).toBe(0)
  })
})

describe('rounds that cannot be answered', () => {
  it('answers 404 with a clear page for an unknown code', async () => {
    const res = await t.app.request('/s/ZZZZZZ')
    expect(res.status).toBe(404)
    expect(await res.text()).toContain('We could not find a survey with that code')
  })

  it('answers 410 once a round is closed, and stores nothing sent to it', async () => {
    const submissionId = await formSubmissionId(t.code)
    await closeRound(t.db, t.round)
    const page = await t.app.request(`/s/${t.code}`)
    expect(page.status).toBe(410)
    const closed = await page.text()
    expect(closed).toContain('This survey has closed')
    // it names the survey and its year, and says what to do
    expect(closed).toContain(`“${catalog.get('student-iag')!.title}” for ${t.round.year} has closed`)
    expect(closed).toContain('ask your school or college for this year’s code')
    const res = await postForm(t.code, { submissionId, ...studentAnswers() })
    expect(res.status).toBe(410)
    expect((await storedCounts(t.db))!.responses).toBe(0)
  })

  it('answers 409 before the opening date, saying when it opens', async () => {
    const later = await openRound(t.db, catalog, { institution: 'oak-school', survey: 'parent-carer', year: '2025/26', opensOn: '2999-01-01' })
    const res = await t.app.request(`/s/${later.code}`)
    expect(res.status).toBe(409)
    expect(await res.text()).toContain('2999-01-01')
  })
})

describe('one-time tokens', () => {
  it('a token admits one response; the round code alone is not enough when tokens are required', async () => {
    const round = await openRound(t.db, catalog, { institution: 'oak-school', survey: 'parent-carer', year: '2025/26', tokensRequired: true })
    expect((await t.app.request(`/s/${round.code}`)).status).toBe(403)
    const [token] = await issueTokens(t.db, round, 3, '10B')
    const page = await t.app.request(`/s/${token}`)
    expect(page.status).toBe(200)
    const submissionId = (await page.text()).match(/name="submissionId" value="([^"]+)"/)![1]!
    const first = await postForm(token!, { submissionId, year_group: 'y10' })
    expect(first.status).toBe(303)
    const again = await postForm(token!, { submissionId: crypto.randomUUID(), year_group: 'y11' })
    expect(again.status).toBe(409)
    expect(await again.text()).toContain('Each code can be used once')
    // the survey page itself does not tell whether the token was used (test/anonymity/token-oracle.test.ts)
    expect((await t.app.request(`/s/${token}`)).status).toBe(200)
    expect((await storedCounts(t.db))!.responses).toBe(1)
  })
})

/**
 * A small survey in English with complete Polish and Urdu translations (written for the test,
 * so these tests do not depend on the shipped translations): a required year group with a
 * hint, two agreement questions with easy-read wordings, free text.
 */
const lingoYaml = `id: lingo
audience: student
title: Careers check
introduction: A short survey for tests.
areas:
  - { id: a1, title: Area one }
sections:
  - id: about
    title: About you
    questions:
      - key: year_group
        kind: single
        profile: true
        required: true
        text: Which year are you in?
        hint: Your school year now.
        easyRead: Your year?
        options:
          - { value: y8, label: Year 8 }
          - { value: y9, label: Year 9 }
  - id: main
    title: Your help
    intro: Say how much you agree.
    questions:
      - { key: q1, kind: agreement, area: a1, text: I know where to find help with my plans., easyRead: I know who helps me. }
      - { key: q2, kind: agreement, area: a1, text: I know my next step after this year., easyRead: I know my next step. }
      - { key: comments, kind: text, text: Anything else?, easyRead: More to say?, maxLength: 20 }
`

/** Each text quoted, so commas and colons in it stay text. */
const q = (text: string | undefined) => JSON.stringify(text)

const translationYaml = (lang: string, name: string, dir: string, w: Record<string, string>) => `survey: lingo
language: ${lang}
name: ${name}
dir: ${dir}
status: { level: draft-machine-assisted, note: written for a test }
title: ${q(w.title)}
introduction: ${q(w.intro)}
scale: { '1': ${q(w.s1)}, '2': ${q(w.s2)}, '3': ${q(w.s3)}, '4': ${q(w.s4)}, '5': ${q(w.s5)}, dk: ${q(w.dk)} }
yes: ${q(w.yes)}
no: ${q(w.no)}
areas: { a1: ${q(w.area)} }
sections:
  about: { title: ${q(w.about)} }
  main: { title: ${q(w.main)}, intro: ${q(w.mainIntro)} }
questions:
  year_group: { text: ${q(w.year)}, hint: ${q(w.yearHint)}, easyRead: ${q(w.yearEasy)}, options: { y8: ${q(w.y8)}, y9: ${q(w.y9)} } }
  q1: { text: ${q(w.q1)}, easyRead: ${q(w.q1Easy)} }
  q2: { text: ${q(w.q2)}, easyRead: ${q(w.q2Easy)} }
  comments: { text: ${q(w.comments)}, easyRead: ${q(w.commentsEasy)} }
`

const lingoCatalog = buildCatalog([
  { file: 'surveys/lingo.yaml', text: lingoYaml },
  {
    file: 'surveys/translations/lingo.pl.yaml',
    text: translationYaml('pl', 'Polski', 'ltr', {
      title: 'Sprawdzenie doradztwa',
      intro: 'Krótka ankieta do testów.',
      s1: 'Zdecydowanie się nie zgadzam',
      s2: 'Nie zgadzam się',
      s3: 'Ani się zgadzam, ani nie zgadzam',
      s4: 'Zgadzam się',
      s5: 'Zdecydowanie się zgadzam',
      dk: 'Nie wiem',
      yes: 'Tak',
      no: 'Nie',
      area: 'Obszar pierwszy',
      about: 'O tobie',
      main: 'Twoja pomoc',
      mainIntro: 'Powiedz, na ile się zgadzasz.',
      year: 'W której jesteś klasie?',
      yearHint: 'Twoja obecna klasa.',
      yearEasy: 'Twoja klasa?',
      y8: 'Klasa 8',
      y9: 'Klasa 9',
      q1: 'Wiem, gdzie szukać pomocy w planach.',
      q1Easy: 'Wiem, kto mi pomaga.',
      q2: 'Znam mój następny krok po tym roku.',
      q2Easy: 'Znam mój następny krok.',
      comments: 'Coś jeszcze?',
      commentsEasy: 'Chcesz coś dodać?',
    }),
  },
  {
    file: 'surveys/translations/lingo.ur.yaml',
    text: translationYaml('ur', 'اردو', 'rtl', {
      title: 'کیریئر جائزہ',
      intro: 'ٹیسٹ کے لیے ایک مختصر سروے۔',
      s1: 'بالکل متفق نہیں',
      s2: 'متفق نہیں',
      s3: 'نہ متفق نہ غیر متفق',
      s4: 'متفق',
      s5: 'بالکل متفق',
      dk: 'معلوم نہیں',
      yes: 'ہاں',
      no: 'نہیں',
      area: 'پہلا شعبہ',
      about: 'آپ کے بارے میں',
      main: 'آپ کی مدد',
      mainIntro: 'بتائیں آپ کتنا متفق ہیں۔',
      year: 'آپ کس سال میں ہیں؟',
      yearHint: 'آپ کا موجودہ تعلیمی سال۔',
      yearEasy: 'آپ کا سال؟',
      y8: 'سال 8',
      y9: 'سال 9',
      q1: 'میں جانتا ہوں کہ اپنے منصوبوں کے لیے مدد کہاں ملے گی۔',
      q1Easy: 'مجھے پتا ہے کون مدد کرتا ہے۔',
      q2: 'میں اس سال کے بعد اپنا اگلا قدم جانتا ہوں۔',
      q2Easy: 'مجھے اپنا اگلا قدم پتا ہے۔',
      comments: 'کچھ اور؟',
      commentsEasy: 'کچھ اور کہنا ہے؟',
    }),
  },
])

/** The app on a fresh database with an open round of the multilingual test survey. */
async function lingoApp() {
  const fresh = await freshDatabase()
  await addPartnership(fresh.db, { slug: 'test-city', name: 'Test City Partnership' })
  await addInstitution(fresh.db, { slug: 'elm-school', name: 'Elm School', partnership: 'test-city' })
  const round = await openRound(fresh.db, lingoCatalog, { institution: 'elm-school', survey: 'lingo', year: '2025/26', tokensRequired: false })
  const app = createApp({ getDb: () => fresh.db, catalog: lingoCatalog })
  return { ...fresh, app, round, code: round.code }
}

describe('languages', () => {
  let l: Awaited<ReturnType<typeof lingoApp>>
  beforeEach(async () => {
    l = await lingoApp()
  })
  afterEach(() => l.dispose())

  const post = (path: string, fields: Record<string, string | string[]>) =>
    l.app.request(path, { method: 'POST', body: form(fields), headers: { 'content-type': 'application/x-www-form-urlencoded', origin } })

  it("opens the survey in the language asked for: lang on <html>, the questions, the scale and the page's own words", async () => {
    const res = await l.app.request(`/s/${l.code}?lang=pl`)
    const html = await res.text()
    expect(res.status).toBe(200)
    expect(html).toContain('<html lang="pl" dir="ltr"')
    expect(html).toContain('Wiem, gdzie szukać pomocy w planach.')
    expect(html).toContain('Zdecydowanie się zgadzam')
    expect(html).toContain('Wyślij odpowiedzi')
    expect(html).toContain('(wymagana odpowiedź)')
    expect(html).not.toContain('I know where to find help with my plans.')
    // the choice is carried in the form, under names no question key can have
    expect(html).toContain('name="_lang" value="pl"')
    expect(html).toMatch(new RegExp(`action="/s/${l.code}\\?lang=pl"`))
  })

  it('writes Urdu right to left, and names each language in its own words and language', async () => {
    const html = await (await l.app.request(`/s/${l.code}?lang=ur`)).text()
    expect(html).toContain('<html lang="ur" dir="rtl"')
    expect(html).toContain('میں جانتا ہوں کہ اپنے منصوبوں کے لیے مدد کہاں ملے گی۔')
    expect(html).toContain('میرے جوابات بھیجیں')
    // every language offered is a button, in its own language, the current one pressed
    expect(html).toMatch(/<button[^>]*aria-pressed="true"[^>]*lang="ur" dir="rtl"[^>]*>اردو<\/button>/)
    expect(html).toMatch(/<button[^>]*aria-pressed="false"[^>]*lang="pl" dir="ltr"[^>]*>Polski<\/button>/)
    expect(html).toMatch(/<button[^>]*aria-pressed="false"[^>]*lang="en" dir="ltr"[^>]*>English<\/button>/)
  })

  it("falls back to the survey's own language for a language it is not offered in, or nonsense", async () => {
    for (const lang of ['xx', 'de', '<script>', '']) {
      const res = await l.app.request(`/s/${l.code}?lang=${encodeURIComponent(lang)}`)
      const html = await res.text()
      expect(res.status).toBe(200)
      expect(html).toContain('<html lang="en" dir="ltr"')
      expect(html).toContain('I know where to find help with my plans.')
      expect(html).toContain('name="_lang" value="en"')
      expect(html).not.toContain('<script>')
    }
    // a regional tag gets its language
    expect(await (await l.app.request(`/s/${l.code}?lang=pl-PL`)).text()).toContain('<html lang="pl"')
  })

  it('records the language a response was given in, and thanks in it', async () => {
    const res = await post(`/s/${l.code}?lang=pl`, {
      submissionId: '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a',
      _lang: 'pl',
      _mode: 'all',
      _easy: '0',
      _size: 'normal',
      year_group: 'y9',
      q1: '4',
      q2: '2',
      comments: '',
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/s/${l.code}/thanks?lang=pl`)
    const [response] = await rows(l.db, 'SELECT id, language FROM responses WHERE submission_id = ?', ['2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a'])
    expect(response!.language).toBe('pl')
    // answers pool under the same keys in every language
    const stored = await rows(l.db, 'SELECT question_key, value FROM answers WHERE response_id = ? ORDER BY question_key', [response!.id as number])
    expect(stored).toEqual([
      { question_key: 'q1', value: '4' },
      { question_key: 'q2', value: '2' },
      { question_key: 'year_group', value: 'y9' },
    ])
    const thanks = await (await l.app.request(res.headers.get('location')!)).text()
    expect(thanks).toContain('<html lang="pl"')
    expect(thanks).toContain('Dziękujemy')
  })

  it('keeps language, mode, easy read and large text when the form comes back with a problem, in that language', async () => {
    const before = await storedCounts(l.db)
    const res = await post(`/s/${l.code}?lang=pl&mode=one&easy=1&size=large`, {
      submissionId: '7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f',
      _lang: 'pl',
      _mode: 'one',
      _easy: '1',
      _size: 'large',
      q1: '5',
      comments: 'far more than twenty characters',
    })
    const html = await res.text()
    expect(res.status).toBe(400)
    expect(html).toContain('<html lang="pl" dir="ltr" class="large-text easy-read"')
    expect(html).toContain('data-mode="one"')
    for (const [name, value] of [
      ['_lang', 'pl'],
      ['_mode', 'one'],
      ['_easy', '1'],
      ['_size', 'large'],
    ])
      expect(html).toContain(`name="${name}" value="${value}"`)
    expect(html).toMatch(new RegExp(`action="/s/${l.code}\\?lang=pl&amp;mode=one&amp;easy=1&amp;size=large"`))
    // easy-read wordings, problems in Polish, tied to their fields, the answers kept
    expect(html).toContain('Twoja klasa?')
    expect(html).toContain('Sprawdź swoje odpowiedzi')
    expect(html).toMatch(/id="q-year_group-error"><span class="visually-hidden">Błąd: <\/span>Odpowiedz na to pytanie\./)
    // in easy read, in the easy-read words
    expect(html).toContain('Napisz mniej. Możesz napisać najwyżej 20 znaków.')
    expect(html).toMatch(
      /<fieldset class="question field-error" id="q-year_group" data-question="year_group" aria-describedby="q-year_group-hint q-year_group-error" aria-invalid="true">/,
    )
    expect(html).toMatch(/id="q-q1-5" name="q1" value="5" checked/)
    expect(html).toContain('value="7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f"')
    expect(await storedCounts(l.db)).toEqual(before)
  })

  it('switches language without JavaScript: the answers so far come back in the new language, nothing stored', async () => {
    const before = await storedCounts(l.db)
    const res = await post(`/s/${l.code}?lang=ur`, {
      submissionId: '3e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7b',
      _lang: 'en',
      _mode: 'all',
      _easy: '0',
      _size: 'normal',
      _switch: 'lang=ur',
      year_group: 'y8',
      q2: '3',
      comments: 'Thanks',
    })
    const html = await res.text()
    expect(res.status).toBe(200)
    expect(html).toContain('<html lang="ur" dir="rtl"')
    expect(html).not.toContain('error-summary')
    expect(html).toMatch(/id="q-year_group-y8" name="year_group" value="y8" checked/)
    expect(html).toMatch(/id="q-q2-3" name="q2" value="3" checked/)
    expect(html).toContain('>Thanks</textarea>')
    expect(html).toContain('value="3e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7b"')
    expect(await storedCounts(l.db)).toEqual(before)
    // and the same switch turns on large text, keeping the language
    const larger = await post(`/s/${l.code}?lang=ur`, {
      submissionId: '3e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7b',
      _lang: 'ur',
      _mode: 'all',
      _easy: '0',
      _size: 'normal',
      _switch: 'size=large',
      q2: '3',
    })
    expect(await larger.text()).toContain('<html lang="ur" dir="rtl" class="large-text"')
  })

  it('offers the languages on the start page, each a link in its own language, and carries the choices to the survey', async () => {
    const start = await (await l.app.request('/?lang=ur')).text()
    expect(start).toContain('<html lang="ur" dir="rtl"')
    expect(start).toContain('اپنی رائے دیں')
    expect(start).toMatch(/<a href="\/\?lang=pl"[^>]*lang="pl"[^>]*>Polski<\/a>/)
    expect(start).toMatch(/<a href="\/"[^>]*lang="en"[^>]*>English<\/a>/)
    expect(start).toMatch(/<a href="\/\?lang=ur"[^>]*aria-current="true"[^>]*>اردو<\/a>/)
    expect(start).toContain('name="lang" value="ur"')
    const res = await l.app.request(`/?code=${l.code.toLowerCase()}&lang=pl&mode=one&easy=1&size=large`)
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/s/${l.code}?lang=pl&mode=one&easy=1&size=large`)
    // a wrong code is told in the language chosen, the choices kept
    const wrong = await l.app.request('/?code=NOPE42&lang=pl&easy=1')
    const html = await wrong.text()
    expect(wrong.status).toBe(404)
    expect(html).toContain('Nie ma ankiety z tym kodem')
    expect(html).toMatch(/id="easy" name="easy" value="1" checked/)
  })

  it('a busy survey (its round took its limit for now) gives the page back with every answer, in the language chosen, storing nothing', async () => {
    await l.db.$client.execute({ sql: 'UPDATE partnerships SET settings = ?', args: [JSON.stringify({ submissionLimit: { max: 1, windowMinutes: 10 } })] })
    const fields = { _lang: 'pl', _mode: 'all', _easy: '0', _size: 'normal', year_group: 'y8', q1: '5', comments: 'Tak' }
    expect((await post(`/s/${l.code}?lang=pl`, { submissionId: crypto.randomUUID(), ...fields })).status).toBe(303)
    const res = await post(`/s/${l.code}?lang=pl`, { submissionId: '8d9e0f1a-2b3c-4d4e-9f5a-6b7c8d9e0f1a', ...fields })
    const html = await res.text()
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(html).toContain('<html lang="pl"')
    expect(html).toMatch(/role="alert" tabindex="-1" id="not-sent" autofocus="">Wiele osób wysyła teraz odpowiedzi/)
    expect(html).not.toContain('error-summary')
    expect(html).toMatch(/id="q-q1-5" name="q1" value="5" checked/)
    expect(html).toContain('value="8d9e0f1a-2b3c-4d4e-9f5a-6b7c8d9e0f1a"')
    expect((await storedCounts(l.db))!.responses).toBe(1)
  })

  it('tells a closed round, an unknown code and a used token in the language chosen, with the same status codes', async () => {
    const unknown = await l.app.request('/s/ZZZZZZ?lang=pl')
    expect(unknown.status).toBe(404)
    expect(await unknown.text()).toContain('Nie znaleziono kodu')
    await closeRound(l.db, l.round)
    const closed = await l.app.request(`/s/${l.code}?lang=ur`)
    expect(closed.status).toBe(410)
    const html = await closed.text()
    expect(html).toContain('<html lang="ur" dir="rtl"')
    expect(html).toContain('یہ سروے بند ہو چکا ہے')
  })
})

describe('display modes', () => {
  it("easy read shows each question's easy-read wording; large text marks the page", async () => {
    const survey = catalog.get('student-iag')!
    const html = await (await t.app.request(`/s/${t.code}?easy=1&size=large`)).text()
    const easy = survey.sections.flatMap((s) => s.questions).filter((q) => q.easyRead && q.easyRead !== q.text)
    expect(easy.length).toBeGreaterThan(10)
    for (const q of easy) {
      expect(html).toContain(q.easyRead!.replace(/'/g, '&#39;'))
      expect(html).not.toContain(`</span>${q.text.replace(/'/g, '&#39;')}`)
    }
    expect(html).toContain('class="large-text easy-read"')
    expect(html).toMatch(/<button[^>]*aria-pressed="true"[^>]*>Easy read<\/button>/)
  })

  it('one question at a time is marked for respond.js; without it the page is the whole survey', async () => {
    const html = await (await t.app.request(`/s/${t.code}?mode=one`)).text()
    expect(html).toContain('data-mode="one"')
    expect(html).toContain('<script src="/respond.js" defer=""></script>')
    const questions = catalog.get('student-iag')!.sections.flatMap((s) => s.questions)
    expect(html.match(/data-question="/g)!.length).toBe(questions.length)
    expect(html).toContain(`Question 1 of ${questions.length}`)
    // the stepper is hidden until the script shows it
    expect(html).toContain('<div class="step-status" hidden="" data-step-status="true">')
  })

  it("never sends half a survey on Enter: the form's first submit button is a disabled one", async () => {
    const html = await (await t.app.request(`/s/${t.code}`)).text()
    const firstSubmit = html.match(/<button type="submit"[^>]*>/)![0]
    expect(firstSubmit).toContain('form="survey-form"')
    expect(firstSubmit).toContain('disabled')
  })

  it('asks one agreement question per fieldset, never in a grid', async () => {
    const html = await (await t.app.request(`/s/${t.code}`)).text()
    expect(html).not.toMatch(/<table|role="grid"/)
    for (const key of Object.keys(studentAnswers())) {
      const q = catalog
        .get('student-iag')!
        .sections.flatMap((s) => s.questions)
        .find((x) => x.key === key)!
      if (q.kind !== 'agreement') continue
      const fieldset = html.match(new RegExp(`<fieldset[^>]*id="q-${key}"[\\s\\S]*?</fieldset>`))![0]
      expect(fieldset.match(/<legend/g)).toHaveLength(1)
      expect(new Set([...fieldset.matchAll(/name="([^"]+)"/g)].map((m) => m[1]))).toEqual(new Set([key]))
    }
  })

  it("keeps the page's display fields out of the answers, and refuses any other field as not a question", async () => {
    const submissionId = await formSubmissionId(t.code)
    const display = { _lang: 'en', _mode: 'one', _easy: '1', _size: 'large' }
    const unknown = await postForm(t.code, { submissionId, ...display, _other: 'x', ...studentAnswers() })
    expect(unknown.status).toBe(400)
    expect(await unknown.text()).toContain('not a question of this survey: _other')
    expect((await storedCounts(t.db))!.responses).toBe(0)
    const res = await postForm(t.code, { submissionId, ...display, ...studentAnswers() })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/s/${t.code}/thanks?mode=one&easy=1&size=large`)
  })

  it('shows what the lead passes in `before` after the introduction', () => {
    const survey = catalog.get('student-iag')!
    const html = String(
      <SurveyPage
        localised={localise(survey, 'en')}
        languages={[]}
        display={defaultDisplay}
        code="ABC123"
        institutionName="Oak School"
        year="2025/26"
        submissionId="abcdefgh1234"
        before={<aside class="you-said">You said, we did</aside>}
      />,
    )
    expect(html.indexOf('You said, we did')).toBeGreaterThan(html.indexOf(survey.introduction))
    expect(html.indexOf('You said, we did')).toBeLessThan(html.indexOf('<form'))
  })
})

describe('the shipped surveys', () => {
  it("open in every language they are translated into, with the page's own words in that language", async () => {
    const parent = await openRound(t.db, catalog, { institution: 'oak-school', survey: 'parent-carer', year: '2025/26' })
    for (const [surveyId, code] of [
      ['student-iag', t.code],
      ['parent-carer', parent.code],
    ] as const) {
      const survey = catalog.get(surveyId)!
      for (const language of languagesOf(survey)) {
        const res = await t.app.request(`/s/${code}?lang=${language.code}`)
        const html = await res.text()
        expect(res.status).toBe(200)
        expect(html).toContain(`<html lang="${language.code}" dir="${language.dir}"`)
        const localised = localise(survey, language.code).survey
        expect(html).toContain(`<h1>${localised.title.replace(/'/g, '&#39;')}</h1>`)
        expect(html).toContain(uiText(language.code).text.send)
      }
    }
  })
})

describe('the survey page’s first screen', () => {
  it('gives the time the survey file states, once, in the short introduction of every language; the whole introduction a tap away', async () => {
    for (const surveyId of ['student-iag', 'parent-carer']) {
      const survey = catalog.get(surveyId)!
      expect(survey.minutes).toBeGreaterThan(0)
      expect(surveyMinutes(survey)).toBe(survey.minutes)
      for (const language of languagesOf(survey)) {
        const localised = localise(survey, language.code)
        const html = String(
          <SurveyPage
            localised={localised}
            languages={languagesOf(survey)}
            display={{ ...defaultDisplay, lang: language.code }}
            code="ABC123"
            institutionName="Oak School"
            year="2025/26"
            submissionId="abcdefgh1234"
            minutes={surveyMinutes(survey)}
          />,
        )
        const t = uiText(language.code).text
        expect(html).toContain(t.introShort(survey.minutes!))
        // the number once on the page: the whole introduction no longer repeats it
        expect(localised.survey.introduction, `${surveyId} ${language.code}`).not.toMatch(/\d/)
        expect(html).toMatch(/<details class="more-about">\s*<summary>/)
        expect(html).toMatch(/<details class="display-options"[^>]*>/)
        expect(html).toMatch(/<details class="contents"/)
      }
    }
  })

  it('estimates the time from the length of a survey file that states none', () => {
    const survey = { ...catalog.get('student-iag')!, minutes: undefined }
    expect(wordCount(survey)).toBeGreaterThan(500)
    expect(surveyMinutes(survey)).toBeGreaterThanOrEqual(5)
    expect(surveyMinutes(survey)).toBeLessThanOrEqual(15)
  })
})

describe('the Urdu font served from web/fonts/', () => {
  it('is the @fontsource/noto-nastaliq-urdu package’s own files, with their licence', () => {
    for (const weight of [400, 700]) {
      const name = `noto-nastaliq-urdu-arabic-${weight}-normal.woff2`
      const served = readFileSync(new URL(`../../web/fonts/${name}`, import.meta.url))
      const shipped = readFileSync(new URL(`../../node_modules/@fontsource/noto-nastaliq-urdu/files/${name}`, import.meta.url))
      expect(served.equals(shipped), name).toBe(true)
    }
    expect(readFileSync(new URL('../../web/fonts/OFL.txt', import.meta.url), 'utf8')).toContain('SIL Open Font License')
  })
})

describe('the staff preview of a round’s survey', () => {
  async function staff(role: 'coordinator' | 'viewer') {
    await addUser(t.db, {
      email: `${role}@oak.test`,
      name: `Oak ${role}`,
      role,
      partnership: 'test-city',
      institution: 'oak-school',
      password: staffPassword,
    })
    return signIn(t.app, `${role}@oak.test`)
  }
  const previewOf = () => `/dashboard/institutions/${t.round.institutionId}/rounds/${t.round.id}/preview`

  it('shows the survey in any language and mode under a "Preview" banner; sending shows the thanks and stores nothing', async () => {
    const cookie = await staff('coordinator')
    const base = previewOf()
    for (const query of ['', '?lang=ur&mode=one', '?lang=pl&easy=1&size=large']) {
      const res = await t.app.request(`${base}${query}`, { headers: { cookie } })
      expect(res.status).toBe(200)
      const html = await res.text()
      expect(html).toContain('<strong>Preview:</strong> nothing you answer is stored.')
      // sent to the preview, never to the round's code; nothing kept in the browser
      expect(html).toContain(`action="${base}${query.replace(/&/g, '&amp;')}"`)
      expect(html).toContain('data-store="none"')
      expect(html).not.toContain(`action="/s/`)
    }
    const before = await snapshotDatabase(t.db)
    // a problem is shown as a respondent would see it
    const wrong = await postStaffForm(t.app, base, cookie, { submissionId: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d', send_support: 'no' })
    expect(wrong.status).toBe(400)
    expect(await wrong.text()).toContain('Please answer question 1.')
    const sent = await postStaffForm(t.app, `${base}?lang=pl`, cookie, { submissionId: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d', ...studentAnswers() })
    expect(sent.status).toBe(303)
    expect(sent.headers.get('location')).toBe(`${base}/thanks?lang=pl`)
    const thanks = await t.app.request(sent.headers.get('location')!, { headers: { cookie } })
    expect(thanks.status).toBe(200)
    const thanksHtml = await thanks.text()
    expect(thanksHtml).toContain(uiText('pl').text.thanksTitle)
    expect(thanksHtml).toContain('nothing you answered was stored')
    expect(await snapshotDatabase(t.db)).toEqual(before)
  })

  it('is for those who may change the rounds: a viewer gets 403, nobody signed in is sent to sign in', async () => {
    const viewer = await staff('viewer')
    expect((await t.app.request(previewOf(), { headers: { cookie: viewer } })).status).toBe(403)
    expect((await t.app.request(previewOf())).status).toBe(303)
  })
})

describe('easy read’s symbols on the agreement scale', () => {
  it('puts a face beside the words of each scale point in easy read only, hidden from screen readers', async () => {
    const survey = catalog.get('student-iag')!
    const agreement = questionsOf(survey).find((q) => q.kind === 'agreement')!
    const easy = await (await t.app.request(`/s/${t.code}?easy=1`)).text()
    const field = easy.slice(easy.indexOf(`id="q-${agreement.key}"`), easy.indexOf('</fieldset>', easy.indexOf(`id="q-${agreement.key}"`)))
    const labels = [...field.matchAll(/<label for="[^"]+">(.*?)<\/label>/gs)].map((m) => m[1]!)
    expect(labels.length).toBeGreaterThanOrEqual(5)
    for (const label of labels) {
      expect(label).toMatch(/^<svg class="scale-symbol"[^>]*aria-hidden="true"[^>]*focusable="false"/)
      // the words are always there beside the face
      expect(label.replace(/<svg.*<\/svg>/s, '').trim().length).toBeGreaterThan(1)
    }
    const standard = await (await t.app.request(`/s/${t.code}`)).text()
    expect(standard).not.toContain('scale-symbol')
  })
})

/** A text as the page's HTML writes it. */
const inHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')

/** The words of a page's body as a reader could meet them: every text outside tags, disclosures and hidden notes included. */
function pageWords(html: string): number {
  const body = html
    .replace(/^[\s\S]*?<body[^>]*>/, '')
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[#a-z0-9]+;/gi, "'")
  return body.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length
}

describe('easy read all through', () => {
  async function codes() {
    const parent = await openRound(t.db, catalog, { institution: 'oak-school', survey: 'parent-carer', year: '2025/26' })
    return [
      ['student-iag', t.code],
      ['parent-carer', parent.code],
    ] as const
  }

  it("shows the easy-read introduction, section intros, hints, scale and the pages' own easy words, in every language, and never the standard ones", async () => {
    for (const [surveyId, code] of await codes()) {
      const survey = catalog.get(surveyId)!
      for (const language of languagesOf(survey)) {
        const where = `${surveyId} ${language.code}`
        const html = await (await t.app.request(`/s/${code}?lang=${language.code}&easy=1`)).text()
        const standardHtml = await (await t.app.request(`/s/${code}?lang=${language.code}`)).text()
        const l = localise(survey, language.code)
        const shown: string[] = [l.survey.easyReadIntroduction!, ...Object.values(l.survey.easyReadScale!)]
        const hidden: string[] = [l.survey.introduction, l.scale['1'], l.scale['3'], l.scale['5']]
        for (const s of l.survey.sections) {
          if (s.intro) (shown.push(s.easyReadIntro!), hidden.push(s.intro))
          for (const q of s.questions) if (q.hint) (shown.push(q.easyReadHint!), hidden.push(q.hint))
        }
        const easyUi = uiText(language.code, true).text
        const ui = uiText(language.code).text
        shown.push(easyUi.submitNote, easyUi.easyRead, easyUi.requiredHint)
        hidden.push(ui.submitNote, ui.easyRead, ui.requiredHint)
        for (const text of shown) expect(html, `${where}: ${text}`).toContain(`>${inHtml(text)}<`)
        for (const text of hidden) {
          expect(html, `${where} shows the standard ${text}`).not.toContain(`>${inHtml(text)}<`)
          expect(standardHtml, `${where} standard page: ${text}`).toContain(`>${inHtml(text)}<`)
        }
        // the list of parts is left out: each part's heading names it
        expect(html).not.toContain('data-contents')
        expect(standardHtml).toContain('data-contents')
      }
    }
  })

  it('has at least 30 % fewer words than the standard page, for both surveys in every language', async () => {
    const figures: string[] = []
    for (const [surveyId, code] of await codes()) {
      for (const language of languagesOf(catalog.get(surveyId)!)) {
        const standard = pageWords(await (await t.app.request(`/s/${code}?lang=${language.code}`)).text())
        const easy = pageWords(await (await t.app.request(`/s/${code}?lang=${language.code}&easy=1`)).text())
        const fewer = 1 - easy / standard
        figures.push(`${surveyId} ${language.code}: ${standard} → ${easy} words (${Math.round(fewer * 100)} % fewer)`)
        expect(fewer, `${surveyId} ${language.code}: ${standard} → ${easy}`).toBeGreaterThanOrEqual(0.3)
      }
    }
    console.log(figures.join('\n'))
  })
})
