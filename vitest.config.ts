import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { configDefaults, defineConfig } from 'vitest/config'

/**
 * Two tiers, one run: `npm test` runs both, `npm run test:unit` / `npm run test:system` one
 * (`vitest run --project unit|system`).
 *
 * system: whatever starts a process of its own: a browser, the Worker under wrangler, sqld, the
 * Node server, the CLI. Listed here by folder where every file of a folder does that, by file
 * elsewhere. unit: every other test file, in-process. So a new test file is never left out: it
 * is a unit test until it is listed here.
 */
const systemFolders = [
  'test/browser', // chromium against the Node server process
  'test/entry', // the Worker under wrangler dev, with sqld; the Node server behind a proxy
  'test/durability', // the Node server and the importer, killed part-way
]
const systemFiles = [
  'test/analysis/summary-pdf.test.ts', // poppler-utils (pdfinfo, pdftotext, pdftoppm) read the PDFs back
  'test/privacy/dpia-pdf.test.ts', // pdftotext and pdfinfo read the DPIA pack back
  'test/cli/framework.test.ts', // the CLI as a process of its own
  'test/cli/list.test.ts',
  'test/cli/main.test.ts',
  'test/collect/submission-limit.test.ts', // one of its backends is sqld
  'test/hostile/server-process.test.ts', // the hostile corpus against the Node server process
  'test/hostile/availability.test.ts', // issue 22's availability cases against the Node server process
  'test/auth/sso.test.ts', // a real OpenID Connect provider (oidc-provider) as a process of its own
]

const here = (path: string) => new URL(path, import.meta.url)
const isTestFile = (path: string) => /\.test\.tsx?$/.test(path)
const inSystem = (path: string) => systemFiles.includes(path) || systemFolders.some((folder) => path.startsWith(`${folder}/`))
/** What a test file that starts a process shows: it imports child_process, or calls a helper of test/support/ or test/browser/ that starts one. */
const startsProcess = (source: string) =>
  /^import .* from 'node:child_process'/m.test(source) ||
  /\b(startSqld|startServer|startWorker|startWorkerOnSqld|launchBrowser|serverOnFreshDatabase|startOidcProvider)\(/.test(source)

// Say so when the lists and the test files disagree (a file moved, or a test in the wrong tier), rather than run a test in the other tier.
const stale = [...systemFolders, ...systemFiles].filter((path) => !existsSync(here(path)))
const misplaced = readdirSync(here('test'), { recursive: true, encoding: 'utf8' })
  .map((path) => `test/${path.split('\\').join('/')}`)
  .filter(isTestFile)
  .filter((path) => inSystem(path) !== startsProcess(readFileSync(here(path), 'utf8')))
if (stale.length > 0 || misplaced.length > 0) {
  throw new Error(
    'vitest.config.ts: the test tiers need updating. ' +
      (stale.length > 0 ? `Listed as system tests but not there (moved?): ${stale.join(', ')}. ` : '') +
      (misplaced.length > 0 ? `In the wrong tier (a system test starts a process, a unit test does not): ${misplaced.join(', ')}.` : ''),
  )
}

const testFiles = '**/*.test.{ts,tsx}'
const system = [...systemFolders.map((folder) => `${folder}/${testFiles}`), ...systemFiles]

export default defineConfig({
  test: {
    // a guard against a hang, not a timing: CLI tests start several processes, slow on a busy 2-core machine
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: [`test/${testFiles}`], exclude: [...configDefaults.exclude, ...system] } },
      { extends: true, test: { name: 'system', include: system } },
    ],
  },
})
