import type { PDFPage } from 'pdf-lib'
import { a4, colours, footer, newDocument, PageWriter, type TextStyle } from '../analysis/pdf/canvas.ts'

/**
 * The DPIA pack as a PDF: the same Markdown as `dpia.md` (dpia.ts writes it once), laid out on A4
 * with the PDF canvas the governors' summary uses. Only the Markdown dpia.ts writes is read:
 * headings, paragraphs, bullets and the question tables, whose rows become a line each (the
 * question, then its key, kind and use), so nothing is lost to a column too narrow to read.
 */

const margin = 48

/**
 * Markdown's marks taken off (bold, code). A run of right-to-left script (an institution's name in
 * Urdu, say) is named rather than drawn: pdf-lib would draw its letters unjoined and backwards.
 */
const plain = (text: string) =>
  text
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]+(?:\s+[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]+)*/g, '[right-to-left text: see the Markdown]')

/** The cells of a table row (`| a | b \| c |`), unescaped. */
function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((cell) => plain(cell.trim().replace(/\\\|/g, '|')))
}

export async function dpiaPdf(markdown: string, created: Date): Promise<Uint8Array> {
  const lines = markdown.split('\n')
  const title = plain((lines.find((l) => l.startsWith('# ')) ?? '# Data protection impact assessment').slice(2))
  const { doc, fonts } = await newDocument({ title, subject: 'Data protection impact assessment and record of processing, written by Signpost', created })
  const pages: PDFPage[] = []
  let writer!: PageWriter
  const newPage = () => {
    const page = doc.addPage([a4.width, a4.height])
    pages.push(page)
    writer = new PageWriter(page, fonts, margin, a4.width - margin, a4.height - 44, 56)
  }
  newPage()
  const body: TextStyle = { font: fonts.regular, size: 9.5, leading: 13 }
  const muted: TextStyle = { font: fonts.regular, size: 8.5, leading: 11.5, color: colours.muted }
  /** Room for `height` on this page, or a new one. */
  const room = (height: number) => {
    if (height > writer.room) newPage()
  }
  const text = (words: string, style: TextStyle, x?: number) => {
    const width = writer.right - (x ?? writer.left)
    room(writer.heightOf(words, style, width))
    writer.text(words, style, { x })
  }
  let header: string[] | null = null
  for (const line of lines) {
    if (line.startsWith('# ')) {
      text(plain(line.slice(2)), { font: fonts.bold, size: 17, leading: 22, color: colours.ink })
      writer.gap(4)
    } else if (line.startsWith('## ')) {
      room(60)
      writer.heading(plain(line.slice(3)))
    } else if (line.startsWith('### ')) {
      room(48)
      writer.gap(4)
      text(plain(line.slice(4)), { font: fonts.bold, size: 10.5, leading: 14 })
      writer.gap(2)
    } else if (line.startsWith('|')) {
      const row = cells(line)
      if (row.every((cell) => /^-+$/.test(cell))) continue
      if (!header) {
        header = row
        continue
      }
      // the question, then "key · kind · profile question: … · must be answered: …"
      const [key, question, ...rest] = row
      const details = [key, ...rest.map((value, i) => (i === 0 ? value : `${header![i + 2]}: ${value}`))].join(' · ')
      room(writer.heightOf(question ?? '', body, writer.width - 10) + writer.heightOf(details, muted, writer.width - 10) + 4)
      writer.text(question ?? '', body, { x: writer.left + 10 })
      writer.text(details, muted, { x: writer.left + 10 })
      writer.gap(4)
    } else if (line.startsWith('- ')) {
      header = null
      const words = plain(line.slice(2))
      room(writer.heightOf(words, body, writer.width - 14))
      writer.page.drawText('•', { x: writer.left + 2, y: writer.y - body.size, size: body.size, font: fonts.regular, color: colours.ink })
      writer.text(words, body, { x: writer.left + 14 })
      writer.gap(2)
    } else if (line.trim() === '') {
      header = null
      writer.gap(5)
    } else {
      text(plain(line), body)
    }
  }
  pages.forEach((page, i) => footer(page, fonts, title, i + 1, pages.length, margin))
  return doc.save()
}
