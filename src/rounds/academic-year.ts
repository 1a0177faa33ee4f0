import { z } from 'zod'

/** An academic year as schools write it: `2025/26`, the second part the year after the first. */
export const academicYear = z
  .string()
  .regex(/^\d{4}\/\d{2}$/, 'an academic year is written like 2025/26')
  .refine((y) => (Number(y.slice(0, 4)) + 1) % 100 === Number(y.slice(5)), 'the second part must be the year after the first, as in 2025/26')

export type AcademicYear = z.infer<typeof academicYear>

/** The academic year that starts in September of `start`: 2025 -> `2025/26`. */
export const yearStarting = (start: number): string => `${start}/${String((start + 1) % 100).padStart(2, '0')}`

/** The academic year a date falls in; a new year starts on 1 September. */
export function academicYearOf(date: Date): string {
  const y = date.getUTCFullYear()
  return yearStarting(date.getUTCMonth() >= 8 ? y : y - 1)
}

/** The academic year before this one: `2025/26` -> `2024/25`. */
export const previousYear = (year: string): string => yearStarting(Number(year.slice(0, 4)) - 1)

/** The academic year after this one: `2025/26` -> `2026/27`. */
export const nextYear = (year: string): string => yearStarting(Number(year.slice(0, 4)) + 1)

/** Today's date as YYYY-MM-DD (UTC). */
export const today = (now = new Date()) => now.toISOString().slice(0, 10)

/** `previousYear` as an SQL expression over a column holding an academic year, for joins from one year to the one before. */
export const previousYearSql = (column: string): string =>
  `printf('%d/%02d', CAST(substr(${column}, 1, 4) AS INTEGER) - 1, CAST(substr(${column}, 1, 4) AS INTEGER) % 100)`
