/**
 * Which way a language is written. A translation file states its direction (`dir`), and
 * validation checks it against this, so that an Urdu file cannot be shown left to right.
 */

/** Scripts written right to left (ISO 15924). */
const rtlScripts = new Set(['Adlm', 'Arab', 'Hebr', 'Mand', 'Nkoo', 'Rohg', 'Samr', 'Syrc', 'Thaa'])

/** Languages whose usual script is written right to left. */
const rtlLanguages = new Set([
  'ar', // Arabic
  'arc', // Aramaic
  'azb', // South Azerbaijani
  'bal', // Balochi
  'ckb', // Central Kurdish (Sorani)
  'dv', // Dhivehi
  'fa', // Persian
  'he', // Hebrew
  'khw', // Khowar
  'ks', // Kashmiri
  'mzn', // Mazanderani
  'pnb', // Western Punjabi (Shahmukhi)
  'prs', // Dari
  'ps', // Pashto
  'sd', // Sindhi
  'sdh', // Southern Kurdish
  'syr', // Syriac
  'ug', // Uyghur
  'ur', // Urdu
  'yi', // Yiddish
])

export type Direction = 'ltr' | 'rtl'

/** The direction of a language tag: its script subtag decides if it has one (pa-Arab), else the language. */
export function directionOf(code: string): Direction {
  const [language, ...rest] = code.split('-')
  const script = rest.find((part) => /^[A-Z][a-z]{3}$/.test(part))
  if (script) return rtlScripts.has(script) ? 'rtl' : 'ltr'
  return rtlLanguages.has(language!.toLowerCase()) ? 'rtl' : 'ltr'
}
