import { Hono } from 'hono'
import type { AppEnv } from '../env.ts'
import { publicPartnership, requiredQuestions, settingsOrDefaults, surveyLanguages } from './facts.ts'
import { englishNotice, noticeAudiences, surveyAudienceOf, type NoticeAudience, type NoticeFacts } from './notice-text.ts'
import { translatedNotice } from './translations.ts'
import { AccessibilityPage } from './views/accessibility-page.tsx'
import { NoticePage } from './views/notice-page.tsx'

/**
 * The privacy notice for the people who answer, public (no sign-in), linked from the start page
 * and every survey page:
 *
 *   GET /privacy         ?for=student|easy|parent|staff|employer (student by default) &lang=pl &p=<partnership slug>
 *   GET /accessibility   the accessibility statement (?p=<partnership slug>)
 *
 * The figures (how long answers are kept, the smallest group shown) and the contact come from
 * the partnership's settings (see facts.ts for which partnership). Reading it writes nothing.
 */
export const privacyPages = new Hono<AppEnv>()
  .get('/accessibility', async (c) => {
    const partnership = await publicPartnership(c.var.db, c.req.query('p'))
    const settings = settingsOrDefaults(partnership)
    return c.html(
      <AccessibilityPage
        facts={{ partnership: partnership?.name ?? null, contact: settings.contact }}
        reviewedOn={settings.accessibilityReviewedOn}
        host={new URL(c.req.url).host}
      />,
    )
  })
  .get('/privacy', async (c) => {
    const partnership = await publicPartnership(c.var.db, c.req.query('p'))
    const settings = settingsOrDefaults(partnership)
    const wanted = c.req.query('for')
    const audience: NoticeAudience = (noticeAudiences as readonly string[]).includes(wanted ?? '') ? (wanted as NoticeAudience) : 'student'
    // the surveys it speaks of: the easy read is the students'
    const surveys = surveyAudienceOf(audience)
    const facts: NoticeFacts = {
      partnership: partnership?.name ?? null,
      required: requiredQuestions(c.var.catalog, surveys),
      keepYears: settings.keepAnswersYears,
      minCohort: settings.minCohort,
      minFreeText: settings.minFreeTextCohort,
      contact: settings.contact,
    }
    // the languages the audience's surveys are offered in (staff and employers: English only)
    const languages = surveyLanguages(c.var.catalog, surveys)
    const english = languages.find((l) => l.code === 'en') ?? { code: 'en', name: 'English', dir: 'ltr' as const, status: 'source' }
    const asked = languages.find((l) => l.code === c.req.query('lang')) ?? english
    // in the reader's language, the required questions are named as their survey asks them
    const translated =
      asked.code === 'en'
        ? null
        : translatedNotice(asked.code, audience, {
            ...facts,
            required: requiredQuestions(c.var.catalog, surveys, asked.code),
          })
    const href = (change: { for?: NoticeAudience; lang?: string }) => {
      const q = new URLSearchParams()
      const lang = change.lang ?? asked.code
      const forWhom = change.for ?? audience
      if (forWhom !== 'student') q.set('for', forWhom)
      if (lang !== 'en') q.set('lang', lang)
      if (partnership && c.req.query('p')) q.set('p', partnership.slug)
      const text = q.toString()
      return `/privacy${text ? `?${text}` : ''}`
    }
    return c.html(
      <NoticePage
        notice={translated ?? englishNotice(audience, facts)}
        audience={audience}
        facts={facts}
        lang={translated ? asked : english}
        asked={asked}
        languages={languages}
        href={href}
      />,
    )
  })
