import { Layout } from '../../ui/layout.tsx'
import type { Resume } from '../resume.ts'

/** Signed in again after the session ended mid-form: one button sends what was typed, to where it was going. */
export function ResumePage({ resume }: { resume: Resume }) {
  return (
    <Layout title="Send your form again" stylesheets={['/dashboard.css']} className="staff">
      <h1>You are signed in again</h1>
      <div class="notice notice-warning" role="status">
        <p>Your session had ended, so the form you sent was not saved. Everything you typed is kept: send it again now.</p>
      </div>
      <form method="post" action={resume.action}>
        {Object.entries(resume.fields).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <div class="button-group">
          <button type="submit">Send the form again</button>
          <a href="/dashboard">Go to the dashboard without sending it</a>
        </div>
      </form>
    </Layout>
  )
}
