import { Hono } from 'hono'
import { reportPages } from '../analysis/pages.tsx'
import { auditPages } from '../audit/routes.tsx'
import { dpiaPages } from '../privacy/dpia-routes.ts'
import { deletionPages } from '../retention/deletion-routes.tsx'
import { requireStaff, type StaffEnv } from '../auth/guard.tsx'
import { frameworkPages } from '../framework/routes.tsx'
import { importPages } from '../importers/pages.tsx'
import { academicYear, academicYearOf } from '../rounds/academic-year.ts'
import { roundPages } from '../rounds/pages.tsx'
import { voidPages } from '../rounds/void-pages.tsx'
import { rollPages } from '../coverage/routes.tsx'
import { accountPages } from '../auth/accounts-pages.tsx'
import { signInProviderPages } from '../auth/sign-in-providers-pages.tsx'
import { yourAccountPages } from '../auth/your-account-pages.tsx'
import { evidencePages } from '../evidence/routes.tsx'
import { overviewSortSchema, partnershipOverview } from './overview.ts'
import { OverviewPage } from './views/overview-page.tsx'

/**
 * The staff dashboard: every page signed in, every institution checked against the user.
 *
 *   GET /dashboard                          the lead's overview of the year, ?sort=column or -column (others go to their institution)
 *   /dashboard/institutions/:id...          rounds (src/rounds/pages.tsx, a flood voided: src/rounds/void-pages.tsx), reports (src/analysis/pages.tsx),
 *                                           import (src/importers/pages.tsx), framework (src/framework/routes.tsx)
 *   /dashboard/framework...                 the IAG Improvement Framework (src/framework/routes.tsx)
 *   /dashboard/rolls                        every institution's year-group sizes, and their CSV (src/coverage/routes.tsx)
 *   /dashboard/accounts...                  staff accounts: invitations, roles, deactivation, reset links (src/auth/accounts-pages.tsx)
 *   /dashboard/accounts/sign-in-providers   single sign-on providers, the lead's (src/auth/sign-in-providers-pages.tsx)
 *   /dashboard/account...                   your own account and its two-factor sign-in (src/auth/your-account-pages.tsx)
 *   /dashboard/institutions/:id/impact...   the careers impact statement and the Benchmark 1 evidence pack (src/evidence/routes.tsx)
 */
export const dashboard = new Hono<StaffEnv>()
  .use(requireStaff)
  .route('/', importPages)
  .route('/', frameworkPages)
  .route('/', roundPages)
  .route('/', voidPages)
  .route('/', reportPages)
  .route('/', auditPages)
  .route('/', dpiaPages)
  .route('/', deletionPages)
  .route('/', rollPages)
  // before the accounts pages: their /accounts/:userId would take /accounts/sign-in-providers
  .route('/', signInProviderPages)
  .route('/', accountPages)
  .route('/', yourAccountPages)
  .route('/', evidencePages)
  .get('/', async (c) => {
    const user = c.var.user
    if (user.role !== 'lead') return c.redirect(`/dashboard/institutions/${user.institutionId}`, 303)
    const year = academicYear.catch(academicYearOf(c.var.now())).parse(c.req.query('year') ?? academicYearOf(c.var.now()))
    const overview = await partnershipOverview(c.var.db, c.var.catalog, user.partnershipId, year)
    return c.html(<OverviewPage user={user} year={year} {...overview} sort={overviewSortSchema.parse(c.req.query('sort'))} />)
  })
