import type { SiteView } from '../views/site.ts';
import type { UsableLink } from '../users/links.ts';
import type { LinkPurpose } from '../users/tables.ts';
import { ErrorSummary, Field, type FieldErrors } from '../office/forms.tsx';
import { OfficeDoor, roleName } from '../office/layout.tsx';
import { formatDateTime } from '../views/format.ts';

export function SignInPage(props: { site: SiteView; next: string; email?: string; errors?: FieldErrors; notice?: string; noAccounts?: boolean }) {
  return (
    <OfficeDoor site={props.site} title="Sign in">
      <h1>Sign in</h1>
      {props.notice && (
        <p class="office-notice" role="status">
          {props.notice}
        </p>
      )}
      {props.noAccounts && (
        <p class="office-panel">
          This site has no accounts yet. When the server started it printed a link to set up the first administrator; you can also run{' '}
          <code>npx rostrum user create --email you@example.org --role admin --password '…'</code>.
        </p>
      )}
      <ErrorSummary errors={props.errors ?? {}} />
      <form method="post" action="/admin/login" class="office-form">
        <input type="hidden" name="next" value={props.next} />
        <Field name="email" label="Email" type="email" value={props.email} autocomplete="username" required maxLength={320} />
        <Field name="password" label="Password" type="password" autocomplete="current-password" required maxLength={1000} />
        <button type="submit" class="button">
          Sign in
        </button>
      </form>
      <p class="door-help">
        <a href="/admin/forgot-password">Forgotten your password?</a> New here? The invitation link an administrator sent you signs you up.
      </p>
    </OfficeDoor>
  );
}

const linkWords: Record<LinkPurpose, { title: string; intro: string; button: string }> = {
  invite: { title: 'Accept your invitation', intro: 'Choose how colleagues will see your name and a password for the editorial office.', button: 'Accept invitation' },
  reset: { title: 'Choose a new password', intro: 'Choose a new password. Signing in anywhere else will end, on every device.', button: 'Set password' },
};

export function LinkPage(props: { site: SiteView; purpose: LinkPurpose; link: UsableLink; errors: FieldErrors; name: string }) {
  const words = linkWords[props.purpose];
  return (
    <OfficeDoor site={props.site} title={words.title}>
      <h1>{words.title}</h1>
      <p>
        {words.intro} This is for <strong>{props.link.user.email}</strong> ({roleName(props.link.user.role).toLowerCase()}). The link works once, until{' '}
        {formatDateTime(props.link.expiresAt, props.site.locale.timeZone)}.
      </p>
      <ErrorSummary errors={props.errors} labels={{ name: 'Your name', password: 'Password', confirm: 'Confirm password' }} />
      <form method="post" class="office-form">
        {props.purpose === 'invite' && <Field name="name" label="Your name" value={props.name} autocomplete="name" required maxLength={200} errors={props.errors} />}
        <input type="text" name="username" value={props.link.user.email} autocomplete="username" hidden readOnly />
        <Field name="password" label="Password" type="password" autocomplete="new-password" required hint="At least 10 characters. A sentence you will remember is good." errors={props.errors} />
        <Field name="confirm" label="Confirm password" type="password" autocomplete="new-password" required errors={props.errors} />
        <button type="submit" class="button">
          {words.button}
        </button>
      </form>
    </OfficeDoor>
  );
}
