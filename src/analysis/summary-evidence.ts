import type { Impact, ImpactRound } from '../evidence/impact.ts'
import { answeredWords, priorityWords, ratingWords, whenWords } from '../evidence/statement-text.ts'
import { audiences, audienceWords } from '../surveys/audience.ts'
import { colours, type Fonts, type PageWriter, type TextStyle } from './pdf/canvas.ts'
import { capitalised } from '../ui/words.ts'

/**
 * The governors' summary's last page: the Gatsby Benchmark 1 evidence pack of the institution's
 * year, every survey round with whom it asked, when, how many answered and the response rate,
 * the top three, the rating, next year's actions and "You said, we did". It draws `impactOf`
 * only (src/evidence/impact.ts), which reads each round through its own report, so the minimum
 * cohort and every suppression apply exactly as in the report and the evidence CSV.
 */

/** The voices Benchmark 1 asks for that no round of the year heard: "employers and providers". */
export function voicesNotHeard(impact: Impact): string[] {
  const heard = new Set(impact.rounds.map((r) => r.audience))
  return audiences.filter((a) => !heard.has(a)).map((a) => audienceWords[a].people)
}

function statusWords(r: ImpactRound): string {
  if (r.status === 'open') return 'still open'
  return r.source === 'imported' ? 'imported' : 'closed'
}

type Line = { text: string; style: TextStyle; indent?: number; maxLines?: number }

/** One round's block, as lines: measured first, then drawn, so that a round is never cut in half. */
function roundLines(f: Fonts, r: ImpactRound): Line[] {
  const body = { font: f.regular, size: 8.5, leading: 11 }
  const label = { font: f.bold, size: 8.5, leading: 11 }
  const lines: Line[] = [
    { text: r.title, style: { font: f.bold, size: 10, leading: 12.5 } },
    { text: `${capitalised(r.surveyName)} · ${capitalised(whenWords(r))} · ${statusWords(r)}`, style: { ...body, color: colours.muted } },
    { text: `${capitalised(answeredWords(r))}.`, style: body },
  ]
  if (r.rating) lines.push({ text: `Rating: ${ratingWords(r.rating)}`, style: body, maxLines: 3 })
  if (r.status === 'closed') {
    if (r.topThree.length) {
      lines.push({ text: 'Top three priority areas', style: label })
      r.topThree.forEach((p, i) => lines.push({ text: `${i + 1}. ${priorityWords(p)}`, style: body, indent: 12, maxLines: 2 }))
    } else lines.push({ text: 'Too few answers to rank the questions: no priority areas are shown.', style: body })
  }
  if (r.actions.length) {
    lines.push({ text: 'Actions for next year', style: label })
    for (const a of r.actions) lines.push({ text: `“${a.text}”: ${a.action}`, style: body, indent: 12, maxLines: 3 })
  } else lines.push({ text: 'Actions for next year: none recorded yet.', style: body })
  if (r.youSaid.length) {
    lines.push({ text: 'You said, we did', style: label })
    for (const y of r.youSaid) {
      lines.push({ text: `You said: “${y.text}”`, style: body, indent: 12, maxLines: 2 })
      lines.push({ text: `We did: ${y.weDid}`, style: body, indent: 24, maxLines: 2 })
    }
  } else lines.push({ text: 'You said, we did: nothing published yet.', style: body })
  return lines
}

const heightOf = (w: PageWriter, lines: Line[]) =>
  lines.reduce((h, l) => {
    const leading = l.style.leading ?? l.style.size * 1.3
    return h + Math.min(w.heightOf(l.text, l.style, w.width - (l.indent ?? 0)), (l.maxLines ?? Infinity) * leading)
  }, 0)

/** Draws the evidence pack of `impact` from the writer's cursor down, cutting short (…) where the page runs out. */
export function drawEvidence(w: PageWriter, impact: Impact) {
  const f = w.fonts
  const small = { font: f.regular, size: 8.5, leading: 11, color: colours.muted }
  w.heading(`Evidence for Gatsby Benchmark 1: every survey of ${impact.year}`)
  w.text(
    'Benchmark 1 expects a careers programme to be judged on what students, parents and carers, staff and employers say about it. ' +
      `These are the surveys ${impact.institution.name} ran this year, as the online evidence pack lists them. ` +
      `No figure rests on fewer than ${impact.minCohort} answers.`,
    small,
  )
  const missing = voicesNotHeard(impact)
  if (missing.length) {
    w.gap(2)
    w.text(`Not heard this year: ${missing.join(', ')}.`, { font: f.bold, size: 9, leading: 11.5 })
  }
  w.gap(8)
  if (impact.rounds.length === 0) {
    w.text(`No survey round was run in ${impact.year}.`, { font: f.regular, size: 9.5 })
    return
  }
  const blocks = impact.rounds.map((r) => roundLines(f, r))
  const closing = `Next review: ${impact.nextReview}.`
  let drawn = 0
  for (const lines of blocks) {
    // a round is drawn whole or not at all, leaving room for the note below
    if (heightOf(w, lines) + 40 > w.room) break
    for (const l of lines) w.text(l.text, l.style, { x: w.left + (l.indent ?? 0), maxLines: l.maxLines })
    w.gap(8)
    drawn++
  }
  const left = impact.rounds.length - drawn
  if (left)
    w.text(
      `${left} more ${left === 1 ? 'round is' : 'rounds are'} in the online evidence pack: ${impact.rounds
        .slice(drawn)
        .map((r) => r.title)
        .join(', ')}.`,
      { ...small, color: colours.ink },
    )
  w.gap(4)
  w.text(closing, small)
}
