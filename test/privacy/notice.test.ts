import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { requiredQuestions, surveyLanguages } from '../../src/privacy/facts.ts'
import { englishNotice, noticeAudiences, noticeTexts, surveyAudienceOf, type NoticeFacts } from '../../src/privacy/notice-text.ts'
import { setPartnershipSettings } from '../../src/org/organisations.ts'
import { openRound } from '../../src/rounds/rounds.ts'
import { readability, readabilityTargets } from '../../src/surveys/readability.ts'
import { catalog, testApp } from '../support/app.ts'
import { visibleText } from '../framework/support.ts'

/**
 * The privacy notice for respondents (issue 19, point 4): plain language by the survey's own
 * measure, true to the settings and the survey files, in every language the surveys offer.
 */

const facts = (over: Partial<NoticeFacts> = {}): NoticeFacts => ({
  partnership: 'Oak City',
  keepYears: 3,
  minCohort: 5,
  minFreeText: 10,
  contact: { name: 'Sam Lee', email: 'iag@oak.test' },
  required: requiredQuestions(catalog, 'student'),
  ...over,
})

describe('the notice reads as plainly as the survey', () => {
  for (const audience of noticeAudiences) {
    const target = audience === 'easy' ? readabilityTargets.easyRead : readabilityTargets.standard
    it(`${audience}: every paragraph and point at grade ${target} or below, with a contact set and without`, () => {
      const own = requiredQuestions(catalog, surveyAudienceOf(audience))
      for (const f of [facts(), facts({ contact: null, partnership: null, keepYears: 1 }), facts({ required: own }), facts({ required: own.slice(0, 1) })]) {
        // a required question quoted is the survey's wording, held to the same grade by the survey's own
        // readability test; here it counts as one word, so that the notice's own words are measured
        const quoted = (text: string) => f.required.reduce((t, q) => t.split(`"${q}"`).join('"it"'), text)
        const over = noticeTexts(englishNotice(audience, f))
          .map((text) => ({ text, grade: readability(quoted(text)).grade }))
          .filter((r) => r.grade > target)
          .map((r) => `grade ${r.grade.toFixed(1)}: ${r.text}`)
        expect(over).toEqual([])
      }
    })
  }
})

describe('GET /privacy', () => {
  let t: Awaited<ReturnType<typeof testApp>>
  beforeEach(async () => {
    t = await testApp()
  })
  afterEach(() => t.dispose())

  const page = async (query = '') => {
    const res = await t.app.request(`/privacy${query}`)
    expect(res.status).toBe(200)
    return { res, text: visibleText(await res.text()) }
  }

  it('says what the settings say: how long answers are kept, the smallest group, who to contact', async () => {
    const before = await page()
    expect(before.text).toContain('We keep your answers for 3 school years')
    expect(before.text).toContain('fewer than 5 people')
    expect(before.text).toContain('Ask the careers lead at your school.')
    await setPartnershipSettings(t.db, 'test-city', {
      keepAnswersYears: 5,
      minCohort: 7,
      contact: { name: 'Test City data team', email: 'data@test-city.test', phone: '01234 567890' },
    })
    const after = await page()
    expect(after.text).toContain('We keep your answers for 5 school years')
    expect(after.text).toContain('fewer than 7 people')
    expect(after.text).toContain('Test City data team')
    expect(after.text).toContain('data@test-city.test')
    expect(after.text).toContain('01234 567890')
    expect((await page('?for=parent')).text).toContain('kept for 5 school years')
    expect((await page('?for=easy')).text).toContain('We keep the answers for 5 years')
  })

  it('names the questions that must be answered rather than saying every one can be skipped', async () => {
    const required = requiredQuestions(catalog, 'student')
    expect(required.length).toBeGreaterThan(0)
    const { text } = await page()
    for (const q of required) expect(text).toContain(q)
    expect(text).not.toContain('You can skip any question.')
    for (const q of requiredQuestions(catalog, 'parent')) expect((await page('?for=parent')).text).toContain(q)
  })

  it('links every version and every language the surveys are offered in', async () => {
    const res = await t.app.request('/privacy?lang=ur')
    const html = await res.text()
    for (const audience of ['easy', 'parent', 'staff', 'employer']) expect(html).toContain(`href="/privacy?for=${audience}&amp;lang=ur"`)
    for (const l of surveyLanguages(catalog)) expect(html).toContain(`hreflang="${l.code}"`)
    expect(surveyLanguages(catalog).map((l) => l.code)).toEqual(expect.arrayContaining(['en', 'pl', 'ur', 'ro']))
  })

  it('in Urdu: right to left, marked as a draft, with the figures of the settings and the required question as the survey asks it', async () => {
    await setPartnershipSettings(t.db, 'test-city', { keepAnswersYears: 4, minCohort: 6 })
    for (const audience of ['student', 'easy', 'parent'] as const) {
      const html = await (await t.app.request(`/privacy?lang=ur&for=${audience}`)).text()
      expect(html, audience).toMatch(/<html lang="ur" dir="rtl"/)
      const text = visibleText(html)
      expect(text, audience).toContain('مسودہ')
      expect(text, audience).not.toContain('not yet written')
      expect(text, audience).toContain(audience === 'easy' ? '4 سال' : '4 تعلیمی سال')
      if (audience !== 'easy') {
        expect(text, audience).toContain('6 سے کم لوگوں')
        for (const q of requiredQuestions(catalog, audience, 'ur')) expect(text).toContain(q)
      }
      // the ICO's phone number in a left-to-right line, so its groups keep their order
      if (audience !== 'easy') expect(html).toContain('<span dir="auto">Phone 0303 123 1113</span>')
    }
    expect(requiredQuestions(catalog, 'student', 'ur')).not.toEqual(requiredQuestions(catalog, 'student'))
  })

  it('staff and employers get their own notice, in English, naming their survey’s required questions', async () => {
    const staff = await page('?for=staff')
    expect(staff.text).toContain('Privacy notice for staff')
    expect(staff.text).toContain('groups of staff')
    for (const q of requiredQuestions(catalog, 'staff')) expect(staff.text).toContain(q)
    expect(staff.text).not.toContain(requiredQuestions(catalog, 'student')[0]!)
    const employer = await page('?for=employer')
    expect(employer.text).toContain('Privacy notice for employers and training providers')
    expect(employer.text).toContain('We do not ask for your name or the name of your organisation')
    expect(employer.text).toContain('Ask the person at the school who asked you to take part.')
    for (const q of requiredQuestions(catalog, 'employer')) expect(employer.text).toContain(q)
    // their surveys are English only: no other language is offered, and one asked for gets the English without a translation note
    const asked = await t.app.request('/privacy?for=staff&lang=pl')
    const html = await asked.text()
    expect(html).toMatch(/<html lang="en"/)
    expect(html).not.toContain('hreflang="pl"')
    expect(visibleText(html)).not.toContain('not yet written')
  })

  it('says, in every notice and language, that the day is kept and, for that day only, a mark of the 10 minutes', async () => {
    const wants: Record<string, string> = { en: '10 minutes', pl: '10 minut', ro: '10 minute', ur: '10 منٹوں' }
    for (const audience of noticeAudiences) {
      for (const lang of audience === 'staff' || audience === 'employer' ? ['en'] : ['en', 'pl', 'ro', 'ur']) {
        const text = visibleText(await (await t.app.request(`/privacy?lang=${lang}&for=${audience}`)).text())
        expect(text, `${lang} ${audience}`).toContain(wants[lang]!)
      }
    }
  })

  it('is written in Polish and Romanian, marked as a draft, with the same figures and the required question as the survey asks it', async () => {
    await setPartnershipSettings(t.db, 'test-city', { keepAnswersYears: 5, minCohort: 7 })
    const cases = [
      ['pl', 'student', 'przez 5 lat szkolnych', 'mniejszej niż 7 osób', 'wersją roboczą'],
      ['pl', 'parent', 'przez 5 lat szkolnych', 'mniejszej niż 7 osób', 'wersją roboczą'],
      ['pl', 'easy', 'przez 5 lat', 'Nie wiemy, kim jesteś', 'wersją roboczą'],
      ['ro', 'student', 'timp de 5 ani școlari', 'mai puțin de 7 persoane', 'variantă de lucru'],
      ['ro', 'parent', 'timp de 5 ani școlari', 'mai puțin de 7 persoane', 'variantă de lucru'],
      ['ro', 'easy', 'răspunsurile 5 ani', 'Nu știm cine ești', 'variantă de lucru'],
    ] as const
    for (const [lang, audience, years, group, draft] of cases) {
      const res = await t.app.request(`/privacy?lang=${lang}&for=${audience}`)
      const html = await res.text()
      expect(html, `${lang} ${audience}`).toMatch(new RegExp(`<html lang="${lang}"`))
      const text = visibleText(html)
      for (const want of [years, group, draft]) expect(text, `${lang} ${audience}`).toContain(want)
      expect(text).not.toContain('not yet written')
      if (audience !== 'easy') for (const q of requiredQuestions(catalog, audience === 'parent' ? 'parent' : 'student', lang)) expect(text).toContain(q)
    }
    // the required question is the translation's wording, not the English
    expect(requiredQuestions(catalog, 'student', 'pl')).not.toEqual(requiredQuestions(catalog, 'student'))
  })

  it('each survey page links the notice of its audience, for its partnership; the start page the students’', async () => {
    const wants = { 'student-iag': 'student', 'parent-carer': 'parent', 'staff-careers': 'staff', 'employer-partners': 'employer' } as const
    for (const [survey, audience] of Object.entries(wants)) {
      const round =
        survey === 'student-iag' ? t.round : await openRound(t.db, catalog, { institution: 'oak-school', survey, year: '2025/26', tokensRequired: false })
      const html = await (await t.app.request(`/s/${round.code}`)).text()
      expect(html, survey).toContain(`href="/privacy?lang=en&amp;for=${audience}&amp;p=test-city"`)
      // the notice linked gives that partnership's settings, and is the audience's own
      const notice = await t.app.request(`/privacy?lang=en&for=${audience}&p=test-city`)
      expect(notice.status).toBe(200)
      expect(visibleText(await notice.text())).toContain('Who to contact')
      if (survey === 'student-iag') expect(await (await t.app.request(`/s/${round.code}?easy=1`)).text()).toContain('for=easy&amp;p=test-city')
      // a parent, staff member or employer in easy-read mode still gets their own notice: the easy read is a child's
      else expect(await (await t.app.request(`/s/${round.code}?easy=1`)).text(), survey).toContain(`for=${audience}&amp;p=test-city`)
    }
    expect(await (await t.app.request('/')).text()).toContain('href="/privacy?lang=en&amp;for=student"')
  })

  it('gives the general page for a partnership it does not know, never a 404', async () => {
    await t.app.request('/')
    const { text } = await page('?p=no-such-partnership')
    expect(text).toContain('How we look after your answers')
    expect(text).toContain('Ask the careers lead at your school.')
  })
})
