import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { hostileStrings, startTestApp, type TestApp } from '../../test/app.ts';
import { officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { createExpert, getExpertBySlug, type Expert } from '../experts/store.ts';
import { createTag, type Tag } from '../tags/store.ts';
import { createUser } from '../users/store.ts';
import { nowIso } from '../db/time.ts';
import { createArticle, saveArticleChanges, type Article } from './store.ts';
import { decodeCursor } from '../http/cursor.ts';
import { dayStartsAt, listArchivePage, type ListFilters } from './office-list.ts';

// The office's article list over the whole archive: search (drafts included, stemmed as the site's search is),
// filters, cursor paging, who sees what, and what a hostile address gets. On both databases.

const titlesIn = (html: string) => [...html.matchAll(/<a href="\/admin\/articles\/\d+">([^<]*)<\/a>/g)].map((m) => m[1]!.replace(/&amp;/g, '&').replace(/&#39;/g, '’'));
const nextHref = (html: string) => /href="(\/admin\/articles\?cursor=[^"]+)" rel="next"/.exec(html)?.[1]?.replaceAll('&amp;', '&');

for (const kind of await databaseKinds()) {
  describe(`the office's article list on ${kind}`, () => {
    let t: TestApp;
    let editor: OfficeSession;
    let author: OfficeSession;
    let ada: Expert;
    let boris: Expert;
    let energy: Tag;
    let water: Tag;
    const ids: Record<string, number> = {};

    async function article(key: string, input: Partial<Parameters<typeof createArticle>[1]> & { expertId: number; title: string }): Promise<Article> {
      const made = await createArticle(t.db.handle, { lead: 'A lead.', bodyMarkdown: 'Nothing in particular.', status: 'draft', ...input });
      ids[key] = made.id;
      return made;
    }

    before(async () => {
      t = await startTestApp(kind);
      const { handle } = t.db;
      ada = await createExpert(handle, { name: 'Ada Lovelace', slug: 'ada' });
      boris = await createExpert(handle, { name: 'Борис Иванов', slug: 'boris-ivanov' });
      await createExpert(handle, { name: 'Adam Smith', slug: 'adam-smith' });
      energy = await createTag(handle, { name: 'Energy', kind: 'topic' });
      water = await createTag(handle, { name: 'Water', kind: 'topic' });
      const authorExpert = (await getExpertBySlug(handle, 'author-expert'))!;
      await article('pipelines', {
        expertId: ada.id,
        title: 'Pipelines and power',
        bodyMarkdown: 'Pipeline tariffs decide who wins.',
        status: 'published',
        publishedAt: '2024-03-10T12:00:00.000Z',
        tagIds: [energy.id],
      });
      await article('glaciers', { expertId: ada.id, title: 'A quiet note', bodyMarkdown: 'The glaciers of the Pamir are melting faster than modelled.' });
      await article('russian', { expertId: boris.id, title: 'Черновик', bodyMarkdown: 'Российские нефтепроводы строятся быстрее, чем думали.' });
      await article('rivers', {
        expertId: boris.id,
        title: 'Rivers that cross borders',
        bodyMarkdown: 'Shared rivers and treaties.',
        status: 'published',
        publishedAt: '2023-06-01T08:00:00.000Z',
        tagIds: [water.id],
      });
      await article('scheduled', { expertId: ada.id, title: 'Tomorrow’s piece', bodyMarkdown: 'Pipeline politics, again.', status: 'published', publishedAt: '2999-01-01T00:00:00.000Z' });
      await article('review', { expertId: authorExpert.id, title: 'Author’s hydrology', bodyMarkdown: 'Hydrology of the Aral basin.', status: 'in_review' });
      await article('ownDraft', { expertId: authorExpert.id, title: 'Author’s own draft', bodyMarkdown: 'Glaciers seen from below.' });
      editor = await officeSessionFor(t.app, handle, 'editor@rostrum.test');
      author = await officeSessionFor(t.app, handle, 'author@rostrum.test');
    });
    after(() => t.close());

    const list = async (session: OfficeSession, query: string) => {
      const res = await session.get(`/admin/articles${query}`);
      assert.notEqual(res.statusCode, 500, `${query}: ${res.body.slice(0, 300)}`);
      return res;
    };

    test('a draft is found by a word of its body, stemmed as the site search stems it; published ones by theirs', async () => {
      assert.deepEqual(titlesIn((await list(editor, '?q=glacier')).body).sort(), ['A quiet note', 'Author’s own draft']);
      assert.deepEqual(titlesIn((await list(editor, '?q=нефтепроводов')).body), ['Черновик'], 'another case of the Russian word finds the draft');
      assert.deepEqual(titlesIn((await list(editor, '?q=pipelines')).body).sort(), ['Pipelines and power', 'Tomorrow’s piece'], 'published and scheduled, by the site’s index');
      assert.deepEqual(titlesIn((await list(editor, '?q=pipeline+-tariffs')).body), ['Tomorrow’s piece'], 'a word left out');
      assert.deepEqual(titlesIn((await list(editor, '?q=%22shared+rivers%22')).body), ['Rivers that cross borders'], 'a phrase');
      assert.deepEqual(titlesIn((await list(editor, '?q=%22rivers+shared%22')).body), [], 'a phrase is in order');
    });

    test('a draft that is published leaves the drafts’ index and stays found; one deleted is found no more', async () => {
      const made = await article('moving', { expertId: ada.id, title: 'Moving piece', bodyMarkdown: 'Permafrost thaws.' });
      assert.deepEqual(titlesIn((await list(editor, '?q=permafrost')).body), ['Moving piece']);
      await t.db.handle.db.updateTable('articles').set({ status: 'published', publishedAt: nowIso() }).where('id', '=', made.id).execute();
      // Saves go through the store, which tells search: a direct update does not, so save through it.
      await saveArticleChanges(t.db.handle, made.id, { title: 'Moving piece' }, { userId: null, note: 'test' });
      const drafts = await t.db.handle.db.selectFrom('searchDrafts').select('articleId').where('articleId', '=', made.id).execute();
      assert.equal(drafts.length, 0, 'no longer in the drafts’ index');
      assert.deepEqual(titlesIn((await list(editor, '?q=permafrost')).body), ['Moving piece'], 'found in the site’s index');
      await t.db.handle.db.deleteFrom('articles').where('id', '=', made.id).execute();
      assert.deepEqual(titlesIn((await list(editor, '?q=permafrost')).body), []);
    });

    test('each filter, and their combinations', async () => {
      assert.deepEqual(titlesIn((await list(editor, '?expert=ada')).body).sort(), ['A quiet note', 'Pipelines and power', 'Tomorrow’s piece']);
      assert.deepEqual(titlesIn((await list(editor, '?expert=lovelace')).body).length, 3, 'words of a name find the expert without JavaScript');
      const picked = (await list(editor, '?expert=ada')).body;
      assert.match(picked, /data-picker-value="ada"/);
      assert.match(picked, /value="Ada Lovelace"/, 'the picker shows the name');
      assert.deepEqual(titlesIn((await list(editor, '?expert=%D0%B8%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2')).body).sort(), ['Rivers that cross borders', 'Черновик'], 'a Cyrillic name in lower case');
      const ambiguous = await list(editor, '?expert=Ada');
      assert.equal(ambiguous.statusCode, 200);
      assert.match(ambiguous.body, /Several experts match “Ada”/);
      assert.match(ambiguous.body, /href="\/admin\/articles\?expert=adam-smith"/);
      assert.match(ambiguous.body, /href="\/admin\/articles\?expert=ada"/);
      const unknown = await list(editor, '?expert=nobody+at+all');
      assert.equal(unknown.statusCode, 400);
      assert.match(unknown.body, /no expert’s name holds “nobody at all”/);

      assert.deepEqual(titlesIn((await list(editor, '?tag=energy')).body), ['Pipelines and power']);
      assert.deepEqual(titlesIn((await list(editor, '?tag=Water')).body), ['Rivers that cross borders']);
      assert.deepEqual(titlesIn((await list(editor, '?status=draft')).body).sort(), ['A quiet note', 'Author’s own draft', 'Черновик']);
      assert.deepEqual(titlesIn((await list(editor, '?status=in_review')).body), ['Author’s hydrology']);
      assert.deepEqual(titlesIn((await list(editor, '?status=scheduled')).body), ['Tomorrow’s piece']);
      assert.deepEqual(titlesIn((await list(editor, '?status=published')).body), ['Rivers that cross borders', 'Pipelines and power'], 'newest change first');
      assert.deepEqual(titlesIn((await list(editor, '?status=published&dates=published')).body), ['Pipelines and power', 'Rivers that cross borders']);

      assert.deepEqual(titlesIn((await list(editor, '?dates=published&from=2024-01-01&to=2024-12-31')).body), ['Pipelines and power']);
      assert.deepEqual(titlesIn((await list(editor, '?dates=published&to=2023-06-01')).body), ['Rivers that cross borders'], 'the “to” day is included');
      assert.deepEqual(titlesIn((await list(editor, '?dates=published&from=2023-06-02&to=2024-03-09')).body), []);
      assert.deepEqual(titlesIn((await list(editor, '?dates=updated&from=2000-01-01&to=2000-01-02')).body), [], 'nothing changed then');
      assert.equal(titlesIn((await list(editor, `?dates=updated&from=${nowIso().slice(0, 10)}`)).body).length >= 7, true, 'everything changed today');

      assert.deepEqual(titlesIn((await list(editor, '?q=pipeline&expert=ada&status=published')).body), ['Pipelines and power']);
      assert.deepEqual(titlesIn((await list(editor, '?q=pipeline&expert=ada&status=scheduled&dates=published&from=2998-12-31')).body), ['Tomorrow’s piece']);
      assert.deepEqual(titlesIn((await list(editor, '?q=glaciers&expert=boris-ivanov')).body), []);
      assert.deepEqual(titlesIn((await list(editor, '?tag=energy&status=draft')).body), []);
      const kept = (await list(editor, '?q=pipeline&expert=ada&status=published&dates=published&from=2024-01-01')).body;
      assert.match(kept, /name="q"[^>]*value="pipeline"|value="pipeline"[^>]*name="q"/, 'the form keeps what was asked');
      assert.match(kept, /<option value="published" selected/);
      assert.match(kept, /value="2024-01-01"/);
      assert.match(kept, /<form method="get" action="\/admin\/articles"/, 'a GET form: the address is the filter');
    });

    test('days are the site time zone’s', () => {
      assert.equal(dayStartsAt('2025-03-01', 'UTC'), '2025-03-01T00:00:00.000Z');
      assert.equal(dayStartsAt('2025-07-01', 'Europe/Berlin'), '2025-06-30T22:00:00.000Z');
      assert.equal(dayStartsAt('2025-01-15', 'America/New_York'), '2025-01-15T05:00:00.000Z');
      // Havana's clocks went from 00:00 to 01:00 on 2025-03-09: the day starts at 01:00 local time.
      assert.equal(dayStartsAt('2025-03-09', 'America/Havana'), '2025-03-09T05:00:00.000Z');
    });

    test('authors see their own blog’s articles only: in the list, in a search, through a filter and in the lookup', async () => {
      assert.deepEqual(titlesIn((await list(author, '')).body).sort(), ['Author’s hydrology', 'Author’s own draft']);
      assert.deepEqual(titlesIn((await list(author, '?q=glaciers')).body), ['Author’s own draft'], 'another blog’s draft is not found');
      assert.deepEqual(titlesIn((await list(author, '?expert=ada')).body), [], 'naming another expert shows nothing of theirs');
      assert.doesNotMatch((await list(author, '')).body, /name="expert"/, 'no expert filter for one blog');
      const lookup = JSON.parse((await author.get('/admin/articles/lookup?q=glaciers')).body);
      assert.deepEqual(
        lookup.items.map((i: { label: string }) => i.label),
        ['Author’s own draft'],
      );
      await createUser(t.db.handle, { email: 'unlinked@rostrum.test', role: 'author', expertId: null });
      const nobody = await officeSessionFor(t.app, t.db.handle, 'unlinked@rostrum.test');
      const empty = await list(nobody, '?q=glaciers');
      assert.deepEqual(titlesIn(empty.body), []);
      assert.match(empty.body, /not linked to an expert/);
    });

    test('cursor paging: every article once, in a stable order, while articles are added between pages', async () => {
      const { handle } = t.db;
      const pager = await createExpert(handle, { name: 'Pager', slug: 'pager' });
      for (let i = 0; i < 23; i++) await article(`page${i}`, { expertId: pager.id, title: `Paged ${String(i).padStart(2, '0')}`, bodyMarkdown: 'Paging words.' });
      // Several share one instant of change: the id breaks the tie.
      await handle.db.updateTable('articles').set({ updatedAt: '2020-01-01T00:00:00.000Z' }).where('expertId', '=', pager.id).where('title', '<', 'Paged 10').execute();
      for (const [filters, label] of [
        [{ dates: 'updated', expert: pager }, 'by last change'],
        [{ dates: 'updated', expert: pager, text: 'paging' }, 'a search'],
      ] as Array<[ListFilters, string]>) {
        const seen: number[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await listArchivePage(handle, { all: true }, { ...filters, cursor: decodeCursor(cursor) }, 5);
          seen.push(...page.items.map((a) => a.id));
          cursor = page.next;
          pages++;
          // Written between two pages: newer than the cursor, so on no later page.
          await article(`added${label}${pages}`, { expertId: pager.id, title: `Added while paging ${pages}`, bodyMarkdown: 'Paging words.' });
        } while (cursor);
        assert.ok(pages >= 5, `${label}: more than one page (${pages})`);
        const paged = seen.filter((id) => Object.entries(ids).some(([key, value]) => key.startsWith('page') && value === id));
        assert.equal(new Set(seen).size, seen.length, `${label}: no article twice`);
        assert.equal(paged.length, 23, `${label}: every article of the start`);
        assert.ok(
          seen.every((id) => Object.entries(ids).some(([key, value]) => value === id && (key.startsWith('page') || key.startsWith('added')))),
          'only the expert’s',
        );
      }
      // The pages' links carry the filters: the list through the office screen.
      let href: string | undefined = '/admin/articles?expert=pager&status=draft';
      const titles: string[] = [];
      const first = await list(editor, href.slice('/admin/articles'.length));
      titles.push(...titlesIn(first.body));
      href = nextHref(first.body);
      assert.equal(href, undefined, 'fewer than 50: one page');
      assert.ok(titles.length > 23);
    });

    test('hostile and invalid addresses get a message, never a 500, and nothing unescaped', async () => {
      for (const evil of [...hostileStrings, 'NEAR(a b)', '"unclosed', '* OR 1', 'a\u0000b', '-', '""', '\\', '%', '_']) {
        for (const field of ['q', 'expert', 'tag', 'status', 'from', 'to', 'dates', 'cursor']) {
          const res = await editor.get(`/admin/articles?${field}=${encodeURIComponent(evil)}`);
          assert.ok(res.statusCode === 200 || res.statusCode === 400, `${field}=${evil}: ${res.statusCode}`);
          assert.doesNotMatch(res.body, /<script>alert|<img src=x|<svg onload/, `${field}=${evil}`);
        }
      }
      const cases: Array<[string, RegExp]> = [
        ['?status=bogus', /Status.*must be one of/s],
        ['?from=2024-02-30', /must be a date such as 2025-03-01/],
        ['?from=2024-05-01&to=2024-04-01', /must be the same day as “from” or a later one/],
        ['?dates=sideways', /must be “updated” or “published”/],
        ['?cursor=garbage', /link is damaged or out of date/],
        ['?q=a&q=b', /must be given once, as text/],
        [`?q=${'x'.repeat(201)}`, /must be at most 200 characters/],
        ['?from=2024-01-01&from=2024-01-02', /must be given once, as text/],
      ];
      for (const [query, message] of cases) {
        const res = await list(editor, query);
        assert.equal(res.statusCode, 400, query);
        assert.match(res.body, message, query);
        assert.match(res.body, /class="error-summary"/, `${query}: the problems are summed up`);
      }
      const common = await list(editor, '?q=the');
      assert.equal(common.statusCode, 200);
      assert.match(common.body, /has no word to look for/);
    });

    test('the lookups: signed in only, scoped, limited, paged by cursor', async () => {
      const anonymous = await t.app.inject({ method: 'GET', url: '/admin/articles/lookup?q=pipeline' });
      assert.notEqual(anonymous.statusCode, 200);
      assert.ok(anonymous.statusCode < 500);
      for (const url of ['/admin/experts/lookup', '/admin/tags/lookup']) {
        const res = await t.app.inject({ method: 'GET', url });
        assert.ok(res.statusCode !== 200 && res.statusCode < 500, url);
      }
      const published = JSON.parse((await editor.get('/admin/articles/lookup?q=pipeline&status=published')).body);
      assert.deepEqual(published, { items: [{ id: String(ids.pipelines), label: 'Pipelines and power', hint: 'Ada Lovelace · Published · 2024-03-10' }], next_cursor: null });
      const drafts = JSON.parse((await editor.get('/admin/articles/lookup?q=glaciers')).body);
      assert.equal(drafts.items.length, 2, 'without a status, drafts too');
      // Paged by cursor: 20 at a time.
      const firstPage = JSON.parse((await editor.get('/admin/articles/lookup')).body);
      assert.equal(firstPage.items.length, 20);
      assert.equal(typeof firstPage.next_cursor, 'string');
      const secondPage = JSON.parse((await editor.get(`/admin/articles/lookup?cursor=${firstPage.next_cursor}`)).body);
      assert.ok(secondPage.items.length > 0);
      assert.ok(!secondPage.items.some((i: { id: string }) => firstPage.items.some((f: { id: string }) => f.id === i.id)));
      for (const url of [
        '/admin/articles/lookup?status=bogus',
        '/admin/articles/lookup?status=a&status=b',
        '/admin/articles/lookup?cursor=%3Cscript%3E',
        `/admin/articles/lookup?q=${'y'.repeat(201)}`,
        '/admin/articles/lookup?q=a&q=b',
        '/admin/experts/lookup?cursor=!!',
        `/admin/tags/lookup?q=${'z'.repeat(201)}`,
      ]) {
        const res = await t.app.inject({ url, headers: { cookie: editor.cookie, accept: 'application/json' } });
        assert.equal(res.statusCode, 400, url);
        assert.match(JSON.parse(res.body).error.message, /\w/, url);
        assert.match((await editor.get(url)).body, /<!doctype html>/i, 'a person who follows the address gets a page');
      }
      const experts = JSON.parse((await editor.get('/admin/experts/lookup?q=ada')).body);
      assert.deepEqual(
        experts.items.map((i: { id: string }) => i.id),
        ['ada', 'adam-smith'],
      );
      const cyrillic = JSON.parse((await author.get('/admin/experts/lookup?q=%D0%B8%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2')).body);
      assert.deepEqual(
        cyrillic.items.map((i: { id: string }) => i.id),
        ['boris-ivanov'],
      );
      const wildcard = JSON.parse((await editor.get('/admin/experts/lookup?q=%25')).body);
      assert.deepEqual(wildcard.items, [], 'a % is a character, not a wildcard');
      for (let i = 0; i < 25; i++) await createTag(t.db.handle, { name: `Region ${String(i).padStart(2, '0')}`, kind: 'topic' });
      const tags1 = JSON.parse((await editor.get('/admin/tags/lookup?q=region')).body);
      assert.equal(tags1.items.length, 20);
      const tags2 = JSON.parse((await editor.get(`/admin/tags/lookup?q=region&cursor=${tags1.next_cursor}`)).body);
      assert.deepEqual(
        tags2.items.map((i: { label: string }) => i.label),
        ['Region 20', 'Region 21', 'Region 22', 'Region 23', 'Region 24'],
      );
      assert.equal(tags2.next_cursor, null);
    });
  });
}
