import { expect } from 'vitest'
import type { createApp } from '../../src/app.ts'
import type { User } from '../../src/auth/users.ts'

type App = ReturnType<typeof createApp>
export const origin = 'http://localhost'
export const staffPassword = 'correct horse battery'

/** Signs in through the real form; returns the session cookie. */
export async function signIn(app: App, email: string, password = staffPassword): Promise<string> {
  const res = await app.request('/sign-in', {
    method: 'POST',
    body: new URLSearchParams({ email, password }),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
  })
  expect(res.status).toBe(303)
  return res.headers.get('set-cookie')!.split(';')[0]!
}

/** Posts a form as a signed-in browser would. */
export function postForm(app: App, path: string, cookie: string, fields: Record<string, string> = {}) {
  return app.request(path, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin, cookie },
  })
}

/** A coordinator as a page is rendered for, without a database behind it: for rendering views in tests. */
export const renderedFor: User = {
  id: 1,
  email: 'elm@school.test',
  name: 'Elm Coordinator',
  role: 'coordinator',
  partnershipId: 1,
  institutionId: 1,
  passwordHash: '',
  createdAt: '',
  lastSignInAt: null,
  deactivatedAt: null,
  deactivatedReason: null,
  reactivatedAt: null,
}
