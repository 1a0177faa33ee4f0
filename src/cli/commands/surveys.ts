import { existsSync } from 'node:fs'
import { defaultDatabaseUrl, filePathOf } from '../../db/connect-node.ts'
import { latestVersions } from '../../rounds/survey-versions.ts'
import { meaningChanges } from '../../surveys/changes.ts'
import { loadCatalogFromDisk } from '../../surveys/disk-node.ts'
import { readabilityFindings } from '../../surveys/readability.ts'
import { questionsOf } from '../../surveys/schema.ts'
import { languagesOf } from '../../surveys/translate.ts'
import { translationStatusMeaning } from '../../surveys/translation-schema.ts'
import { parse } from '../args.ts'
import { usageLines, withDb, type Command } from '../command.ts'

/** The survey versions the database's latest rounds use; none when there is no database yet (a file not yet created is not created). */
async function storedVersions() {
  const url = process.env.DATABASE_URL ?? defaultDatabaseUrl
  if (url.startsWith('file:') && !existsSync(filePathOf(url))) return new Map()
  return withDb(latestVersions)
}

/** `signpost surveys check`: every survey file and translation in surveys/, with plain-language warnings. */
export const surveysCheck: Command = {
  usage: usageLines('surveys check', 'validate every survey file in surveys/; warn where an edit changes what a key asks'),
  async run(_args, out) {
    const catalog = loadCatalogFromDisk()
    const stored = await storedVersions()
    for (const s of catalog.values()) {
      out.log(`ok  ${s.id} (${s.audience}): ${questionsOf(s).length} questions${s.easyRead === 'required' ? ', each with an easy-read wording' : ''}`)
      for (const l of languagesOf(s)) {
        const status = s.translations[l.code]?.status
        const detail = status ? `${status.level} (${[translationStatusMeaning[status.level], status.by, status.date].filter(Boolean).join('; ')})` : l.status
        out.log(`    ${l.code.padEnd(6)}${l.name}${l.dir === 'rtl' ? ' (right to left)' : ''}: ${detail}`)
      }
      for (const f of readabilityFindings(s))
        out.log(`    warn ${f.where} reads at grade ${f.grade.toFixed(1)}, above the plain-language target ${f.target}: ${f.text}`)
      // rounds keep the version they were opened with; an edit applies to rounds opened from now on
      const last = stored.get(s.id)
      for (const w of last ? meaningChanges(last.survey, s) : []) out.log(`    warn since the version the ${last!.year} round uses: ${w}`)
    }
    out.log('A language is offered only when its translation is complete: a missing or unknown key in surveys/translations/ fails this check.')
    return 0
  },
}

/** `signpost surveys list [--json]`: the surveys, their languages and questions. */
export const surveysList: Command = {
  usage: usageLines('surveys list [--json]', 'list the surveys and their questions'),
  async run(args, out) {
    const { values } = parse(args, { json: { type: 'boolean' } })
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
  },
}
