import type { Child } from 'hono/jsx'
import type { User } from '../auth/users.ts'
import { Layout } from './layout.tsx'

/** The frame of every staff page: who is signed in, the way back, sign out. */
export function StaffFrame({ title, user, children }: { title: string; user: User; children: Child }) {
  return (
    <Layout title={title}>
      <link rel="stylesheet" href="/dashboard.css" />
      <nav class="staff-nav" aria-label="Staff">
        <a href="/dashboard">Dashboard</a>
        <span class="signed-in">
          Signed in as {user.name} ({user.role === 'lead' ? 'partnership lead' : user.role})
        </span>
        <form method="post" action="/sign-out" class="inline-form">
          <button type="submit" class="link-button">
            Sign out
          </button>
        </form>
      </nav>
      {children}
    </Layout>
  )
}
