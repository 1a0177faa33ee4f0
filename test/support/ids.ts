/**
 * A submission id for a label: a UUID (version 4 in form) that is the same every time a test
 * names the same label, so that `uuidFor('retry-1')` twice is one submission sent twice and the
 * test still reads as what it means. Not random: only for tests (the API takes any UUID).
 */
export function uuidFor(label: string): string {
  let hex = ''
  // four FNV-1a hashes of the label, each seeded differently: 32 hex digits
  for (let seed = 0; seed < 4; seed++) {
    let h = 0x811c9dc5
    for (const ch of `${seed}:${label}`) h = Math.imul(h ^ ch.codePointAt(0)!, 0x01000193)
    hex += (h >>> 0).toString(16).padStart(8, '0')
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[parseInt(hex[16]!, 16) % 4]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}
