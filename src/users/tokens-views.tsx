import type { UserActor } from '../core/actor.ts';
import { permits } from '../core/policy.ts';
import { tokenPermissions } from './policies.ts';
import type { SiteView } from '../views/site.ts';
import { formatDateTime } from '../views/format.ts';
import { OfficePage, ScrollingTable } from '../office/layout.tsx';
import { ErrorSummary, Field, PostForm, Select, type FieldErrors } from '../office/forms.tsx';
import type { ApiTokenInfo, OwnedApiToken, User } from './store.ts';
import { SecretBox } from './people-views.tsx';

export interface TokenFormValues {
  user?: string;
  label?: string;
}

interface TokensPageProps {
  site: SiteView;
  actor: UserActor;
  /** Every live token, with its owner. */
  tokens: OwnedApiToken[];
  /** The people a token can be made for. */
  people: User[];
  /** A token just made: shown this once. */
  created?: { label: string; token: string; owner: string };
  values: TokenFormValues;
  errors?: FieldErrors;
  notice?: string;
}

const lastUsed = (token: ApiTokenInfo, zone: string) => (token.lastUsedAt ? formatDateTime(token.lastUsedAt, zone) : 'Never');

function RevokeButton(props: { token: ApiTokenInfo; csrf: string; owner: string }) {
  const what = props.token.label || 'unlabelled token';
  return (
    <PostForm action={`/admin/tokens/${props.token.id}/revoke`} csrf={props.csrf} class="inline-form">
      <button type="submit" class="button button-danger button-small" aria-label={`Revoke ${what} of ${props.owner}`}>
        Revoke
      </button>
    </PostForm>
  );
}

export function TokensPage(props: TokensPageProps) {
  const { actor } = props;
  const csrf = actor.session!.csrfToken;
  const errors = props.errors ?? {};
  const mayRevoke = permits(tokenPermissions, actor, 'revoke');
  const personChoices = props.people.map((p) => ({ value: String(p.id), label: p.name ? `${p.name} (${p.email})` : p.email }));
  return (
    <OfficePage site={props.site} actor={actor} title="API tokens" section="tokens" notice={props.notice}>
      <h1>API tokens</h1>
      <p>
        Programs that publish to Rostrum (importers, scripts, other systems) sign in with a token, sent as <code>Authorization: Bearer &lt;token&gt;</code>. A token can do whatever its person can do.
        Give each program its own, so you can revoke one without stopping the others.
      </p>
      {props.created && (
        <div class="office-panel secret-panel">
          <h2>The new token</h2>
          <SecretBox id="new-token" label="New token" value={props.created.token} copyLabel="Copy token" hint={`“${props.created.label}”, for ${props.created.owner}.`} />
          <p>Copy it now and keep it somewhere safe: this is the only time it is shown. Only a fingerprint of it is stored.</p>
        </div>
      )}
      {permits(tokenPermissions, actor, 'create') && (
        <>
          <h2>Create a token</h2>
          <ErrorSummary errors={errors} labels={{ user: 'Person', label: 'Label' }} />
          <PostForm action="/admin/tokens" csrf={csrf} class="office-form">
            <Select name="user" label="Person" value={props.values.user} required choices={personChoices} hint="The token acts with this person’s role and rights." errors={errors} />
            <Field name="label" label="Label" value={props.values.label} required maxLength={200} hint="What will use it, e.g. “Newsletter importer”." errors={errors} />
            <div class="form-actions">
              <button type="submit" class="button button-primary">
                Create token
              </button>
            </div>
          </PostForm>
        </>
      )}
      <h2>Tokens</h2>
      {props.tokens.length === 0 ? (
        <p>Nobody has an API token.</p>
      ) : (
        <ScrollingTable>
          <table class="office-table">
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Label</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {props.tokens.map((token) => (
                <tr>
                  <td>
                    <a href={`/admin/users/${token.userId}`}>{token.userName || token.userEmail}</a>
                  </td>
                  <td>{token.label || <em>No label</em>}</td>
                  <td>{formatDateTime(token.createdAt, props.site.locale.timeZone)}</td>
                  <td>{lastUsed(token, props.site.locale.timeZone)}</td>
                  <td>{mayRevoke && <RevokeButton token={token} csrf={csrf} owner={token.userName || token.userEmail} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollingTable>
      )}
    </OfficePage>
  );
}
