import { closeRound, issueTokens, openRound, requireRound } from '../../rounds/rounds.ts'
import { loadCatalogFromDisk } from '../../surveys/disk-node.ts'
import { need, parse, roundFlags, UsageError } from '../args.ts'
import { usageLines, withDb, type Command } from '../command.ts'

/**
 * `signpost round open …`: opens a round and prints its code as the last line (so a script can take it).
 * A student round needs one-time tokens unless `--code-only` says otherwise; a parent round needs
 * them only with `--tokens-required` (see `defaultTokensRequired`).
 */
export const roundOpen: Command = {
  usage: usageLines(
    'round open --institution <slug> --survey <id> --year 2025/26 [--opens YYYY-MM-DD] [--closes YYYY-MM-DD] [--tokens-required | --code-only]',
    'open a round; prints its code as the last line. Student rounds need one-time tokens unless --code-only; parent rounds only with --tokens-required',
  ),
  async run(args, out) {
    const { values } = parse(args, {
      ...roundFlags,
      opens: { type: 'string' },
      closes: { type: 'string' },
      'tokens-required': { type: 'boolean' },
      'code-only': { type: 'boolean' },
    })
    if (values['tokens-required'] && values['code-only']) throw new UsageError('give --tokens-required or --code-only, not both')
    const catalog = loadCatalogFromDisk()
    const round = await withDb((db) =>
      openRound(db, catalog, {
        institution: need(values.institution, 'institution'),
        survey: need(values.survey, 'survey'),
        year: need(values.year, 'year'),
        opensOn: values.opens,
        closesOn: values.closes,
        // neither flag: the survey's audience decides
        tokensRequired: values['tokens-required'] ? true : values['code-only'] ? false : undefined,
      }),
    )
    out.log(`Round open: ${values.institution}, ${round.surveyId}, ${round.year}${round.tokensRequired ? ' (one-time tokens required)' : ' (code only)'}`)
    if (round.tokensRequired) {
      out.log(
        `Each respondent also needs a one-time token: signpost round tokens --institution ${values.institution} --survey ${round.surveyId} --year ${round.year} --count N`,
      )
    } else if (round.audience === 'student') {
      out.log('Code only: anyone with the code can answer, more than once. The report shows how the responses arrived.')
    }
    out.log('Students or parents type this code on the start page:')
    out.log(round.code)
    return 0
  },
}

/** `signpost round close …` */
export const roundClose: Command = {
  usage: usageLines('round close --institution <slug> --survey <id> --year 2025/26'),
  async run(args, out) {
    const { values } = parse(args, roundFlags)
    const round = await withDb(async (db) =>
      closeRound(db, await requireRound(db, need(values.institution, 'institution'), need(values.survey, 'survey'), need(values.year, 'year'))),
    )
    out.log(`Round closed: ${values.institution}, ${round.surveyId}, ${round.year}`)
    return 0
  },
}

/** `signpost round tokens … --count N [--label 10B]`: one-time tokens, printed once and stored only as hashes. */
export const roundTokens: Command = {
  usage: usageLines(
    'round tokens --institution <slug> --survey <id> --year 2025/26 --count N [--label 10B]',
    'issue one-time tokens (printed once, stored only as hashes)',
  ),
  async run(args, out) {
    const { values } = parse(args, { ...roundFlags, count: { type: 'string' }, label: { type: 'string' } })
    const count = Number(need(values.count, 'count'))
    if (!Number.isInteger(count) || count < 1 || count > 2000) throw new UsageError('--count must be a whole number from 1 to 2000')
    const tokens = await withDb(async (db) =>
      issueTokens(
        db,
        await requireRound(db, need(values.institution, 'institution'), need(values.survey, 'survey'), need(values.year, 'year')),
        count,
        values.label,
      ),
    )
    out.log(`${tokens.length} one-time tokens${values.label ? ` for ${values.label}` : ''} (they are not stored and cannot be shown again):`)
    for (const t of tokens) out.log(t)
    return 0
  },
}
