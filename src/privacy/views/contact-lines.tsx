import type { NoticeFacts } from '../notice-text.ts'

/** The partnership's contact as the privacy notice and the accessibility statement give it: one line each, each isolated for direction. */
export function ContactLines({ contact }: { contact: NonNullable<NoticeFacts['contact']> }) {
  return (
    <p class="notice-lines" data-contact>
      <span dir="auto">{contact.name}</span>
      {contact.email ? (
        <>
          <br />
          <a href={`mailto:${contact.email}`}>{contact.email}</a>
        </>
      ) : null}
      {contact.phone ? (
        <>
          <br />
          <span dir="ltr">{contact.phone}</span>
        </>
      ) : null}
      {contact.address ? (
        <>
          <br />
          <span dir="auto">{contact.address}</span>
        </>
      ) : null}
    </p>
  )
}
