import { groupRateWords, overallRateWords } from '../coverage/rates.ts'
import type { Report } from './report-schema.ts'
import { arrivalWords, burstWords } from '../rounds/arrivals.ts'

const pct = (x: number | null) => (x === null ? '  –  ' : `${Math.round(x * 100)}%`.padStart(5))
const signed = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : '±'}${Math.abs(Math.round(x * 100))}`

/** The report as a readable plain-text table, for the terminal. */
export function reportAsText(r: Report): string {
  const lines: string[] = []
  const textOf = new Map(r.questions.map((q) => [q.key, q.text]))
  lines.push(`${r.institution.name} · ${r.survey.title} · ${r.year}`)
  const marked = (y: Report['years'][number]) => `${y.year}: ${y.respondents}${y.source === 'imported' ? ' imported' : ''}`
  lines.push(`Respondents: ${r.respondents}${r.years.length > 1 ? ` (${r.years.map(marked).join(', ')})` : ''}`)
  if (r.coverage.groups.length > 0) {
    lines.push(`Response rate: ${overallRateWords(r.coverage)}`)
    if (r.coverage.status !== 'unknown') lines.push(`  By year group: ${r.coverage.groups.map((g) => `${g.label} ${groupRateWords(g)}`).join(', ')}`)
    for (const reason of r.coverage.reasons) lines.push(`  ${reason}`)
  }
  if (r.round.source === 'imported') lines.push('Imported from a file: Signpost did not collect these responses.')
  if (r.round.answersDeletedOn) lines.push(`Individual answers deleted under the retention policy on ${r.round.answersDeletedOn}.`)
  if (r.arrivals) {
    lines.push(`How the responses arrived (code only): ${arrivalWords(r.arrivals, r.settings.minCohort)}`)
    if (r.arrivals.burst) lines.push(`  ${burstWords}`)
  }
  lines.push('')
  if (r.rag) {
    const flags = [
      r.rag.provisional ? 'provisional' : '',
      r.rag.tooSmall ? 'too small to rate' : '',
      r.rag.previousTooSmall ? 'last year too small to set development questions' : '',
      r.rag.baseline ? 'baseline year' : '',
    ].filter(Boolean)
    lines.push(`Student-survey rating: ${r.rag.rating ?? 'not rated'}${flags.length ? ` (${flags.join(', ')})` : ''}`)
    lines.push(`  ${r.rag.explanation}`)
    lines.push('')
  }
  if (r.development.keys.length) {
    const from = r.development.source === 'action-plan' ? `the ${r.development.fromYear} action plan` : `the top three of ${r.development.fromYear}`
    lines.push(`Development questions (from ${from}):`)
    for (const d of r.development.questions) lines.push(`  - ${d.text}${d.asked ? '' : ' (not asked this year)'}`)
    lines.push('')
  }
  lines.push('Top three priority areas:')
  if (r.topThree.length === 0) lines.push('  none: too few answers to rank')
  r.topThree.forEach((key, i) => {
    const q = r.questions.find((x) => x.key === key)!
    lines.push(`  ${i + 1}. ${pct(q.score).trim()} positive · ${textOf.get(key)}`)
  })
  if (r.rankingNote) lines.push(`  Note: ${r.rankingNote}`)
  lines.push('')
  lines.push('Rank  Score  95% interval  Change  Answers  Question')
  const ordered = [...r.questions].sort((a, b) => (a.rank ?? 999) - (b.rank ?? 999))
  for (const q of ordered) {
    const ci = q.ci ? `${pct(q.ci[0])}–${pct(q.ci[1]).trim()}`.padEnd(12) : '     –      '
    const change = q.change ? `${signed(q.change.difference)}${q.change.withinSamplingError ? '~' : ''}`.padStart(6) : '     –'
    const answers = q.status === 'shown' ? String(q.n) : q.status === 'too-few-answers' ? 'few' : q.status === 'only-dont-know' ? 'dk only' : '0'
    lines.push(`${String(q.rank ?? '–').padStart(4)}  ${pct(q.score)}  ${ci}  ${change}  ${answers.padStart(7)}  ${q.text}${q.note ? ` (${q.note})` : ''}`)
  }
  lines.push('')
  lines.push(`Score: share agreeing or strongly agreeing, "don't know" left out; shown from ${r.settings.minCohort} answers on the scale.`)
  lines.push(`~ marks a change within sampling error: its 95% interval (Newcombe's method, from the two Wilson intervals) includes no change.`)
  lines.push(`Settings: minimum cohort ${r.settings.minCohort}, minimum round size ${r.settings.minRoundSize}.`)
  return lines.join('\n')
}
