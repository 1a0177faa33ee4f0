import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { requiredQuestions, surveyLanguages } from '../../src/privacy/facts.ts'
import { englishNotice, noticeAudiences, noticeTexts, type NoticeFacts } from '../../src/privacy/notice-text.ts'
import { setPartnershipSettings } from '../../src/org/organisations.ts'
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
      for (const f of [facts(), facts({ contact: null, partnership: null, keepYears: 1 }), facts({ required: requiredQuestions(catalog, 'parent') })]) {
        const over = noticeTexts(englishNotice(audience, f))
          .map((text) => ({ text, grade: readability(text).grade }))
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

  it('links every version and every language the surveys are offered in; a language without its notice says so, in English', async () => {
    const res = await t.app.request('/privacy?lang=ur')
    const html = await res.text()
    expect(html).toContain('href="/privacy?for=easy&amp;lang=ur"')
    expect(html).toContain('href="/privacy?for=parent&amp;lang=ur"')
    for (const l of surveyLanguages(catalog)) expect(html).toContain(`hreflang="${l.code}"`)
    expect(surveyLanguages(catalog).map((l) => l.code)).toEqual(expect.arrayContaining(['en', 'pl', 'ur', 'ro']))
    expect(visibleText(html)).toMatch(/This notice is not yet written in .+ ?: here it is in English\./)
    expect(html).toMatch(/<html lang="en"/)
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

  it('gives the general page for a partnership it does not know, never a 404', async () => {
    await t.app.request('/')
    const { text } = await page('?p=no-such-partnership')
    expect(text).toContain('How we look after your answers')
    expect(text).toContain('Ask the careers lead at your school.')
  })
})
