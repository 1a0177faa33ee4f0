import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { z } from 'zod'
import { actorOf, recordAudit } from '../audit/record.ts'
import { changeInstitution, seeInstitution, type InstitutionEnv, type StaffEnv } from '../auth/guard.tsx'
import { RequestError } from '../http/errors.tsx'
import { roundParam } from '../http/params.ts'
import { formBody, formText, smallForm } from '../http/request-body.ts'
import { settingsOf } from '../org/settings.ts'
import { academicYear, academicYearOf, today } from './academic-year.ts'
import { coverageOfInstitution } from '../coverage/report-coverage.ts'
import { rollOf, RollError, rollInputSchema, setRoll, yearGroups } from '../coverage/rolls.ts'
import { scheduled } from './schedule.ts'
import { labelProgress } from './label-progress.ts'
import { countWords, visibleCount } from './live-count.ts'
import { addEventCode, eventCodesOf, stopEventCode } from './event-codes.ts'
import { normaliseCode } from './codes.ts'
import { closeRound, importedRoundStaysClosed, issueTokens, openRound, roundOfInstitution, type Round } from './rounds.ts'
import { roundsOfInstitution } from './summaries.ts'
import { surveyMinutes } from '../surveys/minutes.ts'
import { surveyOfRound } from './survey-versions.ts'
import { AccessSheet } from './views/access-sheet.tsx'
import { ConfirmRoundPage } from './views/confirm-round.tsx'
import { InstitutionPage } from './views/institution-page.tsx'
import { TokenSlips } from './views/token-slips.tsx'

const notices: Record<string, string> = {
  opened: 'The round is open.',
  scheduled: 'The round is scheduled: it opens itself on its opening date.',
  closed: 'The round is closed.',
  reopened: 'The round is open again.',
  'event-code': 'The event’s code is made: print its access sheet.',
  'event-code-stopped': 'The event’s code is stopped: it opens nothing now.',
  roll: 'The year-group sizes are saved.',
}

const tokenForm = z.object({
  count: z.coerce.number({ error: 'give a number of codes' }).int().min(1).max(500, 'at most 500 codes at a time'),
  label: z.string().trim().max(40).default(''),
})

/**
 * How respondents get in, as the form to open a round chose it: `yes` one-time codes, `no` the
 * round code only; not given, the survey's audience decides (see `defaultTokensRequired`).
 */
function accessChoice(value: string): boolean | undefined {
  if (value === 'yes') return true
  if (value === 'no') return false
  if (value === '') return undefined
  throw new RequestError(400, 'Choose how respondents get in: one-time codes or the round code only.', [
    { path: 'tokensRequired', message: 'choose one-time codes or the round code only' },
  ])
}

const dateField = z.union([z.literal(''), z.iso.date({ error: 'a date is written as day, month and year' })])

/**
 * The opening and closing dates of the form to open a round: both optional. A round with an
 * opening date after today is scheduled (it opens itself on that day); a closing date is the last
 * day answers are taken, and it cannot have passed already or come before the opening.
 */
function roundDates(opens: string, closes: string, day: string): { opensOn?: string; closesOn?: string } {
  const o = dateField.safeParse(opens.trim())
  const c = dateField.safeParse(closes.trim())
  const issues = [
    ...(o.success ? [] : [{ path: 'opensOn', message: 'give the opening date as a date' }]),
    ...(c.success ? [] : [{ path: 'closesOn', message: 'give the closing date as a date' }]),
  ]
  if (!issues.length && c.data && c.data < day) issues.push({ path: 'closesOn', message: 'the closing date has passed already' })
  if (!issues.length && o.data && c.data && c.data < o.data) issues.push({ path: 'closesOn', message: 'the closing date is before the opening date' })
  if (issues.length) throw new RequestError(400, `The round was not opened: ${issues.map((i) => i.message).join('; ')}.`, issues)
  return { ...(o.data ? { opensOn: o.data } : {}), ...(c.data ? { closesOn: c.data } : {}) }
}

/** Records a change to a round in the audit log: who, what, which round, to the minute. */
function auditRound(
  c: Context<InstitutionEnv>,
  action: 'round.opened' | 'round.closed' | 'round.reopened' | 'codes.printed' | 'event-code.added' | 'event-code.stopped',
  round: Pick<Round, 'id' | 'surveyId' | 'year'>,
  detail?: string,
) {
  const { institution } = c.var
  return recordAudit(c.var.db, {
    action,
    actor: actorOf(c.var.user),
    partnershipId: institution.partnershipId,
    institutionId: institution.id,
    roundId: round.id,
    subject: `${institution.name}, ${round.surveyId} ${round.year}`,
    ...(detail ? { detail } : {}),
    at: c.var.now(),
  })
}

/**
 * An institution's survey rounds, mounted in the dashboard:
 *
 *   GET  /institutions/:id                                the institution's rounds by year, with live counts
 *   GET  /institutions/:id/counts                         those counts as JSON, for the page to refresh them
 *   GET  /institutions/:id/rounds/:roundId/close|open     "Close this round?" (coordinator or lead)
 *   POST /institutions/:id/rounds                         open (or schedule, with dates) this year's round of a survey (coordinator or lead)
 *   POST /institutions/:id/roll                           the year-group sizes of a year (coordinator or lead)
 *   POST /institutions/:id/rounds/:roundId/close|open     close or re-open a round (coordinator or lead; a round an import
 *                                                         created is never opened: 409)
 *   POST /institutions/:id/rounds/:roundId/tokens         one-time codes, printed once as slips (coordinator or lead)
 *   POST /institutions/:id/rounds/:roundId/event-codes    a code for one event of a code-only round (coordinator or lead)
 *   POST /institutions/:id/rounds/:roundId/event-codes/:code/stop   ... stopped: it opens nothing from then on
 *   GET  /institutions/:id/rounds/:roundId/sheet          the printable access sheet (address and code; ?event=CODE for an event's)
 */
export const roundPages = new Hono<StaffEnv>()
  .get('/institutions/:id', seeInstitution, async (c) => {
    const { institution, user } = c.var
    const settings = await settingsOf(c.var.db, institution.partnershipId)
    const year = academicYearOf(c.var.now())
    // a round past its closing date shows as closed, one before its opening date as scheduled (rounds/schedule.ts)
    const rounds = scheduled(await roundsOfInstitution(c.var.db, institution.id), today(c.var.now()))
    // progress by class only while a round with printed codes is open
    const withCodes = rounds.filter((r) => r.status === 'open' && r.availability === 'open' && r.tokens > 0)
    // the codes made for events, on the rounds the round code alone opens
    const codeOnly = rounds.filter((r) => !r.tokensRequired && r.source !== 'imported' && r.status === 'open')
    const events = new Map(await Promise.all(codeOnly.map(async (r) => [r.id, await eventCodesOf(c.var.db, r.id)] as const)))
    const [coverage, roll, classes] = await Promise.all([
      coverageOfInstitution(c.var.db, institution.id, rounds, (id) => c.var.catalog.get(id), settings),
      rollOf(c.var.db, institution.id, year),
      Promise.all(withCodes.map(async (r) => [r.id, await labelProgress(c.var.db, r.id, settings.minCohort)] as const)),
    ])
    return c.html(
      <InstitutionPage
        user={user}
        institution={institution}
        rounds={rounds}
        catalog={c.var.catalog}
        year={year}
        canEdit={user.role !== 'viewer'}
        minCohort={settings.minCohort}
        message={notices[c.req.query('done') ?? '']}
        coverage={coverage}
        roll={roll}
        today={today(c.var.now())}
        classes={new Map(classes)}
        events={events}
      />,
    )
  })
  .post('/institutions/:id/roll', smallForm, changeInstitution, async (c) => {
    const { institution } = c.var
    const body = await formBody(c)
    // an empty box leaves that year group as it is
    const entered = Object.fromEntries(yearGroups.flatMap((g) => (formText(body, g).trim() === '' ? [] : [[g, formText(body, g).trim()]])))
    const parsed = rollInputSchema.safeParse(entered)
    if (!parsed.success) {
      throw new RequestError(
        400,
        'The year-group sizes were not saved: each is a whole number from 0 to 10,000.',
        parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      )
    }
    const year = academicYear.safeParse(formText(body, 'year'))
    if (!year.success)
      throw new RequestError(400, `The year-group sizes were not saved: ${year.error.issues[0]!.message}.`, [
        { path: 'year', message: 'give the academic year' },
      ])
    try {
      await setRoll(c.var.db, institution.id, year.data, parsed.data)
    } catch (e) {
      if (e instanceof RollError) throw new RequestError(400, e.message, [])
      throw e
    }
    return c.redirect(`/dashboard/institutions/${institution.id}?done=roll#roll-title`, 303)
  })
  .post('/institutions/:id/rounds', smallForm, changeInstitution, async (c) => {
    const { institution } = c.var
    const body = await formBody(c)
    const dates = roundDates(formText(body, 'opensOn'), formText(body, 'closesOn'), today(c.var.now()))
    const round = await openRound(c.var.db, c.var.catalog, {
      institution: institution.slug,
      survey: formText(body, 'survey'),
      year: formText(body, 'year'),
      tokensRequired: accessChoice(formText(body, 'tokensRequired')),
      ...dates,
    })
    const when = [round.opensOn ? `opens ${round.opensOn}` : '', round.closesOn ? `closes ${round.closesOn}` : ''].filter(Boolean).join(', ')
    await auditRound(c, 'round.opened', round, `${round.tokensRequired ? 'one-time codes required' : 'round code only'}${when ? `; ${when}` : ''}`)
    return c.redirect(`/dashboard/institutions/${institution.id}?done=${dates.opensOn && dates.opensOn > today(c.var.now()) ? 'scheduled' : 'opened'}`, 303)
  })
  .get('/institutions/:id/counts', seeInstitution, async (c) => {
    const { minCohort } = await settingsOf(c.var.db, c.var.institution.partnershipId)
    const rounds = scheduled(await roundsOfInstitution(c.var.db, c.var.institution.id), today(c.var.now()))
    c.header('cache-control', 'no-store')
    return c.json({ rounds: rounds.map((r) => ({ id: r.id, responses: countWords(visibleCount(r.respondents, r.status, minCohort), minCohort) })) })
  })
  .get('/institutions/:id/rounds/:roundId/:action{close|open}', changeInstitution, async (c) => {
    const { institution } = c.var
    const { roundId } = roundParam.parse(c.req.param())
    // one read of the round, with its count: a round of another institution is not among these, so it is "no such round" too
    const round = (await roundsOfInstitution(c.var.db, institution.id)).find((r) => r.id === roundId)
    if (!round) throw new HTTPException(404, { message: 'There is no such round.' })
    if (c.req.param('action') === 'open' && round.source === 'imported') {
      throw new HTTPException(409, {
        message: importedRoundStaysClosed(round, { institution: institution.name, survey: c.var.catalog.get(round.surveyId)?.title ?? round.surveyId }),
      })
    }
    const { minCohort } = await settingsOf(c.var.db, institution.partnershipId)
    return c.html(
      <ConfirmRoundPage
        user={c.var.user}
        institution={institution}
        round={round}
        surveyTitle={c.var.catalog.get(round.surveyId)?.title ?? round.surveyId}
        action={c.req.param('action') === 'close' ? 'close' : 'open'}
        respondents={countWords(visibleCount(round.respondents, round.status, minCohort), minCohort)}
      />,
    )
  })
  .post('/institutions/:id/rounds/:roundId/:action{close|open}', changeInstitution, async (c) => {
    const { institution } = c.var
    const round = await roundOfInstitution(c.var.db, institution.id, roundParam.parse(c.req.param()).roundId)
    const closing = c.req.param('action') === 'close'
    if (closing) await closeRound(c.var.db, round)
    else await openRound(c.var.db, c.var.catalog, { institution: institution.slug, survey: round.surveyId, year: round.year })
    await auditRound(c, closing ? 'round.closed' : 'round.reopened', round)
    return c.redirect(`/dashboard/institutions/${institution.id}?done=${closing ? 'closed' : 'reopened'}`, 303)
  })
  .post('/institutions/:id/rounds/:roundId/tokens', smallForm, changeInstitution, async (c) => {
    const { institution } = c.var
    const round = await roundOfInstitution(c.var.db, institution.id, roundParam.parse(c.req.param()).roundId)
    // nobody answers a round an import created: it is never opened, so one-time codes for it would be useless
    if (round.source === 'imported') {
      throw new HTTPException(409, {
        message: importedRoundStaysClosed(round, { institution: institution.name, survey: c.var.catalog.get(round.surveyId)?.title ?? round.surveyId }),
      })
    }
    const form = tokenForm.parse(await formBody(c))
    const tokens = await issueTokens(c.var.db, round, form.count, form.label || undefined)
    // how many and for which class, never the codes
    await auditRound(c, 'codes.printed', round, `${form.count} codes${form.label ? ` for ${form.label}` : ''}`)
    return c.html(
      <TokenSlips
        surveyTitle={c.var.catalog.get(round.surveyId)?.title ?? round.surveyId}
        label={form.label}
        tokens={tokens}
        host={new URL(c.req.url).host}
        origin={new URL(c.req.url).origin}
        back={`/dashboard/institutions/${institution.id}`}
        closesOn={round.closesOn}
      />,
    )
  })
  .post('/institutions/:id/rounds/:roundId/event-codes', smallForm, changeInstitution, async (c) => {
    const { institution } = c.var
    const round = await roundOfInstitution(c.var.db, institution.id, roundParam.parse(c.req.param()).roundId)
    const made = await addEventCode(c.var.db, round, formText(await formBody(c), 'label'))
    // which event, never the code
    await auditRound(c, 'event-code.added', round, made.label)
    return c.redirect(`/dashboard/institutions/${institution.id}?done=event-code#round-${round.id}`, 303)
  })
  .post('/institutions/:id/rounds/:roundId/event-codes/:code/stop', smallForm, changeInstitution, async (c) => {
    const { institution } = c.var
    const round = await roundOfInstitution(c.var.db, institution.id, roundParam.parse(c.req.param()).roundId)
    const stopped = await stopEventCode(c.var.db, round.id, normaliseCode(c.req.param('code')))
    if (!stopped) throw new RequestError(404, 'There is no such event code for this round: it may have been stopped already.')
    await auditRound(c, 'event-code.stopped', round, stopped.label)
    return c.redirect(`/dashboard/institutions/${institution.id}?done=event-code-stopped#round-${round.id}`, 303)
  })
  .get('/institutions/:id/rounds/:roundId/sheet', seeInstitution, async (c) => {
    const { institution } = c.var
    const round = await roundOfInstitution(c.var.db, institution.id, roundParam.parse(c.req.param()).roundId)
    // an event's own sheet prints its code and names the event
    const asked = c.req.query('event')
    const event = asked ? (await eventCodesOf(c.var.db, round.id)).find((e) => e.code === normaliseCode(asked)) : undefined
    if (asked && !event) throw new RequestError(404, 'There is no such event code for this round: it may have been stopped.')
    const code = event?.code ?? round.code
    // the round's own version of the survey: its time is the one its survey page gives
    const survey = await surveyOfRound(c.var.db, c.var.catalog, round)
    return c.html(
      <AccessSheet
        institutionName={institution.name}
        surveyTitle={survey.title}
        minutes={surveyMinutes(survey)}
        year={round.year}
        code={code}
        event={event?.label}
        link={`${new URL(c.req.url).origin}/s/${code}`}
        host={new URL(c.req.url).host}
        opensOn={round.opensOn}
        closesOn={round.closesOn}
        back={`/dashboard/institutions/${institution.id}`}
      />,
    )
  })
