import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadCatalogFromDisk } from '../../src/surveys/disk-node.ts'
import { parseSurvey, SurveyFileError } from '../../src/surveys/load.ts'
import { questionsOf, scoredQuestions } from '../../src/surveys/schema.ts'

const catalog = loadCatalogFromDisk()

describe('the shipped surveys', () => {
  it('are a student and a parent survey', () => {
    expect([...catalog.values()].map((s) => [s.id, s.audience]).sort()).toEqual([
      ['parent-carer', 'parent'],
      ['student-iag', 'student'],
    ])
  })

  it('the student survey asks at least three scored questions on each of the six Principles, plus year group and free text', () => {
    const survey = catalog.get('student-iag')!
    expect(survey.areas).toHaveLength(6)
    for (const area of survey.areas) expect(scoredQuestions(survey).filter((q) => q.area === area.id).length).toBeGreaterThanOrEqual(3)
    const yearGroup = questionsOf(survey).find((q) => q.key === 'year_group')
    expect(yearGroup).toMatchObject({ kind: 'single', profile: true, required: true })
    expect(questionsOf(survey).filter((q) => q.kind === 'text').length).toBeGreaterThanOrEqual(1)
  })

  it('the parent survey asks 8 to 15 scored questions and the child’s year group', () => {
    const survey = catalog.get('parent-carer')!
    const scored = scoredQuestions(survey).length
    expect(scored).toBeGreaterThanOrEqual(8)
    expect(scored).toBeLessThanOrEqual(15)
    expect(questionsOf(survey).find((q) => q.key === 'year_group')).toMatchObject({ profile: true })
  })

  it('pairs point at a question of the other survey that points back', () => {
    const student = catalog.get('student-iag')!
    const parent = catalog.get('parent-carer')!
    const pairs = scoredQuestions(parent).filter((q) => q.pairedWith)
    expect(pairs.length).toBeGreaterThanOrEqual(3)
    for (const q of pairs) expect(scoredQuestions(student).find((s) => s.key === q.pairedWith)?.pairedWith).toBe(q.key)
  })
})

describe('a broken survey file', () => {
  const good = `id: tiny
audience: student
title: Tiny
introduction: A tiny survey.
areas:
  - id: p1
    title: One
sections:
  - id: main
    title: Main
    questions:
      - key: q_one
        kind: agreement
        area: p1
        text: I like it.
`
  function problems(file: string, text: string) {
    try {
      parseSurvey(file, text)
    } catch (e) {
      if (e instanceof SurveyFileError) return e.problems
      throw e
    }
    return []
  }

  it('parses when it is right', () => {
    expect(problems('surveys/tiny.yaml', good)).toEqual([])
  })

  it('names the file, the path inside it and what is wrong', () => {
    const found = problems('surveys/tiny.yaml', good.replace('area: p1', 'area: p9').replace('kind: agreement', 'kind: agreement\n        priorty: true'))
    expect(found).toContainEqual({ file: 'surveys/tiny.yaml', path: 'sections[0].questions[0]', message: expect.stringContaining('priorty') })
    const area = problems('surveys/tiny.yaml', good.replace('area: p1', 'area: p9'))
    expect(area).toEqual([{ file: 'surveys/tiny.yaml', path: 'sections[0].questions[0].area', message: expect.stringContaining('"p9" is not one of') }])
  })

  it('reports a repeated key, bad YAML and an id that does not match the file name', () => {
    const dup = good + `      - key: q_one\n        kind: yesno\n        text: Again?\n`
    expect(problems('surveys/tiny.yaml', dup)[0]).toMatchObject({ path: 'sections[0].questions[1].key', message: expect.stringContaining('already used') })
    expect(problems('surveys/tiny.yaml', 'id: [unclosed')[0]!.message).toContain('not valid YAML')
    expect(problems('surveys/other.yaml', good)[0]).toMatchObject({ path: 'id', message: expect.stringContaining('must match the file name') })
  })

  it('requires an easy-read wording of every question when the survey sets easyRead: required', () => {
    expect(problems('surveys/tiny.yaml', good.replace('introduction:', 'easyRead: required\nintroduction:'))).toEqual([
      {
        file: 'surveys/tiny.yaml',
        path: 'sections[0].questions[0].easyRead',
        message: 'question "q_one" needs an easy-read wording: this survey sets easyRead: required',
      },
    ])
    expect(problems('surveys/tiny.yaml', good.replace('introduction:', 'easyRead: required\nintroduction:') + '        easyRead: I like it.\n')).toEqual([])
    expect(problems('surveys/tiny.yaml', good.replace('introduction:', 'easyRead: always\nintroduction:'))[0]).toMatchObject({ path: 'easyRead' })
  })

  it('fails the whole catalog, listing every broken file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'surveys-'))
    writeFileSync(join(dir, 'tiny.yaml'), good.replace('audience: student', 'audience: teacher'))
    writeFileSync(join(dir, 'other.yaml'), good)
    expect(() => loadCatalogFromDisk(dir)).toThrowError(/other\.yaml at id[\s\S]*tiny\.yaml at audience/)
  })
})
