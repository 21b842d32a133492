import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import type { UserActor } from '../core/actor.ts';
import { HttpError } from '../http/errors.ts';
import { positiveId } from '../http/schemas.ts';
import type { Db } from '../schema.ts';
import type { SiteView } from '../views/site.ts';
import { formatDateTime } from '../views/format.ts';
import { officeActor } from '../office/guard.ts';
import { requirePermission } from '../core/policy.ts';
import { OfficePage, sendOfficePage, ScrollingTable } from '../office/layout.tsx';
import { Select } from '../office/forms.tsx';
import { getArticleById } from '../articles/store.ts';
import { getExpertById } from '../experts/store.ts';
import { getPoll } from '../polls/store.ts';
import { portalName } from '../portals/store.ts';
import { portalSlugs } from '../portals/tables.ts';
import { getTagById } from '../tags/store.ts';
import { getRedirect } from '../redirects/store.ts';
import { getStandalonePage } from '../standalone-pages/store.ts';
import { getUserById, listUsers, type User } from '../users/store.ts';
import { listAuditActions, listAuditEvents, type AuditEntry } from '../audit/store.ts';
import { auditPermissions } from '../audit/policies.ts';
import { actionInWords } from '../audit/actions.ts';

export const auditPageSize = 50;

/** The office page of each kind of subject that has one, by id. */
const subjectPages: Record<string, { path: (id: number) => string; exists: (handle: Db, id: number) => Promise<unknown> }> = {
  article: { path: (id) => `/admin/articles/${id}`, exists: getArticleById },
  poll: { path: (id) => `/admin/polls/${id}`, exists: getPoll },
  user: { path: (id) => `/admin/users/${id}`, exists: getUserById },
  expert: { path: (id) => `/admin/experts/${id}`, exists: getExpertById },
  tag: { path: (id) => `/admin/tags/${id}`, exists: getTagById },
  redirect: { path: (id) => `/admin/redirects/${id}`, exists: getRedirect },
  standalone_page: { path: (id) => `/admin/pages/${id}`, exists: getStandalonePage },
};
/** Subjects without an id that still have a page of their own: a portal is named, the settings are one. */
function pageWithoutId(entry: AuditEntry): string | undefined {
  if (entry.subjectKind === 'settings') return '/admin/settings';
  if (entry.subjectKind !== 'portal') return undefined;
  const slug = portalSlugs.find((s) => portalName(s) === entry.subjectLabel);
  return slug ? `/admin/portals/${slug}` : '/admin/portals';
}

/** Links for the subjects on one page of the log that still exist: one look-up per distinct subject, at most 50. */
async function subjectLinks(handle: Db, entries: AuditEntry[]): Promise<Map<string, string>> {
  const wanted = new Map<string, { kind: string; id: number }>();
  for (const e of entries) if (e.subjectId !== null && subjectPages[e.subjectKind]) wanted.set(`${e.subjectKind}:${e.subjectId}`, { kind: e.subjectKind, id: e.subjectId });
  const found = await Promise.all(
    [...wanted].map(async ([key, { kind, id }]) => {
      const page = subjectPages[kind]!;
      return (await page.exists(handle, id)) ? ([key, page.path(id)] as const) : undefined;
    }),
  );
  return new Map(found.filter((f) => f !== undefined));
}

function linkOf(links: Map<string, string>, entry: AuditEntry): string | undefined {
  return entry.subjectId !== null ? links.get(`${entry.subjectKind}:${entry.subjectId}`) : pageWithoutId(entry);
}

/** Filters come from a GET form: an empty choice means "all". */
const emptyAsAll = (v: unknown) => (v === '' ? undefined : v);
const logQuery = z.object({
  user: z.preprocess(emptyAsAll, positiveId.optional()),
  action: z.preprocess(emptyAsAll, z.string().max(60).optional()),
  before: z.preprocess(emptyAsAll, positiveId.optional()),
});
type LogQuery = z.infer<typeof logQuery>;

function olderHref(query: LogQuery, beforeId: number): string {
  const params = new URLSearchParams();
  if (query.user !== undefined) params.set('user', String(query.user));
  if (query.action !== undefined) params.set('action', query.action);
  params.set('before', String(beforeId));
  return `/admin/audit?${params.toString()}`;
}

interface AuditPageProps {
  site: SiteView;
  actor: UserActor;
  entries: AuditEntry[];
  links: Map<string, string>;
  people: User[];
  actions: string[];
  query: LogQuery;
  olderHref?: string;
}

function AuditFilters(props: Pick<AuditPageProps, 'people' | 'actions' | 'query'>) {
  const { query } = props;
  const actions = query.action !== undefined && !props.actions.includes(query.action) ? [...props.actions, query.action] : props.actions;
  return (
    <form method="get" action="/admin/audit" class="office-panel audit-filters" role="search" aria-label="Filter the audit log">
      <Select
        name="user"
        label="Person"
        value={query.user ?? ''}
        choices={[{ value: '', label: 'Everyone' }, ...props.people.map((p) => ({ value: String(p.id), label: p.name ? `${p.name} (${p.email})` : p.email }))]}
      />
      <Select name="action" label="Action" value={query.action ?? ''} choices={[{ value: '', label: 'Any action' }, ...actions.map((a) => ({ value: a, label: actionInWords(a) }))]} />
      <div class="form-actions">
        <button type="submit" class="button">
          Show entries
        </button>
        {(query.user !== undefined || query.action !== undefined) && <a href="/admin/audit">Clear filters</a>}
      </div>
    </form>
  );
}

function AuditPage(props: AuditPageProps) {
  const { entries, links } = props;
  return (
    <OfficePage site={props.site} actor={props.actor} title="Audit log" section="audit">
      <h1>Audit log</h1>
      <p class="office-lede">Who did what in the office, through the API and on the command line, newest first. Times are in {props.site.locale.timeZone}, with their offset from UTC.</p>
      <AuditFilters people={props.people} actions={props.actions} query={props.query} />
      {entries.length === 0 ? (
        <p class="audit-empty">No entries{props.query.before !== undefined ? ' older than these' : ''}.</p>
      ) : (
        <ScrollingTable>
          <table class="office-table audit-table">
            <caption class="visually-hidden">Audit log entries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Subject</th>
                <th scope="col">Detail</th>
                <th scope="col">IP address</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => {
                const href = linkOf(links, entry);
                const label = entry.subjectLabel || entry.subjectKind;
                return (
                  <tr>
                    <td class="audit-when">
                      <time datetime={entry.at}>{formatDateTime(entry.at, props.site.locale.timeZone)}</time>
                    </td>
                    <td>{entry.actorLabel}</td>
                    <td>{actionInWords(entry.action)}</td>
                    <td>{href ? <a href={href}>{label}</a> : label}</td>
                    <td>{entry.detail}</td>
                    <td class="audit-ip">{entry.ip}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollingTable>
      )}
      {props.olderHref && (
        <nav class="pager" aria-label="Older entries">
          <a href={props.olderHref} rel="next">
            Older entries
          </a>
        </nav>
      )}
    </OfficePage>
  );
}

function queryOf(request: FastifyRequest): LogQuery {
  const parsed = logQuery.safeParse(request.query ?? {});
  if (!parsed.success) throw new HttpError(400, 'bad_request', 'That filter is not one the log knows. Choose a person and an action from the lists.');
  return parsed.data;
}

/** The audit log in the editorial office: administrators only. */
export async function auditOffice(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const { handle } = ctx;
  app.get('/admin/audit', async (request, reply) => {
    const actor = officeActor(request);
    requirePermission(auditPermissions, actor, 'read');
    const query = queryOf(request);
    const rows = await listAuditEvents(handle, { limit: auditPageSize + 1, beforeId: query.before, userId: query.user, action: query.action });
    const entries = rows.slice(0, auditPageSize);
    const [links, people, actions] = await Promise.all([subjectLinks(handle, entries), listUsers(handle), listAuditActions(handle)]);
    const last = entries[entries.length - 1];
    const page = (
      <AuditPage
        site={await ctx.siteView()}
        actor={actor}
        entries={entries}
        links={links}
        people={people}
        actions={actions}
        query={query}
        olderHref={rows.length > auditPageSize && last ? olderHref(query, last.id) : undefined}
      />
    );
    return sendOfficePage(reply, page);
  });
}
