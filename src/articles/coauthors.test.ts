import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseHtml } from 'node-html-parser';
import { parse as parseBibtex } from '@retorquere/bibtex-parser';
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-ris';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, hostileStrings, startTestApp, type TestApp } from '../../test/app.ts';
import { officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { createUser } from '../users/store.ts';
import { coauthorIdsOf } from './authors.ts';
import { getExpertBySlug } from '../experts/store.ts';
import { getArticleById } from './store.ts';

const body = 'The corridor carries more each year.[^1]\n\n[^1]: Port statistics, 2021.';
const readAsWritten = { sentenceCase: false, english: false } as const;

for (const kind of await databaseKinds()) {
  describe(`co-authored articles on ${kind}`, () => {
    let t: TestApp;
    let editor: OfficeSession;
    let author: OfficeSession;
    const ids: Record<string, number> = {};
    before(async () => {
      t = await startTestApp(kind);
      for (const name of ['Amara Okafor', 'Dmitri Volkov', 'Leila Haddad', 'Solo Writer']) {
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/experts', headers: bearer(t.tokens.admin), payload: { name } });
        assert.equal(res.statusCode, 201, res.body);
        ids[(res.json() as { slug: string }).slug] = (res.json() as { id: number }).id;
      }
      await createUser(t.db.handle, { email: 'solo@rostrum.test', role: 'author', expertId: ids['solo-writer']!, name: 'Solo' });
      editor = await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test');
      author = await officeSessionFor(t.app, t.db.handle, 'author@rostrum.test');
    });
    after(() => t.close());

    const api = (method: 'POST' | 'PATCH' | 'GET' | 'DELETE', url: string, token: string, payload?: Record<string, unknown>) =>
      payload === undefined ? t.app.inject({ method, url, headers: bearer(token) }) : t.app.inject({ method, url, headers: bearer(token), payload });
    const publish = async (title: string, experts: string[]) => {
      const res = await api('POST', '/api/v1/articles', t.tokens.editor, {
        experts,
        title,
        lead: 'Two views of one corridor.',
        body,
        status: 'published',
        published_at: '2021-12-17T10:00:00Z',
        tags: ['Energy'],
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as { id: number; url: string; expert: string; experts: string[] };
    };

    test('the API takes experts in order: the first is the blog, each appears in the byline and the public listings', async () => {
      const article = await publish('Two Views of the Middle Corridor', ['amara-okafor', 'dmitri-volkov']);
      assert.equal(article.expert, 'amara-okafor');
      assert.deepEqual(article.experts, ['amara-okafor', 'dmitri-volkov']);
      assert.match(article.url, /\/blogs\/amara-okafor\/two-views-of-the-middle-corridor$/);
      const page = await t.app.inject({ url: new URL(article.url).pathname });
      assert.equal(page.statusCode, 200);
      const byline = parseHtml(page.body).querySelector('.byline')!;
      assert.equal(byline.text.replace(/\s+/g, ' ').trim(), 'by Amara Okafor and Dmitri Volkov');
      assert.deepEqual(
        byline.querySelectorAll('a').map((a) => a.getAttribute('href')),
        ['/blogs/amara-okafor', '/blogs/dmitri-volkov'],
      );
      for (const blog of ['amara-okafor', 'dmitri-volkov']) {
        const listing = await t.app.inject({ url: `/blogs/${blog}` });
        assert.match(listing.body, /Two Views of the Middle Corridor/, `on ${blog}'s blog`);
        const feed = await t.app.inject({ url: `/blogs/${blog}/feed.xml` });
        assert.match(feed.body, /Two Views of the Middle Corridor/, `in ${blog}'s feed`);
        assert.equal((feed.body.match(/<dc:creator>/g) ?? []).length, 2, 'the RSS item names both authors');
        const listed = (await t.app.inject({ url: `/api/v1/public/articles?expert=${blog}` })).json() as { items: Array<{ experts: Array<{ slug: string }> }> };
        assert.deepEqual(
          listed.items[0]!.experts.map((e) => e.slug),
          ['amara-okafor', 'dmitri-volkov'],
        );
      }
      assert.doesNotMatch((await t.app.inject({ url: '/blogs/leila-haddad' })).body, /Two Views of the Middle Corridor/, 'not on a blog that did not write it');
      const json = (await t.app.inject({ url: '/blogs/dmitri-volkov/feed.json' })).json() as { items: Array<{ authors: Array<{ name: string }> }> };
      assert.deepEqual(
        json.items[0]!.authors.map((a) => a.name),
        ['Amara Okafor', 'Dmitri Volkov'],
      );
      const print = await t.app.inject({ url: `${new URL(article.url).pathname}/print` });
      assert.match(print.body, /Amara Okafor and Dmitri Volkov/);
    });

    test('three authors read "A, B and C", and every citation format carries all of them in order', async () => {
      const article = await publish('Three Hands on Caspian Gas', ['leila-haddad', 'amara-okafor', 'dmitri-volkov']);
      const path = new URL(article.url).pathname;
      const doc = parseHtml((await t.app.inject({ url: path })).body);
      assert.equal(doc.querySelector('.byline')!.text.replace(/\s+/g, ' ').trim(), 'by Leila Haddad, Amara Okafor and Dmitri Volkov');
      const metas = (name: string) => doc.querySelectorAll(`meta[name="${name}"]`).map((m) => m.getAttribute('content'));
      assert.deepEqual(metas('citation_author'), ['Haddad, Leila', 'Okafor, Amara', 'Volkov, Dmitri']);
      assert.deepEqual(metas('DC.creator'), ['Haddad, Leila', 'Okafor, Amara', 'Volkov, Dmitri']);
      assert.equal(doc.querySelectorAll('meta[property="article:author"]').length, 3);
      const ld = JSON.parse(doc.querySelector('script[type="application/ld+json"]')!.rawText) as { author: Array<{ name: string; url: string }> };
      assert.ok(Array.isArray(ld.author));
      assert.deepEqual(
        ld.author.map((a) => a.name),
        ['Leila Haddad', 'Amara Okafor', 'Dmitri Volkov'],
      );
      assert.match(ld.author[1]!.url, /\/blogs\/amara-okafor$/);

      const { entries, errors } = parseBibtex((await t.app.inject({ url: `${path}/cite.bib` })).body, readAsWritten);
      assert.deepEqual(errors, []);
      assert.deepEqual(entries[0]!.fields.author, [
        { lastName: 'Haddad', firstName: 'Leila' },
        { lastName: 'Okafor', firstName: 'Amara' },
        { lastName: 'Volkov', firstName: 'Dmitri' },
      ]);
      const [ris] = (await Cite.async((await t.app.inject({ url: `${path}/cite.ris` })).body)).data as Array<{ author: unknown }>;
      assert.deepEqual(ris!.author, [
        { family: 'Haddad', given: 'Leila' },
        { family: 'Okafor', given: 'Amara' },
        { family: 'Volkov', given: 'Dmitri' },
      ]);
      const [csl] = (await Cite.async((await t.app.inject({ url: `${path}/cite.json` })).body)).data as Array<{ author: unknown }>;
      assert.deepEqual(csl!.author, [
        { family: 'Haddad', given: 'Leila' },
        { family: 'Okafor', given: 'Amara' },
        { family: 'Volkov', given: 'Dmitri' },
      ]);
      // The page's suggested citations (APA, Chicago, MLA) name them as each style does.
      const page = doc.toString();
      assert.match(page, /Haddad, L\., Okafor, A\., &amp; Volkov, D\./, 'APA');
      assert.match(page, /Haddad, Leila, et al\./, 'MLA');
    });

    test('PATCH with expert keeps the co-authors; experts replaces them; bad lists are refused whole', async () => {
      const article = await publish('Edited Byline', ['amara-okafor', 'dmitri-volkov']);
      const retitled = await api('PATCH', `/api/v1/articles/${article.id}`, t.tokens.editor, { expert: 'amara-okafor', title: 'Edited Byline Again' });
      assert.equal(retitled.statusCode, 200, retitled.body);
      assert.deepEqual((retitled.json() as { experts: string[] }).experts, ['amara-okafor', 'dmitri-volkov']);
      const swapped = await api('PATCH', `/api/v1/articles/${article.id}`, t.tokens.editor, { experts: ['dmitri-volkov', 'amara-okafor'] });
      assert.equal(swapped.statusCode, 200, swapped.body);
      assert.deepEqual((swapped.json() as { experts: string[] }).experts, ['dmitri-volkov', 'amara-okafor']);
      assert.match((swapped.json() as { url: string }).url, /\/blogs\/dmitri-volkov\//, 'the new lead’s blog holds its address');
      const moved = await t.app.inject({ url: new URL(article.url).pathname.replace('edited-byline', 'edited-byline') });
      assert.equal(moved.statusCode, 301, 'the old address leads to the new one');

      const bad: Array<Record<string, unknown>> = [
        { experts: [] },
        { experts: ['amara-okafor', 'amara-okafor'] },
        { experts: ['amara-okafor', 'nobody-here'] },
        { experts: 'amara-okafor' },
        { experts: [42] },
        { expert: 'leila-haddad', experts: ['amara-okafor'] },
        { experts: Array.from({ length: 13 }, (_, i) => `expert-${i}`) },
        ...hostileStrings.map((s) => ({ experts: ['amara-okafor', s] })),
      ];
      for (const payload of bad) {
        const res = await api('PATCH', `/api/v1/articles/${article.id}`, t.tokens.editor, payload);
        assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${JSON.stringify(payload)} → ${res.statusCode}`);
        assert.ok((res.json() as { error: { code: string } }).error.code, res.body);
      }
      assert.deepEqual(await coauthorIdsOf(t.db.handle, article.id), [ids['amara-okafor']], 'nothing half-written');
      const create = await api('POST', '/api/v1/articles', t.tokens.editor, { title: 'No expert at all', lead: 'L', body: 'B', status: 'draft' });
      assert.equal(create.statusCode, 422, create.body);
      assert.equal((create.json() as { error: { field: string } }).error.field, 'expert');
    });

    test('a co-author’s account edits the draft as the lead’s does, but cannot take it to another blog', async () => {
      const draft = await api('POST', '/api/v1/articles', t.tokens.editor, { experts: ['amara-okafor', 'author-expert'], title: 'Shared Draft', lead: 'L', body: 'B', status: 'draft' });
      assert.equal(draft.statusCode, 201, draft.body);
      const { id } = draft.json() as { id: number };
      // The author's account is linked to author-expert, a co-author here.
      assert.equal((await api('GET', `/api/v1/articles/${id}`, t.tokens.author)).statusCode, 200);
      const edited = await api('PATCH', `/api/v1/articles/${id}`, t.tokens.author, { title: 'Shared Draft, Revised' });
      assert.equal(edited.statusCode, 200, edited.body);
      assert.equal((await api('PATCH', `/api/v1/articles/${id}`, t.tokens.author, { expert: 'author-expert' })).statusCode, 403, 'a co-author cannot become the lead');
      assert.equal((await api('PATCH', `/api/v1/articles/${id}`, t.tokens.author, { experts: ['author-expert', 'amara-okafor'] })).statusCode, 403);
      const submitted = await api('PATCH', `/api/v1/articles/${id}`, t.tokens.author, { status: 'in_review' });
      assert.equal(submitted.statusCode, 200, submitted.body);
      assert.equal((await api('PATCH', `/api/v1/articles/${id}`, t.tokens.author, { title: 'Too late' })).statusCode, 403, 'in review, it is the editors’');
      assert.equal((await api('PATCH', `/api/v1/articles/${id}`, t.tokens.author, { status: 'published' })).statusCode, 403, 'authors never publish');

      // Someone who wrote none of it sees nothing of it.
      const solo = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.editor),
        payload: { experts: ['amara-okafor'], title: 'Amara Alone', lead: 'L', body: 'B', status: 'draft' },
      });
      const soloId = (solo.json() as { id: number }).id;
      assert.equal((await api('GET', `/api/v1/articles/${soloId}`, t.tokens.author)).statusCode, 403);
      assert.equal((await api('PATCH', `/api/v1/articles/${soloId}`, t.tokens.author, { title: 'Hijack' })).statusCode, 403);
      // Taken off the byline, the co-author's account loses the draft.
      const back = await api('PATCH', `/api/v1/articles/${id}`, t.tokens.editor, { status: 'draft', review_note: 'One more pass.' });
      assert.equal(back.statusCode, 200, back.body);
      assert.equal((await api('PATCH', `/api/v1/articles/${id}`, t.tokens.editor, { experts: ['amara-okafor'] })).statusCode, 200);
      assert.equal((await api('PATCH', `/api/v1/articles/${id}`, t.tokens.author, { title: 'Mine again?' })).statusCode, 403);
    });

    test('the office editor names co-authors in order, refuses unknown ones, and lists co-written drafts for their authors', async () => {
      const res = await editor.post('/admin/articles/new', {
        expert: 'amara-okafor',
        coauthor_1: 'author-expert',
        coauthor_2: 'leila-haddad',
        title: 'Office Byline',
        lead: 'L',
        body: 'B',
        action: 'save',
      });
      assert.equal(res.statusCode, 303, res.body.slice(0, 400));
      const id = Number(/\/admin\/articles\/(\d+)/.exec(String(res.headers.location))![1]);
      assert.deepEqual(await coauthorIdsOf(t.db.handle, id), [(await getExpertBySlug(t.db.handle, 'author-expert'))!.id, ids['leila-haddad']]);
      const page = await editor.get(`/admin/articles/${id}`);
      const doc = parseHtml(page.body);
      const chosen = (name: string) =>
        doc
          .querySelectorAll(`select[name="${name}"] option`)
          .find((o) => o.hasAttribute('selected'))
          ?.getAttribute('value');
      assert.equal(chosen('coauthor_1'), 'author-expert');
      assert.equal(chosen('coauthor_2'), 'leila-haddad');
      assert.ok(doc.querySelector('select[name="coauthor_3"]'), 'an empty choice to add one more');
      assert.ok(doc.querySelector('label[for="field-coauthor_1"]'), 'each choice is labelled');

      const refused = await editor.post(`/admin/articles/${id}`, {
        expert: 'amara-okafor',
        coauthor_1: 'nobody-here',
        coauthor_2: 'amara-okafor',
        title: 'Office Byline',
        lead: 'L',
        body: 'B',
        action: 'save',
      });
      assert.equal(refused.statusCode, 422);
      assert.match(refused.body, /there is no expert with this slug/);
      assert.match(refused.body, /names an expert already on the byline/);
      assert.equal((await coauthorIdsOf(t.db.handle, id)).length, 2, 'a refused form changes nothing');

      // The co-author's account finds the draft in its list, opens it (the blog is the lead's, offered alone)
      // and saves the form as the page gives it, changing only the title.
      const list = await author.get('/admin/articles');
      assert.match(list.body, /Office Byline/);
      const form = parseHtml((await author.get(`/admin/articles/${id}`)).body).querySelector('form#article-editor')!;
      assert.deepEqual(
        form.querySelectorAll('select[name="expert"] option').map((o) => o.getAttribute('value')),
        ['amara-okafor'],
      );
      const fields: Record<string, string> = {};
      for (const field of form.querySelectorAll('input[name], textarea[name], select[name]')) {
        const name = field.getAttribute('name')!;
        const type = field.getAttribute('type');
        if (name === '_csrf' || type === 'file' || (type === 'checkbox' && !field.hasAttribute('checked'))) continue;
        if (field.tagName === 'SELECT')
          fields[name] =
            field
              .querySelectorAll('option')
              .find((o) => o.hasAttribute('selected'))
              ?.getAttribute('value') ??
            field.querySelector('option')?.getAttribute('value') ??
            '';
        else if (field.tagName === 'TEXTAREA') fields[name] = field.text;
        else fields[name] = field.getAttribute('value') ?? '';
      }
      const saved = await author.post(`/admin/articles/${id}`, { ...fields, title: 'Office Byline, by the co-author', action: 'save' });
      assert.equal(saved.statusCode, 303, saved.body.slice(0, 400));
      assert.equal((await getArticleById(t.db.handle, id))!.title, 'Office Byline, by the co-author');
      assert.equal((await author.post(`/admin/articles/${id}`, { ...fields, coauthor_3: 'dmitri-volkov', action: 'save' })).statusCode, 403, 'a co-author does not change the byline');
      // Removing everyone in the office: an empty first choice clears them.
      const cleared = await editor.post(`/admin/articles/${id}`, { expert: 'amara-okafor', coauthor_1: '', title: 'Office Byline', lead: 'L', body: 'B', action: 'save' });
      assert.equal(cleared.statusCode, 303);
      assert.deepEqual(await coauthorIdsOf(t.db.handle, id), []);
    });

    test('an expert who is removed leaves the articles they co-wrote, under the others’ names', async () => {
      const res = await api('POST', '/api/v1/experts', t.tokens.admin, { name: 'Passing Through' });
      const slug = (res.json() as { slug: string }).slug;
      const article = await publish('Written With a Guest', ['amara-okafor', slug]);
      assert.equal((await api('DELETE', `/api/v1/experts/${slug}`, t.tokens.admin)).statusCode, 204);
      const page = await t.app.inject({ url: new URL(article.url).pathname });
      assert.equal(page.statusCode, 200);
      assert.equal(parseHtml(page.body).querySelector('.byline')!.text.replace(/\s+/g, ' ').trim().startsWith('by Amara Okafor'), true);
      assert.doesNotMatch(page.body, /Passing Through/);
    });
  });
}
