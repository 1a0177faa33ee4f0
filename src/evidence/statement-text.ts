import type { Impact, ImpactRound } from './impact.ts'

const pct = (x: number) => `${Math.round(x * 100)}%`

/** When a round ran, in words: "from 2025-11-03 to 2025-11-21", or as far as its dates say. */
export function whenWords(r: Pick<ImpactRound, 'opensOn' | 'closesOn' | 'source'>): string {
  if (r.source === 'imported') return 'surveyed before Signpost (imported from a file)'
  if (r.opensOn && r.closesOn) return `from ${r.opensOn} to ${r.closesOn}`
  if (r.closesOn) return `until ${r.closesOn}`
  if (r.opensOn) return `from ${r.opensOn}`
  return 'during the year'
}

/** How many answered, and the response rate where there is one. */
export function answeredWords(r: ImpactRound): string {
  const rate = r.responseRate ? `; response rate ${r.responseRate}` : ''
  return r.status === 'open' ? `still open: results when it closes${rate}` : `${r.respondents} ${r.people} answered${rate}`
}

/** A priority area in one line: "“I know how to apply…” (12% agree; up 6 points on 2024/25)". */
export function priorityWords(p: ImpactRound['topThree'][number]): string {
  const figures = [p.score === null ? null : `${pct(p.score)} agree`, p.change].filter(Boolean).join('; ')
  return `“${p.text}”${figures ? ` (${figures})` : ''}`
}

/** The rating with its reason (the explanation names it), and that it is provisional when the response rate makes it so. */
export function ratingWords(r: NonNullable<ImpactRound['rating']>): string {
  return r.provisional ? `${r.explanation} The rating is provisional: it rests on too few of our students to be sure.` : r.explanation
}

/**
 * The careers impact statement as Markdown, for a school's website: how the careers programme's
 * impact is measured, what the results say, what was done, and when it is reviewed next.
 * Everything in it comes from `impactOf`, so nothing is shown that the report would not show.
 */
export function impactMarkdown(impact: Impact): string {
  const out: string[] = []
  const line = (...l: string[]) => out.push(...l)
  const closed = impact.rounds.filter((r) => r.status === 'closed')
  line(`# Careers impact statement: ${impact.institution.name}, ${impact.year}`, '')
  line('## How we measure the impact of our careers programme', '')
  if (!impact.rounds.length) line(`We ran no careers survey in ${impact.year}.`, '')
  else {
    line(`We asked ${impact.rounds.map((r) => r.people).join(', ')} what they think of our careers education, information, advice and guidance:`, '')
    for (const r of impact.rounds) line(`- **${r.title}**: ${whenWords(r)}; ${answeredWords(r)}.`)
    line('')
    line(
      `The surveys are anonymous: nobody gives their name. We never show a figure made of fewer than ${impact.minCohort} answers, ` +
        'or a group of respondents smaller than that, so that nobody can be picked out from the results.',
      '',
    )
  }
  if (closed.length) {
    line('## What the results tell us', '')
    for (const r of closed) {
      line(`### ${r.title}`, '')
      if (r.rating) line(`Rating in our IAG Improvement Framework: ${ratingWords(r.rating)}`, '')
      if (r.topThree.length) {
        line(`The three areas ${r.people} were least positive about, which we work on first:`, '')
        for (const p of r.topThree) line(`1. ${priorityWords(p)}`)
        line('')
      } else line('Too few answered to show which areas to work on first.', '')
    }
  }
  const done = impact.rounds.filter((r) => r.actions.length || r.youSaid.length)
  if (done.length) {
    line('## What we are doing about it', '')
    for (const r of done) {
      if (r.youSaid.length) {
        line(`What we did after the ${r.surveyName} (we tell next year’s ${r.people} before they answer):`, '')
        for (const y of r.youSaid) line(`- You said: “${y.text}” We did: ${y.weDid}`)
        line('')
      }
      if (r.actions.length) {
        line(`Our plan for next year, from the ${r.surveyName}:`, '')
        for (const a of r.actions) line(`- “${a.text}”: ${a.action}`)
        line('')
      }
    }
  }
  line('## Next review', '')
  line(`We review the impact of our careers programme every year, next ${impact.nextReview}.`, '')
  return out.join('\n')
}
