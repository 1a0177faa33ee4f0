import { Hono, type Context } from 'hono'
import { csrf } from 'hono/csrf'
import { HTTPException } from 'hono/http-exception'
import { secureHeaders } from 'hono/secure-headers'
import { reportApi } from './analysis/api.ts'
import { noStore } from './auth/guard.tsx'
import { authRoutes } from './auth/routes.tsx'
import { ssoRoutes } from './auth/sso-routes.tsx'
import { surveyApi } from './collect/api.ts'
import { dashboard } from './dashboard/routes.tsx'
import { previewPages, respondentPages } from './collect/pages.tsx'
import type { AppDeps, AppEnv } from './env.ts'
import { handleError } from './http/errors.tsx'
import { requireBodyType } from './http/request-body.ts'
import { privacyPages } from './privacy/routes.tsx'

const notFound = (c: Context) => handleError(new HTTPException(404, { message: 'There is no page at this address.' }), c)

/**
 * Builds Signpost. The database comes in as an argument, so the same app runs on Node with an
 * embedded libSQL file and on Cloudflare Workers against a libSQL server.
 */
export function createApp(deps: AppDeps) {
  const now = deps.now ?? (() => new Date())
  return (
    new Hono<AppEnv>()
      .use(
        secureHeaders({
          // every script and style is a same-origin file: no inline code can run, even if some got in
          contentSecurityPolicy: {
            defaultSrc: ["'self'"],
            scriptSrc: ["'self'"],
            styleSrc: ["'self'"],
            imgSrc: ["'self'", 'data:'],
            objectSrc: ["'none'"],
            baseUri: ["'none'"],
            formAction: ["'self'"],
            frameAncestors: ["'none'"],
          },
        }),
      )
      .use(noStore)
      .use(csrf())
      .use(requireBodyType)
      .use(async (c, next) => {
        c.set('db', await deps.getDb(c.env ?? {}))
        c.set('catalog', deps.catalog)
        c.set('now', now)
        await next()
      })
      .route('/', respondentPages)
      .route('/api/surveys', surveyApi)
      .route('/api/institutions', reportApi)
      .route('/', authRoutes)
      // single sign-on with a partnership's OpenID Connect providers (src/auth/sso-routes.tsx)
      .route('/', ssoRoutes)
      // a round's survey as staff preview it, storing nothing (src/collect/pages.tsx); before the dashboard, which it is part of
      .route('/dashboard', previewPages)
      .route('/dashboard', dashboard)
      // the privacy notice and the accessibility statement, public (src/privacy/)
      .route('/', privacyPages)
      .get('/healthz', async (c) => {
        // ready only when the database answers
        await c.var.db.$client.execute('SELECT 1')
        return c.text('ok')
      })
      // a route of its own, not only notFound(): the Node entry mounts this app inside another,
      // whose notFound (a bare text 404) would otherwise answer
      .all('*', notFound)
      .notFound(notFound)
      .onError(handleError)
  )
}

export type App = ReturnType<typeof createApp>
