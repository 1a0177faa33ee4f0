import { expect } from 'vitest'
import type { createApp } from '../../src/app.ts'

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
