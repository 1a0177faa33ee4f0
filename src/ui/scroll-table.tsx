import type { Child } from 'hono/jsx'

/**
 * A table that scrolls sideways on a narrow screen, reachable and named for keyboard and screen-reader users.
 * `stack`: on a phone it is laid out instead as one block per row, each value under its column's name (the
 * cells' `data-label`), for a table too wide to read sideways (web/dashboard.css, `.stack-narrow`). Its
 * rows and cells then say their roles themselves (`role="row"`, ...): a browser may drop a table's
 * semantics when its CSS display is no longer a table's. `stack="inline"`: a row's values follow each
 * other on a line under its heading, for short figures.
 */
export function ScrollTable(props: { id: string; caption: string; class?: string; stack?: boolean | 'inline'; children: Child }) {
  const classes = ['report-table', props.class, props.stack ? 'stack-narrow' : undefined, props.stack === 'inline' ? 'stack-inline' : undefined]
    .filter(Boolean)
    .join(' ')
  return (
    <div class="table-scroll" role="region" aria-labelledby={`${props.id}-caption`} tabindex={0}>
      <table id={props.id} class={classes} role={props.stack ? 'table' : undefined}>
        <caption id={`${props.id}-caption`}>{props.caption}</caption>
        {props.children}
      </table>
    </div>
  )
}
