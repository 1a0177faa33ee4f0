import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { z } from 'zod'
import { actorOf } from '../audit/record.ts'
import { changeInstitution, requireLead, seeInstitution, type InstitutionEnv, type StaffEnv } from '../auth/guard.tsx'
import { formBody, formText, smallForm } from '../http/request-body.ts'
import { roundParam } from '../http/params.ts'
import { StaffFrame } from '../ui/staff-frame.tsx'
import { freeTextAnswers } from '../analysis/free-text.ts'
import { settingsOf } from '../org/settings.ts'
import { surveyOfRound } from '../rounds/survey-versions.ts'
import type { User } from '../auth/users.ts'
import type { Context } from 'hono'
import { deleteFreeText, deleteInstitution, deleteRound, roundContents } from './deletion.ts'

/**
 * Deletion on request, mounted in the dashboard. Each GET is a confirmation page that names what
 * goes and offers the downloads first; each POST needs the confirmation box ticked (400 without),
 * deletes in one atomic batch with its audit entry, and goes back.
 *
 *   GET|POST /institutions/:id/delete-round/:roundId   a round, its answers and tallies (lead)
 *   GET|POST /institutions/:id/delete                  the institution and everything of it (lead)
 *   GET|POST /institutions/:id/delete-answer           ?survey=&year=&key=&text= a written answer (coordinator or lead)
 */

type Ctx = Context<InstitutionEnv>

async function roundIn(c: Ctx) {
  const { roundId } = roundParam.parse(c.req.param())
  const rs = await c.var.db.$client.execute({
    sql: 'SELECT id, institution_id, survey_id, year, status FROM rounds WHERE id = ? AND institution_id = ?',
    args: [roundId, c.var.institution.id],
  })
  const row = rs.rows[0]
  if (!row) throw new HTTPException(404, { message: 'There is no such round.' })
  return { id: Number(row.id), institutionId: Number(row.institution_id), surveyId: String(row.survey_id), year: String(row.year), status: String(row.status) }
}

const answerQuery = z.object({
  survey: z.string({ error: 'say which survey' }).min(1, 'say which survey'),
  year: z.string({ error: 'say which year' }).min(1, 'say which year'),
  key: z.string({ error: 'say which question' }).min(1, 'say which question'),
  text: z.string({ error: 'say which answer' }).min(1, 'say which answer').max(5000),
})
const questionQuery = answerQuery.omit({ text: true })

function answerOf(values: Record<string, string | undefined>) {
  const parsed = answerQuery.safeParse(values)
  if (!parsed.success) throw new HTTPException(400, { message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') })
  return parsed.data
}

async function roundByName(c: Ctx, surveyId: string, year: string) {
  const rs = await c.var.db.$client.execute({
    sql: 'SELECT id, survey_id, year FROM rounds WHERE institution_id = ? AND survey_id = ? AND year = ?',
    args: [c.var.institution.id, surveyId, year],
  })
  const row = rs.rows[0]
  if (!row) throw new HTTPException(404, { message: 'There is no such round.' })
  return { id: Number(row.id), institutionId: c.var.institution.id, surveyId: String(row.survey_id), year: String(row.year) }
}

const requireConfirmed = async (c: Ctx) => {
  const body = await formBody(c)
  if (formText(body, 'confirm') !== 'yes') throw new HTTPException(400, { message: 'Tick the box to confirm the deletion: nothing was deleted.' })
  return body
}

function ConfirmPage(props: {
  user: User
  institution: { id: number; name: string }
  title: string
  goes: string[]
  downloads: { href: string; label: string }[]
  action: string
  hidden?: Record<string, string>
  button: string
}) {
  return (
    <StaffFrame title={props.title} user={props.user} place={{ area: 'rounds', institution: props.institution }}>
      <h1>{props.title}</h1>
      <div class="notice notice-warning">
        <p>This cannot be undone. The audit log records who deleted it and when.</p>
      </div>
      <h2>What goes</h2>
      <ul>
        {props.goes.map((g) => (
          <li>{g}</li>
        ))}
      </ul>
      {props.downloads.length ? (
        <>
          <h2>Download first</h2>
          <p>Keep a copy before you delete, if you need one:</p>
          <ul class="page-links">
            {props.downloads.map((d) => (
              <li>
                <a href={d.href}>{d.label}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <form method="post" action={props.action}>
        {Object.entries(props.hidden ?? {}).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <div class="choice">
          <input type="checkbox" id="confirm" name="confirm" value="yes" required />
          <label for="confirm">I understand that this is deleted for good</label>
        </div>
        <div class="button-group">
          <button type="submit" class="danger">
            {props.button}
          </button>
          <a href={`/dashboard/institutions/${props.institution.id}`}>Cancel</a>
        </div>
      </form>
    </StaffFrame>
  )
}

/** The downloads to keep before a deletion; `title` names the survey in words (its title when installed). */
const downloadsOf = (institutionId: number, round: { surveyId: string; year: string; status?: string }, lead: boolean, title = round.surveyId) => {
  const qs = `survey=${round.surveyId}&year=${encodeURIComponent(round.year)}`
  const base = `/dashboard/institutions/${institutionId}`
  return [
    { href: `${base}/report.csv?${qs}`, label: `Report CSV, ${title} ${round.year}` },
    { href: `${base}/summary.pdf?${qs}`, label: `Governors’ summary (PDF), ${title} ${round.year}` },
    ...(lead && round.status === 'closed' ? [{ href: `${base}/answers.csv?${qs}`, label: `Every answer (CSV), ${title} ${round.year}` }] : []),
  ]
}

/** Each distinct text with how many answers read exactly it, in the order given. */
function counted(texts: string[]): Map<string, number> {
  const map = new Map<string, number>()
  for (const t of texts) map.set(t, (map.get(t) ?? 0) + 1)
  return map
}

/** A question's written answers, as the report shows them to the coordinator, each with its way to delete it. */
async function chooseAnswer(c: Ctx) {
  const parsed = questionQuery.safeParse(c.req.query())
  if (!parsed.success) throw new HTTPException(400, { message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') })
  const { survey: surveyId, year, key } = parsed.data
  const { db, institution } = c.var
  const round = await roundByName(c, surveyId, year)
  const stored = (await db.query.rounds.findFirst({ where: (r, { eq }) => eq(r.id, round.id) }))!
  const survey = await surveyOfRound(db, c.var.catalog, stored)
  // the same rule as the report: closed rounds only, and only from the free-text minimum of writers
  const shown = await freeTextAnswers(db, survey, stored, (await settingsOf(db, institution.partnershipId)).minFreeTextCohort)
  const question = shown.status === 'closed' ? shown.questions.find((q) => q.key === key) : undefined
  if (!question || question.status !== 'shown') throw new HTTPException(404, { message: 'There are no written answers to show for this question.' })
  const qs = `survey=${encodeURIComponent(surveyId)}&year=${encodeURIComponent(year)}&key=${encodeURIComponent(key)}`
  return c.html(
    <StaffFrame title="Delete a written answer" user={c.var.user} place={{ area: 'report', institution }}>
      <h1>Delete a written answer</h1>
      <p>
        {question.text} ({surveyId} {year}). Choose the answer to delete: you will be asked to confirm.
      </p>
      <ul class="free-text-answers">
        {[...counted(question.answers)].map(([a, same]) => (
          <li>
            <span dir="auto">{a}</span>
            {same > 1 ? ` (${same} answers read exactly this)` : ''}{' '}
            <a href={`/dashboard/institutions/${institution.id}/delete-answer?${qs}&text=${encodeURIComponent(a)}`}>
              Delete<span class="visually-hidden">: {a}</span>
            </a>
          </li>
        ))}
      </ul>
    </StaffFrame>,
  )
}

export const deletionPages = new Hono<StaffEnv>()
  .get('/institutions/:id/delete-round/:roundId', seeInstitution, async (c) => {
    requireLead(c.var.user, 'delete a round')
    const round = await roundIn(c)
    const contents = await roundContents(c.var.db, round.id)
    const { institution } = c.var
    return c.html(
      <ConfirmPage
        user={c.var.user}
        institution={institution}
        title={`Delete the round of “${c.var.catalog.get(round.surveyId)?.title ?? round.surveyId}”, ${round.year}, at ${institution.name}`}
        goes={[
          `${contents.responses} responses, every answer and written answer, and the round’s totals`,
          `${contents.tokens} one-time codes`,
          ...(contents.actionPlan ? ['its action plan'] : []),
          ...(contents.youSaid ? ['its “you said, we did”'] : []),
          'the round from the partnership’s figures, the trend and next year’s development questions',
        ]}
        downloads={downloadsOf(institution.id, round, true, c.var.catalog.get(round.surveyId)?.title)}
        action={`/dashboard/institutions/${institution.id}/delete-round/${round.id}`}
        button="Delete this round"
      />,
    )
  })
  .post('/institutions/:id/delete-round/:roundId', smallForm, seeInstitution, async (c) => {
    requireLead(c.var.user, 'delete a round')
    const round = await roundIn(c)
    await requireConfirmed(c)
    await deleteRound(c.var.db, c.var.institution, round, actorOf(c.var.user), c.var.now())
    return c.redirect(`/dashboard/institutions/${c.var.institution.id}`, 303)
  })
  .get('/institutions/:id/delete', seeInstitution, async (c) => {
    requireLead(c.var.user, 'delete an institution')
    const { institution, db } = c.var
    const rounds = (
      await db.$client.execute({ sql: 'SELECT survey_id, year, status FROM rounds WHERE institution_id = ? ORDER BY year, survey_id', args: [institution.id] })
    ).rows
    const staff = Number((await db.$client.execute({ sql: 'SELECT count(*) AS n FROM users WHERE institution_id = ?', args: [institution.id] })).rows[0]!.n)
    return c.html(
      <ConfirmPage
        user={c.var.user}
        institution={institution}
        title={`Delete ${institution.name}`}
        goes={[
          `${rounds.length} survey rounds with every answer and total`,
          'its framework figures and actions',
          `${staff} staff ${staff === 1 ? 'account' : 'accounts'} of the institution`,
          'the institution from the partnership’s figures',
        ]}
        downloads={rounds.flatMap((r) =>
          downloadsOf(
            institution.id,
            { surveyId: String(r.survey_id), year: String(r.year), status: String(r.status) },
            true,
            c.var.catalog.get(String(r.survey_id))?.title,
          ),
        )}
        action={`/dashboard/institutions/${institution.id}/delete`}
        button={`Delete ${institution.name}`}
      />,
    )
  })
  .post('/institutions/:id/delete', smallForm, seeInstitution, async (c) => {
    requireLead(c.var.user, 'delete an institution')
    await requireConfirmed(c)
    await deleteInstitution(c.var.db, c.var.institution, actorOf(c.var.user), c.var.now())
    return c.redirect('/dashboard', 303)
  })
  .get('/institutions/:id/delete-answer', changeInstitution, async (c) => {
    if (c.req.query('text') === undefined) return chooseAnswer(c)
    const answer = answerOf(c.req.query())
    const round = await roundByName(c, answer.survey, answer.year)
    const { institution } = c.var
    return c.html(
      <ConfirmPage
        user={c.var.user}
        institution={institution}
        title="Delete a written answer"
        goes={[`Every answer to ${answer.key} in the ${round.surveyId} round of ${round.year} that reads exactly: “${answer.text}”`]}
        downloads={[]}
        action={`/dashboard/institutions/${institution.id}/delete-answer`}
        hidden={answer}
        button="Delete this answer"
      />,
    )
  })
  .post('/institutions/:id/delete-answer', smallForm, changeInstitution, async (c) => {
    const body = await formBody(c)
    const answer = answerOf({ survey: formText(body, 'survey'), year: formText(body, 'year'), key: formText(body, 'key'), text: formText(body, 'text') })
    if (formText(body, 'confirm') !== 'yes') throw new HTTPException(400, { message: 'Tick the box to confirm the deletion: nothing was deleted.' })
    const round = await roundByName(c, answer.survey, answer.year)
    await deleteFreeText(c.var.db, c.var.institution, round, answer.key, answer.text, actorOf(c.var.user), c.var.now())
    return c.redirect(`/dashboard/institutions/${c.var.institution.id}/report?survey=${round.surveyId}&year=${encodeURIComponent(round.year)}#free-text`, 303)
  })
