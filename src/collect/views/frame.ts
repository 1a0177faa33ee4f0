import type { LanguageInfo } from '../../surveys/translate.ts'
import { uiText, type UiText } from '../ui-text.ts'
import { displayQuery, type Display } from './display.ts'
import { respondentFooter, type NoticeLink } from './footer.tsx'

/** What every respondent page needs to know to frame itself: language, direction, the words around the questions, the display chosen. */
export type Frame = {
  lang: string
  dir: 'ltr' | 'rtl'
  text: UiText
  /** The language `text` is written in (English when the pages' words are not yet translated into `lang`). */
  textLang: string
  display: Display
}

/** The frame of a page in `language` (the display's lang is set to the language really used). */
export function frameFor(language: Pick<LanguageInfo, 'code' | 'dir'>, display: Display): Frame {
  const ui = uiText(language.code, display.easy)
  return { lang: language.code, dir: language.dir, text: ui.text, textLang: ui.lang, display: { ...display, lang: language.code } }
}

/** An English frame with the default display: for pages reached without any choice made. */
export const englishFrame = (display: Display): Frame => frameFor({ code: 'en', dir: 'ltr' }, display)

/** The Layout props of a respondent page (of a survey for `notice`'s audience: its privacy notice is linked). */
export function layoutProps(frame: Frame, notice?: NoticeLink) {
  const classes = [frame.display.large ? 'large-text' : '', frame.display.easy ? 'easy-read' : ''].filter(Boolean).join(' ')
  return {
    lang: frame.lang,
    dir: frame.dir,
    className: classes || undefined,
    scripts: ['/respond.js'],
    skipLink: frame.text.skipLink,
    home: `/${displayQuery(frame.display)}`,
    footer: respondentFooter(frame, notice),
  }
}
