import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { databaseKinds } from './databases.ts';
import { bearer, multipartBody, sampleJpeg, startTestApp, type TestApp } from './app.ts';
import type { Role } from '../src/core/actor.ts';
import { createExpert } from '../src/experts/store.ts';
import { createApiToken, createUser } from '../src/users/store.ts';
import { formatTable, type Outcome } from './matrix-table.ts';

/**
 * The API's role matrix, cell by cell, over HTTP with bearer tokens: who may do what to whose content.
 * The expected answers are the issue's rules (author: their own expert's drafts, submitting them for
 * review, never publishing; editor: all content, polls, portals, tags; admin: everything, plus experts
 * and settings), not whatever the code happens to do.
 *
 * Every cell runs against fixtures of its own: a fresh person of the role (an author is always linked to
 * an expert of their own; another role only when the cell says "own") and a fresh "other" expert, so that
 * a cell that wrongly succeeds cannot change what the next one sees.
 */

/** 'co-author': an article on another expert's blog that names the person's own expert as a co-author. */
type Whose = 'own' | 'other' | 'co-author' | '-';
type Status = 'draft' | 'in_review' | 'published';
type Group = 'articles' | 'experts' | 'polls' | 'portals' | 'settings' | 'tags' | 'glossary' | 'pages' | 'redirects' | 'media';

interface ExpertRef {
  id: number;
  slug: string;
}

type Call = (token: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown) => Promise<LightMyRequestResponse>;

interface Cell {
  token: string;
  /** The expert the action works on: the person's own for "own", someone else's otherwise. */
  target: ExpertRef;
  /** The person's own expert, named as a co-author of the articles the cell makes ('co-author' cells). */
  coauthor?: ExpertRef;
  api: Call;
  upload(token: string): Promise<LightMyRequestResponse>;
  fixtures: Fixtures;
}

/**
 * Things a cell acts on, made by the admin (or the store) before the request under test. Each is
 * watched: after a refusal, it must read exactly as before.
 */
interface Fixtures {
  article(expert: ExpertRef, status: Status, coauthor?: ExpertRef): Promise<number>;
  expert(name: string): Promise<ExpertRef>;
  poll(): Promise<number>;
  media(): Promise<number>;
  glossaryTerm(): Promise<number>;
  redirect(): Promise<number>;
  standalonePage(): Promise<number>;
  unique(prefix: string): string;
}

interface Action {
  group: Group;
  run(cell: Cell): Promise<LightMyRequestResponse>;
}

const article =
  (run: (cell: Cell, id: number) => Promise<LightMyRequestResponse>, status: Status): Action['run'] =>
  async (cell) =>
    run(cell, await cell.fixtures.article(cell.target, status, cell.coauthor));
const patchArticle = (status: Status, body: unknown): Action['run'] => article((c, id) => c.api(c.token, 'PATCH', `/api/v1/articles/${id}`, body), status);
const newArticle =
  (extra: Record<string, unknown>): Action['run'] =>
  (c) =>
    c.api(c.token, 'POST', '/api/v1/articles', { expert: c.target.slug, title: c.fixtures.unique('A new piece'), lead: 'What it argues.', body: 'The argument.', status: 'draft', ...extra });
const inAWeek = () => new Date(Date.now() + 7 * 24 * 3600_000).toISOString();

/** What each row of the matrix does, by name. */
const actions: Record<string, Action> = {
  'create a draft': { group: 'articles', run: newArticle({}) },
  'create and publish': { group: 'articles', run: newArticle({ status: 'published' }) },
  'create scheduled for next week': { group: 'articles', run: newArticle({ status: 'published', published_at: inAWeek() }) },
  'create already in review': { group: 'articles', run: newArticle({ status: 'in_review' }) },
  'read a draft': { group: 'articles', run: article((c, id) => c.api(c.token, 'GET', `/api/v1/articles/${id}`), 'draft') },
  'edit a draft': { group: 'articles', run: patchArticle('draft', { title: 'A better title' }) },
  'move a draft to another blog': {
    group: 'articles',
    run: async (c) => {
      const elsewhere = await c.fixtures.article(c.target, 'draft', c.coauthor);
      const destination = await c.fixtures.expert(c.fixtures.unique('Elsewhere'));
      return c.api(c.token, 'PATCH', `/api/v1/articles/${elsewhere}`, { expert: destination.slug });
    },
  },
  'name another co-author on a draft': {
    group: 'articles',
    run: async (c) => {
      const id = await c.fixtures.article(c.target, 'draft', c.coauthor);
      const guest = await c.fixtures.expert(c.fixtures.unique('Guest Author'));
      return c.api(c.token, 'PATCH', `/api/v1/articles/${id}`, { experts: [c.target.slug, ...(c.coauthor ? [c.coauthor.slug] : []), guest.slug] });
    },
  },
  'delete a draft': { group: 'articles', run: article((c, id) => c.api(c.token, 'DELETE', `/api/v1/articles/${id}`), 'draft') },
  'submit a draft for review': { group: 'articles', run: patchArticle('draft', { status: 'in_review' }) },
  'publish a draft': { group: 'articles', run: patchArticle('draft', { status: 'published' }) },
  'set a draft’s publication time': { group: 'articles', run: patchArticle('draft', { published_at: inAWeek() }) },
  'feature an article': { group: 'articles', run: patchArticle('draft', { featured: true }) },
  'attach a poll': { group: 'articles', run: async (c) => patchArticle('draft', { poll: await c.fixtures.poll() })(c) },
  'read an article in review': { group: 'articles', run: article((c, id) => c.api(c.token, 'GET', `/api/v1/articles/${id}`), 'in_review') },
  'edit an article in review': { group: 'articles', run: patchArticle('in_review', { lead: 'A sharper lead.' }) },
  'return from review with a note': { group: 'articles', run: patchArticle('in_review', { status: 'draft', review_note: 'Please cite the 2021 figures.' }) },
  'publish from review': { group: 'articles', run: patchArticle('in_review', { status: 'published' }) },
  'delete an article in review': { group: 'articles', run: article((c, id) => c.api(c.token, 'DELETE', `/api/v1/articles/${id}`), 'in_review') },
  'edit a published article': { group: 'articles', run: patchArticle('published', { title: 'Corrected title' }) },
  unpublish: { group: 'articles', run: patchArticle('published', { status: 'draft' }) },
  'delete a published article': { group: 'articles', run: article((c, id) => c.api(c.token, 'DELETE', `/api/v1/articles/${id}`), 'published') },

  'create an expert': { group: 'experts', run: (c) => c.api(c.token, 'POST', '/api/v1/experts', { name: c.fixtures.unique('New Fellow') }) },
  'edit an expert profile': { group: 'experts', run: (c) => c.api(c.token, 'PATCH', `/api/v1/experts/${c.target.slug}`, { bio: 'Writes on water and borders.' }) },
  'rename an expert': { group: 'experts', run: (c) => c.api(c.token, 'PATCH', `/api/v1/experts/${c.target.slug}`, { name: c.fixtures.unique('Renamed Fellow') }) },
  'change an expert’s address (slug)': {
    group: 'experts',
    run: (c) => c.api(c.token, 'PATCH', `/api/v1/experts/${c.target.slug}`, { slug: c.fixtures.unique('moved').toLowerCase().replace(/\s+/g, '-') }),
  },
  'delete an expert': { group: 'experts', run: (c) => c.api(c.token, 'DELETE', `/api/v1/experts/${c.target.slug}`) },

  'create a poll': { group: 'polls', run: (c) => c.api(c.token, 'POST', '/api/v1/polls', { question: 'Will the treaty hold?', options: ['Yes', 'No'] }) },
  'read a poll’s settings': { group: 'polls', run: async (c) => c.api(c.token, 'GET', `/api/v1/polls/${await c.fixtures.poll()}`) },
  'close a poll': { group: 'polls', run: async (c) => c.api(c.token, 'PATCH', `/api/v1/polls/${await c.fixtures.poll()}`, { status: 'closed' }) },
  'delete a poll': { group: 'polls', run: async (c) => c.api(c.token, 'DELETE', `/api/v1/polls/${await c.fixtures.poll()}`) },

  'edit a portal': { group: 'portals', run: (c) => c.api(c.token, 'PUT', '/api/v1/portals/business', { intro: 'Analysis for decision makers.' }) },

  'read site settings': { group: 'settings', run: (c) => c.api(c.token, 'GET', '/api/v1/settings') },
  'change site settings': { group: 'settings', run: (c) => c.api(c.token, 'PATCH', '/api/v1/settings', { tagline: 'Independent analysis' }) },

  'create a tag': { group: 'tags', run: (c) => c.api(c.token, 'POST', '/api/v1/tags', { name: c.fixtures.unique('Topic') }) },

  'add a glossary term': { group: 'glossary', run: (c) => c.api(c.token, 'POST', '/api/v1/glossary', { term: c.fixtures.unique('Term'), expansion: 'What it stands for' }) },
  'list the glossary with its history': { group: 'glossary', run: (c) => c.api(c.token, 'GET', '/api/v1/glossary') },
  'read a glossary term': { group: 'glossary', run: async (c) => c.api(c.token, 'GET', `/api/v1/glossary/${await c.fixtures.glossaryTerm()}`) },
  'edit a glossary term': { group: 'glossary', run: async (c) => c.api(c.token, 'PATCH', `/api/v1/glossary/${await c.fixtures.glossaryTerm()}`, { expansion: 'A better expansion' }) },
  'delete a glossary term': { group: 'glossary', run: async (c) => c.api(c.token, 'DELETE', `/api/v1/glossary/${await c.fixtures.glossaryTerm()}`) },
  'create a page': { group: 'pages', run: (c) => c.api(c.token, 'POST', '/api/v1/pages', { title: c.fixtures.unique('Page'), status: 'published', menu: 'footer' }) },
  'list the pages with their drafts': { group: 'pages', run: (c) => c.api(c.token, 'GET', '/api/v1/pages') },
  'read a page': { group: 'pages', run: async (c) => c.api(c.token, 'GET', `/api/v1/pages/${await c.fixtures.standalonePage()}`) },
  'edit and publish a page': { group: 'pages', run: async (c) => c.api(c.token, 'PATCH', `/api/v1/pages/${await c.fixtures.standalonePage()}`, { body: 'New text.', status: 'published' }) },
  'delete a page': { group: 'pages', run: async (c) => c.api(c.token, 'DELETE', `/api/v1/pages/${await c.fixtures.standalonePage()}`) },
  'add a redirect': { group: 'redirects', run: (c) => c.api(c.token, 'POST', '/api/v1/redirects', { from: `/old/${c.fixtures.unique('x').replace(' ', '-')}`, to: '/blogs' }) },
  'list the redirects': { group: 'redirects', run: (c) => c.api(c.token, 'GET', '/api/v1/redirects') },
  'edit a redirect': { group: 'redirects', run: async (c) => c.api(c.token, 'PATCH', `/api/v1/redirects/${await c.fixtures.redirect()}`, { to: '/polls' }) },
  'delete a redirect': { group: 'redirects', run: async (c) => c.api(c.token, 'DELETE', `/api/v1/redirects/${await c.fixtures.redirect()}`) },

  'upload an image': { group: 'media', run: (c) => c.upload(c.token) },
  'read an image’s description': { group: 'media', run: async (c) => c.api(c.token, 'GET', `/api/v1/media/${await c.fixtures.media()}`) },
  'change an image’s description': { group: 'media', run: async (c) => c.api(c.token, 'PATCH', `/api/v1/media/${await c.fixtures.media()}`, { alt: 'A clearer description' }) },
};

type Row = [action: string, role: Role, whose: Whose, expected: number];

// Editors and admins act on any expert's article ("-": an expert they are not linked to); authors on
// their own expert's or another's. 403 is a refusal; 2xx the success code of the route.
const matrix: Row[] = [
  ['create a draft', 'admin', '-', 201],
  ['create a draft', 'editor', '-', 201],
  ['create a draft', 'author', 'own', 201],
  ['create a draft', 'author', 'other', 403],
  ['create and publish', 'admin', '-', 201],
  ['create and publish', 'editor', '-', 201],
  ['create and publish', 'author', 'own', 403],
  ['create scheduled for next week', 'admin', '-', 201],
  ['create scheduled for next week', 'editor', '-', 201],
  ['create scheduled for next week', 'author', 'own', 403],
  ['create already in review', 'editor', '-', 201],
  ['create already in review', 'author', 'own', 201],
  ['create already in review', 'author', 'other', 403],
  ['read a draft', 'admin', '-', 200],
  ['read a draft', 'editor', '-', 200],
  ['read a draft', 'author', 'own', 200],
  ['read a draft', 'author', 'other', 403],
  ['edit a draft', 'admin', '-', 200],
  ['edit a draft', 'editor', '-', 200],
  ['edit a draft', 'author', 'own', 200],
  ['edit a draft', 'author', 'other', 403],
  ['move a draft to another blog', 'editor', '-', 200],
  ['move a draft to another blog', 'author', 'own', 403],
  // A co-author's account works on the draft as the lead's does, but neither moves nor deletes it.
  ['read a draft', 'author', 'co-author', 200],
  ['edit a draft', 'author', 'co-author', 200],
  ['move a draft to another blog', 'author', 'co-author', 403],
  ['delete a draft', 'author', 'co-author', 403],
  ['name another co-author on a draft', 'editor', '-', 200],
  ['name another co-author on a draft', 'author', 'own', 200],
  ['name another co-author on a draft', 'author', 'co-author', 403],
  ['submit a draft for review', 'author', 'co-author', 200],
  ['publish a draft', 'author', 'co-author', 403],
  ['read an article in review', 'author', 'co-author', 200],
  ['edit an article in review', 'author', 'co-author', 403],
  ['edit a published article', 'author', 'co-author', 403],
  ['delete a draft', 'admin', '-', 204],
  ['delete a draft', 'editor', '-', 204],
  ['delete a draft', 'author', 'own', 204],
  ['delete a draft', 'author', 'other', 403],
  ['submit a draft for review', 'admin', '-', 200],
  ['submit a draft for review', 'editor', '-', 200],
  ['submit a draft for review', 'author', 'own', 200],
  ['submit a draft for review', 'author', 'other', 403],
  ['publish a draft', 'admin', '-', 200],
  ['publish a draft', 'editor', '-', 200],
  ['publish a draft', 'author', 'own', 403],
  ['publish a draft', 'author', 'other', 403],
  ['set a draft’s publication time', 'editor', '-', 200],
  ['set a draft’s publication time', 'author', 'own', 403],
  ['feature an article', 'admin', '-', 200],
  ['feature an article', 'editor', '-', 200],
  ['feature an article', 'author', 'own', 403],
  ['attach a poll', 'admin', '-', 200],
  ['attach a poll', 'editor', '-', 200],
  ['attach a poll', 'author', 'own', 403],
  ['read an article in review', 'editor', '-', 200],
  ['read an article in review', 'author', 'own', 200],
  ['read an article in review', 'author', 'other', 403],
  ['edit an article in review', 'admin', '-', 200],
  ['edit an article in review', 'editor', '-', 200],
  ['edit an article in review', 'author', 'own', 403],
  ['return from review with a note', 'admin', '-', 200],
  ['return from review with a note', 'editor', '-', 200],
  ['return from review with a note', 'author', 'own', 403],
  ['publish from review', 'admin', '-', 200],
  ['publish from review', 'editor', '-', 200],
  ['publish from review', 'author', 'own', 403],
  ['delete an article in review', 'editor', '-', 204],
  ['delete an article in review', 'author', 'own', 403],
  ['edit a published article', 'admin', '-', 200],
  ['edit a published article', 'editor', '-', 200],
  ['edit a published article', 'author', 'own', 403],
  ['unpublish', 'admin', '-', 200],
  ['unpublish', 'editor', '-', 200],
  ['unpublish', 'author', 'own', 403],
  ['delete a published article', 'admin', '-', 204],
  ['delete a published article', 'editor', '-', 204],
  ['delete a published article', 'author', 'own', 403],

  ['create an expert', 'admin', '-', 201],
  ['create an expert', 'editor', '-', 403],
  ['create an expert', 'author', '-', 403],
  ['edit an expert profile', 'admin', 'other', 200],
  ['edit an expert profile', 'editor', 'other', 200],
  ['edit an expert profile', 'editor', 'own', 200],
  // An author keeps their own profile (not its name or address), and no one else's.
  ['edit an expert profile', 'author', 'own', 200],
  ['edit an expert profile', 'author', 'other', 403],
  ['rename an expert', 'admin', 'other', 200],
  ['rename an expert', 'editor', 'other', 200],
  ['rename an expert', 'author', 'own', 403],
  ['change an expert’s address (slug)', 'admin', 'other', 200],
  ['change an expert’s address (slug)', 'editor', 'own', 200],
  ['change an expert’s address (slug)', 'author', 'own', 403],
  ['delete an expert', 'admin', 'other', 204],
  ['delete an expert', 'editor', 'other', 403],
  ['delete an expert', 'author', 'own', 403],
  ['delete an expert', 'author', 'other', 403],

  ['create a poll', 'admin', '-', 201],
  ['create a poll', 'editor', '-', 201],
  ['create a poll', 'author', '-', 403],
  ['read a poll’s settings', 'admin', '-', 200],
  ['read a poll’s settings', 'editor', '-', 200],
  ['read a poll’s settings', 'author', '-', 403],
  ['close a poll', 'admin', '-', 200],
  ['close a poll', 'editor', '-', 200],
  ['close a poll', 'author', '-', 403],
  ['delete a poll', 'admin', '-', 204],
  ['delete a poll', 'editor', '-', 204],
  ['delete a poll', 'author', '-', 403],

  ['edit a portal', 'admin', '-', 200],
  ['edit a portal', 'editor', '-', 200],
  ['edit a portal', 'author', '-', 403],

  ['read site settings', 'admin', '-', 200],
  ['read site settings', 'editor', '-', 200],
  ['read site settings', 'author', '-', 200],
  ['change site settings', 'admin', '-', 200],
  ['change site settings', 'editor', '-', 403],
  ['change site settings', 'author', '-', 403],

  ['create a tag', 'admin', '-', 201],
  ['create a tag', 'editor', '-', 201],
  ['create a tag', 'author', '-', 403],
  ['add a glossary term', 'admin', '-', 201],
  ['add a glossary term', 'editor', '-', 201],
  ['add a glossary term', 'author', '-', 403],
  ['list the glossary with its history', 'admin', '-', 200],
  ['list the glossary with its history', 'editor', '-', 200],
  ['list the glossary with its history', 'author', '-', 403],
  ['read a glossary term', 'admin', '-', 200],
  ['read a glossary term', 'editor', '-', 200],
  ['read a glossary term', 'author', '-', 403],
  ['edit a glossary term', 'admin', '-', 200],
  ['edit a glossary term', 'editor', '-', 200],
  ['edit a glossary term', 'author', '-', 403],
  ['delete a glossary term', 'admin', '-', 204],
  ['delete a glossary term', 'editor', '-', 204],
  ['delete a glossary term', 'author', '-', 403],

  ['create a page', 'admin', '-', 201],
  ['create a page', 'editor', '-', 201],
  ['create a page', 'author', '-', 403],
  ['list the pages with their drafts', 'admin', '-', 200],
  ['list the pages with their drafts', 'editor', '-', 200],
  ['list the pages with their drafts', 'author', '-', 403],
  ['read a page', 'admin', '-', 200],
  ['read a page', 'editor', '-', 200],
  ['read a page', 'author', '-', 403],
  ['edit and publish a page', 'admin', '-', 200],
  ['edit and publish a page', 'editor', '-', 200],
  ['edit and publish a page', 'author', '-', 403],
  ['delete a page', 'admin', '-', 204],
  ['delete a page', 'editor', '-', 204],
  ['delete a page', 'author', '-', 403],

  ['add a redirect', 'admin', '-', 201],
  ['add a redirect', 'editor', '-', 201],
  ['add a redirect', 'author', '-', 403],
  ['list the redirects', 'admin', '-', 200],
  ['list the redirects', 'editor', '-', 200],
  ['list the redirects', 'author', '-', 403],
  ['edit a redirect', 'admin', '-', 200],
  ['edit a redirect', 'editor', '-', 200],
  ['edit a redirect', 'author', '-', 403],
  ['delete a redirect', 'admin', '-', 204],
  ['delete a redirect', 'editor', '-', 204],
  ['delete a redirect', 'author', '-', 403],

  ['upload an image', 'admin', '-', 201],
  ['upload an image', 'editor', '-', 201],
  ['upload an image', 'author', '-', 201],
  ['read an image’s description', 'author', '-', 200],
  ['change an image’s description', 'admin', '-', 200],
  ['change an image’s description', 'editor', '-', 200],
  ['change an image’s description', 'author', '-', 403],
];

/** A response as the table shows it: the status, and for a surprise the start of the error message. */
function describeResponse(res: LightMyRequestResponse, expected: number): string {
  if (res.statusCode === expected) return String(res.statusCode);
  let message = '';
  try {
    message = (res.json() as { error?: { message?: string } }).error?.message ?? '';
  } catch {
    message = res.body.slice(0, 60);
  }
  return `${res.statusCode} ${message.slice(0, 90)}`.trim();
}

for (const kind of await databaseKinds()) {
  describe(`the API role matrix on ${kind}`, () => {
    let t: TestApp;
    let counter = 0;
    let fixtures: Fixtures;
    /** Addresses (read with the admin's token) of what the current cell may touch. */
    let watched: string[] = [];

    const api: Call = (token, method, url, body) =>
      t.app.inject({
        method,
        url,
        headers: { ...bearer(token), ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { payload: JSON.stringify(body) }),
      });

    async function upload(token: string) {
      const form = multipartBody({ name: 'map.jpg', type: 'image/jpeg', bytes: await sampleJpeg(200 + (++counter % 400), 150) }, { alt: 'A map of the region', credit: 'Cartography desk' });
      return t.app.inject({ method: 'POST', url: '/api/v1/media', headers: { ...bearer(token), ...form.headers }, payload: form.payload });
    }

    /** Fixtures are made by the admin's token; a fixture that cannot be made fails the cell with a clear reason. */
    async function made(res: LightMyRequestResponse, what: string): Promise<number> {
      if (res.statusCode !== 200 && res.statusCode !== 201) throw new Error(`setup: ${what} -> ${res.statusCode} ${res.body.slice(0, 120)}`);
      return (res.json() as { id: number }).id;
    }

    before(async () => {
      t = await startTestApp(kind);
      const unique = (prefix: string) => `${prefix} ${++counter}`;
      fixtures = {
        unique,
        async expert(name) {
          const expert = await createExpert(t.db.handle, { name });
          watched.push(`/api/v1/public/experts/${expert.slug}`);
          return { id: expert.id, slug: expert.slug };
        },
        async article(expert, status, coauthor) {
          const id = await made(
            await api(t.tokens.admin, 'POST', '/api/v1/articles', {
              expert: expert.slug,
              ...(coauthor && { experts: [expert.slug, coauthor.slug] }),
              title: unique('Fixture article'),
              lead: 'A lead.',
              body: 'A body.',
              status: status === 'published' ? 'published' : 'draft',
            }),
            `a ${status} article`,
          );
          if (status === 'in_review') await made(await api(t.tokens.admin, 'PATCH', `/api/v1/articles/${id}`, { status: 'in_review' }), 'submitting the article');
          watched.push(`/api/v1/articles/${id}`);
          return id;
        },
        async poll() {
          const id = await made(await api(t.tokens.admin, 'POST', '/api/v1/polls', { question: unique('Fixture poll?'), options: ['Yes', 'No'] }), 'a poll');
          watched.push(`/api/v1/polls/${id}`);
          return id;
        },
        async media() {
          const id = await made(await upload(t.tokens.admin), 'an image');
          watched.push(`/api/v1/media/${id}`);
          return id;
        },
        async glossaryTerm() {
          const id = await made(await api(t.tokens.admin, 'POST', '/api/v1/glossary', { term: unique('Fixture term'), expansion: 'A fixture' }), 'a glossary term');
          watched.push(`/api/v1/glossary/${id}`);
          return id;
        },
        async standalonePage() {
          const id = await made(await api(t.tokens.admin, 'POST', '/api/v1/pages', { title: unique('Fixture page'), body: 'A draft.' }), 'a page');
          watched.push(`/api/v1/pages/${id}`);
          return id;
        },
        async redirect() {
          const id = await made(await api(t.tokens.admin, 'POST', '/api/v1/redirects', { from: `/fixture/${++counter}`, to: '/blogs' }), 'a redirect');
          watched.push(`/api/v1/redirects/${id}`);
          return id;
        },
      };
    });
    after(() => t.close());

    async function runCell(row: Row): Promise<Outcome> {
      const [name, role, whose, expected] = row;
      const action = actions[name];
      if (!action) return { row, actual: 'no such action in the table', ok: false };
      watched = [];
      const own = role === 'author' || whose === 'own' ? await fixtures.expert(fixtures.unique('Own Expert')) : undefined;
      const other = await fixtures.expert(fixtures.unique('Other Expert'));
      const user = await createUser(t.db.handle, { email: `${role}.${++counter}@matrix.rostrum.test`, role, expertId: own?.id ?? null });
      const token = await createApiToken(t.db.handle, user.id, 'matrix');
      // Fixtures go through the outer `api`; the cell's own request is the one call to these, which
      // read everything it could change first.
      let before: Record<string, string> | undefined;
      const apiUnderTest: Call = async (...args) => ((before = await contentState()), api(...args));
      const uploadUnderTest = async (as: string) => ((before = await contentState()), upload(as));
      try {
        const res = await action.run({ token, target: whose === 'own' ? own! : other, coauthor: whose === 'co-author' ? own : undefined, api: apiUnderTest, upload: uploadUnderTest, fixtures });
        const actual = describeResponse(res, expected);
        if (res.statusCode >= 400 && before) {
          const after = await contentState();
          const changed = Object.keys(after).filter((key) => after[key] !== before![key]);
          if (changed.length) return { row, actual: `${actual}, yet changed ${changed.join(', ')}`, ok: false };
        }
        return { row, actual, ok: res.statusCode === expected };
      } catch (err) {
        return { row, actual: (err as Error).message, ok: false };
      }
    }

    /** What a refused request must leave as it was: the number of rows of each content table, and every fixture as the admin reads it. */
    const countedTables = [
      'articles',
      'article_revisions',
      'article_tags',
      'article_coauthors',
      'experts',
      'media',
      'polls',
      'poll_options',
      'tags',
      'portals',
      'portal_articles',
      'glossary_terms',
      'standalone_pages',
      'standalone_page_revisions',
      'redirects',
    ];
    async function contentState(): Promise<Record<string, string>> {
      // Plain aliases (c0, c1…): the camel-case plugin would rename snake_case ones in the result.
      const counts = sql.join(countedTables.map((table, i) => sql`(select count(*) from ${sql.table(table)}) as ${sql.ref(`c${i}`)}`));
      const { rows } = await sql<Record<string, number | string>>`select ${counts}`.execute(t.db.handle.db);
      const state: Record<string, string> = {};
      countedTables.forEach((table, i) => {
        const count = rows[0]![`c${i}`];
        assert.ok(count !== undefined, `a count of ${table}`);
        state[`${table} rows`] = String(count);
      });
      for (const url of ['/api/v1/settings', '/for-business', ...watched]) state[url] = (await api(t.tokens.admin, 'GET', url)).body;
      return state;
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

    test('every protected route refuses requests without a valid token (401)', async () => {
      const routes: Array<[string, string, unknown?]> = [
        ['POST', '/api/v1/articles', { expert: 'author-expert', title: 'T', lead: 'L', body: 'B', status: 'draft' }],
        ['GET', '/api/v1/articles/1'],
        ['PATCH', '/api/v1/articles/1', { title: 'T' }],
        ['DELETE', '/api/v1/articles/1'],
        ['POST', '/api/v1/experts', { name: 'Nobody' }],
        ['PATCH', '/api/v1/experts/author-expert', { bio: 'B' }],
        ['DELETE', '/api/v1/experts/author-expert'],
        ['POST', '/api/v1/polls', { question: 'Q?', options: ['A', 'B'] }],
        ['GET', '/api/v1/polls/1'],
        ['PATCH', '/api/v1/polls/1', { status: 'closed' }],
        ['DELETE', '/api/v1/polls/1'],
        ['PUT', '/api/v1/portals/business', { intro: 'I' }],
        ['GET', '/api/v1/settings'],
        ['PATCH', '/api/v1/settings', { tagline: 'T' }],
        ['POST', '/api/v1/tags', { name: 'Topic' }],
        ['GET', '/api/v1/glossary'],
        ['POST', '/api/v1/glossary', { term: 'EU', expansion: 'European Union' }],
        ['GET', '/api/v1/glossary/1'],
        ['PATCH', '/api/v1/glossary/1', { expansion: 'E' }],
        ['DELETE', '/api/v1/glossary/1'],
        ['GET', '/api/v1/pages'],
        ['POST', '/api/v1/pages', { title: 'About' }],
        ['GET', '/api/v1/pages/1'],
        ['PATCH', '/api/v1/pages/1', { title: 'T' }],
        ['DELETE', '/api/v1/pages/1'],
        ['GET', '/api/v1/redirects'],
        ['POST', '/api/v1/redirects', { from: '/a', to: '/b' }],
        ['GET', '/api/v1/redirects/1'],
        ['PATCH', '/api/v1/redirects/1', { to: '/c' }],
        ['DELETE', '/api/v1/redirects/1'],
        ['GET', '/api/v1/media/1'],
        ['PATCH', '/api/v1/media/1', { alt: 'A' }],
      ];
      const wrong: string[] = [];
      for (const authorization of [undefined, 'Bearer rst_this-token-was-never-issued-000000000', 'Bearer', 'Basic YWRtaW46YWRtaW4=', `Bearer ${t.tokens.admin}x`]) {
        for (const [method, url, body] of routes) {
          const res = await t.app.inject({
            method: method as 'GET',
            url,
            headers: { ...(authorization && { authorization }), ...(body !== undefined && { 'content-type': 'application/json' }) },
            ...(body !== undefined && { payload: JSON.stringify(body) }),
          });
          if (res.statusCode !== 401) wrong.push(`${method} ${url} with ${authorization ?? 'no token'} -> ${res.statusCode}`);
        }
      }
      assert.deepEqual(wrong, []);
      const upload = multipartBody({ name: 'x.jpg', type: 'image/jpeg', bytes: await sampleJpeg(50, 50) }, { alt: 'x' });
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/media', headers: upload.headers, payload: upload.payload })).statusCode, 401);
    });

    test('unknown ids are 404 for those who may act, whatever the route', async () => {
      const unknown: Array<[string, string, unknown?]> = [
        ['GET', '/api/v1/articles/999999'],
        ['PATCH', '/api/v1/articles/999999', { title: 'T' }],
        ['DELETE', '/api/v1/articles/999999'],
        ['GET', '/api/v1/articles/not-a-number'],
        ['PATCH', '/api/v1/experts/no-such-expert', { bio: 'B' }],
        ['DELETE', '/api/v1/experts/no-such-expert'],
        ['GET', '/api/v1/polls/999999'],
        ['PATCH', '/api/v1/polls/999999', { status: 'closed' }],
        ['DELETE', '/api/v1/polls/999999'],
        ['PUT', '/api/v1/portals/no-such-portal', { intro: 'I' }],
        ['GET', '/api/v1/media/999999'],
        ['PATCH', '/api/v1/media/999999', { alt: 'A' }],
        ['GET', '/api/v1/pages/999999'],
        ['PATCH', '/api/v1/pages/999999', { title: 'T' }],
        ['DELETE', '/api/v1/pages/999999'],
      ];
      const wrong: string[] = [];
      for (const [method, url, body] of unknown) {
        const res = await api(t.tokens.admin, method as 'GET', url, body);
        if (res.statusCode !== 404) wrong.push(`${method} ${url} -> ${res.statusCode}`);
      }
      assert.deepEqual(wrong, []);
    });
  });
}
