import { createApp } from '../../src/app.ts'
import { addUser } from '../../src/auth/users.ts'
import { addInstitution, addPartnership } from '../../src/org/organisations.ts'
import { closeRound, openRound, type Round } from '../../src/rounds/rounds.ts'
import { catalog, freshDatabase, studentAnswers } from '../support/app.ts'
import { origin, signIn, staffPassword as password } from '../support/staff.ts'

/**
 * The insider of the attack tests: the coordinator of Oak School, who holds the code of this
 * year's student round (a plain code, no one-time tokens: the case padding is easiest in), the
 * dashboard and the exports, and can post as many responses as they like.
 */
export async function insiderSchool() {
  const fresh = await freshDatabase()
  const { db } = fresh
  await addPartnership(db, { slug: 'test-city', name: 'Test City Partnership' })
  const institutionId = (await addInstitution(db, { slug: 'oak-school', name: 'Oak School', partnership: 'test-city' })).id
  let round: Round = await openRound(db, catalog, { institution: 'oak-school', survey: 'student-iag', year: '2025/26', tokensRequired: false })
  await addUser(db, {
    email: 'coordinator@oak.test',
    name: 'Oak Coordinator',
    role: 'coordinator',
    partnership: 'test-city',
    institution: 'oak-school',
    password,
  })
  const app = createApp({ getDb: () => db, catalog, now: () => new Date('2025-11-20T10:00:00Z') })
  const cookie = await signIn(app, 'coordinator@oak.test')

  /** One response through the public JSON API, as a student's phone (or the insider's script) sends it. */
  async function post(answers: Record<string, string | string[]>, language = 'en') {
    const res = await app.request(`/api/surveys/${round.code}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ submissionId: crypto.randomUUID(), language, answers }),
    })
    if (res.status !== 201) throw new Error(`posting a response answered ${res.status}: ${await res.text()}`)
  }

  /** What the insider reads, signed in, at a path of the dashboard or the API. */
  async function read(path: string) {
    const res = await app.request(path, { headers: { cookie } })
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`)
    return res.text()
  }

  const query = 'survey=student-iag&year=2025%2F26'
  return {
    ...fresh,
    app,
    post,
    read,
    /** The round's report as the insider reads it: the page, the JSON API, the report CSV. */
    reportPage: () => read(`/dashboard/institutions/${institutionId}/report?${query}`),
    reportJson: async () => JSON.parse(await read(`/api/institutions/${institutionId}/report?${query}`)),
    reportCsv: () => read(`/dashboard/institutions/${institutionId}/report.csv?${query}`),
    close: async () => {
      round = await closeRound(db, round)
    },
    code: () => round.code,
  }
}

/** A complete student response without any written answer (the padding an insider posts). */
export function withoutWriting(overrides: Record<string, string | string[]> = {}) {
  const answers = studentAnswers(overrides)
  for (const q of catalog.get('student-iag')!.sections.flatMap((s) => s.questions)) if (q.kind === 'text' && !(q.key in overrides)) delete answers[q.key]
  return answers
}

/** The text of one element with an id (`<section id="free-text">…</section>`), or '' when there is none. */
export function sectionById(html: string, id: string, tag = 'section'): string {
  const m = new RegExp(`<${tag}[^>]*\\bid="${id}"[^>]*>[\\s\\S]*?</${tag}>`).exec(html)
  return m ? m[0] : ''
}
