import { z } from 'zod'

/** The numbers in staff addresses: `/institutions/:id`, `/institutions/:id/rounds/:roundId`. */
export const idParam = z.object({ id: z.coerce.number({ error: 'the institution id is a number' }).int().positive() })
export const roundParam = idParam.extend({ roundId: z.coerce.number({ error: 'the round id is a number' }).int().positive() })
