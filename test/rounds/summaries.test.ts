import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { issueTokens, openRound } from '../../src/rounds/rounds.ts'
import { roundsOfInstitution } from '../../src/rounds/summaries.ts'
import { addInstitution, addPartnership } from '../../src/org/organisations.ts'
import { catalog, freshDatabase } from '../support/app.ts'

let fresh: Awaited<ReturnType<typeof freshDatabase>>
beforeEach(async () => {
  fresh = await freshDatabase()
  await addPartnership(fresh.db, { slug: 'test-city', name: 'Test City Partnership' })
  await addInstitution(fresh.db, { slug: 'oak-school', name: 'Oak School', partnership: 'test-city' })
  await addInstitution(fresh.db, { slug: 'elm-school', name: 'Elm School', partnership: 'test-city' })
})
afterEach(() => fresh.dispose())

async function respond(roundId: number, n: number) {
  for (let i = 0; i < n; i++) {
    await fresh.db.$client.execute({
      sql: 'INSERT INTO responses (round_id, submission_id, submitted_on) VALUES (?, ?, ?)',
      args: [roundId, `summary-${roundId}-${i}`, '2025-10-01'],
    })
  }
}

describe('roundsOfInstitution', () => {
  it("lists an institution's rounds newest year first, students before parents, with live counts", async () => {
    const { db } = fresh
    const older = await openRound(db, catalog, {
      institution: 'oak-school',
      survey: 'student-iag',
      year: '2024/25',
      closesOn: '2025-07-01',
      tokensRequired: false,
    })
    const parents = await openRound(db, catalog, { institution: 'oak-school', survey: 'parent-carer', year: '2025/26', tokensRequired: true })
    const students = await openRound(db, catalog, {
      institution: 'oak-school',
      survey: 'student-iag',
      year: '2025/26',
      opensOn: '2025-09-15',
      tokensRequired: false,
    })
    const elsewhere = await openRound(db, catalog, { institution: 'elm-school', survey: 'student-iag', year: '2025/26' })
    await respond(students.id, 3)
    await respond(older.id, 1)
    await respond(elsewhere.id, 2)
    await issueTokens(db, parents, 4)

    const listed = await roundsOfInstitution(db, students.institutionId)
    const summary = (round: typeof students, respondents: number, tokens: number) => ({
      id: round.id,
      surveyId: round.surveyId,
      audience: round.audience,
      year: round.year,
      code: round.code,
      status: round.status,
      opensOn: round.opensOn,
      closesOn: round.closesOn,
      tokensRequired: round.tokensRequired,
      source: round.source,
      respondents,
      // the test's responses were written without a step of the figures
      shownRespondents: 0,
      tokens,
    })
    expect(listed).toEqual([summary(students, 3, 0), summary(parents, 0, 4), summary(older, 1, 0)])
    expect(listed.map((r) => [r.tokensRequired, r.opensOn, r.closesOn])).toEqual([
      [false, '2025-09-15', null],
      [true, null, null],
      [false, null, '2025-07-01'],
    ])
  })

  it('lists nothing for an institution without rounds', async () => {
    expect(await roundsOfInstitution(fresh.db, 999)).toEqual([])
  })
})
