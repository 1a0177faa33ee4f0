import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadCatalogFromDisk } from '../../src/surveys/disk-node.ts'
import { parseSurvey, SurveyFileError } from '../../src/surveys/load.ts'
import { parse as parseYaml } from 'yaml'
import { profileQuestions, questionsOf, scoredQuestions, surveySchema } from '../../src/surveys/schema.ts'

const catalog = loadCatalogFromDisk()

describe('the shipped surveys', () => {
  it('are the four voices of Gatsby Benchmark 1: students, parents and carers, staff, and employers', () => {
    expect([...catalog.values()].map((s) => [s.id, s.audience]).sort()).toEqual([
      ['employer-partners', 'employer'],
      ['parent-carer', 'parent'],
      ['staff-careers', 'staff'],
      ['student-iag', 'student'],
    ])
  })

  it('every shipped survey tags every scored question with the Gatsby Benchmarks it gives evidence on; staff and employers are profiled by whom they are', () => {
    const staff = catalog.get('staff-careers')!
    const employer = catalog.get('employer-partners')!
    for (const survey of catalog.values()) {
      expect(
        scoredQuestions(survey)
          .filter((q) => !q.benchmarks?.length)
          .map((q) => q.key),
      ).toEqual([])
    }
    for (const survey of [staff, employer]) expect(questionsOf(survey).filter((q) => q.kind === 'text')).toHaveLength(1)
    // staff: how careers reaches the subjects (Benchmark 4) above all; employers: encounters and workplaces (5 and 6)
    expect(scoredQuestions(staff).filter((q) => q.benchmarks!.includes(4)).length).toBeGreaterThanOrEqual(4)
    expect(scoredQuestions(employer).every((q) => q.benchmarks!.some((b) => b === 5 || b === 6 || b === 1))).toBe(true)
    expect(profileQuestions(staff).map((q) => q.key)).toEqual(['staff_role', 'staff_phase'])
    expect(profileQuestions(employer).map((q) => q.key)).toEqual(['organisation_kind', 'organisation_size', 'activity_kind'])
  })

  it('refuses a Gatsby Benchmark that is not 1 to 8, saying where', () => {
    const text = `id: s\naudience: staff\ntitle: T\nintroduction: I.\nareas: [{ id: a, title: A }]\nsections:\n  - id: x\n    title: X\n    questions:\n      - { key: q, kind: agreement, area: a, text: Q., benchmarks: [9] }\n`
    expect(() => parseSurvey('surveys/s.yaml', text)).toThrow(/sections\[0\]\.questions\[0\]\.benchmarks\[0\].*1 to 8/)
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

  it('pairs point at questions of the other voices’ surveys, at most one per survey, that point back', () => {
    const surveys = [...catalog.values()]
    const owner = (key: string) => surveys.filter((s) => scoredQuestions(s).some((q) => q.key === key))
    let pairs = 0
    for (const survey of surveys)
      for (const q of scoredQuestions(survey).filter((x) => x.pairedWith)) {
        const others = q.pairedWith!.map((k) => {
          const found = owner(k)
          expect(found, `${survey.id} ${q.key} → ${k}`).toHaveLength(1)
          expect(found[0]!.audience, `${survey.id} ${q.key} → ${k}`).not.toBe(survey.audience)
          const back = scoredQuestions(found[0]!).find((x) => x.key === k)!
          expect(back.pairedWith, `${found[0]!.id} ${k} points back to ${q.key}`).toContain(q.key)
          pairs += 1
          return found[0]!.id
        })
        expect(new Set(others).size, `${survey.id} ${q.key}: one key per survey`).toBe(others.length)
      }
    // students with parents (4), students with staff (4), parents with staff (2), employers with parents and staff (2): each counted from both ends
    expect(pairs).toBe(2 * 12)
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
    const easyScale = "easyReadScale: { '1': 'No', '2': Not really, '3': In between, '4': Mostly, '5': 'Yes', dk: Don't know }\n"
    const required = good.replace('introduction:', `easyRead: required\neasyReadIntroduction: A small one.\n${easyScale}introduction:`)
    expect(problems('surveys/tiny.yaml', required + '        easyRead: I like it.\n')).toEqual([])
    expect(problems('surveys/tiny.yaml', good.replace('introduction:', 'easyRead: always\nintroduction:'))[0]).toMatchObject({ path: 'easyRead' })
  })

  it('requires, when easyRead is required, an easy-read introduction, scale, section intro and hint', () => {
    const text = good
      .replace('introduction:', 'easyRead: required\nintroduction:')
      .replace('    title: Main\n', '    title: Main\n    intro: Say how much you agree.\n')
      .replace('        text: I like it.\n', '        text: I like it.\n        easyRead: I like it.\n        hint: Think of this year.\n')
    expect(problems('surveys/tiny.yaml', text).map((p) => [p.path, p.message])).toEqual([
      ['easyReadIntroduction', 'the introduction needs an easy-read version: this survey sets easyRead: required'],
      ['easyReadScale', 'the agreement scale needs an easy-read version: this survey sets easyRead: required'],
      ['sections[0].easyReadIntro', 'the intro of section "main" needs an easy-read version: this survey sets easyRead: required'],
      ['sections[0].questions[0].easyReadHint', 'the hint of question "q_one" needs an easy-read version: this survey sets easyRead: required'],
    ])
    // a stored version of a survey from before these texts (a round opened then) still reads
    expect(surveySchema.safeParse(parseYaml(text)).success).toBe(true)
  })

  it('fails the whole catalog, listing every broken file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'surveys-'))
    writeFileSync(join(dir, 'tiny.yaml'), good.replace('audience: student', 'audience: teacher'))
    writeFileSync(join(dir, 'other.yaml'), good)
    expect(() => loadCatalogFromDisk(dir)).toThrowError(/other\.yaml at id[\s\S]*tiny\.yaml at audience/)
  })
})
