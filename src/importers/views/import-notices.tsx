/**
 * The parts every two-step file import page shares (earlier answers, framework figures): what
 * happened, what went wrong, and the file's problems before anything is stored.
 */

/** "Imported …" as a status, a refusal as an alert (under `errorTitle` when given); nothing when neither. */
export function ImportNotices({ done, error, errorTitle }: { done?: string; error?: string; errorTitle?: string }) {
  return (
    <>
      {done ? (
        <p role="status" class="notice">
          {done}
        </p>
      ) : null}
      {error ? (
        <div class="error-summary" role="alert">
          {errorTitle ? <h2>{errorTitle}</h2> : null}
          <p>{error}</p>
        </div>
      ) : null}
    </>
  )
}

/** Shown at most: a file can have a problem on every row. */
const maxProblemsShown = 200

/** Every problem of a checked file (each naming its row and column), announced. */
export function ProblemSummary({ problems }: { problems: string[] }) {
  const one = problems.length === 1
  return (
    <div class="error-summary" role="alert">
      <h3>
        {problems.length} {one ? 'problem' : 'problems'}: nothing can be imported until {one ? 'it is' : 'they are'} fixed
      </h3>
      <ul>
        {problems.slice(0, maxProblemsShown).map((p) => (
          <li>{p}</li>
        ))}
      </ul>
      {problems.length > maxProblemsShown ? <p>The first {maxProblemsShown} are listed.</p> : null}
    </div>
  )
}
