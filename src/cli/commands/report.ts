import { resolveSurveyId } from '../../analysis/action-plan.ts'
import { buildReport } from '../../analysis/report.ts'
import { reportAsText } from '../../analysis/report-text.ts'
import { findInstitution } from '../../org/organisations.ts'
import { academicYear } from '../../rounds/academic-year.ts'
import { loadCatalogFromDisk } from '../../surveys/disk-node.ts'
import { need, parse, roundFlags, UsageError } from '../args.ts'
import { usageLines, withDb, type Command } from '../command.ts'

/** `signpost report …`: the round's report as text, or `--json` the report object the API returns. */
export const report: Command = {
  usage: usageLines(
    'report --institution <slug> --survey <id|student|parent> --year 2025/26 [--json]',
    "the round's report: top three, rating with its reasons, every question",
  ),
  async run(args, out) {
    const { values } = parse(args, { ...roundFlags, json: { type: 'boolean' } })
    const catalog = loadCatalogFromDisk()
    const built = await withDb(async (db) => {
      const institution = await findInstitution(db, need(values.institution, 'institution'))
      if (!institution) throw new UsageError(`no institution "${values.institution}"`)
      return buildReport(db, catalog, {
        institutionId: institution.id,
        surveyId: resolveSurveyId(catalog, need(values.survey, 'survey')),
        year: academicYear.parse(need(values.year, 'year')),
      })
    })
    out.log(values.json ? JSON.stringify(built, null, 2) : reportAsText(built))
    return 0
  },
}
