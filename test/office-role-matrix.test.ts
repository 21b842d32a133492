import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { databaseKinds } from './databases.ts';
import { bearer, multipartBody, sampleJpeg, startTestApp, type TestApp, type UploadFile } from './app.ts';
import { saveSiteSettings } from '../src/site/store.ts';
import { getSiteAppearance, saveSiteAppearance } from '../src/site/appearance.ts';
import { getMediaById } from '../src/media/store.ts';
import { officeSessionFor, type OfficeSession } from './office.ts';
import { SESSION_COOKIE } from '../src/http/auth.ts';
import { type Role } from '../src/core/actor.ts';
import { createExpert, getExpertById } from '../src/experts/store.ts';
import { getNoticeSettings } from '../src/notifications/store.ts';
import { checkCredentials, createApiToken, createUser, getApiTokenById, getUserByEmail, getUserById, listApiTokens, setPassword, updateUser } from '../src/users/store.ts';
import { getArticleById } from '../src/articles/store.ts';
import { getPoll } from '../src/polls/store.ts';
import { getTagById } from '../src/tags/store.ts';
import { getGlossaryTerm, listGlossaryTerms } from '../src/glossary/store.ts';
import { getRedirect, getRedirectFrom } from '../src/redirects/store.ts';
import { getStandalonePage, listStandalonePages } from '../src/standalone-pages/store.ts';
import { formatTable, type Outcome } from './matrix-table.ts';
import { registeredRoutes } from './routes.ts';
import { briefDocx } from './word-documents.ts';

/**
 * The editorial office's role matrix, cell by cell, over HTTP with signed-in sessions: every page and
 * every form of /admin, for each role, and where it matters for the author's own expert's content and
 * another expert's. The expected answers are the issue's rules (author: their own expert's drafts,
 * submitting them, never publishing, returning or unpublishing, and none of polls, portals, tags,
 * settings, people, the audit log or other experts' profiles; editor: all content, polls, portals and
 * tags, but not people, settings, the audit log, experts other than their own linked profile, or other
 * people's tokens; admin: everything), not whatever the code happens to do.
 *
 * Each cell has fixtures of its own: a fresh person of the role with a fresh session (an author is always
 * linked to an expert of their own; another role only when the cell says "own"), a fresh "other" expert,
 * and whatever the action works on. A refused cell must leave every table of the database as it was.
 */

type Whose = 'own' | 'other' | '-';
type Expected = 'allowed' | 403 | 404;
type Status = 'draft' | 'in_review' | 'published';
type Group = 'dashboard' | 'articles' | 'experts' | 'people' | 'account' | 'tokens' | 'polls' | 'portals' | 'tags' | 'glossary' | 'pages' | 'redirects' | 'settings' | 'media' | 'audit';
type Response = LightMyRequestResponse;

interface ExpertRef {
  id: number;
  slug: string;
}

interface Person {
  id: number;
  email: string;
}

/** Things a cell acts on, made by the admin's API token or the store before the request under test. */
interface Fixtures {
  handle(): TestApp['db']['handle'];
  unique(prefix: string): string;
  expert(): Promise<ExpertRef>;
  /** An article with two revisions (the second renames it "… (revised)"), then moved to the status asked for. */
  article(expert: ExpertRef, status: Status): Promise<number>;
  /** A draft an editor has sent back to its author with a note. */
  returnedArticle(expert: ExpertRef): Promise<number>;
  person(role: Role, options?: { password?: string; disabled?: boolean }): Promise<Person>;
  token(userId: number): Promise<number>;
  poll(options?: { open?: boolean }): Promise<number>;
  tag(): Promise<number>;
  glossaryTerm(): Promise<number>;
  redirect(): Promise<number>;
  standalonePage(): Promise<number>;
}

interface Cell {
  role: Role;
  whose: Whose;
  user: Person;
  session: OfficeSession;
  /** The expert the action works on: the person's own for "own", someone else's otherwise. */
  target: ExpertRef;
  fixtures: Fixtures;
  /** Sends a multipart office form (fields plus an empty file part, as a browser does), the CSRF token in the address. */
  multipart(url: string, fields: Record<string, string>, fileField: string, file?: UploadFile): Promise<Response>;
}

/**
 * One row of the matrix by name: the route it drives, what it needs made first, the request itself,
 * and, for an allowed cell, what must be true afterwards (a problem in words, or nothing).
 */
interface Action<P> {
  group: Group;
  route: `${'GET' | 'POST'} /admin${string}`;
  prepare(cell: Cell): Promise<P>;
  send(cell: Cell, prepared: P): Promise<Response>;
  effect?(cell: Cell, prepared: P, res: Response): Promise<string | undefined>;
}

const define = <P>(action: Action<P>) => action as Action<unknown>;
const nothing = async () => undefined;

const inAWeekLocal = () => new Date(Date.now() + 7 * 24 * 3600_000).toISOString().slice(0, 16);
const editorFields = (c: Cell, over: Record<string, string> = {}) => ({
  expert: c.target.slug,
  title: c.fixtures.unique('Edited in the office'),
  lead: 'A lead.',
  body: 'A body.',
  slug: '',
  tags: '',
  action: 'save',
  ...over,
});
const pollFields = (question: string) => ({ question, answer: ['Yes', 'No', '', '', '', '', '', ''], max_choices: '', opens_at: '', closes_at: '', results: 'always' });
const createdId = (res: Response, path: string) => Number(new RegExp(`^${path}/(\\d+)\\?`).exec(String(res.headers.location))?.[1] ?? NaN);

type ArticleView = NonNullable<Awaited<ReturnType<typeof getArticleById>>>;

const readArticle = (c: Cell, id: number) => getArticleById(c.fixtures.handle(), id);
/** An effect on an article, read from the store after the request: a problem in words, or nothing. */
const articleIs = (check: (a: ArticleView | undefined) => string | undefined) => async (c: Cell, id: number) => check(await readArticle(c, id));
const hasStatus = (status: Status) => articleIs((a) => (a?.status === status ? undefined : `the article is ${a?.status ?? 'gone'}, not ${status}`));
const titleChanged = articleIs((a) => (a && !a.title.startsWith('Fixture') ? undefined : `the title is still “${a?.title}”`));
const unchangedTitle = articleIs((a) => (a?.title.endsWith('(revised)') ? undefined : `the article changed: “${a?.title}”`));

/** An action on an article of the target expert, in the given status. */
function onArticle(route: Action<number>['route'], status: Status, send: (c: Cell, id: number) => Promise<Response>, effect?: Action<number>['effect']) {
  return define<number>({ group: 'articles', route, prepare: (c) => c.fixtures.article(c.target, status), send, effect });
}
const editorPost = (status: Status, over: Record<string, string>, effect?: Action<number>['effect']) =>
  onArticle('POST /admin/articles/:id', status, (c, id) => c.multipart(`/admin/articles/${id}`, editorFields(c, over), 'image_file'), effect);
const newArticle = (over: Record<string, string>, status?: Status) =>
  define<undefined>({
    group: 'articles',
    route: 'POST /admin/articles/new',
    prepare: nothing,
    send: (c) => c.multipart('/admin/articles/new', editorFields(c, over), 'image_file'),
    async effect(c, _p, res) {
      const article = await readArticle(c, createdId(res, '/admin/articles'));
      if (!article) return `no article at ${res.headers.location}`;
      if (article.expertId !== c.target.id) return 'the article is on another blog';
      return status && article.status !== status ? `the article is ${article.status}, not ${status}` : undefined;
    },
  });

const expertForm = (name: string, slug: string) => ({ name, slug, title: 'Senior fellow', affiliation: '', bio: 'Writes on water and borders.' });
const expertPost = (over: (c: Cell) => Record<string, string>, effect?: Action<ExpertRef>['effect']) =>
  define<ExpertRef>({
    group: 'experts',
    route: 'POST /admin/experts/:id',
    prepare: async (c) => c.target,
    send: (c, expert) => c.multipart(`/admin/experts/${expert.id}`, { ...expertForm('Renamed Fellow', expert.slug), ...over(c) }, 'photo_file'),
    effect,
  });

/** The person an action on accounts works on: the cell's own account, or a fresh author's. */
const personFor = (c: Cell, options?: { password?: string; disabled?: boolean }) => (c.whose === 'own' ? Promise.resolve(c.user) : c.fixtures.person('author', options));
const onPerson = (route: Action<Person>['route'], send: (c: Cell, p: Person) => Promise<Response>, options?: { password?: string; disabled?: boolean }, effect?: Action<Person>['effect']) =>
  define<Person>({ group: 'people', route, prepare: (c) => personFor(c, options), send, effect });

const onPoll = (route: Action<number>['route'], send: (c: Cell, id: number) => Promise<Response>, options?: { open?: boolean }, effect?: Action<number>['effect']) =>
  define<number>({ group: 'polls', route, prepare: (c) => c.fixtures.poll(options), send, effect });
const pollIs = (check: (p: Awaited<ReturnType<typeof getPoll>>) => string | undefined) => async (c: Cell, id: number) => check(await getPoll(c.fixtures.handle(), id));

const onTag = (route: Action<number>['route'], send: (c: Cell, id: number) => Promise<Response>, effect?: Action<number>['effect']) =>
  define<number>({ group: 'tags', route, prepare: (c) => c.fixtures.tag(), send, effect });

const onTerm = (route: Action<number>['route'], send: (c: Cell, id: number) => Promise<Response>, effect?: Action<number>['effect']) =>
  define<number>({ group: 'glossary', route, prepare: (c) => c.fixtures.glossaryTerm(), send, effect });

const onPage = (route: Action<number>['route'], send: (c: Cell, id: number) => Promise<Response>, effect?: Action<number>['effect']) =>
  define<number>({ group: 'pages', route, prepare: (c) => c.fixtures.standalonePage(), send, effect });
const pageFields = (title: string, over: Record<string, string> = {}) => ({ title, path: '', body: 'Who we are.', status: 'published', menu: 'footer', menu_order: '0', ...over });

const onRedirect = (route: Action<number>['route'], send: (c: Cell, id: number) => Promise<Response>, effect?: Action<number>['effect']) =>
  define<number>({ group: 'redirects', route, prepare: (c) => c.fixtures.redirect(), send, effect });

/** Uploading the site's logo or favicon (multipart, as the appearance screen sends it). */
const siteImageUpload = (which: 'logo' | 'favicon', width: number, height: number) =>
  define<Buffer>({
    group: 'settings',
    route: `POST /admin/settings/appearance/${which}`,
    // None set before, so that the one found afterwards is the upload's.
    async prepare(c) {
      await saveSiteAppearance(c.fixtures.handle(), { [which]: null });
      return sampleJpeg(width, height);
    },
    send: (c, bytes) => c.multipart(`/admin/settings/appearance/${which}`, {}, `${which}_file`, { name: `${which}.jpg`, type: 'image/jpeg', bytes }),
    async effect(c) {
      const image = (await getSiteAppearance(c.fixtures.handle()))[which];
      return image && (await getMediaById(c.fixtures.handle(), image.mediaId)) ? undefined : `no ${which} from the media library is set`;
    },
  });
/** Removing it: one is set first, straight in the store (the page only keeps the image's addresses). */
const siteImageRemoval = (which: 'logo' | 'favicon') =>
  define<undefined>({
    group: 'settings',
    route: `POST /admin/settings/appearance/${which}/remove`,
    async prepare(c) {
      const image = { mediaId: 1, src: `/media/${'0'.repeat(64)}/64.jpg`, srcset: `/media/${'0'.repeat(64)}/64.jpg 64w`, width: 64, height: 64, type: 'image/jpeg' };
      await saveSiteAppearance(c.fixtures.handle(), { [which]: image });
      return undefined;
    },
    send: (c) => c.session.post(`/admin/settings/appearance/${which}/remove`),
    effect: async (c) => ((await getSiteAppearance(c.fixtures.handle()))[which] ? `the ${which} is still set` : undefined),
  });

const page = (group: Group, route: Action<undefined>['route'], url = route.slice(4)) => define<undefined>({ group, route, prepare: nothing, send: (c) => c.session.get(url) });

/** What each row of the matrix does, by name. */
const actions: Record<string, Action<unknown>> = {
  'open the dashboard': define<string>({
    group: 'dashboard',
    route: 'GET /admin',
    // Another expert's article just returned from review (the newest is listed first): on the editors'
    // dashboard, never on an author's.
    async prepare(c) {
      const id = await c.fixtures.returnedArticle(await c.fixtures.expert());
      return (await readArticle(c, id))!.title;
    },
    send: (c) => c.session.get('/admin'),
    async effect(c, title, res) {
      const shown = res.body.includes(title);
      if (c.role === 'author') return shown ? 'the dashboard shows another expert’s returned article' : undefined;
      return shown ? undefined : 'the dashboard leaves out an article just returned';
    },
  }),

  'list articles': define<string>({
    group: 'articles',
    route: 'GET /admin/articles',
    // Another expert's fresh draft: editors see it at the top of the list, authors never.
    async prepare(c) {
      const other = await c.fixtures.expert();
      const id = await c.fixtures.article(other, 'draft');
      return (await readArticle(c, id))!.title;
    },
    send: (c) => c.session.get('/admin/articles'),
    async effect(c, title, res) {
      const shown = res.body.includes(title);
      if (c.role === 'author' && shown) return 'the list shows another expert’s draft';
      return c.role !== 'author' && !shown ? 'the list leaves out a new draft' : undefined;
    },
  }),
  'open the new-article editor': page('articles', 'GET /admin/articles/new'),
  'create a draft': newArticle({}, 'draft'),
  'create and submit for review': newArticle({ action: 'submit' }, 'in_review'),
  'create and publish': newArticle({ action: 'publish' }, 'published'),

  'view a draft in the editor': onArticle('GET /admin/articles/:id', 'draft', (c, id) => c.session.get(`/admin/articles/${id}`)),
  'view an article in review in the editor': onArticle('GET /admin/articles/:id', 'in_review', (c, id) => c.session.get(`/admin/articles/${id}`)),
  'view a published article in the editor': onArticle('GET /admin/articles/:id', 'published', (c, id) => c.session.get(`/admin/articles/${id}`)),
  'save a draft': editorPost('draft', {}, titleChanged),
  'save an article in review': editorPost('in_review', {}, titleChanged),
  'save a published article': editorPost('published', {}, titleChanged),
  'move a draft to another blog': define<{ id: number; destination: ExpertRef }>({
    group: 'articles',
    route: 'POST /admin/articles/:id',
    prepare: async (c) => ({ id: await c.fixtures.article(c.target, 'draft'), destination: await c.fixtures.expert() }),
    send: (c, p) => c.multipart(`/admin/articles/${p.id}`, editorFields(c, { expert: p.destination.slug }), 'image_file'),
    effect: async (c, p) => ((await readArticle(c, p.id))?.expertId === p.destination.id ? undefined : 'the article stayed where it was'),
  }),
  'save a draft with the editors’ fields (featured, poll)': define<{ id: number; poll: number }>({
    group: 'articles',
    route: 'POST /admin/articles/:id',
    prepare: async (c) => ({ id: await c.fixtures.article(c.target, 'draft'), poll: await c.fixtures.poll() }),
    send: (c, p) => c.multipart(`/admin/articles/${p.id}`, editorFields(c, { editorial_fields: '1', featured: '1', poll: String(p.poll) }), 'image_file'),
    // The author's save goes through, but an author's form has no such fields: whatever is sent for them is ignored.
    async effect(c, p) {
      const a = await readArticle(c, p.id);
      const set = a?.featured === 1 && a.pollId === p.poll;
      const untouched = a?.featured === 0 && a.pollId === null;
      if (c.role === 'author') return untouched ? undefined : `an author featured the article or attached a poll (featured ${a?.featured}, poll ${a?.pollId})`;
      return set ? undefined : 'the editors’ fields were not saved';
    },
  }),
  'submit a draft for review': editorPost('draft', { action: 'submit' }, hasStatus('in_review')),
  'publish a draft': editorPost('draft', { action: 'publish' }, hasStatus('published')),
  'schedule a draft for next week': editorPost(
    'draft',
    { action: 'publish', editorial_fields: '1', published_at: inAWeekLocal() },
    articleIs((a) => (a?.status === 'published' && a.publishedAt !== null && Date.parse(a.publishedAt) > Date.now() ? undefined : `the article is ${a?.status} at ${a?.publishedAt}`)),
  ),
  'publish from review': editorPost('in_review', { action: 'publish' }, hasStatus('published')),
  'preview a draft in the editor': editorPost('draft', { action: 'preview' }, unchangedTitle),
  'return from review with a note': onArticle(
    'POST /admin/articles/:id/return',
    'in_review',
    (c, id) => c.session.post(`/admin/articles/${id}/return`, { note: 'Please cite the 2021 figures.' }),
    hasStatus('draft'),
  ),
  unpublish: onArticle('POST /admin/articles/:id/unpublish', 'published', (c, id) => c.session.post(`/admin/articles/${id}/unpublish`), hasStatus('draft')),
  'start a translation of a published article': onArticle(
    'POST /admin/articles/:id/translate',
    'published',
    (c, id) => c.session.post(`/admin/articles/${id}/translate`, { language: 'ru' }),
    async (c, id, res) => {
      const translation = await readArticle(c, createdId(res, '/admin/articles'));
      const source = await readArticle(c, id);
      if (!translation || translation.language !== 'ru' || translation.status !== 'draft') return `no Russian draft at ${res.headers.location}`;
      return translation.translationGroup !== null && translation.translationGroup === source?.translationGroup ? undefined : 'the draft is not linked to the article';
    },
  ),
  'open the deletion page of a draft': onArticle('GET /admin/articles/:id/delete', 'draft', (c, id) => c.session.get(`/admin/articles/${id}/delete`)),
  'open the deletion page of a published article': onArticle('GET /admin/articles/:id/delete', 'published', (c, id) => c.session.get(`/admin/articles/${id}/delete`)),
  'delete a draft': onArticle(
    'POST /admin/articles/:id/delete',
    'draft',
    (c, id) => c.session.post(`/admin/articles/${id}/delete`),
    articleIs((a) => (a ? 'the article is still there' : undefined)),
  ),
  'delete an article in review': onArticle(
    'POST /admin/articles/:id/delete',
    'in_review',
    (c, id) => c.session.post(`/admin/articles/${id}/delete`),
    articleIs((a) => (a ? 'the article is still there' : undefined)),
  ),
  'delete a published article': onArticle(
    'POST /admin/articles/:id/delete',
    'published',
    (c, id) => c.session.post(`/admin/articles/${id}/delete`),
    articleIs((a) => (a ? 'the article is still there' : undefined)),
  ),
  'read the history of a draft': onArticle('GET /admin/articles/:id/revisions', 'draft', (c, id) => c.session.get(`/admin/articles/${id}/revisions`)),
  'read the history of a published article': onArticle('GET /admin/articles/:id/revisions', 'published', (c, id) => c.session.get(`/admin/articles/${id}/revisions`)),
  'compare two revisions': onArticle(
    'GET /admin/articles/:id/revisions',
    'draft',
    (c, id) => c.session.get(`/admin/articles/${id}/revisions?from=1&to=2`),
    async (_c, _id, res) => (/<ins>[\s\S]*revised[\s\S]*<\/ins>/.test(res.body) ? undefined : 'the page shows no difference between the revisions'),
  ),
  'restore a revision of a draft': onArticle(
    'POST /admin/articles/:id/revisions/:number/restore',
    'draft',
    (c, id) => c.session.post(`/admin/articles/${id}/revisions/1/restore`),
    articleIs((a) => (a && !a.title.endsWith('(revised)') ? undefined : `the title is “${a?.title}”, not the first revision’s`)),
  ),
  'restore a revision of an article in review': onArticle('POST /admin/articles/:id/revisions/:number/restore', 'in_review', (c, id) => c.session.post(`/admin/articles/${id}/revisions/1/restore`)),
  'restore a revision of a published article': onArticle('POST /admin/articles/:id/revisions/:number/restore', 'published', (c, id) => c.session.post(`/admin/articles/${id}/revisions/1/restore`)),
  'autosave a new draft': define<undefined>({
    group: 'articles',
    route: 'POST /admin/articles/autosave',
    prepare: nothing,
    send: (c) => c.session.json('POST', '/admin/articles/autosave', { expert: c.target.slug, title: c.fixtures.unique('Autosaved'), lead: '', body: 'Words' }),
    effect: async (c, _p, res) => ((await readArticle(c, (res.json() as { id: number }).id))?.expertId === c.target.id ? undefined : 'no draft on the blog'),
  }),
  'autosave a draft': onArticle(
    'POST /admin/articles/autosave',
    'draft',
    (c, id) => c.session.json('POST', '/admin/articles/autosave', { id, expert: c.target.slug, title: c.fixtures.unique('Autosaved'), lead: 'Lead', body: 'Words' }),
    titleChanged,
  ),
  'autosave a draft onto another blog': define<{ id: number; destination: ExpertRef }>({
    group: 'articles',
    route: 'POST /admin/articles/autosave',
    prepare: async (c) => ({ id: await c.fixtures.article(c.target, 'draft'), destination: await c.fixtures.expert() }),
    send: (c, p) => c.session.json('POST', '/admin/articles/autosave', { id: p.id, expert: p.destination.slug, title: 'Moved by autosave', lead: '', body: '' }),
  }),
  'preview Markdown': define<undefined>({
    group: 'articles',
    route: 'POST /admin/articles/preview',
    prepare: nothing,
    send: (c) => c.session.json('POST', '/admin/articles/preview', { body: 'A claim.[^1]\n\n[^1]: The source.' }),
    effect: async (_c, _p, res) => ((res.json() as { html?: string }).html?.includes('The source') ? undefined : 'no preview came back'),
  }),
  'convert pasted HTML': define<undefined>({
    group: 'articles',
    route: 'POST /admin/articles/paste',
    prepare: nothing,
    send: (c) =>
      c.session.json('POST', '/admin/articles/paste', { html: '<p>A claim<a href="#_ftn1" name="_ftnref1">[1]</a></p><div id=ftn1><p><a href="#_ftnref1" name="_ftn1">[1]</a> The source.</p></div>' }),
    effect: async (_c, _p, res) => ((res.json() as { markdown?: string }).markdown === 'A claim[^1]\n\n[^1]: The source.\n' ? undefined : 'no Markdown came back'),
  }),
  'preview the reading page of what the editor holds': define<undefined>({
    group: 'articles',
    route: 'POST /admin/articles/preview-page',
    prepare: nothing,
    send: (c) => c.session.json('POST', '/admin/articles/preview-page', { expert: c.target.slug, title: 'Previewed page', body: 'Words.' }),
    effect: async (_c, _p, res) => ((res.json() as { html?: string }).html?.includes('Previewed page') ? undefined : 'no page came back'),
  }),
  'open the share screen of a draft': onArticle('GET /admin/articles/:id/share', 'draft', (c, id) => c.session.get(`/admin/articles/${id}/share`)),
  'share a draft for comment': onArticle(
    'POST /admin/articles/:id/share',
    'draft',
    (c, id) => c.session.post(`/admin/articles/${id}/share`, { days: '7', label: 'Reviewers' }),
    async (c, id) => ((await c.fixtures.handle().db.selectFrom('previewLinks').select('id').where('articleId', '=', id).executeTakeFirst()) ? undefined : 'no link was made'),
  ),
  'share a published article for comment': onArticle('POST /admin/articles/:id/share', 'published', (c, id) => c.session.post(`/admin/articles/${id}/share`, { days: '1' })),
  'withdraw a preview link': define<{ id: number; link: number }>({
    group: 'articles',
    route: 'POST /admin/articles/:id/share/:link/revoke',
    async prepare(c) {
      const id = await c.fixtures.article(c.target, 'draft');
      const now = new Date();
      const { db } = c.fixtures.handle();
      const row = await db
        .insertInto('previewLinks')
        .values({
          articleId: id,
          tokenHash: `${id}-${now.getTime()}-${Math.random()}`,
          label: '',
          createdBy: null,
          createdAt: now.toISOString(),
          expiresAt: new Date(now.getTime() + 86_400_000).toISOString(),
          revokedAt: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { id, link: row.id };
    },
    send: (c, p) => c.session.post(`/admin/articles/${p.id}/share/${p.link}/revoke`),
    effect: async (c, p) => ((await c.fixtures.handle().db.selectFrom('previewLinks').select('revokedAt').where('id', '=', p.link).executeTakeFirst())?.revokedAt ? undefined : 'the link still works'),
  }),
  'import a Word document': define<{ file: Buffer }>({
    group: 'articles',
    route: 'POST /admin/articles/import-docx',
    prepare: async () => ({ file: await briefDocx({ withImage: false }) }),
    send: (c, p) =>
      c.multipart('/admin/articles/import-docx', { expert: c.target.slug }, 'file', {
        name: 'brief.docx',
        type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        bytes: p.file,
      }),
    effect: async (c, _p, res) => {
      const id = Number(/^\/admin\/articles\/(\d+)\?/.exec(String(res.headers.location))?.[1]);
      const article = id ? await readArticle(c, id) : undefined;
      return article?.expertId === c.target.id && article.status === 'draft' ? undefined : 'no draft on the blog';
    },
  }),
  'open an article that does not exist': define<undefined>({ group: 'articles', route: 'GET /admin/articles/:id', prepare: nothing, send: (c) => c.session.get('/admin/articles/99999999') }),
  'save an article that does not exist': define<undefined>({
    group: 'articles',
    route: 'POST /admin/articles/:id',
    prepare: nothing,
    send: (c) => c.multipart('/admin/articles/99999999', editorFields(c), 'image_file'),
  }),
  'compare revisions that do not exist': onArticle('GET /admin/articles/:id/revisions', 'draft', (c, id) => c.session.get(`/admin/articles/${id}/revisions?from=98&to=99`)),
  'restore a revision that does not exist': onArticle('POST /admin/articles/:id/revisions/:number/restore', 'draft', (c, id) => c.session.post(`/admin/articles/${id}/revisions/99/restore`)),

  'list expert profiles': page('experts', 'GET /admin/experts'),
  'open the new-expert form': page('experts', 'GET /admin/experts/new'),
  'add an expert': define<string>({
    group: 'experts',
    route: 'POST /admin/experts/new',
    prepare: async (c) => c.fixtures.unique('New Fellow'),
    send: (c, name) => c.multipart('/admin/experts/new', expertForm(name, ''), 'photo_file'),
    effect: async (c, name, res) => ((await getExpertById(c.fixtures.handle(), createdId(res, '/admin/experts')))?.name === name ? undefined : 'no such expert was added'),
  }),
  'open an expert profile': define<ExpertRef>({ group: 'experts', route: 'GET /admin/experts/:id', prepare: async (c) => c.target, send: (c, e) => c.session.get(`/admin/experts/${e.id}`) }),
  'save an expert profile': expertPost(
    () => ({}),
    async (c, e) => ((await getExpertById(c.fixtures.handle(), e.id))?.name === 'Renamed Fellow' ? undefined : 'the profile is unchanged'),
  ),
  'change an expert’s biography and links': define<ExpertRef>({
    group: 'experts',
    route: 'POST /admin/experts/:id',
    prepare: async (c) => c.target,
    // As an author's form sends it: no name (theirs to read, the editors' to change), no slug.
    send: (c, e) => c.multipart(`/admin/experts/${e.id}`, { title: 'Fellow', affiliation: '', bio: 'Rewritten by whoever may.', same_as: 'https://orcid.org/0000-0002-1825-0097' }, 'photo_file'),
    effect: async (c, e) => ((await getExpertById(c.fixtures.handle(), e.id))?.bio === 'Rewritten by whoever may.' ? undefined : 'the biography is unchanged'),
  }),
  'change an expert’s slug': expertPost(
    (c) => ({ slug: c.fixtures.unique('moved').replace(/\s+/g, '-') }),
    async (c, e) => ((await getExpertById(c.fixtures.handle(), e.id))?.slug === e.slug ? 'the slug is unchanged' : undefined),
  ),
  'delete an expert': define<ExpertRef>({
    group: 'experts',
    route: 'POST /admin/experts/:id/delete',
    prepare: async (c) => c.target,
    send: (c, e) => c.session.post(`/admin/experts/${e.id}/delete`, { confirm: '1' }),
    effect: async (c, e) => ((await getExpertById(c.fixtures.handle(), e.id)) ? 'the expert is still there' : undefined),
  }),
  'open my expert profile': define<undefined>({
    group: 'experts',
    route: 'GET /admin/experts/mine',
    prepare: nothing,
    send: (c) => c.session.get('/admin/experts/mine'),
    effect: async (c, _p, res) => (res.headers.location === `/admin/experts/${c.target.id}` ? undefined : `went to ${res.headers.location}`),
  }),
  'open an expert that does not exist': define<undefined>({ group: 'experts', route: 'GET /admin/experts/:id', prepare: nothing, send: (c) => c.session.get('/admin/experts/99999999') }),

  'list people': page('people', 'GET /admin/users'),
  'open the invitation form': page('people', 'GET /admin/users/invite'),
  'invite a person': define<string>({
    group: 'people',
    route: 'POST /admin/users/invite',
    prepare: async (c) => `${c.fixtures.unique('invited').replace(/\s+/g, '.')}@matrix.rostrum.test`,
    send: (c, email) => c.session.post('/admin/users/invite', { email, role: 'editor', expert: '', name: 'Invited Editor' }),
    effect: async (c, email, res) => ((await getUserByEmail(c.fixtures.handle(), email)) && res.body.includes('/admin/invitations/') ? undefined : 'no invitation was made'),
  }),
  'open a person’s account': onPerson('GET /admin/users/:id', (c, p) => c.session.get(`/admin/users/${p.id}`)),
  'change a person’s role': onPerson(
    'POST /admin/users/:id',
    (c, p) => c.session.post(`/admin/users/${p.id}`, { name: 'Changed Name', role: 'admin', expert: '' }),
    undefined,
    async (c, p) => ((await getUserById(c.fixtures.handle(), p.id))?.role === 'admin' ? undefined : 'the role is unchanged'),
  ),
  'disable an account': onPerson(
    'POST /admin/users/:id/disable',
    (c, p) => c.session.post(`/admin/users/${p.id}/disable`),
    undefined,
    async (c, p) => ((await getUserById(c.fixtures.handle(), p.id))?.disabledAt ? undefined : 'the account is still enabled'),
  ),
  'enable an account': onPerson(
    'POST /admin/users/:id/enable',
    (c, p) => c.session.post(`/admin/users/${p.id}/enable`),
    { disabled: true },
    async (c, p) => ((await getUserById(c.fixtures.handle(), p.id))?.disabledAt ? 'the account is still disabled' : undefined),
  ),
  'make a password reset link': onPerson(
    'POST /admin/users/:id/reset-link',
    (c, p) => c.session.post(`/admin/users/${p.id}/reset-link`),
    { password: 'a long old password' },
    async (_c, _p, res) => (res.body.includes('/admin/password-reset/') ? undefined : 'the page shows no link'),
  ),
  'make a new invitation link': onPerson(
    'POST /admin/users/:id/invite-link',
    (c, p) => c.session.post(`/admin/users/${p.id}/invite-link`),
    undefined,
    async (_c, _p, res) => (res.body.includes('/admin/invitations/') ? undefined : 'the page shows no link'),
  ),
  'open a person that does not exist': define<undefined>({ group: 'people', route: 'GET /admin/users/:id', prepare: nothing, send: (c) => c.session.get('/admin/users/99999999') }),

  'open your account': page('account', 'GET /admin/account'),
  'open your notices': page('account', 'GET /admin/account/notices'),
  'turn your e-mail notices off': define<undefined>({
    group: 'account',
    route: 'POST /admin/account/notices',
    prepare: nothing,
    send: (c) => c.session.post('/admin/account/notices', { email_notices_shown: '1' }),
    effect: async (c) => ((await getNoticeSettings(c.fixtures.handle(), c.user.id)).emailOn ? 'e-mail notices are still on' : undefined),
  }),
  'change your name': define<string>({
    group: 'account',
    route: 'POST /admin/account',
    prepare: async (c) => c.fixtures.unique('New Name'),
    send: (c, name) => c.session.post('/admin/account', { name }),
    effect: async (c, name) => ((await getUserById(c.fixtures.handle(), c.user.id))?.name === name ? undefined : 'the name is unchanged'),
  }),
  'change your password': define<undefined>({
    group: 'account',
    route: 'POST /admin/account/password',
    prepare: async (c) => {
      await setPassword(c.fixtures.handle(), c.user.id, 'the old password, long enough');
      return undefined;
    },
    send: (c) =>
      c.session.post('/admin/account/password', { current_password: 'the old password, long enough', new_password: 'a new password, long enough', confirm_password: 'a new password, long enough' }),
    effect: async (c) => ((await checkCredentials(c.fixtures.handle(), c.user.email, 'a new password, long enough')) ? undefined : 'the new password does not work'),
  }),
  'sign out': define<undefined>({
    group: 'account',
    route: 'POST /admin/logout',
    prepare: nothing,
    send: (c) => c.session.post('/admin/logout'),
    async effect(c, _p, res) {
      if (res.headers.location !== '/admin/login?signed_out=1') return `went to ${res.headers.location}`;
      return (await c.session.get('/admin')).statusCode === 303 ? undefined : 'the session still works';
    },
  }),

  'list API tokens': define<string>({
    group: 'tokens',
    route: 'GET /admin/tokens',
    // Someone else's token: administrators see it listed, nobody else.
    async prepare(c) {
      const label = c.fixtures.unique('Someone else’s token');
      const someone = await c.fixtures.person('author');
      await createApiToken(c.fixtures.handle(), someone.id, label);
      return label;
    },
    send: (c) => c.session.get('/admin/tokens'),
    async effect(c, label, res) {
      const shown = res.body.includes(label);
      if (c.role === 'admin') return shown ? undefined : 'an administrator does not see everyone’s tokens';
      return shown ? 'the page shows another person’s token' : undefined;
    },
  }),
  'create an API token': define<undefined>({
    group: 'tokens',
    route: 'POST /admin/tokens',
    prepare: nothing,
    send: (c) => c.session.post('/admin/tokens', { user: String(c.user.id), label: 'Matrix script' }),
    effect: async (c) => ((await listApiTokens(c.fixtures.handle(), c.user.id)).some((t) => t.label === 'Matrix script') ? undefined : 'no token was made'),
  }),
  'revoke an API token': define<number>({
    group: 'tokens',
    route: 'POST /admin/tokens/:id/revoke',
    prepare: async (c) => c.fixtures.token(c.whose === 'own' ? c.user.id : (await c.fixtures.person('editor')).id),
    send: (c, id) => c.session.post(`/admin/tokens/${id}/revoke`),
    effect: async (c, id) => ((await getApiTokenById(c.fixtures.handle(), id)) ? 'the token still works' : undefined),
  }),
  'revoke a token that does not exist': define<undefined>({ group: 'tokens', route: 'POST /admin/tokens/:id/revoke', prepare: nothing, send: (c) => c.session.post('/admin/tokens/99999999/revoke') }),

  'list polls': page('polls', 'GET /admin/polls'),
  'open the new-poll form': page('polls', 'GET /admin/polls/new'),
  'create a poll': define<string>({
    group: 'polls',
    route: 'POST /admin/polls',
    prepare: async (c) => c.fixtures.unique('Will the treaty hold?'),
    send: (c, question) => c.session.post('/admin/polls', pollFields(question)),
    effect: async (c, question, res) => ((await getPoll(c.fixtures.handle(), createdId(res, '/admin/polls')))?.question === question ? undefined : 'no such poll was made'),
  }),
  'open a poll': onPoll('GET /admin/polls/:id', (c, id) => c.session.get(`/admin/polls/${id}`)),
  'change a poll': onPoll(
    'POST /admin/polls/:id',
    (c, id) => c.session.post(`/admin/polls/${id}`, pollFields('Reworded: will the treaty hold?')),
    undefined,
    pollIs((p) => (p?.question === 'Reworded: will the treaty hold?' ? undefined : 'the question is unchanged')),
  ),
  'open a poll to votes': onPoll(
    'POST /admin/polls/:id/open',
    (c, id) => c.session.post(`/admin/polls/${id}/open`),
    undefined,
    pollIs((p) => (p?.status === 'open' ? undefined : `the poll is ${p?.status}`)),
  ),
  'close a poll': onPoll(
    'POST /admin/polls/:id/close',
    (c, id) => c.session.post(`/admin/polls/${id}/close`),
    { open: true },
    pollIs((p) => (p?.status === 'closed' ? undefined : `the poll is ${p?.status}`)),
  ),
  'make a poll the current one': onPoll(
    'POST /admin/polls/:id/current',
    (c, id) => c.session.post(`/admin/polls/${id}/current`),
    { open: true },
    pollIs((p) => (p?.isCurrent === 1 ? undefined : 'the poll is not current')),
  ),
  'delete a poll': onPoll(
    'POST /admin/polls/:id/delete',
    (c, id) => c.session.post(`/admin/polls/${id}/delete`, { confirm: '1' }),
    undefined,
    pollIs((p) => (p ? 'the poll is still there' : undefined)),
  ),
  'open a poll that does not exist': define<undefined>({ group: 'polls', route: 'GET /admin/polls/:id', prepare: nothing, send: (c) => c.session.get('/admin/polls/99999999') }),

  'list portals': page('portals', 'GET /admin/portals'),
  'open a portal': page('portals', 'GET /admin/portals/:slug', '/admin/portals/business'),
  'change a portal’s text': define<string>({
    group: 'portals',
    route: 'POST /admin/portals/:slug',
    prepare: async (c) => c.fixtures.unique('Analysis for decision makers'),
    send: (c, intro) => c.session.post('/admin/portals/business', { title: 'For business', intro }),
    effect: async (c, intro) => ((await c.session.get('/for-business')).body.includes(intro) ? undefined : 'the portal does not show the new text'),
  }),
  'add an article to a portal': define<number>({
    group: 'portals',
    route: 'POST /admin/portals/:slug/articles',
    prepare: async (c) => c.fixtures.article(await c.fixtures.expert(), 'published'),
    send: (c, id) => c.session.post('/admin/portals/business/articles', { add: String(id) }),
    async effect(c, id) {
      const title = (await readArticle(c, id))?.title ?? 'a deleted article';
      return (await c.session.get('/for-business')).body.includes(title) ? undefined : 'the portal does not list the article';
    },
  }),
  'open a portal that does not exist': page('portals', 'GET /admin/portals/:slug', '/admin/portals/everyone'),

  'list tags': page('tags', 'GET /admin/tags'),
  // The pickers' lookups (src/office/picker.tsx): JSON for anyone signed in, but polls, which are the editors'.
  'look up articles': page('articles', 'GET /admin/articles/lookup'),
  'look up experts': page('experts', 'GET /admin/experts/lookup'),
  'look up tags': page('tags', 'GET /admin/tags/lookup'),
  'look up polls': page('polls', 'GET /admin/polls/lookup'),
  'open a tag': onTag('GET /admin/tags/:id', (c, id) => c.session.get(`/admin/tags/${id}`)),
  'rename a tag': onTag(
    'POST /admin/tags/:id',
    (c, id) => c.session.post(`/admin/tags/${id}`, { name: `Renamed topic ${id}`, kind: 'region' }),
    async (c, id) => ((await getTagById(c.fixtures.handle(), id))?.kind === 'region' ? undefined : 'the tag is unchanged'),
  ),
  'delete a tag': onTag(
    'POST /admin/tags/:id/delete',
    (c, id) => c.session.post(`/admin/tags/${id}/delete`, { confirm: '1' }),
    async (c, id) => ((await getTagById(c.fixtures.handle(), id)) ? 'the tag is still there' : undefined),
  ),
  'open a tag that does not exist': define<undefined>({ group: 'tags', route: 'GET /admin/tags/:id', prepare: nothing, send: (c) => c.session.get('/admin/tags/99999999') }),
  'open the new-tag form': page('tags', 'GET /admin/tags/new'),
  'create a tag': define<string>({
    group: 'tags',
    route: 'POST /admin/tags/new',
    prepare: async (c) => c.fixtures.unique('New topic'),
    send: (c, name) => c.session.post('/admin/tags/new', { name, kind: 'topic', slug: '', description: 'What the topic covers.' }),
    effect: async (c, name, res) => ((await getTagById(c.fixtures.handle(), createdId(res, '/admin/tags')))?.name === name ? undefined : 'no such tag was made'),
  }),
  'merge a tag into another': define<{ from: number; into: number }>({
    group: 'tags',
    route: 'POST /admin/tags/:id/merge',
    prepare: async (c) => ({ from: await c.fixtures.tag(), into: await c.fixtures.tag() }),
    send: async (c, p) => c.session.post(`/admin/tags/${p.from}/merge`, { into: (await getTagById(c.fixtures.handle(), p.into))!.slug, confirm: '1' }),
    async effect(c, p, res) {
      if (res.headers.location !== `/admin/tags/${p.into}?notice=merged`) return `went to ${res.headers.location}`;
      return (await getTagById(c.fixtures.handle(), p.from)) ? 'the merged tag is still there' : undefined;
    },
  }),

  'list glossary terms': page('glossary', 'GET /admin/glossary'),
  'open the new-term form': page('glossary', 'GET /admin/glossary/new'),
  'add a glossary term': define<string>({
    group: 'glossary',
    route: 'POST /admin/glossary/new',
    prepare: async (c) => c.fixtures.unique('Term'),
    send: (c, term) => c.session.post('/admin/glossary/new', { term, expansion: 'Something', definition: '' }),
    effect: async (c, term) => ((await listGlossaryTerms(c.fixtures.handle())).some((t) => t.term === term) ? undefined : 'the term is not in the glossary'),
  }),
  'open a glossary term': onTerm('GET /admin/glossary/:id', (c, id) => c.session.get(`/admin/glossary/${id}`)),
  'edit a glossary term': onTerm(
    'POST /admin/glossary/:id',
    (c, id) => c.session.post(`/admin/glossary/${id}`, { term: `Edited term ${id}`, expansion: 'Edited', definition: '' }),
    async (c, id) => ((await getGlossaryTerm(c.fixtures.handle(), id))?.expansion === 'Edited' ? undefined : 'the term is unchanged'),
  ),
  'delete a glossary term': onTerm(
    'POST /admin/glossary/:id/delete',
    (c, id) => c.session.post(`/admin/glossary/${id}/delete`, { confirm: '1' }),
    async (c, id) => ((await getGlossaryTerm(c.fixtures.handle(), id)) ? 'the term is still there' : undefined),
  ),

  'list pages': page('pages', 'GET /admin/pages'),
  'open the new-page form': page('pages', 'GET /admin/pages/new'),
  'create and publish a page': define<string>({
    group: 'pages',
    route: 'POST /admin/pages/new',
    prepare: async (c) => c.fixtures.unique('About'),
    send: (c, title) => c.session.post('/admin/pages/new', pageFields(title)),
    effect: async (c, title) => ((await listStandalonePages(c.fixtures.handle())).some((p) => p.title === title && p.status === 'published') ? undefined : 'the page is not published'),
  }),
  'open a page': onPage('GET /admin/pages/:id', (c, id) => c.session.get(`/admin/pages/${id}`)),
  'edit a page': onPage(
    'POST /admin/pages/:id',
    (c, id) => c.session.post(`/admin/pages/${id}`, pageFields(`Edited page ${id}`, { path: `edited-page-${id}` })),
    async (c, id) => ((await getStandalonePage(c.fixtures.handle(), id))?.path === `edited-page-${id}` ? undefined : 'the page is unchanged'),
  ),
  'delete a page': onPage(
    'POST /admin/pages/:id/delete',
    (c, id) => c.session.post(`/admin/pages/${id}/delete`, { confirm: '1' }),
    async (c, id) => ((await getStandalonePage(c.fixtures.handle(), id)) ? 'the page is still there' : undefined),
  ),
  'read a page’s history': onPage('GET /admin/pages/:id/revisions', (c, id) => c.session.get(`/admin/pages/${id}/revisions`)),
  'read an earlier revision of a page': onPage('GET /admin/pages/:id/revisions/:number', (c, id) => c.session.get(`/admin/pages/${id}/revisions/1`)),

  'list redirects': page('redirects', 'GET /admin/redirects'),
  'open the new-redirect form': page('redirects', 'GET /admin/redirects/new'),
  'add a redirect': define<string>({
    group: 'redirects',
    route: 'POST /admin/redirects/new',
    prepare: async (c) => `/old/${c.fixtures.unique('post').replace(' ', '-')}`,
    send: (c, from) => c.session.post('/admin/redirects/new', { from, to: '/blogs', status: '301', note: '' }),
    effect: async (c, from) => ((await getRedirectFrom(c.fixtures.handle(), from)) ? undefined : 'the redirect is not there'),
  }),
  'open a redirect': onRedirect('GET /admin/redirects/:id', (c, id) => c.session.get(`/admin/redirects/${id}`)),
  'edit a redirect': onRedirect(
    'POST /admin/redirects/:id',
    (c, id) => c.session.post(`/admin/redirects/${id}`, { from: `/edited/${id}`, to: '/polls', status: '302', note: '' }),
    async (c, id) => ((await getRedirect(c.fixtures.handle(), id))?.target === '/polls' ? undefined : 'the redirect is unchanged'),
  ),
  'delete a redirect': onRedirect(
    'POST /admin/redirects/:id/delete',
    (c, id) => c.session.post(`/admin/redirects/${id}/delete`, { confirm: '1' }),
    async (c, id) => ((await getRedirect(c.fixtures.handle(), id)) ? 'the redirect is still there' : undefined),
  ),

  'open the site settings': page('settings', 'GET /admin/settings'),
  'change the site settings': define<string>({
    group: 'settings',
    route: 'POST /admin/settings',
    prepare: async (c) => c.fixtures.unique('Independent analysis'),
    send: (c, tagline) => c.session.post('/admin/settings', { name: 'Rostrum', tagline, description: 'A think tank.', brand_color: '#8a1c2b', brand_color_picker: '#8a1c2b' }),
    effect: async (c, tagline) => ((await c.session.get('/')).body.includes(tagline) ? undefined : 'the site does not show the new tagline'),
  }),

  'open the logo, menu and footer settings': page('settings', 'GET /admin/settings/appearance'),
  'change the menu and footer': define<string>({
    group: 'settings',
    route: 'POST /admin/settings/appearance',
    prepare: async (c) => c.fixtures.unique('Published by the institute'),
    send: (c, footer) => c.session.post('/admin/settings/appearance', { menu_builtin: '1', footer_text: footer }),
    effect: async (c, footer) => ((await getSiteAppearance(c.fixtures.handle())).footerText === footer ? undefined : 'the footer is unchanged'),
  }),
  'upload a logo': siteImageUpload('logo', 200, 60),
  'upload a favicon': siteImageUpload('favicon', 64, 64),
  'remove the logo': siteImageRemoval('logo'),
  'remove the favicon': siteImageRemoval('favicon'),

  // The media library: whoever writes articles (an author in the matrix always has a blog).
  'open the media library': page('media', 'GET /admin/media'),
  'read the media library as JSON': define<undefined>({
    group: 'media',
    route: 'GET /admin/media.json',
    prepare: nothing,
    send: (c) => c.session.get('/admin/media.json'),
    effect: async (_c, _p, res) => (Array.isArray((res.json() as { items?: unknown }).items) ? undefined : 'no list of images came back'),
  }),
  'add an image to the media library': define<Buffer>({
    group: 'media',
    route: 'POST /admin/media',
    // Each cell's image its own bytes: the same bytes again would answer the image already stored.
    prepare: async () => sampleJpeg(300 + Math.floor(Math.random() * 400), 200),
    send: (c, bytes) => c.multipart('/admin/media', { alt: 'A map of the delta', credit: '', credit_url: '' }, 'file', { name: 'map.jpg', type: 'image/jpeg', bytes }),
    async effect(c, _p, res) {
      const id = Number(/^\/admin\/media\?shown=(\d+)$/.exec(String(res.headers.location))?.[1]);
      return id && (await getMediaById(c.fixtures.handle(), id)) ? undefined : `no image stored (went to ${res.headers.location})`;
    },
  }),

  'read the audit log': page('audit', 'GET /admin/audit'),
};

type Row = [action: string, role: Role, whose: Whose, expected: Expected];

/** The same answer for the three roles, acting on no one's content in particular. */
const everyone = (action: string, expected: Expected = 'allowed'): Row[] => [
  [action, 'admin', '-', expected],
  [action, 'editor', '-', expected],
  [action, 'author', '-', expected],
];
/** Editorial work (polls, portals, tags): editors and administrators, never authors. */
const editorial = (action: string): Row[] => [
  [action, 'admin', '-', 'allowed'],
  [action, 'editor', '-', 'allowed'],
  [action, 'author', '-', 403],
];
/** Administrators only. */
const adminOnly = (action: string, whose: Whose = '-'): Row[] => [
  [action, 'admin', whose, 'allowed'],
  [action, 'editor', whose, 403],
  [action, 'author', whose, 403],
];
/** An action on an article: editors and admins on any blog ("-"), the author on their own and on another's. */
const onArticles = (action: string, author: { own: Expected; other?: Expected }, editors: Expected = 'allowed'): Row[] => [
  [action, 'admin', '-', editors],
  [action, 'editor', '-', editors],
  [action, 'author', 'own', author.own],
  [action, 'author', 'other', author.other ?? 403],
];

// Editors and admins act on any expert's article ("-": an expert they are not linked to); authors on
// their own expert's or another's. 'allowed' is 200, 201 or 303 (not to the sign-in page).
const matrix: Row[] = [
  ...everyone('open the dashboard'),

  ...everyone('list articles'),
  ['open the new-article editor', 'admin', '-', 'allowed'],
  ['open the new-article editor', 'editor', '-', 'allowed'],
  ['open the new-article editor', 'author', 'own', 'allowed'],
  ...onArticles('create a draft', { own: 'allowed' }),
  ...onArticles('create and submit for review', { own: 'allowed' }),
  ...onArticles('create and publish', { own: 403 }),
  ...onArticles('view a draft in the editor', { own: 'allowed' }),
  ...onArticles('view an article in review in the editor', { own: 'allowed' }),
  ...onArticles('view a published article in the editor', { own: 'allowed' }),
  ...onArticles('save a draft', { own: 'allowed' }),
  ...onArticles('save an article in review', { own: 403 }),
  ...onArticles('save a published article', { own: 403 }),
  ...onArticles('move a draft to another blog', { own: 403 }),
  ...onArticles('save a draft with the editors’ fields (featured, poll)', { own: 'allowed' }),
  ...onArticles('submit a draft for review', { own: 'allowed' }),
  ...onArticles('publish a draft', { own: 403 }),
  ...onArticles('schedule a draft for next week', { own: 403 }),
  ...onArticles('publish from review', { own: 403 }),
  ...onArticles('preview a draft in the editor', { own: 'allowed' }),
  ...onArticles('return from review with a note', { own: 403 }),
  ...onArticles('unpublish', { own: 403 }),
  ...onArticles('start a translation of a published article', { own: 'allowed' }),
  ...onArticles('open the deletion page of a draft', { own: 'allowed' }),
  ...onArticles('open the deletion page of a published article', { own: 403 }),
  ...onArticles('delete a draft', { own: 'allowed' }),
  ...onArticles('delete an article in review', { own: 403 }),
  ...onArticles('delete a published article', { own: 403 }),
  ...onArticles('read the history of a draft', { own: 'allowed' }),
  ...onArticles('read the history of a published article', { own: 'allowed' }),
  ...onArticles('compare two revisions', { own: 'allowed' }),
  ...onArticles('restore a revision of a draft', { own: 'allowed' }),
  ...onArticles('restore a revision of an article in review', { own: 403 }),
  ...onArticles('restore a revision of a published article', { own: 403 }),
  ...onArticles('autosave a new draft', { own: 'allowed' }),
  ...onArticles('autosave a draft', { own: 'allowed' }),
  ...onArticles('autosave a draft onto another blog', { own: 403 }),
  ...everyone('preview Markdown'),
  ...everyone('convert pasted HTML'),
  ...everyone('preview the reading page of what the editor holds'),
  ...onArticles('open the share screen of a draft', { own: 'allowed' }),
  ...onArticles('share a draft for comment', { own: 'allowed' }),
  // An author may open their published article in the office, so they may share it too.
  ...onArticles('share a published article for comment', { own: 'allowed' }),
  ...onArticles('withdraw a preview link', { own: 'allowed' }),
  ...onArticles('import a Word document', { own: 'allowed' }),
  ...everyone('open an article that does not exist', 404),
  ...everyone('save an article that does not exist', 404),
  ...onArticles('compare revisions that do not exist', { own: 404 }, 404),
  ...onArticles('restore a revision that does not exist', { own: 404 }, 404),

  ['list expert profiles', 'admin', '-', 'allowed'],
  ['list expert profiles', 'editor', '-', 'allowed'],
  ['list expert profiles', 'editor', 'own', 'allowed'],
  ['list expert profiles', 'author', 'own', 'allowed'],
  ['open the new-expert form', 'admin', '-', 'allowed'],
  ['open the new-expert form', 'editor', 'own', 403],
  ['open the new-expert form', 'author', 'own', 403],
  ['add an expert', 'admin', '-', 'allowed'],
  ['add an expert', 'editor', 'own', 403],
  ['add an expert', 'author', 'own', 403],
  ['open an expert profile', 'admin', 'other', 'allowed'],
  ['open an expert profile', 'editor', 'own', 'allowed'],
  ['open an expert profile', 'editor', 'other', 'allowed'],
  ['open an expert profile', 'author', 'own', 'allowed'],
  ['open an expert profile', 'author', 'other', 403],
  ['save an expert profile', 'admin', 'other', 'allowed'],
  ['save an expert profile', 'editor', 'own', 'allowed'],
  ['save an expert profile', 'editor', 'other', 'allowed'],
  // The name is the byline: an author keeps the rest of their profile, not that.
  ['save an expert profile', 'author', 'own', 403],
  ['save an expert profile', 'author', 'other', 403],
  ['change an expert’s biography and links', 'admin', 'other', 'allowed'],
  ['change an expert’s biography and links', 'editor', 'other', 'allowed'],
  ['change an expert’s biography and links', 'author', 'own', 'allowed'],
  ['change an expert’s biography and links', 'author', 'other', 403],
  ['change an expert’s slug', 'admin', 'other', 'allowed'],
  ['change an expert’s slug', 'editor', 'own', 'allowed'],
  ['change an expert’s slug', 'editor', 'other', 'allowed'],
  ['change an expert’s slug', 'author', 'own', 403],
  ['delete an expert', 'admin', 'other', 'allowed'],
  ['delete an expert', 'editor', 'own', 403],
  ['delete an expert', 'editor', 'other', 403],
  ['delete an expert', 'author', 'own', 403],
  ['delete an expert', 'author', 'other', 403],
  // "My profile": the profile one is linked to; nothing to open for an account linked to none.
  ['open my expert profile', 'author', 'own', 'allowed'],
  ['open my expert profile', 'editor', 'own', 'allowed'],
  ['open my expert profile', 'admin', '-', 404],
  ['open an expert that does not exist', 'admin', '-', 404],
  ['open an expert that does not exist', 'editor', '-', 404],
  ['open an expert that does not exist', 'author', '-', 404],

  ...adminOnly('list people'),
  ...adminOnly('open the invitation form'),
  ...adminOnly('invite a person'),
  ...adminOnly('open a person’s account', 'other'),
  ['open a person’s account', 'editor', 'own', 403],
  ['open a person’s account', 'author', 'own', 403],
  ...adminOnly('change a person’s role', 'other'),
  ['change a person’s role', 'editor', 'own', 403],
  ['change a person’s role', 'author', 'own', 403],
  ...adminOnly('disable an account', 'other'),
  ...adminOnly('enable an account', 'other'),
  ...adminOnly('make a password reset link', 'other'),
  ['make a password reset link', 'editor', 'own', 403],
  ['make a password reset link', 'author', 'own', 403],
  ...adminOnly('make a new invitation link', 'other'),
  ['open a person that does not exist', 'admin', '-', 404],
  ['open a person that does not exist', 'editor', '-', 403],
  ['open a person that does not exist', 'author', '-', 403],

  ...everyone('open your account'),
  ...everyone('open your notices'),
  ...everyone('turn your e-mail notices off'),
  ...everyone('change your name'),
  ...everyone('change your password'),
  ...everyone('sign out'),

  ...adminOnly('list API tokens'),
  ...adminOnly('create an API token'),
  ...adminOnly('revoke an API token', 'own'),
  ...adminOnly('revoke an API token', 'other'),
  ['revoke a token that does not exist', 'admin', '-', 404],
  ['revoke a token that does not exist', 'editor', '-', 403],
  ['revoke a token that does not exist', 'author', '-', 403],

  ...editorial('list polls'),
  ...editorial('open the new-poll form'),
  ...editorial('create a poll'),
  ...editorial('open a poll'),
  ...editorial('change a poll'),
  ...editorial('open a poll to votes'),
  ...editorial('close a poll'),
  ...editorial('make a poll the current one'),
  ...editorial('delete a poll'),
  ['open a poll that does not exist', 'admin', '-', 404],
  ['open a poll that does not exist', 'editor', '-', 404],
  ['open a poll that does not exist', 'author', '-', 403],

  ...editorial('list portals'),
  ...editorial('open a portal'),
  ...editorial('change a portal’s text'),
  ...editorial('add an article to a portal'),
  ['open a portal that does not exist', 'admin', '-', 404],
  ['open a portal that does not exist', 'editor', '-', 404],
  ['open a portal that does not exist', 'author', '-', 403],

  ...editorial('list tags'),
  ...everyone('look up articles'),
  ...everyone('look up experts'),
  ...everyone('look up tags'),
  ...editorial('look up polls'),
  ...editorial('open a tag'),
  ...editorial('rename a tag'),
  ...editorial('delete a tag'),
  ['open a tag that does not exist', 'admin', '-', 404],
  ['open a tag that does not exist', 'editor', '-', 404],
  ['open a tag that does not exist', 'author', '-', 403],
  ...editorial('open the new-tag form'),
  ...editorial('create a tag'),
  ...editorial('merge a tag into another'),

  ...editorial('list glossary terms'),
  ...editorial('open the new-term form'),
  ...editorial('add a glossary term'),
  ...editorial('open a glossary term'),
  ...editorial('edit a glossary term'),
  ...editorial('delete a glossary term'),

  ...editorial('list pages'),
  ...editorial('open the new-page form'),
  ...editorial('create and publish a page'),
  ...editorial('open a page'),
  ...editorial('edit a page'),
  ...editorial('delete a page'),
  ...editorial('read a page’s history'),
  ...editorial('read an earlier revision of a page'),

  ...editorial('list redirects'),
  ...editorial('open the new-redirect form'),
  ...editorial('add a redirect'),
  ...editorial('open a redirect'),
  ...editorial('edit a redirect'),
  ...editorial('delete a redirect'),

  ...adminOnly('open the site settings'),
  ...adminOnly('change the site settings'),
  ...adminOnly('open the logo, menu and footer settings'),
  ...adminOnly('change the menu and footer'),
  ...adminOnly('upload a logo'),
  ...adminOnly('upload a favicon'),
  ...adminOnly('remove the logo'),
  ...adminOnly('remove the favicon'),

  ...everyone('open the media library'),
  ...everyone('read the media library as JSON'),
  ...everyone('add an image to the media library'),

  ...adminOnly('read the audit log'),
];

/** The office's pages and forms that need no one signed in; everything else under /admin is guarded. */
const openRoutes = new Set([
  'GET /admin/login',
  'POST /admin/login',
  'POST /admin/logout',
  'GET /admin/setup/:token',
  'POST /admin/setup/:token',
  'GET /admin/forgot-password',
  'POST /admin/forgot-password',
  'GET /admin/invitations/:token',
  'POST /admin/invitations/:token',
  'GET /admin/password-reset/:token',
  'POST /admin/password-reset/:token',
]);

/** Every GET and POST route the app registers under /admin. */
function registeredOfficeRoutes(app: FastifyInstance): string[] {
  return registeredRoutes(app)
    .filter(({ method, path }) => (method === 'GET' || method === 'POST') && (path === '/admin' || path.startsWith('/admin/')))
    .map(({ method, path }) => `${method} ${path}`);
}

/** A success of the office: a page, a created thing, or a redirect that is not to the sign-in page. */
function isAllowed(res: Response): boolean {
  if (res.statusCode === 303) return !/^\/admin\/login(\?next=|$)/.test(String(res.headers.location));
  return res.statusCode === 200 || res.statusCode === 201;
}

/** A response as the table shows it: the status, where a redirect goes, and the start of a refusal's message. */
function describeResponse(res: Response): string {
  if (res.statusCode === 303) return `303 → ${res.headers.location}`;
  if (res.statusCode < 400) return String(res.statusCode);
  let message: string;
  try {
    message = (res.json() as { error?: { message?: string } }).error?.message ?? '';
  } catch {
    // The error page's message follows its heading; a form sent back has its problems in a summary.
    const html = /<\/h1>\s*<p>([\s\S]*?)<\/p>/.exec(res.body)?.[1] ?? /class="error-summary"[^>]*>([\s\S]*?)<\/div>/.exec(res.body)?.[1] ?? res.body;
    message = html
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  }
  return `${res.statusCode} ${message.slice(0, 90)}`.trim();
}

for (const kind of await databaseKinds()) {
  describe(`the editorial office's role matrix on ${kind}`, () => {
    let t: TestApp;
    let counter = 0;
    let fixtures: Fixtures;
    let tables: string[] = [];

    const api = (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) =>
      t.app.inject({
        method,
        url,
        headers: { ...bearer(t.tokens.admin), ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { payload: JSON.stringify(body) }),
      });

    /** Fixtures are made with the admin's token; one that cannot be made fails its cell with the reason. */
    async function made(res: Response, what: string): Promise<number> {
      if (res.statusCode !== 200 && res.statusCode !== 201) throw new Error(`setup: ${what} -> ${res.statusCode} ${res.body.slice(0, 120)}`);
      return (res.json() as { id: number }).id;
    }

    before(async () => {
      t = await startTestApp(kind);
      // A site with a Russian edition, so that starting a translation is possible at all.
      await saveSiteSettings(t.db.handle, { languages: ['en', 'ru'] });
      const unique = (prefix: string) => `${prefix} ${++counter}`;
      fixtures = {
        unique,
        handle: () => t.db.handle,
        async expert() {
          const expert = await createExpert(t.db.handle, { name: unique('Matrix Expert') });
          return { id: expert.id, slug: expert.slug };
        },
        async article(expert, status) {
          const title = unique('Fixture article');
          const id = await made(await api('POST', '/api/v1/articles', { expert: expert.slug, title, lead: 'A lead.', body: 'A body.', status: 'draft' }), `a ${status} article`);
          await made(await api('PATCH', `/api/v1/articles/${id}`, { title: `${title} (revised)` }), 'a second revision');
          if (status !== 'draft') await made(await api('PATCH', `/api/v1/articles/${id}`, { status }), `moving the article to ${status}`);
          return id;
        },
        async returnedArticle(expert) {
          const id = await this.article(expert, 'in_review');
          await made(await api('PATCH', `/api/v1/articles/${id}`, { status: 'draft', review_note: 'Please cite the 2021 figures.' }), 'returning the article');
          return id;
        },
        async person(role, options = {}) {
          const user = await createUser(t.db.handle, { email: `${unique(role).replace(' ', '.')}@matrix.rostrum.test`, role, name: unique('Someone') });
          if (options.password) await setPassword(t.db.handle, user.id, options.password);
          if (options.disabled) await updateUser(t.db.handle, user.id, { disabled: true });
          return { id: user.id, email: user.email };
        },
        async token(userId) {
          const label = unique('Fixture token');
          await createApiToken(t.db.handle, userId, label);
          return (await listApiTokens(t.db.handle, userId)).find((token) => token.label === label)!.id;
        },
        async poll(options = {}) {
          const id = await made(await api('POST', '/api/v1/polls', { question: unique('Fixture poll?'), options: ['Yes', 'No'] }), 'a poll');
          if (options.open) await made(await api('PATCH', `/api/v1/polls/${id}`, { status: 'open' }), 'opening the poll');
          return id;
        },
        tag: async () => made(await api('POST', '/api/v1/tags', { name: unique('Fixture topic') }), 'a tag'),
        glossaryTerm: async () => made(await api('POST', '/api/v1/glossary', { term: unique('Fixture term'), expansion: 'A fixture' }), 'a glossary term'),
        standalonePage: async () => made(await api('POST', '/api/v1/pages', { title: unique('Fixture page'), body: 'A draft.' }), 'a page'),
        redirect: async () => made(await api('POST', '/api/v1/redirects', { from: `/fixture/${unique('r').replace(' ', '-')}`, to: '/blogs' }), 'a redirect'),
      };
      // Sessions slide forward on every request, and migrations' bookkeeping is not content.
      const listed =
        kind === 'sqlite'
          ? await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(t.db.handle.db)
          : await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(t.db.handle.db);
      tables = listed.rows
        .map((r) => r.name)
        .filter((name) => !['sessions', 'sqlite_sequence', 'kysely_migration', 'kysely_migration_lock'].includes(name))
        .sort();
      assert.ok(tables.includes('articles') && tables.includes('audit_events'), `the tables found: ${tables.join(', ')}`);
    });
    after(() => t.close());

    /** Every row of every table a refused request could touch, each row as text, in a stable order. */
    async function databaseState(): Promise<Map<string, string[]>> {
      const state = new Map<string, string[]>();
      for (const table of tables) {
        const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(t.db.handle.db);
        state.set(table, rows.map((row) => JSON.stringify(row)).sort());
      }
      return state;
    }

    function changesBetween(before: Map<string, string[]>, after: Map<string, string[]>): string[] {
      const changes: string[] = [];
      for (const [table, rows] of before) {
        const now = after.get(table) ?? [];
        const kept = new Set(now);
        const was = new Set(rows);
        const gone = rows.filter((r) => !kept.has(r)).length;
        const added = now.filter((r) => !was.has(r)).length;
        if (gone || added) changes.push(`${table} (${added} rows new or changed, ${gone} gone or changed)`);
      }
      return changes;
    }

    async function cellFor(role: Role, whose: Whose): Promise<Cell> {
      const own = role === 'author' || whose === 'own' ? await fixtures.expert() : undefined;
      const other = await fixtures.expert();
      const user = await createUser(t.db.handle, { email: `${role}.${++counter}@matrix.rostrum.test`, role, name: `Matrix ${role} ${counter}`, expertId: own?.id ?? null });
      const session = await officeSessionFor(t.app, t.db.handle, user.email);
      return {
        role,
        whose,
        session,
        fixtures,
        user: { id: user.id, email: user.email },
        target: whose === 'own' ? own! : other,
        multipart(url, fields, fileField, file) {
          const form = multipartBody(file, fields, { fileField, emptyFilePart: true });
          return t.app.inject({ method: 'POST', url: `${url}?_csrf=${encodeURIComponent(session.csrf)}`, headers: { cookie: session.cookie, ...form.headers }, payload: form.payload });
        },
      };
    }

    async function runCell(row: Row): Promise<Outcome> {
      const [name, role, whose, expected] = row;
      const action = actions[name];
      if (!action) return { row, actual: 'no such action in the table', ok: false };
      try {
        const cell = await cellFor(role, whose);
        const prepared = await action.prepare(cell);
        const before = expected === 'allowed' ? undefined : await databaseState();
        const res = await action.send(cell, prepared);
        const actual = describeResponse(res);
        if (before && res.statusCode >= 400) {
          const changed = changesBetween(before, await databaseState());
          if (changed.length) return { row, actual: `${actual}, yet changed ${changed.join('; ')}`, ok: false };
        }
        if (expected !== 'allowed') return { row, actual, ok: res.statusCode === expected };
        if (!isAllowed(res)) return { row, actual, ok: false };
        const problem = await action.effect?.(cell, prepared, res);
        return problem ? { row, actual: `${actual}, but ${problem}`, ok: false } : { row, actual, ok: true };
      } catch (err) {
        return { row, actual: (err as Error).message, ok: false };
      }
    }

    const groupOf = ([name]: Row) => actions[name]?.group ?? 'articles';
    for (const group of new Set(matrix.map(groupOf))) {
      test(`${group}: every cell answers as the role matrix says`, async () => {
        const results: Outcome[] = [];
        for (const row of matrix.filter((r) => groupOf(r) === group)) results.push(await runCell(row));
        const wrong = results.filter((r) => !r.ok);
        assert.equal(wrong.length, 0, `${wrong.length} of ${results.length} cells differ from the role matrix:\n${formatTable(results)}`);
      });
    }

    test('the matrix covers every office route, and every action for all three roles', () => {
      const registered = registeredOfficeRoutes(t.app);
      assert.ok(registered.length > 40, `the route tree was not read: ${registered.join(', ')}`);
      const covered = new Set<string>(Object.values(actions).map((a) => a.route));
      const guarded = registered.filter((route) => !openRoutes.has(route));
      assert.deepEqual(
        guarded.filter((route) => !covered.has(route)),
        [],
        'office routes with no row in the matrix',
      );
      assert.deepEqual(
        [...covered].filter((route) => !registered.includes(route)),
        [],
        'rows for routes the app does not have',
      );
      const rolesOf = (name: string) => new Set(matrix.filter((r) => r[0] === name).map((r) => r[1]));
      assert.deepEqual(
        Object.keys(actions).filter((name) => rolesOf(name).size !== 3),
        [],
        'actions without a row for each role',
      );
      const seen = new Set<string>();
      assert.deepEqual(
        matrix.map((r) => r.slice(0, 3).join(' | ')).filter((key) => seen.has(key) || !seen.add(key)),
        [],
        'cells listed twice',
      );
    });

    test('every office page and form sends a signed-out request to the sign-in page, changing nothing', async () => {
      const guarded = registeredOfficeRoutes(t.app).filter((route) => !openRoutes.has(route));
      const urlOf = (path: string) => path.replace(':id', '1').replace(':slug', 'business').replace(':number', '1');
      const wrong: string[] = [];
      // No cookie at all, the cookie of a session that has ended, and one that never existed.
      const ended = await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test');
      await ended.post('/admin/logout');
      const before = await databaseState();
      for (const cookie of [undefined, ended.cookie, `${SESSION_COOKIE}=not-a-session`]) {
        for (const route of guarded) {
          const [method, path] = route.split(' ') as ['GET' | 'POST', string];
          const url = urlOf(path);
          const res = await t.app.inject({
            method,
            url,
            headers: { ...(cookie && { cookie }), ...(method === 'POST' && { 'content-type': 'application/x-www-form-urlencoded' }) },
            ...(method === 'POST' && { payload: 'title=x&name=x&confirm=1' }),
          });
          const location = method === 'GET' ? `/admin/login?next=${encodeURIComponent(url)}` : '/admin/login';
          if (res.statusCode !== 303 || res.headers.location !== location) {
            wrong.push(`${method} ${url} with ${cookie ? 'a dead session' : 'no session'} -> ${res.statusCode} ${res.headers.location ?? res.body.slice(0, 80)}`);
          }
        }
      }
      assert.deepEqual(wrong, []);
      assert.deepEqual(changesBetween(before, await databaseState()), [], 'signed-out requests changed the database');
    });

    test('the watch over the database sees a change, so that a refused cell that writes is caught', async () => {
      const admin = await officeSessionFor(t.app, t.db.handle, 'admin@rostrum.test');
      const id = await fixtures.article(await fixtures.expert(), 'draft');
      const before = await databaseState();
      assert.equal((await admin.post(`/admin/articles/${id}/revisions/1/restore`)).statusCode, 303);
      assert.deepEqual(
        changesBetween(before, await databaseState()).map((c) => c.split(' ')[0]),
        // The save also reaches the office's index of unpublished articles (search_drafts, with SQLite's FTS5 tables).
        [
          'article_revisions',
          'articles',
          'audit_events',
          ...(kind === 'sqlite' ? ['search_draft_terms_fts_data', 'search_draft_terms_fts_docsize', 'search_draft_terms_fts_idx'] : []),
          'search_drafts',
        ],
      );
    });
  });
}
