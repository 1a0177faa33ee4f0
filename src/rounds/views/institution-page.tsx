import type { User } from '../../auth/users.ts'
import { audienceWords, byAudience, type Audience } from '../../surveys/audience.ts'
import type { SurveyCatalog } from '../../surveys/load.ts'
import { StaffFrame } from '../../ui/staff-frame.tsx'
import { countWords, visibleCount } from '../live-count.ts'
import type { RoundSummary as Listed } from '../summaries.ts'
import type { Scheduled } from '../schedule.ts'
import type { LabelProgress } from '../label-progress.ts'
import type { EventCode } from '../event-codes.ts'
import type { Coverage } from '../../coverage/rates.ts'
import type { Roll } from '../../coverage/rolls.ts'
import { RollSection, RoundCoverage } from '../../ui/coverage.tsx'

/** A round as the page shows it today: closed past its closing date, with when it opens or closes (rounds/schedule.ts). */
type RoundSummary = Scheduled<Listed>

const yearId = (year: string) => `year-${year.replace('/', '-')}`

/** Class labels in the order a school reads them: 7A, 9B, 10A, 10B; codes printed without a label last. */
const byClass = (a: LabelProgress, b: LabelProgress) =>
  (a.label === '') !== (b.label === '') ? (a.label === '' ? 1 : -1) : a.label.localeCompare(b.label, 'en-GB', { numeric: true })

/**
 * One-time codes used per class while the round is open: what a coordinator needs to chase a
 * class, never which code was used or what was answered. A class with fewer codes printed than
 * the minimum cohort shows no used count.
 */
function ClassProgress({ classes, minCohort, id }: { classes: LabelProgress[]; minCohort: number; id: number }) {
  const held = classes.some((c) => c.used === null)
  return (
    <div class="class-progress">
      <table class="staff-table" aria-describedby={held ? `class-note-${id}` : undefined}>
        <caption>One-time codes used, by class</caption>
        <thead>
          <tr>
            <th scope="col">Class or group</th>
            <th scope="col" class="num">
              Printed
            </th>
            <th scope="col" class="num">
              Used
            </th>
          </tr>
        </thead>
        <tbody>
          {[...classes].sort(byClass).map((c) => (
            <tr>
              <th scope="row">{c.label || 'No class given'}</th>
              <td class="num">{c.printed}</td>
              <td class="num">{c.used === null ? 'not shown' : `${c.used} of ${c.printed}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {held ? (
        <p class="hint" id={`class-note-${id}`}>
          A class with fewer than {minCohort} codes printed shows no used count, so that nobody can tell who in a small group answered.
        </p>
      ) : null}
      <p class="hint">These counts say how many codes were used, never which ones or what was answered.</p>
    </div>
  )
}

/** One round: what it is, whether it is open, how many answered, how people get in, what can be done. */
function RoundCard({
  round,
  title,
  base,
  canEdit,
  minCohort,
  coverage,
  classes,
  lead,
  events,
}: {
  round: RoundSummary
  title: string
  base: string
  canEdit: boolean
  /** The partnership lead, who alone may void a flood of a code-only round. */
  lead: boolean
  minCohort: number
  coverage?: Coverage | undefined
  /** Codes printed and used per class label: given for an open round with one-time codes. */
  classes?: LabelProgress[] | undefined
  /** The codes made for events: given for an open round the code alone opens. */
  events?: EventCode[] | undefined
}) {
  const open = round.status === 'open'
  const waiting = round.availability === 'not-yet-open'
  // a round an import created: nobody answers it, so no code, access sheet or re-opening
  const imported = round.source === 'imported'
  const shown = visibleCount(round.respondents, round.status, minCohort)
  const reportHref = `${base}/report?survey=${round.surveyId}&year=${encodeURIComponent(round.year)}`
  return (
    <li class={open ? 'round-card is-open' : 'round-card'} id={`round-${round.id}`}>
      <h3>
        {title}{' '}
        <span class={waiting ? 'status-tag status-scheduled' : open ? 'status-tag status-open' : 'status-tag status-closed'}>
          {waiting ? 'Scheduled' : open ? 'Open' : 'Closed'}
        </span>
        {imported ? <span class="status-tag status-imported">Imported</span> : null}
      </h3>
      <dl class="round-facts">
        <div>
          <dt>Responses</dt>
          <dd data-round-responses={round.id}>{countWords(shown, minCohort)}</dd>
        </div>
        {imported ? (
          <div>
            <dt>Source</dt>
            <dd>Imported from a file: Signpost did not collect these responses. The round stays closed.</dd>
          </div>
        ) : null}
        {imported ? null : (
          <div>
            <dt>Round code</dt>
            <dd>
              <span class="code">{round.code}</span>
            </dd>
          </div>
        )}
        {imported ? null : (
          <div>
            <dt>Access</dt>
            <dd>
              {round.tokensRequired ? 'Code plus a one-time code each' : 'Code only'}
              {round.tokens ? ` (${round.tokens} one-time codes issued)` : ''}
            </dd>
          </div>
        )}
        {round.schedule ? (
          <div>
            <dt>Dates</dt>
            <dd class="round-schedule">{round.schedule}</dd>
          </div>
        ) : null}
      </dl>
      {/* a survey that asks no year group (staff, employers) has no rate against the roll */}
      {coverage && coverage.groups.length > 0 && !waiting ? (
        <RoundCoverage coverage={coverage} open={open} minCohort={minCohort} rated={round.audience === 'student'} />
      ) : null}
      {open && classes?.length ? <ClassProgress classes={classes} minCohort={minCohort} id={round.id} /> : null}
      <p class="round-links">
        <a href={reportHref}>
          Report
          <span class="visually-hidden">
            : {title}, {round.year}
          </span>
        </a>
        {imported ? null : (
          <a href={`${base}/rounds/${round.id}/sheet`}>
            Printable access sheet
            <span class="visually-hidden">
              : {title}, {round.year}
            </span>
          </a>
        )}
        {canEdit && !imported ? (
          <a href={`${base}/rounds/${round.id}/preview`}>
            Preview the survey
            <span class="visually-hidden">
              : {title}, {round.year}
            </span>
          </a>
        ) : null}
        {lead && open && !imported && !round.tokensRequired ? (
          <a href={`${base}/rounds/${round.id}/void`}>
            Void a flood of responses
            <span class="visually-hidden">
              : {title}, {round.year}
            </span>
          </a>
        ) : null}
        {lead ? (
          <a href={`${base}/delete-round/${round.id}`}>
            Delete this round
            <span class="visually-hidden">
              : {title}, {round.year}
            </span>
          </a>
        ) : null}
        {canEdit && open && !imported && !round.tokensRequired ? (
          <a href={`/s/${round.code}?kiosk=1`}>
            Kiosk for a shared tablet
            <span class="visually-hidden">
              : {title}, {round.year}
            </span>
          </a>
        ) : null}
      </p>
      {events ? (
        <EventCodes events={events} base={`${base}/rounds/${round.id}`} canEdit={canEdit} title={title} employers={round.audience === 'employer'} />
      ) : null}
      {canEdit && !imported ? (
        <div class="actions">
          <a class="button-secondary" href={`${base}/rounds/${round.id}/${open ? 'close' : 'open'}`}>
            {open ? 'Close round' : 'Re-open round'}
            <span class="visually-hidden">
              : {title}, {round.year}
            </span>
          </a>
          {open ? (
            <form method="post" action={`${base}/rounds/${round.id}/tokens`} class="token-form">
              <div class="field">
                <label for={`count-${round.id}`} class="block">
                  One-time codes
                </label>
                <input id={`count-${round.id}`} name="count" type="number" min="1" max="500" value="30" inputmode="numeric" />
              </div>
              <div class="field">
                <label for={`label-${round.id}`} class="block">
                  Class or group (optional)
                </label>
                <input id={`label-${round.id}`} name="label" type="text" maxlength={40} placeholder="10B" />
              </div>
              <button type="submit" class="secondary">
                Print code slips
              </button>
            </form>
          ) : null}
        </div>
      ) : null}
    </li>
  )
}

/**
 * The codes made for events of a code-only round (rounds/event-codes.ts): each with its own
 * access sheet, each stopped on its own. Responses name no code, so nothing is split by event.
 */
function EventCodes({ events, base, canEdit, title, employers }: { events: EventCode[]; base: string; canEdit: boolean; title: string; employers: boolean }) {
  if (!events.length && !canEdit) return null
  return (
    <details class="event-codes" open={events.length > 0}>
      <summary>
        Codes for events ({events.length})<span class="visually-hidden">: {title}</span>
      </summary>
      <p class="hint">
        {employers
          ? 'Give each careers event its own code, such as a careers fair or a mock-interview morning, so each visitor answers about the day they came.'
          : 'Give an event its own code and its own sheet.'}{' '}
        Every code opens this round; results are never split by code.
      </p>
      {events.length ? (
        <ul class="event-code-list">
          {events.map((e) => (
            <li>
              <span class="event-label">{e.label}</span> <span class="code">{e.code}</span>{' '}
              <a href={`${base}/sheet?event=${e.code}`}>
                Access sheet<span class="visually-hidden">: {e.label}</span>
              </a>
              {canEdit ? (
                <form method="post" action={`${base}/event-codes/${e.code}/stop`} class="inline-form">
                  <button type="submit" class="link-button">
                    Stop this code<span class="visually-hidden">: {e.label}</span>
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {canEdit ? (
        <form method="post" action={`${base}/event-codes`} class="event-code-form">
          <div class="field">
            <label for={`event-${base.replace(/\D+/g, '-')}`} class="block">
              Event
            </label>
            <input id={`event-${base.replace(/\D+/g, '-')}`} name="label" type="text" maxlength={60} placeholder="Careers fair, 12 March" required />
          </div>
          <button type="submit" class="secondary">
            Make a code for this event
          </button>
        </form>
      ) : null}
    </details>
  )
}

/**
 * Opens this year's round of one survey, with a choice of how respondents get in: one-time codes
 * preselected for students (a plain code lets whoever holds it post answers they know, as often
 * as they like), the round code preselected for parents and carers, who answer from home.
 */
function OpenRoundForm({ survey, year, base }: { survey: { id: string; title: string; audience: Audience }; year: string; base: string }) {
  const students = survey.audience === 'student'
  const who = audienceWords[survey.audience].people
  const id = `open-${survey.id}`
  return (
    <form method="post" action={`${base}/rounds`} class="open-round-form">
      <input type="hidden" name="year" value={year} />
      <input type="hidden" name="survey" value={survey.id} />
      <fieldset class="access-choice">
        <legend>
          {survey.title}: how do {who} get in?
        </legend>
        <div class="choice">
          <input type="radio" id={`${id}-tokens`} name="tokensRequired" value="yes" checked={students} />
          <label for={`${id}-tokens`}>
            One-time codes{students ? ' (recommended)' : ''}
            <span class="choice-hint">Everyone gets a printed slip with their own code, which works once: nobody can answer twice or for someone else.</span>
          </label>
        </div>
        <div class="choice">
          <input type="radio" id={`${id}-code`} name="tokensRequired" value="no" checked={!students} />
          <label for={`${id}-code`}>
            Round code only
            <span class="choice-hint">
              One code for everyone, quick to hand out, but anyone who has it can answer, and more than once. The report shows how the responses arrived.
            </span>
          </label>
        </div>
      </fieldset>
      <fieldset class="round-dates">
        <legend>When (optional)</legend>
        <p class="choice-hint">Without an opening date the round opens now. It closes itself at the end of the closing day.</p>
        <div class="field">
          <label for={`${id}-opens`} class="block">
            Opens on
          </label>
          <input id={`${id}-opens`} name="opensOn" type="date" />
        </div>
        <div class="field">
          <label for={`${id}-closes`} class="block">
            Closes on
          </label>
          <input id={`${id}-closes`} name="closesOn" type="date" />
        </div>
      </fieldset>
      <button type="submit">Open the round: {survey.title}</button>
    </form>
  )
}

/** One institution: its rounds by year, access, and the way to each report. */
export function InstitutionPage(props: {
  user: User
  institution: { id: number; name: string }
  rounds: RoundSummary[]
  catalog: SurveyCatalog
  year: string
  canEdit: boolean
  minCohort: number
  message?: string
  /** Each round's response rate (by round id), against its year's sizes. */
  coverage?: Map<number, Coverage>
  /** This year's year-group sizes (or the ones carried from an earlier year). */
  roll?: Roll | null
  today?: string
  /** Codes printed and used per class label, by round id (open rounds with one-time codes). */
  classes?: Map<number, LabelProgress[]>
  /** The codes made for events, by round id (open code-only rounds). */
  events?: Map<number, EventCode[]>
}) {
  const { institution, rounds, catalog, canEdit } = props
  const years = [...new Set(rounds.map((r) => r.year))]
  const missing = [...catalog.values()].filter((s) => !rounds.some((r) => r.year === props.year && r.surveyId === s.id))
  const base = `/dashboard/institutions/${institution.id}`
  const anyOpen = rounds.some((r) => r.status === 'open')
  return (
    <StaffFrame title={`Survey rounds: ${institution.name}`} user={props.user} place={{ area: 'rounds', institution }}>
      <h1>
        {institution.name}
        <span class="subtitle">Survey rounds</span>
      </h1>
      <div role="status">
        {props.message ? (
          <div class="notice notice-success">
            <p>{props.message}</p>
          </div>
        ) : null}
      </div>
      {anyOpen ? (
        <p class="hint" data-counts-url={`${base}/counts`}>
          While a round is open its count goes up in steps of {props.minCohort}, so that nobody can tell when one person answered. The exact count shows once
          the round is closed.
        </p>
      ) : null}
      {canEdit && missing.length ? (
        <section aria-labelledby="open-title" class="open-round">
          <h2 id="open-title">Open a survey round for {props.year}</h2>
          <p class="hint">Choose how people get in, then open the round.</p>
          {/* students first, as in the list of rounds */}
          {[...missing].sort(byAudience).map((s) => (
            <OpenRoundForm survey={s} year={props.year} base={base} />
          ))}
        </section>
      ) : null}
      <p role="status" id="count-updates" class="visually-hidden"></p>
      {years.length === 0 ? <p>No survey rounds yet.</p> : null}
      {years.map((year) => (
        <section aria-labelledby={yearId(year)}>
          <h2 id={yearId(year)}>{year}</h2>
          <ul class="round-list">
            {rounds
              .filter((r) => r.year === year)
              // in the order of the audiences: students, parents and carers, staff, employers
              .sort(byAudience)
              .map((r) => (
                <RoundCard
                  round={r}
                  title={catalog.get(r.surveyId)?.title ?? r.surveyId}
                  base={base}
                  canEdit={canEdit}
                  minCohort={props.minCohort}
                  coverage={props.coverage?.get(r.id)}
                  classes={props.classes?.get(r.id)}
                  lead={props.user.role === 'lead'}
                  events={props.events?.get(r.id)}
                />
              ))}
          </ul>
        </section>
      ))}
      <RollSection roll={props.roll ?? null} year={props.year} action={`${base}/roll`} canEdit={canEdit} />
      {props.user.role === 'lead' ? (
        <p>
          <a href={`${base}/import`}>Import an earlier year’s answers (SurveyMonkey or CSV)</a> ·{' '}
          <a href={`${base}/imports`}>Imported files (remove an import)</a> · <a href={`${base}/delete`}>Delete {institution.name} and all its rounds</a>
        </p>
      ) : canEdit ? (
        <p class="hint">
          Answers from a year surveyed before Signpost (a SurveyMonkey or CSV file) can be brought in for comparison: the partnership lead imports them. Send
          the file to your partnership lead.
        </p>
      ) : null}
    </StaffFrame>
  )
}
