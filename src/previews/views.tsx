import type { UserActor } from '../core/actor.ts';
import { ErrorSummary, Field, PostForm, Select, type FieldErrors } from '../office/forms.tsx';
import { OfficePage, ScrollingTable } from '../office/layout.tsx';
import { formatDateTime } from '../views/format.ts';
import type { SiteView } from '../views/site.ts';
import type { Article } from '../articles/store.ts';
import { previewLinkDays } from './commands.ts';
import type { ListedPreviewLink } from './store.ts';

/** A link just made: its address, shown this once. */
export interface FreshLink {
  url: string;
  label: string;
  expiresAt: string;
}

export interface SharePageProps {
  site: SiteView;
  actor: UserActor;
  article: Article;
  links: ListedPreviewLink[];
  fresh?: FreshLink;
  errors?: FieldErrors;
  values?: { days: string; label: string };
  notice?: string;
}

const dayChoices = previewLinkDays.map((d) => ({ value: String(d), label: d === 1 ? '1 day' : `${d} days` }));

/**
 * "Share for comment": secret links that show the article as it will read to someone without an
 * account, each until it expires or is withdrawn. A new link's address is shown once, when it is made.
 */
export function SharePage(props: SharePageProps) {
  const { article, actor, site } = props;
  const csrf = actor.session!.csrfToken;
  const zone = site.locale.timeZone;
  const title = article.title || 'Untitled article';
  return (
    <OfficePage site={site} actor={actor} title={`Share: ${title}`} section="articles" notice={props.notice}>
      <div class="page-actions">
        <h1>Share “{title}” for comment</h1>
        <p class="editor-links">
          <a href={`/admin/articles/${article.id}`}>Back to the editor</a>
        </p>
      </div>
      <p class="office-intro">
        A secret link shows the article as it will look on the site, with what was last saved, to anyone who has the link: no account is needed. Search engines are told not to list it. It stops
        working when it expires or when you withdraw it.
      </p>
      {props.fresh && (
        <section class="office-panel share-fresh" aria-labelledby="fresh-heading" data-share-fresh>
          <h2 id="fresh-heading">Your new link</h2>
          <div class="field">
            <label for="fresh-link">Link{props.fresh.label ? ` for ${props.fresh.label}` : ''}</label>
            <p class="field-hint" id="fresh-link-hint">
              Copy it now: for safety it is shown only this once. It works until {formatDateTime(props.fresh.expiresAt, zone)}.
            </p>
            <div class="share-copy">
              <input id="fresh-link" type="text" readOnly value={props.fresh.url} aria-describedby="fresh-link-hint" data-share-url />
              {/* The office script shows it (src/client/admin.ts, data-copy-target). */}
              <button type="button" class="button" data-copy-target="fresh-link" hidden>
                Copy link
              </button>
            </div>
          </div>
        </section>
      )}
      <section class="office-panel" aria-labelledby="new-link-heading">
        <h2 id="new-link-heading">Make a link</h2>
        <ErrorSummary errors={props.errors ?? {}} labels={{ days: 'Works for', label: 'For whom' }} />
        <PostForm action={`/admin/articles/${article.id}/share`} csrf={csrf}>
          <Select name="days" label="Works for" value={props.values?.days ?? '7'} choices={dayChoices} errors={props.errors} />
          <Field
            name="label"
            label="For whom"
            value={props.values?.label ?? ''}
            maxLength={100}
            hint="Optional: who gets the link, so that you can tell the links apart later."
            errors={props.errors}
          />
          <div class="form-actions">
            <button type="submit" class="button button-primary">
              Make a link
            </button>
          </div>
        </PostForm>
      </section>
      <section class="office-panel" aria-labelledby="links-heading">
        <h2 id="links-heading">Links that work now</h2>
        {props.links.length === 0 ? (
          <p class="empty">None: no one can read this article through a link.</p>
        ) : (
          <ScrollingTable>
            <table class="office-table">
              <caption class="visually-hidden">Secret links to this article, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">For whom</th>
                  <th scope="col">Made by</th>
                  <th scope="col">Made</th>
                  <th scope="col">Works until</th>
                  <th scope="col">
                    <span class="visually-hidden">Withdraw</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {props.links.map((link) => (
                  <tr>
                    <td>{link.label || '—'}</td>
                    <td>{link.createdByName || 'A removed account'}</td>
                    <td>
                      <time datetime={link.createdAt}>{formatDateTime(link.createdAt, zone)}</time>
                    </td>
                    <td>
                      <time datetime={link.expiresAt}>{formatDateTime(link.expiresAt, zone)}</time>
                    </td>
                    <td>
                      <PostForm action={`/admin/articles/${article.id}/share/${link.id}/revoke`} csrf={csrf} class="inline-form">
                        <button
                          type="submit"
                          class="button button-small button-danger"
                          aria-label={`Withdraw the link${link.label ? ` for ${link.label}` : ''} made ${formatDateTime(link.createdAt, zone)}`}
                        >
                          Withdraw
                        </button>
                      </PostForm>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollingTable>
        )}
      </section>
    </OfficePage>
  );
}

/** Above the article on a secret link's page: what the reader is looking at, and for how long. */
export function PreviewBanner(props: { published: boolean; expiresAt: string; zone: string }) {
  return (
    <aside class="preview-banner" aria-label="Preview">
      <p>
        <strong>{props.published ? 'Preview — the saved version' : 'Preview — not published'}</strong>{' '}
        {props.published
          ? 'This article is published; this link shows its latest saved version.'
          : 'This is a draft shared for comment. It may change before it appears, and this address will not be its address.'}{' '}
        The link works until {formatDateTime(props.expiresAt, props.zone)}.
      </p>
    </aside>
  );
}
