import type { UserActor } from '../core/actor.ts';
import { formatDateTime } from '../views/format.ts';
import { useLocale } from '../views/i18n/locale.ts';
import type { SiteView } from '../views/site.ts';
import { OfficeDoor, OfficePage } from '../office/layout.tsx';
import { Checkbox, PostForm } from '../office/forms.tsx';
import type { Notice } from './store.ts';
import type { NoticeKind } from './tables.ts';

/** A notice in a sentence, with who did it; the article's title is the link and is added by the list. */
const sentences: Record<NoticeKind, (who: string) => [before: string, after: string]> = {
  submitted: (who) => [`${who} submitted `, ' for review.'],
  returned: (who) => [`${who} returned `, ' to you.'],
  published: (who) => [`${who} published `, '.'],
  scheduled: (who) => [`${who} scheduled `, ' to appear later.'],
  went_live: () => ['', ' went live.'],
  unpublished: (who) => [`${who} took `, ' off the site.'],
  edited: (who) => [`${who} changed the published text of `, '.'],
};

export interface ShownNotice {
  notice: Notice;
  /** Visible since the person's last visit. */
  isNew: boolean;
}

export function NoticeItem(props: { item: ShownNotice }) {
  const { notice, isNew } = props.item;
  const { timeZone } = useLocale();
  const [before, after] = sentences[notice.kind](notice.actorName || 'Someone');
  const title = notice.articleTitle || 'Untitled article';
  return (
    <li class={isNew ? 'notice-new' : undefined}>
      <span class="dashboard-meta">
        {isNew && <span class="notice-badge">New</span>}
        <time datetime={notice.visibleAt}>{formatDateTime(notice.visibleAt, timeZone)}</time>
      </span>
      {before}
      {notice.articleId !== null ? <a href={`/admin/articles/${notice.articleId}`}>{title}</a> : <span>{title}</span>}
      {after}
      {notice.note && <span class="dashboard-note">{notice.note}</span>}
    </li>
  );
}

/** The dashboard's panel: what changed for the person since their last visit, then the earlier notices. */
export function NoticesPanel(props: { items: ShownNotice[] }) {
  const fresh = props.items.filter((i) => i.isNew).length;
  return (
    <section class="office-panel dashboard-list notice-list" aria-labelledby="dashboard-notices">
      <h2 id="dashboard-notices">What changed for you since your last visit</h2>
      {props.items.length === 0 ? (
        <p class="empty">Nothing yet. You will find here what happens to the articles you write or review.</p>
      ) : (
        <>
          <p class="dashboard-meta">{fresh === 0 ? 'Nothing new since your last visit. Earlier:' : `${fresh} new since your last visit.`}</p>
          <ul>
            {props.items.map((item) => (
              <NoticeItem item={item} />
            ))}
          </ul>
        </>
      )}
      <p class="notice-settings-link">
        <a href="/admin/account/notices">All your notices and e-mail settings</a>
      </p>
    </section>
  );
}

/** Your notices: the e-mail switch, then every notice (the latest ones). */
export function NoticeSettingsPage(props: { site: SiteView; actor: UserActor; emailOn: boolean; mailServer: boolean; items: ShownNotice[]; notice?: string }) {
  const { actor } = props;
  return (
    <OfficePage site={props.site} actor={actor} title="Your notices" section="account" notice={props.notice}>
      <p class="breadcrumb">
        <a href="/admin/account">Your account</a>
      </p>
      <h1>Your notices</h1>
      <p>You are told here and on the dashboard when an article you review is submitted, and when one you wrote is returned, published, goes live or is changed by an editor.</p>
      <h2>By e-mail</h2>
      {!props.mailServer && <p class="field-hint">This site has no mail server configured, so no notice goes by e-mail for now; your choice is kept for when one is.</p>}
      <PostForm action="/admin/account/notices" csrf={actor.session?.csrfToken ?? ''} class="office-form">
        <input type="hidden" name="email_notices_shown" value="1" />
        <Checkbox name="email_notices" label={`E-mail me these notices at ${actor.email}`} checked={props.emailOn} hint="Each mail has a link to turn them off." />
        <div class="form-actions">
          <button type="submit" class="button button-primary">
            Save
          </button>
        </div>
      </PostForm>
      <section class="office-panel dashboard-list notice-list" aria-labelledby="all-notices">
        <h2 id="all-notices">Latest notices</h2>
        {props.items.length === 0 ? (
          <p class="empty">No notices yet.</p>
        ) : (
          <ul>
            {props.items.map((item) => (
              <NoticeItem item={item} />
            ))}
          </ul>
        )}
      </section>
    </OfficePage>
  );
}

/** The page an unsubscribe link opens: a button (a mail scanner that follows links turns nothing off), then the outcome. */
export function UnsubscribePage(props: { site: SiteView; state: 'ask' | 'done' | 'unknown' }) {
  return (
    <OfficeDoor site={props.site} title="E-mail notices">
      <h1>E-mail notices</h1>
      {props.state === 'unknown' ? (
        <p>This link is not valid. Sign in to the office to change your notices under Your account.</p>
      ) : props.state === 'done' ? (
        <p role="status">E-mail notices are off. You still see them on the office dashboard; you can turn the e-mails on again under Your account.</p>
      ) : (
        <form method="post" class="office-form">
          <p>Stop e-mailing me notices from the {props.site.name} editorial office.</p>
          <button type="submit" class="button button-primary">
            Turn off e-mail notices
          </button>
        </form>
      )}
      <p class="door-help">
        <a href="/admin/login">Sign in to the office</a>
      </p>
    </OfficeDoor>
  );
}
