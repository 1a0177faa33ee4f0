import { sql } from 'drizzle-orm'
import { check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { audiences } from '../surveys/audience.ts'

/**
 * The database. Nothing here identifies a respondent: responses carry their round, the
 * day they arrived, their language and a random id chosen by the client; access tokens
 * live in tables that share no column with responses.
 */

export const partnerships = sqliteTable('partnerships', {
  id: integer('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  /** Analysis settings (minimum cohort, minimum round size...) as JSON; see src/analysis/settings.ts. */
  settings: text('settings').notNull().default('{}'),
  createdAt: text('created_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%SZ','now'))`),
})

export const institutions = sqliteTable(
  'institutions',
  {
    id: integer('id').primaryKey(),
    partnershipId: integer('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    createdAt: text('created_at')
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%SZ','now'))`),
  },
  (t) => [index('institutions_partnership').on(t.partnershipId)],
)

export const roundStatuses = ['open', 'closed'] as const
/** Where a round's responses came from: collected by Signpost, or imported from another tool's file. */
export const roundSources = ['collected', 'imported'] as const

/**
 * Each survey definition a round has used, stored once by the SHA-256 of its content: the
 * survey file as parsed, with its translations, as JSON. A round reads its questions, areas
 * and texts from here, so editing a file in `surveys/` never changes a past year's report.
 */
export const surveyVersions = sqliteTable('survey_versions', {
  hash: text('hash').primaryKey(),
  surveyId: text('survey_id').notNull(),
  content: text('content').notNull(),
})

/** One survey, for one institution, in one academic year (`2025/26`). */
export const rounds = sqliteTable(
  'rounds',
  {
    id: integer('id').primaryKey(),
    institutionId: integer('institution_id')
      .notNull()
      .references(() => institutions.id),
    surveyId: text('survey_id').notNull(),
    /** The survey definition this round uses, frozen when it was opened (or imported). */
    surveyVersion: text('survey_version').references(() => surveyVersions.hash),
    audience: text('audience', { enum: audiences }).notNull(),
    year: text('year').notNull(),
    /** The short code a class types to reach the survey. */
    code: text('code').notNull().unique(),
    /** When true, each respondent needs a one-time token as well as (or instead of) the code. */
    tokensRequired: integer('tokens_required', { mode: 'boolean' }).notNull().default(false),
    opensOn: text('opens_on'),
    closesOn: text('closes_on'),
    status: text('status', { enum: roundStatuses }).notNull().default('open'),
    /**
     * How many responses the figures shown while the round is open rest on: moved on only once
     * `minCohort` more have arrived (and to all of them when the round closes), so that no two
     * views of an open round differ by fewer than the minimum cohort. See rounds/shown-figures.ts.
     */
    shownRespondents: integer('shown_respondents').notNull().default(0),
    /**
     * How many responses the round holds now, kept by triggers on `responses` (migration 0023) in
     * the same statement as each insert or delete, so that every write (collected, imported,
     * voided, deleted) keeps it exact: each group commit reads it instead of counting the round.
     */
    responseCount: integer('response_count').notNull().default(0),
    /**
     * Where the round's responses came from: `collected` by Signpost (opened with a code) or
     * `imported` from another tool's file. Every report and the partnership overview say which.
     */
    source: text('source', { enum: roundSources }).notNull().default('collected'),
    /**
     * How the responses arrived, without a time per response: the start (minutes since 1970,
     * a multiple of 10) and count of the 10-minute window the latest responses fell in, and
     * the largest count any one window reached. A code-only round padded by one person shows
     * as most of its responses arriving in one window.
     */
    arrivalWindowStart: integer('arrival_window_start'),
    arrivalWindowCount: integer('arrival_window_count').notNull().default(0),
    busiestWindowCount: integer('busiest_window_count').notNull().default(0),
    /**
     * The day (YYYY-MM-DD) the round's individual answers, free text and response rows were
     * deleted under the partnership's retention policy (src/retention/); its tallies remain, so
     * its report, trend and development questions still work. Null while they are kept.
     */
    answersDeletedOn: text('answers_deleted_on'),
    /** How many response rows that deletion removed: the round's count of responses stays what it was. */
    deletedResponses: integer('deleted_responses').notNull().default(0),
    createdAt: text('created_at')
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%SZ','now'))`),
  },
  (t) => [uniqueIndex('rounds_institution_survey_year').on(t.institutionId, t.surveyId, t.year)],
)

/**
 * One-time access tokens, stored only as a SHA-256 hash. A token that has been used is
 * recorded in `used_tokens`, by hash only: neither table names a response, and responses
 * name no token, so a token cannot be linked to the answers it unlocked.
 */
export const accessTokens = sqliteTable(
  'access_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    roundId: integer('round_id')
      .notNull()
      .references(() => rounds.id),
    /** The class or group the slips were printed for, e.g. "10B". */
    label: text('label'),
  },
  (t) => [index('access_tokens_round').on(t.roundId)],
)

/**
 * More codes for a code-only round, one per event (an employers' breakfast, a careers fair): each
 * opens the same round as its round code, so a school can hand each event its own sheet and stop
 * one without stopping the others. Responses name no code, so no result is ever split by event.
 */
export const eventCodes = sqliteTable(
  'event_codes',
  {
    code: text('code').primaryKey(),
    roundId: integer('round_id')
      .notNull()
      .references(() => rounds.id, { onDelete: 'cascade' }),
    /** What the event is, for the staff and the printed sheet, e.g. "Careers fair, 12 March". */
    label: text('label').notNull(),
  },
  (t) => [index('event_codes_round').on(t.roundId)],
)

export const usedTokens = sqliteTable('used_tokens', {
  tokenHash: text('token_hash').primaryKey(),
})

/**
 * How many one-time codes of each class label have been used: a counter, one step per response
 * in the same atomic batch that stores the response and marks its token used (collect/group-write.ts).
 * It names no token and no response and keeps no time; WITHOUT ROWID (see the migration), so its
 * rows are kept in key order, not the order classes first answered. Label '' is codes printed
 * without one. Shown per label on the institution page while the round is open (rounds/label-progress.ts).
 */
export const labelUses = sqliteTable(
  'label_uses',
  {
    roundId: integer('round_id')
      .notNull()
      .references(() => rounds.id),
    label: text('label').notNull(),
    used: integer('used').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.label] })],
)

export const responses = sqliteTable(
  'responses',
  {
    id: integer('id').primaryKey(),
    roundId: integer('round_id')
      .notNull()
      .references(() => rounds.id),
    /** Random id chosen by the client; a retry with the same id is the same response. */
    submissionId: text('submission_id').notNull(),
    /** The day only (YYYY-MM-DD): an exact time could identify a respondent. */
    submittedOn: text('submitted_on').notNull(),
    language: text('language').notNull().default('en'),
    /**
     * 1 once the round's figures rest on this response (rounds/shown-figures.ts: set in the same
     * write as the step that takes it in). Response ids are random, so "the first n" cannot be read
     * from them: the answers export reads this. It tells no more than the shown figures do.
     */
    inFigures: integer('in_figures').notNull().default(0),
    /**
     * Code-only rounds only, and only on the day the response arrived: a keyed tag (HMAC with the
     * server secret) of the 10-minute window it arrived in, never a time, so that the lead can void
     * a flood that day (src/rounds/void.ts). Erased (set to null) once the day is over.
     */
    voidTag: integer('void_tag'),
  },
  (t) => [
    uniqueIndex('responses_round_submission').on(t.roundId, t.submissionId),
    index('responses_void_tag')
      .on(t.roundId, t.voidTag)
      .where(sql`void_tag IS NOT NULL`),
    // the few responses the figures do not rest on yet: each step of the figures finds them here, not by reading the whole round
    index('responses_not_in_figures')
      .on(t.roundId)
      .where(sql`in_figures = 0`),
  ],
)

/**
 * One row per answered question (one per chosen option for multiple choice). `scale` holds
 * 1-5 for agreement answers and is null for "Don't know" and every other kind.
 */
export const answers = sqliteTable(
  'answers',
  {
    responseId: integer('response_id')
      .notNull()
      .references(() => responses.id),
    roundId: integer('round_id').notNull(),
    questionKey: text('question_key').notNull(),
    value: text('value').notNull(),
    scale: integer('scale'),
  },
  // The primary key orders answers by round and response, so a round's export is one range of
  // the table and a response's answers sit together: response ids are random, and keyed by
  // question first each answer of a group commit would land on a page of its own (a write of
  // about 28 pages per response instead of one). The table is WITHOUT ROWID (see the
  // migrations): one B-tree to write per answer instead of three.
  (t) => [primaryKey({ columns: [t.roundId, t.responseId, t.questionKey, t.value] })],
)

/**
 * The action plan a coordinator records for a round: the three development questions for the
 * next year (question keys) and what will be done about each. Next year's RAG reads it.
 */
export const actionPlans = sqliteTable('action_plans', {
  roundId: integer('round_id')
    .primaryKey()
    .references(() => rounds.id),
  /** JSON array of three question keys. */
  developmentKeys: text('development_keys').notNull(),
  /** JSON object: question key -> the actions planned. */
  actions: text('actions').notNull().default('{}'),
  updatedAt: text('updated_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%SZ','now'))`),
  /**
   * Set when the plan was changed after the next year's round of the survey had opened (only
   * the lead may, and the report then says so): the day, and the lead who changed it.
   */
  changedAfterOpeningOn: text('changed_after_opening_on'),
  changedAfterOpeningBy: integer('changed_after_opening_by').references(() => users.id),
})

export const userRoles = ['lead', 'coordinator', 'viewer'] as const

/**
 * Staff who sign in: a partnership lead sees every institution of the partnership; a
 * coordinator or viewer sees one institution (a viewer only reads).
 */
export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey(),
    email: text('email').notNull().unique(),
    name: text('name').notNull(),
    role: text('role', { enum: userRoles }).notNull(),
    partnershipId: integer('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    institutionId: integer('institution_id').references(() => institutions.id),
    /** PBKDF2-SHA256: `pbkdf2$<iterations>$<salt b64>$<hash b64>`. */
    passwordHash: text('password_hash').notNull(),
    createdAt: text('created_at')
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%SZ','now'))`),
    /** The last successful sign-in (ISO time); null: never signed in. Unused accounts are deactivated (src/auth/accounts.ts). */
    lastSignInAt: text('last_sign_in_at'),
    /** When the account was deactivated, and why in words; both null while it is active. A deactivated account cannot sign in. */
    deactivatedAt: text('deactivated_at'),
    deactivatedReason: text('deactivated_reason'),
    /** When the lead last reactivated it: an account's days unused count from the latest of this, its last sign-in and its creation. */
    reactivatedAt: text('reactivated_at'),
  },
  (t) => [index('users_institution').on(t.institutionId)],
)

/**
 * A staff account's second factor (TOTP, src/auth/two-factor.ts): the secret sealed with AES-GCM
 * under a key derived from the server secret, never stored readably. `confirmed_at` is null while
 * the account is setting it up (the first code not yet given): only a confirmed one is asked for.
 */
export const secondFactors = sqliteTable('second_factors', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id),
  secretSealed: text('secret_sealed').notNull(),
  confirmedAt: text('confirmed_at'),
  /** The time step of the last code accepted: a code is never accepted twice. */
  lastStep: integer('last_step').notNull().default(0),
})

/** One-time recovery codes of a second factor, by keyed hash only; `used_at` once one has been used. */
export const recoveryCodes = sqliteTable(
  'recovery_codes',
  {
    codeHash: text('code_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    usedAt: text('used_at'),
  },
  (t) => [index('recovery_codes_user').on(t.userId)],
)

/** One-time password-reset links the lead or the command line issues, by the SHA-256 of the token only. */
export const passwordResets = sqliteTable('password_resets', {
  tokenHash: text('token_hash').primaryKey(),
  userId: integer('user_id')
    .notNull()
    .references(() => users.id),
  expiresAt: text('expires_at').notNull(),
  usedAt: text('used_at'),
})

/** Signed-in sessions, by the SHA-256 of the cookie's token (the token itself is never stored). */
export const sessions = sqliteTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    expiresAt: text('expires_at').notNull(),
    /** True between a right password and the second factor's code: such a session opens nothing yet. */
    codeDue: integer('code_due', { mode: 'boolean' }).notNull().default(false),
    /** When it started, to the minute (null for a session started before this was kept). */
    createdAt: text('created_at'),
    /** A coarse description of the browser, from its User-Agent at sign-in ("Firefox on Windows"); never the User-Agent itself, never an address. */
    browser: text('browser'),
  },
  (t) => [index('sessions_user').on(t.userId)],
)

/**
 * Running counts kept in the same atomic batch as every response, so that a report reads a
 * few hundred rows instead of every answer. `answer_tallies` counts each (question, value);
 * the value '' counts the respondents who answered the question at all.
 */
export const answerTallies = sqliteTable(
  'answer_tallies',
  {
    roundId: integer('round_id').notNull(),
    questionKey: text('question_key').notNull(),
    value: text('value').notNull(),
    scale: integer('scale'),
    n: integer('n').notNull(),
    /** `n` as the figures of an open round show it: brought up to date with `shown_respondents`. */
    shown: integer('shown').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.questionKey, t.value] })],
)

/**
 * Agreement answers counted per profile group: for each profile question (year group...),
 * the group's value ('' when not answered), each agreement question and point (0 = don't
 * know). The question key '' with point 0 counts the group's respondents.
 */
export const profileTallies = sqliteTable(
  'profile_tallies',
  {
    roundId: integer('round_id').notNull(),
    profileKey: text('profile_key').notNull(),
    groupValue: text('group_value').notNull(),
    questionKey: text('question_key').notNull(),
    point: integer('point').notNull(),
    n: integer('n').notNull(),
    /** `n` as the figures of an open round show it (see answer_tallies.shown). */
    shown: integer('shown').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.profileKey, t.groupValue, t.questionKey, t.point] })],
)

/**
 * Fixed-window counters for rate limits (failed sign-ins per account and per address, responses
 * per round code), kept in the database so that they hold across restarts and on every Worker
 * isolate. Keys that would hold an email or an address are hashed: neither is stored readably.
 *
 * `max`, when set, is a hard cap: the CHECK makes the statement that would count one hit too
 * many fail, and with it the whole write batch it belongs to (see src/rate-limit.ts).
 */
export const rateLimits = sqliteTable(
  'rate_limits',
  {
    key: text('key').primaryKey(),
    windowStart: text('window_start').notNull(),
    count: integer('count').notNull(),
    max: integer('max'),
  },
  () => [check('rate_limit_full', sql`max IS NULL OR count <= max`)],
)

/**
 * One-time links that create a staff account: the first start's setup link (no partnership
 * yet: it creates one and its lead) and invitations to a partnership or institution. Stored
 * by the SHA-256 of the token only.
 */
export const invitations = sqliteTable('invitations', {
  tokenHash: text('token_hash').primaryKey(),
  role: text('role', { enum: userRoles }).notNull(),
  partnershipId: integer('partnership_id').references(() => partnerships.id),
  institutionId: integer('institution_id').references(() => institutions.id),
  expiresAt: text('expires_at').notNull(),
  usedAt: text('used_at'),
  /** The email the invitation is for, when the inviter gave one: single sign-on with that verified email accepts it (src/auth/sso.ts). */
  email: text('email'),
})

/**
 * Single sign-on with OpenID Connect (src/auth/sso.ts). `sign_in_providers`: a partnership's
 * identity providers (Microsoft Entra ID, Google Workspace), the client secret sealed with the
 * server secret (src/auth/sealed.ts), never readable in the database; `allowed` is the Entra tenant
 * id (`tid`) or the Google hosted domain (`hd`) an ID token must name.
 */
export const signInProviders = sqliteTable('sign_in_providers', {
  id: integer('id').primaryKey(),
  partnershipId: integer('partnership_id')
    .notNull()
    .references(() => partnerships.id),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['microsoft', 'google'] }).notNull(),
  issuer: text('issuer').notNull(),
  clientId: text('client_id').notNull(),
  clientSecretSealed: text('client_secret_sealed').notNull(),
  allowed: text('allowed').notNull(),
  createdAt: text('created_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%SZ','now'))`),
})

/** A sign-in on its way through a provider: by the SHA-256 of its `state`, the nonce and PKCE verifier sealed; used once, within minutes. */
export const ssoLogins = sqliteTable('sso_logins', {
  stateHash: text('state_hash').primaryKey(),
  providerId: integer('provider_id')
    .notNull()
    .references(() => signInProviders.id),
  sealed: text('sealed').notNull(),
  expiresAt: text('expires_at').notNull(),
})

/** Sessions begun by single sign-on (by the session's id hash): the provider's own sign-in stands in for the second factor. */
export const ssoSessions = sqliteTable('sso_sessions', {
  sessionIdHash: text('session_id_hash').primaryKey(),
  providerId: integer('provider_id').notNull(),
})

/**
 * The IAG Improvement Framework (src/framework/). `framework_criteria`: a partnership's
 * criteria for one academic year, JSON validated by src/framework/criteria.ts (a year without
 * a row uses the latest earlier year's criteria, else the defaults).
 */
export const frameworkCriteria = sqliteTable(
  'framework_criteria',
  {
    partnershipId: integer('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    year: text('year').notNull(),
    criteria: text('criteria').notNull(),
    updatedAt: text('updated_at')
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%SZ','now'))`),
  },
  (t) => [primaryKey({ columns: [t.partnershipId, t.year] })],
)

/**
 * The four elements the partnership lead enters for an institution and year (the fifth, the
 * student survey, is computed): Destination Measure shares (KS4, post-16) and the Y11 EET
 * share as percentages, the quality-award and staffing statements (codes of
 * src/framework/statements.ts), and the institution's framework actions per element (JSON).
 */
export const frameworkEntries = sqliteTable(
  'framework_entries',
  {
    institutionId: integer('institution_id')
      .notNull()
      .references(() => institutions.id),
    year: text('year').notNull(),
    destinationKs4: real('destination_ks4'),
    destinationPost16: real('destination_post16'),
    y11Eet: real('y11_eet'),
    qualityAward: text('quality_award'),
    staffing: text('staffing'),
    /** JSON object: element -> the actions agreed for it. */
    actions: text('actions').notNull().default('{}'),
    updatedAt: text('updated_at')
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%SZ','now'))`),
  },
  (t) => [primaryKey({ columns: [t.institutionId, t.year] })],
)

/**
 * "You said, we did": what an institution changed in response to a round's priority areas,
 * published by its coordinator; the next academic year's round of the same survey shows it to
 * respondents before they answer. JSON array of { questionKey, weDid }.
 */
export const youSaidWeDid = sqliteTable('you_said_we_did', {
  roundId: integer('round_id')
    .primaryKey()
    .references(() => rounds.id),
  items: text('items').notNull(),
  publishedAt: text('published_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%SZ','now'))`),
})

/**
 * The audit log (src/audit/): one row per change a member of staff (or the command line, or
 * the retention schedule) made, to the minute: staff actions are not anonymous. Never a
 * respondent's action. Append-only for the application: the migration adds triggers that
 * refuse every UPDATE and DELETE. No foreign keys, so that deleting a round or an institution
 * leaves its history; `subject` names what was acted on in words, for the same reason.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey(),
    /** `YYYY-MM-DDTHH:MMZ`, UTC, to the minute. */
    at: text('at').notNull(),
    partnershipId: integer('partnership_id').notNull(),
    institutionId: integer('institution_id'),
    roundId: integer('round_id'),
    /** The account that acted; null for the command line and the retention schedule. */
    userId: integer('user_id'),
    /** Who acted, in words, as they were at the time: "Sam Head <head@oak.sch.uk>", "command line". */
    actor: text('actor').notNull(),
    /** What was done: one of src/audit/actions.ts. */
    action: text('action').notNull(),
    /** What it was done to, in words: "Oak School, student-iag 2025/26". */
    subject: text('subject').notNull().default(''),
    /** Anything more worth keeping: the file downloaded, the settings changed. Never an answer. */
    detail: text('detail').notNull().default(''),
  },
  (t) => [index('audit_log_partnership_at').on(t.partnershipId, t.at), index('audit_log_institution_at').on(t.institutionId, t.at)],
)

/**
 * An import under way (src/importers/staging.ts): its rows are staged in the two tables below in
 * small chunks, so that other requests are served in between, and then moved into responses and
 * answers by one short atomic batch, which also deletes this row. A crash leaves a run and its
 * staged rows, which nothing reads: they are deleted at the next start (or by the next import
 * once the run is old). `started_at` is only for that clean-up; it says nothing about a response.
 */
export const importRuns = sqliteTable('import_runs', {
  id: text('id').primaryKey(),
  startedAt: text('started_at').notNull(),
})

/** Responses of an import under way; `response_id` is the row's place in the file, to which the move adds a random base (src/importers/staging.ts). */
export const importStagedResponses = sqliteTable(
  'import_staged_responses',
  {
    importId: text('import_id').notNull(),
    responseId: integer('response_id').notNull(),
    submissionId: text('submission_id').notNull(),
    submittedOn: text('submitted_on').notNull(),
    language: text('language').notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.responseId] })],
)

/** Answers of an import under way, keyed as `answers` is ordered, so that the move writes them in order. */
export const importStagedAnswers = sqliteTable(
  'import_staged_answers',
  {
    importId: text('import_id').notNull(),
    questionKey: text('question_key').notNull(),
    responseId: integer('response_id').notNull(),
    value: text('value').notNull(),
    scale: integer('scale'),
  },
  (t) => [primaryKey({ columns: [t.importId, t.questionKey, t.responseId, t.value] })],
)

/**
 * How many students are on roll in each year group of an institution in an academic year
 * (`y8` ... `y13`, the values of the surveys' `year_group` question): numbers only, no pupil
 * data. The base of the response rates (src/coverage/). A year without rows takes the latest
 * earlier year's figures, shown as last year's.
 */
export const yearGroupRolls = sqliteTable(
  'year_group_rolls',
  {
    // removed with its institution (deletion on request)
    institutionId: integer('institution_id')
      .notNull()
      .references(() => institutions.id, { onDelete: 'cascade' }),
    year: text('year').notNull(),
    yearGroup: text('year_group').notNull(),
    onRoll: integer('on_roll').notNull(),
  },
  (t) => [primaryKey({ columns: [t.institutionId, t.year, t.yearGroup] }), check('year_group_rolls_on_roll', sql`${t.onRoll} >= 0 AND ${t.onRoll} <= 10000`)],
)

/**
 * One file imported into a round (src/importers/): what it added, so that it can be removed as a
 * whole (src/importers/undo.ts). Its responses are the ids `first_response_id` ..
 * `last_response_id` of the round (submission ids `import-<hash>-<row>`); `tallies` and
 * `profiles` are the counts it added to answer_tallies and profile_tallies (JSON arrays, as the
 * move wrote them), subtracted again on removal. `file_hash` (SHA-256 of the text) tells a file
 * imported before at the check, before anything is stored.
 */
export const imports = sqliteTable(
  'imports',
  {
    id: integer('id').primaryKey(),
    institutionId: integer('institution_id')
      .notNull()
      .references(() => institutions.id, { onDelete: 'cascade' }),
    roundId: integer('round_id').notNull(),
    surveyId: text('survey_id').notNull(),
    year: text('year').notNull(),
    fileHash: text('file_hash').notNull(),
    format: text('format').notNull(),
    responses: integer('responses').notNull(),
    firstResponseId: integer('first_response_id').notNull(),
    lastResponseId: integer('last_response_id').notNull(),
    /** Whether this import created the round: removing the last import of a round it created removes the round. */
    roundCreated: integer('round_created', { mode: 'boolean' }).notNull(),
    tallies: text('tallies').notNull(),
    profiles: text('profiles').notNull(),
    /** The day (YYYY-MM-DD) it was stored. */
    importedOn: text('imported_on').notNull(),
  },
  (t) => [index('imports_institution').on(t.institutionId), uniqueIndex('imports_round_file').on(t.roundId, t.fileHash)],
)

/** A partnership's column choices for a survey's files (`{ "column header": "question_key" | null | {...} }`), offered again at the next import. */
export const importMappings = sqliteTable(
  'import_mappings',
  {
    partnershipId: integer('partnership_id')
      .notNull()
      .references(() => partnerships.id, { onDelete: 'cascade' }),
    surveyId: text('survey_id').notNull(),
    mapping: text('mapping').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.partnershipId, t.surveyId] })],
)
