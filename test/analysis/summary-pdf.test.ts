/**
 * The governors' summary as a PDF, as a coordinator and the lead download it: real database, real
 * routes, and the bytes read back with Debian's poppler-utils (pdfinfo, pdftotext, pdftoppm) as a
 * reader would see them. Page 1 of each is rendered to test-results/screenshots/ for review.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PDFDocument, PDFName } from 'pdf-lib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { saveActionPlan } from '../../src/analysis/action-plan.ts'
import { buildReport } from '../../src/analysis/report.ts'
import { summaryFileName, summaryPdf } from '../../src/analysis/summary-pdf.ts'
import { addUser, type User } from '../../src/auth/users.ts'
import type { Db } from '../../src/db/database.ts'
import { partnershipFramework } from '../../src/framework/evaluate.ts'
import { matrixPdf } from '../../src/framework/matrix-pdf.ts'
import { publishYouSaid } from '../../src/framework/you-said.ts'
import { addInstitution, addPartnership } from '../../src/org/organisations.ts'
import { closeRound } from '../../src/rounds/rounds.ts'
import { buildCatalog } from '../../src/surveys/load.ts'
import { freshDatabase } from '../support/app.ts'
import { respondents, seedRound, testSurveyYaml, type Columns } from '../support/fixtures.ts'
import { fontBytesOf, fontModulePath, pdfFonts } from '../support/pdf-fonts.ts'
import { signIn, staffPassword } from '../support/staff.ts'
import { projectRoot } from '../support/sqld.ts'

const texts = {
  q1: 'I know who to ask about “apprenticeships” and T Levels — even in Year 9.',
  q2: 'When I think about what I might do after Year 11, I feel that my school has given me enough information about colleges, sixth forms, apprenticeships and work to make a choice I am happy with.',
  q3: 'I’ve had a careers interview that helped me.',
  q4: 'Café visits, employer talks and trips felt worthwhile.',
  q5: 'I can find information about jobs by myself.',
  q6: 'I used the Año Nuevo careers app.',
}
const question = (key: keyof typeof texts) =>
  `      - key: ${key}\n        kind: agreement\n        area: ${key === 'q4' || key === 'q5' ? 'a2' : 'a1'}\n        text: ${JSON.stringify(texts[key])}\n`
const catalog = buildCatalog([
  { file: 'surveys/gov.yaml', text: testSurveyYaml('gov', 'Careers survey', (Object.keys(texts) as (keyof typeof texts)[]).map(question).join('')) },
])

const ten = (positive: number) => Array.from({ length: 10 }, (_, i) => (i < positive ? '4' : '2'))
const twelve = (positive: number) => Array.from({ length: 12 }, (_, i) => (i < positive ? '5' : '1'))
/** 2024/25: q1 20%, q3 30% (more negative than q2), q2 30%: the top three; q4 80%, q5 90%, q6 100%. */
const year1: Columns = { q1: ten(2), q2: [...ten(3).slice(0, 8), '3', '3'], q3: ten(3), q4: ten(8), q5: ten(9), q6: ten(10) }
/**
 * 2025/26, twelve students: q1 17%, q3 25%, q4 33% are the top three, q2 83%, q5 92%. q6 has
 * three answers on the scale (2 of 3 positive: 67%, never to be printed) and nine "Don't know".
 */
const year2: Columns = {
  q1: twelve(2),
  q2: twelve(10),
  q3: twelve(3),
  q4: twelve(4),
  q5: twelve(11),
  q6: ['4', '4', '2', 'dk', 'dk', 'dk', 'dk', 'dk', 'dk', 'dk', 'dk', 'dk'],
}

const shots = join(projectRoot, 'test-results', 'screenshots')
let db: Db
let dispose: () => void
let app: ReturnType<typeof createApp>
let institutionId: number
let lead: User
const cookies: Record<'coordinator' | 'lead' | 'other', string> = { coordinator: '', lead: '', other: '' }

beforeAll(async () => {
  ;({ db, dispose } = await freshDatabase())
  await addPartnership(db, { slug: 'gov-city', name: 'Gov City Partnership' })
  await addInstitution(db, { slug: 'st-annes', name: 'St Anne’s Académie', partnership: 'gov-city' })
  await addInstitution(db, { slug: 'birch-school', name: 'Birch School', partnership: 'gov-city' })
  await addInstitution(db, { slug: 'cedar-school', name: 'Cedar School', partnership: 'gov-city' })
  const last = await seedRound(db, catalog, 'st-annes', '2024/25', respondents(year1), 'gov')
  await closeRound(db, last)
  await seedRound(db, catalog, 'st-annes', '2025/26', respondents(year2), 'gov')
  await seedRound(db, catalog, 'birch-school', '2025/26', respondents(year1), 'gov')
  institutionId = Number((await db.$client.execute("SELECT id FROM institutions WHERE slug = 'st-annes'")).rows[0]!.id)
  const password = staffPassword
  await addUser(db, { email: 'c@annes.test', name: 'Coordinator', role: 'coordinator', partnership: 'gov-city', institution: 'st-annes', password })
  await addUser(db, { email: 'c@cedar.test', name: 'Other', role: 'coordinator', partnership: 'gov-city', institution: 'cedar-school', password })
  lead = await addUser(db, { email: 'lead@gov.test', name: 'Lead', role: 'lead', partnership: 'gov-city', password })
  // "You said, we did" about last year's round, and this year's action plan
  await publishYouSaid(db, catalog.get('gov')!, last.id, [{ questionKey: 'q2', weDid: 'We ran “Futures week” with local colleges.' }])
  await saveActionPlan(
    db,
    catalog,
    lead,
    institutionId,
    { survey: 'gov', year: '2025/26' },
    { developmentKeys: ['q1', 'q3', 'q4'], actions: { q1: 'Assemblies on apprenticeships for Year 9 and Year 10.' } },
    new Date(),
  )
  app = createApp({ getDb: () => db, catalog })
  cookies.coordinator = await signIn(app, 'c@annes.test')
  cookies.lead = await signIn(app, 'lead@gov.test')
  cookies.other = await signIn(app, 'c@cedar.test')
}, 60_000)

afterAll(() => {
  dispose?.()
})

const summaryPath = `/dashboard/institutions/{id}/summary.pdf?survey=gov&year=${encodeURIComponent('2025/26')}`
const get = (path: string, cookie: string) => app.request(path.replace('{id}', String(institutionId)), { headers: { cookie } })

/** What poppler makes of the bytes: page count, title, the text (whitespace run together), and page 1 as a PNG (the PDF kept beside it for review). */
function readPdf(bytes: Uint8Array, name: string) {
  mkdirSync(shots, { recursive: true })
  const file = join(shots, `${name}.pdf`)
  writeFileSync(file, bytes)
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' })
  const text = (page?: number) =>
    execFileSync('pdftotext', [...(page ? ['-f', String(page), '-l', String(page)] : []), file, '-'], { encoding: 'utf8' })
      .replace(/\s+/g, ' ')
      .trim()
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, join(shots, name)])
  return {
    pages: Number(/^Pages:\s+(\d+)/m.exec(info)![1]),
    title: /^Title:\s+(.*)$/m.exec(info)?.[1] ?? '',
    pageSize: /^Page size:\s+(.*)$/m.exec(info)?.[1] ?? '',
    text,
    png: join(shots, `${name}.png`),
    bytes,
  }
}

describe('the governors’ summary PDF', () => {
  it('is a three-page A4 PDF download named after the institution, survey and year, with its title set', async () => {
    const res = await get(summaryPath, cookies.coordinator)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="st-annes-gov-2025-26-summary.pdf"')
    const pdf = readPdf(new Uint8Array(await res.arrayBuffer()), 'summary-pdf-st-annes')
    expect(pdf.pages).toBe(3)
    expect(pdf.pageSize).toMatch(/^595\.28 x 841\.89 pts \(A4\)/)
    expect(pdf.title).toBe('St Anne’s Académie: governors’ summary, student survey 2025/26')
    expect(readFileSync(pdf.png).subarray(1, 4).toString()).toBe('PNG')
    // the language, for screen readers (pdfinfo does not show it)
    expect(String((await PDFDocument.load(pdf.bytes)).catalog.get(PDFName.of('Lang')))).toBe('(en-GB)')
  })

  it('gives the rating word with its reasons, and the top three with score, interval, change and trend, as selectable text', async () => {
    const report = await buildReport(db, catalog, { institutionId, surveyId: 'gov', year: '2025/26' })
    expect(report.topThree).toEqual(['q1', 'q3', 'q4'])
    expect(report.rag?.rating).toBe('Amber/Red')
    const pdf = readPdf(new Uint8Array(await (await get(summaryPath, cookies.coordinator)).arrayBuffer()), 'summary-pdf-text')
    const one = pdf.text(1)
    expect(one).toContain('Amber/Red')
    expect(one).toContain('2 of the 3 development questions are still in this year’s top three')
    // the reasons as a list: which development questions are still priorities, which are not
    expect(one).toMatch(/Still a priority.*I know who to ask about “apprenticeships” and T Levels — even in Year 9\..*I’ve had a careers interview/)
    expect(one).toMatch(/No longer a priority.*When I think about what I might do after Year 11/)
    for (const key of report.topThree) expect(one).toContain(texts[key as keyof typeof texts])
    // q1: 2 of 12 (17%), Wilson interval 5% to 45%, down 3 points on 20%
    expect(one).toContain('17%')
    expect(one).toContain('95% interval 5% to 45%')
    expect(one).toContain('Down 3 points on 2024/25 (20%)')
    expect(one).toContain('12 respondents in 2025/26 · 2024/25: 10')
    // accents, curly quotes and dashes survive as text
    expect(one).toContain('St Anne’s Académie')
    expect(one).toContain('Café visits')
    const two = pdf.text(2)
    expect(two).toContain('Assemblies on apprenticeships for Year 9 and Year 10.')
    expect(two).toContain('We ran “Futures week” with local colleges.')
    // the long question wraps (it is found whole once line breaks are read as spaces) and no line runs off the page
    expect(two).toContain(texts.q2)
  })

  it('never prints a hidden figure: a question with too few answers on the scale says so and shows no number', async () => {
    const report = await buildReport(db, catalog, { institutionId, surveyId: 'gov', year: '2025/26' })
    const q6 = report.questions.find((q) => q.key === 'q6')!
    expect(q6.suppressed).toBe(true)
    const pdf = readPdf(new Uint8Array(await (await get(summaryPath, cookies.coordinator)).arrayBuffer()), 'summary-pdf-hidden')
    const all = pdf.text()
    expect(all).toContain(`Too few answers to show: ${texts.q6}`)
    // 2 of its 3 on-scale answers were positive: 67% appears nowhere, nor its count
    expect(all).not.toContain('67%')
    expect(all).not.toMatch(/\b3 answers\b/)
    // nothing but the note beside it: the text that follows the question is the next heading
    expect(all).toMatch(new RegExp(`Too few answers to show: ${texts.q6.replace('.', '\\.')} Scores for every question`))
  })

  it('gives another school’s coordinator 404, and the pack to the lead only', async () => {
    expect((await get(summaryPath, cookies.other)).status).toBe(404)
    const pack = `/dashboard/framework/summaries.pdf?survey=gov&year=${encodeURIComponent('2025/26')}`
    expect((await get(pack, cookies.coordinator)).status).toBe(403)
    const res = await get(pack, cookies.lead)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="gov-city-gov-2025-26-summaries.pdf"')
    const pdf = readPdf(new Uint8Array(await res.arrayBuffer()), 'summary-pdf-pack')
    // two institutions have a 2025/26 round (Cedar School has none): three pages each, in name order
    expect(pdf.pages).toBe(6)
    expect(pdf.title).toBe('Gov City Partnership: governors’ summaries, Careers survey 2025/26')
    expect(pdf.text(1)).toContain('Birch School')
    expect(pdf.text(3)).toContain('Evidence for Gatsby Benchmark 1')
    expect(pdf.text(3)).toContain('Birch School')
    expect(pdf.text(4)).toContain('St Anne’s Académie')
    expect(pdf.text(6)).toContain('Assemblies on apprenticeships for Year 9 and Year 10.')
    expect(pdf.text()).not.toContain('Cedar School')
  })

  it('ends with the Benchmark 1 evidence pack of the year: every round, its figures as the report gives them, and the voices not heard', async () => {
    const before = readPdf(new Uint8Array(await (await get(summaryPath, cookies.coordinator)).arrayBuffer()), 'summary-pdf-evidence')
    const page = before.text(3)
    expect(page).toContain('Evidence for Gatsby Benchmark 1: every survey of 2025/26')
    expect(page).toContain('Not heard this year: parents and carers, staff, employers and providers.')
    // the round is open: no figures yet, as the evidence CSV has it
    expect(page).toContain('Careers survey')
    expect(page).toContain('Still open: results when it closes')
    expect(page).not.toContain('Top three priority areas')
    expect(page).toContain('“I know who to ask about “apprenticeships” and T Levels — even in Year 9.”: Assemblies on apprenticeships for Year 9 and Year 10.')
    expect(page).toContain('Next review: with the 2026/27 surveys')
    // last year's round is closed: the top three as the report ranks them, with scores and what was done
    const closed = summaryPath.replace(encodeURIComponent('2025/26'), encodeURIComponent('2024/25'))
    const after = readPdf(new Uint8Array(await (await get(closed, cookies.coordinator)).arrayBuffer()), 'summary-pdf-evidence-closed').text(3)
    expect(after).toContain('every survey of 2024/25')
    expect(after).toContain('10 students answered')
    expect(after).toMatch(/Top three priority areas 1\. “I know who to ask.*\(20% agree\) 2\. .*\(30% agree\) 3\. .*\(30% agree\)/)
    expect(after).toContain('“When I think about what I might do after Year 11')
    expect(after).toContain('We ran “Futures week” with local colleges.')
  })

  it('replaces what the font cannot draw and never grows past two pages, however long the texts', async () => {
    const report = await buildReport(db, catalog, { institutionId, surveyId: 'gov', year: '2025/26' })
    const long = 'We will work with every tutor group on a careers plan. '.repeat(36)
    const bytes = await summaryPdf({
      report: { ...report, institution: { ...report.institution, name: 'St Anne’s 🎓 Académie' } },
      actionPlan: { keys: ['q1', 'q3', 'q4'], actions: { q1: long, q3: long, q4: long } },
      youSaid: { thisRound: [], lastYear: Array.from({ length: 5 }, (_, i) => ({ questionKey: `q${i + 1}`, weDid: long.slice(0, 500) })) },
    })
    const pdf = readPdf(bytes, 'summary-pdf-long')
    expect(pdf.pages).toBe(2)
    expect(pdf.text(1)).toContain('St Anne’s ? Académie')
  })

  it('is three pages for a round nobody has answered yet, saying there are no priority areas yet', async () => {
    await seedRound(db, catalog, 'cedar-school', '2025/26', [], 'gov')
    const cedar = Number((await db.$client.execute("SELECT id FROM institutions WHERE slug = 'cedar-school'")).rows[0]!.id)
    const res = await app.request(`/dashboard/institutions/${cedar}/summary.pdf?survey=gov&year=2025/26`, { headers: { cookie: cookies.other } })
    expect(res.status).toBe(200)
    const pdf = readPdf(new Uint8Array(await res.arrayBuffer()), 'summary-pdf-empty')
    expect(pdf.pages).toBe(3)
    expect(pdf.text(1)).toContain('Not rated')
    expect(pdf.text(1)).toContain('There are no priority areas yet')
  })

  it('compares each top-three score with the partnership median as the report page does: only where 3 other institutions show one', async () => {
    // besides St Anne’s, only Birch School shows scores in Gov City: no median
    const before = readPdf(new Uint8Array(await (await get(summaryPath, cookies.coordinator)).arrayBuffer()), 'summary-pdf-comparison').text(1)
    expect(before).toContain('Partnership median not shown: fewer than 3 other institutions have a score')
    expect(before).not.toMatch(/Partnership median \d/)
    // two more schools answer as Birch did, except that at Elm only 3 answered q1 on the scale (hidden there, so not counted)
    await addInstitution(db, { slug: 'dove-school', name: 'Dove School', partnership: 'gov-city' })
    await addInstitution(db, { slug: 'elm-school', name: 'Elm School', partnership: 'gov-city' })
    await seedRound(db, catalog, 'dove-school', '2025/26', respondents(year1), 'gov')
    await seedRound(db, catalog, 'elm-school', '2025/26', respondents({ ...year1, q1: ['4', '2', '2', 'dk', 'dk', 'dk', 'dk', 'dk', 'dk', 'dk'] }), 'gov')
    const after = readPdf(new Uint8Array(await (await get(summaryPath, cookies.coordinator)).arrayBuffer()), 'summary-pdf-median').text(1)
    // q1: Birch and Dove only: still too few
    expect(after).toMatch(/I know who to ask about .*Partnership median not shown: fewer than 3 other institutions have a score.*I’ve had a careers interview/)
    // q3: St Anne’s 25%, the three others 30% each: the middle is 30%; q4: 33% and three times 80%
    expect(after).toContain('◆ Partnership median 30% (4 institutions)')
    expect(after).toContain('◆ Partnership median 80% (4 institutions)')
    for (const name of ['Birch', 'Dove', 'Elm']) expect(after).not.toContain(name)
  })

  it('gives the lead the framework matrix as one landscape A4 page, every institution on it however many', async () => {
    const path = `/dashboard/framework/matrix.pdf?year=${encodeURIComponent('2025/26')}`
    expect((await get(path, cookies.coordinator)).status).toBe(403)
    const res = await get(path, cookies.lead)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="gov-city-framework-2025-26.pdf"')
    const pdf = readPdf(new Uint8Array(await res.arrayBuffer()), 'matrix-pdf')
    expect(pdf.pages).toBe(1)
    expect(pdf.pageSize).toMatch(/^841\.89 x 595\.28 pts/)
    expect(pdf.title).toBe('Gov City Partnership: IAG Improvement Framework 2025/26')
    for (const name of ['Birch School', 'Cedar School', 'St Anne’s Académie', 'City average', 'Student survey']) expect(pdf.text()).toContain(name)
    const data = await partnershipFramework(db, catalog, { id: lead.partnershipId, slug: 'gov-city', name: 'Gov City Partnership' }, '2025/26')
    const many = {
      ...data,
      rows: Array.from({ length: 40 }, (_, i) => ({
        ...data.rows[0]!,
        current: { ...data.rows[0]!.current, institution: { ...data.rows[0]!.current.institution, name: `School number ${i + 1}` } },
      })),
    }
    const crowded = readPdf(await matrixPdf(many), 'matrix-pdf-40')
    expect(crowded.pages).toBe(1)
    expect(crowded.text()).toContain('School number 40')
  })

  it('is linked from the report page’s downloads', async () => {
    const page = await (await get(`/dashboard/institutions/{id}/report?survey=gov&year=${encodeURIComponent('2025/26')}`, cookies.coordinator)).text()
    expect(page).toContain(`href="/dashboard/institutions/${institutionId}/summary.pdf?survey=gov&amp;year=2025%2F26"`)
    expect(page).toContain('Governors’ summary (PDF)')
  })

  it('is named as the report CSV is', () => {
    expect(summaryFileName({ institution: { slug: 'northfield-academy' }, survey: { id: 'student-iag' }, year: '2025/26' })).toBe(
      'northfield-academy-student-iag-2025-26-summary.pdf',
    )
  })

  it('embeds the fonts of the dejavu-fonts-ttf package as they are (regenerate with `npx tsx test/support/pdf-fonts.ts`)', () => {
    for (const { module, file } of pdfFonts) {
      const embedded = /export default '([^']+)'/.exec(readFileSync(fontModulePath(module), 'utf8'))![1]!
      expect(embedded === fontBytesOf(file).toString('base64'), `${module} matches ${file}`).toBe(true)
    }
  })
})
