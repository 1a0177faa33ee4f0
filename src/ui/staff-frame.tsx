import type { Child } from 'hono/jsx'
import type { User } from '../auth/users.ts'
import { Layout } from './layout.tsx'

/** Where a staff page sits, for the navigation: which institution's pages, and which of them. */
export type StaffPlace =
  | { area: 'overview' | 'matrix' | 'criteria' | 'framework-import' | 'audit' | 'error' | 'accounts' | 'account' }
  | { area: 'rounds' | 'report' | 'framework' | 'import' | 'you-said' | 'audit' | 'impact'; institution: { id: number; name: string } }

const roleWords: Record<User['role'], string> = { lead: 'partnership lead', coordinator: 'coordinator', viewer: 'viewer' }

type NavItem = { href: string; label: string; current: boolean }

function navItems(user: User, place: StaffPlace): NavItem[] {
  const items: NavItem[] = []
  if (user.role === 'lead') {
    items.push({ href: '/dashboard', label: 'Partnership', current: place.area === 'overview' })
    items.push({ href: '/dashboard/framework', label: 'Framework matrix', current: place.area === 'matrix' || place.area === 'framework-import' })
    items.push({ href: '/dashboard/framework/criteria', label: 'Criteria', current: place.area === 'criteria' })
  }
  const institutionId = 'institution' in place ? place.institution.id : user.role === 'lead' ? null : user.institutionId
  if (institutionId !== null) {
    const base = `/dashboard/institutions/${institutionId}`
    items.push({ href: base, label: 'Survey rounds', current: place.area === 'rounds' || place.area === 'report' })
    items.push({ href: `${base}/framework`, label: 'Framework', current: place.area === 'framework' || place.area === 'you-said' })
    items.push({ href: `${base}/impact`, label: 'Impact statement', current: place.area === 'impact' })
    // only the partnership lead imports earlier years' answers (src/importers/pages.tsx)
    if (user.role === 'lead') items.push({ href: `${base}/import`, label: 'Import', current: place.area === 'import' })
  }
  if (user.role !== 'lead') items.push({ href: '/dashboard/framework/criteria', label: 'Criteria', current: place.area === 'criteria' })
  // who did what: the lead reads the partnership's log, a coordinator their institution's (viewers none)
  if (user.role === 'lead') items.push({ href: '/dashboard/audit', label: 'Audit log', current: place.area === 'audit' })
  else if (user.role === 'coordinator' && user.institutionId !== null)
    items.push({ href: `/dashboard/institutions/${user.institutionId}/audit`, label: 'Audit log', current: place.area === 'audit' })
  // the lead manages every account, a coordinator invites their institution's viewers (src/auth/accounts-pages.tsx)
  if (user.role !== 'viewer') items.push({ href: '/dashboard/accounts', label: 'Accounts', current: place.area === 'accounts' })
  return items
}

/** The header of every staff page: the product, where you are, the navigation, who is signed in and the way out. */
function StaffHeader({ user, place }: { user: User; place: StaffPlace }) {
  const institution = 'institution' in place ? place.institution.name : null
  return (
    <header class="staff-header">
      <div class="staff-bar">
        <a href="/dashboard" class="brand" lang="en" dir="ltr">
          Signpost
        </a>
        {institution ? <span class="staff-context">{institution}</span> : null}
        <div class="staff-account">
          {/* your own account (password, second factor) is reached by your name: the navigation holds the work */}
          <span class="signed-in">
            Signed in as{' '}
            <a href="/dashboard/account" aria-current={place.area === 'account' ? 'page' : undefined} aria-label={`${user.name}: your account`}>
              {user.name}
            </a>{' '}
            ({roleWords[user.role]})
          </span>
          <form method="post" action="/sign-out" class="inline-form">
            <button type="submit" class="link-button">
              Sign out
            </button>
          </form>
        </div>
      </div>
      <nav class="staff-nav" aria-label="Staff pages">
        <ul>
          {navItems(user, place).map((item) => (
            <li>
              <a href={item.href} aria-current={item.current ? 'page' : undefined}>
                {item.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  )
}

/** The frame of every staff page: the staff header, the staff stylesheet, and the page. */
export function StaffFrame({
  title,
  user,
  place = { area: 'overview' },
  wide = false,
  stylesheets = [],
  children,
}: {
  title: string
  user: User
  place?: StaffPlace
  wide?: boolean
  stylesheets?: string[]
  children: Child
}) {
  return (
    <Layout
      title={title}
      stylesheets={['/dashboard.css', ...stylesheets]}
      className={wide ? 'staff wide' : 'staff'}
      scripts={['/staff.js']}
      header={<StaffHeader user={user} place={place} />}
    >
      {children}
    </Layout>
  )
}
