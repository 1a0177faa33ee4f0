import { parseArgs, type ParseArgsConfig } from 'node:util'

/** A command line that cannot be run as written: main prints its message, then the help, and exits 1. */
export class UsageError extends Error {}

/** Parses a command's options (after its words) strictly; an unknown or malformed option is a UsageError. */
export function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true })
  } catch (e) {
    throw new UsageError((e as Error).message)
  }
}

/** The value of a required string option, or a UsageError naming it. */
export function need(value: string | boolean | undefined, flag: string): string {
  if (typeof value !== 'string' || value === '') throw new UsageError(`missing --${flag}`)
  return value
}

/** The options that name a round: one survey for one institution in one academic year. */
export const roundFlags = {
  institution: { type: 'string' },
  survey: { type: 'string' },
  year: { type: 'string' },
} as const

/** Refuses arguments that are not options, for a command that takes none: `synopsis` says what it does take. */
export function noPositionals(positionals: string[], synopsis: string): void {
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}": signpost ${synopsis}`)
}
