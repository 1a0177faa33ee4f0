import { StaffFrame } from '../../ui/staff-frame.tsx'
import type { User } from '../users.ts'

/** A one-time link (an invitation, a password reset), shown once, with what to do with it. */
export function LinkPage({ user, title, link, lines }: { user: User; title: string; link: string; lines: string[] }) {
  return (
    <StaffFrame title={title} user={user} place={{ area: 'accounts' }} stylesheets={['/accounts.css']}>
      <h1>{title}</h1>
      {lines.map((line) => (
        <p>{line}</p>
      ))}
      <div class="field">
        <label for="one-time-link">The link</label>
        <input id="one-time-link" type="text" class="one-time-link" value={link} readonly />
      </div>
      <p>
        <a href="/dashboard/accounts">Back to the accounts</a>
      </p>
    </StaffFrame>
  )
}
