import { a4Landscape, clip, colours, drawable, drawRagShape, footer, newDocument, PageWriter, ragLooks, wrap, type Fonts } from '../analysis/pdf/canvas.ts'
import type { RagRating } from '../analysis/ratings.ts'
import type { CityAverage, ElementResult, PartnershipYear } from './result-schema.ts'
import { elementIds, elementShortNames } from './statements.ts'

/**
 * The partnership's framework matrix as one landscape A4 page (the lead's `GET /framework/matrix.pdf`):
 * every institution by every element, its overall rating and the change since last year, and the
 * city average per element. Each rating is its colour, its shape and its word, as on the page;
 * rows grow shorter to keep every institution on the one page.
 */

const notRatedNotes: Partial<Record<ElementResult['status'], string>> = {
  'not-entered': 'not entered',
  'criteria-not-set': 'criteria not set',
  'no-round': 'no survey round',
  baseline: 'baseline year',
  'too-small': 'too small',
}
const changeWords = { improved: '↑ Improved', held: '→ Held', fell: '↓ Fell' } as const

type Cell = { rating: RagRating | null; note: string | null; evidence: string | null }

function drawCell(page: PageWriter['page'], f: Fonts, cell: Cell, x: number, top: number, width: number, height: number, size: number) {
  const look = cell.rating ? ragLooks[cell.rating] : ragLooks.none
  page.drawRectangle({ x: x + 1.5, y: top - height + 1.5, width: width - 3, height: height - 3, color: look.tint, borderColor: look.border, borderWidth: 0.75 })
  const shape = size * 0.9
  drawRagShape(page, look, x + 5 + shape / 2, top - 3 - size * 0.75, shape)
  const word = cell.rating ?? 'Not rated'
  page.drawText(word, { x: x + 9 + shape, y: top - 3 - size * 1.05, size, font: f.bold, color: look.ink })
  const small = size * 0.78
  const lines = [cell.note ? `(${cell.note})` : null, cell.evidence]
    .filter((l): l is string => !!l)
    .flatMap((l) => wrap(drawable(l), f.regular, small, width - 10))
  const room = Math.max(0, Math.floor((height - 6 - size * 1.05) / (small * 1.2)))
  let y = top - 3 - size * 1.05 - small * 1.3
  for (const line of clip(lines, room, f.regular, small, width - 10)) {
    page.drawText(line, { x: x + 5, y, size: small, font: f.regular, color: look.ink })
    y -= small * 1.2
  }
}

const cityWords = (c: CityAverage) =>
  c.value === null ? 'none yet' : `${c.value.toFixed(1)}% (${c.source === 'entered' ? 'entered' : `the mean of ${c.institutions} institutions`})`

/** The matrix of one year as a one-page landscape PDF. */
export async function matrixPdf(data: PartnershipYear & { cityY11: CityAverage }, created = new Date()): Promise<Uint8Array> {
  const title = `${data.partnership.name}: IAG Improvement Framework ${data.year}`
  const { doc, fonts: f } = await newDocument({ title, subject: 'The partnership’s IAG Improvement Framework matrix', created })
  const page = doc.addPage([a4Landscape.width, a4Landscape.height])
  const margin = 32
  const w = new PageWriter(page, f, margin, a4Landscape.width - margin, a4Landscape.height - 28, 48)
  page.drawRectangle({ x: 0, y: a4Landscape.height - 8, width: a4Landscape.width, height: 8, color: colours.accent })
  w.text(data.partnership.name, { font: f.bold, size: 17, leading: 21 })
  w.text(`IAG Improvement Framework, ${data.year}: every institution by element`, { font: f.regular, size: 10.5, color: colours.muted })
  w.text(`Criteria: ${data.criteriaSource}. Year 11 city average: ${cityWords(data.cityY11)}.`, {
    font: f.regular,
    size: 8.5,
    leading: 11,
    color: colours.muted,
  })
  w.gap(6)

  const columns = ['Institution', ...elementIds.map((e) => elementShortNames[e]), `Overall ${data.year}`, `Change since ${data.previousYear}`]
  const nameWidth = 150
  const cellWidth = (w.width - nameWidth) / (columns.length - 1)
  const xOf = (i: number) => (i === 0 ? w.left : w.left + nameWidth + (i - 1) * cellWidth)
  // the header row
  const headSize = 8
  const headTop = w.y
  let headHeight = 0
  columns.forEach((c, i) => {
    const lines = wrap(c, f.bold, headSize, (i === 0 ? nameWidth : cellWidth) - 6)
    headHeight = Math.max(headHeight, lines.length * headSize * 1.25 + 6)
    lines.forEach((line, j) =>
      page.drawText(line, { x: xOf(i) + 3, y: headTop - headSize - j * headSize * 1.25, size: headSize, font: f.bold, color: colours.ink }),
    )
  })
  w.gap(headHeight)
  page.drawLine({ start: { x: w.left, y: w.y }, end: { x: w.right, y: w.y }, thickness: 1, color: colours.ink })

  const legendHeight = 26
  const rows = data.rows.length + 1
  const rowHeight = Math.min(46, (w.room - legendHeight) / Math.max(rows, 1))
  const size = Math.max(Math.min(5.5, rowHeight / 1.9), Math.min(8.5, rowHeight / 3.6))
  const nameStyle = { font: f.bold, size: Math.min(9, size + 0.5) }
  const drawName = (name: string, top: number) => {
    const lines = clip(
      wrap(drawable(name), nameStyle.font, nameStyle.size, nameWidth - 6),
      Math.max(1, Math.floor((rowHeight - 4) / (nameStyle.size * 1.2))),
      nameStyle.font,
      nameStyle.size,
      nameWidth - 6,
    )
    lines.forEach((line, j) =>
      page.drawText(line, {
        x: w.left + 3,
        y: top - 4 - nameStyle.size - j * nameStyle.size * 1.2,
        size: nameStyle.size,
        font: nameStyle.font,
        color: colours.ink,
      }),
    )
  }
  if (data.rows.length === 0) w.text('The partnership has no institutions yet.', { font: f.regular, size: 10 }, { x: w.left + 3 })
  const notes: string[] = []
  data.rows.forEach(({ current, previous, change }, r) => {
    const top = w.y
    if (r % 2 === 1) page.drawRectangle({ x: w.left, y: top - rowHeight, width: w.width, height: rowHeight, color: colours.faint })
    drawName(current.institution.name, top)
    current.elements.forEach((e, i) => {
      const evidence = e.evidence && e.element !== 'quality' && e.element !== 'staffing' ? e.evidence : null
      // why a rating is provisional is a numbered note under the table: a cell has no room for it
      const because =
        e.rating && e.provisionalBecause.length
          ? notes.push(`${current.institution.name}, ${elementShortNames[e.element]}: ${e.provisionalBecause.join(' ')}`)
          : 0
      const note = e.rating ? (e.provisional ? (because ? `provisional, note ${because}` : 'provisional') : null) : (notRatedNotes[e.status] ?? null)
      drawCell(page, f, { rating: e.rating, note, evidence }, xOf(i + 1), top, cellWidth, rowHeight, size)
    })
    const overallNote = current.overall.rating && current.overall.provisional ? 'provisional' : null
    drawCell(page, f, { rating: current.overall.rating, note: overallNote, evidence: null }, xOf(elementIds.length + 1), top, cellWidth, rowHeight, size)
    const x = xOf(elementIds.length + 2) + 4
    page.drawText(change ? changeWords[change] : 'Not comparable', { x, y: top - 4 - size, size, font: f.bold, color: colours.ink })
    const was = `was ${previous.overall.rating ?? 'not rated'}${previous.overall.rating && previous.overall.provisional ? ' (provisional)' : ''}`
    const wasLines = Math.max(0, Math.floor((rowHeight - 4 - size * 1.6) / size))
    clip(wrap(was, f.regular, size * 0.85, cellWidth - 8), wasLines, f.regular, size * 0.85, cellWidth - 8).forEach((line, j) =>
      page.drawText(line, { x, y: top - 4 - size * 2.3 - j * size, size: size * 0.85, font: f.regular, color: colours.muted }),
    )
    w.gap(rowHeight)
  })
  if (data.rows.length) {
    page.drawLine({ start: { x: w.left, y: w.y }, end: { x: w.right, y: w.y }, thickness: 1, color: colours.ink })
    const top = w.y
    drawName('City average', top)
    const city = new Map(data.city.map((c) => [c.element, c]))
    ;[...elementIds, 'overall' as const].forEach((e, i) => {
      const c = city.get(e)!
      drawCell(
        page,
        f,
        { rating: c.meanRating, note: null, evidence: c.meanPoints !== null ? `mean ${c.meanPoints} points` : null },
        xOf(i + 1),
        top,
        cellWidth,
        rowHeight,
        size,
      )
    })
    w.gap(rowHeight)
  }
  w.gap(8)
  if (notes.length) {
    w.text('Why a rating is provisional', { font: f.bold, size: 8.5, leading: 11 })
    notes.forEach((n, i) => w.text(`${i + 1}. ${n}`, { font: f.regular, size: 7.5, leading: 9.5 }, { maxLines: 2 }))
    w.gap(6)
  }
  w.text(
    'Each rating has its colour, its shape (■ Red, ▲ Amber/Red, ◆ Amber/Green, ● Green, ○ not rated) and its word. Points: Green 4, Amber/Green 3, Amber/Red 2, Red 1; a city average is the mean of the rated institutions’ points, to the nearest rating.',
    { font: f.regular, size: 7.5, leading: 9.5, color: colours.muted },
  )
  footer(page, f, `${data.partnership.name} · IAG Improvement Framework ${data.year} · Signpost`, 1, 1, margin)
  return doc.save()
}
