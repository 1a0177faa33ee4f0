import { bodyLimit } from 'hono/body-limit'
import { RequestError } from '../http/errors.tsx'
import type { FormBody } from '../http/request-body.ts'

/** An upload larger than `maxBytes` is refused with 413 before it is read, saying what the limit is. */
export const uploadLimit = (maxBytes: number, what: string) =>
  bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new RequestError(413, `The file is too large: at most ${maxBytes / 1024 / 1024} MB of ${what} can be imported at once.`)
    },
  })

/**
 * The CSV file of an upload form as text: UTF-8, as spreadsheets save CSV, without the byte-order
 * mark some add. A form that gives the file twice is a 400; no file, or one that is not UTF-8,
 * is a message for the page.
 */
export async function uploadedCsv(body: FormBody): Promise<{ text: string } | { error: string }> {
  const file = body.file
  if (Array.isArray(file))
    throw new RequestError(400, 'The form gives "file" more than once: choose one CSV file.', [{ path: 'file', message: 'choose one file' }])
  if (!(file instanceof File) || file.size === 0) return { error: 'Choose a CSV file to check.' }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer()).replace(/^\ufeff/, '') }
  } catch {
    return { error: 'The file is not UTF-8 text. Save it from the spreadsheet as “CSV UTF-8” and choose it again.' }
  }
}
