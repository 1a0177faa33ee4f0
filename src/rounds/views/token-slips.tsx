import { Layout } from '../../ui/layout.tsx'

/** One-time codes as slips to cut out; shown once, never stored in readable form. */
export function TokenSlips({ surveyTitle, label, tokens, startUrl, back }: { surveyTitle: string; label: string; tokens: string[]; startUrl: string; back: string }) {
  return (
    <Layout title={`One-time codes: ${surveyTitle}`}>
      <link rel="stylesheet" href="/dashboard.css" />
      <div class="no-print">
        <h1>
          {tokens.length} one-time codes{label ? ` for ${label}` : ''}
        </h1>
        <p>Print this page now: the codes are not stored in a readable form and cannot be shown again.</p>
        <p>
          <a href={back}>Back to the institution</a>
        </p>
      </div>
      <ul class="slips">
        {tokens.map((t) => (
          <li class="slip">
            <span class="slip-title">{surveyTitle}</span>
            <span>Go to {startUrl} and type:</span>
            <strong class="code">{t}</strong>
            {label ? <span>{label}</span> : null}
          </li>
        ))}
      </ul>
    </Layout>
  )
}
