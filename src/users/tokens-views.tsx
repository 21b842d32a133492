import type { Actor } from '../http/auth.ts';
import type { SiteView } from '../views/site.ts';
import { formatDateTime } from '../views/format.ts';
import { OfficePage } from '../admin/layout.tsx';
import { ErrorSummary, Field, PostForm, type FieldErrors } from '../admin/forms.tsx';
import type { ApiTokenInfo, OwnedApiToken } from './store.ts';
import { SecretBox } from './people-views.tsx';

interface TokensPageProps {
  site: SiteView;
  actor: Actor;
  own: ApiTokenInfo[];
  /** Everyone's tokens, for administrators. */
  everyone?: OwnedApiToken[];
  /** A token just made: shown this once. */
  created?: { label: string; token: string };
  label?: string;
  errors?: FieldErrors;
  notice?: string;
}

const lastUsed = (token: ApiTokenInfo) => (token.lastUsedAt ? formatDateTime(token.lastUsedAt) : 'Never');

function RevokeButton(props: { token: ApiTokenInfo; csrf: string; owner?: string }) {
  const what = props.token.label || 'unlabelled token';
  return (
    <PostForm action={`/admin/tokens/${props.token.id}/revoke`} csrf={props.csrf} class="inline-form">
      <button type="submit" class="button button-danger button-small" aria-label={`Revoke ${what}${props.owner ? ` of ${props.owner}` : ''}`}>
        Revoke
      </button>
    </PostForm>
  );
}

export function TokensPage(props: TokensPageProps) {
  const { actor } = props;
  const csrf = actor.session!.csrfToken;
  const errors = props.errors ?? {};
  return (
    <OfficePage site={props.site} actor={actor} title="API tokens" section="tokens" notice={props.notice}>
      <h1>API tokens</h1>
      <p>
        Programs that publish to Rostrum (importers, scripts, other systems) sign in with a token, sent as <code>Authorization: Bearer &lt;token&gt;</code>. A
        token can do whatever you can do. Give each program its own, so you can revoke one without stopping the others. Your name and password are under{' '}
        <a href="/admin/account">Your account</a>.
      </p>
      {props.created && (
        <div class="office-panel secret-panel">
          <h2>Your new token</h2>
          <SecretBox id="new-token" label="New token" value={props.created.token} copyLabel="Copy token" hint={`For “${props.created.label}”.`} />
          <p>Copy it now and keep it somewhere safe: this is the only time it is shown. Only a fingerprint of it is stored.</p>
        </div>
      )}
      <h2>Your tokens</h2>
      {props.own.length === 0 ? (
        <p>You have no API tokens.</p>
      ) : (
        <div class="table-wrap">
          <table class="office-table">
            <thead>
              <tr>
                <th scope="col">Label</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {props.own.map((token) => (
                <tr>
                  <td>{token.label || <em>No label</em>}</td>
                  <td>{formatDateTime(token.createdAt)}</td>
                  <td>{lastUsed(token)}</td>
                  <td>
                    <RevokeButton token={token} csrf={csrf} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>Create a token</h2>
      <ErrorSummary errors={errors} labels={{ label: 'Label' }} />
      <PostForm action="/admin/tokens" csrf={csrf} class="office-form">
        <Field name="label" label="Label" value={props.label} required maxLength={200} hint="What will use it, e.g. “Newsletter importer”." errors={errors} />
        <div class="form-actions">
          <button type="submit" class="button button-primary">Create token</button>
        </div>
      </PostForm>
      {props.everyone && (
        <>
          <h2>Everyone’s tokens</h2>
          {props.everyone.length === 0 ? (
            <p>Nobody has an API token.</p>
          ) : (
            <div class="table-wrap">
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
                  {props.everyone.map((token) => (
                    <tr>
                      <td>
                        <a href={`/admin/users/${token.userId}`}>{token.userName || token.userEmail}</a>
                      </td>
                      <td>{token.label || <em>No label</em>}</td>
                      <td>{formatDateTime(token.createdAt)}</td>
                      <td>{lastUsed(token)}</td>
                      <td>
                        <RevokeButton token={token} csrf={csrf} owner={token.userName || token.userEmail} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </OfficePage>
  );
}
