import { HeadRow } from '../../ui/head-row.tsx'
import { ScrollTable } from '../../ui/scroll-table.tsx'
import { StaffFrame } from '../../ui/staff-frame.tsx'
import type { AccountRow } from '../accounts.ts'
import type { User } from '../users.ts'
import { day, roleLabel, SelectField } from './account-fields.tsx'

type Props = {
  user: User
  accounts: AccountRow[]
  /** The institutions an invitation may be for (a coordinator: their own only). */
  institutions: { id: number; name: string }[]
  /** The partnership's account rules, which the lead sets here. */
  rules: { requireTwoFactor: boolean; deactivateUnusedAfterDays: number }
  saved?: boolean
  values?: Record<string, string>
  errors?: Record<string, string>
}

/** Whether an account is active, in words (never colour alone). */
export function AccountStatus({ account }: { account: Pick<AccountRow, 'deactivatedAt' | 'deactivatedReason'> }) {
  if (!account.deactivatedAt) return <span class="status-tag status-open">Active</span>
  return (
    <>
      <span class="status-tag status-closed">Deactivated</span>{' '}
      <span class="account-reason">{`${day(account.deactivatedAt)}: ${account.deactivatedReason ?? ''}`}</span>
    </>
  )
}

/** The Accounts page: the accounts the user may see, and the form that makes an invitation link. */
export function AccountsPage({ user, accounts, institutions, rules, saved, values, errors }: Props) {
  const lead = user.role === 'lead'
  const title = lead ? 'Accounts' : 'Viewer accounts'
  return (
    <StaffFrame title={errors ? `Error: ${title}` : title} user={user} place={{ area: 'accounts' }} wide stylesheets={['/accounts.css']}>
      <h1>{title}</h1>
      <p class="lede">
        {lead
          ? 'Everyone who can sign in to your partnership’s Signpost. Choose a name to change the account’s role, deactivate it or issue a password-reset link.'
          : 'The viewers of your institution: they can read its results but change nothing. Ask your partnership lead to change or deactivate an account.'}
      </p>
      <section aria-labelledby="invite-heading" class="account-invite">
        <h2 id="invite-heading">{lead ? 'Invite someone' : 'Invite a viewer'}</h2>
        {errors?.[''] ? (
          <div class="error-summary" role="alert">
            <p>{errors['']}</p>
          </div>
        ) : null}
        <form method="post" action="/dashboard/accounts/invite" novalidate>
          {lead ? (
            <>
              <SelectField
                id="invite-role"
                name="role"
                label="Role"
                hint="A coordinator runs their institution’s rounds; a viewer reads its results; a partnership lead manages everything."
                error={errors?.role}
                value={values?.role ?? 'coordinator'}
                options={[
                  { value: 'coordinator', label: roleLabel.coordinator },
                  { value: 'viewer', label: roleLabel.viewer },
                  { value: 'lead', label: roleLabel.lead },
                ]}
              />
              <SelectField
                id="invite-institution"
                name="institution"
                label="Institution"
                hint="For a coordinator or viewer. A partnership lead belongs to no single institution."
                error={errors?.institution}
                value={values?.institution}
                options={[{ value: '', label: 'Choose an institution' }, ...institutions.map((i) => ({ value: String(i.id), label: i.name }))]}
              />
            </>
          ) : (
            <>
              <input type="hidden" name="role" value="viewer" />
              <input type="hidden" name="institution" value={String(user.institutionId ?? '')} />
              <p>The link makes a viewer account for {institutions[0]?.name ?? 'your institution'}.</p>
            </>
          )}
          <div class={errors?.email ? 'field field-error' : 'field'}>
            <label for="invite-email">Their email address (optional)</label>
            <p class="hint" id="invite-email-hint">
              Give it and the link makes an account for this address only; they can also accept by signing in with their school account.
            </p>
            {errors?.email ? (
              <p class="error-message" id="invite-email-error">
                <span class="visually-hidden">Error: </span>
                {errors.email}
              </p>
            ) : null}
            <input
              id="invite-email"
              name="email"
              type="email"
              autocomplete="off"
              value={values?.email ?? ''}
              aria-describedby={errors?.email ? 'invite-email-hint invite-email-error' : 'invite-email-hint'}
              aria-invalid={errors?.email ? 'true' : undefined}
            />
          </div>
          <button type="submit">Create an invitation link</button>
        </form>
      </section>
      {accounts.length === 0 ? (
        <p>There are no accounts to show yet.</p>
      ) : (
        <ScrollTable id="accounts" caption={`${accounts.length} ${accounts.length === 1 ? 'account' : 'accounts'}`} class="account-table" stack>
          <HeadRow columns={['Name', 'Email', 'Role', 'Institution', 'Last sign-in', 'Two-factor sign-in', 'Status']} roles />
          <tbody role="rowgroup">
            {accounts.map((a) => (
              <tr data-account={a.email} role="row">
                <th scope="row" dir="auto" role="rowheader">
                  {lead ? <a href={`/dashboard/accounts/${a.id}`}>{a.name}</a> : a.name}
                  {a.id === user.id ? ' (you)' : ''}
                </th>
                <td class="account-email" role="cell" data-label="Email">
                  {a.email}
                </td>
                <td role="cell" data-label="Role">
                  {roleLabel[a.role]}
                </td>
                <td role="cell" data-label="Institution">
                  {a.institution ?? 'The whole partnership'}
                </td>
                <td role="cell" data-label="Last sign-in">
                  {day(a.lastSignInAt)}
                </td>
                <td role="cell" data-label="Two-factor sign-in">
                  {a.twoFactor ? 'On' : 'Off'}
                </td>
                <td role="cell" data-label="Status">
                  <AccountStatus account={a} />
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
      {lead ? (
        <p>
          <a href="/dashboard/accounts/sign-in-providers">Sign-in providers</a>: let staff sign in with their school’s Microsoft 365 or Google Workspace
          account.
        </p>
      ) : null}
      {lead ? (
        <section aria-labelledby="rules-heading" class="account-invite">
          <h2 id="rules-heading">Rules for every account</h2>
          <div role="status" class="status-message">
            {saved ? (
              <div class="notice">
                <p>The rules were saved.</p>
              </div>
            ) : null}
          </div>
          <form method="post" action="/dashboard/accounts/rules" novalidate>
            <div class="field choice">
              <input
                type="checkbox"
                id="requireTwoFactor"
                name="requireTwoFactor"
                value="yes"
                checked={values ? values.requireTwoFactor === 'yes' : rules.requireTwoFactor}
              />
              <label for="requireTwoFactor">
                Partnership leads and coordinators must use two-factor sign-in
                <span class="choice-hint">Anyone of them without it is asked to set it up before they can open any other page, you included.</span>
              </label>
            </div>
            <div class={errors?.deactivateUnusedAfterDays ? 'field field-error' : 'field'}>
              <label for="deactivateUnusedAfterDays">Deactivate an account not used for this many days</label>
              <p class="hint" id="deactivateUnusedAfterDays-hint">
                Between 30 and 3650. 365 catches the accounts of staff who have left, while someone who runs one round a year still signs in within it.
              </p>
              {errors?.deactivateUnusedAfterDays ? (
                <p class="error-message" id="deactivateUnusedAfterDays-error">
                  <span class="visually-hidden">Error: </span>
                  {errors.deactivateUnusedAfterDays}
                </p>
              ) : null}
              <input
                type="number"
                id="deactivateUnusedAfterDays"
                name="deactivateUnusedAfterDays"
                min={30}
                max={3650}
                class="days-input"
                value={values?.deactivateUnusedAfterDays ?? String(rules.deactivateUnusedAfterDays)}
                aria-describedby={
                  errors?.deactivateUnusedAfterDays ? 'deactivateUnusedAfterDays-hint deactivateUnusedAfterDays-error' : 'deactivateUnusedAfterDays-hint'
                }
                aria-invalid={errors?.deactivateUnusedAfterDays ? 'true' : undefined}
              />
            </div>
            <button type="submit" class="secondary">
              Save the rules
            </button>
          </form>
        </section>
      ) : null}
    </StaffFrame>
  )
}
