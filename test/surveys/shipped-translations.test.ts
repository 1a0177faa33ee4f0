import { describe, expect, it } from 'vitest'
import { loadCatalogFromDisk } from '../../src/surveys/disk-node.ts'
import { questionsOf, type Survey } from '../../src/surveys/schema.ts'
import { localise } from '../../src/surveys/translate.ts'

const catalog = loadCatalogFromDisk()
const shipped = ['student-iag', 'parent-carer'].map((id) => catalog.get(id)!)
const languages = ['pl', 'ro', 'ur']

/** Every text a respondent reads, by where it is, so that languages compare line by line. */
function texts(survey: Survey): Map<string, string> {
  const out = new Map<string, string>([
    ['title', survey.title],
    ['introduction', survey.introduction],
  ])
  for (const a of survey.areas) out.set(`areas.${a.id}`, a.title)
  for (const s of survey.sections) {
    out.set(`sections.${s.id}.title`, s.title)
    if (s.intro) out.set(`sections.${s.id}.intro`, s.intro)
  }
  for (const q of questionsOf(survey)) {
    out.set(`${q.key}.text`, q.text)
    if (q.hint) out.set(`${q.key}.hint`, q.hint)
    if (q.easyRead) out.set(`${q.key}.easyRead`, q.easyRead)
    if (q.kind === 'single' || q.kind === 'multiple') for (const o of q.options) out.set(`${q.key}.options.${o.value}`, o.label)
  }
  return out
}

describe.each(shipped.map((s) => [s.id, s] as const))('the shipped %s survey', (_id, survey) => {
  it('asks for an easy-read wording of every question, and has one', () => {
    expect(survey.easyRead).toBe('required')
    for (const q of questionsOf(survey)) expect(q.easyRead, q.key).toBeTruthy()
  })

  it.each(languages)('is translated into %s in full: every English text has its own translation', (lang) => {
    const english = texts(survey)
    const local = texts(localise(survey, lang).survey)
    expect([...local.keys()]).toEqual([...english.keys()])
    const untranslated = [...english].filter(([where, text]) => local.get(where) === text).map(([where]) => where)
    expect(untranslated).toEqual([])
  })

  it.each(languages)('marks its %s translation honestly as not checked by a native speaker', (lang) => {
    const t = survey.translations[lang]!
    expect(t.status.level).toBe('draft-machine-assisted')
    expect(t.status.note).toMatch(/not yet checked by a native/i)
  })

  it('has Urdu right to left and in Urdu script throughout, with no Latin letters to break the line order', () => {
    expect(survey.translations.ur).toMatchObject({ dir: 'rtl', name: 'اردو' })
    for (const [where, text] of texts(localise(survey, 'ur').survey)) {
      expect(text, where).toMatch(/\p{Script=Arabic}/u)
      expect(text, where).not.toMatch(/[A-Za-z]/)
    }
  })

  it('keeps the English school year (Year 8 ... Year 13) recognisable in Polish and Romanian option labels', () => {
    for (const lang of ['pl', 'ro']) {
      const year = questionsOf(localise(survey, lang).survey).find((q) => q.key === 'year_group')
      if (year?.kind !== 'single') throw new Error('year_group is a single choice question')
      expect(year.options.map((o) => o.label.split(' (')[0])).toEqual(['Year 8', 'Year 9', 'Year 10', 'Year 11', 'Year 12', 'Year 13'])
    }
  })
})
