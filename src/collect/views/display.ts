import { languageTag } from '../../surveys/fields.ts'

/**
 * How a respondent chose to see the survey: language, one page or one question at a time,
 * easy-read wording, large text. Carried in the address (`?lang=pl&mode=one&easy=1&size=large`)
 * and, inside the survey form, in hidden fields whose names start with "_" (a question key
 * never does), so an error re-render or a language switch keeps them.
 */
export type Mode = 'all' | 'one'

export type Display = {
  /** The language asked for; the page falls back to the survey's own language if it is not offered. */
  lang: string
  mode: Mode
  easy: boolean
  large: boolean
  /**
   * A shared tablet (parents' evening): nothing kept in the browser, a clean start 10 seconds
   * after each response and after 3 minutes without a touch (respond.js).
   */
  kiosk: boolean
}

export const defaultDisplay: Display = { lang: 'en', mode: 'all', easy: false, large: false, kiosk: false }

/** The names of the address's parameters and of the form's hidden fields. */
export const displayParams = { lang: 'lang', mode: 'mode', easy: 'easy', size: 'size', kiosk: 'kiosk' } as const
export const displayFields = { lang: '_lang', mode: '_mode', easy: '_easy', size: '_size', kiosk: '_kiosk' } as const

/** Reads a display from named values (the query, or the form's hidden fields); anything unknown is the default. */
export function readDisplay(get: (name: string) => string | undefined, names: Record<keyof typeof displayParams, string> = displayParams): Display {
  const lang = get(names.lang)?.trim()
  return {
    lang: lang && languageTag.test(lang) ? lang : defaultDisplay.lang,
    mode: get(names.mode) === 'one' ? 'one' : 'all',
    easy: get(names.easy) === '1',
    large: get(names.size) === 'large',
    kiosk: get(names.kiosk) === '1',
  }
}

/** The query string for a display, defaults left out: '' or '?lang=pl&mode=one'. */
export function displayQuery(d: Display, sourceLang = 'en'): string {
  const q = new URLSearchParams()
  if (d.lang !== sourceLang) q.set(displayParams.lang, d.lang)
  if (d.mode === 'one') q.set(displayParams.mode, 'one')
  if (d.easy) q.set(displayParams.easy, '1')
  if (d.large) q.set(displayParams.size, 'large')
  if (d.kiosk) q.set(displayParams.kiosk, '1')
  const s = q.toString()
  return s ? `?${s}` : ''
}

/** The form's hidden fields for a display, as name/value pairs. */
export function displayHiddenFields(d: Display): [string, string][] {
  return [
    [displayFields.lang, d.lang],
    [displayFields.mode, d.mode],
    [displayFields.easy, d.easy ? '1' : '0'],
    [displayFields.size, d.large ? 'large' : 'normal'],
    ...(d.kiosk ? ([[displayFields.kiosk, '1']] as [string, string][]) : []),
  ]
}

/** One change a switch button asks for, e.g. "lang=pl", "mode=one", "easy=0", "size=large". */
export function applySwitch(d: Display, change: string | undefined): Display {
  const m = /^(lang|mode|easy|size)=(.*)$/.exec(change ?? '')
  if (!m) return d
  const asked = readDisplay((name) => (name === m[1] ? m[2] : undefined))
  switch (m[1]) {
    case 'lang':
      return { ...d, lang: asked.lang }
    case 'mode':
      return { ...d, mode: asked.mode }
    case 'easy':
      return { ...d, easy: asked.easy }
    default:
      return { ...d, large: asked.large }
  }
}
