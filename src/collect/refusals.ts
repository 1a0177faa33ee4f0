import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Round } from '../rounds/rounds.ts'
import type { Refusal } from './access.ts'

/** How each refusal is told to a respondent and to an API client. */
export function explainRefusal(refusal: Refusal | 'unknown', round?: Round): { status: ContentfulStatusCode; title: string; message: string } {
  switch (refusal) {
    case 'unknown':
      return { status: 404, title: 'Code not found', message: 'We could not find a survey with that code. Check the code on your sheet or slip and try again.' }
    case 'not-yet-open':
      return { status: 409, title: 'This survey is not open yet', message: `This survey opens on ${round?.opensOn ?? 'a later date'}. Please come back then.` }
    case 'closed':
      return { status: 410, title: 'This survey has closed', message: 'This survey is closed and is not taking answers any more. Thank you for your interest.' }
    case 'token-required':
      return {
        status: 403,
        title: 'You need your own code',
        message: 'This survey needs the personal one-time code printed on your slip. Type that code on the start page.',
      }
    case 'token-used':
      return {
        status: 409,
        title: 'This code has been used',
        message:
          'Answers have already been sent with this one-time code. Each code can be used once. Ask your teacher or coordinator if you think this is wrong.',
      }
  }
}
