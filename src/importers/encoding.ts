/**
 * The text of an uploaded CSV file, whichever way a spreadsheet saved it: UTF-8 with or without a
 * byte-order mark, UTF-16 with one (Excel's "Unicode Text"), or, when the bytes are not UTF-8,
 * Windows-1252 (Excel's plain "CSV (Comma delimited)" on a UK or European Windows machine). A
 * workbook or other binary file is refused, saying what to do. Web-standard code only.
 */

export type DecodedCsv = { text: string; encoding: 'UTF-8' | 'UTF-16' | 'Windows-1252' } | { error: string }

const startsWith = (bytes: Uint8Array, ...prefix: number[]) => prefix.every((b, i) => bytes[i] === b)

export function decodeCsvBytes(bytes: Uint8Array): DecodedCsv {
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04) || startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0)) {
    return { error: 'The file is an Excel workbook, not a CSV file. In Excel, choose File, Save As, “CSV UTF-8 (Comma delimited)”, and choose that file.' }
  }
  if (startsWith(bytes, 0xff, 0xfe)) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16' }
  if (startsWith(bytes, 0xfe, 0xff)) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16' }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, ''), encoding: 'UTF-8' }
  } catch {
    // not UTF-8: what Excel writes as plain CSV
  }
  if (bytes.includes(0)) return { error: 'The file is not text: choose a CSV file saved from the spreadsheet (“CSV UTF-8” is best).' }
  return { text: windows1252(bytes), encoding: 'Windows-1252' }
}

/** 0x80-0x9F of Windows-1252 (the rest is Latin-1: the byte is the code point); the five unused bytes stay as they are. */
const high = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ'

/** Windows-1252 decoded by hand: some runtimes' TextDecoder reads it as Latin-1, turning ’ and € into control characters. */
function windows1252(bytes: Uint8Array): string {
  let text = ''
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192)
    text += String.fromCharCode(...chunk).replace(/[\u0080-\u009f]/g, (c) => high[c.charCodeAt(0) - 0x80]!)
  }
  return text
}

/** Up to four distinct words of `text` that hold a letter or sign outside ASCII ("Café", "£20"), each cut to 30 characters. */
export function nonAsciiWords(text: string): string[] {
  const words = new Set<string>()
  for (const m of text.matchAll(/[^\s,;"]*[^\x00-\x7f][^\s,;"]*/g)) {
    words.add(m[0].length > 30 ? `${m[0].slice(0, 29)}…` : m[0])
    if (words.size === 4) break
  }
  return [...words]
}

/**
 * Said on the check page when a file was not UTF-8, so that the lead looks at its accented
 * letters: a few of the file's words that hold them are shown, as they were read.
 */
export function encodingNote(encoding: 'UTF-8' | 'UTF-16' | 'Windows-1252', text = ''): string | undefined {
  if (encoding === 'Windows-1252') {
    const words = nonAsciiWords(text)
    const read = 'The file is not UTF-8: it was read as Windows-1252, the way Excel saves “CSV (Comma delimited)”.'
    if (!words.length) return `${read} It holds no accented letters or symbols, so reading it this way changed nothing.`
    return `${read} Words with accented letters or symbols were read as ${words.map((w) => `“${w}”`).join(', ')}: if they look wrong, save the file as “CSV UTF-8” and choose it again.`
  }
  if (encoding === 'UTF-16') return 'The file was saved as UTF-16 (“Unicode Text”) and has been read as such.'
  return undefined
}
