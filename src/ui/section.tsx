import type { Child } from 'hono/jsx'

/** A titled part of a staff page, its heading naming the region. */
export function Section(props: { id: string; title: string; class?: string; children: Child }) {
  return (
    <section class={`report-section${props.class ? ` ${props.class}` : ''}`} id={props.id} aria-labelledby={`${props.id}-heading`}>
      <h2 id={`${props.id}-heading`}>{props.title}</h2>
      {props.children}
    </section>
  )
}
