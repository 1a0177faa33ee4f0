import type { Child } from 'hono/jsx'

/** A table that scrolls sideways on a narrow screen, reachable and named for keyboard and screen-reader users. */
export function ScrollTable(props: { id: string; caption: string; class?: string; children: Child }) {
  return (
    <div class="table-scroll" role="region" aria-labelledby={`${props.id}-caption`} tabindex={0}>
      <table id={props.id} class={`report-table${props.class ? ` ${props.class}` : ''}`}>
        <caption id={`${props.id}-caption`}>{props.caption}</caption>
        {props.children}
      </table>
    </div>
  )
}
