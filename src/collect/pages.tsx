import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import type { ZodError } from 'zod'
import { changeInstitution, requireStaff, type InstitutionEnv } from '../auth/guard.tsx'
import type { AppEnv } from '../env.ts'
import { roundParam } from '../http/params.ts'
import { TooManyRequests } from '../http/rate-limit.ts'
import { formBody, type FormBody } from '../http/request-body.ts'
import { today } from '../rounds/academic-year.ts'
import { roundOfInstitution, type Round } from '../rounds/rounds.ts'
import { surveyOfRound } from '../rounds/survey-versions.ts'
import { Layout } from '../ui/layout.tsx'
import { isSubmissionId, submissionSchema } from '../surveys/answers.ts'
import type { SurveyCatalog } from '../surveys/load.ts'
import { surveyMinutes } from '../surveys/minutes.ts'
import { questionsOf, type Question, type Survey } from '../surveys/schema.ts'
import { youSaidWeDid } from '../framework/you-said.ts'
import { languagesOf, localise, type LanguageInfo, type Localised } from '../surveys/translate.ts'
import { clientAddress } from '../auth/sign-in-limits.ts'
import { resolveAccess, type Refusal } from './access.ts'
import { explainRefusal } from './refusals.ts'
import { lookUp, openCode } from './respond.ts'
import { RoundRefused, storeSubmission } from './store.ts'
import type { UiText } from './ui-text.ts'
import { applySwitch, displayFields, displayQuery, readDisplay, type Display } from './views/display.ts'
import { frameFor, layoutProps, type Frame } from './views/frame.ts'
import { RespondentMessage } from './views/message-page.tsx'
import { StartPage } from './views/start-page.tsx'
import { SurveyPage } from './views/survey-page.tsx'
import { YouSaidPanel } from './views/you-said-panel.tsx'

type Values = Record<string, string | string[]>

/** The form's own fields, which are not answers: the submission id, how the page looked, a switch button. */
const pageFields = new Set<string>(['submissionId', '_switch', ...Object.values(displayFields)])

/**
 * The answers of a survey form: every field but the page's own, as text (a repeated name is a
 * list). Any other field, `__proto__` or `_x` too, is kept, so the survey's schema refuses it
 * as "not a question of this survey". No prototype: a field's name is only a name.
 */
function formValues(body: FormBody): Values {
  const out: Values = Object.create(null)
  for (const [key, value] of Object.entries(body)) {
    if (pageFields.has(key)) continue
    const list = (Array.isArray(value) ? value : [value]).map((v) => (typeof v === 'string' ? v : ''))
    out[key] = list.length === 1 ? list[0]! : list
  }
  return out
}

const field = (body: FormBody, name: string): string | undefined => (typeof body[name] === 'string' ? (body[name] as string) : undefined)

/** The languages any installed survey is offered in: the start page does not know the survey yet. */
function catalogLanguages(catalog: SurveyCatalog): LanguageInfo[] {
  const seen = new Map<string, LanguageInfo>()
  for (const survey of catalog.values()) for (const l of languagesOf(survey)) if (!seen.has(l.code)) seen.set(l.code, l)
  return [...seen.values()]
}

/** The frame for `display` among `languages`, falling back to the first (the source language). */
function frameAmong(languages: LanguageInfo[], display: Display): Frame {
  const language = languages.find((l) => l.code === display.lang) ?? languages[0] ?? { code: 'en', dir: 'ltr' as const }
  return frameFor(language, display)
}

const queryDisplay = (c: { req: { query: (name: string) => string | undefined } }) => readDisplay((name) => c.req.query(name))

function refusalPage(c: Context<AppEnv>, frame: Frame, kind: Refusal | 'unknown', round?: Round, surveyTitle?: string) {
  const { status } = explainRefusal(kind, round)
  const { title, message } = frame.text.refusal(kind, round, surveyTitle)
  return c.html(
    <RespondentMessage title={title} frame={frame}>
      <p>{message}</p>
    </RespondentMessage>,
    status,
  )
}

/** openCode, with a code that matches nothing told in the respondent's language. */
async function open(c: Context<AppEnv>, code: string, display: Display) {
  try {
    // counted against the code-guessing limit per address, as the API's look-ups are
    return await openCode(c.var.db, c.var.catalog, code, today(c.var.now()), { address: clientAddress(c), now: c.var.now() })
  } catch (error) {
    if (error instanceof HTTPException && error.status === 404) return refusalPage(c, frameAmong(catalogLanguages(c.var.catalog), display), 'unknown')
    throw error
  }
}

const isBlank = (v: string | string[] | undefined) => v === undefined || (Array.isArray(v) ? v.length === 0 : v.trim() === '')

/** What is wrong with one answer, as a sentence in the respondent's words (the schema's own messages are for the API). */
function problemText(t: UiText, english: boolean, message: string, q: Question | undefined, values: Values): string {
  // a field that is no question of the survey (never from the page's own form): said as the schema says it, in English
  if (!q) return Object.values(values).every(isBlank) ? t.problems.atLeastOne : english ? message : t.problems.invalid
  const v = values[q.key]
  if (q.required && isBlank(v)) return t.problems.required
  if (q.kind === 'text') {
    if (typeof v === 'string' && v.trim().length > q.maxLength) return t.problems.tooLong(q.maxLength)
    // eslint-disable-next-line no-control-regex -- the characters a survey answer may not hold
    return typeof v === 'string' && /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(v) ? t.problems.controls : t.problems.invalid
  }
  return t.problems.choose
}

/** The first problem of each question ('' for the form as a whole). */
function problemsByQuestion(error: ZodError, survey: Survey, values: Values, frame: Frame): Record<string, string> {
  const questions = new Map(questionsOf(survey).map((q) => [q.key, q]))
  const errors: Record<string, string> = {}
  for (const issue of error.issues) {
    const key = issue.path[0] === 'answers' && typeof issue.path[1] === 'string' && questions.has(issue.path[1]) ? issue.path[1] : ''
    errors[key] ??= problemText(frame.text, frame.textLang === 'en', issue.message, questions.get(key), values)
  }
  return errors
}

/**
 * What was done about last year's answers to this survey here, before the questions: each
 * priority area in the respondent's language (easy-read wording in easy-read mode), with what
 * the school wrote. Nothing when none was published or last year's round was below the minimum group.
 */
async function youSaidPanel(c: { var: Pick<AppEnv['Variables'], 'db'> }, roundId: number, localised: Localised, frame: Frame) {
  const items = await youSaidWeDid(c.var.db, roundId)
  const questions = new Map(questionsOf(localised.survey).map((q) => [q.key, q]))
  const entries = items.flatMap(({ questionKey, weDid }) => {
    const q = questions.get(questionKey)
    return q ? [{ said: frame.display.easy && q.easyRead ? q.easyRead : q.text, did: weDid }] : []
  })
  return <YouSaidPanel entries={entries} text={frame.text} lang={frame.lang} />
}

/** The pages a student or parent sees: the start page, the survey, thanks. */
export const respondentPages = new Hono<AppEnv>()
  .get('/', async (c) => {
    const languages = catalogLanguages(c.var.catalog)
    const frame = frameAmong(languages, queryDisplay(c))
    const code = c.req.query('code')
    if (code === undefined) return c.html(<StartPage languages={languages} frame={frame} />)
    if (code.trim() === '') return c.html(<StartPage languages={languages} frame={frame} error={frame.text.codeMissing} />, 400)
    const access = await lookUp(c.var.db, code, { address: clientAddress(c), now: c.var.now() })
    if (!access) return c.html(<StartPage languages={languages} frame={frame} code={code} error={frame.text.refusal('unknown').message} />, 404)
    return c.redirect(`/s/${encodeURIComponent(code.trim().toUpperCase())}${displayQuery(frame.display)}`, 303)
  })
  .get('/s/:code', async (c) => {
    const code = c.req.param('code')
    const display = queryDisplay(c)
    const opened = await open(c, code, display)
    if (opened instanceof Response) return opened
    const { access, survey, refused } = opened
    const localised = localise(survey, display.lang)
    const frame = frameFor(localised.language, display)
    if (refused) return refusalPage(c, frame, refused, access.round, localised.survey.title)
    return c.html(
      <SurveyPage
        before={await youSaidPanel(c, access.round.id, localised, frame)}
        localised={localised}
        languages={languagesOf(survey)}
        display={display}
        code={code}
        institutionName={access.institutionName}
        partnership={access.partnershipSlug}
        year={access.round.year}
        minutes={surveyMinutes(survey)}
        submissionId={crypto.randomUUID()}
      />,
    )
  })
  .post('/s/:code', bodyLimit({ maxSize: 64 * 1024 }), async (c) => {
    const code = c.req.param('code')
    const body = await formBody(c)
    // the form's hidden fields say how the page looked; a switch button changes one setting
    const shown = readDisplay((name) => field(body, name) ?? c.req.query(name.slice(1)), displayFields)
    const switching = field(body, '_switch')
    const display = switching ? applySwitch(shown, switching) : shown
    const opened = await open(c, code, display)
    if (opened instanceof Response) return opened
    const { access, survey, refused } = opened
    const localised = localise(survey, display.lang)
    const frame = frameFor(localised.language, display)
    const thanks = `/s/${encodeURIComponent(code)}/thanks${displayQuery(frame.display)}`
    // refused for the round alone; a used token is told so only when a complete response is sent
    // with it (a switch or a form with mistakes is answered as for an unused token), and a form
    // sent twice with its token (a double click, a refresh) is thanked both times
    if (refused) return refusalPage(c, frame, refused, access.round, localised.survey.title)
    const values = formValues(body)
    const submissionId = typeof body.submissionId === 'string' ? body.submissionId : ''
    const before = await youSaidPanel(c, access.round.id, localised, frame)
    const page = (errors?: Record<string, string>, notSent?: string) => (
      <SurveyPage
        before={before}
        localised={localised}
        languages={languagesOf(survey)}
        display={frame.display}
        code={code}
        institutionName={access.institutionName}
        partnership={access.partnershipSlug}
        year={access.round.year}
        minutes={surveyMinutes(survey)}
        submissionId={isSubmissionId(submissionId) ? submissionId : crypto.randomUUID()}
        values={values}
        errors={errors}
        notSent={notSent}
      />
    )
    // a language or display switch without JavaScript: the same answers, shown again; nothing stored
    if (switching) return c.html(page())
    const parsed = submissionSchema(survey).safeParse({ submissionId, language: localised.language.code, answers: values })
    if (!parsed.success) return c.html(page(problemsByQuestion(parsed.error, survey, values, frame)), 400)
    let outcome
    try {
      outcome = await storeSubmission(c.var.db, access, survey, parsed.data, c.var.now(), undefined, clientAddress(c))
    } catch (error) {
      // the round closed (or was refused) while this was being sent: say so, as a refusal page would
      if (error instanceof RoundRefused) return refusalPage(c, frame, error.refusal, access.round)
      // the database failed to store it (a full disk, a lost connection): nothing was stored, so the same page
      // comes back with every answer and a message, to send again; an error page would lose the answers
      // without JavaScript (with it, respond.js posts the form the ordinary way on a 5xx and gets this page)
      if (!(error instanceof HTTPException)) {
        console.error(error)
        c.header('Retry-After', '60')
        return c.html(page(undefined, frame.text.notSaved), 503)
      }
      // the round is taking its limit of responses for now: the same page, every answer kept, to send again later
      if (!(error instanceof TooManyRequests)) throw error
      c.header('Retry-After', String(error.retryAfterSeconds))
      // in English the limit's own message says how long to wait
      return c.html(page(undefined, frame.textLang === 'en' ? error.message : frame.text.busy), 429)
    }
    if (outcome === 'token-used') return refusalPage(c, frame, 'token-used', access.round)
    return c.redirect(thanks, 303)
  })
  .get('/s/:code/thanks', async (c) => {
    const display = queryDisplay(c)
    const frame = frameAmong(catalogLanguages(c.var.catalog), display)
    // only a code that opens a round is thanked; any other is told it matches nothing
    if (!(await lookUp(c.var.db, c.req.param('code'), { address: clientAddress(c), now: c.var.now() }))) return refusalPage(c, frame, 'unknown')
    if (frame.display.kiosk) {
      // a shared tablet: back to a clean start for the next person, by itself in 10 seconds
      const start = `/s/${encodeURIComponent(c.req.param('code'))}?kiosk=1`
      return c.html(
        <Layout title={frame.text.thanksTitle} {...layoutProps(frame)} home={start}>
          <h1>{frame.text.thanksTitle}</h1>
          <p>{frame.text.thanksSent}</p>
          <p>{frame.text.thanksUse}</p>
          <p class="kiosk-note" role="status" data-kiosk-restart={start} data-seconds="10" data-template={frame.text.kioskRestart('{n}')}>
            {frame.text.kioskRestart(10)}
          </p>
          <p>
            <a href={start} class="back-link">
              {frame.text.kioskStartNow}
            </a>
          </p>
        </Layout>,
      )
    }
    return c.html(
      <RespondentMessage title={frame.text.thanksTitle} frame={frame}>
        <p>{frame.text.thanksSent}</p>
        <p>{frame.text.thanksUse}</p>
        <div hidden data-clear-code={c.req.param('code').toUpperCase()}></div>
      </RespondentMessage>,
    )
  })

/**
 * The staff preview of a round's survey: a coordinator or the lead opens it from the round on
 * the institution page, in any language and mode, and sees what respondents see under a
 * "Preview" banner. Sending shows the thank-you page and stores nothing: no response, no use of
 * a code, nothing in the browser. Only those who may change the institution's rounds (viewers 403).
 */
const previewPath = '/institutions/:id/rounds/:roundId/preview'

async function previewRound(c: Context<InstitutionEnv>) {
  const { roundId } = roundParam.parse(c.req.param())
  const round = await roundOfInstitution(c.var.db, c.var.institution.id, roundId)
  const survey = await surveyOfRound(c.var.db, c.var.catalog, round)
  return { round, survey, base: `/dashboard/institutions/${c.var.institution.id}/rounds/${round.id}/preview` }
}

export const previewPages = new Hono<InstitutionEnv>()
  .get(previewPath, requireStaff, changeInstitution, async (c) => {
    const { round, survey, base } = await previewRound(c)
    const display = queryDisplay(c)
    const localised = localise(survey, display.lang)
    const frame = frameFor(localised.language, display)
    return c.html(
      <SurveyPage
        before={await youSaidPanel(c, round.id, localised, frame)}
        localised={localised}
        languages={languagesOf(survey)}
        display={display}
        code={round.code}
        institutionName={c.var.institution.name}
        year={round.year}
        minutes={surveyMinutes(survey)}
        submissionId={crypto.randomUUID()}
        base={base}
        preview
      />,
    )
  })
  .post(previewPath, requireStaff, changeInstitution, bodyLimit({ maxSize: 64 * 1024 }), async (c) => {
    const { round, survey, base } = await previewRound(c)
    const body = await formBody(c)
    const shown = readDisplay((name) => field(body, name) ?? c.req.query(name.slice(1)), displayFields)
    const switching = field(body, '_switch')
    const display = switching ? applySwitch(shown, switching) : shown
    const localised = localise(survey, display.lang)
    const frame = frameFor(localised.language, display)
    const values = formValues(body)
    const submissionId = typeof body.submissionId === 'string' ? body.submissionId : ''
    const page = async (errors?: Record<string, string>) => (
      <SurveyPage
        before={await youSaidPanel(c, round.id, localised, frame)}
        localised={localised}
        languages={languagesOf(survey)}
        display={frame.display}
        code={round.code}
        institutionName={c.var.institution.name}
        year={round.year}
        minutes={surveyMinutes(survey)}
        submissionId={isSubmissionId(submissionId) ? submissionId : crypto.randomUUID()}
        values={values}
        errors={errors}
        base={base}
        preview
      />
    )
    if (switching) return c.html(await page())
    // checked as a real response is, so the preview shows the same problems; then nothing is stored
    const parsed = submissionSchema(survey).safeParse({ submissionId, language: localised.language.code, answers: values })
    if (!parsed.success) return c.html(await page(problemsByQuestion(parsed.error, survey, values, frame)), 400)
    return c.redirect(`${base}/thanks${displayQuery(frame.display)}`, 303)
  })
  .get(`${previewPath}/thanks`, requireStaff, changeInstitution, async (c) => {
    const { base } = await previewRound(c)
    const frame = frameAmong(catalogLanguages(c.var.catalog), queryDisplay(c))
    return c.html(
      <Layout title={`Preview: ${frame.text.thanksTitle}`} {...layoutProps(frame)}>
        <p class="preview-banner" lang="en" dir="ltr">
          <strong>Preview:</strong> nothing you answered was stored.
        </p>
        <h1>{frame.text.thanksTitle}</h1>
        <p>{frame.text.thanksSent}</p>
        <p>{frame.text.thanksUse}</p>
        <p lang="en" dir="ltr">
          <a href={`${base}${displayQuery(frame.display)}`} class="back-link">
            Preview the survey again
          </a>{' '}
          · <a href={`/dashboard/institutions/${c.var.institution.id}`}>Back to the survey rounds</a>
        </p>
      </Layout>,
    )
  })
