import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { AppEnv } from '../env.ts'
import { today } from '../rounds/academic-year.ts'
import { submissionSchema } from '../surveys/answers.ts'
import { resolveAccess } from './access.ts'
import { openCode } from './respond.ts'
import { explainRefusal } from './refusals.ts'
import { alreadyStored, storeSubmission } from './store.ts'
import { MessagePage } from './views/message-page.tsx'
import { StartPage } from './views/start-page.tsx'
import { SurveyPage } from './views/survey-page.tsx'

/** Form fields arrive as strings, repeated names as lists; files are never expected. */
function formValues(body: Record<string, unknown>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [key, value] of Object.entries(body)) {
    if (key === 'submissionId') continue
    const list = (Array.isArray(value) ? value : [value]).map((v) => (typeof v === 'string' ? v : ''))
    out[key] = list.length === 1 ? list[0]! : list
  }
  return out
}

/** The pages a student or parent sees: the start page, the survey, thanks. */
export const respondentPages = new Hono<AppEnv>()
  .get('/', async (c) => {
    const code = c.req.query('code')
    if (code === undefined) return c.html(<StartPage />)
    if (code.trim() === '') return c.html(<StartPage error="Type the code you were given." />, 400)
    const access = await resolveAccess(c.var.db, code)
    if (!access) return c.html(<StartPage code={code} error={explainRefusal('unknown').message} />, 404)
    return c.redirect(`/s/${encodeURIComponent(code.trim().toUpperCase())}`, 303)
  })
  .get('/s/:code', async (c) => {
    const code = c.req.param('code')
    const { access, survey, refused } = await openCode(c.var.db, c.var.catalog, code, today(c.var.now()))
    if (refused) {
      const r = explainRefusal(refused, access.round)
      return c.html(<MessagePage title={r.title}><p>{r.message}</p></MessagePage>, r.status)
    }
    return c.html(
      <SurveyPage survey={survey} code={code} institutionName={access.institutionName} year={access.round.year} submissionId={crypto.randomUUID()} />,
    )
  })
  .post('/s/:code', bodyLimit({ maxSize: 64 * 1024 }), async (c) => {
    const code = c.req.param('code')
    const { access, survey, refused } = await openCode(c.var.db, c.var.catalog, code, today(c.var.now()))
    const body = await c.req.parseBody({ all: true })
    if (refused) {
      // a form sent twice with its token (a double click, a refresh) is thanked both times
      if (refused === 'token-used' && typeof body.submissionId === 'string' && (await alreadyStored(c.var.db, access.round.id, body.submissionId))) {
        return c.redirect(`/s/${encodeURIComponent(code)}/thanks`, 303)
      }
      const r = explainRefusal(refused, access.round)
      return c.html(<MessagePage title={r.title}><p>{r.message}</p></MessagePage>, r.status)
    }
    const values = formValues(body)
    const submissionId = typeof body.submissionId === 'string' ? body.submissionId : ''
    const parsed = submissionSchema(survey).safeParse({ submissionId, language: survey.language, answers: values })
    if (!parsed.success) {
      const errors: Record<string, string> = {}
      for (const issue of parsed.error.issues) {
        const key = issue.path[0] === 'answers' && typeof issue.path[1] === 'string' ? issue.path[1] : ''
        errors[key] ??= issue.message
      }
      return c.html(
        <SurveyPage
          survey={survey}
          code={code}
          institutionName={access.institutionName}
          year={access.round.year}
          submissionId={/^[A-Za-z0-9_-]{8,64}$/.test(submissionId) ? submissionId : crypto.randomUUID()}
          values={values}
          errors={errors}
        />,
        400,
      )
    }
    const outcome = await storeSubmission(c.var.db, access, survey, parsed.data, c.var.now())
    if (outcome === 'token-used') {
      const r = explainRefusal('token-used')
      return c.html(<MessagePage title={r.title}><p>{r.message}</p></MessagePage>, r.status)
    }
    return c.redirect(`/s/${encodeURIComponent(code)}/thanks`, 303)
  })
  .get('/s/:code/thanks', (c) =>
    c.html(
      <MessagePage title="Thank you">
        <p>Your answers have been sent. You did not give your name, so nobody can tell which answers are yours.</p>
        <p>Your answers help decide what careers help to improve next year.</p>
      </MessagePage>,
    ),
  )
