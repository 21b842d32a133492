import type { UserActor } from '../core/actor.ts';
import { PortraitFileField } from '../experts/portrait-field.tsx';
import { permits } from '../core/policy.ts';
import { userPermissions } from './policies.ts';
import type { SiteView } from '../views/site.ts';
import { formatDateTime } from '../views/format.ts';
import { OfficePage, roleName, ScrollingTable } from '../office/layout.tsx';
import { ErrorSummary, Field, PostForm, Select, TextArea, type Choice, type FieldErrors } from '../office/forms.tsx';
import type { LinkPurpose } from './tables.ts';
import type { Person } from './store.ts';

/** What the people screen says about an account. */
export type PersonStatus = 'active' | 'invited' | 'not_signed_up' | 'disabled';

const statusWords: Record<PersonStatus, string> = {
  active: 'Active',
  invited: 'Invited, link pending',
  not_signed_up: 'No password yet',
  disabled: 'Disabled',
};

export function personStatus(person: Pick<Person, 'disabledAt' | 'hasPassword'>, hasOpenInvitation: boolean): PersonStatus {
  if (person.disabledAt) return 'disabled';
  if (person.hasPassword) return 'active';
  return hasOpenInvitation ? 'invited' : 'not_signed_up';
}

export function StatusBadge(props: { status: PersonStatus }) {
  return <span class={`status status-${props.status}`}>{statusWords[props.status]}</span>;
}

export const roleChoices: Choice[] = [
  { value: 'author', label: 'Author' },
  { value: 'editor', label: 'Editor' },
  { value: 'admin', label: 'Administrator' },
];

export function expertChoices(experts: Array<{ id: number; name: string }>): Choice[] {
  return [{ value: '', label: 'No expert' }, ...experts.map((e) => ({ value: String(e.id), label: e.name }))];
}

const linkLabels: Record<LinkPurpose, { noun: string; field: string }> = {
  invite: { noun: 'Invitation', field: 'Invitation link' },
  reset: { noun: 'Password reset', field: 'Password reset link' },
};

/**
 * A secret shown once (an invitation link, a new API token) in a read-only box the person copies. The
 * office script makes the button copy; without it, the text is selected by hand.
 */
export function SecretBox(props: { id: string; label: string; value: string; copyLabel: string; hint?: string }) {
  return (
    <div class="field secret-box">
      <label for={props.id}>{props.label}</label>
      {props.hint && (
        <p class="field-hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      <div class="secret-row">
        <input id={props.id} type="text" class="secret-value" value={props.value} readOnly spellcheck={false} autocomplete="off" aria-describedby={props.hint ? `${props.id}-hint` : undefined} />
        <button type="button" class="button" data-copy-target={props.id}>
          {props.copyLabel}
        </button>
      </div>
    </div>
  );
}

interface PeopleListProps {
  site: SiteView;
  actor: UserActor;
  people: Person[];
  expertNames: Map<number, string>;
  openLinks: Array<{ id: number; userId: number; purpose: LinkPurpose; createdAt: string; expiresAt: string }>;
  notice?: string;
}

const displayName = (person: { name: string; email: string }) => person.name || person.email;

export function PeopleListPage(props: PeopleListProps) {
  const { people, openLinks } = props;
  const invitedIds = new Set(openLinks.filter((l) => l.purpose === 'invite').map((l) => l.userId));
  const byId = new Map(people.map((p) => [p.id, p]));
  return (
    <OfficePage site={props.site} actor={props.actor} title="People" section="users" notice={props.notice}>
      <div class="page-actions">
        <h1>People</h1>
        {permits(userPermissions, props.actor, 'invite') && (
          <a class="button button-primary" href="/admin/users/invite">
            Invite someone
          </a>
        )}
      </div>
      <ScrollingTable>
        <table class="office-table">
          <caption class="visually-hidden">Everyone with an account in the editorial office</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">E-mail</th>
              <th scope="col">Role</th>
              <th scope="col">Expert</th>
              <th scope="col">Status</th>
              <th scope="col">Session</th>
            </tr>
          </thead>
          <tbody>
            {people.map((person) => (
              <tr>
                <td>
                  <a href={`/admin/users/${person.id}`}>
                    {person.name || (
                      <>
                        (no name yet)<span class="visually-hidden"> {person.email}</span>
                      </>
                    )}
                  </a>
                  {person.id === props.actor.userId && <span class="people-you"> (you)</span>}
                </td>
                <td class="people-email">{person.email}</td>
                <td>{roleName(person.role)}</td>
                <td>{person.expertId !== null ? (props.expertNames.get(person.expertId) ?? '') : '—'}</td>
                <td>
                  <StatusBadge status={personStatus(person, invitedIds.has(person.id))} />
                </td>
                <td>{person.signedInSince ? `Signed in ${formatDateTime(person.signedInSince, props.site.locale.timeZone)}` : 'Not signed in'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollingTable>
      <h2>Open links</h2>
      {openLinks.length === 0 ? (
        <p>No invitation or password reset link is waiting to be used.</p>
      ) : (
        <>
          <p>
            Links handed out and not used yet. Only a fingerprint of each link is kept, so a lost link cannot be shown again: make a new one from the person’s page (the old one then stops working).
          </p>
          <ScrollingTable>
            <table class="office-table">
              <thead>
                <tr>
                  <th scope="col">For</th>
                  <th scope="col">Link</th>
                  <th scope="col">Made</th>
                  <th scope="col">Works until</th>
                </tr>
              </thead>
              <tbody>
                {openLinks.map((link) => {
                  const person = byId.get(link.userId);
                  return (
                    <tr>
                      <td>{person ? <a href={`/admin/users/${person.id}`}>{displayName(person)}</a> : ''}</td>
                      <td>{linkLabels[link.purpose].noun}</td>
                      <td>{formatDateTime(link.createdAt, props.site.locale.timeZone)}</td>
                      <td>{formatDateTime(link.expiresAt, props.site.locale.timeZone)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollingTable>
        </>
      )}
    </OfficePage>
  );
}

export interface InviteValues {
  email?: string;
  role?: string;
  expert?: string;
  name?: string;
  /** Their expert profile: one that exists ('existing'), one made with the invitation ('new'), or none. */
  profile?: string;
  expert_name?: string;
  expert_title?: string;
  expert_bio?: string;
}

export const inviteLabels = {
  email: 'Email',
  role: 'Role',
  expert: 'Expert',
  name: 'Name',
  profile: 'Expert profile',
  expert_name: 'Name on the blog',
  expert_title: 'Title',
  expert_bio: 'Biography',
  photo_file: 'Portrait',
};

const profileChoices = [
  { value: 'existing', label: 'Link an expert profile that exists' },
  { value: 'new', label: 'Make a new expert profile' },
  { value: 'none', label: 'No expert profile (editors and administrators)' },
];

/** The invitation's profile choice when the form has none yet: link one if any expert is free, else make one. */
export const defaultProfileChoice = (freeExperts: number) => (freeExperts > 0 ? 'existing' : 'new');

/**
 * Inviting someone, with the expert profile an author writes for: linked (the list offers the experts no
 * account is linked to yet) or made here, with a portrait. It carries a file, so it is multipart, and the
 * CSRF token rides in the address (the guard reads multipart fields too late).
 */
export function InvitePage(props: { site: SiteView; actor: UserActor; experts: Array<{ id: number; name: string }>; values: InviteValues; errors: FieldErrors }) {
  const { values, errors } = props;
  const csrf = props.actor.session!.csrfToken;
  const profile = values.profile ?? defaultProfileChoice(props.experts.length);
  return (
    <OfficePage site={props.site} actor={props.actor} title="Invite someone" section="users">
      <p class="breadcrumb">
        <a href="/admin/users">People</a>
      </p>
      <h1>Invite someone</h1>
      <ErrorSummary errors={errors} labels={inviteLabels} />
      <PostForm action={`/admin/users/invite?_csrf=${encodeURIComponent(csrf)}`} csrf={csrf} enctype="multipart/form-data" class="office-form">
        <Field name="email" label="Email" type="email" value={values.email} required maxLength={320} autocomplete="off" errors={errors} />
        <Select
          name="role"
          label="Role"
          value={values.role ?? 'author'}
          choices={roleChoices}
          hint="Authors write drafts for their expert’s blog; editors review and publish all content; administrators also manage people, experts and settings."
          errors={errors}
        />
        <Field name="name" label="Name" value={values.name} maxLength={200} hint="Optional: they can choose how their name is shown when they accept." errors={errors} />
        <fieldset class={`invite-profile${errors.profile ? ' has-error' : ''}`}>
          <legend>Expert profile</legend>
          <p class="field-hint">Required for authors: the expert whose blog they write for. They can keep its biography, portrait and links up to date themselves.</p>
          {profileChoices.map((choice) => (
            <div class="field field-check">
              <input type="radio" id={`field-profile-${choice.value}`} name="profile" value={choice.value} checked={profile === choice.value} />
              <label for={`field-profile-${choice.value}`}>{choice.label}</label>
            </div>
          ))}
          <Select
            name="expert"
            label="Expert"
            value={values.expert ?? ''}
            choices={expertChoices(props.experts)}
            hint={props.experts.length ? 'With “Link an expert profile”: the experts no account is linked to yet.' : 'Every expert has an account linked already: make a new profile.'}
            errors={errors}
          />
          <Field name="expert_name" label="Name on the blog" value={values.expert_name} maxLength={200} hint="With “Make a new expert profile”. Leave empty to use the name above." errors={errors} />
          <Field name="expert_title" label="Title" value={values.expert_title} maxLength={300} hint="Position, e.g. “Senior Fellow, Energy Programme”." errors={errors} />
          <TextArea name="expert_bio" label="Biography" value={values.expert_bio} rows={5} maxLength={5000} hint="Plain text, shown at the top of the blog." errors={errors} />
          <PortraitFileField hint="JPEG, PNG, WebP, AVIF or GIF; a square or upright photo works best." errors={errors} />
        </fieldset>
        <div class="form-actions">
          <button type="submit" class="button button-primary">
            Create invitation
          </button>
          <a class="button" href="/admin/users">
            Cancel
          </a>
        </div>
      </PostForm>
    </OfficePage>
  );
}

/** Whether a fresh link also went out by e-mail: 'off' when no mail server is configured. */
export type MailOutcome = 'sent' | 'failed' | 'off';

/** The page that shows a fresh invitation or reset link, the only time it can be seen. */
export function LinkShownPage(props: {
  site: SiteView;
  actor: UserActor;
  purpose: LinkPurpose;
  person: { id: number; email: string; name: string };
  url: string;
  expiresAt: string;
  mailed: MailOutcome;
}) {
  const words = linkLabels[props.purpose];
  const title = props.purpose === 'invite' ? 'Invitation ready' : 'Password reset link ready';
  return (
    <OfficePage site={props.site} actor={props.actor} title={title} section="users">
      <p class="breadcrumb">
        <a href="/admin/users">People</a>
      </p>
      <h1>{title}</h1>
      <div class="office-panel">
        <SecretBox id="secret-link" label={words.field} value={props.url} copyLabel="Copy link" />
        {props.mailed === 'sent' && (
          <p>
            It has been sent by e-mail to <strong>{props.person.email}</strong>. If it does not arrive, send it yourself.
          </p>
        )}
        {props.mailed === 'failed' && <p class="field-error">The e-mail with this link could not be sent. Send the link yourself.</p>}
        <p>
          {props.mailed === 'sent' ? 'You can also send it' : 'Send this link'} to <strong>{props.person.email}</strong> yourself, by e-mail or another private channel.{' '}
          {props.purpose === 'invite' ? 'With it they choose their name and password and are signed in.' : 'With it they choose a new password; their other sessions end.'} It works once, until{' '}
          <strong>{formatDateTime(props.expiresAt, props.site.locale.timeZone)}</strong>.
        </p>
        <p>This is the only time the link is shown. If it is lost, make a new one: this one then stops working.</p>
      </div>
      <p class="form-actions">
        <a class="button" href={`/admin/users/${props.person.id}`}>
          Back to {displayName(props.person)}
        </a>
        <a class="button" href="/admin/users">
          All people
        </a>
      </p>
    </OfficePage>
  );
}

export interface PersonValues {
  name?: string;
  role?: string;
  expert?: string;
}

export const personLabels = { name: 'Name', role: 'Role', expert: 'Expert', '': '' };

interface PersonPageProps {
  site: SiteView;
  actor: UserActor;
  person: Person;
  experts: Array<{ id: number; name: string }>;
  openLinks: Array<{ purpose: LinkPurpose; expiresAt: string }>;
  values?: PersonValues;
  errors?: FieldErrors;
  notice?: string;
}

export function PersonPage(props: PersonPageProps) {
  const { person, actor } = props;
  const errors = props.errors ?? {};
  const values: PersonValues = props.values ?? { name: person.name, role: person.role, expert: person.expertId === null ? '' : String(person.expertId) };
  const csrf = actor.session!.csrfToken;
  const status = personStatus(
    person,
    props.openLinks.some((l) => l.purpose === 'invite'),
  );
  const isSelf = person.id === actor.userId;
  const may = {
    update: permits(userPermissions, actor, 'update'),
    createLink: permits(userPermissions, actor, 'createLink'),
    disable: permits(userPermissions, actor, 'disable'),
    enable: permits(userPermissions, actor, 'enable'),
  };
  return (
    <OfficePage site={props.site} actor={actor} title={displayName(person)} section="users" notice={props.notice}>
      <p class="breadcrumb">
        <a href="/admin/users">People</a>
      </p>
      <h1>{displayName(person)}</h1>
      <p class="person-facts">
        {person.email} · {roleName(person.role)} · <StatusBadge status={status} />
      </p>
      <ErrorSummary errors={errors} labels={personLabels} />
      {may.update && (
        <>
          <h2>Details</h2>
          <PostForm action={`/admin/users/${person.id}`} csrf={csrf} class="office-form">
            <Field name="name" label="Name" value={values.name} maxLength={200} errors={errors} />
            <Select name="role" label="Role" value={values.role} choices={roleChoices} hint="Changing the role signs them out everywhere, so the new role applies at once." errors={errors} />
            <Select name="expert" label="Expert" value={values.expert} choices={expertChoices(props.experts)} hint="Required for authors: the expert whose blog they write for." errors={errors} />
            <div class="form-actions">
              <button type="submit" class="button button-primary">
                Save changes
              </button>
            </div>
          </PostForm>
        </>
      )}

      <h2>Signing in</h2>
      <div class="office-panel person-access">
        {props.openLinks.map((link) => (
          <p>
            {linkLabels[link.purpose].noun} link handed out, usable until {formatDateTime(link.expiresAt, props.site.locale.timeZone)}.
          </p>
        ))}
        {isSelf ? (
          <p>
            Your own password is changed under <a href="/admin/account">Your account</a>.
          </p>
        ) : person.disabledAt ? (
          <p>This account is disabled: it cannot sign in and its API tokens do not work.</p>
        ) : !may.createLink ? null : person.hasPassword ? (
          <PostForm action={`/admin/users/${person.id}/reset-link`} csrf={csrf} class="inline-actions">
            <p>If they have forgotten their password, make a one-time link for them to choose a new one. It works for a day.</p>
            <button type="submit" class="button">
              Create password reset link
            </button>
          </PostForm>
        ) : (
          <PostForm action={`/admin/users/${person.id}/invite-link`} csrf={csrf} class="inline-actions">
            <p>They have not accepted an invitation yet. A new link works for a week; any earlier one stops working.</p>
            <button type="submit" class="button">
              Create a new invitation link
            </button>
          </PostForm>
        )}
      </div>

      <h2>Account</h2>
      <div class="office-panel danger-zone">
        {person.disabledAt ? (
          may.enable && (
            <PostForm action={`/admin/users/${person.id}/enable`} csrf={csrf} class="inline-actions">
              <p>Disabled {formatDateTime(person.disabledAt, props.site.locale.timeZone)}. Enabling lets them sign in again with their password; their old API tokens work again.</p>
              <button type="submit" class="button">
                Enable account
              </button>
            </PostForm>
          )
        ) : isSelf ? (
          <p>This is your own account. Another administrator can disable it.</p>
        ) : (
          may.disable && (
            <PostForm action={`/admin/users/${person.id}/disable`} csrf={csrf} class="inline-actions">
              <p>Disabling signs them out at once, everywhere, and stops their API tokens. Their articles stay.</p>
              <button type="submit" class="button button-danger">
                Disable account
              </button>
            </PostForm>
          )
        )}
      </div>
    </OfficePage>
  );
}

export interface AccountErrors {
  name?: FieldErrors;
  password?: FieldErrors;
}

export const passwordLabels = { current_password: 'Current password', new_password: 'New password', confirm_password: 'Confirm new password' };

export function AccountPage(props: { site: SiteView; actor: UserActor; name?: string; errors?: AccountErrors; notice?: string }) {
  const { actor } = props;
  const errors = props.errors ?? {};
  const csrf = actor.session!.csrfToken;
  return (
    <OfficePage site={props.site} actor={actor} title="Your account" section="account" notice={props.notice}>
      <h1>Your account</h1>
      <p>
        You are signed in as <strong>{actor.email}</strong> ({roleName(actor.role).toLowerCase()}). Your e-mail address and role are changed by an administrator. Programs use{' '}
        <a href="/admin/tokens">API tokens</a>.
      </p>
      <h2 id="name-heading">Your name</h2>
      <ErrorSummary errors={errors.name ?? {}} labels={{ name: 'Name' }} />
      <PostForm action="/admin/account" csrf={csrf} class="office-form">
        <Field name="name" label="Name" value={props.name ?? actor.name} required maxLength={200} autocomplete="name" hint="How colleagues see you in the office." errors={errors.name} />
        <div class="form-actions">
          <button type="submit" class="button button-primary">
            Save name
          </button>
        </div>
      </PostForm>
      <h2 id="password-heading">Your password</h2>
      <ErrorSummary errors={errors.password ?? {}} labels={passwordLabels} />
      <PostForm action="/admin/account/password" csrf={csrf} class="office-form">
        <input type="text" name="username" value={actor.email} autocomplete="username" hidden readOnly />
        <Field name="current_password" label="Current password" type="password" required autocomplete="current-password" errors={errors.password} />
        <Field
          name="new_password"
          label="New password"
          type="password"
          required
          autocomplete="new-password"
          hint="At least 10 characters. A sentence you will remember is good."
          errors={errors.password}
        />
        <Field name="confirm_password" label="Confirm new password" type="password" required autocomplete="new-password" errors={errors.password} />
        <p class="field-hint">Changing your password signs you out on every other device; you stay signed in here.</p>
        <div class="form-actions">
          <button type="submit" class="button button-primary">
            Change password
          </button>
        </div>
      </PostForm>
    </OfficePage>
  );
}
