import fontkit from '@pdf-lib/fontkit'
import { PDFDocument, rgb, type PDFFont, type PDFPage, type RGB } from 'pdf-lib'
import boldBase64 from './fonts/dejavu-sans-bold.ts'
import regularBase64 from './fonts/dejavu-sans.ts'

/**
 * Drawing on A4 pages with pdf-lib: DejaVu Sans embedded (subset, so only the glyphs used are in
 * the file), text that wraps to the width it has, and a cursor that moves down the page. Web
 * standard only (atob, Uint8Array), so the same code runs in Node and in the Worker.
 */

export const a4 = { width: 595.28, height: 841.89 }
export const a4Landscape = { width: a4.height, height: a4.width }

const decoded = new Map<string, Uint8Array>()
function bytesOf(base64: string): Uint8Array {
  let bytes = decoded.get(base64)
  if (!bytes) {
    const text = atob(base64)
    bytes = new Uint8Array(text.length)
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i)
    decoded.set(base64, bytes)
  }
  return bytes
}

type GlyphChecker = { hasGlyphForCodePoint(codePoint: number): boolean }
let checker: GlyphChecker | undefined
/** The regular font, parsed once, to ask which characters it can draw. */
function glyphs(): GlyphChecker {
  checker ??= fontkit.create(bytesOf(regularBase64) as never) as unknown as GlyphChecker
  return checker
}

/**
 * Text as the fonts can draw it: characters DejaVu Sans lacks (an emoji, a script it does not
 * cover) become "?", control characters a space, so no text is silently lost or garbled.
 */
export function drawable(text: string): string {
  const font = glyphs()
  let out = ''
  for (const ch of text.normalize('NFC')) {
    const cp = ch.codePointAt(0)!
    if (cp === 10) out += '\n'
    else if (cp < 32 || (cp >= 0x7f && cp < 0xa0)) out += ' '
    else out += font.hasGlyphForCodePoint(cp) ? ch : '?'
  }
  return out
}

export type Fonts = { regular: PDFFont; bold: PDFFont }

export const colours = {
  ink: rgb(0.11, 0.12, 0.14),
  white: rgb(1, 1, 1),
  muted: rgb(0.33, 0.35, 0.39),
  rule: rgb(0.78, 0.8, 0.83),
  faint: rgb(0.93, 0.94, 0.95),
  accent: rgb(0.07, 0.3, 0.55),
  accentTint: rgb(0.9, 0.94, 0.98),
  bar: rgb(0.2, 0.42, 0.66),
  hatch: rgb(0.55, 0.57, 0.61),
}

const hex = (h: string): RGB => rgb(parseInt(h.slice(1, 3), 16) / 255, parseInt(h.slice(3, 5), 16) / 255, parseInt(h.slice(5, 7), 16) / 255)
/** The report page's RAG colours (web/dashboard.css): a light tint, dark text, a strong border. */
export const ragLooks = {
  Red: { tint: hex('#fde4e2'), ink: hex('#6e0b0b'), border: hex('#b3261e'), shape: 'square' },
  'Amber/Red': { tint: hex('#fde8d2'), ink: hex('#5c2600'), border: hex('#c2540a'), shape: 'triangle' },
  'Amber/Green': { tint: hex('#f4f0c4'), ink: hex('#3d3800'), border: hex('#8f7d00'), shape: 'diamond' },
  Green: { tint: hex('#dff0e3'), ink: hex('#0b4421'), border: hex('#1e7a3c'), shape: 'circle' },
  none: { tint: hex('#eceef1'), ink: hex('#2e3136'), border: hex('#6b7079'), shape: 'open-circle' },
} as const
export type RagLook = (typeof ragLooks)[keyof typeof ragLooks]

/** A new PDF with the fonts embedded, its title, language and the other metadata set. */
export async function newDocument(meta: { title: string; subject: string; created: Date }): Promise<{ doc: PDFDocument; fonts: Fonts }> {
  const doc = await PDFDocument.create()
  doc.registerFontkit(fontkit)
  const [regular, bold] = await Promise.all([doc.embedFont(bytesOf(regularBase64), { subset: true }), doc.embedFont(bytesOf(boldBase64), { subset: true })])
  doc.setTitle(meta.title, { showInWindowTitleBar: true })
  doc.setLanguage('en-GB')
  doc.setSubject(meta.subject)
  doc.setAuthor('Signpost')
  doc.setCreator('Signpost')
  doc.setProducer('Signpost (pdf-lib)')
  doc.setCreationDate(meta.created)
  doc.setModificationDate(meta.created)
  return { doc, fonts: { regular, bold } }
}

const widths = new Map<string, Map<string, number>>()
/**
 * The width of `text` at `size`, from a cache of each piece's width at size 1 kept per font name
 * across documents (laying text out with fontkit is slow). Bounded: cleared past 20,000 pieces.
 */
export function widthOf(font: PDFFont, text: string, size: number): number {
  let cache = widths.get(font.name)
  if (!cache || cache.size > 20_000) widths.set(font.name, (cache = new Map()))
  let w = cache.get(text)
  if (w === undefined) {
    w = font.widthOfTextAtSize(text, 1)
    cache.set(text, w)
  }
  return w * size
}

/** Lines of `text` no wider than `width`; a word longer than the line is broken. Newlines are kept. */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = []
  const space = widthOf(font, ' ', size)
  for (const paragraph of text.split('\n')) {
    let line = ''
    let lineWidth = 0
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const wordWidth = widthOf(font, word, size)
      const next = line ? lineWidth + space + wordWidth : wordWidth
      if (next <= width) {
        line = line ? `${line} ${word}` : word
        lineWidth = next
        continue
      }
      if (line) lines.push(line)
      let rest = word
      while (widthOf(font, rest, size) > width) {
        let cut = rest.length - 1
        while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut--
        lines.push(rest.slice(0, cut))
        rest = rest.slice(cut)
      }
      line = rest
      lineWidth = widthOf(font, rest, size)
    }
    lines.push(line)
  }
  return lines
}

/** `lines` cut to `max`, the last ending in "…" when some were left out. */
export function clip(lines: string[], max: number, font: PDFFont, size: number, width: number): string[] {
  if (lines.length <= max) return lines
  const kept = lines.slice(0, Math.max(max, 0))
  if (kept.length === 0) return kept
  let last = `${kept[kept.length - 1]!} …`
  while (last.length > 2 && widthOf(font, last, size) > width) last = `${last.slice(0, -3).trimEnd()} …`
  kept[kept.length - 1] = last
  return kept
}

export type TextStyle = { font: PDFFont; size: number; color?: RGB; leading?: number }

/**
 * A page with a cursor: `y` is the top of the next thing drawn, in points from the bottom of the
 * page, moving down; `bottom` is as low as the content may go (the footer is below it).
 */
export class PageWriter {
  y: number
  constructor(
    readonly page: PDFPage,
    readonly fonts: Fonts,
    readonly left: number,
    readonly right: number,
    top: number,
    public bottom: number,
  ) {
    this.y = top
  }

  get width() {
    return this.right - this.left
  }

  /** Room left above the bottom. */
  get room() {
    return this.y - this.bottom
  }

  /** Draws wrapped text at the cursor (or at `x`, `width`), moving the cursor down; returns the lines drawn. */
  text(text: string, style: TextStyle, options: { x?: number; width?: number; maxLines?: number } = {}): string[] {
    const x = options.x ?? this.left
    const width = options.width ?? this.right - x
    const leading = style.leading ?? style.size * 1.3
    const fits = Math.floor((this.room + leading - style.size * 1.2) / leading)
    const max = Math.min(options.maxLines ?? Infinity, fits)
    const lines = clip(wrap(drawable(text), style.font, style.size, width), max, style.font, style.size, width)
    for (const line of lines) {
      this.page.drawText(line, { x, y: this.y - style.size, size: style.size, font: style.font, color: style.color ?? colours.ink })
      this.y -= leading
    }
    return lines
  }

  /** The height `text` would take, wrapped to `width`. */
  heightOf(text: string, style: TextStyle, width: number): number {
    return wrap(drawable(text), style.font, style.size, width).length * (style.leading ?? style.size * 1.3)
  }

  gap(points: number) {
    this.y -= points
  }

  /** A section heading with a rule under it. */
  heading(title: string) {
    this.gap(4)
    this.text(title, { font: this.fonts.bold, size: 12.5, color: colours.accent })
    this.page.drawLine({ start: { x: this.left, y: this.y + 2 }, end: { x: this.right, y: this.y + 2 }, thickness: 0.75, color: colours.rule })
    this.gap(6)
  }
}

/** A RAG shape, centred on (x, y), `size` across: square, triangle, diamond, circle, or an open circle when not rated. */
export function drawRagShape(page: PDFPage, look: RagLook, x: number, y: number, size: number) {
  const r = size / 2
  const fill = { color: look.border, borderColor: look.border, borderWidth: 0 }
  switch (look.shape) {
    case 'square':
      page.drawRectangle({ x: x - r * 0.85, y: y - r * 0.85, width: r * 1.7, height: r * 1.7, ...fill })
      break
    case 'triangle':
      page.drawSvgPath(`M 0 ${-r} L ${r} ${r * 0.8} L ${-r} ${r * 0.8} Z`, { x, y, ...fill })
      break
    case 'diamond':
      page.drawSvgPath(`M 0 ${-r} L ${r} 0 L 0 ${r} L ${-r} 0 Z`, { x, y, ...fill })
      break
    case 'circle':
      page.drawCircle({ x, y, size: r, ...fill })
      break
    case 'open-circle':
      page.drawCircle({ x, y, size: r * 0.85, borderColor: look.border, borderWidth: 1.5 })
      break
  }
}

/** A page footer: a rule, the words on the left and "Page n of m" on the right. */
export function footer(page: PDFPage, fonts: Fonts, words: string, n: number, of: number, margin: number) {
  const y = 28
  const { width } = page.getSize()
  page.drawLine({ start: { x: margin, y: y + 12 }, end: { x: width - margin, y: y + 12 }, thickness: 0.5, color: colours.rule })
  const right = `Page ${n} of ${of}`
  const size = 8
  const rightWidth = widthOf(fonts.regular, right, size)
  const [left] = clip(
    wrap(drawable(words), fonts.regular, size, width - 2 * margin - rightWidth - 16),
    1,
    fonts.regular,
    size,
    width - 2 * margin - rightWidth - 16,
  )
  page.drawText(left ?? '', { x: margin, y, size, font: fonts.regular, color: colours.muted })
  page.drawText(right, { x: width - margin - rightWidth, y, size, font: fonts.regular, color: colours.muted })
}
