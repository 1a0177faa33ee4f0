import { Layout } from '../../ui/layout.tsx'

/** A sheet to print for a class: the address and the round code, large. */
export function AccessSheet({ institutionName, surveyTitle, year, code, link }: { institutionName: string; surveyTitle: string; year: string; code: string; link: string }) {
  return (
    <Layout title={`Access sheet: ${surveyTitle}`}>
      <link rel="stylesheet" href="/dashboard.css" />
      <div class="sheet">
        <p class="sheet-school">
          {institutionName} · {year}
        </p>
        <h1>{surveyTitle}</h1>
        <p>Go to this address:</p>
        <p class="sheet-link">{link}</p>
        <p>and type this code:</p>
        <p class="sheet-code">{code}</p>
        <p>You do not give your name. It takes about 10 minutes.</p>
      </div>
    </Layout>
  )
}
