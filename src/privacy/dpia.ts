import type { Db } from '../db/database.ts'
import { parseSettings } from '../org/settings.ts'
import { audienceWords } from '../surveys/audience.ts'
import type { SurveyCatalog } from '../surveys/load.ts'
import { languagesOf } from '../surveys/translate.ts'
import { profileQuestions, questionsOf, type Question } from '../surveys/schema.ts'

/**
 * The DPIA and records-of-processing pack (issue 19, point 6), as Markdown, written from the
 * actual configuration: the partnership's settings, its institutions and staff by role, the
 * surveys and their questions, and where the database lives (its kind and host, never a token).
 * It is a starting point the data protection officer completes: the parts only the partnership
 * can answer (lawful basis, its own sub-processors) are marked so.
 */

/** Where the database lives, in words: an embedded file, or a libSQL server by host. Never the token or the path's secrets. */
export function databaseWords(url: string | undefined): string {
  const u = url ?? 'file:data/signpost.db'
  if (u.startsWith('file:') || u === ':memory:') return 'an embedded libSQL (SQLite) database file on the disk of the server that runs Signpost'
  try {
    const parsed = new URL(u)
    return `a libSQL server at ${parsed.hostname} (${parsed.protocol.replace(':', '')}), run by whoever operates that host`
  } catch {
    return 'a libSQL server (the address could not be read)'
  }
}

/** Test files that prove each security promise (the README's table), listed in the pack; test/privacy/dpia.test.ts checks each exists. */
export const securityMeasures: { measure: string; tests: string[] }[] = [
  {
    measure: 'No IP address, browser, name or exact time is stored with a response; one-time codes cannot be linked to answers, not even from the raw files',
    tests: ['test/anonymity/schema.test.ts', 'test/anonymity/raw-files.test.ts'],
  },
  { measure: 'A one-time code answers the same, used or not, until a complete response is sent with it', tests: ['test/anonymity/token-oracle.test.ts'] },
  {
    measure: 'No figure, chart or export shows a group below the minimum cohort, with complementary suppression',
    tests: ['test/analysis/properties.test.ts', 'test/analysis/report.test.ts'],
  },
  {
    measure: 'Written answers only to coordinators, only from a closed round and only from the free-text minimum of writers',
    tests: ['test/anonymity/free-text-padding.test.ts'],
  },
  { measure: 'Every route has an access rule; another institution’s data answers 404; no GET changes anything', tests: ['test/auth/matrix.test.ts'] },
  {
    measure: 'Sessions: HttpOnly, SameSite, Secure over https, ended at sign-out; security headers and a Content-Security-Policy',
    tests: ['test/auth/sessions.test.ts'],
  },
  {
    measure:
      'Staff see and end their own sessions (sign out everywhere); a role change or deactivation ends them at once; a session keeps only a coarse browser, no address',
    tests: ['test/auth/your-sessions.test.ts', 'test/auth/accounts.test.ts'],
  },
  { measure: 'Failed sign-ins limited per account and per address', tests: ['test/auth/sign-in.test.ts'] },
  {
    measure: 'Hostile input refused with a clear error, nothing stored, anything echoed escaped; forms from other sites refused',
    tests: ['test/hostile/hostile.test.ts'],
  },
  { measure: 'An audit log of staff actions that the application cannot change or empty', tests: ['test/audit/audit.test.ts'] },
  {
    measure: 'Individual answers deleted after the retention period, with no trace of the free text in the database file or its WAL',
    tests: ['test/retention/retention.test.ts'],
  },
]

const kindWords: Record<Question['kind'], string> = {
  agreement: 'five-point agreement scale',
  single: 'one choice',
  multiple: 'several choices',
  yesno: 'yes or no',
  text: 'written answer (free text)',
}

/** A language's name in English ("Urdu", not "اردو"): the pack is read in English, and a PDF cannot lay out a right-to-left name. */
function englishName(code: string, own: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? own
  } catch {
    return own
  }
}

const accounts = (n: number) => `${n} ${n === 1 ? 'account' : 'accounts'}`

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ')

export async function dpiaMarkdown(
  db: Db,
  catalog: SurveyCatalog,
  partnershipSlug: string,
  databaseUrl: string | undefined,
  now = new Date(),
): Promise<string | null> {
  const rs = await db.$client.execute({ sql: 'SELECT id, slug, name, settings FROM partnerships WHERE slug = ?', args: [partnershipSlug] })
  const p = rs.rows[0]
  if (!p) return null
  const settings = parseSettings(String(p.settings))
  const institutions = (
    await db.$client.execute({ sql: 'SELECT name FROM institutions WHERE partnership_id = ? ORDER BY name', args: [Number(p.id)] })
  ).rows.map((r) => String(r.name))
  const roles = new Map(
    (await db.$client.execute({ sql: 'SELECT role, count(*) AS n FROM users WHERE partnership_id = ? GROUP BY role', args: [Number(p.id)] })).rows.map((r) => [
      String(r.role),
      Number(r.n),
    ]),
  )
  const out: string[] = []
  const line = (...l: string[]) => out.push(...l)
  line(`# Data protection impact assessment and record of processing: ${String(p.name)}`, '')
  line(`Written by Signpost from its configuration on ${now.toISOString().slice(0, 10)}. Parts marked **[to complete]** are for the partnership to answer.`, '')

  line('## Purpose and people', '')
  line(
    `Annual surveys about the careers guidance (IAG) of each school and college, to find each institution’s priority areas, its trend over the years and the student-survey rating of the IAG Improvement Framework. Answered by: ${[...new Set([...catalog.values()].map((s) => (s.audience === 'student' ? 'students (Year 8 to Year 13)' : audienceWords[s.audience].people)))].join('; ')}.`,
    '',
  )
  line(`Institutions (${institutions.length}): ${institutions.join(', ') || 'none yet'}.`, '')
  line(
    'Controller: the partnership and each institution for its own surveys **[to complete: names, ICO registration numbers]**. Lawful basis **[to complete]**: most schools rely on public task (careers guidance duty).',
    '',
  )

  line('## The data collected', '')
  for (const survey of catalog.values()) {
    const profiles = new Set(profileQuestions(survey).map((q) => q.key))
    line(`### ${survey.title} (\`${survey.id}\`, for ${audienceWords[survey.audience].people})`, '')
    line(
      `Languages: ${languagesOf(survey)
        .map((l) => `${englishName(l.code, l.name)} (${l.code}, ${l.status})`)
        .join(', ')}.`,
      '',
    )
    line('| key | question | kind | profile question | must be answered |', '| --- | --- | --- | --- | --- |')
    for (const q of questionsOf(survey)) {
      line(
        `| ${q.key} | ${cell(q.text)} | ${kindWords[q.kind]} | ${profiles.has(q.key) ? 'yes: used to break results down' : 'no'} | ${q.required ? 'yes' : 'no'} |`,
      )
    }
    line('')
  }
  line(
    'Stored with each response: its round, the day (not the time) it arrived, its language and a random id the respondent’s browser chose; in a round open with the round code alone, also, on the day it arrived only, a tag of its 10-minute arrival window made with the server secret (not a time), so that the partnership lead can void a flood of made-up responses that day; the tags are erased once the day is over. Response ids are random and do not follow the order of arrival. Written answers can contain anything a respondent types, including names: the notice asks them not to.',
    '',
  )

  line('## What is not collected', '')
  line(
    '- No name, email or postal address of a respondent.',
    '- No IP address, browser or device details with a response. Failed staff sign-ins are counted per address, under a keyed hash, for the 15 minutes of the limit.',
    '- No exact time of a response: the day only; code-only rounds keep per 10-minute window counts for the round, never per response.',
    '- One-time codes are stored only as hashes, in tables that share no column with responses; used codes are kept in an order that does not follow their use, so a code cannot be linked to the answers it unlocked.',
    '',
  )

  line('## Who can see what', '')
  line(
    `- Partnership lead (${accounts(roles.get('lead') ?? 0)}): every institution’s figures; the answers one row per response of a closed round (combination-safe); the audit log of the partnership.`,
    `- Coordinator (${accounts(roles.get('coordinator') ?? 0)}): their institution’s figures and written answers (closed rounds only, at least ${settings.minFreeTextCohort} writers to a question); their institution’s audit log${settings.coordinatorsMayExportAnswers ? '; the answers one row per response (setting coordinatorsMayExportAnswers)' : ''}.`,
    `- Viewer (${accounts(roles.get('viewer') ?? 0)}): their institution’s figures, read only.`,
    `- Suppression: no figure rests on fewer than ${settings.minCohort} answers (minCohort); free text needs ${settings.minFreeTextCohort} writers (minFreeTextCohort); a round below ${settings.minRoundSize} respondents is not rated (minRoundSize).`,
    '',
  )

  line('## Retention', '')
  line(
    `Individual answers, written answers and response rows are kept for ${settings.keepAnswersYears} academic years (keepAnswersYears), then deleted by \`signpost retention apply\` (daily while the server runs, and by the Cron Trigger on Workers); only the tallies per question and per profile group remain, read through the same suppression. The audit log of staff actions is kept.`,
    '',
  )

  line('## Where the data lives', '')
  line(`The database is ${databaseWords(databaseUrl)}.`, '')
  line(
    'Sub-processors **[to complete]**: the host of the server or Worker (for example Cloudflare), the operator of the libSQL server if one is used, and backups.',
    '',
  )

  line('## Security measures and the tests that prove them', '')
  for (const m of securityMeasures) line(`- ${m.measure}: ${m.tests.map((t) => `\`${t}\``).join(', ')}`)
  line('')
  line('## Contact', '')
  line(
    settings.contact
      ? `${settings.contact.name}${settings.contact.email ? `, ${settings.contact.email}` : ''}${settings.contact.phone ? `, ${settings.contact.phone}` : ''}`
      : 'No contact set: set `contact` with `signpost partnership settings`.',
    '',
  )
  return out.join('\n')
}
