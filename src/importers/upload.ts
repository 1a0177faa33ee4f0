import type { Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import { RequestError } from '../http/errors.tsx'
import { formBody, type FormBody } from '../http/request-body.ts'
import { decodeCsvBytes, encodingNote } from './encoding.ts'

/**
 * The fields of an upload form. A body that says it is multipart but cannot be read as such (no
 * boundary, a part cut short, a broken header) is the sender's mistake: a 400 saying so, not a
 * 500 with a stack trace in the log.
 */
export async function uploadForm(c: Context): Promise<FormBody> {
  try {
    return await formBody(c)
  } catch (error) {
    if (error instanceof HTTPException) throw error
    throw new RequestError(
      400,
      'The upload could not be read: the form data is incomplete or malformed. Choose the file again and send the form from the page.',
    )
  }
}

/** An upload larger than `maxBytes` is refused with 413 before it is read, saying what the limit is. */
export const uploadLimit = (maxBytes: number, what: string) =>
  bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new RequestError(413, `The file is too large: at most ${maxBytes / 1024 / 1024} MB of ${what} can be imported at once.`)
    },
  })

/**
 * The CSV file of an upload form as text (UTF-8, UTF-16 or Windows-1252: see encoding.ts), with a
 * note when it was not UTF-8. A form that gives the file twice is a 400; no file, or one that is
 * not text, is a message for the page.
 */
export async function uploadedCsv(body: FormBody): Promise<{ text: string; note?: string } | { error: string }> {
  const file = body.file
  if (Array.isArray(file))
    throw new RequestError(400, 'The form gives "file" more than once: choose one CSV file.', [{ path: 'file', message: 'choose one file' }])
  if (!(file instanceof File) || file.size === 0) return { error: 'Choose a CSV file to check.' }
  const decoded = decodeCsvBytes(new Uint8Array(await file.arrayBuffer()))
  if ('error' in decoded) return decoded
  const note = encodingNote(decoded.encoding, decoded.text)
  return note ? { text: decoded.text, note } : { text: decoded.text }
}
