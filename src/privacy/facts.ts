import type { Db } from '../db/database.ts'
import { defaultSettings, parseSettings, type AnalysisSettings } from '../org/settings.ts'
import type { Audience } from '../surveys/audience.ts'
import type { SurveyCatalog } from '../surveys/load.ts'
import { languagesOf, translationFor, type LanguageInfo } from '../surveys/translate.ts'

/**
 * Which partnership a public page (privacy notice, accessibility statement) speaks for: the one
 * named by `?p=slug`, else the only one when the installation has exactly one. With none found
 * the page speaks generally, with Signpost's defaults, and sends the reader to their school.
 * An unknown slug gets the general page (200, never 404), so the page tells nobody which
 * partnerships exist.
 */
export async function publicPartnership(db: Db, slug: string | undefined): Promise<{ slug: string; name: string; settings: AnalysisSettings } | null> {
  const rs = slug
    ? await db.$client.execute({ sql: 'SELECT slug, name, settings FROM partnerships WHERE slug = ?', args: [slug] })
    : await db.$client.execute('SELECT slug, name, settings FROM partnerships LIMIT 2')
  if (rs.rows.length !== 1) return null
  const row = rs.rows[0]!
  return { slug: String(row.slug), name: String(row.name), settings: parseSettings(String(row.settings)) }
}

export const settingsOrDefaults = (p: { settings: AnalysisSettings } | null) => p?.settings ?? defaultSettings

/** Every language any shipped survey (of `audience`, when given) is offered in, English first: the languages a respondent may read this in. */
export function surveyLanguages(catalog: SurveyCatalog, audience?: Audience): LanguageInfo[] {
  const all = new Map<string, LanguageInfo>()
  for (const survey of catalog.values()) {
    if (audience && survey.audience !== audience) continue
    for (const l of languagesOf(survey)) if (!all.has(l.code)) all.set(l.code, l)
  }
  return [...all.values()]
}

/** The texts of the questions that must be answered in the shipped surveys of one audience, in `lang` where translated. */
export function requiredQuestions(catalog: SurveyCatalog, audience: Audience, lang = 'en'): string[] {
  const texts = new Set<string>()
  for (const survey of catalog.values()) {
    if (survey.audience !== audience) continue
    const translation = lang === survey.language ? undefined : translationFor(survey, lang)
    for (const section of survey.sections) for (const q of section.questions) if (q.required) texts.add(translation?.questions[q.key]?.text ?? q.text)
  }
  return [...texts]
}
