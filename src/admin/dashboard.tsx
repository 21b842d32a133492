import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import type { UserActor } from '../core/actor.ts';
import { permits } from '../core/policy.ts';
import { articlePermissions } from '../articles/policies.ts';
import { pollPermissions } from '../polls/policies.ts';
import { listAuditEvents, type AuditEntry } from '../audit/store.ts';
import { articleActions, auditActions } from '../audit/actions.ts';
import { getExpertsByIds } from '../experts/store.ts';
import { formatDateTime } from '../views/format.ts';
import { useLocale } from '../views/i18n/locale.ts';
import { articleIdsOfExpert, existingArticleIds, listInReview, listReturned, listScheduled, type OfficeArticleSummary } from '../articles/store.ts';
import { noticeFrom, officeActor } from '../office/guard.ts';
import { OfficePage, sendOfficePage } from '../office/layout.tsx';
import { dashboardNotices } from '../notifications/routes.tsx';

const notices = { welcome: 'Welcome to the editorial office.', password_set: 'Your new password is set.' };

const listLength = 10;
const recentLength = 15;

interface DashboardItem {
  article: OfficeArticleSummary;
  expertName: string;
}

interface Change {
  entry: AuditEntry;
  /** False once the article is deleted: its title stays in the log, without a link. */
  linked: boolean;
}

/** The office's front page: what waits for review, what came back, what is scheduled, and what changed lately. */
export async function dashboardOffice(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const { handle } = ctx;

  /** An author sees their own expert's articles only; one with no expert sees none. */
  const scopeOf = (actor: UserActor) => (permits(articlePermissions, actor, 'readAll') ? {} : { expertId: actor.expertId ?? -1 });

  async function withExperts(articles: OfficeArticleSummary[]): Promise<DashboardItem[]> {
    const experts = await getExpertsByIds(
      handle,
      articles.map((a) => a.expertId),
    );
    return articles.map((article) => ({ article, expertName: experts.get(article.expertId)?.name ?? '' }));
  }

  async function recentChanges(actor: UserActor): Promise<Change[]> {
    const own = permits(articlePermissions, actor, 'readAll') ? undefined : actor.expertId === null ? new Set<number>() : await articleIdsOfExpert(handle, actor.expertId);
    const entries = await listAuditEvents(handle, {
      limit: recentLength,
      subjectKind: 'article',
      actions: articleActions,
      ...(own && { subjectIds: [...own] }),
    });
    const existing = await existingArticleIds(
      handle,
      entries.flatMap((e) => (e.subjectId === null ? [] : [e.subjectId])),
    );
    return entries.map((entry) => ({ entry, linked: entry.subjectId !== null && existing.has(entry.subjectId) }));
  }

  app.get('/admin', async (request, reply) => {
    const actor = officeActor(request);
    const scope = scopeOf(actor);
    // Editors see every blog's articles; an author, their own blog's.
    const allBlogs = permits(articlePermissions, actor, 'readAll');
    const [waiting, returned, scheduled, changes] = await Promise.all([
      listInReview(handle, { limit: listLength, ...scope }).then(withExperts),
      listReturned(handle, { limit: listLength, ...scope }).then(withExperts),
      listScheduled(handle, { limit: listLength, ...scope }).then(withExperts),
      recentChanges(actor),
    ]);
    // What changed for this person since their last visit (src/notifications); seeing it records the visit.
    const forYou = await dashboardNotices(ctx, actor);
    const site = await ctx.siteView();
    const zone = site.locale.timeZone;
    return sendOfficePage(
      reply,
      <OfficePage site={site} actor={actor} title="Dashboard" section="dashboard" notice={noticeFrom(request, notices)}>
        <div class="page-actions">
          <h1>Dashboard</h1>
          <p class="quick-links">
            {permits(articlePermissions, actor, 'write') && (
              <a class="button button-primary" href="/admin/articles/new">
                New article
              </a>
            )}
            {permits(pollPermissions, actor, 'create') && (
              <a class="button" href="/admin/polls/new">
                New poll
              </a>
            )}
            <a class="button" href="/admin/articles">
              All articles
            </a>
          </p>
        </div>
        {!permits(articlePermissions, actor, 'write') && <p class="office-panel">Your account is not linked to an expert yet, so you have no blog to write for. Ask an administrator to link it.</p>}
        <div class="dashboard-grid">
          {forYou}
          <ArticleList
            id="waiting"
            title="Waiting for review"
            items={waiting}
            empty="Nothing is waiting for review."
            when={(a) => (a.submittedAt ? `since ${formatDateTime(a.submittedAt, zone)}` : '')}
          />
          <ArticleList
            id="returned"
            title={allBlogs ? 'Returned' : 'Returned to you'}
            items={returned}
            empty={allBlogs ? 'No article is back with its author.' : 'Nothing has been returned to you.'}
            when={(a) => (a.returnedAt ? `returned ${formatDateTime(a.returnedAt, zone)}` : '')}
            showNote
          />
          <ArticleList id="scheduled" title="Scheduled" items={scheduled} empty="Nothing is scheduled." when={(a) => `appears ${formatDateTime(a.publishedAt!, zone)}`} />
          <RecentChanges changes={changes} />
        </div>
      </OfficePage>,
    );
  });
}

function ArticleList(props: { id: string; title: string; items: DashboardItem[]; empty: string; when: (a: OfficeArticleSummary) => string; showNote?: boolean }) {
  const headingId = `dashboard-${props.id}`;
  return (
    <section class="office-panel dashboard-list" aria-labelledby={headingId}>
      <h2 id={headingId}>{props.title}</h2>
      {props.items.length === 0 ? (
        <p class="empty">{props.empty}</p>
      ) : (
        <ul>
          {props.items.map(({ article, expertName }) => (
            <li>
              <a href={`/admin/articles/${article.id}`}>{article.title || 'Untitled article'}</a>
              <span class="dashboard-meta">
                {expertName} · {props.when(article)}
              </span>
              {props.showNote && article.reviewNote && <span class="dashboard-note">{article.reviewNote}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function RecentChanges(props: { changes: Change[] }) {
  const { timeZone } = useLocale();
  return (
    <section class="office-panel dashboard-list" aria-labelledby="dashboard-recent">
      <h2 id="dashboard-recent">Recent changes</h2>
      {props.changes.length === 0 ? (
        <p class="empty">No changes yet.</p>
      ) : (
        <ul>
          {props.changes.map(({ entry, linked }) => (
            <li>
              <span class="dashboard-meta">
                <time datetime={entry.at}>{formatDateTime(entry.at, timeZone)}</time>
              </span>
              {entry.actorLabel} {auditActions[entry.action]?.verb ?? entry.action}{' '}
              {linked ? <a href={`/admin/articles/${entry.subjectId}`}>{entry.subjectLabel || 'Untitled article'}</a> : <span>{entry.subjectLabel}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
