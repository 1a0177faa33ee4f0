import { readFileSync } from 'node:fs'
import { UsageError } from './args.ts'

/** A file named on the command line, as UTF-8 text without a byte-order mark, or a UsageError saying why not. */
export function readText(file: string): string {
  let bytes: Uint8Array
  try {
    bytes = readFileSync(file)
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`)
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\ufeff/, '')
  } catch {
    throw new UsageError(`${file} is not UTF-8 text: in Excel, save it as “CSV UTF-8 (Comma delimited)”`)
  }
}

/** A JSON file named on the command line, parsed, or a UsageError saying where it is not JSON. */
export function readJsonFile(file: string): unknown {
  const text = readText(file)
  try {
    return JSON.parse(text)
  } catch (e) {
    throw new UsageError(`${file} is not valid JSON: ${(e as Error).message}`)
  }
}
