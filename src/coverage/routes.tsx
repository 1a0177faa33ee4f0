import { Hono } from 'hono'
import { requireLead, type StaffEnv } from '../auth/guard.tsx'
import type { User } from '../auth/users.ts'
import { institutionsOf } from '../framework/queries.ts'
import { uploadedCsv, uploadForm, uploadLimit } from '../importers/upload.ts'
import { formText } from '../http/request-body.ts'
import { academicYear, academicYearOf } from '../rounds/academic-year.ts'
import { StaffFrame } from '../ui/staff-frame.tsx'
import { parseRollCsv, rollsOf, storeRollCsv, yearGroupLabel, yearGroups, type Roll } from './rolls.ts'

/** A CSV of sizes is a line per institution: a few kilobytes even for a large partnership. */
const maxRollFile = 256 * 1024

type RollRow = { id: number; name: string; slug: string; roll: Roll | null }

/** The partnership lead's page of every institution's year-group sizes, with the CSV upload. */
function RollsPage({ user, year, rows, message, problems }: { user: User; year: string; rows: RollRow[]; message?: string; problems?: string[] }) {
  return (
    <StaffFrame title={`Year-group sizes ${year}`} user={user} place={{ area: 'overview' }}>
      <h1>
        Year-group sizes<span class="subtitle">{year}, every institution</span>
      </h1>
      <p>
        The number on roll in each year group is the base of every response rate. Numbers only: no names or pupil data. An institution without this year’s
        figures uses its latest earlier year’s, marked as such, until they are changed.
      </p>
      <div role="status">
        {message ? (
          <div class="notice notice-success">
            <p>{message}</p>
          </div>
        ) : null}
      </div>
      {problems?.length ? (
        <div class="notice notice-error" role="alert">
          <p>
            <strong>Nothing was saved.</strong> Put these right and send the file again:
          </p>
          <ul>
            {problems.slice(0, 30).map((p) => (
              <li>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <table class="staff-table coverage-table">
        <caption>Students on roll, {year}</caption>
        <thead>
          <tr>
            <th scope="col">Institution</th>
            {yearGroups.map((g) => (
              <th scope="col" class="num">
                {yearGroupLabel(g)}
              </th>
            ))}
            <th scope="col">Figures</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <th scope="row">
                <a href={`/dashboard/institutions/${r.id}#roll-title`}>{r.name}</a>
              </th>
              {yearGroups.map((g) => (
                <td class="num">{r.roll?.sizes.get(g) ?? '–'}</td>
              ))}
              <td>{!r.roll ? 'none entered' : r.roll.carried ? `last year’s (${r.roll.fromYear})` : 'this year’s'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <section aria-labelledby="rolls-upload">
        <h2 id="rolls-upload">Set them from a spreadsheet</h2>
        <p>
          A CSV file with a header row <span class="code">institution,y8,y9,y10,y11,y12,y13</span> (any of the year groups, in any order) and then one row per
          institution, by its short name: <span class="code">{rows[0]?.slug ?? 'oak-school'},180,175,170,165,0,0</span>. An empty cell leaves that year group as
          it is; 0 means the institution has no such year group. Either the whole file is saved or nothing is.
        </p>
        <form method="post" action="/dashboard/rolls" enctype="multipart/form-data" class="roll-form">
          <input type="hidden" name="year" value={year} />
          <div class="field">
            <label for="rolls-file" class="block">
              CSV file of sizes for {year}
            </label>
            <input id="rolls-file" name="file" type="file" accept=".csv,text/csv" required />
          </div>
          <button type="submit">Save the sizes for {year}</button>
        </form>
      </section>
    </StaffFrame>
  )
}

async function rollRows(c: { var: StaffEnv['Variables'] }, year: string): Promise<RollRow[]> {
  const list = await institutionsOf(c.var.db, c.var.user.partnershipId)
  const rolls = await rollsOf(
    c.var.db,
    list.map((i) => i.id),
    year,
  )
  return list.map((i) => ({ id: i.id, name: i.name, slug: i.slug, roll: rolls.get(i.id) ?? null }))
}

/**
 * Year-group sizes for the whole partnership, mounted in the dashboard (the lead only; each
 * institution's own are on its page, see rounds/pages.tsx):
 *
 *   GET  /rolls?year=2025/26     every institution's sizes, and the CSV upload
 *   POST /rolls                  a CSV of sizes for a year: all stored, or none with every problem by line
 */
export const rollPages = new Hono<StaffEnv>()
  .get('/rolls', async (c) => {
    requireLead(c.var.user, 'see every institution’s year-group sizes')
    const year = academicYear.catch(academicYearOf(c.var.now())).parse(c.req.query('year') ?? academicYearOf(c.var.now()))
    const saved = c.req.query('done') === 'saved'
    return c.html(<RollsPage user={c.var.user} year={year} rows={await rollRows(c, year)} message={saved ? 'The sizes are saved.' : undefined} />)
  })
  .post('/rolls', uploadLimit(maxRollFile, 'year-group sizes'), async (c) => {
    requireLead(c.var.user, 'set every institution’s year-group sizes')
    const body = await uploadForm(c)
    const year = academicYear.safeParse(formText(body, 'year'))
    const shownYear = year.success ? year.data : academicYearOf(c.var.now())
    const refuse = async (problems: string[]) =>
      c.html(<RollsPage user={c.var.user} year={shownYear} rows={await rollRows(c, shownYear)} problems={problems} />, 400)
    if (!year.success) return refuse([`the year: ${year.error.issues[0]!.message}`])
    const file = await uploadedCsv(body)
    if ('error' in file) return refuse([file.error])
    const { rows, problems } = await parseRollCsv(c.var.db, c.var.user.partnershipId, file.text)
    if (problems.length) return refuse(problems)
    if (rows.length === 0) return refuse(['the file has a header row but no institutions'])
    await storeRollCsv(c.var.db, year.data, rows)
    return c.redirect(`/dashboard/rolls?year=${encodeURIComponent(year.data)}&done=saved`, 303)
  })
