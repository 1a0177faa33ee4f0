import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadCatalogFromDisk } from '../../src/surveys/disk-node.ts'
import { buildCatalog, SurveyFileError, type SurveyProblem } from '../../src/surveys/load.ts'
import { languagesOf } from '../../src/surveys/translate.ts'

/** A small survey with a hint, an easy-read wording, a section intro and a choice question. */
const surveyYaml = `id: tiny
audience: student
title: Tiny
introduction: A tiny survey.
areas:
  - id: p1
    title: One
sections:
  - id: about
    title: About you
    intro: Tell us a little.
    questions:
      - key: year_group
        kind: single
        text: What year are you in?
        hint: Pick one.
        options:
          - { value: y8, label: Year 8 }
          - { value: y9, label: Year 9 }
  - id: main
    title: Main
    questions:
      - key: q_one
        kind: agreement
        area: p1
        text: I like it.
        easyRead: It is good.
      - key: q_two
        kind: yesno
        text: Would you do it again?
`

/** Its complete Polish translation. */
const polishYaml = `survey: tiny
language: pl
name: Polski
dir: ltr
status:
  level: draft
  by: A. Translator
title: Malutka
introduction: Malutka ankieta.
scale:
  '1': Zdecydowanie się nie zgadzam
  '2': Nie zgadzam się
  '3': Ani się zgadzam, ani nie zgadzam
  '4': Zgadzam się
  '5': Zdecydowanie się zgadzam
  dk: Nie wiem
yes: Tak
no: Nie
areas:
  p1: Jeden
sections:
  about:
    title: O Tobie
    intro: Powiedz nam coś o sobie.
  main:
    title: Główna
questions:
  year_group:
    text: W której klasie jesteś?
    hint: Wybierz jedną.
    options:
      y8: Year 8 (12–13 lat)
      y9: Year 9 (13–14 lat)
  q_one:
    text: Podoba mi się.
    easyRead: Jest dobrze.
  q_two:
    text: Czy zrobisz to jeszcze raz?
`

const surveyFile = { file: 'surveys/tiny.yaml', text: surveyYaml }

function problems(translation: string, file = 'surveys/translations/tiny.pl.yaml', survey = surveyFile): SurveyProblem[] {
  try {
    buildCatalog([survey, { file, text: translation }])
  } catch (e) {
    if (e instanceof SurveyFileError) return e.problems
    throw e
  }
  return []
}

describe('a translation file', () => {
  it('is attached to its survey when it is complete and right', () => {
    const catalog = buildCatalog([surveyFile, { file: 'surveys/translations/tiny.pl.yaml', text: polishYaml }])
    expect(languagesOf(catalog.get('tiny')!)).toEqual([
      { code: 'en', name: 'English', dir: 'ltr', status: 'source' },
      { code: 'pl', name: 'Polski', dir: 'ltr', status: 'draft' },
    ])
  })

  it('names the file, the path inside it and the English that has no translation', () => {
    const missingQuestion = polishYaml.replace(/ {2}q_two:\n.*\n/, '')
    expect(problems(missingQuestion)).toEqual([
      {
        file: 'surveys/translations/tiny.pl.yaml',
        path: 'questions.q_two',
        message: 'missing: the translation of question "q_two" (English: “Would you do it again?”)',
      },
    ])
    const missingParts = polishYaml
      .replace('    hint: Wybierz jedną.\n', '')
      .replace('    easyRead: Jest dobrze.\n', '')
      .replace('      y9: Year 9 (13–14 lat)\n', '')
      .replace('    intro: Powiedz nam coś o sobie.\n', '')
    expect(problems(missingParts).map((p) => [p.path, p.message])).toEqual([
      ['sections.about.intro', 'missing: the translation of the intro of section "about" (English: “Tell us a little.”)'],
      ['questions.year_group.hint', 'missing: the translation of the hint of question "year_group" (English: “Pick one.”)'],
      ['questions.year_group.options.y9', 'missing: the translation of option "y9" of question "year_group" (English: “Year 9”)'],
      ['questions.q_one.easyRead', 'missing: the translation of the easy-read wording of question "q_one" (English: “It is good.”)'],
    ])
    expect(problems(polishYaml.replace('  p1: Jeden\n', '{}\n').replace('areas:\n{}', 'areas: {}'))).toEqual([
      expect.objectContaining({ path: 'areas.p1', message: expect.stringContaining('area "p1"') }),
    ])
  })

  it('translates the easy-read introduction, scale, section intros and hints where the survey has them, and only there', () => {
    const easySurvey = {
      file: 'surveys/tiny.yaml',
      text: surveyYaml
        .replace(
          'introduction: A tiny survey.\n',
          "introduction: A tiny survey.\neasyReadIntroduction: A small one.\neasyReadScale: { '1': 'No', '2': Not really, '3': In between, '4': Mostly, '5': 'Yes', dk: Don't know }\n",
        )
        .replace('    intro: Tell us a little.\n', '    intro: Tell us a little.\n    easyReadIntro: Tell us.\n')
        .replace('        hint: Pick one.\n', '        hint: Pick one.\n        easyReadHint: One.\n'),
    }
    expect(problems(polishYaml, undefined, easySurvey).map((p) => [p.path, p.message])).toEqual([
      ['easyReadIntroduction', 'missing: the translation of the easy-read introduction (English: “A small one.”)'],
      ['easyReadScale', "missing: the translation of the easy-read agreement scale (English: “No / Not really / In between / Mostly / Yes / Don't know”)"],
      ['sections.about.easyReadIntro', 'missing: the translation of the easy-read intro of section "about" (English: “Tell us.”)'],
      ['questions.year_group.easyReadHint', 'missing: the translation of the easy-read hint of question "year_group" (English: “One.”)'],
    ])
    const complete = polishYaml
      .replace(
        'introduction: Malutka ankieta.\n',
        "introduction: Malutka ankieta.\neasyReadIntroduction: Mała.\neasyReadScale: { '1': Nie, '2': Raczej nie, '3': Pół na pół, '4': Raczej tak, '5': Tak, dk: Nie wiem }\n",
      )
      .replace('    intro: Powiedz nam coś o sobie.\n', '    intro: Powiedz nam coś o sobie.\n    easyReadIntro: Powiedz.\n')
      .replace('    hint: Wybierz jedną.\n', '    hint: Wybierz jedną.\n    easyReadHint: Jedna.\n')
    expect(problems(complete, undefined, easySurvey)).toEqual([])
    // the easy-read texts of a survey without them are refused as unknown
    expect(problems(complete).map((p) => p.path)).toEqual([
      'easyReadIntroduction',
      'easyReadScale',
      'sections.about.easyReadIntro',
      'questions.year_group.easyReadHint',
    ])
  })

  it('refuses a question key, option value, section or area the survey does not have', () => {
    const unknown = polishYaml
      .replace('  q_two:\n', '  q_three:\n    text: Coś innego.\n  q_two:\n')
      .replace('      y9: Year 9 (13–14 lat)\n', '      y9: Year 9 (13–14 lat)\n      y14: Year 14\n')
      .replace('  main:\n', '  extra:\n    title: Dodatkowa\n  main:\n')
      .replace('  p1: Jeden\n', '  p1: Jeden\n  p2: Dwa\n')
    expect(problems(unknown).map((p) => [p.path, p.message])).toEqual([
      ['areas.p2', '"p2" is not an area of tiny (areas: p1)'],
      ['sections.extra', '"extra" is not a section of tiny (sections: about, main)'],
      ['questions.year_group.options.y14', '"y14" is not an option of question "year_group" (options: y8, y9)'],
      ['questions.q_three', '"q_three" is not a question key of tiny'],
    ])
  })

  it('refuses a hint, easy-read wording or options the English does not have', () => {
    const extra = polishYaml.replace(
      '    text: Czy zrobisz to jeszcze raz?\n',
      '    text: Czy zrobisz to jeszcze raz?\n    hint: Podpowiedź.\n    options: { "yes": Tak }\n',
    )
    expect(problems(extra).map((p) => p.path)).toEqual(['questions.q_two.hint', 'questions.q_two.options'])
  })

  it('must say its direction, and the right one: Urdu is right to left', () => {
    const urdu = polishYaml.replace('language: pl', 'language: ur').replace('name: Polski', 'name: اردو')
    expect(problems(urdu, 'surveys/translations/tiny.ur.yaml')).toEqual([
      { file: 'surveys/translations/tiny.ur.yaml', path: 'dir', message: 'ur is written right to left: set dir: rtl' },
    ])
    expect(problems(urdu.replace('dir: ltr', 'dir: rtl'), 'surveys/translations/tiny.ur.yaml')).toEqual([])
    expect(problems(polishYaml.replace('dir: ltr', 'dir: rtl'))).toEqual([
      expect.objectContaining({ path: 'dir', message: 'pl is written left to right: set dir: ltr' }),
    ])
    expect(problems(polishYaml.replace('dir: ltr', 'dir: up'))).toEqual([
      expect.objectContaining({ path: 'dir', message: expect.stringContaining('ltr (left to right) or rtl') }),
    ])
    // a script subtag decides: Punjabi in Shahmukhi (Arabic script) is right to left
    const punjabi = urdu.replace('language: ur', 'language: pa-Arab').replace('dir: ltr', 'dir: rtl')
    expect(problems(punjabi, 'surveys/translations/tiny.pa-Arab.yaml')).toEqual([])
  })

  it('must carry a known translation status; reviewed and approved say who and when', () => {
    expect(problems(polishYaml.replace('level: draft', 'level: perfect'))).toEqual([expect.objectContaining({ path: 'status.level' })])
    const reviewed = problems(polishYaml.replace('level: draft', 'level: reviewed').replace('  by: A. Translator\n', ''))
    expect(reviewed.map((p) => [p.path, p.message])).toEqual([
      ['status.by', 'a translation marked reviewed must say who (by)'],
      ['status.date', 'a translation marked reviewed must say when (date)'],
    ])
    expect(
      problems(polishYaml.replace('level: draft', 'level: approved').replace('  by: A. Translator\n', '  by: Derby 14-19 Partnership\n  date: 2026-09-01\n')),
    ).toEqual([])
    expect(problems(polishYaml.replace('status:\n  level: draft\n  by: A. Translator\n', ''))).toEqual([expect.objectContaining({ path: 'status' })])
  })

  it('carries the whole agreement scale and yes/no labels', () => {
    expect(problems(polishYaml.replace('  dk: Nie wiem\n', ''))).toEqual([expect.objectContaining({ path: 'scale.dk' })])
    expect(problems(polishYaml.replace('no: Nie\n', ''))).toEqual([expect.objectContaining({ path: 'no' })])
  })

  it('is named after its survey and language', () => {
    expect(problems(polishYaml, 'surveys/translations/tiny.ro.yaml')).toEqual([
      expect.objectContaining({
        file: 'surveys/translations/tiny.ro.yaml',
        path: 'language',
        message: 'a translation file must be named translations/tiny.pl.yaml after its survey and language',
      }),
    ])
    expect(problems(polishYaml, 'surveys/translations/other.pl.yaml')).toEqual([
      expect.objectContaining({ path: '', message: 'there is no survey "other" to translate (surveys: tiny)' }),
    ])
    expect(problems(polishYaml.replace('language: pl', 'language: en'), 'surveys/translations/tiny.en.yaml')).toEqual([
      expect.objectContaining({ path: 'language', message: 'tiny is written in en already; a translation must be in another language' }),
    ])
    expect(problems(polishYaml.replace('language: pl', 'language: Polish'), 'surveys/translations/tiny.Polish.yaml')).toEqual([
      expect.objectContaining({ path: 'language', message: 'must be a language code such as pl, ur, ro or pt-BR' }),
    ])
  })

  it('is refused inside the survey file, where it would escape the checks', () => {
    const inline = { file: 'surveys/tiny.yaml', text: `${surveyYaml}translations: {}\n` }
    expect(() => buildCatalog([inline])).toThrowError('surveys/tiny.yaml at translations: translations go in their own files')
  })

  it('is not checked again when its survey file is broken: the survey’s problems are listed once', () => {
    const broken = { file: 'surveys/tiny.yaml', text: surveyYaml.replace('audience: student', 'audience: teacher') }
    expect(problems(polishYaml, undefined, broken).map((p) => [p.file, p.path])).toEqual([['surveys/tiny.yaml', 'audience']])
  })

  it('fails the whole catalog from disk, listing every broken translation, and is read from surveys/translations/', () => {
    const dir = mkdtempSync(join(tmpdir(), 'surveys-'))
    mkdirSync(join(dir, 'translations'))
    writeFileSync(join(dir, 'tiny.yaml'), surveyYaml)
    writeFileSync(join(dir, 'translations', 'tiny.pl.yaml'), polishYaml)
    expect(languagesOf(loadCatalogFromDisk(dir).get('tiny')!).map((l) => l.code)).toEqual(['en', 'pl'])
    writeFileSync(join(dir, 'translations', 'tiny.pl.yaml'), polishYaml.replace('  q_one:\n', '  q_uno:\n'))
    writeFileSync(join(dir, 'translations', 'tiny.ro.yaml'), polishYaml.replace('language: pl', 'language: ro').replace('yes: Tak\n', ''))
    expect(() => loadCatalogFromDisk(dir)).toThrowError(
      /tiny\.pl\.yaml at questions\.q_one: missing[\s\S]*tiny\.pl\.yaml at questions\.q_uno: "q_uno" is not[\s\S]*tiny\.ro\.yaml at yes/,
    )
  })
})
