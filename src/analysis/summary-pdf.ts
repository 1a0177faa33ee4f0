import type { PDFDocument, PDFPage } from 'pdf-lib'
import { a4, colours, drawable, drawRagShape, footer, newDocument, PageWriter, ragLooks, widthOf, type Fonts } from './pdf/canvas.ts'
import { minOtherInstitutions } from '../framework/elements.ts'
import type { PartnershipMedian } from './comparison.ts'
import type { QuestionReport, Report } from './report-schema.ts'
import { audienceWords } from '../surveys/audience.ts'
import type { Impact } from '../evidence/impact.ts'
import { drawEvidence } from './summary-evidence.ts'
import { capitalised } from '../ui/words.ts'

/**
 * The governors' summary of one round: two A4 pages drawn from the report object alone (the
 * same figures, with the same ones hidden, as the report page), with its action plan and
 * "You said, we did". Page 1: the rating and why, the response figures, the top three priority
 * areas with a trend. Page 2: the action plan, "You said, we did", which questions have too few
 * answers to show, every question's score (as far as the page has room), and what the figures mean.
 * Page 3, when the evidence is given: the institution's Benchmark 1 evidence pack of the year
 * (src/analysis/summary-evidence.ts), every survey round of every audience.
 *
 * Hidden stays hidden: a question whose figures are null (fewer than the minimum cohort
 * answered on the scale) is printed as "too few answers to show", never as a number, and a
 * year of a trend that was hidden is drawn as a gap.
 */

export type SummaryInput = {
  report: Report
  /** The action plan recorded for this round (its development questions for next year), if any. */
  actionPlan: { keys: string[]; actions: Record<string, string> } | null
  /**
   * "You said, we did": what the institution published about this round's results (`thisRound`,
   * once published), and what it published about last year's, shown to this year's respondents
   * before they answered (`lastYear`). Either may be empty.
   */
  youSaid: { thisRound: YouSaidItem[]; lastYear: YouSaidItem[] }
  /** Each top-three question's partnership median, as the report page has it (analysis/comparison.ts); none when left out. */
  comparison?: Record<string, PartnershipMedian>
  /** The institution's Benchmark 1 evidence pack of the year (every survey round), drawn as a third page when given. */
  evidence?: Impact
}
export type YouSaidItem = { questionKey: string; weDid: string }

/** A share (to 4 places) as a whole percentage, as the report page rounds it (0.565 is 57%). */
const pct = (x: number) => `${Math.round(Math.round(x * 10000) / 100)}%`
const signedPoints = (d: number) => {
  const p = Math.round(d * 100)
  return p > 0 ? `+${p}` : p < 0 ? `−${-p}` : '0'
}
const pointsWord = (p: number) => `${Math.abs(p)} ${Math.abs(p) === 1 ? 'point' : 'points'}`

export const tooFew = 'too few answers to show'

const surveyWords = (audience: Report['survey']['audience']) => {
  return capitalised(audienceWords[audience].survey)
}

/** The document's title, as a PDF reader shows it. */
export const summaryTitle = (report: Report) =>
  `${report.institution.name}: governors’ summary, ${surveyWords(report.survey.audience).toLowerCase()} ${report.year}`

/** A download name such as `northfield-academy-student-iag-2025-26-summary.pdf` (as `csvFileName` makes them). */
export function summaryFileName(report: { institution: { slug: string }; survey: { id: string }; year: string }): string {
  const safe = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
  return `${safe(report.institution.slug)}-${safe(report.survey.id)}-${safe(report.year)}-summary.pdf`
}

const margin = 42
const body = (f: Fonts) => ({ font: f.regular, size: 9.5, leading: 12.5 })
const small = (f: Fonts) => ({ font: f.regular, size: 8, leading: 10.5, color: colours.muted })

function changeWords(q: QuestionReport): string {
  const c = q.change
  if (!c) return 'No comparison with last year'
  const p = Math.round(c.difference * 100)
  const direction = p > 0 ? `Up ${pointsWord(p)}` : p < 0 ? `Down ${pointsWord(p)}` : 'No change'
  return `${direction} on ${c.previousYear} (${pct(c.previousScore)}), ${c.withinSamplingError ? 'within sampling error' : 'more than sampling error'}`
}

/** The rating's words: "Amber/Red (provisional)", "Not rated (baseline year)". */
function ratingWords(report: Report): { look: (typeof ragLooks)[keyof typeof ragLooks]; word: string; note: string | null } {
  const rag = report.rag
  if (!rag) return { look: ragLooks.none, word: 'Not rated', note: 'the rating comes from the student survey' }
  if (rag.baseline) return { look: ragLooks.none, word: 'Not rated', note: 'baseline year' }
  if (rag.tooSmall) return { look: ragLooks.none, word: 'Not rated', note: 'too few responses' }
  if (!rag.rating) return { look: ragLooks.none, word: 'Not rated', note: null }
  return { look: ragLooks[rag.rating], word: rag.rating, note: rag.provisional ? 'provisional' : null }
}

function header(w: PageWriter, report: Report, continued: boolean) {
  const f = w.fonts
  w.page.drawRectangle({ x: 0, y: a4.height - 8, width: a4.width, height: 8, color: colours.accent })
  w.text(continued ? 'Governors’ summary (continued)' : 'Governors’ summary', { font: f.bold, size: 9, color: colours.accent })
  w.gap(2)
  w.text(report.institution.name, { font: f.bold, size: continued ? 15 : 20, leading: continued ? 18 : 24 })
  const status = report.round.source === 'imported' ? 'imported from a file' : report.round.status === 'open' ? 'round still open' : 'round closed'
  w.text(`${surveyWords(report.survey.audience)} ${report.year} · ${report.survey.title} · ${status}`, { ...body(f), color: colours.muted })
  w.gap(6)
}

/** The rating box: shape, word and colour, then why, as a short list. */
function ratingBox(w: PageWriter, report: Report) {
  const f = w.fonts
  const rag = report.rag
  const { look, word, note } = ratingWords(report)
  const textOf = new Map([...report.development.questions.map((d) => [d.key, d.text] as const), ...report.questions.map((q) => [q.key, q.text] as const)])
  const groups: { label: string; keys: string[] }[] = rag
    ? [
        { label: 'Still a priority (in this year’s top three)', keys: rag.remaining },
        { label: 'No longer a priority (left the top three)', keys: rag.left },
        { label: 'Not asked this year (so the rating is provisional)', keys: rag.notAsked },
      ].filter((g) => g.keys.length > 0)
    : []
  const inner = w.width - 24
  const bulletWidth = inner - 12
  const rated = rag?.rating && !rag.baseline && !rag.tooSmall
  const headline = rated
    ? `${rag.remaining.length} of the ${report.development.keys.length} development questions ${rag.remaining.length === 1 ? 'is' : 'are'} still in this year’s top three priority areas.`
    : (rag?.explanation ??
      `This is the ${surveyWords(report.survey.audience).toLowerCase()}: its figures are shown here; the student survey’s summary gives the rating.`)
  const from =
    rag && report.development.fromYear && report.development.questions.length
      ? `The development questions come from the ${report.development.fromYear} ${report.development.source === 'action-plan' ? 'action plan' : 'top three'}.`
      : null
  // measure first, to draw the box behind the text
  let height = 12 + 38 + w.heightOf(headline, body(f), inner) + 4
  if (rated) for (const g of groups) height += 13 + g.keys.reduce((h, k) => h + w.heightOf(textOf.get(k) ?? k, body(f), bulletWidth), 0) + 3
  if (from) height += w.heightOf(from, small(f), inner)
  height += 10
  const top = w.y
  w.page.drawRectangle({ x: w.left, y: top - height, width: w.width, height, color: look.tint, borderColor: look.border, borderWidth: 1.5 })
  w.gap(12)
  const label = rag ? 'Student-survey rating' : 'Rating'
  w.page.drawText(label, { x: w.left + 12, y: w.y - 8, size: 8.5, font: f.bold, color: look.ink })
  drawRagShape(w.page, look, w.left + 21, w.y - 22, 15)
  w.page.drawText(drawable(word), { x: w.left + 36, y: w.y - 29, size: 20, font: f.bold, color: look.ink })
  if (note) {
    const wordWidth = widthOf(f.bold, drawable(word), 20)
    w.page.drawText(`(${note})`, { x: w.left + 42 + wordWidth, y: w.y - 28, size: 11, font: f.regular, color: look.ink })
  }
  w.gap(38)
  w.text(headline, { ...body(f), color: look.ink }, { x: w.left + 12, width: inner })
  w.gap(4)
  if (rated) {
    for (const g of groups) {
      w.text(g.label, { font: f.bold, size: 9.5, leading: 13, color: look.ink }, { x: w.left + 12, width: inner })
      for (const key of g.keys) {
        w.page.drawCircle({ x: w.left + 16, y: w.y - 6, size: 1.6, color: look.ink })
        w.text(textOf.get(key) ?? key, { ...body(f), color: look.ink }, { x: w.left + 24, width: bulletWidth })
      }
      w.gap(3)
    }
  }
  if (from) w.text(from, { ...small(f), color: look.ink }, { x: w.left + 12, width: inner })
  w.y = top - height
  w.gap(12)
}

function responses(w: PageWriter, report: Report) {
  const f = w.fonts
  const step = report.settings.minCohort
  const earlier = report.years.filter((y) => y.year !== report.year).reverse()
  // one line: "Who answered  72 respondents in 2025/26   2024/25: 93 · 2023/24: 93"
  const label = 'Who answered'
  w.page.drawText(label, { x: w.left, y: w.y - 13, size: 12.5, font: f.bold, color: colours.accent })
  let x = w.left + widthOf(f.bold, label, 12.5) + 12
  const main = `${report.respondents} ${report.respondents === 1 ? 'respondent' : 'respondents'}`
  w.page.drawText(main, { x, y: w.y - 13, size: 12.5, font: f.bold, color: colours.ink })
  x += widthOf(f.bold, main, 12.5) + 4
  const rest = `in ${report.year}${earlier.length ? `   ·   ${earlier.map((y) => `${y.year}: ${y.respondents}${y.source === 'imported' ? ' (imported)' : ''}`).join(', ')}` : ''}`
  w.page.drawText(drawable(rest), { x, y: w.y - 13, size: 9.5, font: f.regular, color: colours.muted })
  w.gap(18)
  w.page.drawLine({ start: { x: w.left, y: w.y }, end: { x: w.right, y: w.y }, thickness: 0.75, color: colours.rule })
  w.gap(4)
  const held = report.collected === null ? 0 : report.collected - report.respondents
  const note =
    report.collected === null
      ? `The round is still open: the figures move on each time ${step} more responses arrive, so that no one answer can be picked out.`
      : held > 0
        ? `${report.collected} responses in all; the figures rest on the first ${report.respondents} (the last ${held} are held back, being fewer than ${step}).`
        : null
  const notes = [
    note,
    report.round.source === 'imported' ? 'Imported from a file: Signpost did not collect these responses.' : null,
    report.arrivals?.burst ? 'Most responses arrived within ten minutes: see the online report.' : null,
  ].filter((n): n is string => !!n)
  for (const n of notes) w.text(n, small(f))
  w.gap(6)
}

/** A score bar, 0-100%, with the 95% interval as a whisker, and the partnership median as a diamond when given. */
function scoreBar(page: PDFPage, q: QuestionReport, x: number, y: number, width: number, median: number | null = null) {
  const h = 7
  page.drawRectangle({ x, y, width, height: h, color: colours.faint, borderColor: colours.rule, borderWidth: 0.5 })
  if (q.score === null) return
  page.drawRectangle({ x, y, width: width * q.score, height: h, color: colours.bar })
  if (q.ci) {
    const [lo, hi] = q.ci.map((v) => x + v * width) as [number, number]
    const mid = y + h / 2
    page.drawLine({ start: { x: lo, y: mid }, end: { x: hi, y: mid }, thickness: 1, color: colours.ink })
    page.drawLine({ start: { x: lo, y: mid - 4 }, end: { x: lo, y: mid + 4 }, thickness: 1, color: colours.ink })
    page.drawLine({ start: { x: hi, y: mid - 4 }, end: { x: hi, y: mid + 4 }, thickness: 1, color: colours.ink })
  }
  if (median !== null) {
    const r = 4.5
    page.drawSvgPath(`M 0 ${-r} L ${r} 0 L 0 ${r} L ${-r} 0 Z`, {
      x: x + median * width,
      y: y + h / 2,
      color: colours.white,
      borderColor: colours.accent,
      borderWidth: 1.5,
    })
  }
}

/**
 * A small trend chart of one question: a point for each year with its score written beside it,
 * joined where consecutive years are shown; a hidden year is a gap marked "hidden". The y axis is
 * fitted to the data (in steps of 10 points, at least 30 points tall).
 */
function trendChart(page: PDFPage, f: Fonts, report: Report, q: QuestionReport, x: number, top: number, width: number, height: number) {
  const years = report.years.map((y) => y.year).slice(-5)
  const points = years.map((year) => {
    const t = q.trend.find((t) => t.year === year)
    return { year, score: t && t.status === 'shown' ? t.score : null, hidden: t?.status === 'too-few-answers' }
  })
  const scores = points.flatMap((p) => (p.score === null ? [] : [p.score]))
  page.drawText('Trend', { x, y: top - 7, size: 7.5, font: f.bold, color: colours.muted })
  const chartTop = top - 14
  const chartBottom = top - height + 12
  if (scores.length === 0) {
    page.drawText('No earlier figures', { x, y: chartTop - 20, size: 7.5, font: f.regular, color: colours.muted })
    return
  }
  let lo = Math.floor((Math.min(...scores) - 0.05) * 10) / 10
  let hi = Math.ceil((Math.max(...scores) + 0.05) * 10) / 10
  while (hi - lo < 0.3) {
    if (lo > 0) lo = Math.max(0, lo - 0.1)
    if (hi - lo < 0.3 && hi < 1) hi = Math.min(1, hi + 0.1)
  }
  lo = Math.max(0, lo)
  hi = Math.min(1, hi)
  const axisX = x + 20
  const plotWidth = width - 24
  const yOf = (s: number) => chartBottom + ((s - lo) / (hi - lo)) * (chartTop - chartBottom)
  const xOf = (i: number) => axisX + 10 + (points.length === 1 ? plotWidth / 2 - 10 : (i * (plotWidth - 20)) / (points.length - 1))
  for (const s of [lo, hi]) {
    page.drawLine({ start: { x: axisX, y: yOf(s) }, end: { x: axisX + plotWidth, y: yOf(s) }, thickness: 0.4, color: colours.rule, dashArray: [2, 2] })
    const label = pct(s)
    page.drawText(label, { x: axisX - 3 - widthOf(f.regular, label, 6.5), y: yOf(s) - 2, size: 6.5, font: f.regular, color: colours.muted })
  }
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!
    const b = points[i]!
    if (a.score !== null && b.score !== null)
      page.drawLine({ start: { x: xOf(i - 1), y: yOf(a.score) }, end: { x: xOf(i), y: yOf(b.score) }, thickness: 1.4, color: colours.bar })
  }
  points.forEach((p, i) => {
    const px = xOf(i)
    const yearLabel = p.year.replace(/^20/, '')
    page.drawText(yearLabel, { x: px - widthOf(f.regular, yearLabel, 6.5) / 2, y: chartBottom - 10, size: 6.5, font: f.regular, color: colours.muted })
    if (p.score === null) {
      const words = p.hidden ? 'hidden' : 'none'
      page.drawText(words, { x: px - widthOf(f.regular, words, 6) / 2, y: (chartTop + chartBottom) / 2, size: 6, font: f.regular, color: colours.muted })
      return
    }
    const last = i === points.length - 1
    page.drawCircle({ x: px, y: yOf(p.score), size: last ? 2.6 : 2, color: last ? colours.accent : colours.bar })
    const label = pct(p.score)
    const above = yOf(p.score) + 4 + 7 < chartTop + 6
    page.drawText(label, {
      x: px - widthOf(f.bold, label, 6.5) / 2,
      y: above ? yOf(p.score) + 4 : yOf(p.score) - 10,
      size: 6.5,
      font: last ? f.bold : f.regular,
      color: colours.ink,
    })
  })
}

/** The partnership comparison of one question, in words. */
function comparisonWords(figure: PartnershipMedian | undefined): string | null {
  if (!figure) return null
  if (figure.shown) return `◆ Partnership median ${pct(figure.median)} (${figure.institutions} institutions)`
  return `Partnership median not shown: fewer than ${minOtherInstitutions} other institutions have a score`
}

function topThree(w: PageWriter, report: Report, comparison: SummaryInput['comparison']) {
  const f = w.fonts
  w.heading('Top three priority areas')
  w.text('The questions with the lowest scores. A score is the share who agreed or strongly agreed, leaving out “Don’t know”.', small(f))
  w.gap(4)
  if (report.topThree.length === 0) {
    w.text(`There are no priority areas yet: too few answers to rank the questions.`, body(f))
    return
  }
  const byKey = new Map(report.questions.map((q) => [q.key, q]))
  const areaTitle = new Map(report.areas.map((a) => [a.id, a.title]))
  const chartWidth = 150
  const textWidth = w.width - chartWidth - 44
  report.topThree.forEach((key, i) => {
    const q = byKey.get(key)!
    const top = w.y
    const question = { font: f.bold, size: 10, leading: 12.5 }
    const hidden = q.suppressed || q.score === null
    const ci = q.ci ? `95% interval ${pct(q.ci[0])} to ${pct(q.ci[1])}` : 'No interval'
    const figures = hidden
      ? [q.note ?? tooFew]
      : [`${ci} · ${q.n} answers on the scale`, changeWords(q), comparisonWords(comparison?.[key])].filter((t): t is string => !!t)
    const textHeight =
      w.heightOf(q.text, question, textWidth) + 10.5 + 4 + (hidden ? 0 : 24) + figures.reduce((h, t) => h + w.heightOf(t, body(f), textWidth), 0)
    // never into the footer: text is cut short (…) where the page runs out
    const height = Math.min(Math.max(82, 8 + textHeight + 8), w.room)
    w.page.drawRectangle({ x: w.left, y: top - height, width: w.width, height, color: colours.accentTint })
    w.page.drawCircle({ x: w.left + 14, y: top - 15, size: 9, color: colours.accent })
    const n = String(i + 1)
    w.page.drawText(n, { x: w.left + 14 - widthOf(f.bold, n, 11) / 2, y: top - 19, size: 11, font: f.bold, color: colours.white })
    const x = w.left + 30
    w.y = top - 8
    w.text(q.text, question, { x, width: textWidth })
    w.text(areaTitle.get(q.area) ?? q.area, small(f), { x, width: textWidth })
    w.gap(4)
    if (hidden) {
      w.text(figures[0]!, body(f), { x, width: textWidth })
    } else {
      const score = pct(q.score!)
      w.page.drawText(score, { x, y: w.y - 18, size: 18, font: f.bold, color: colours.ink })
      const sw = widthOf(f.bold, score, 18)
      w.page.drawText('positive', { x: x + sw + 4, y: w.y - 18, size: 8.5, font: f.regular, color: colours.muted })
      const figure = comparison?.[key]
      scoreBar(w.page, q, x + 110, w.y - 17, textWidth - 110, figure?.shown ? figure.median : null)
      w.gap(24)
      for (const t of figures) w.text(t, body(f), { x, width: textWidth })
    }
    trendChart(w.page, f, report, q, w.right - chartWidth - 8, top - 8, chartWidth, 66)
    w.y = top - height - 8
  })
  if (report.rankingNote) w.text(`Note: ${report.rankingNote}`, small(f))
}

/** The action plan's development questions for next year and what the institution will do about each. */
function actionPlan(w: PageWriter, input: SummaryInput, textOf: Map<string, string>) {
  const f = w.fonts
  w.heading('Action plan for next year')
  const plan = input.actionPlan
  if (!plan || plan.keys.length === 0) {
    w.text('No action plan has been recorded for this round yet. Next year’s development questions will then be this year’s top three.', body(f))
    w.gap(6)
    return
  }
  w.text(
    'The three development questions chosen for next year, and what will be done about each. Next year’s rating checks whether they have left the top three.',
    small(f),
  )
  w.gap(3)
  plan.keys.forEach((key, i) => {
    if (w.room < 40) return
    w.text(`${i + 1}. ${textOf.get(key) ?? key}`, { font: f.bold, size: 9.5, leading: 12.5 })
    w.text(plan.actions[key]?.trim() || 'No actions written yet.', body(f), { x: w.left + 12, maxLines: 5 })
    w.gap(4)
  })
  w.gap(4)
}

function youSaidWeDid(w: PageWriter, report: Report, input: SummaryInput, textOf: Map<string, string>) {
  const f = w.fonts
  w.heading('You said, we did')
  const sets = [
    { items: input.youSaid.lastYear, intro: `What was done about last year’s results, as this year’s respondents were told before they answered:` },
    { items: input.youSaid.thisRound, intro: `What was done about the ${report.year} results:` },
  ].filter((s) => s.items.length > 0)
  if (sets.length === 0) {
    w.text('Nothing has been published yet about what was done with the answers.', body(f))
    w.gap(6)
    return
  }
  for (const set of sets) {
    w.text(set.intro, small(f))
    w.gap(2)
    for (const item of set.items) {
      if (w.room < 36) break
      w.text(`You said: ${textOf.get(item.questionKey) ?? item.questionKey}`, { font: f.bold, size: 9, leading: 12 })
      w.text(`We did: ${item.weDid}`, body(f), { x: w.left + 12, maxLines: 3 })
      w.gap(3)
    }
    w.gap(3)
  }
}

/** "Too few answers to show: <the question>", and never a figure. */
const noScoreLine = (q: QuestionReport) => {
  const note = q.note ?? tooFew
  return `${capitalised(note)}: ${q.text}`
}

/** Every question with no score (too few answers to show, only "Don't know", none), by name: never a figure. */
function withoutScore(w: PageWriter, report: Report, measure = false) {
  const f = w.fonts
  const notShown = report.questions.filter((q) => q.status !== 'shown' || q.score === null)
  if (notShown.length === 0) return
  if (measure) {
    const shown = notShown.slice(0, notShown.length > 6 ? 5 : 6)
    w.gap(
      34 +
        2 * 10.5 +
        2 +
        shown.reduce((h, q) => h + Math.min(2 * 12.5, w.heightOf(noScoreLine(q), body(f), w.width)), 0) +
        (notShown.length > 6 ? 12.5 : 0) +
        6,
    )
    return
  }
  w.heading('Questions without a score')
  w.text(
    `No figure is shown where fewer than ${report.settings.minCohort} answered on the scale (“Don’t know” not counted), so that no one’s answers can be picked out.`,
    small(f),
  )
  w.gap(2)
  notShown.forEach((q, i) => {
    if (w.room < 30) return
    if (i === 5 && notShown.length > 6) {
      w.text(`… and ${notShown.length - 5} more: see the online report.`, body(f))
      notShown.length = 0
      return
    }
    w.text(noScoreLine(q), body(f), { maxLines: 2 })
  })
  w.gap(6)
}

/**
 * Every scored question, lowest score first, as horizontal bars with their 95% intervals (the
 * top three marked), as far as the page has room; the rest are named as left for the online report.
 */
function scoreChart(w: PageWriter, report: Report) {
  const f = w.fonts
  const ranked = report.questions.filter((q) => !q.suppressed && q.status === 'shown' && q.score !== null && q.rank !== null).sort((a, b) => a.rank! - b.rank!)
  if (ranked.length === 0 || w.room < 90) return
  w.heading('Scores for every question')
  w.text('Lowest score first: the bar is the score, the line across it the 95% interval. The top three are marked.', small(f))
  w.gap(4)
  const top = new Set(report.topThree)
  const valueWidth = 30
  const barWidth = 150
  const labelWidth = w.width - barWidth - valueWidth - 16
  const label = { font: f.regular, size: 7.5, leading: 9 }
  const barX = w.right - barWidth
  let drawn = 0
  for (const q of ranked) {
    const isTop = top.has(q.key)
    const style = { ...label, font: isTop ? f.bold : f.regular }
    const lines = Math.min(3, w.heightOf(q.text, style, labelWidth) / label.leading)
    const rowHeight = lines * label.leading + 3
    if (w.room < rowHeight + 24) break
    const rowTop = w.y
    if (isTop) w.page.drawRectangle({ x: w.left - 4, y: rowTop - rowHeight + 1, width: w.width + 8, height: rowHeight, color: colours.accentTint })
    w.text(q.text, style, { width: labelWidth, maxLines: 3 })
    const value = pct(q.score!)
    w.page.drawText(value, { x: barX - 6 - widthOf(f.bold, value, 8), y: rowTop - 8, size: 8, font: f.bold, color: colours.ink })
    scoreBar(w.page, q, barX, rowTop - 9, barWidth)
    w.y = rowTop - rowHeight
    drawn++
  }
  // the axis under the bars
  for (const tick of [0, 0.5, 1]) {
    const x = barX + tick * barWidth
    const words = pct(tick)
    w.page.drawText(words, { x: x - widthOf(f.regular, words, 6.5) / 2, y: w.y - 8, size: 6.5, font: f.regular, color: colours.muted })
  }
  w.gap(12)
  if (drawn < ranked.length) w.text(`${ranked.length - drawn} more questions, with higher scores, are in the online report.`, small(f))
  w.gap(4)
}

function aboutFigures(w: PageWriter, report: Report, measure = false) {
  const f = w.fonts
  const words =
    `About these figures. Score: the share of those who answered on the five-point scale who agreed or strongly agreed. ` +
    `The 95% interval is the range the score would likely fall in with other students answering; a change “within sampling error” may only reflect who happened to answer. ` +
    `Nothing is shown for fewer than ${report.settings.minCohort} answers; a round of fewer than ${report.settings.minRoundSize} responses is too small to rate. ` +
    `The full report, with every question, the breakdowns by group and the trends, is in Signpost.`
  const height = w.heightOf(words, small(f), w.width)
  if (measure) return w.gap(height)
  if (w.room < height) return
  w.y = Math.min(w.y, w.bottom + height)
  w.text(words, small(f))
}

/** Draws one institution's summary as two pages at the end of `doc`, and its evidence pack as a third when given. */
export function drawSummary(doc: PDFDocument, fonts: Fonts, input: SummaryInput) {
  const { report } = input
  const textOf = new Map<string, string>(report.development.questions.map((d) => [d.key, d.text]))
  for (const q of report.questions) textOf.set(q.key, q.text)
  const foot = `${report.institution.name} · ${surveyWords(report.survey.audience)} ${report.year} · Signpost`
  const pages = [doc.addPage([a4.width, a4.height]), doc.addPage([a4.width, a4.height])] as const
  const evidencePage = input.evidence ? doc.addPage([a4.width, a4.height]) : null
  const writer = (page: PDFPage) => new PageWriter(page, fonts, margin, a4.width - margin, a4.height - 32, 52)

  const one = writer(pages[0])
  header(one, report, false)
  ratingBox(one, report)
  responses(one, report)
  topThree(one, report, input.comparison)

  const two = writer(pages[1])
  header(two, report, true)
  // the action plan and "You said, we did" are cut short (…) rather than crowd out which questions have no score, or what the figures mean
  const reserved = new PageWriter(pages[1], fonts, margin, a4.width - margin, a4.height, 0)
  withoutScore(reserved, report, true)
  aboutFigures(reserved, report, true)
  const bottom = two.bottom
  two.bottom += a4.height - reserved.y + 8
  actionPlan(two, input, textOf)
  youSaidWeDid(two, report, input, textOf)
  two.bottom = bottom
  withoutScore(two, report)
  scoreChart(two, report)
  aboutFigures(two, report)

  if (evidencePage && input.evidence) {
    const three = writer(evidencePage)
    header(three, report, true)
    drawEvidence(three, input.evidence)
  }
  const all = evidencePage ? [...pages, evidencePage] : pages
  all.forEach((p, i) => footer(p, fonts, foot, i + 1, all.length, margin))
}

/** One institution's governors' summary: a two-page A4 PDF, three with the evidence pack. */
export async function summaryPdf(input: SummaryInput, created = new Date()): Promise<Uint8Array> {
  const { doc, fonts } = await newDocument({ title: summaryTitle(input.report), subject: 'Governors’ summary of a careers guidance survey', created })
  drawSummary(doc, fonts, input)
  return doc.save()
}

/** Every institution's summary in one PDF (two or three pages each), for the partnership lead. */
export async function summariesPdf(title: string, inputs: SummaryInput[], created = new Date()): Promise<Uint8Array> {
  const { doc, fonts } = await newDocument({ title, subject: 'Governors’ summaries of a partnership’s careers guidance surveys', created })
  for (const input of inputs) drawSummary(doc, fonts, input)
  if (inputs.length === 0) {
    const w = new PageWriter(doc.addPage([a4.width, a4.height]), fonts, margin, a4.width - margin, a4.height - 40, 52)
    w.text(title, { font: fonts.bold, size: 16 })
    w.text('No institution of the partnership has a round of this survey in this year.', body(fonts))
  }
  return doc.save()
}
