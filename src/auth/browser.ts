/**
 * A coarse description of a browser from its User-Agent ("Firefox on Windows"), kept with a
 * session so that someone can tell their sessions apart on "Your account". Only the browser's
 * family and the kind of system are kept: no version, no device model, never the User-Agent
 * itself and never an address. Anything not recognised is "a browser Signpost does not recognise".
 */

const browsers: [RegExp, string][] = [
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\b(OPR|Opera)\//, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\b(Firefox|FxiOS)\//, 'Firefox'],
  [/\b(HeadlessChrome|Chrome|Chromium|CriOS)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
]

const systems: [RegExp, string][] = [
  [/\b(iPhone|iPod)\b/, 'iPhone'],
  [/\biPad\b/, 'iPad'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
]

export const unknownBrowser = 'a browser Signpost does not recognise'

/** "Firefox on Windows", "Safari on iPhone", "Chrome" (system unknown), or `unknownBrowser`. */
export function describeBrowser(userAgent: string | undefined): string {
  const ua = (userAgent ?? '').slice(0, 500)
  const browser = browsers.find(([pattern]) => pattern.test(ua))?.[1]
  const system = systems.find(([pattern]) => pattern.test(ua))?.[1]
  if (!browser) return system ? `a browser on ${system}` : unknownBrowser
  return system ? `${browser} on ${system}` : browser
}
