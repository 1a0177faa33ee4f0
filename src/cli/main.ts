import { HTTPException } from 'hono/http-exception'
import { ZodError } from 'zod'
import { defaultDatabaseUrl } from '../db/connect-node.ts'
import { SurveyFileError, formatPath } from '../surveys/load.ts'
import { UsageError } from './args.ts'
import type { Command, Out } from './command.ts'
import { dbMigrate } from './commands/db.ts'
import { demo } from './commands/demo.ts'
import { frameworkCriteria, frameworkImport, frameworkShow } from './commands/framework.ts'
import { importing } from './commands/import.ts'
import { institutionAdd, institutionList } from './commands/institution.ts'
import { institutionRoll } from './commands/institution-roll.ts'
import { partnershipDpia } from './commands/dpia.ts'
import { partnershipAdd, partnershipList, partnershipSettings } from './commands/partnership.ts'
import { report } from './commands/report.ts'
import { retentionApply } from './commands/retention.ts'
import { roundClose, roundOpen, roundTokens } from './commands/round.ts'
import { roundVoid } from './commands/round-void.ts'
import { ssoAdd, ssoList, ssoRemove } from './commands/sso.ts'
import { surveysCheck, surveysList } from './commands/surveys.ts'
import { userAdd, userInvite, userResetLink } from './commands/user.ts'

/** Every command by the words that name it, in the order `--help` lists them. */
export const commands: ReadonlyMap<string, Command> = new Map([
  ['surveys check', surveysCheck],
  ['surveys list', surveysList],
  ['db migrate', dbMigrate],
  ['partnership add', partnershipAdd],
  ['partnership list', partnershipList],
  ['partnership settings', partnershipSettings],
  ['partnership dpia', partnershipDpia],
  ['institution add', institutionAdd],
  ['institution list', institutionList],
  ['institution roll', institutionRoll],
  ['round open', roundOpen],
  ['round close', roundClose],
  ['round tokens', roundTokens],
  ['round void', roundVoid],
  ['report', report],
  ['import', importing],
  ['retention apply', retentionApply],
  ['user add', userAdd],
  ['user invite', userInvite],
  ['user reset-link', userResetLink],
  ['sso add', ssoAdd],
  ['sso list', ssoList],
  ['sso remove', ssoRemove],
  ['framework import', frameworkImport],
  ['framework criteria', frameworkCriteria],
  ['framework show', frameworkShow],
  ['demo', demo],
])

export const usage = `Usage: signpost <command> [options]

Every command uses the database in DATABASE_URL (default ${defaultDatabaseUrl}).

${[...commands.values()].map((command) => command.usage).join('\n')}

Options: --help shows this text.`

/** Runs one command line; returns the exit status. Output goes through `out`. */
export async function run(argv: string[], out: Out = { log: (l) => console.log(l) }): Promise<number> {
  const [first] = argv
  if (!first || first === '--help' || first === '-h' || first === 'help' || argv.includes('--help')) {
    out.log(usage)
    return 0
  }
  for (const [name, command] of commands) {
    const words = name.split(' ')
    if (words.every((word, i) => argv[i] === word)) return command.run(argv.slice(words.length), out)
  }
  throw new UsageError(`unknown command "${`${first} ${argv[1] ?? ''}`.trim()}"`)
}

/** Turns any failure into a message a person can act on, and exit status 1. */
export async function main(argv: string[]): Promise<number> {
  try {
    return await run(argv)
  } catch (e) {
    if (e instanceof UsageError) console.error(`signpost: ${e.message}\n\n${usage}`)
    else if (e instanceof SurveyFileError) console.error(`signpost: survey files have problems:\n${e.message}`)
    else if (e instanceof ZodError) console.error(`signpost: ${e.issues.map((i) => `${formatPath(i.path) || 'input'}: ${i.message}`).join('\n')}`)
    else if (e instanceof HTTPException) console.error(`signpost: ${e.message}`)
    else console.error(`signpost: ${(e as Error).message ?? e}`)
    return 1
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2))
}
