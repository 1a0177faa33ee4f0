import { z } from 'zod'
import { normalise } from '../importers/columns.ts'
import {
  actionKeys,
  qualityAwardCodes,
  qualityAwardStatements,
  staffingCodes,
  staffingStatements,
  type QualityAwardCode,
  type StaffingCode,
} from './statements.ts'

/**
 * The four elements the partnership lead enters for an institution and year, as one zod
 * schema shared by the form, the CSV import and the CLI; and how a typed cell becomes a value.
 */

const share = z
  .number({ error: 'give a percentage, such as 94.5' })
  .min(0, 'a percentage cannot be below 0')
  .max(100, 'a percentage cannot be above 100')
  .refine((x) => Math.abs(x * 100 - Math.round(x * 100)) < 1e-6, 'give at most two decimal places, such as 94.25')

export const entryInputSchema = z.strictObject({
  destinationKs4: share.nullable(),
  destinationPost16: share.nullable(),
  y11Eet: share.nullable(),
  qualityAward: z.enum(qualityAwardCodes, { error: `choose one of ${qualityAwardCodes.join(', ')}` }).nullable(),
  staffing: z.enum(staffingCodes, { error: `choose one of ${staffingCodes.join(', ')}` }).nullable(),
})
export type EntryInput = z.infer<typeof entryInputSchema>
export type EntryField = keyof EntryInput

/** The database column of each field, and the CSV column name (the same words). */
export const entryColumns: Record<EntryField, string> = {
  destinationKs4: 'destination_ks4',
  destinationPost16: 'destination_post16',
  y11Eet: 'y11_eet',
  qualityAward: 'quality_award',
  staffing: 'staffing',
}
export const entryFields = Object.keys(entryColumns) as EntryField[]

/** The framework action plan of an institution and year: the actions agreed per element. */
export const actionsSchema = z.partialRecord(z.enum(actionKeys), z.string().trim().max(2000, 'keep each action under 2000 characters'))
export type Actions = z.infer<typeof actionsSchema>

export type CellResult<T> = { ok: true; value: T | null } | { ok: false; message: string }

/** "94.5", "94.5%", " 94 " -> the number; "" -> null (no figure). */
export function readPercent(raw: string): CellResult<number> {
  const text = raw.trim().replace(/\s*%$/, '')
  if (text === '') return { ok: true, value: null }
  if (/^\d+,\d+$/.test(text)) return { ok: false, message: `“${raw.trim()}”: write decimals with a full stop, such as ${text.replace(',', '.')}` }
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text)) return { ok: false, message: `“${raw.trim()}” is not a percentage: write a number from 0 to 100, such as 94.5` }
  const parsed = share.safeParse(Number(text))
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, message: `“${raw.trim()}”: ${parsed.error.issues[0]!.message}` }
}

function readStatement<C extends string>(raw: string, codes: readonly C[], statements: Record<C, { rating: string; text: string }>): CellResult<C> {
  const text = normalise(raw)
  if (text === '') return { ok: true, value: null }
  const found = codes.find((c) => normalise(c) === text || normalise(statements[c].rating) === text || normalise(statements[c].text) === text)
  return found
    ? { ok: true, value: found }
    : {
        ok: false,
        message: `“${raw.trim()}” is not one of the statements: write ${codes.join(', ')} (or the rating it stands for: Green, Amber/Green, Amber/Red, Red)`,
      }
}

/** A quality-award cell: its code (gained...), the rating it stands for (Green...), or the statement's words. */
export const readQualityAward = (raw: string): CellResult<QualityAwardCode> => readStatement(raw, qualityAwardCodes, qualityAwardStatements)
/** A staffing cell: its code (level-4...), the rating it stands for, or the statement's words. */
export const readStaffing = (raw: string): CellResult<StaffingCode> => readStatement(raw, staffingCodes, staffingStatements)

export const cellReaders: Record<EntryField, (raw: string) => CellResult<number | string>> = {
  destinationKs4: readPercent,
  destinationPost16: readPercent,
  y11Eet: readPercent,
  qualityAward: readQualityAward,
  staffing: readStaffing,
}
