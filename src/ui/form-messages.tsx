import type { Child } from 'hono/jsx'

/** What a staff form says back: a saved notice, the summary of what is wrong, the message beside a field. */

export function Notice({ message }: { message?: string }) {
  return (
    <div role="status" class="status-message">
      {message ? <p>{message}</p> : null}
    </div>
  )
}

export function ErrorSummary({ errors, labels }: { errors: Record<string, string>; labels?: Record<string, string> }) {
  const entries = Object.entries(errors)
  if (!entries.length) return null
  return (
    <div class="error-summary" role="alert" tabindex={-1}>
      <h2>Nothing was saved: {entries.length === 1 ? 'there is a problem' : `there are ${entries.length} problems`}</h2>
      <ul>
        {entries.map(([key, message]) => (
          <li>{labels?.[key] ? `${labels[key]}: ${message}` : message}</li>
        ))}
      </ul>
    </div>
  )
}

export function FieldError({ message, id }: { message?: string; id: string }) {
  return message ? (
    <p class="error-message" id={id}>
      {message}
    </p>
  ) : null
}

/** The ids a field's control is described by: its hint and its error, where it has them. */
export const describedBy = (id: string, hint?: string, error?: string) =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined

/** A field of a staff form: the label, the hint and the error message around its control (which names them with `describedBy`). */
export function FieldFrame({ id, label, hint, error, children }: { id: string; label: string; hint?: string; error?: string; children: Child }) {
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={id}>{label}</label>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="error-message" id={`${id}-error`}>
          <span class="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
      {children}
    </div>
  )
}
