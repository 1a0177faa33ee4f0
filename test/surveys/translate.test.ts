import { describe, expect, it } from 'vitest'
import { loadCatalogFromDisk } from '../../src/surveys/disk-node.ts'
import { agreementLabels, questionsOf, type Survey } from '../../src/surveys/schema.ts'
import { languagesOf, localise } from '../../src/surveys/translate.ts'

const catalog = loadCatalogFromDisk()
const student = catalog.get('student-iag')!
const parent = catalog.get('parent-carer')!

/** Everything that identifies answers and must never change with the language. */
function skeleton(survey: Survey) {
  return {
    id: survey.id,
    audience: survey.audience,
    areas: survey.areas.map((a) => [a.id, a.source]),
    sections: survey.sections.map((s) => ({
      id: s.id,
      questions: s.questions.map((q) => ({
        key: q.key,
        kind: q.kind,
        required: q.required,
        area: q.kind === 'agreement' ? q.area : null,
        options: q.kind === 'single' || q.kind === 'multiple' ? q.options.map((o) => o.value) : null,
      })),
    })),
  }
}

describe('languagesOf', () => {
  it('offers each shipped survey in English first, then Polish, Romanian and Urdu, with their own names', () => {
    for (const survey of [student, parent]) {
      expect(languagesOf(survey).map((l) => [l.code, l.name, l.dir])).toEqual([
        ['en', 'English', 'ltr'],
        ['pl', 'Polski', 'ltr'],
        ['ro', 'Română', 'ltr'],
        ['ur', 'اردو', 'rtl'],
      ])
      expect(languagesOf(survey)[0]!.status).toBe('source')
    }
  })
})

describe('localise', () => {
  it('gives the survey in Polish with the same keys, areas and option values', () => {
    const pl = localise(student, 'pl')
    expect(pl.language).toEqual({ code: 'pl', name: 'Polski', dir: 'ltr', status: 'draft-machine-assisted' })
    expect(skeleton(pl.survey)).toEqual(skeleton(student))
    expect(pl.survey.language).toBe('pl')
    expect(pl.survey.title).toBe('Doradztwo zawodowe w Twojej szkole')
    const q = questionsOf(pl.survey)
    expect(q.find((x) => x.key === 'know_my_strengths')).toMatchObject({
      text: 'Znam swoje mocne strony, czyli to, co dobrze mi wychodzi.',
      easyRead: 'Wiem, co dobrze mi wychodzi.',
    })
    expect(q.find((x) => x.key === 'send_support')).toMatchObject({
      hint: expect.stringContaining('asystenta nauczyciela'),
      options: [
        { value: 'yes', label: 'Tak' },
        { value: 'no', label: 'Nie' },
        { value: 'not_sure', label: 'Nie wiem na pewno' },
        { value: 'prefer_not_to_say', label: 'Wolę nie odpowiadać' },
      ],
    })
    expect(pl.survey.sections.find((s) => s.id === 'planning_my_future')).toMatchObject({
      title: 'Planowanie przyszłości',
      intro: expect.stringContaining('„Nie wiem”'),
    })
    expect(pl.survey.areas.find((a) => a.id === 'p5_fair_chances')?.title).toBe('Równe szanse dla wszystkich')
    expect(pl.scale).toEqual({
      '1': 'Zdecydowanie się nie zgadzam',
      '2': 'Nie zgadzam się',
      '3': 'Ani się zgadzam, ani nie zgadzam',
      '4': 'Zgadzam się',
      '5': 'Zdecydowanie się zgadzam',
      dk: 'Nie wiem',
    })
    expect([pl.yes, pl.no]).toEqual(['Tak', 'Nie'])
  })

  it('gives Urdu right to left, in Urdu script, with the same keys', () => {
    const ur = localise(parent, 'ur')
    expect(ur.language).toMatchObject({ code: 'ur', dir: 'rtl' })
    expect(skeleton(ur.survey)).toEqual(skeleton(parent))
    for (const q of questionsOf(ur.survey)) expect(q.text, q.key).toMatch(/\p{Script=Arabic}/u)
    expect([ur.yes, ur.no]).toEqual(['ہاں', 'نہیں'])
  })

  it('leaves the survey in English for a language it is not offered in, or none, and never changes the source', () => {
    const before = JSON.stringify(student)
    for (const lang of [undefined, '', 'fr', 'xx-YY', 'en', 'EN-gb']) {
      const l = localise(student, lang)
      expect(l.survey, String(lang)).toBe(student)
      expect(l.language).toEqual({ code: 'en', name: 'English', dir: 'ltr', status: 'source' })
      expect(l.scale).toEqual(agreementLabels)
      expect([l.yes, l.no]).toEqual(['Yes', 'No'])
    }
    localise(student, 'ro')
    expect(JSON.stringify(student)).toBe(before)
  })

  it('matches a language code in any letter case, and a regional code to its language', () => {
    expect(localise(student, 'PL').language.code).toBe('pl')
    expect(localise(student, 'pl-PL').language.code).toBe('pl')
    expect(localise(student, 'ro-MD').survey.title).toBe('Orientarea în carieră la școala ta')
  })
})
