import { existsSync, readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildReport } from '../../src/analysis/report.ts'
import { reportAsText } from '../../src/analysis/report-text.ts'
import { filePathOf } from '../../src/db/connect-node.ts'
import { addInstitution, addPartnership, setPartnershipSettings } from '../../src/org/organisations.ts'
import { applyRetention, retentionLines, retentionPlan } from '../../src/retention/apply.ts'
import { closeRound, openRound } from '../../src/rounds/rounds.ts'
import { catalog, freshDatabase, rows, studentAnswers } from '../support/app.ts'
import { seedRound } from '../support/fixtures.ts'

/**
 * Retention that keeps the trend (issue 19, point 1): beyond keepAnswersYears a closed round's
 * individual answers, free text and response rows go; its tallies stay, so its report, the trend
 * and the next year's development questions are what they were; the deleted free text is in
 * neither the database file nor its WAL.
 */

const secret = 'Mr Quillfeather in room 12 ignored my question'
const now = new Date('2025-11-20T10:00:00Z') // academic year 2025/26

/** `count` students answering the shipped student survey; half of them write `secret` in every text box. */
function people(count: number, agree: string, tag = 'kept') {
  const survey = catalog.get('student-iag')!
  const textKeys = survey.sections
    .flatMap((s) => s.questions)
    .filter((q) => q.kind === 'text')
    .map((q) => q.key)
  return Array.from({ length: count }, (_, i) => {
    const answers = studentAnswers()
    const flat: Record<string, string> = {}
    for (const [key, value] of Object.entries(answers)) {
      if (Array.isArray(value)) continue
      flat[key] = textKeys.includes(key) ? `${secret} (${tag} ${i})` : /^[1-5]$/.test(value) ? (i % 3 === 0 ? '2' : agree) : value
    }
    return flat
  })
}

let fresh: Awaited<ReturnType<typeof freshDatabase>>
let institutionId: number
beforeEach(async () => {
  fresh = await freshDatabase()
  await addPartnership(fresh.db, { slug: 'keep-city', name: 'Keep City' })
  institutionId = (await addInstitution(fresh.db, { slug: 'yew-school', name: 'Yew School', partnership: 'keep-city' })).id
})
afterEach(() => fresh.dispose())

const report = (year: string) => buildReport(fresh.db, catalog, { institutionId, surveyId: 'student-iag', year })
/** The report without the one thing that is meant to change: the note that the answers were deleted. */
const comparable = (r: Awaited<ReturnType<typeof report>>) => JSON.parse(JSON.stringify(r, (key, value) => (key === 'answersDeletedOn' ? undefined : value)))

describe('signpost retention apply', () => {
  it('deletes an old closed round’s answers, keeps its report, the trend and the next year’s development questions the same, and leaves no trace of its free text', async () => {
    const old = await seedRound(fresh.db, catalog, 'yew-school', '2022/23', people(24, '4', 'gone'), 'student-iag')
    const next = await seedRound(fresh.db, catalog, 'yew-school', '2023/24', people(20, '5'), 'student-iag')
    await closeRound(fresh.db, old)
    await closeRound(fresh.db, next)
    const before = { old: await report('2022/23'), next: await report('2023/24') }
    expect(before.old.respondents).toBe(24)
    expect(before.next.development.keys).toHaveLength(3)
    expect(before.next.development.fromYear).toBe('2022/23')
    expect(before.next.rag).not.toBeNull()

    // the dry run says what would go and changes nothing
    const dry = await applyRetention(fresh.db, catalog, { now, dryRun: true })
    expect(retentionLines(dry)).toEqual(['Would delete the individual answers of Yew School, student-iag 2022/23 (24 responses); its tallies stay'])
    expect(await rows(fresh.db, 'SELECT count(*) AS n FROM responses WHERE round_id = ?', [old.id])).toEqual([{ n: 24 }])

    const done = await applyRetention(fresh.db, catalog, { now, actor: 'command line' })
    expect(done.deleted.map((d) => d.year)).toEqual(['2022/23'])
    for (const table of ['responses', 'answers']) {
      expect(await rows(fresh.db, `SELECT count(*) AS n FROM ${table} WHERE round_id = ?`, [old.id])).toEqual([{ n: 0 }])
      // 2023/24 is two years back: kept
      expect(Number((await rows(fresh.db, `SELECT count(*) AS n FROM ${table} WHERE round_id = ?`, [next.id]))[0]!.n)).toBeGreaterThan(0)
    }
    const after = { old: await report('2022/23'), next: await report('2023/24') }
    expect(comparable(after.old)).toEqual(comparable(before.old))
    expect([before.old.round.answersDeletedOn, after.old.round.answersDeletedOn, after.next.round.answersDeletedOn]).toEqual([null, '2025-11-20', null])
    expect(reportAsText(after.old)).toContain('Individual answers deleted under the retention policy on 2025-11-20.')
    expect(comparable(after.next)).toEqual(comparable(before.next))
    expect(await rows(fresh.db, 'SELECT answers_deleted_on, deleted_responses FROM rounds WHERE id = ?', [old.id])).toEqual([
      { answers_deleted_on: '2025-11-20', deleted_responses: 24 },
    ])
    expect(await rows(fresh.db, "SELECT actor, action, round_id FROM audit_log WHERE action = 'retention.run'")).toEqual([
      { actor: 'command line', action: 'retention.run', round_id: old.id },
    ])
    // a second run has nothing to do
    expect((await applyRetention(fresh.db, catalog, { now })).deleted).toEqual([])

    // the raw files, after a checkpoint and VACUUM: the deleted free text is nowhere, the kept round's is still there
    await fresh.db.$client.execute('PRAGMA wal_checkpoint(TRUNCATE)')
    await fresh.db.$client.execute('VACUUM')
    const path = filePathOf(fresh.url)
    const bytes = Buffer.concat([readFileSync(path), existsSync(`${path}-wal`) ? readFileSync(`${path}-wal`) : Buffer.alloc(0)])
    const found = (text: string) => bytes.includes(Buffer.from(text, 'utf8'))
    for (let i = 0; i < 24; i++) expect(found(`${secret} (gone ${i})`), `free text ${i} of the deleted round`).toBe(false)
    expect(await rows(fresh.db, 'SELECT count(*) AS n FROM answer_tallies WHERE round_id = ? AND value LIKE ?', [old.id, `${secret}%`])).toEqual([{ n: 0 }])
    // the kept round's answers are ordinary rows in the file: the search finds them
    expect(found(`${secret} (kept 0)`)).toBe(true)
    expect(
      Number((await rows(fresh.db, 'SELECT count(*) AS n FROM answers WHERE round_id = ? AND value LIKE ?', [next.id, `${secret}%`]))[0]!.n),
    ).toBeGreaterThan(0)
  })

  it('never touches an open round, however old, and follows the partnership’s keepAnswersYears', async () => {
    const open = await seedRound(fresh.db, catalog, 'yew-school', '2021/22', people(6, '4'), 'student-iag')
    const recent = await seedRound(fresh.db, catalog, 'yew-school', '2024/25', people(6, '4'), 'student-iag')
    await closeRound(fresh.db, recent)
    const plan = await retentionPlan(fresh.db, now)
    expect(plan.map((p) => [p.year, p.action])).toEqual([['2021/22', 'kept-open']])
    expect(retentionLines(await applyRetention(fresh.db, catalog, { now }))).toEqual([
      'Kept Yew School, student-iag 2021/22: old enough to delete, but still open (close it first)',
    ])
    expect(await rows(fresh.db, 'SELECT count(*) AS n FROM responses WHERE round_id = ?', [open.id])).toEqual([{ n: 6 }])
    // a partnership that keeps answers for one year only: last year's closed round goes
    await setPartnershipSettings(fresh.db, 'keep-city', { keepAnswersYears: 1 })
    expect((await applyRetention(fresh.db, catalog, { now })).deleted.map((d) => d.roundId)).toEqual([recent.id])
  })

  it('skips a round with nothing stored', async () => {
    await openRound(fresh.db, catalog, { institution: 'yew-school', survey: 'student-iag', year: '2020/21', tokensRequired: false })
    expect(await retentionPlan(fresh.db, now)).toEqual([])
  })
})
