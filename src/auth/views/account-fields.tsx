import { describedBy, FieldFrame } from '../../ui/form-messages.tsx'
import type { Role } from '../users.ts'

/** Shared pieces of the account pages: dates in words, a role's words, the status of an account. */

/** An ISO time as "20 Nov 2025"; null as "never". */
export function day(at: string | null, never = 'Never') {
  if (!at) return never
  const d = new Date(at)
  if (Number.isNaN(d.getTime())) return at
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })
}

export const roleLabel: Record<Role, string> = { lead: 'Partnership lead', coordinator: 'Coordinator', viewer: 'Viewer' }

/** A select with its label, hint and error, for the account forms. */
export function SelectField({
  id,
  name,
  label,
  hint,
  error,
  options,
  value,
}: {
  id: string
  name: string
  label: string
  hint?: string
  error?: string
  options: { value: string; label: string }[]
  value?: string
}) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <select id={id} name={name} aria-describedby={describedBy(id, hint, error)} aria-invalid={error ? 'true' : undefined}>
        {options.map((o) => (
          <option value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  )
}
