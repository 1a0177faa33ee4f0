import type { User } from '../../auth/users.ts'
import { HeadRow } from '../../ui/head-row.tsx'
import { ScrollTable } from '../../ui/scroll-table.tsx'
import { StaffFrame, type StaffPlace } from '../../ui/staff-frame.tsx'
import { actionWords, auditActions, type AuditFilter, type AuditRow } from '../log.ts'

export type AuditPageProps = {
  user: User
  /** The lead's partnership-wide log, or one institution's. */
  scope: { kind: 'partnership' } | { kind: 'institution'; institution: { id: number; name: string } }
  rows: AuditRow[]
  filter: AuditFilter
  /** Institutions the lead may narrow to. */
  institutions: { id: number; name: string }[]
  limit: number
  csvHref: string
  action: string
}

/** "2025-11-20T10:04Z" as "20 Nov 2025, 10:04 UTC". */
function when(at: string) {
  const d = new Date(at.replace('Z', ':00Z'))
  if (Number.isNaN(d.getTime())) return at
  const day = d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })
  return `${day}, ${at.slice(11, 16)} UTC`
}

/** The audit log: a filter form (sent by GET, so the address can be bookmarked), the entries, newest first, and the CSV. */
export function AuditPage(props: AuditPageProps) {
  const { user, scope, rows, filter } = props
  const place: StaffPlace = scope.kind === 'institution' ? { area: 'audit', institution: scope.institution } : { area: 'audit' }
  const heading = scope.kind === 'institution' ? `Audit log: ${scope.institution.name}` : 'Audit log of the partnership'
  return (
    <StaffFrame title={heading} user={user} place={place} wide>
      <h1>{heading}</h1>
      <p class="lede">
        Every change made by staff, to the minute: who, what, and for which institution and round. Nothing a student or parent does is recorded here. Entries
        cannot be changed or removed.
      </p>
      <form method="get" action={props.action} class="token-form" aria-label="Filter the audit log">
        {scope.kind === 'partnership' ? (
          <div class="field">
            <label for="audit-institution">Institution</label>
            <select id="audit-institution" name="institution">
              <option value="">All institutions</option>
              {props.institutions.map((i) => (
                <option value={String(i.id)} selected={filter.institutionId === i.id}>
                  {i.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div class="field">
          <label for="audit-action">What</label>
          <select id="audit-action" name="action">
            <option value="">Everything</option>
            {Object.entries(auditActions).map(([value, words]) => (
              <option value={value} selected={filter.action === value}>
                {words}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="audit-actor">Who (name or email)</label>
          <input type="text" id="audit-actor" name="actor" value={filter.actor ?? ''} class="short" />
        </div>
        <div class="field">
          <label for="audit-from">From</label>
          <input type="date" id="audit-from" name="from" value={filter.from ?? ''} />
        </div>
        <div class="field">
          <label for="audit-to">To</label>
          <input type="date" id="audit-to" name="to" value={filter.to ?? ''} />
        </div>
        <button type="submit" class="secondary">
          Show
        </button>
      </form>
      <p>
        <a href={props.csvHref} download>
          Download these entries as CSV
        </a>
      </p>
      {rows.length === 0 ? (
        <p>No entries match.</p>
      ) : (
        <ScrollTable
          id="audit-entries"
          caption={
            rows.length >= props.limit
              ? `The latest ${props.limit} entries that match`
              : `${rows.length} ${rows.length === 1 ? 'entry' : 'entries'}, newest first`
          }
          stack
        >
          <HeadRow columns={['When', 'Who', 'What', ...(scope.kind === 'partnership' ? ['Institution'] : []), 'About', 'Detail']} roles />
          <tbody role="rowgroup">
            {rows.map((r) => (
              <tr data-audit-action={r.action} role="row">
                <td role="cell" data-label="When">
                  <time datetime={r.at.replace('Z', ':00Z')}>{when(r.at)}</time>
                </td>
                <td dir="auto" role="cell" data-label="Who">
                  {r.actor}
                </td>
                <td role="cell" data-label="What">
                  {actionWords(r.action)}
                </td>
                {scope.kind === 'partnership' ? (
                  <td role="cell" data-label="Institution">
                    {r.institution ?? (r.institutionId === null ? 'the partnership' : 'a deleted institution')}
                  </td>
                ) : null}
                <td dir="auto" role="cell" data-label="About">
                  {r.subject}
                </td>
                <td dir="auto" role="cell" data-label="Detail">
                  {r.detail}
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
    </StaffFrame>
  )
}
