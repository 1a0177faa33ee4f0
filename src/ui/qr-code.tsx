import { raw } from 'hono/html'
import { renderSVG } from 'uqr'

/**
 * A QR code as inline SVG, drawn here (uqr, which runs on Node and in workerd alike), never by an
 * outside service. Decorative for screen readers: the same address or code is always printed beside it.
 */
export function QrCode({ text, class: className }: { text: string; class?: string }) {
  return (
    <span class={className ?? 'qr'} aria-hidden="true">
      {raw(renderSVG(text, { border: 4, ecc: 'M' }))}
    </span>
  )
}
