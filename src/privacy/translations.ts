import type { Notice, NoticeAudience, NoticeFacts } from './notice-text.ts'

/**
 * The notice in the survey's other languages. None is written yet: a notice that tells children
 * and parents their rights must be right, and it is not shipped in a language until it is
 * (the page then says it is not yet written in that language and shows the English).
 */
export function translatedNotice(_lang: string, _audience: NoticeAudience, _facts: NoticeFacts): Notice | null {
  return null
}
