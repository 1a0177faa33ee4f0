import { StaffFrame } from '../../ui/staff-frame.tsx'
import type { AccountRow } from '../accounts.ts'
import type { User } from '../users.ts'
import { day, roleLabel, SelectField } from './account-fields.tsx'
import { AccountStatus } from './accounts-page.tsx'

export type AccountDone = 'role' | 'deactivated' | 'reactivated' | 'two-factor-off' | undefined

const doneWords = {
  role: 'The role was changed, and the account was signed out everywhere: it signs in again to work in its new role.',
  deactivated: 'The account was deactivated: it was signed out everywhere and cannot sign in.',
  reactivated: 'The account was reactivated: it can sign in again.',
  'two-factor-off': 'Two-factor sign-in was turned off for this account: it signs in with its password only until it is set up again.',
}

type Props = {
  user: User
  account: AccountRow
  institutions: { id: number; name: string }[]
  done?: AccountDone
  values?: Record<string, string>
  errors?: Record<string, string>
}

/** One account, as the lead manages it: its facts, its role, deactivation or reactivation, and a password-reset link. */
export function AccountPage({ user, account, institutions, done, values, errors }: Props) {
  const self = account.id === user.id
  return (
    <StaffFrame title={errors ? `Error: ${account.name}` : account.name} user={user} place={{ area: 'accounts' }} stylesheets={['/accounts.css']}>
      <p>
        <a href="/dashboard/accounts">All accounts</a>
      </p>
      <h1 dir="auto">{account.name}</h1>
      <div role="status" class="status-message">
        {done ? (
          <div class="notice">
            <p>{doneWords[done]}</p>
          </div>
        ) : null}
      </div>
      <dl class="summary-list">
        <div>
          <dt>Email</dt>
          <dd class="account-email">{account.email}</dd>
        </div>
        <div>
          <dt>Role</dt>
          <dd>{roleLabel[account.role]}</dd>
        </div>
        <div>
          <dt>Institution</dt>
          <dd>{account.institution ?? 'The whole partnership'}</dd>
        </div>
        <div>
          <dt>Last sign-in</dt>
          <dd>{day(account.lastSignInAt)}</dd>
        </div>
        <div>
          <dt>Two-factor sign-in</dt>
          <dd>{account.twoFactor ? 'On' : 'Off'}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <AccountStatus account={account} />
          </dd>
        </div>
      </dl>
      {self ? (
        <p class="note">This is your own account. Another partnership lead can change its role or deactivate it.</p>
      ) : (
        <>
          <section aria-labelledby="role-heading">
            <h2 id="role-heading">Role</h2>
            <form method="post" action={`/dashboard/accounts/${account.id}/role`} novalidate>
              <SelectField
                id="role"
                name="role"
                label="Role"
                error={errors?.role}
                value={values?.role ?? account.role}
                options={(['coordinator', 'viewer', 'lead'] as const).map((r) => ({ value: r, label: roleLabel[r] }))}
              />
              <SelectField
                id="institution"
                name="institution"
                label="Institution"
                hint="For a coordinator or viewer."
                error={errors?.institution}
                value={values?.institution ?? String(account.institutionId ?? '')}
                options={[{ value: '', label: 'None (a partnership lead)' }, ...institutions.map((i) => ({ value: String(i.id), label: i.name }))]}
              />
              <button type="submit">Change the role</button>
            </form>
          </section>
          <section aria-labelledby="access-heading">
            <h2 id="access-heading">{account.deactivatedAt ? 'Reactivate' : 'Deactivate'}</h2>
            {account.deactivatedAt ? (
              <form method="post" action={`/dashboard/accounts/${account.id}/reactivate`}>
                <p>Reactivating lets {account.name} sign in again with their password.</p>
                <button type="submit">Reactivate the account</button>
              </form>
            ) : (
              <form method="post" action={`/dashboard/accounts/${account.id}/deactivate`}>
                <p>
                  Deactivating signs {account.name} out everywhere at once and stops them signing in. Nothing they did is removed, and you can reactivate the
                  account later.
                </p>
                <div class="field">
                  <label for="reason">Reason (optional)</label>
                  <p class="hint" id="reason-hint">
                    For example: left the school in July. Shown on the accounts page and kept in the audit log.
                  </p>
                  <input type="text" id="reason" name="reason" maxlength={200} aria-describedby="reason-hint" />
                </div>
                <button type="submit" class="danger">
                  Deactivate the account
                </button>
              </form>
            )}
          </section>
          {account.twoFactor ? (
            <section aria-labelledby="two-factor-heading">
              <h2 id="two-factor-heading">Two-factor sign-in</h2>
              <form method="post" action={`/dashboard/accounts/${account.id}/two-factor-off`}>
                <p>
                  If {account.name} has lost both their phone and their recovery codes, turn their two-factor sign-in off. They can sign in with their password
                  and set it up again on a new phone{account.role === 'viewer' ? '' : ' (straight away, if your partnership requires it)'}.
                </p>
                <button type="submit" class="secondary">
                  Turn off their two-factor sign-in
                </button>
              </form>
            </section>
          ) : null}
          {account.deactivatedAt ? null : (
            <section aria-labelledby="reset-heading">
              <h2 id="reset-heading">Password</h2>
              <form method="post" action={`/dashboard/accounts/${account.id}/reset-link`}>
                <p>If {account.name} has forgotten their password, make a one-time link with which they choose a new one. You give them the link.</p>
                <button type="submit" class="secondary">
                  Create a password-reset link
                </button>
              </form>
            </section>
          )}
        </>
      )}
    </StaffFrame>
  )
}
