import { parseArgs, type ParseArgsConfig } from 'node:util'
import { HTTPException } from 'hono/http-exception'
import { ZodError } from 'zod'
import type { Db } from '../db/database.ts'
import { defaultDatabaseUrl, openDatabase } from '../db/connect-node.ts'
import { applyMigrations } from '../db/migrate-node.ts'
import { resolveSurveyId } from '../analysis/action-plan.ts'
import { buildReport } from '../analysis/report.ts'
import { reportAsText } from '../analysis/report-text.ts'
import { generatePassword } from '../auth/password.ts'
import { createInvitation, invitationDays } from '../auth/invitations.ts'
import { addUser, newUserInput } from '../auth/users.ts'
import { createDemo } from '../demo/generate.ts'
import { academicYear } from '../rounds/academic-year.ts'
import { importCommand } from './import-command.ts'
import { frameworkCommand } from '../framework/cli-node.ts'
import { addInstitution, addPartnership, findInstitution, findPartnership, partnershipSettings, setPartnershipSettings } from '../org/organisations.ts'
import { readJsonFile } from './read-text.ts'
import { closeRound, issueTokens, openRound, requireRound } from '../rounds/rounds.ts'
import { loadCatalogFromDisk } from '../surveys/disk-node.ts'
import { SurveyFileError, formatPath } from '../surveys/load.ts'
import { questionsOf } from '../surveys/schema.ts'
import { readabilityFindings } from '../surveys/readability.ts'
import { languagesOf } from '../surveys/translate.ts'
import { translationStatusMeaning } from '../surveys/translation-schema.ts'

const usage = `Usage: signpost <command> [options]

Every command uses the database in DATABASE_URL (default ${defaultDatabaseUrl}).

  surveys check                      validate every survey file in surveys/
  surveys list [--json]              list the surveys and their questions
  db migrate                         apply database migrations
  partnership add <slug> --name "Name"
  partnership settings <slug> [--set FILE.json]
                                     show the partnership's settings, or replace them (minCohort,
                                     minFreeTextCohort, minRoundSize, submissionLimit: {max, windowMinutes})
  institution add <slug> --partnership <slug> --name "Name"
  round open --institution <slug> --survey <id> --year 2025/26 [--opens YYYY-MM-DD] [--closes YYYY-MM-DD] [--tokens-required]
                                     open a round; prints its code as the last line
  round close --institution <slug> --survey <id> --year 2025/26
  round tokens --institution <slug> --survey <id> --year 2025/26 --count N [--label 10B]
                                     issue one-time tokens (printed once, stored only as hashes)
  report --institution <slug> --survey <id|student|parent> --year 2025/26 [--json]
                                     the round's report: top three, rating with its reasons, every question
  import --institution <slug> --survey <id> --year 2024/25 --format surveymonkey|csv [--mapping FILE] FILE
                                     import an earlier year's responses (all or nothing)
  user add --email E --name "Name" --role lead|coordinator|viewer --partnership <slug> [--institution <slug>] [--password P]
                                     add a staff account (a password is generated and printed if none is given)
  user invite --role lead|coordinator|viewer --partnership <slug> [--institution <slug>] [--base-url URL]
                                     print a one-time link (valid 7 days) with which someone creates their account
  framework import FILE --partnership <slug> --year 2025/26
                                     store the IAG Improvement Framework's four entered elements from a CSV, one row
                                     per institution (all or nothing)
  framework criteria --partnership <slug> --year 2025/26 [--set FILE.json]
                                     print the year's framework criteria as JSON, or save a JSON file as them
  framework show --partnership <slug> --year 2025/26 [--json]
                                     every institution's five elements and overall rating, change, city averages
  demo                               create a demo partnership with three years of responses and demo accounts

Options: --help shows this text.`

export class UsageError extends Error {}

type Out = { log: (line: string) => void }

async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDatabase(process.env.DATABASE_URL ?? defaultDatabaseUrl, process.env.DATABASE_AUTH_TOKEN)
  try {
    await applyMigrations(db)
    return await fn(db)
  } finally {
    db.$client.close()
  }
}

function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true })
  } catch (e) {
    throw new UsageError((e as Error).message)
  }
}

function need(value: string | boolean | undefined, flag: string): string {
  if (typeof value !== 'string' || value === '') throw new UsageError(`missing --${flag}`)
  return value
}

const roundFlags = {
  institution: { type: 'string' },
  survey: { type: 'string' },
  year: { type: 'string' },
} as const

/** Runs one command line; returns the exit status. Output goes through `out`. */
export async function run(argv: string[], out: Out = { log: (l) => console.log(l) }): Promise<number> {
  const [group] = argv
  if (!group || group === '--help' || group === '-h' || group === 'help' || argv.includes('--help')) {
    out.log(usage)
    return 0
  }
  // one-word commands (report, import, demo) take their options straight after the name
  const oneWord = ['report', 'import', 'demo'].includes(group)
  const command = oneWord ? group : `${group} ${argv[1] ?? ''}`.trim()
  const rest = argv.slice(oneWord ? 1 : 2)
  switch (command) {
    case 'surveys check': {
      const catalog = loadCatalogFromDisk()
      for (const s of catalog.values()) {
        out.log(`ok  ${s.id} (${s.audience}): ${questionsOf(s).length} questions${s.easyRead === 'required' ? ', each with an easy-read wording' : ''}`)
        for (const l of languagesOf(s)) {
          const status = s.translations[l.code]?.status
          const detail = status ? `${status.level} (${[translationStatusMeaning[status.level], status.by, status.date].filter(Boolean).join('; ')})` : l.status
          out.log(`    ${l.code.padEnd(6)}${l.name}${l.dir === 'rtl' ? ' (right to left)' : ''}: ${detail}`)
        }
        for (const f of readabilityFindings(s)) out.log(`    warn ${f.where} reads at grade ${f.grade.toFixed(1)}, above the plain-language target ${f.target}: ${f.text}`)
      }
      out.log('A language is offered only when its translation is complete: a missing or unknown key in surveys/translations/ fails this check.')
      return 0
    }
    case 'surveys list': {
      const { values } = parse(rest, { json: { type: 'boolean' } })
      const list = [...loadCatalogFromDisk().values()].map((s) => ({
        id: s.id,
        audience: s.audience,
        title: s.title,
        languages: languagesOf(s),
        questions: questionsOf(s).map((q) => ({
          key: q.key,
          text: q.text,
          kind: q.kind,
          area: q.kind === 'agreement' ? q.area : null,
          priority: q.kind === 'agreement' ? q.priority : false,
        })),
      }))
      if (values.json) out.log(JSON.stringify(list, null, 2))
      else for (const s of list) out.log(`${s.id} (${s.audience}): ${s.title} – ${s.questions.length} questions; ${s.languages.map((l) => l.code).join(', ')}`)
      return 0
    }
    case 'db migrate':
      await withDb(async () => undefined)
      out.log(`Migrations applied to ${process.env.DATABASE_URL ?? defaultDatabaseUrl}`)
      return 0
    case 'partnership add': {
      const { values, positionals } = parse(rest, { name: { type: 'string' } })
      const slug = positionals[0] ?? ''
      if (!slug) throw new UsageError('missing the partnership slug: signpost partnership add <slug> --name "Name"')
      const row = await withDb((db) => addPartnership(db, { slug, name: need(values.name, 'name') }))
      out.log(`Added partnership ${row.slug}: ${row.name}`)
      return 0
    }
    case 'partnership settings': {
      const { values, positionals } = parse(rest, { set: { type: 'string' } })
      const slug = positionals[0] ?? ''
      if (!slug) throw new UsageError('missing the partnership slug: signpost partnership settings <slug> [--set FILE.json]')
      if (typeof values.set === 'string') {
        const input = readJsonFile(values.set)
        const settings = await withDb((db) => setPartnershipSettings(db, slug, input))
        out.log(`Saved the settings of ${slug}:`)
        out.log(JSON.stringify(settings, null, 2))
      } else out.log(JSON.stringify(await withDb((db) => partnershipSettings(db, slug)), null, 2))
      return 0
    }
    case 'institution add': {
      const { values, positionals } = parse(rest, { name: { type: 'string' }, partnership: { type: 'string' } })
      const slug = positionals[0] ?? ''
      if (!slug) throw new UsageError('missing the institution slug: signpost institution add <slug> --partnership <slug> --name "Name"')
      const row = await withDb((db) => addInstitution(db, { slug, name: need(values.name, 'name'), partnership: need(values.partnership, 'partnership') }))
      out.log(`Added institution ${row.slug}: ${row.name}`)
      return 0
    }
    case 'round open': {
      const { values } = parse(rest, { ...roundFlags, opens: { type: 'string' }, closes: { type: 'string' }, 'tokens-required': { type: 'boolean' } })
      const catalog = loadCatalogFromDisk()
      const round = await withDb((db) =>
        openRound(db, catalog, {
          institution: need(values.institution, 'institution'),
          survey: need(values.survey, 'survey'),
          year: need(values.year, 'year'),
          opensOn: values.opens,
          closesOn: values.closes,
          tokensRequired: values['tokens-required'] ?? false,
        }),
      )
      out.log(`Round open: ${values.institution}, ${round.surveyId}, ${round.year}${round.tokensRequired ? ' (one-time tokens required)' : ''}`)
      out.log('Students or parents type this code on the start page:')
      out.log(round.code)
      return 0
    }
    case 'round close': {
      const { values } = parse(rest, roundFlags)
      const round = await withDb(async (db) =>
        closeRound(db, await requireRound(db, need(values.institution, 'institution'), need(values.survey, 'survey'), need(values.year, 'year'))),
      )
      out.log(`Round closed: ${values.institution}, ${round.surveyId}, ${round.year}`)
      return 0
    }
    case 'round tokens': {
      const { values } = parse(rest, { ...roundFlags, count: { type: 'string' }, label: { type: 'string' } })
      const count = Number(need(values.count, 'count'))
      if (!Number.isInteger(count) || count < 1 || count > 2000) throw new UsageError('--count must be a whole number from 1 to 2000')
      const tokens = await withDb(async (db) =>
        issueTokens(db, await requireRound(db, need(values.institution, 'institution'), need(values.survey, 'survey'), need(values.year, 'year')), count, values.label),
      )
      out.log(`${tokens.length} one-time tokens${values.label ? ` for ${values.label}` : ''} (they are not stored and cannot be shown again):`)
      for (const t of tokens) out.log(t)
      return 0
    }
    case 'report': {
      const { values } = parse(rest, { ...roundFlags, json: { type: 'boolean' } })
      const catalog = loadCatalogFromDisk()
      const report = await withDb(async (db) => {
        const institution = await findInstitution(db, need(values.institution, 'institution'))
        if (!institution) throw new UsageError(`no institution "${values.institution}"`)
        return buildReport(db, catalog, {
          institutionId: institution.id,
          surveyId: resolveSurveyId(catalog, need(values.survey, 'survey')),
          year: academicYear.parse(need(values.year, 'year')),
        })
      })
      out.log(values.json ? JSON.stringify(report, null, 2) : reportAsText(report))
      return 0
    }
    case 'import': {
      const catalog = loadCatalogFromDisk()
      return withDb((db) => importCommand(db, catalog, rest, out))
    }
    case 'user add': {
      const { values } = parse(rest, {
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
        partnership: { type: 'string' },
        institution: { type: 'string' },
        password: { type: 'string' },
      })
      const password = values.password ?? generatePassword()
      const user = await withDb((db) =>
        addUser(db, {
          email: need(values.email, 'email'),
          name: need(values.name, 'name'),
          role: need(values.role, 'role') as 'lead',
          partnership: need(values.partnership, 'partnership'),
          institution: values.institution,
          password,
        }),
      )
      out.log(`Added ${user.role} ${user.email}`)
      if (!values.password) out.log(`Password (shown once): ${password}`)
      return 0
    }
    case 'user invite': {
      const { values } = parse(rest, { role: { type: 'string' }, partnership: { type: 'string' }, institution: { type: 'string' }, 'base-url': { type: 'string' } })
      const role = newUserInput.shape.role.parse(need(values.role, 'role'))
      const link = await withDb(async (db) => {
        const partnership = await findPartnership(db, need(values.partnership, 'partnership'))
        if (!partnership) throw new UsageError(`no partnership "${values.partnership}"`)
        const institution = values.institution ? await findInstitution(db, values.institution) : undefined
        if (values.institution && institution?.partnershipId !== partnership.id) throw new UsageError(`no institution "${values.institution}" in ${partnership.slug}`)
        if (role !== 'lead' && !institution) throw new UsageError('a coordinator or viewer is invited to an institution: give --institution')
        const token = await createInvitation(db, { role, partnershipId: partnership.id, institutionId: role === 'lead' ? null : institution!.id }, new Date())
        return `${(values['base-url'] ?? 'http://127.0.0.1:8787').replace(/\/$/, '')}/invite/${token}`
      })
      out.log(`One-time link for a new ${role} (valid ${invitationDays} days):`)
      out.log(link)
      return 0
    }
    // ---- the IAG Improvement Framework (src/framework/cli-node.ts) ----
    case 'framework import':
    case 'framework criteria':
    case 'framework show': {
      const catalog = loadCatalogFromDisk()
      return withDb((db) => frameworkCommand(db, catalog, command.slice('framework '.length), rest, out))
    }
    // ---- end of the framework section ----
    case 'demo': {
      const catalog = loadCatalogFromDisk()
      const result = await withDb((db) => createDemo(db, catalog))
      out.log(result.created ? 'Demo partnership created: 5 institutions, 3 academic years, both surveys.' : 'The demo partnership already exists; nothing was changed.')
      if (result.accounts.length) {
        out.log('Demo accounts (sign in at /sign-in):')
        for (const a of result.accounts) out.log(`  ${a.role.padEnd(11)} ${a.email}  password: ${a.password}${a.institution ? `  (${a.institution})` : ''}`)
      }
      out.log('Open rounds (type a code on the start page):')
      for (const r of result.openRounds) out.log(`  ${r.code}  ${r.institution}, ${r.survey}, ${r.year}`)
      return 0
    }
    default:
      throw new UsageError(`unknown command "${command}"`)
  }
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
