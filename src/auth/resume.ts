import { z } from 'zod'

/**
 * A staff form sent after the session ended. Its text fields travel with the sign-in page (as
 * JSON in one hidden field) so that, once signed in again, the user can send exactly what they
 * typed, to the same address: nothing typed is lost. Only same-site addresses, only small forms.
 */
export const maxResumeBytes = 32 * 1024

export const resumeSchema = z.strictObject({
  action: z.string().regex(/^\/dashboard(?:\/[\w\-/%.]*)?(?:\?[\w\-/%.=&]*)?$/, 'only a dashboard address'),
  fields: z.record(z.string().max(40), z.string().max(maxResumeBytes)),
})

export type Resume = z.infer<typeof resumeSchema>

/** The resume carried by a sign-in form, or null when there is none or it is not one of ours. */
export function readResume(text: string | undefined): Resume | null {
  if (!text || text.length > maxResumeBytes * 2) return null
  try {
    const parsed = resumeSchema.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/** Only same-site paths are followed after sign-in (with their query, so a deep link lands where it pointed). */
export const safeNext = (next: string | undefined) => (next && /^\/(?!\/)[\w\-/%.?=&]*$/.test(next) ? next : '/dashboard')
