import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/db/connect-node.ts'
import type { Db } from '../../src/db/database.ts'
import { addInstitution, addPartnership } from '../../src/org/organisations.ts'
import { publishYouSaid } from '../../src/framework/you-said.ts'
import { closeRound, issueTokens, openRound, type Round } from '../../src/rounds/rounds.ts'
import { questionsOf, scoredQuestions } from '../../src/surveys/schema.ts'
import { uiText } from '../../src/collect/ui-text.ts'
import { languagesOf, localise, type LanguageInfo } from '../../src/surveys/translate.ts'
import { catalog, rows } from '../support/app.ts'
import {
  expectNoSeriousViolations,
  expectNoSidewaysScrolling,
  focused,
  launchBrowser,
  screenshot,
  seriousViolations,
  serverOnFreshDatabase,
  tabTo,
} from './support.ts'

/**
 * The respondent's pages in a real browser against a real server: keyboard-only answers in
 * every mode, languages (Urdu right to left), answers kept in the browser through a reload,
 * a language switch and a lost connection, a visible focus on every control reached by Tab,
 * and axe-core (WCAG 2.2 A and AA, targets at least 24 px) on every page of both surveys in
 * every mode and language, with screenshots at 320 px and desktop widths.
 */
let browser: Browser
let env: Awaited<ReturnType<typeof serverOnFreshDatabase>>
let db: Db
let round: Round
let closedCode: string
let usedToken: string
/** A round that has taken its limit of responses for now (its partnership allows one per hour). */
let busyCode: string
/** An open round of the parent and carer survey. */
let parentCode: string
/** A round whose survey page shows "You said, we did": what was done about the same survey's round last year. */
let youSaidCode: string
const weDid = ['Every Year 10 class now has a visit from a careers adviser.', 'A taster day at the local college, open to every student in June.']

const survey = catalog.get('student-iag')!
const questions = questionsOf(survey)
const languages = languagesOf(survey)
const otherLanguages = languages.filter((l) => l.code !== survey.language)
const urdu = languages.find((l) => l.code === 'ur')
const parentSurvey = catalog.get('parent-carer')!
const parentLanguages = languagesOf(parentSurvey)

beforeAll(async () => {
  env = await serverOnFreshDatabase()
  db = await openDatabase(env.databaseUrl)
  await addPartnership(db, { slug: 'city', name: 'City Partnership' })
  await addInstitution(db, { slug: 'oak-school', name: 'Oak School', partnership: 'city' })
  await addInstitution(db, { slug: 'ash-school', name: 'Ash School', partnership: 'city' })
  round = await openRound(db, catalog, { institution: 'oak-school', survey: 'student-iag', year: '2026/27', tokensRequired: false })
  const closed = await openRound(db, catalog, { institution: 'oak-school', survey: 'parent-carer', year: '2026/27' })
  await closeRound(db, closed)
  closedCode = closed.code
  const tokenRound = await openRound(db, catalog, { institution: 'ash-school', survey: 'parent-carer', year: '2026/27', tokensRequired: true })
  usedToken = (await issueTokens(db, tokenRound, 1, '10A'))[0]!
  const used = await fetch(`${env.server.url}/api/surveys/${usedToken}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ submissionId: crypto.randomUUID(), answers: { year_group: 'y10' } }),
  })
  expect(used.status).toBe(201)
  await addPartnership(db, { slug: 'busy-city', name: 'Busy City Partnership' })
  await addInstitution(db, { slug: 'elm-school', name: 'Elm School', partnership: 'busy-city' })
  await db.$client.execute({
    sql: "UPDATE partnerships SET settings = ? WHERE slug = 'busy-city'",
    args: [JSON.stringify({ submissionLimit: { max: 1, windowMinutes: 60 } })],
  })
  busyCode = (await openRound(db, catalog, { institution: 'elm-school', survey: 'student-iag', year: '2026/27', tokensRequired: false })).code
  const first = await fetch(`${env.server.url}/api/surveys/${busyCode}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ submissionId: crypto.randomUUID(), answers: { year_group: 'y10' } }),
  })
  expect(first.status).toBe(201)

  await addInstitution(db, { slug: 'birch-school', name: 'Birch School', partnership: 'city' })
  parentCode = (await openRound(db, catalog, { institution: 'birch-school', survey: 'parent-carer', year: '2026/27' })).code
  // last year's round of the student survey: the minimum group of 5 answered, and the school said what it did
  const lastYear = await openRound(db, catalog, { institution: 'birch-school', survey: 'student-iag', year: '2025/26', tokensRequired: false })
  for (let i = 1; i <= 5; i++) {
    const res = await fetch(`${env.server.url}/api/surveys/${lastYear.code}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ submissionId: crypto.randomUUID(), answers: { year_group: 'y10' } }),
    })
    expect(res.status).toBe(201)
  }
  const areas = scoredQuestions(survey).slice(0, weDid.length)
  await publishYouSaid(
    db,
    survey,
    lastYear.id,
    areas.map((q, i) => ({ questionKey: q.key, weDid: weDid[i]! })),
  )
  await closeRound(db, lastYear)
  youSaidCode = (await openRound(db, catalog, { institution: 'birch-school', survey: 'student-iag', year: '2026/27', tokensRequired: false })).code
  browser = await launchBrowser()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  db?.$client.close()
  await env?.dispose()
})

const url = (path: string) => `${env.server.url}${path}`

/** A page in a fresh browser context (its own storage); `done` closes it and fails on any script error the page had. */
async function newPage(options: { javaScriptEnabled?: boolean } = {}): Promise<{ context: BrowserContext; page: Page; done: () => Promise<void> }> {
  const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true })
  const page = await context.newPage()
  const scriptErrors: string[] = []
  page.on('pageerror', (e) => scriptErrors.push(e.message))
  return {
    context,
    page,
    done: async () => {
      await context.close()
      expect(scriptErrors, 'script errors in the page').toEqual([])
    },
  }
}

/** The newest stored response and its answers. */
/** The response stored for a page's submissionId (response ids are random: they do not follow arrival). */
async function storedResponse(submissionId: string) {
  const [response] = await rows(db, 'SELECT id, submission_id, language FROM responses WHERE submission_id = ?', [submissionId])
  const answers = await rows(db, 'SELECT question_key, value FROM answers WHERE response_id = ? ORDER BY question_key, value', [response!.id as number])
  return {
    submissionId: String(response!.submission_id),
    language: String(response!.language),
    answers: Object.fromEntries(answers.map((a) => [String(a.question_key), String(a.value)])),
  }
}

const responseCount = async (submissionId?: string) =>
  Number(
    (
      await rows(
        db,
        submissionId ? 'SELECT count(*) AS n FROM responses WHERE submission_id = ?' : 'SELECT count(*) AS n FROM responses',
        submissionId ? [submissionId] : [],
      )
    )[0]!.n,
  )

/** What the keyboard walk below answers: the second option of every choice, and a sentence in each text box. */
function walkedAnswers(): Record<string, string> {
  const out: Record<string, string> = {}
  for (const q of questions) {
    if (q.kind === 'agreement') out[q.key] = '2'
    else if (q.kind === 'single') out[q.key] = q.options[1]!.value
    else if (q.kind === 'yesno') out[q.key] = 'no'
    else if (q.kind === 'text') out[q.key] = 'More visits to colleges'
  }
  return out
}

/**
 * Answers the whole survey with the keyboard alone: Tab from control to control, the down
 * arrow to choose in each group of radio buttons, typing into text boxes, Enter on Next (one
 * question at a time) and finally on Send. The display and language switches are passed by.
 */
async function answerWithKeyboard(page: Page) {
  for (let step = 0; step < 1000; step++) {
    await page.keyboard.press('Tab')
    const f = await focused(page)
    if (f.tag === 'INPUT' && f.type === 'radio' && !f.checked) {
      await page.keyboard.press('ArrowDown')
    } else if (f.tag === 'TEXTAREA') {
      await page.keyboard.type('More visits to colleges')
    } else if (f.tag === 'BUTTON' && 'stepNext' in f.data) {
      await page.keyboard.press('Enter')
    } else if (f.tag === 'BUTTON' && 'send' in f.data) {
      await page.keyboard.press('Enter')
      return
    }
  }
  throw new Error('the Send button was never reached')
}

/** From the start page, by keyboard: type the code, choose how to answer, press Start. */
async function startWithKeyboard(page: Page, choose: { one?: boolean; easy?: boolean; large?: boolean; lang?: string }) {
  await page.goto(url('/'))
  if (choose.lang) {
    await tabTo(page, (f) => f.tag === 'A' && f.lang === choose.lang)
    await page.keyboard.press('Enter')
    await page.waitForURL(new RegExp(`lang=${choose.lang}`))
  }
  await tabTo(page, (f) => f.id === 'code')
  await page.keyboard.type(round.code.toLowerCase())
  if (choose.one) {
    await tabTo(page, (f) => f.id === 'mode-all')
    await page.keyboard.press('ArrowDown')
    expect((await focused(page)).id).toBe('mode-one')
  }
  if (choose.easy) {
    await tabTo(page, (f) => f.id === 'easy')
    await page.keyboard.press('Space')
  }
  if (choose.large) {
    await tabTo(page, (f) => f.id === 'size')
    await page.keyboard.press('Space')
  }
  await tabTo(page, (f) => f.tag === 'BUTTON')
  await page.keyboard.press('Enter')
  await page.waitForURL(new RegExp(`/s/${round.code}`))
}

/** Opens the survey page's "Language and display" choices (a closed disclosure at first). */
async function openDisplayOptions(page: Page) {
  const options = page.locator('details.display-options')
  if (!(await options.evaluate((d) => (d as HTMLDetailsElement).open))) await options.locator('summary').click()
}

const savedAnswers = (page: Page) => page.evaluate((code) => JSON.parse(sessionStorage.getItem(`signpost:answers:${code}`) ?? 'null'), round.code)

describe('keyboard only, in every mode', { timeout: 180_000 }, () => {
  const modes = [
    { name: 'standard', choose: {} },
    { name: 'one question at a time', choose: { one: true } },
    { name: 'easy read', choose: { easy: true } },
    { name: 'large text', choose: { large: true } },
    { name: 'Urdu, right to left, one question at a time', choose: { one: true, lang: 'ur' } },
  ]
  for (const mode of modes) {
    it(`${mode.name}: chosen on the start page, answered to the end, stored`, async () => {
      const { page, done } = await newPage()
      const before = await responseCount()
      await startWithKeyboard(page, mode.choose)
      const params = new URL(page.url()).searchParams
      expect(params.get('mode')).toBe(mode.choose.one ? 'one' : null)
      expect(params.get('easy')).toBe(mode.choose.easy ? '1' : null)
      expect(params.get('size')).toBe(mode.choose.large ? 'large' : null)
      const lang = mode.choose.lang ?? 'en'
      expect(await page.getAttribute('html', 'lang')).toBe(lang)

      if (mode.choose.one) {
        await expect.poll(() => page.locator('[data-step-count]').textContent()).toBe(uiText(lang).text.questionOf(1, questions.length))
        expect(await page.locator('[data-question]:visible').count()).toBe(1)
      }
      if (mode.choose.easy) {
        const q = questions.find((x) => x.kind === 'agreement' && x.easyRead && x.easyRead !== x.text)!
        await expect.poll(() => page.locator(`#q-${q.key} legend`).textContent()).toContain(q.easyRead)
      }
      if (mode.choose.large) {
        expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('24px')
      }
      const submissionId = await page.locator('input[name="submissionId"]').inputValue()

      await answerWithKeyboard(page)
      await page.waitForURL(/\/thanks/)
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(uiText(lang).text.thanksTitle)
      expect(await responseCount()).toBe(before + 1)
      const stored = await storedResponse(submissionId)
      expect(stored.submissionId).toBe(submissionId)
      expect(stored.language).toBe(lang)
      expect(stored.answers).toEqual(walkedAnswers())
      // sent, so no longer kept in the browser
      expect(await savedAnswers(page)).toBeNull()
      await done()
    })
  }
})

/** Chooses answers by clicking their labels: the second option of the first `n` choice questions. */
async function answerFirst(page: Page, n: number) {
  const chosen: Record<string, string> = {}
  for (const q of questions.filter((x) => x.kind !== 'text' && x.kind !== 'multiple').slice(0, n)) {
    const value = walkedAnswers()[q.key]!
    await page.locator(`label[for="q-${q.key}-${value}"]`).click()
    chosen[q.key] = value
  }
  return chosen
}

async function checkedValues(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() =>
    Object.fromEntries([...document.querySelectorAll<HTMLInputElement>('#survey-form input[type=radio]:checked')].map((i) => [i.name, i.value])),
  )
}

describe('answers kept in the browser', { timeout: 120_000 }, () => {
  it('a reload puts every answer back and continues the same submission; "Clear" starts a new one', async () => {
    const { page, done } = await newPage()
    await page.goto(url(`/s/${round.code}`))
    const submissionId = await page.locator('input[name="submissionId"]').inputValue()
    const chosen = await answerFirst(page, 6)
    await page.locator('textarea').first().fill('Work experience, please')
    expect((await savedAnswers(page)).submissionId).toBe(submissionId)

    await page.reload()
    expect(await checkedValues(page)).toEqual(chosen)
    expect(await page.locator('textarea').first().inputValue()).toBe('Work experience, please')
    expect(await page.locator('input[name="submissionId"]').inputValue()).toBe(submissionId)
    await expect.poll(() => page.getByText('We have put back the answers you gave earlier on this device.').isVisible()).toBe(true)
    await expectNoSeriousViolations(page)

    // the next student on a shared computer, opening the same code in a new tab, starts empty
    const next = await page.context().newPage()
    await next.goto(url(`/s/${round.code}`))
    await next.waitForLoadState('load')
    expect(await checkedValues(next)).toEqual({})
    expect(await next.locator('textarea').first().inputValue()).toBe('')
    expect(await next.locator('input[name="submissionId"]').inputValue()).not.toBe(submissionId)
    await next.close()

    await page.getByRole('button', { name: 'Clear these answers and start again' }).click()
    await page.waitForLoadState('load')
    await expect.poll(() => checkedValues(page)).toEqual({})
    expect(await page.locator('input[name="submissionId"]').inputValue()).not.toBe(submissionId)
    await done()
  })

  it('one question at a time comes back at the same question after a reload', async () => {
    const { page, done } = await newPage()
    await page.goto(url(`/s/${round.code}?mode=one`))
    for (let i = 0; i < 4; i++) {
      await page.locator('[data-question]:visible input[type=radio]').nth(1).check()
      await page.getByRole('button', { name: 'Next' }).click()
    }
    await expect.poll(() => page.locator('[data-step-count]').textContent()).toBe(`Question 5 of ${questions.length}`)
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-question'))).toBe(questions[4]!.key)
    await page.reload()
    await expect.poll(() => page.locator('[data-step-count]').textContent()).toBe(`Question 5 of ${questions.length}`)
    expect(Object.keys(await checkedValues(page))).toHaveLength(4)
    await page.getByRole('button', { name: 'Back' }).click()
    await expect.poll(() => page.locator('[data-step-count]').textContent()).toBe(`Question 4 of ${questions.length}`)
    await done()
  })

  it('a lost connection at Send keeps the answers, says so, and sending again once back online stores exactly one response', async () => {
    const { context, page, done } = await newPage()
    await page.goto(url(`/s/${round.code}`))
    const chosen = await answerFirst(page, questions.length)
    const submissionId = await page.locator('input[name="submissionId"]').inputValue()
    await context.setOffline(true)
    await page.getByRole('button', { name: 'Send my answers' }).click()
    const alert = page.getByRole('alert').filter({ hasText: 'the connection was lost' })
    await expect.poll(() => alert.isVisible()).toBe(true)
    expect(await page.getByRole('button', { name: 'Try again' }).isVisible()).toBe(true)
    expect(await responseCount(submissionId)).toBe(0)
    expect((await savedAnswers(page)).answers).toMatchObject(chosen)
    expect(await checkedValues(page)).toEqual(chosen)
    await screenshot(page, 'respondent-offline-at-send')
    // back online: the page sends again by itself
    await context.setOffline(false)
    await page.waitForURL(/\/thanks/)
    expect(await responseCount(submissionId)).toBe(1)
    expect((await storedResponse(submissionId)).answers).toMatchObject(chosen)
    await done()
  })

  it('an answer stored whose reply never arrived is not stored twice when "Try again" sends it again', async () => {
    const { page, done } = await newPage()
    await page.goto(url(`/s/${round.code}`))
    await answerFirst(page, 8)
    const submissionId = await page.locator('input[name="submissionId"]').inputValue()
    // the server gets the answers and stores them; the reply is lost on the way back
    await page.route(`**/s/${round.code}`, async (route) => {
      if (route.request().method() !== 'POST') return route.continue()
      await route.fetch({ maxRedirects: 0 })
      await route.abort('connectionreset')
    })
    await page.getByRole('button', { name: 'Send my answers' }).click()
    await expect.poll(() => page.getByRole('button', { name: 'Try again' }).isVisible()).toBe(true)
    expect(await responseCount(submissionId)).toBe(1)
    await page.unroute(`**/s/${round.code}`)
    await page.getByRole('button', { name: 'Try again' }).click()
    await page.waitForURL(/\/thanks/)
    expect(await responseCount(submissionId)).toBe(1)
    await done()
  })

  it('a survey too busy to take the answers now keeps the page and the answers, says so, and offers to try again', async () => {
    const { page, done } = await newPage()
    await page.goto(url(`/s/${busyCode}`))
    const chosen = await answerFirst(page, 4)
    const submissionId = await page.locator('input[name="submissionId"]').inputValue()
    await page.getByRole('button', { name: 'Send my answers' }).click()
    const alert = page.getByRole('alert').filter({ hasText: 'so yours was not sent' })
    await expect.poll(() => alert.isVisible()).toBe(true)
    expect(await page.getByRole('button', { name: 'Try again' }).isVisible()).toBe(true)
    expect(new URL(page.url()).pathname).toBe(`/s/${busyCode}`)
    expect(await checkedValues(page)).toEqual(chosen)
    expect(await responseCount(submissionId)).toBe(0)
    expect((await page.evaluate((code) => JSON.parse(sessionStorage.getItem(`signpost:answers:${code}`) ?? 'null'), busyCode)).answers).toMatchObject(chosen)
    await expectNoSeriousViolations(page)
    await done()
  })
})

describe('languages', { timeout: 120_000 }, () => {
  it('the student survey is offered in English, Polish, Urdu and Romanian; Urdu right to left', () => {
    expect(languages.map((l) => l.code)).toEqual(expect.arrayContaining(['en', 'pl', 'ur', 'ro']))
    expect(urdu?.dir).toBe('rtl')
  })

  it('an Urdu page mirrors: text starts at the right, each radio button sits to the right of its words', async () => {
    const { page, done } = await newPage()
    await page.goto(url(`/s/${round.code}?lang=ur`))
    const radio = (await page.locator('input[type=radio]').first().boundingBox())!
    const label = (await page.locator('.choice label').first().boundingBox())!
    expect(radio.x).toBeGreaterThan(label.x + label.width - 1)
    // the heading's words end at the right edge of the content, not the left
    const edges = await page.evaluate(() => {
      const range = document.createRange()
      range.selectNodeContents(document.querySelector('h1')!)
      const text = range.getBoundingClientRect()
      const main = document.querySelector('main')!
      const box = main.getBoundingClientRect()
      const style = getComputedStyle(main)
      return {
        textLeft: text.left,
        textRight: text.right,
        contentLeft: box.left + parseFloat(style.paddingLeft),
        contentRight: box.right - parseFloat(style.paddingRight),
      }
    })
    expect(Math.abs(edges.textRight - edges.contentRight)).toBeLessThan(2)
    expect(edges.textLeft - edges.contentLeft).toBeGreaterThan(20)
    await done()
  })

  it('with JavaScript: the answers so far stay, the response records the new language', async () => {
    const target = otherLanguages[0]!
    const { page, done } = await newPage()
    await page.goto(url(`/s/${round.code}`))
    const submissionId = await page.locator('input[name="submissionId"]').inputValue()
    const chosen = await answerFirst(page, 5)
    await openDisplayOptions(page)
    await page.locator(`button[lang="${target.code}"]`).click()
    await page.waitForURL(new RegExp(`lang=${target.code}`))
    expect(await page.getAttribute('html', 'lang')).toBe(target.code)
    expect(await page.getAttribute('html', 'dir')).toBe(target.dir)
    expect(await checkedValues(page)).toEqual(chosen)
    expect(await page.locator('input[name="submissionId"]').inputValue()).toBe(submissionId)
    // the respondent switched on purpose: no "we have put back your answers" message
    expect(await page.locator('[data-restored-note]').isVisible()).toBe(false)
    const translated = localise(survey, target.code).survey
    expect(await page.locator('h1').textContent()).toBe(translated.title)
    await page.locator('[data-send]').click()
    await page.waitForURL(/\/thanks/)
    const stored = await storedResponse(submissionId)
    expect(stored.submissionId).toBe(submissionId)
    expect(stored.language).toBe(target.code)
    expect(stored.answers).toEqual(chosen)
    await done()
  })

  it('without JavaScript: the switch posts the answers and they come back in the new language', async () => {
    const target = otherLanguages.at(-1)!
    const { page, done } = await newPage({ javaScriptEnabled: false })
    const before = await responseCount()
    await page.goto(url(`/s/${round.code}`))
    const chosen = await answerFirst(page, 5)
    await page.locator('textarea').first().fill('More trips')
    await openDisplayOptions(page)
    await page.locator(`button[lang="${target.code}"]`).click()
    await page.waitForLoadState('load')
    expect(await page.getAttribute('html', 'lang')).toBe(target.code)
    expect(await checkedValues(page)).toEqual(chosen)
    expect(await page.locator('textarea').first().inputValue()).toBe('More trips')
    expect(await responseCount()).toBe(before) // switching sends nothing to keep
    const submissionId = await page.locator('input[name="submissionId"]').inputValue()
    await page.locator('[data-send]').click()
    await page.waitForURL(/\/thanks/)
    const stored = await storedResponse(submissionId)
    expect(stored.language).toBe(target.code)
    expect(stored.answers).toEqual({ ...chosen, [questions.find((q) => q.kind === 'text')!.key]: 'More trips' })
    await done()
  })
})

/** The focused element, and what a sighted keyboard user sees of its focus; null when nothing in the page has it. */
async function focusShown(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null
    if (!el || el === document.body || el === document.documentElement) return null
    const w = window as unknown as { focusSeen?: WeakSet<Element> }
    w.focusSeen ??= new WeakSet()
    const seenBefore = w.focusSeen.has(el)
    w.focusSeen.add(el)
    const input = el as HTMLInputElement
    const kind = el.tagName === 'A' ? 'link' : el.tagName === 'INPUT' ? input.type : el.tagName.toLowerCase()
    const style = getComputedStyle(el)
    const box = el.getBoundingClientRect()
    // what is drawn at the middle of the element's part in the window: itself (or its label), not something on top of it
    const [left, right, top, bottom] = [Math.max(box.left, 0), Math.min(box.right, innerWidth), Math.max(box.top, 0), Math.min(box.bottom, innerHeight)]
    const atMiddle = document.elementFromPoint((left + right) / 2, (top + bottom) / 2)
    const onTop = Boolean(atMiddle && (el.contains(atMiddle) || [...(input.labels ?? [])].some((l) => l.contains(atMiddle))))
    return {
      seenBefore,
      kind,
      description: `${kind} ${el.id ? `#${el.id}` : ''} "${(el.textContent || input.name || '').trim().slice(0, 40)}"`,
      focusVisible: el.matches(':focus-visible'),
      outline: `${style.outlineStyle} ${style.outlineWidth}`,
      hasOutline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
      boxShadow: style.boxShadow,
      inView: box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth,
      onTop,
    }
  })
}

/**
 * Tabs through every control of the page once, from the top to where focus leaves the page;
 * returns the kinds of control reached and, for each one without a visible focus indicator or
 * hidden from view when focused, what is wrong.
 */
async function tabThrough(page: Page) {
  const kinds = new Set<string>()
  const problems: string[] = []
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press('Tab')
    const f = await focusShown(page)
    if (!f) {
      if (kinds.size) return { kinds, problems }
      continue
    }
    if (f.seenBefore) return { kinds, problems }
    kinds.add(f.kind)
    if (!f.focusVisible) problems.push(`${f.description}: does not match :focus-visible`)
    if (!f.hasOutline && f.boxShadow === 'none') problems.push(`${f.description}: no focus indicator (outline ${f.outline}, no box-shadow)`)
    if (!f.inView || !f.onTop) problems.push(`${f.description}: hidden when focused (in view: ${f.inView}, on top: ${f.onTop})`)
  }
  throw new Error('Tab never left the page (200 presses)')
}

describe('visible focus', { timeout: 120_000 }, () => {
  for (const mode of [
    { name: 'standard', query: '' },
    { name: 'large text', query: '?size=large' },
  ]) {
    it(`${mode.name}: every control of the start page and the survey shows where the focus is when reached by Tab`, async () => {
      const { page, done } = await newPage()
      await page.goto(url(`/${mode.query}`))
      const start = await tabThrough(page)
      expect(start.problems).toEqual([])
      expect([...start.kinds]).toEqual(expect.arrayContaining(['link', 'text', 'radio', 'checkbox', 'button']))

      await page.goto(url(`/s/${round.code}${mode.query}`))
      const surveyPage = await tabThrough(page)
      expect(surveyPage.problems).toEqual([])
      expect([...surveyPage.kinds]).toEqual(expect.arrayContaining(['link', 'radio', 'textarea', 'button']))
      await done()
    })
  }
})

describe('every respondent page, in every mode and language', { timeout: 600_000 }, () => {
  const modes = [
    { name: 'standard', query: '' },
    { name: 'one', query: 'mode=one' },
    { name: 'easy', query: 'easy=1' },
    { name: 'large', query: 'size=large' },
  ]

  /** axe-core in the light and the dark scheme, no sideways scrolling at 320 px, and screenshots at 320 px and desktop width. */
  async function check(page: Page, name: string) {
    await page.setViewportSize({ width: 1280, height: 900 })
    await expectNoSeriousViolations(page)
    await screenshot(page, `respondent-${name}-desktop`)
    await page.emulateMedia({ colorScheme: 'dark' })
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor), 'dark mode').toBe('rgb(22, 24, 27)')
    await expectNoSeriousViolations(page)
    await screenshot(page, `respondent-${name}-dark`)
    await page.emulateMedia({ colorScheme: 'light' })
    await page.setViewportSize({ width: 320, height: 640 })
    await expectNoSidewaysScrolling(page)
    await expectNoSeriousViolations(page)
    await screenshot(page, `respondent-${name}-320`)
  }

  /** The query string of a page in `language` with `parts` added (no lang= for a survey's own language). */
  const queryIn =
    (language: LanguageInfo) =>
    (...parts: string[]) => {
      const s = [language.status === 'source' ? '' : `lang=${language.code}`, ...parts].filter(Boolean).join('&')
      return s ? `?${s}` : ''
    }

  /**
   * A survey's page in `language` in each mode, then sent with its required question unanswered,
   * all on one page and one question at a time: each checked and screenshot as `${name}-...`.
   */
  async function checkSurvey(page: Page, options: { code: string; survey: typeof survey; language: LanguageInfo; name: string }) {
    const { code, language, name } = options
    const q = queryIn(language)
    const translated = localise(options.survey, language.code).survey
    for (const mode of modes) {
      await page.setViewportSize({ width: 1280, height: 900 })
      await page.goto(url(`/s/${code}${q(mode.query)}`))
      expect(await page.getAttribute('html', 'lang')).toBe(language.code)
      expect(await page.getAttribute('html', 'dir')).toBe(language.dir)
      expect(await page.locator('h1').textContent()).toBe(translated.title)
      if (mode.name === 'one') expect(await page.locator('[data-question]:visible').count()).toBe(1)
      if (mode.name === 'easy') {
        const easy = questionsOf(translated).find((x) => x.easyRead && x.easyRead !== x.text)
        if (easy) expect(await page.locator(`#q-${easy.key} .question-text`).textContent()).toContain(easy.easyRead)
      }
      await check(page, `${name}-${mode.name}-${language.code}`)
    }

    // Send with the required question unanswered: the form comes back with the problem, announced and focused
    await page.setViewportSize({ width: 1280, height: 900 })
    await page.goto(url(`/s/${code}${q()}`))
    await page.locator('[data-send]').click()
    await page.waitForSelector('#error-summary')
    // autofocus moves the focus at the page's first rendering, just after the element is there
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('error-summary')
    expect(await page.getAttribute('#error-summary', 'role')).toBe('alert')
    const required = questionsOf(options.survey).find((x) => x.required)!
    expect(await page.getAttribute(`#q-${required.key}`, 'aria-describedby')).toContain(`q-${required.key}-error`)
    await check(page, `${name}-error-${language.code}`)

    // the problem in one-question mode opens at the question
    await page.setViewportSize({ width: 1280, height: 900 })
    await page.goto(url(`/s/${code}${q('mode=one')}`))
    await page.evaluate(() => (document.getElementById('survey-form') as HTMLFormElement).requestSubmit())
    await page.waitForSelector('#error-summary')
    expect(await page.locator('[data-question]:visible').getAttribute('id')).toBe(`q-${required.key}`)
    await check(page, `${name}-error-one-${language.code}`)
  }

  it('the check finds a target smaller than 24 px (axe’s target-size rule is on)', async () => {
    const { page, done } = await newPage()
    await page.setContent(
      '<!doctype html><html lang="en"><head><title>Small targets</title></head><body><main><h1>Small targets</h1>' +
        '<button style="width:12px;height:12px;padding:0;border:0">A</button><button style="width:12px;height:12px;padding:0;border:0">B</button></main></body></html>',
    )
    expect((await seriousViolations(page)).map((v: { id: string }) => v.id)).toContain('target-size')
    await done()
  })

  for (const language of languages) {
    const q = queryIn(language)

    it(`${language.code}: start page, survey in each mode, a problem, thanks`, async () => {
      const { page, done } = await newPage()
      await page.goto(url(`/${q()}`))
      expect(await page.getAttribute('html', 'lang')).toBe(language.code)
      expect(await page.getAttribute('html', 'dir')).toBe(language.dir)
      await check(page, `start-${language.code}`)

      await checkSurvey(page, { code: round.code, survey, language, name: 'survey' })

      await page.setViewportSize({ width: 1280, height: 900 })
      await page.goto(url(`/s/${round.code}/thanks${q()}`))
      expect(await page.getAttribute('html', 'lang')).toBe(language.code)
      await check(page, `thanks-${language.code}`)
      await done()
    })

    it(`${language.code}: closed survey, used code and unknown code keep their status codes`, async () => {
      const { page, done } = await newPage()
      for (const [name, path, status] of [
        ['closed', `/s/${closedCode}${q()}`, 410],
        ['unknown-code', `/s/ZZZZZZ${q()}`, 404],
      ] as const) {
        const res = await page.goto(url(path))
        expect(res!.status()).toBe(status)
        expect(await page.getAttribute('html', 'lang')).toBe(language.code)
        await check(page, `${name}-${language.code}`)
      }
      // a used code opens its survey as an unused one does (no oracle of its use): it is refused
      // only when a complete response is sent with it
      expect((await page.goto(url(`/s/${usedToken}${q()}`)))!.status()).toBe(200)
      const [refused] = await Promise.all([
        page.waitForNavigation(),
        page.evaluate((action) => {
          const form = document.createElement('form')
          form.method = 'post'
          form.action = action
          for (const [name, value] of [
            ['submissionId', crypto.randomUUID()],
            ['year_group', 'y10'],
          ]) {
            const input = document.createElement('input')
            input.type = 'hidden'
            input.name = name!
            input.value = value!
            form.append(input)
          }
          document.body.append(form)
          form.submit()
        }, `/s/${usedToken}${q()}`),
      ])
      expect(refused!.status()).toBe(409)
      expect(await page.getAttribute('html', 'lang')).toBe(language.code)
      await check(page, `used-code-${language.code}`)
      await done()
    })
  }

  for (const language of parentLanguages) {
    const q = queryIn(language)

    it(`${language.code}: the parent and carer survey, from the start page, in each mode, a problem, thanks`, async () => {
      const { page, done } = await newPage()
      // the start page (checked above in this language) takes the parent's code to the parent survey
      await page.goto(url(`/${q()}`))
      await page.locator('#code').fill(parentCode.toLowerCase())
      await page.locator('.start-form button[type=submit]').click()
      await page.waitForURL(new RegExp(`/s/${parentCode}`))
      expect(await page.locator('h1').textContent()).toBe(localise(parentSurvey, language.code).survey.title)

      await checkSurvey(page, { code: parentCode, survey: parentSurvey, language, name: 'parent-survey' })

      // the thanks page says nothing about which survey was answered: the parent's is the student's, checked above
      const thanks = async (code: string) => (await fetch(url(`/s/${code}/thanks${q()}`))).text()
      expect((await thanks(parentCode)).replaceAll(parentCode, round.code)).toBe(await thanks(round.code))
      await done()
    })
  }

  it('"You said, we did" on the survey page passes, in English and in Urdu (right to left)', async () => {
    const { page, done } = await newPage()
    for (const language of languages.filter((l) => l.code === 'en' || l.dir === 'rtl')) {
      const text = uiText(language.code).text
      await page.setViewportSize({ width: 1280, height: 900 })
      await page.goto(url(`/s/${youSaidCode}${queryIn(language)()}`))
      expect(await page.getAttribute('html', 'dir')).toBe(language.dir)
      // a short panel, closed: its title and how many changes, opened with a tap
      const panel = page.locator('details.you-said')
      expect(await panel.locator('summary').textContent()).toBe(`${text.youSaidTitle} ${text.youSaidCount(weDid.length)}`)
      expect(await panel.locator('li').first().isVisible()).toBe(false)
      await panel.locator('summary').click()
      expect(await panel.locator('li').first().isVisible()).toBe(true)
      const said = scoredQuestions(localise(survey, language.code).survey).slice(0, weDid.length)
      const items = panel.locator('li')
      expect(await items.count()).toBe(weDid.length)
      for (const [i, did] of weDid.entries()) {
        const item = (await items.nth(i).textContent())!
        expect(item).toContain(`${text.youSaid} ${said[i]!.text}`)
        expect(item).toContain(`${text.weDid} ${did}`)
      }
      // what the school wrote is English: marked so on the Urdu page, so a screen reader reads it as English
      expect(await panel.locator('span[lang="en"]').allTextContents()).toEqual(language.code === 'en' ? [] : weDid)
      await check(page, `survey-you-said-${language.code}`)
    }
    await done()
  })

  it('text at 200 % fits without sideways scrolling, in English and in Urdu where offered', async () => {
    const { page, done } = await newPage()
    await page.setViewportSize({ width: 640, height: 900 })
    for (const lang of languages.filter((l) => l.code === 'en' || l.dir === 'rtl').map((l) => l.code)) {
      for (const path of ['/', `/s/${round.code}`, `/s/${round.code}?mode=one`, `/s/${round.code}?size=large`]) {
        await page.goto(url(`${path}${path.includes('?') ? '&' : '?'}lang=${lang}`))
        // text only, twice its size (the page's own large text mode, twice that)
        await page.evaluate(() =>
          document.documentElement.style.setProperty('font-size', document.documentElement.classList.contains('large-text') ? '300%' : '200%', 'important'),
        )
        await expectNoSidewaysScrolling(page)
      }
    }
    await done()
  })
})

describe('the first question on the first screen of a phone', { timeout: 300_000 }, () => {
  const phone = { width: 375, height: 812 }
  const modes = [
    { name: 'standard', query: '' },
    { name: 'one question at a time', query: 'mode=one' },
    { name: 'easy read', query: 'easy=1' },
    { name: 'large text', query: 'size=large' },
  ]
  const address = (code: string, lang: string, source: string, query: string) =>
    `/s/${code}?${[lang === source ? '' : `lang=${lang}`, query].filter(Boolean).join('&')}`

  /** Where the shown question's legend (or a text box's label) is in the window, once the page's fonts are in. */
  async function legendBox(page: Page) {
    await page.evaluate(() => document.fonts.ready.then(() => undefined))
    const box = (await page.locator('[data-question]:visible').first().locator('legend, label.question-text').first().boundingBox())!
    return { top: Math.round(box.y), bottom: Math.round(box.y + box.height), scrollY: await page.evaluate(() => window.scrollY) }
  }

  /** Every figure measured, printed at the end: the legend's top and bottom per survey, language and mode. */
  const measured: string[] = []
  afterAll(() => console.log(`first legend at 375×812 (top–bottom px):\n${measured.join('\n')}`))

  for (const [name, s, codeOf] of [
    ['student survey with "You said, we did"', survey, () => youSaidCode],
    ['parent and carer survey', parentSurvey, () => parentCode],
  ] as const) {
    it(`${name}: the first question's legend is in full view without scrolling, in every mode and language`, async () => {
      const { page, done } = await newPage()
      await page.setViewportSize(phone)
      const problems: string[] = []
      for (const language of languagesOf(s)) {
        for (const mode of modes) {
          await page.goto(url(address(codeOf(), language.code, s.language, mode.query)))
          expect(await page.getAttribute('html', 'lang')).toBe(language.code)
          const box = await legendBox(page)
          measured.push(`${s.id} ${language.code} ${mode.name}: ${box.top}–${box.bottom}`)
          if (box.scrollY !== 0 || box.top < 0 || box.bottom > phone.height) problems.push(`${language.code} ${mode.name}: ${box.top}–${box.bottom}`)
          await expectNoSidewaysScrolling(page)
        }
      }
      expect(problems).toEqual([])
      await done()
    })
  }

  it('one question at a time: each later question is at the top of the screen, its count just above it', async () => {
    for (const lang of ['en', 'ur']) {
      // a fresh tab each time: the same code's step is kept in the tab
      const { page, done } = await newPage()
      await page.setViewportSize(phone)
      await page.goto(url(address(youSaidCode, lang, survey.language, 'mode=one')))
      for (let i = 1; i <= 3; i++) {
        await page.locator('[data-step-next]').click()
        await expect.poll(() => page.locator('[data-step-count]').textContent()).toBe(uiText(lang).text.questionOf(i + 1, questions.length))
        const status = (await page.locator('[data-step-status]').boundingBox())!
        const box = await legendBox(page)
        expect(Math.abs(status.y), `the count of question ${i + 1} (${lang}) at the top`).toBeLessThan(2)
        expect(box.bottom, `question ${i + 1} (${lang})`).toBeLessThan(phone.height / 2)
      }
      await done()
    }
  })

  const runs = [
    ...modes.flatMap((m) => ['en', 'ur'].map((l) => ({ mode: m, lang: l, javaScript: true }))),
    // the link is the server's: it goes to the questions without JavaScript too
    ...modes.filter((m) => m.query !== 'mode=one').map((m) => ({ mode: m, lang: 'en', javaScript: false })),
    { mode: modes[0]!, lang: 'ur', javaScript: false },
  ]
  for (const { mode, lang, javaScript } of runs) {
    it(`${mode.name}, ${lang}${javaScript ? '' : ', without JavaScript'}: the skip link goes to the first question, and one Tab more reaches its first answer`, async () => {
      const { page, done } = await newPage({ javaScriptEnabled: javaScript })
      await page.setViewportSize(phone)
      await page.goto(url(address(youSaidCode, lang, survey.language, mode.query)))
      await page.waitForLoadState('load')
      await page.keyboard.press('Tab')
      const skip = await focused(page)
      expect(skip.text).toBe(uiText(lang).text.skipToQuestion)
      expect(skip.tag).toBe('A')
      await page.keyboard.press('Enter')
      let presses = 0
      let f = await focused(page)
      while (!(f.tag === 'INPUT' && f.name === questions[0]!.key) && presses < 20) {
        await page.keyboard.press('Tab')
        presses += 1
        f = await focused(page)
      }
      console.log(`${mode.name}, ${lang}${javaScript ? '' : ' (no JavaScript)'}: ${presses} Tab press(es) after the skip link to the first answer`)
      expect(presses).toBeLessThanOrEqual(3)
      expect((await legendBox(page)).top).toBeGreaterThanOrEqual(0)
      await done()
    })
  }
})

describe('the skip link, one question at a time, back on a later question', { timeout: 60_000 }, () => {
  it('goes to the question reached, not to the hidden first one', async () => {
    const { page, done } = await newPage()
    await page.setViewportSize({ width: 375, height: 812 })
    await page.goto(url(`/s/${youSaidCode}?mode=one`))
    await page.locator(`input[name="${questions[0]!.key}"]`).first().check()
    await page.locator('[data-step-next]').click()
    await page.locator('[data-step-next]').click()
    await expect.poll(() => page.locator('[data-step-count]').textContent()).toBe(uiText('en').text.questionOf(3, questions.length))
    await page.reload()
    await expect.poll(() => page.locator('[data-step-count]').textContent()).toBe(uiText('en').text.questionOf(3, questions.length))
    await page.keyboard.press('Tab')
    expect((await focused(page)).text).toBe(uiText('en').text.skipToQuestion)
    await page.keyboard.press('Enter')
    let presses = 0
    let f = await focused(page)
    while (!(f.tag === 'INPUT' && f.name === questions[2]!.key) && presses < 20) {
      await page.keyboard.press('Tab')
      presses += 1
      f = await focused(page)
    }
    expect(presses).toBeLessThanOrEqual(3)
    await done()
  })
})

describe('easy read has fewer words', { timeout: 120_000 }, () => {
  /** The words a reader sees on the page at 1280 px with every disclosure opened (innerText: nothing hidden counted). */
  async function seenWords(page: Page): Promise<number> {
    return page.evaluate(() => {
      document.querySelectorAll('details').forEach((d) => (d.open = true))
      return document.body.innerText.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length
    })
  }

  it('at least 30 % fewer than the standard page, for both surveys in every language', async () => {
    const { page, done } = await newPage()
    await page.setViewportSize({ width: 1280, height: 900 })
    const figures: string[] = []
    for (const [s, code] of [
      [survey, round.code],
      [parentSurvey, parentCode],
    ] as const) {
      for (const language of languagesOf(s)) {
        const lang = language.code === s.language ? '' : `lang=${language.code}`
        await page.goto(url(`/s/${code}?${lang}`))
        const standard = await seenWords(page)
        await page.goto(url(`/s/${code}?${[lang, 'easy=1'].filter(Boolean).join('&')}`))
        const easy = await seenWords(page)
        figures.push(`${s.id} ${language.code}: ${standard} → ${easy} words (${Math.round((1 - easy / standard) * 100)} % fewer)`)
        expect(1 - easy / standard, `${s.id} ${language.code}: ${standard} → ${easy}`).toBeGreaterThanOrEqual(0.3)
      }
    }
    console.log(figures.join('\n'))
    await done()
  })
})

describe('fonts shipped with the pages', { timeout: 60_000 }, () => {
  it('an Urdu page is set in Noto Nastaliq Urdu, served from this server', async () => {
    const { page, done } = await newPage()
    const fontRequests: string[] = []
    page.on('request', (r) => r.resourceType() === 'font' && fontRequests.push(r.url()))
    await page.goto(url(`/s/${round.code}?lang=ur`))
    const fonts = await page.evaluate(async () => {
      await document.fonts.ready
      return [...document.fonts].filter((f) => f.status === 'loaded').map((f) => `${f.family} ${f.weight}`)
    })
    expect(fonts.map((f) => f.replaceAll('"', ''))).toEqual(expect.arrayContaining(['Noto Nastaliq Urdu 400', 'Noto Nastaliq Urdu 700']))
    expect(fontRequests.length).toBeGreaterThan(0)
    for (const r of fontRequests) expect(r.startsWith(`${env.server.url}/fonts/`), r).toBe(true)
    // the English page's text is in the system's own font: the only font file it may load is
    // the Urdu one, for the language's name on the language button
    fontRequests.length = 0
    await page.goto(url(`/s/${round.code}`))
    await page.evaluate(() => document.fonts.ready.then(() => undefined))
    for (const r of fontRequests) expect(r, r).toMatch(/\/fonts\/noto-nastaliq-urdu-arabic-\d+-normal\.woff2$/)
    await done()
  })
})

describe('kiosk mode, a shared tablet at a parents’ evening', { timeout: 120_000 }, () => {
  const storageUsed = (page: Page) => page.evaluate(() => sessionStorage.length + localStorage.length)

  it('says the tablet is shared, keeps nothing, asks "Are you still there?" after 3 minutes and then clears', async () => {
    const { page, done } = await newPage()
    await page.clock.install()
    await page.setViewportSize({ width: 820, height: 1180 })
    await page.goto(url(`/s/${round.code}?kiosk=1`))
    const en = uiText('en').text
    expect(await page.locator('[data-kiosk-note]').textContent()).toBe(en.kioskNote)
    const chosen = await answerFirst(page, 3)
    expect(await checkedValues(page)).toEqual(chosen)
    expect(await storageUsed(page)).toBe(0)
    // a language switch keeps the answers (sent to the server and back, not kept here), and the kiosk
    await openDisplayOptions(page)
    await page.locator('button[lang="pl"]').click()
    await page.waitForURL(/lang=pl/)
    expect(await page.getAttribute('html', 'lang')).toBe('pl')
    expect(await checkedValues(page)).toEqual(chosen)
    expect(await page.locator('[data-kiosk-note]').textContent()).toBe(uiText('pl').text.kioskNote)
    await openDisplayOptions(page)
    await page.locator('button[lang="en"]').click()
    await page.waitForURL((u) => !u.search.includes('lang='))
    expect(await page.getAttribute('html', 'lang')).toBe('en')
    expect(await checkedValues(page)).toEqual(chosen)
    expect(await storageUsed(page)).toBe(0)
    const dialog = page.getByRole('dialog', { name: en.stillThereTitle })
    // 2 minutes 50 without a touch: nothing yet
    await page.clock.runFor(170_000)
    expect(await dialog.isVisible()).toBe(false)
    await page.clock.runFor(11_000)
    await expect.poll(() => dialog.isVisible()).toBe(true)
    await expectNoSeriousViolations(page)
    await screenshot(page, 'respondent-kiosk-still-there')
    // still there: the answers stay
    await page.getByRole('button', { name: en.stillHere }).click()
    expect(await dialog.isVisible()).toBe(false)
    expect(await checkedValues(page)).toEqual(chosen)
    // gone: asked again 3 minutes later, then a clean start 30 seconds after that
    await page.clock.runFor(181_000)
    await expect.poll(() => dialog.isVisible()).toBe(true)
    await page.clock.runFor(31_000)
    await page.waitForFunction(() => !document.querySelector('dialog[open]'))
    await expect.poll(() => checkedValues(page)).toEqual({})
    expect(new URL(page.url()).search).toBe('?kiosk=1')
    expect(await storageUsed(page)).toBe(0)
    await done()
  })

  it('after a response: thanks, then a clean start for the next person in 10 seconds; Back does not show the answers', async () => {
    const { page, done } = await newPage()
    await page.clock.install()
    await page.setViewportSize({ width: 820, height: 1180 })
    await page.goto(url(`/s/${round.code}?kiosk=1&lang=pl&size=large`))
    const before = await responseCount()
    await answerFirst(page, questions.length)
    expect(await storageUsed(page)).toBe(0)
    await page.locator('[data-send]').click()
    await page.waitForURL(/\/thanks\?/)
    expect(await responseCount()).toBe(before + 1)
    expect(await page.locator('[data-kiosk-restart]').textContent()).toBe(uiText('pl').text.kioskRestart(10))
    await expectNoSeriousViolations(page)
    await page.clock.runFor(9_000)
    expect(new URL(page.url()).pathname).toMatch(/\/thanks$/)
    await page.clock.runFor(1_500)
    await page.waitForURL((u) => u.pathname === `/s/${round.code}` && u.search === '?kiosk=1')
    // a clean start: the source language, no other choice, nothing chosen, nothing kept
    expect(await page.getAttribute('html', 'lang')).toBe('en')
    expect(await checkedValues(page)).toEqual({})
    expect(await storageUsed(page)).toBe(0)
    // every step replaced the one before: nothing to go back to
    expect(await page.evaluate(() => history.length)).toBeLessThanOrEqual(2)
    await page.goBack().catch(() => null)
    expect(await checkedValues(page)).toEqual({})
    await done()
  })
})
