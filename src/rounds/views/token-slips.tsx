import { Layout } from '../../ui/layout.tsx'
import { QrCode } from '../../ui/qr-code.tsx'
import { shortDate } from '../schedule.ts'

/** One-time codes as slips to cut out, ten to an A4 page; shown once, never stored in readable form. */
export function TokenSlips({
  surveyTitle,
  label,
  tokens,
  host,
  origin,
  back,
  closesOn,
}: {
  surveyTitle: string
  label: string
  tokens: string[]
  host: string
  origin: string
  back: string
  /** The round's closing day (YYYY-MM-DD), printed on each slip. */
  closesOn?: string | null
}) {
  return (
    <Layout title={`One-time codes: ${surveyTitle}`} stylesheets={['/dashboard.css', '/print-sheets.css']} className="staff printout">
      <div class="no-print print-bar">
        <h1>
          {tokens.length} one-time codes{label ? ` for ${label}` : ''}
        </h1>
        <div class="notice notice-warning" role="status">
          <p>Print this page now: the codes are not stored in a readable form and cannot be shown again. Each code lets one person answer once.</p>
        </div>
        <p>
          <a href={back}>Back to the survey rounds</a>
        </p>
      </div>
      <ul class="slips">
        {tokens.map((t) => (
          <li class="slip">
            <QrCode text={`${origin}/s/${t}`} />
            <div class="slip-words">
              <span class="slip-title">{surveyTitle}</span>
              <span class="slip-go">Go to {host} and type:</span>
              <strong class="code slip-code">{t}</strong>
              {label || closesOn ? (
                <span class="slip-label">{[label, closesOn ? `closes ${shortDate(closesOn)}` : ''].filter(Boolean).join(' · ')}</span>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </Layout>
  )
}
