import type { Child } from 'hono/jsx'
import { ImportNotices, ProblemSummary } from './import-notices.tsx'

/** A checked file: its problems, or what is ready and what the confirm form carries back. */
export type CheckedFile = {
  problems: string[]
  /** What will be stored, shown above the confirm button (when there are no problems). */
  ready: Child
  /** The fields the confirm form sends back, the file's text among them. */
  carry: Record<string, string>
  confirmLabel: string
}

/**
 * The two steps every file import shares (earlier answers, framework figures): upload and check,
 * then confirm. Nothing is stored until the confirm form is sent; the upload form stays below
 * so that a corrected file can be checked again.
 */
export function ImportSteps(props: {
  action: string
  outcome: { done?: string; error?: string; errorTitle?: string }
  checked?: CheckedFile
  uploadFields: Child
}) {
  const { checked } = props
  return (
    <>
      <ImportNotices done={props.outcome.done} error={props.outcome.error} errorTitle={props.outcome.errorTitle} />
      {checked ? (
        <section aria-labelledby="preview-title">
          <h2 id="preview-title">Check the file</h2>
          {checked.problems.length ? (
            <ProblemSummary problems={checked.problems} />
          ) : (
            <>
              {checked.ready}
              <form method="post" action={`${props.action}/confirm`}>
                {Object.entries(checked.carry).map(([name, value]) => (
                  <input type="hidden" name={name} value={value} />
                ))}
                <button type="submit">{checked.confirmLabel}</button>
              </form>
            </>
          )}
        </section>
      ) : null}
      <form method="post" action={`${props.action}/preview`} enctype="multipart/form-data">
        {props.uploadFields}
        <button type="submit">Check the file</button>
      </form>
    </>
  )
}
