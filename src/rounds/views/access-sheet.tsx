import { Layout } from '../../ui/layout.tsx'
import { QrCode } from '../../ui/qr-code.tsx'
import { codeGroups } from '../codes.ts'
import { dayAndDate } from '../schedule.ts'

/** When the survey can be answered, as the poster says it: "Open until the end of Friday 28 November 2025." */
function sheetDates(opensOn: string | null, closesOn: string | null): string {
  const from = opensOn ? `Opens on ${dayAndDate(opensOn)}` : ''
  if (closesOn) return from ? `${from} and closes at the end of ${dayAndDate(closesOn)}.` : `Open until the end of ${dayAndDate(closesOn)}.`
  return from ? `${from}, until your school closes it.` : 'Open until your school closes it.'
}

/** An A4 poster for a classroom or a parents' evening: where to go, the round code in large letters, a QR code that opens the survey. */
export function AccessSheet(props: {
  institutionName: string
  surveyTitle: string
  year: string
  code: string
  /** The event an event's code is for (rounds/event-codes.ts), printed under the title. */
  event?: string | undefined
  link: string
  host: string
  /** The round's dates (YYYY-MM-DD), printed in words: the poster goes up before a scheduled round opens. */
  opensOn: string | null
  closesOn: string | null
  back: string
  /** About how many minutes the survey takes (surveyMinutes of its survey): the same number the survey page gives. */
  minutes?: number
}) {
  return (
    <Layout title={`Access sheet: ${props.surveyTitle} ${props.year}`} stylesheets={['/dashboard.css', '/print-sheets.css']} className="staff printout">
      <p class="no-print print-bar">
        <a href={props.back}>Back to the survey rounds</a> · Print this page (Ctrl+P or ⌘P): it fits one A4 sheet.
      </p>
      <article class="sheet">
        <p class="sheet-school">
          {props.institutionName} · {props.year}
        </p>
        <h1 class="sheet-title">{props.surveyTitle}</h1>
        {props.event ? <p class="sheet-event">{props.event}</p> : null}
        <div class="sheet-steps">
          <div class="sheet-step">
            <p class="sheet-label">1. Go to</p>
            <p class="sheet-link">{props.host}</p>
          </div>
          <div class="sheet-step">
            <p class="sheet-label">2. Type this code</p>
            {/* an 8-character code in two groups of four, which wrap onto two lines on a narrow screen; typed with or without the space */}
            <p class="sheet-code">
              {codeGroups(props.code).map((group) => (
                <span class="sheet-code-group">{group}</span>
              ))}
            </p>
          </div>
        </div>
        <div class="sheet-qr">
          <QrCode text={props.link} class="qr qr-large" />
          <p>Or scan this with a phone camera, or go straight to {props.link.replace(/^https?:\/\//, '')}</p>
        </div>
        <ul class="sheet-facts">
          <li>You do not give your name. Nobody can tell which answers are yours.</li>
          {props.minutes ? <li>It takes about {props.minutes} minutes.</li> : null}
          <li>{sheetDates(props.opensOn, props.closesOn)}</li>
        </ul>
      </article>
    </Layout>
  )
}
