import Papa from 'papaparse'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addInstitution } from '../../src/org/organisations.ts'
import { rows } from '../support/app.ts'
import { origin, postForm } from '../support/staff.ts'
import { cellText, handPartnership, visibleText } from './support.ts'

/**
 * The framework's pages against a real embedded database, with the hand-worked partnership of
 * support.ts: the lead enters and sets criteria, everyone who may see an institution reads the
 * same ratings with their reasons, and only the lead changes the criteria and the elements.
 */

let t: Awaited<ReturnType<typeof handPartnership>>
beforeEach(async () => {
  t = await handPartnership()
})
afterEach(() => t.dispose())

const get = (path: string, cookie: string) => t.app.request(path, { headers: { cookie } })
const page = (id: number, year = '2025/26') => `/dashboard/institutions/${id}/framework?year=${encodeURIComponent(year)}`
const entryOf = async (id: number, year: string) =>
  (
    await rows(
      t.db,
      'SELECT destination_ks4, destination_post16, y11_eet, quality_award, staffing FROM framework_entries WHERE institution_id = ? AND year = ?',
      [id, year],
    )
  )[0]

describe('an institution’s framework page', () => {
  it('shows the five elements with words and reasons, the overall rating and how it was reached, and last year beside this year', async () => {
    const res = await get(page(t.elm), await t.cookie('lead'))
    expect(res.status).toBe(200)
    const html = await res.text()
    const row = (element: string) => cellText(html, `data-element="${element}"`, 'tr')
    expect(row('destination')).toMatch(/^Destination Measure ● Green ○ Not rated \(not entered\) KS4 96%/)
    expect(row('destination')).toContain('Setting: Minimum for Green (KS4): 95%')
    expect(row('y11')).toMatch(/▲ Amber\/Red ◆ Amber\/Green 88% \(city average 91%\)/)
    expect(row('y11')).toContain('88% against a city average of 91% (the mean of 3 institutions): 3 points below')
    expect(row('y11')).toContain('Setting: Rating from 2 points to 5 points below: Amber/Red')
    expect(row('y11'), 'the page names settings in words, not by their internal keys').not.toContain('y11.gapBand')
    expect(row('quality')).toMatch(/Quality award ◆ Amber\/Green ▲ Amber\/Red Is working towards a quality award/)
    expect(row('staffing')).toMatch(/Qualified staffing ● Green ▲ Amber\/Red/)
    expect(row('survey')).toMatch(/Student survey ▲ Amber\/Red ○ Not rated \(baseline year\) 2 of 3 development questions still in the top three/)
    const text = visibleText(html)
    expect(text).toContain('(4 + 2 + 3 + 4 + 2) ÷ 5 = 3, which rounds to Amber/Green')
    expect(html).toContain('data-overall="Amber/Green"')
    expect(text).toMatch(/Last year \(2024\/25\): ▲ Amber\/Red \(provisional\) ↑ Improved/)
    expect(text).toContain('Year 11 city average for 2025/26: 91% (the mean of 3 institutions)')
  })

  it('shows the coordinator the same ratings, with the action plan to write but no entry form', async () => {
    const lead = await (await get(page(t.elm), await t.cookie('lead'))).text()
    const res = await get(page(t.elm), await t.cookie('elmCoordinator'))
    expect(res.status).toBe(200)
    const html = await res.text()
    for (const e of ['destination', 'quality', 'staffing', 'survey'])
      expect(cellText(html, `data-element="${e}"`, 'tr')).toBe(cellText(lead, `data-element="${e}"`, 'tr'))
    // the city average of Elm and 2 others is not shown to Elm's staff (it would give away Ash's and Oak's sum); the ratings are the same
    expect(cellText(html, 'data-element="y11"', 'tr')).toMatch(/▲ Amber\/Red ◆ Amber\/Green 88% \(city average not shown\)/)
    expect(cellText(html, 'data-element="y11"', 'tr')).toContain('not shown: fewer than 3 other institutions')
    expect(visibleText(html)).not.toContain('91%')
    expect(visibleText(html)).toContain(
      'Year 11 city average for 2025/26: not shown: fewer than 3 other institutions have a figure for this year, and an average of so few would give their figures away.',
    )
    expect(html).toContain('data-overall="Amber/Green"')
    expect(html).not.toContain('Save the four elements')
    expect(html).toContain('Save the action plan')
    expect(lead).toContain('Save the four elements')
  })

  it('lists the student survey’s development questions with their status, beside the other elements’ actions', async () => {
    const html = await (await get(page(t.elm), await t.cookie('elmCoordinator'))).text()
    const text = visibleText(html)
    expect(text).toContain('Student survey: development questions for 2025/26')
    expect(text).toContain('The top three priority areas of 2024/25.')
    expect(text).toMatch(/Statement q1\. Still in the top three\. Actions: none recorded\./)
    expect(text).toMatch(/Statement q3\. Left the top three\./)
  })

  it('shows nothing of a survey round below the minimum cohort', async () => {
    const html = await (await get(page(t.ash), await t.cookie('ashCoordinator'))).text()
    const text = visibleText(html)
    expect(cellText(html, 'data-element="survey"', 'tr')).toContain('3 responses: fewer than the minimum group of 5, so no result of this round is shown.')
    expect(text).toContain('There are no development questions: the 2024/25 round had too few answers to rank its questions.')
    expect(text).not.toContain('Statement q1')
  })

  it('lets the lead enter the four elements, and the ratings follow', async () => {
    const cookie = await t.cookie('lead')
    const res = await postForm(t.app, `/dashboard/institutions/${t.oak}/framework`, cookie, {
      year: '2025/26',
      destinationKs4: '91.5%',
      destinationPost16: '',
      y11Eet: '90',
      qualityAward: 'gained',
      staffing: 'level-4',
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`${page(t.oak)}&done=entry`)
    expect(await entryOf(t.oak, '2025/26')).toEqual({
      destination_ks4: 91.5,
      destination_post16: null,
      y11_eet: 90,
      quality_award: 'gained',
      staffing: 'level-4',
    })
    const html = await (await get(`${page(t.oak)}&done=entry`, cookie)).text()
    expect(html).toContain('The four elements are saved.')
    // KS4 91.5 -> Amber/Red; Y11 90 against (88 + 92 + 90) / 3 = 90 -> Amber/Green; Green; Green; no survey: (2 + 3 + 4 + 4) / 4 = 3.25
    expect(cellText(html, 'data-element="destination"', 'tr')).toMatch(/^Destination Measure ▲ Amber\/Red/)
    expect(cellText(html, 'data-element="y11"', 'tr')).toMatch(/^Year 11 progression into education, employment or training ◆ Amber\/Green/)
    expect(html).toContain('data-overall="Amber/Green"')
  })

  it('sends a mistyped entry back with every problem beside its field, and stores nothing', async () => {
    const before = await entryOf(t.elm, '2025/26')
    const res = await postForm(t.app, `/dashboard/institutions/${t.elm}/framework`, await t.cookie('lead'), {
      year: '2025/26',
      destinationKs4: '120',
      y11Eet: '88,5',
      qualityAward: 'awarded',
      staffing: 'level-4',
    })
    expect(res.status).toBe(400)
    const text = visibleText(await res.text())
    expect(text).toContain('Nothing was saved: there are 3 problems')
    expect(text).toContain('Destination Measure after KS4: “120”: a percentage cannot be above 100')
    expect(text).toContain('Year 11 progression into EET: “88,5”: write decimals with a full stop, such as 88.5')
    expect(text).toContain('Quality award: “awarded” is not one of the statements')
    expect(await entryOf(t.elm, '2025/26')).toEqual(before)
  })

  it('refuses the coordinator and the viewer the entry form, and another school’s coordinator sees nothing', async () => {
    const before = await entryOf(t.elm, '2025/26')
    const fields = { year: '2025/26', y11Eet: '99', qualityAward: 'gained', staffing: 'level-4' }
    expect((await postForm(t.app, `/dashboard/institutions/${t.elm}/framework`, await t.cookie('elmCoordinator'), fields)).status).toBe(403)
    expect((await postForm(t.app, `/dashboard/institutions/${t.elm}/framework`, await t.cookie('elmViewer'), fields)).status).toBe(403)
    expect((await postForm(t.app, `/dashboard/institutions/${t.elm}/framework`, await t.cookie('ashCoordinator'), fields)).status).toBe(404)
    expect((await get(page(t.elm), await t.cookie('ashCoordinator'))).status).toBe(404)
    expect((await get(page(t.elm), await t.cookie('otherLead'))).status).toBe(404)
    expect(await entryOf(t.elm, '2025/26')).toEqual(before)
  })

  it('saves the framework action plan written by the coordinator, and shows it to the viewer', async () => {
    const res = await postForm(t.app, `/dashboard/institutions/${t.elm}/framework/actions`, await t.cookie('elmCoordinator'), {
      year: '2025/26',
      action_y11: 'Track every Year 11 leaver in the summer term.',
      action_quality: '',
      action_overall: 'Review in March with the governors.',
    })
    expect(res.status).toBe(303)
    const [stored] = await rows(t.db, "SELECT actions FROM framework_entries WHERE institution_id = ? AND year = '2025/26'", [t.elm])
    expect(JSON.parse(String(stored!.actions))).toEqual({
      y11: 'Track every Year 11 leaver in the summer term.',
      overall: 'Review in March with the governors.',
    })
    const viewer = visibleText(await (await get(page(t.elm), await t.cookie('elmViewer'))).text())
    expect(viewer).toContain('Track every Year 11 leaver in the summer term.')
    expect(viewer).not.toContain('Save the action plan')
    expect(
      (await postForm(t.app, `/dashboard/institutions/${t.elm}/framework/actions`, await t.cookie('elmViewer'), { year: '2025/26', action_y11: 'x' })).status,
    ).toBe(403)
  })

  it('refuses a badly written year, naming the rule', async () => {
    const res = await get(`/dashboard/institutions/${t.elm}/framework?year=2025-26`, await t.cookie('lead'))
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('an academic year is written like 2025/26')
  })
})

describe('the criteria', () => {
  const fields = {
    year: '2025/26',
    destination_ks4_green: '',
    destination_ks4_amberGreen: '',
    destination_ks4_amberRed: '',
    destination_post16_green: '',
    destination_post16_amberGreen: '',
    destination_post16_amberRed: '',
    y11_atWidth: '0.5',
    y11_amberRedDepth: '2',
    y11_redDepth: '5',
    y11_gapBand: 'Red',
    y11_cityAverage: '',
    overall_method: 'lowest',
    overall_minimumRated: '3',
  }
  const stored = async () => rows(t.db, 'SELECT year, criteria FROM framework_criteria ORDER BY year')

  it('are changed by the lead, as the year’s own version, and the ratings follow with the setting named', async () => {
    const cookie = await t.cookie('lead')
    const res = await postForm(t.app, '/dashboard/framework/criteria', cookie, fields)
    expect(res.status).toBe(303)
    const saved = JSON.parse(String((await stored()).find((r) => r.year === '2025/26')!.criteria))
    expect(saved).toEqual({
      destination: { ks4: null, post16: null },
      y11: { atWidth: 0.5, amberRedDepth: 2, redDepth: 5, gapBand: 'Red', cityAverage: null },
      overall: { method: 'lowest', minimumRated: 3 },
    })
    const html = await (await get(page(t.elm), cookie)).text()
    // 3 below is now Red by the open-band setting; the lowest element decides overall
    expect(cellText(html, 'data-element="y11"', 'tr')).toContain('Setting: Rating from 2 points to 5 points below: Red')
    expect(cellText(html, 'data-element="destination"', 'tr')).toMatch(/^Destination Measure ○ Not rated \(criteria not set\)/)
    expect(html).toContain('data-overall="Red"')
    expect(visibleText(html)).toContain('The lowest of the 4 rated elements: Year 11 EET (Red).')
  })

  it('use an entered city average for that year only', async () => {
    const cookie = await t.cookie('lead')
    await postForm(t.app, '/dashboard/framework/criteria', cookie, {
      ...fields,
      y11_gapBand: 'Amber/Red',
      overall_method: 'mean-of-points',
      y11_cityAverage: '88.2',
    })
    const html = await (await get(page(t.elm), cookie)).text()
    // 88 against 88.2: 0.2 below, within 0.5 -> at the average
    expect(cellText(html, 'data-element="y11"', 'tr')).toContain('88% against a city average of 88.2% (entered by the partnership): 0.2 points below')
    const next = visibleText(await (await get('/dashboard/framework/criteria?year=2026/27', cookie)).text())
    expect(next).toContain('Nothing has been saved for 2026/27, so the criteria of 2025/26 apply')
    expect(next).not.toContain('88.2')
  })

  it('come back with each problem beside its field when wrong, and nothing is stored', async () => {
    const before = await stored()
    const res = await postForm(t.app, '/dashboard/framework/criteria', await t.cookie('lead'), {
      ...fields,
      destination_ks4_green: '95',
      y11_atWidth: '3',
      overall_minimumRated: 'all',
    })
    expect(res.status).toBe(400)
    const html = await res.text()
    const text = visibleText(html)
    expect(text).toContain('Destination Measure, KS4: KS4: give all three minimum shares')
    expect(text).toContain('Width of “at the city average”: the width of “at the city average” must be smaller than the depth of the Amber/Red band')
    expect(text).toContain('Elements needed for an overall rating: give a whole number from 1 to 5')
    // the form keeps what was typed
    expect(html).toMatch(/name="overall_minimumRated"[^>]*value="all"/)
    expect(html).toMatch(/name="destination_ks4_green"[^>]*value="95"/)
    expect(await stored()).toEqual(before)
  })

  it('are shown to coordinators and viewers to read, without a form, and they cannot change them', async () => {
    for (const who of ['elmCoordinator', 'elmViewer'] as const) {
      const cookie = await t.cookie(who)
      const res = await get('/dashboard/framework/criteria?year=2025/26', cookie)
      expect(res.status).toBe(200)
      const html = await res.text()
      expect(html).not.toContain('<form method="post" action="/dashboard/framework/criteria"')
      expect(visibleText(html)).toContain('Only the partnership lead can change these criteria.')
      expect(visibleText(html)).toContain('Green from 95%, Amber/Green from 92%, Amber/Red from 88%, Red below')
      const before = await stored()
      expect((await postForm(t.app, '/dashboard/framework/criteria', cookie, fields)).status).toBe(403)
      expect(await stored()).toEqual(before)
    }
  })
})

describe('the partnership matrix', () => {
  it('shows every institution by element, the change since last year, the city averages and the distance travelled', async () => {
    const res = await get('/dashboard/framework?year=2025/26', await t.cookie('lead'))
    expect(res.status).toBe(200)
    const html = await res.text()
    const rowsBySlug = new Map([...html.matchAll(/<tr data-institution="([^"]+)">([\s\S]*?)<\/tr>/g)].map((m) => [m[1]!, m[2]!]))
    expect([...rowsBySlug.keys()]).toEqual(['ash-school', 'elm-school', 'oak-school'])
    const cell = (slug: string, element: string) => cellText(rowsBySlug.get(slug)!, `data-element="${element}"`, 'td')
    expect(cell('elm-school', 'y11')).toBe('▲ Amber/Red 88% (city average 91%)')
    expect(cell('elm-school', 'overall')).toBe('◆ Amber/Green')
    expect(cell('ash-school', 'overall')).toBe('▲ Amber/Red (provisional)')
    expect(cell('ash-school', 'survey')).toBe('○ Not rated (too small) 3 responses')
    expect(cell('oak-school', 'overall')).toBe('◆ Amber/Green (provisional)')
    expect(visibleText(rowsBySlug.get('elm-school')!)).toContain('↑ Improved')
    expect(visibleText(rowsBySlug.get('ash-school')!)).toContain('Not comparable')

    const distance = (element: string) => cellText(html, `data-distance="${element}"`, 'tr')
    expect(distance('overall')).toBe('Overall 1 0 0 2')
    expect(distance('y11')).toBe('Year 11 EET 0 0 1 2')
    expect(distance('quality')).toBe('Quality award 1 1 0 1')
    expect(distance('staffing')).toBe('Qualified staffing 1 1 0 1')
    // Y11: Green, Green, Amber/Red -> (4 + 4 + 2) / 3 = 3.33 -> Amber/Green; mean share 91 over 3
    expect(cellText(html, 'data-city-row="y11"', 'tr')).toBe('Year 11 EET 2 0 1 0 0 ◆ Amber/Green (mean 3.33 points) Year 11 EET: 91% over 3')
    expect(cellText(html, 'data-city-row="overall"', 'tr')).toBe('Overall 0 2 1 0 0 ◆ Amber/Green (mean 2.67 points) –')
  })

  it('sends a coordinator to their own institution’s framework page', async () => {
    const res = await get('/dashboard/framework?year=2025/26', await t.cookie('elmCoordinator'))
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(page(t.elm))
  })

  it('downloads as CSV with one row per institution and a city row, and cells that cannot run as formulas', async () => {
    await addInstitution(t.db, { slug: 'formula-school', name: '=HYPERLINK("http://x.test","Click")', partnership: 'fixture-city' })
    const res = await get('/dashboard/framework.csv?year=2025/26', await t.cookie('lead'))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/csv')
    expect(res.headers.get('content-disposition')).toContain('fixture-city-framework-2025-26.csv')
    const parsed = Papa.parse<Record<string, string>>((await res.text()).replace(/^\ufeff/, ''), { header: true, skipEmptyLines: true }).data
    expect(parsed.map((r) => r.institution)).toEqual([
      '\'=HYPERLINK("http://x.test","Click")',
      'Ash School',
      'elm-school name',
      'Oak School',
      'City average (all institutions)',
    ])
    const elm = parsed.find((r) => r.slug === 'elm-school')!
    expect(elm).toMatchObject({
      destination_measure_rating: 'Green',
      year_11_eet_rating: 'Amber/Red',
      quality_award_rating: 'Amber/Green',
      qualified_staffing_rating: 'Green',
      student_survey_rating: 'Amber/Red',
      overall_rating: 'Amber/Green',
      overall_rating_2024_25: 'Amber/Red (provisional)',
      change_since_last_year: 'improved',
      y11_eet: '88',
      y11_city_average: '91',
    })
    expect(elm.year_11_eet_decided_by).toBe(
      'Between 2 points and 5 points below the city average: a band the framework leaves undefined; Rating from 2 points to 5 points below: Amber/Red (y11.gapBand)',
    )
    expect(elm.quality_award_decided_by).toBe('The framework’s statement for Amber/Green; fixed by the framework')
    expect(parsed.find((r) => r.slug === 'ash-school')!.student_survey_rating).toBe('Not rated (too small)')
    expect(parsed.at(-1)!.year_11_eet_rating).toBe('Amber/Green (mean of points)')
    expect((await get('/dashboard/framework.csv?year=2025/26', await t.cookie('elmCoordinator'))).status).toBe(403)
  })
})

describe('importing the four elements from a CSV', () => {
  const upload = async (csv: string, year = '2026/27') => {
    const form = new FormData()
    form.set('year', year)
    form.set('file', new File([csv], 'framework.csv', { type: 'text/csv' }))
    return t.app.request('/dashboard/framework/import/preview', { method: 'POST', body: form, headers: { origin, cookie: await t.cookie('lead') } })
  }
  const count = async () => Number((await rows(t.db, "SELECT count(*) AS n FROM framework_entries WHERE year = '2026/27'"))[0]!.n)

  it('previews every row, stores nothing, then stores every row on confirmation', async () => {
    const csv = 'institution,y11_eet,quality_award,staffing\r\nelm-school,91.5%,Green,enrolled-level-4\r\nAsh School,89,audit-and-plan,\r\n'
    const preview = await upload(csv)
    expect(preview.status).toBe(200)
    const html = await preview.text()
    expect(visibleText(html)).toContain('2 institutions ready to import for 2026/27')
    expect(await count()).toBe(0)
    const confirm = await postForm(t.app, '/dashboard/framework/import/confirm', await t.cookie('lead'), { year: '2026/27', text: csv })
    expect(confirm.status).toBe(200)
    expect(visibleText(await confirm.text())).toContain('Stored the figures of 2 institutions for 2026/27.')
    expect(await entryOf(t.elm, '2026/27')).toEqual({
      destination_ks4: null,
      destination_post16: null,
      y11_eet: 91.5,
      quality_award: 'gained',
      staffing: 'enrolled-level-4',
    })
    expect(await entryOf(t.ash, '2026/27')).toMatchObject({ y11_eet: 89, quality_award: 'audit-and-plan', staffing: null })
  })

  it('shows every problem with its row and column and offers no import; a confirm of a bad file stores nothing', async () => {
    const csv = 'institution,y11_eet,quality_award,colour\nelm-school,9x,gained,red\nNo Such School,80,,\nelm-school,81,none,\n'
    const res = await upload(csv)
    expect(res.status).toBe(400)
    const text = visibleText(await res.text())
    expect(text).toContain('row 1, column “colour”: is not a framework column')
    expect(text).toContain('row 2, column “y11_eet”: “9x” is not a percentage')
    expect(text).toContain('row 3, column “institution”: “No Such School” is not an institution of this partnership')
    expect(text).toContain('row 4, column “institution”: elm-school name is already on row 2: one row per institution')
    expect(text).not.toContain('name="text"')
    const confirm = await postForm(t.app, '/dashboard/framework/import/confirm', await t.cookie('lead'), { year: '2026/27', text: csv })
    expect(confirm.status).toBe(400)
    expect(await count()).toBe(0)
  })

  it('does not find another partnership’s institutions, and is for the lead only', async () => {
    await addInstitution(t.db, { slug: 'far-school', name: 'Far School', partnership: 'elsewhere' })
    const text = visibleText(await (await upload('institution,y11_eet\nfar-school,90\n')).text())
    expect(text).toContain('“far-school” is not an institution of this partnership')
    expect((await get('/dashboard/framework/import', await t.cookie('elmCoordinator'))).status).toBe(403)
  })
})
