/**
 * The plain-language check: every shipped English question text, hint, introduction and
 * section intro reads at Flesch–Kincaid grade 6 or below (reading age 11, a year below
 * Year 8), every easy-read text at grade 3 or below (reading age 8): the surveys' easy-read
 * introduction, section intros, question wordings, hints and scale labels, and every sentence of
 * the pages' own words in easy read.
 */
import { describe, expect, it } from 'vitest'
import { uiText } from '../../src/collect/ui-text.ts'
import type { Round } from '../../src/rounds/rounds.ts'
import { loadCatalogFromDisk } from '../../src/surveys/disk-node.ts'
import { readability, readabilityFindings, readabilityTargets, sentenceCount, syllables, wordsOf } from '../../src/surveys/readability.ts'

describe('the syllable count', () => {
  it('counts common words as a dictionary does', () => {
    const dictionary: Record<string, number> = {
      job: 1,
      make: 1,
      makes: 1,
      choose: 1,
      helped: 1,
      asked: 1,
      strengths: 1,
      year: 1,
      you: 1,
      where: 1,
      the: 1,
      careers: 2,
      courses: 2,
      choices: 2,
      changes: 2,
      needed: 2,
      started: 2,
      able: 2,
      people: 2,
      future: 2,
      college: 2,
      money: 2,
      something: 2,
      understand: 3,
      excited: 3,
      encouraged: 3,
      everyone: 3,
      anything: 3,
      different: 3,
      example: 3,
      apprenticeship: 4,
      information: 4,
      encourages: 4,
      qualifications: 5,
    }
    const counted = Object.fromEntries(Object.keys(dictionary).map((w) => [w, syllables(w)]))
    expect(counted).toEqual(dictionary)
  })

  it('counts a number as it is said and a hyphenated word by its parts', () => {
    expect([syllables('8'), syllables('11'), syllables('7'), syllables('one-sided')]).toEqual([1, 3, 2, 3])
  })
})

describe('the Flesch–Kincaid grade', () => {
  it('is 0.39 × words per sentence + 11.8 × syllables per word − 15.59', () => {
    // 10 words, 13 syllables, 1 sentence
    const one = readability('I know who can give me advice about my future.')
    expect(one).toMatchObject({ words: 10, sentences: 1, syllables: 13 })
    expect(one.grade).toBeCloseTo(0.39 * 10 + 11.8 * 1.3 - 15.59, 6)
    // 9 words (8 is one), 11 syllables, 2 sentences
    const two = readability('We want to know. It takes about 8 minutes.')
    expect(two).toMatchObject({ words: 9, sentences: 2, syllables: 11 })
    expect(two.grade).toBeCloseTo(0.39 * 4.5 + (11.8 * 11) / 9 - 15.59, 6)
  })

  it('reads words with apostrophes as one word and ignores quotation marks', () => {
    expect(wordsOf('You can choose "Don’t know".')).toEqual(['You', 'can', 'choose', 'Don’t', 'know'])
    expect(sentenceCount('Choose how much you agree. You can choose "Don\'t know".')).toBe(2)
  })

  it('is higher for long words and long sentences', () => {
    expect(readability('Consideration of alternative qualifications necessitates comprehensive information.').grade).toBeGreaterThan(15)
    expect(readability('I like my school.').grade).toBeLessThan(1)
  })
})

describe(`the shipped English (targets: grade ${readabilityTargets.standard}, easy-read grade ${readabilityTargets.easyRead})`, () => {
  const catalog = loadCatalogFromDisk()

  it.each(['student-iag', 'parent-carer', 'staff-careers', 'employer-partners'])('%s reads at or below its targets', (id) => {
    const findings = readabilityFindings(catalog.get(id)!).map((f) => `${f.where}: grade ${f.grade.toFixed(1)} > ${f.target}: ${f.text}`)
    expect(findings).toEqual([])
  })

  it.each(['student-iag', 'parent-carer'])('%s has an easy-read version of every text it shows in prose, and of its scale', (id) => {
    const survey = catalog.get(id)!
    expect(survey.easyReadIntroduction).toBeTruthy()
    expect(Object.keys(survey.easyReadScale ?? {}).sort()).toEqual(['1', '2', '3', '4', '5', 'dk'])
    for (const s of survey.sections) {
      if (s.intro) expect(s.easyReadIntro, s.id).toBeTruthy()
      for (const q of s.questions) {
        expect(q.easyRead, q.key).toBeTruthy()
        if (q.hint) expect(q.easyReadHint, q.key).toBeTruthy()
      }
    }
    // and each of them is shorter than the standard text it stands for
    const words = (t: string | undefined) => wordsOf(t ?? '').length
    expect(words(survey.easyReadIntroduction)).toBeLessThan(words(survey.introduction))
    for (const s of survey.sections) if (s.intro) expect(words(s.easyReadIntro), s.id).toBeLessThan(words(s.intro))
    for (const q of survey.sections.flatMap((s) => s.questions)) if (q.hint) expect(words(q.easyReadHint), q.key).toBeLessThan(words(q.hint))
  })

  it('flags a hard question, and holds an easy-read wording to the stricter target', () => {
    const survey = {
      introduction: 'A short survey.',
      sections: [
        {
          id: 's',
          title: 'S',
          questions: [
            {
              key: 'hard',
              kind: 'text' as const,
              required: false,
              maxLength: 100,
              text: 'Consideration of alternative qualifications necessitates comprehensive information.',
            },
            {
              key: 'money',
              kind: 'text' as const,
              required: false,
              maxLength: 100,
              text: 'Do you know about money help?',
              easyRead: 'I know about money I could get to help me stay in learning.',
            },
          ],
        },
      ],
    }
    expect(readabilityFindings(survey).map((f) => [f.where, f.target])).toEqual([
      ['hard text', readabilityTargets.standard],
      ['money easyRead', readabilityTargets.easyRead],
    ])
    // the same sentence as standard text is within the standard target
    expect(readability('I know about money I could get to help me stay in learning.').grade).toBeLessThanOrEqual(readabilityTargets.standard)
  })
})

describe(`the pages' own words in easy read (English, grade ${readabilityTargets.easyRead})`, () => {
  const round = { year: '2026/27', opensOn: '2026-05-10' } as Round
  /** Every text of the easy-read interface, the variable parts filled in as a page fills them. */
  function texts(value: unknown, where: string): { where: string; text: string }[] {
    if (typeof value === 'string') return [{ where, text: value }]
    if (typeof value === 'function') {
      if (where === 'refusal')
        return (['unknown', 'not-yet-open', 'closed', 'token-required', 'token-used'] as const).flatMap((kind) =>
          texts(value(kind, round, 'Your careers help at school'), `refusal ${kind}`),
        )
      if (where === 'problemLine') return [...texts(value(8, true), 'problemLine required'), ...texts(value(8, false), 'problemLine check')]
      return texts(value(8, 29), where)
    }
    if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => texts(v, `${where ? `${where}.` : ''}${k}`))
    return []
  }
  const easy = texts(uiText('en', true).text, '')

  it('reads every sentence at grade 3 or below (a label, not ending in . ? or !, is too short to measure)', () => {
    const sentences = easy.filter(({ text }) => /[.?!]["”’]?$/.test(text.trim()))
    expect(sentences.length).toBeGreaterThan(30)
    const hard = sentences.map((s) => ({ ...s, grade: readability(s.text).grade })).filter((s) => s.grade > readabilityTargets.easyRead)
    expect(hard.map((s) => `${s.where}: grade ${s.grade.toFixed(1)}: ${s.text}`)).toEqual([])
  })

  it('is shorter than the standard words where it differs, and keeps the labels a reader looks for', () => {
    const standard = new Map(texts(uiText('en').text, '').map((s) => [s.where, s.text]))
    const changed = easy.filter((s) => standard.get(s.where) !== s.text)
    expect(changed.length).toBeGreaterThan(15)
    const longer = changed.filter((s) => wordsOf(s.text).length > wordsOf(standard.get(s.where)!).length)
    // longer but easier: the lines of the problem list say "Please give an answer to" rather than
    // "Please answer", and the date a survey opens (a long word to read) gets a sentence of its own
    expect(longer.map((s) => s.where)).toEqual(['problemLine required', 'refusal not-yet-open.message'])
    for (const label of ['send', 'back', 'next', 'retry']) expect(uiText('en', true).text[label as 'send']).toBe(uiText('en').text[label as 'send'])
  })
})
