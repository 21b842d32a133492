import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, hostileStrings, multipartBody, sampleJpeg, startTestApp, type TestApp, type UploadFile } from '../../test/app.ts';
import { officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { createExpert } from '../experts/store.ts';
import { createUser } from '../users/store.ts';
import { getMediaById } from '../media/store.ts';
import { listAuditEvents } from '../audit/store.ts';
import { CSRF_FIELD } from '../http/csrf.ts';
import { createArticle, getArticleById, nextScheduledPublication } from './store.ts';
import { listRevisions } from './revisions.ts';

const footnoted = 'A claim that needs a source.[^1]\n\n## Why it matters\n\n> A quotation.\n\n[^1]: The source, 2021.';

/** A multipart editor form as a browser without JavaScript sends it: text fields and the image file part, empty when none is chosen. */
const editorMultipart = (fields: Record<string, string>, file?: UploadFile) => multipartBody(file, fields, { fileField: 'image_file', emptyFilePart: true });

const idFromLocation = (res: LightMyRequestResponse) => {
  const match = /^\/admin\/articles\/(\d+)\?notice=(\w+)$/.exec(String(res.headers.location));
  assert.ok(match, `expected a redirect to the editor, got ${res.statusCode} ${res.headers.location ?? res.body.slice(0, 300)}`);
  return { id: Number(match[1]), notice: match[2] };
};

const draftFields = (over: Record<string, string> = {}) => ({ expert: 'author-expert', title: 'A draft', lead: 'Its lead.', body: 'Its body.', action: 'save', ...over });

/** The text of the element with this id, tags stripped: enough to check what a page says. */
const countOf = (html: string, needle: string) => html.split(needle).length - 1;

for (const kind of await databaseKinds()) {
  describe(`articles in the editorial office on ${kind}`, () => {
    let t: TestApp;
    let author: OfficeSession;
    let otherAuthor: OfficeSession;
    let editor: OfficeSession;
    let admin: OfficeSession;
    before(async () => {
      t = await startTestApp(kind);
      const other = await createExpert(t.db.handle, { name: 'Other Expert', slug: 'other-expert' });
      await createUser(t.db.handle, { email: 'other@rostrum.test', role: 'author', expertId: other.id, name: 'Other Author' });
      author = await officeSessionFor(t.app, t.db.handle, 'author@rostrum.test');
      otherAuthor = await officeSessionFor(t.app, t.db.handle, 'other@rostrum.test');
      editor = await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test');
      admin = await officeSessionFor(t.app, t.db.handle, 'admin@rostrum.test');
    });
    after(() => t.close());

    async function newDraft(session: OfficeSession, fields: Record<string, string> = {}) {
      const res = await session.post('/admin/articles/new', draftFields(fields));
      assert.equal(res.statusCode, 303, res.body.slice(0, 500));
      return idFromLocation(res).id;
    }

    const auditActions = async (id: number) => (await listAuditEvents(t.db.handle, { limit: 100, subject: { kind: 'article', id } })).map((e) => e.action).reverse();

    test('the editor keeps its contract: labels, buttons by role, the form’s addresses and fields', async () => {
      const authorPage = await author.get('/admin/articles/new');
      assert.equal(authorPage.statusCode, 200);
      const html = authorPage.body;
      for (const label of ['Title', 'Lead', 'Body', 'Expert', 'Slug', 'Tags', 'Hero image', 'Alt text', 'Image credit', 'Credit link']) {
        assert.match(html, new RegExp(`<label for="[^"]+">${label}</label>`), label);
      }
      assert.match(
        html,
        /<form id="article-editor"[^>]* method="post" enctype="multipart\/form-data" action="\/admin\/articles\/new\?_csrf=[^"]+" data-preview-url="\/admin\/articles\/preview" data-preview-page-url="\/admin\/articles\/preview-page" data-autosave-url="\/admin\/articles\/autosave" data-media-url="\/api\/v1\/media">/,
      );
      assert.ok(html.includes(`action="/admin/articles/new?_csrf=${encodeURIComponent(author.csrf)}"`));
      assert.match(html, /<input type="hidden" name="id" value(="")?\/>/);
      assert.match(html, /<button type="submit" name="action" value="save"[^>]*>Save draft<\/button>/);
      assert.match(html, /<button type="submit" name="action" value="submit"[^>]*>Submit for review<\/button>/);
      assert.match(html, /<button type="submit" name="action" value="preview"[^>]*>Preview<\/button>/);
      assert.doesNotMatch(html, />Publish</, 'authors do not see Publish');
      assert.doesNotMatch(html, /name="poll"|name="published_at"|name="featured"/, 'authors do not see the editors’ fields');
      assert.match(html, /<div class="field dropzone" data-dropzone(="true")?>[\s\S]*?<input type="file" id="field-image_file" name="image_file"/);
      assert.match(html, /<input type="hidden" name="image" value(="")?\/>/);
      // Tags are suggested from the whole archive as one types (the tags' lookup), not listed in the page.
      assert.match(html, /<div class="field picker" data-picker="\/admin\/tags\/lookup" data-picker-name="tags"[^>]*data-picker-multiple="true">/);
      assert.match(html, /<input id="field-tags" name="tags" type="search"/);
      assert.match(
        html,
        // The preview is the reading page in a sandboxed same-origin frame (src/articles/editor-preview.tsx).
        /<section id="article-preview" class="article-preview" aria-labelledby="article-preview-heading" data-preview-section(="true")?>[\s\S]*?role="status" data-preview-status[\s\S]*?<iframe class="preview-frame"[^>]*sandbox="allow-same-origin[^"]*" srcdoc="[^"]*" data-preview-frame/,
      );
      const expertSelect = /<select id="field-expert" name="expert"[^>]*>([\s\S]*?)<\/select>/.exec(html)![1]!;
      assert.equal(countOf(expertSelect, '<option'), 1, 'an author writes for their own expert only');
      assert.match(expertSelect, /value="author-expert"/);
      assert.doesNotMatch(html, /<script>|style="/);

      const editorPage = (await editor.get('/admin/articles/new')).body;
      for (const [value, label] of [
        ['save', 'Save draft'],
        ['submit', 'Submit for review'],
        ['publish', 'Publish'],
      ]) {
        assert.match(editorPage, new RegExp(`<button type="submit" name="action" value="${value}"[^>]*>${label}</button>`), label);
      }
      assert.match(editorPage, /<label for="field-published_at">Publication time<\/label>[\s\S]*?Times are in UTC\.[\s\S]*?type="datetime-local"/);
      assert.match(editorPage, /<label for="field-poll">Poll<\/label>/);
      const editorExperts = /<select id="field-expert" name="expert"[^>]*>([\s\S]*?)<\/select>/.exec(editorPage)![1]!;
      assert.ok(countOf(editorExperts, '<option') >= 2, 'editors pick any expert');
    });

    test('the whole journey in the office: write, submit, return with a note, fix, publish, unpublish', async () => {
      const id = await newDraft(author, { title: 'Grain corridors', lead: 'Why they matter.', body: footnoted, tags: 'Trade, Black Sea' });
      let article = (await getArticleById(t.db.handle, id))!;
      assert.deepEqual([article.status, article.slug], ['draft', 'grain-corridors']);
      const page = await author.get(`/admin/articles/${id}?notice=created`);
      assert.match(page.body, /Draft created\./);
      assert.match(page.body, /value="Trade, Black Sea"|value="Black Sea, Trade"/);
      assert.match(page.body, /<input type="hidden" name="id" value="\d+"\/>/);

      const submitted = await author.post(`/admin/articles/${id}`, draftFields({ title: 'Grain corridors', lead: 'Why they matter.', body: footnoted, tags: 'Trade', action: 'submit' }));
      assert.equal(idFromLocation(submitted).notice, 'submitted');
      article = (await getArticleById(t.db.handle, id))!;
      assert.equal(article.status, 'in_review');
      const inReview = await author.get(`/admin/articles/${id}`);
      assert.match(inReview.body, /In review since/);
      assert.doesNotMatch(inReview.body, /id="article-editor"/, 'an author reads an article in review but cannot edit it');
      assert.equal((await author.post(`/admin/articles/${id}`, draftFields({ title: 'Sneaky edit' }))).statusCode, 403);
      assert.equal((await author.post(`/admin/articles/${id}/return`, { note: 'Self-return' })).statusCode, 403);

      const editorView = (await editor.get(`/admin/articles/${id}`)).body;
      assert.match(editorView, /<label for="field-note">Note to the author<\/label>/);
      assert.match(editorView, /<button type="submit" class="button">Return to author<\/button>/);
      assert.match(editorView, />Publish</);
      assert.doesNotMatch(editorView, /value="submit"/, 'no Submit for review once in review');
      assert.doesNotMatch(editorView, /data-autosave-url/, 'autosave keeps drafts only');
      const noNote = await editor.post(`/admin/articles/${id}/return`, { note: '   ' });
      assert.equal(noNote.statusCode, 422);
      assert.match(noNote.body, /class="error-summary"/);
      assert.equal((await getArticleById(t.db.handle, id))!.status, 'in_review', 'a refused return changes nothing');
      const returned = await editor.post(`/admin/articles/${id}/return`, { note: 'Cite the 2021 harvest figures.\nAnd shorten the lead.' });
      assert.equal(idFromLocation(returned).notice, 'returned');
      article = (await getArticleById(t.db.handle, id))!;
      assert.deepEqual([article.status, article.reviewNote], ['draft', 'Cite the 2021 harvest figures.\nAnd shorten the lead.']);

      const authorSees = (await author.get(`/admin/articles/${id}`)).body;
      assert.match(authorSees, /<section class="review-note"[\s\S]*Returned by the editor[\s\S]*Cite the 2021 harvest figures\.\nAnd shorten the lead\./);
      assert.match(authorSees, /article-status-returned/);
      const fixed = await author.post(
        `/admin/articles/${id}`,
        draftFields({ title: 'Grain corridors', lead: 'Shorter.', body: `${footnoted}\n\nHarvest 2021: 84 Mt.`, tags: 'Trade', slug: 'grain-corridors', action: 'submit' }),
      );
      assert.equal(idFromLocation(fixed).notice, 'submitted');
      assert.equal((await getArticleById(t.db.handle, id))!.reviewNote, null, 'resubmitting clears the note');

      assert.equal((await author.post(`/admin/articles/${id}`, draftFields({ action: 'publish' }))).statusCode, 403, 'authors cannot publish');
      const published = await editor.post(`/admin/articles/${id}`, {
        expert: 'author-expert',
        title: 'Grain corridors',
        lead: 'Shorter.',
        body: `${footnoted}\n\nHarvest 2021: 84 Mt.`,
        tags: 'Trade',
        slug: 'grain-corridors',
        editorial_fields: '1',
        published_at: '',
        poll: '',
        action: 'publish',
      });
      assert.equal(idFromLocation(published).notice, 'published');
      const publicPage = await t.app.inject({ url: '/blogs/author-expert/grain-corridors' });
      assert.equal(publicPage.statusCode, 200);
      assert.match(publicPage.body, /class="footnotes"/);
      const afterPublish = (await editor.get(`/admin/articles/${id}`)).body;
      assert.match(afterPublish, /href="\/blogs\/author-expert\/grain-corridors">View on site</);
      assert.match(afterPublish, />Unpublish</);
      assert.doesNotMatch(afterPublish, /value="publish"/);
      assert.equal((await author.post(`/admin/articles/${id}/unpublish`)).statusCode, 403);

      const unpublished = await editor.post(`/admin/articles/${id}/unpublish`);
      assert.equal(idFromLocation(unpublished).notice, 'unpublished');
      assert.equal((await t.app.inject({ url: '/blogs/author-expert/grain-corridors' })).statusCode, 404);
      assert.equal((await editor.post(`/admin/articles/${id}/unpublish`)).statusCode, 409);
      assert.equal((await editor.post(`/admin/articles/${id}/return`, { note: 'x' })).statusCode, 409, 'only an article in review is returned');

      assert.deepEqual(await auditActions(id), ['article.save', 'article.submit', 'article.return', 'article.submit', 'article.publish', 'article.unpublish']);
      const notes = (await listRevisions(t.db.handle, id)).map((r) => r.note).reverse();
      assert.deepEqual(notes, ['Created', 'Submitted for review', 'Returned: Cite the 2021 harvest figures.\nAnd shorten the lead.', 'Submitted for review', 'Published', 'Unpublished']);
    });

    test('authors get 403 on another expert’s articles, in the office and the API; unknown ids are 404', async () => {
      const theirs = await newDraft(otherAuthor, { expert: 'other-expert', title: 'Not yours' });
      for (const url of [`/admin/articles/${theirs}`, `/admin/articles/${theirs}/revisions`, `/admin/articles/${theirs}/delete`]) {
        assert.equal((await author.get(url)).statusCode, 403, url);
      }
      for (const url of [`/admin/articles/${theirs}`, `/admin/articles/${theirs}/delete`, `/admin/articles/${theirs}/revisions/1/restore`]) {
        assert.equal((await author.post(url, draftFields({ expert: 'other-expert' }))).statusCode, 403, url);
      }
      assert.equal((await author.json('POST', '/admin/articles/autosave', { id: theirs, expert: 'other-expert', title: 'Mine now', lead: '', body: '' })).statusCode, 403);
      assert.equal((await author.post('/admin/articles/new', draftFields({ expert: 'other-expert' }))).statusCode, 403, 'an author cannot write for another blog');
      assert.equal((await author.post('/admin/articles/new', draftFields({ id: String(theirs) }))).statusCode, 403, 'nor reach another’s draft through the id field');
      for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
        const res = await t.app.inject({ method, url: `/api/v1/articles/${theirs}`, headers: bearer(t.tokens.author), ...(method === 'PATCH' && { payload: { title: 'Hijack' } }) });
        assert.equal(res.statusCode, 403, method);
      }
      assert.equal((await getArticleById(t.db.handle, theirs))!.title, 'Not yours');
      const list = (await author.get('/admin/articles')).body;
      assert.doesNotMatch(list, /Not yours/, 'authors list only their own expert’s articles');
      assert.match((await editor.get('/admin/articles')).body, /Not yours/);
      for (const url of ['/admin/articles/999999', '/admin/articles/abc', '/admin/articles/0', '/admin/articles/999999/revisions']) {
        assert.equal((await editor.get(url)).statusCode, 404, url);
      }
      assert.equal((await editor.post('/admin/articles/999999/return', { note: 'x' })).statusCode, 404);
      assert.equal((await editor.get(`/admin/articles/${theirs}/revisions?from=1&to=99`)).statusCode, 404);
      assert.equal((await editor.post(`/admin/articles/${theirs}/revisions/99/restore`)).statusCode, 404);
    });

    test('office forms without the CSRF token are refused with 403 and change nothing', async () => {
      const id = await newDraft(author, { title: 'Guarded' });
      const forged = await author.post(`/admin/articles/${id}`, draftFields({ title: 'Forged' }), { csrf: false });
      assert.equal(forged.statusCode, 403);
      const form = editorMultipart(draftFields({ title: 'Forged by multipart' }));
      const forgedMultipart = await t.app.inject({ method: 'POST', url: `/admin/articles/${id}`, headers: { cookie: author.cookie, ...form.headers }, payload: form.payload });
      assert.equal(forgedMultipart.statusCode, 403);
      const wrongToken = await t.app.inject({
        method: 'POST',
        url: `/admin/articles/${id}?${CSRF_FIELD}=${otherAuthor.csrf}`,
        headers: { cookie: author.cookie, ...form.headers },
        payload: form.payload,
      });
      assert.equal(wrongToken.statusCode, 403);
      const autosave = await t.app.inject({
        method: 'POST',
        url: '/admin/articles/autosave',
        headers: { cookie: author.cookie, 'content-type': 'application/json' },
        payload: JSON.stringify({ id, expert: 'author-expert', title: 'Forged' }),
      });
      assert.equal(autosave.statusCode, 403);
      assert.equal((await editor.post(`/admin/articles/${id}/delete`, {}, { csrf: false })).statusCode, 403);
      assert.equal((await getArticleById(t.db.handle, id))!.title, 'Guarded');
      const signedOut = await t.app.inject({ method: 'GET', url: `/admin/articles/${id}` });
      assert.equal(signedOut.statusCode, 303);
      assert.match(String(signedOut.headers.location), /^\/admin\/login\?next=/);
    });

    test('bad input shows the form again with 422, the problems and what was typed; nothing is written', async () => {
      const before = await listOfficeCount(editor);
      const cases: Array<[Record<string, string>, string]> = [
        [draftFields({ title: '' }), 'field-title'],
        [draftFields({ title: 'x'.repeat(301), lead: 'Kept lead' }), 'field-title'],
        [draftFields({ slug: 'Not A Slug!' }), 'field-slug'],
        [draftFields({ tags: 'ok, !!!' }), 'field-tags'],
        [draftFields({ expert: 'nobody-here' }), 'field-expert'],
        [draftFields({ body: 'x'.repeat(200_001) }), 'field-body'],
        [draftFields({ lead: '', action: 'submit' }), 'field-lead'],
        [draftFields({ image_credit_url: 'javascript:alert(1)' }), 'field-image_credit_url'],
        [draftFields({ image: '999999' }), 'href="#field-image_file"'],
        [{ ...draftFields({ editorial_fields: '1', published_at: '2021-02-30T10:00', action: 'publish' }) }, 'field-published_at'],
        [{ ...draftFields({ editorial_fields: '1', poll: '999999' }) }, 'href="#field-poll"'],
        [draftFields({ title: 'Control \u0007 char' }), 'field-title'],
      ];
      for (const [fields, anchor] of cases) {
        const res = await editor.post('/admin/articles/new', fields);
        assert.equal(res.statusCode, 422, `${JSON.stringify(fields).slice(0, 100)} -> ${res.statusCode} ${res.body.slice(0, 200)}`);
        assert.match(res.body, /class="error-summary"/);
        assert.ok(res.body.includes(anchor), `${anchor} is named`);
      }
      const kept = await editor.post('/admin/articles/new', draftFields({ title: 'x'.repeat(301), lead: 'Kept lead', body: 'Kept <body>' }));
      assert.match(kept.body, />Kept lead<\/textarea>/);
      assert.match(kept.body, />Kept &lt;body></);
      assert.equal(await listOfficeCount(editor), before, 'no article was written');

      await newDraft(author, { title: 'Taken slug', slug: 'taken-slug' });
      const clash = await author.post('/admin/articles/new', draftFields({ title: 'Another', slug: 'taken-slug' }));
      assert.equal(clash.statusCode, 409);
      assert.match(clash.body, /is taken by another article/);
      for (const action of ['surprise', '']) {
        const res = await author.post('/admin/articles/new', draftFields({ title: `Action ${action || 'none'}`, action }));
        assert.equal(idFromLocation(res).notice, 'created', 'an unknown action saves a draft, never publishes');
      }
    });

    async function listOfficeCount(session: OfficeSession) {
      return countOf((await session.get('/admin/articles?status=draft')).body, '<tr>');
    }

    test('every save keeps a revision: API create and PATCH, office saves, with who saved', async () => {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.author),
        payload: { expert: 'author-expert', title: 'Rev one', lead: 'L', body: 'First body.', status: 'draft', tags: ['Energy'] },
      });
      assert.equal(created.statusCode, 201);
      const id = (created.json() as { id: number }).id;
      await t.app.inject({ method: 'PATCH', url: `/api/v1/articles/${id}`, headers: bearer(t.tokens.author), payload: { body: 'Second body.' } });
      await t.app.inject({ method: 'PATCH', url: `/api/v1/articles/${id}`, headers: bearer(t.tokens.author), payload: { status: 'in_review' } });
      const returnWithoutNote = await t.app.inject({ method: 'PATCH', url: `/api/v1/articles/${id}`, headers: bearer(t.tokens.editor), payload: { status: 'draft' } });
      assert.equal(returnWithoutNote.statusCode, 422);
      assert.equal((returnWithoutNote.json() as { error: { field: string } }).error.field, 'review_note');
      const back = await t.app.inject({ method: 'PATCH', url: `/api/v1/articles/${id}`, headers: bearer(t.tokens.editor), payload: { status: 'draft', review_note: 'Tighten it.' } });
      assert.equal(back.statusCode, 200);
      await author.post(`/admin/articles/${id}`, draftFields({ title: 'Rev one', lead: 'L', body: 'Third body.', tags: 'Energy', slug: 'rev-one' }));
      const revisions = await listRevisions(t.db.handle, id);
      assert.deepEqual(
        revisions.map((r) => [r.number, r.note]),
        [
          [5, 'Saved draft'],
          [4, 'Returned: Tighten it.'],
          [3, 'Submitted for review'],
          [2, 'Saved draft'],
          [1, 'Created'],
        ],
      );
      assert.deepEqual(
        revisions.map((r) => r.status),
        ['draft', 'draft', 'in_review', 'draft', 'draft'],
      );
      assert.equal(revisions[4]!.tags, 'energy');
      const history = (await author.get(`/admin/articles/${id}/revisions`)).body;
      assert.match(history, /Returned: Tighten it\./);
      assert.match(history, /<td>editor@rostrum\.test<\/td>|<td>editor<\/td>/);
      assert.deepEqual(await auditActions(id), ['article.save', 'article.save', 'article.submit', 'article.return', 'article.save']);
      const deleted = await t.app.inject({ method: 'DELETE', url: `/api/v1/articles/${id}`, headers: bearer(t.tokens.editor) });
      assert.equal(deleted.statusCode, 204);
      assert.equal((await listRevisions(t.db.handle, id)).length, 0, 'revisions go with their article');
      assert.ok((await auditActions(id)).includes('article.delete'));
      const conflictStep = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.editor),
        payload: { expert: 'author-expert', title: 'Live', lead: 'L', body: 'B', status: 'published' },
      });
      const liveId = (conflictStep.json() as { id: number }).id;
      const backToReview = await t.app.inject({ method: 'PATCH', url: `/api/v1/articles/${liveId}`, headers: bearer(t.tokens.editor), payload: { status: 'in_review' } });
      assert.equal(backToReview.statusCode, 409, 'published goes back to draft before review');
    });

    test('autosave: the contract, drafts only, and one revision per person per ten minutes', async () => {
      const empty = await author.json('POST', '/admin/articles/autosave', { expert: 'author-expert', title: '  ', lead: '', body: 'Words' });
      assert.equal(empty.statusCode, 422);
      assert.ok((empty.json() as { error: { message: string } }).error.message);
      const first = await author.json('POST', '/admin/articles/autosave', { expert: 'author-expert', title: 'Autosaved', lead: '', body: 'One' });
      assert.equal(first.statusCode, 201, first.body);
      const saved = first.json() as { id: number; edit_url: string; autosave_url: string; saved_at: string };
      assert.equal(saved.edit_url, `/admin/articles/${saved.id}`);
      assert.equal(saved.autosave_url, '/admin/articles/autosave');
      assert.ok(!Number.isNaN(Date.parse(saved.saved_at)));
      for (const body of ['One two', 'One two three']) {
        const again = await author.json('POST', '/admin/articles/autosave', { id: saved.id, expert: 'author-expert', title: 'Autosaved', lead: 'Lead', body, tags: 'Energy, Trade' });
        assert.equal(again.statusCode, 200, again.body);
        assert.equal((again.json() as { id: number }).id, saved.id);
      }
      let revisions = await listRevisions(t.db.handle, saved.id);
      assert.deepEqual(
        revisions.map((r) => [r.number, r.note, r.autosave]),
        [[1, 'Autosave', 1]],
        'autosaves fold into one revision',
      );
      assert.equal((await getArticleById(t.db.handle, saved.id))!.bodyMarkdown, 'One two three');
      assert.equal(revisions[0]!.tags, 'energy,trade');

      // Another person's autosave, and one after the window, start revisions of their own.
      await editor.json('POST', '/admin/articles/autosave', { id: saved.id, expert: 'author-expert', title: 'Autosaved', lead: 'Lead', body: 'Edited by the editor' });
      await t.db.handle.db
        .updateTable('articleRevisions')
        .set({ createdAt: new Date(Date.now() - 11 * 60_000).toISOString() })
        .where('articleId', '=', saved.id)
        .execute();
      await editor.json('POST', '/admin/articles/autosave', { id: saved.id, expert: 'author-expert', title: 'Autosaved', lead: 'Lead', body: 'Later' });
      revisions = await listRevisions(t.db.handle, saved.id);
      assert.deepEqual(
        revisions.map((r) => r.number),
        [3, 2, 1],
      );
      assert.equal((await getArticleById(t.db.handle, saved.id))!.status, 'draft', 'autosave never changes the status');

      const submitted = await author.post(`/admin/articles/${saved.id}`, draftFields({ title: 'Autosaved', lead: 'Lead', body: 'Final', action: 'submit' }));
      assert.equal(idFromLocation(submitted).notice, 'submitted');
      const late = await author.json('POST', '/admin/articles/autosave', { id: saved.id, expert: 'author-expert', title: 'Late', lead: '', body: '' });
      assert.equal(late.statusCode, 409, 'no autosave once the article is in review');
      for (const bad of [
        { expert: 'author-expert', title: 42 },
        { expert: 'Bad Slug', title: 'x' },
        { id: 'abc', expert: 'author-expert', title: 'x' },
        { id: 99999999, expert: 'author-expert', title: 'x' },
      ]) {
        const res = await author.json('POST', '/admin/articles/autosave', bad);
        assert.ok([404, 422].includes(res.statusCode), `${JSON.stringify(bad)} -> ${res.statusCode}`);
        assert.ok((res.json() as { error: unknown }).error);
      }
    });

    test('preview: the endpoint renders what publication renders; the no-JS Preview button shows it on the page', async () => {
      const preview = await author.json('POST', '/admin/articles/preview', { body: footnoted });
      assert.equal(preview.statusCode, 200);
      const html = (preview.json() as { html: string }).html;
      const published = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.editor),
        payload: { expert: 'author-expert', title: 'Preview parity', lead: 'L', body: footnoted, status: 'published' },
      });
      assert.equal(html, (published.json() as { body_html: string }).body_html);
      assert.match(html, /class="footnotes"/);
      const hostile = await author.json('POST', '/admin/articles/preview', { body: '<script>alert(1)</script> [x](javascript:alert(1))' });
      assert.doesNotMatch((hostile.json() as { html: string }).html, /<script|href="javascript:/);
      assert.equal((await author.json('POST', '/admin/articles/preview', { body: 'x'.repeat(200_001) })).statusCode, 422);
      assert.equal((await author.json('POST', '/admin/articles/preview', { body: 42 })).statusCode, 422);
      const form = await author.post('/admin/articles/preview', { body: '*em*' });
      assert.equal((form.json() as { html: string }).html, '<p><em>em</em></p>\n');

      const noJs = await author.post('/admin/articles/new', draftFields({ title: 'Seen first', lead: 'A lead', body: footnoted, action: 'preview' }));
      assert.equal(noJs.statusCode, 200);
      assert.match(
        noJs.body,
        /<section id="article-preview"[\s\S]*srcdoc="[^"]*&lt;h1 class=&quot;article-title&quot;>Seen first&lt;\/h1>[^"]*&lt;p class=&quot;lead&quot;>A lead&lt;\/p>[^"]*class=&quot;footnotes&quot;/,
      );
      assert.ok(html.includes('class="footnotes"'), 'the endpoint renders the same footnotes');
      assert.match(noJs.body, /value="Seen first"/, 'the form keeps what was typed');
      assert.doesNotMatch((await author.get('/admin/articles')).body, /Seen first/, 'a preview saves nothing');
    });

    test('scheduled publication: a future time keeps the article off the site until then', async () => {
      const future = new Date(Date.now() + 3 * 86_400_000);
      const local = future.toISOString().slice(0, 16);
      const res = await editor.post('/admin/articles/new', { expert: 'author-expert', title: 'Scheduled piece', lead: 'L', body: 'B', editorial_fields: '1', published_at: local, action: 'publish' });
      const { id, notice } = idFromLocation(res);
      assert.equal(notice, 'scheduled');
      const article = (await getArticleById(t.db.handle, id))!;
      assert.equal(article.status, 'published');
      assert.equal(article.publishedAt, `${local}:00.000Z`, 'the time is read as UTC');
      assert.equal((await t.app.inject({ url: '/blogs/author-expert/scheduled-piece' })).statusCode, 404);
      const next = await nextScheduledPublication(t.db.handle);
      assert.ok(next !== undefined && next <= article.publishedAt!);
      assert.match((await editor.get(`/admin/articles/${id}`)).body, /Scheduled for/);
      assert.match((await editor.get('/admin/articles?status=scheduled')).body, /Scheduled piece/);
      assert.match((await editor.get('/admin')).body, /Scheduled piece/);
      assert.ok((await auditActions(id)).includes('article.schedule'));
      await t.db.handle.db
        .updateTable('articles')
        .set({ publishedAt: new Date(Date.now() - 1000).toISOString() })
        .where('id', '=', id)
        .execute();
      assert.equal((await t.app.inject({ url: '/blogs/author-expert/scheduled-piece' })).statusCode, 200, 'it appears by itself once its time has come');
      assert.match((await editor.get('/admin/articles?status=published')).body, /Scheduled piece/);
    });

    test('the editor takes an image upload without JavaScript, with its alt text and credit', async () => {
      const fields = draftFields({ title: 'With a picture', image_alt: 'Cranes at a grain terminal', image_credit: 'Port Authority', image_credit_url: 'https://example.org/port' });
      const form = editorMultipart(fields, { name: 'port.jpg', type: 'image/jpeg', bytes: await sampleJpeg(640, 400) });
      const res = await t.app.inject({
        method: 'POST',
        url: `/admin/articles/new?${CSRF_FIELD}=${encodeURIComponent(author.csrf)}`,
        headers: { cookie: author.cookie, ...form.headers },
        payload: form.payload,
      });
      const { id } = idFromLocation(res);
      const article = (await getArticleById(t.db.handle, id))!;
      assert.ok(article.heroMediaId);
      const media = (await getMediaById(t.db.handle, article.heroMediaId))!;
      assert.deepEqual([media.alt, media.credit, media.creditUrl], ['Cranes at a grain terminal', 'Port Authority', 'https://example.org/port']);
      const page = (await author.get(`/admin/articles/${id}`)).body;
      assert.match(page, /<div class="image-preview" data-image-preview(="true")?><img src="\/media\/[0-9a-f]{64}\/\d+\.jpg" width="\d+" height="\d+" alt="Cranes at a grain terminal"\/><\/div>/);
      assert.match(page, new RegExp(`<input type="hidden" name="image" value="${media.id}"/>`));

      // The alt text is edited on its own; then the image is removed.
      const again = editorMultipart({ ...fields, image: String(media.id), image_alt: 'Cranes loading grain at dawn', slug: article.slug });
      const edited = await t.app.inject({
        method: 'POST',
        url: `/admin/articles/${id}?${CSRF_FIELD}=${encodeURIComponent(author.csrf)}`,
        headers: { cookie: author.cookie, ...again.headers },
        payload: again.payload,
      });
      assert.equal(idFromLocation(edited).notice, 'saved');
      assert.equal((await getMediaById(t.db.handle, media.id))!.alt, 'Cranes loading grain at dawn');
      const removed = editorMultipart({ ...fields, image: String(media.id), remove_image: '1', slug: article.slug });
      await t.app.inject({
        method: 'POST',
        url: `/admin/articles/${id}?${CSRF_FIELD}=${encodeURIComponent(author.csrf)}`,
        headers: { cookie: author.cookie, ...removed.headers },
        payload: removed.payload,
      });
      assert.equal((await getArticleById(t.db.handle, id))!.heroMediaId, null);

      const notImage = editorMultipart(draftFields({ title: 'Bad file' }), { name: 'x.jpg', type: 'image/jpeg', bytes: Buffer.from('<?php echo 1; ?>') });
      const refused = await t.app.inject({
        method: 'POST',
        url: `/admin/articles/new?${CSRF_FIELD}=${encodeURIComponent(author.csrf)}`,
        headers: { cookie: author.cookie, ...notImage.headers },
        payload: notImage.payload,
      });
      assert.equal(refused.statusCode, 422);
      assert.match(refused.body, /field-image_file-error/);
      assert.match(refused.body, /value="Bad file"/);

      const huge = editorMultipart(draftFields({ title: 'Huge file' }), { name: 'big.jpg', type: 'image/jpeg', bytes: Buffer.alloc(21 * 1024 * 1024, 1) });
      const tooLarge = await t.app.inject({
        method: 'POST',
        url: `/admin/articles/new?${CSRF_FIELD}=${encodeURIComponent(author.csrf)}`,
        headers: { cookie: author.cookie, ...huge.headers },
        payload: huge.payload,
      });
      assert.equal(tooLarge.statusCode, 422);
      assert.match(tooLarge.body, /is larger than 20 MB/);
      assert.match(tooLarge.body, /value="Huge file"/);

      // A refused save stores no image: an author cannot even upload into another expert's blog.
      const sneaky = editorMultipart(draftFields({ expert: 'other-expert', title: 'Sneaky' }), { name: 's.jpg', type: 'image/jpeg', bytes: await sampleJpeg(77, 55) });
      const refusedUpload = await t.app.inject({
        method: 'POST',
        url: `/admin/articles/new?${CSRF_FIELD}=${encodeURIComponent(author.csrf)}`,
        headers: { cookie: author.cookie, ...sneaky.headers },
        payload: sneaky.payload,
      });
      assert.equal(refusedUpload.statusCode, 403);
      const { getMediaByHash } = await import('../media/store.ts');
      const { hashOf } = await import('../media/pipeline.ts');
      assert.equal(await getMediaByHash(t.db.handle, hashOf(await sampleJpeg(77, 55))), undefined);

      // An author cannot rewrite the credit of an image a published article shows.
      const published = (await getMediaById(t.db.handle, media.id))!;
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.editor),
        payload: { expert: 'other-expert', title: 'Uses the picture', lead: 'L', body: 'B', status: 'published', image: media.id },
      });
      const draftId = await newDraft(author, { title: 'Borrowing', image: String(media.id), image_alt: published.alt, image_credit: 'Stolen credit', image_credit_url: '' });
      assert.ok(draftId);
      assert.equal((await getMediaById(t.db.handle, media.id))!.credit, 'Port Authority');
    });

    test('revisions: a readable diff between any two, and restore as a new revision', async () => {
      const id = await newDraft(author, { title: 'Original title', lead: 'The first lead.', body: 'Line one.\nLine two stays.\nLine three.', tags: 'Energy' });
      await author.post(
        `/admin/articles/${id}`,
        draftFields({ title: 'Better title', lead: 'The second lead.', body: 'Line one.\nLine two stays.\nLine three, revised.', tags: 'Energy, Trade', slug: 'original-title' }),
      );
      const page = await author.get(`/admin/articles/${id}/revisions`);
      assert.equal(page.statusCode, 200);
      const html = page.body;
      assert.match(html, /Changes from revision 1 to revision 2/, 'the latest two by default');
      assert.match(html, /<del><span class="visually-hidden">\[removed: <\/span>Original<span class="visually-hidden">\]<\/span><\/del>/);
      assert.match(html, /<ins><span class="visually-hidden">\[added: <\/span>Better<span class="visually-hidden">\]<\/span><\/ins>/);
      assert.match(html, /<ins><span class="visually-hidden">\[added: <\/span>, revised<span class="visually-hidden">\]<\/span><\/ins>|revised/);
      assert.match(html, /<th scope="row">Tags<\/th><td>energy<\/td><td>energy, trade<\/td>/);
      assert.match(html, /<select id="field-from" name="from"/);
      assert.match(html, />Restore this revision</);

      const same = await author.get(`/admin/articles/${id}/revisions?from=2&to=1`);
      assert.match(same.body, /Changes from revision 2 to revision 1/);
      assert.equal((await author.get(`/admin/articles/${id}/revisions?from=x&to=y`)).statusCode, 200, 'an unreadable choice falls back to the latest two');

      const restored = await author.post(`/admin/articles/${id}/revisions/1/restore`);
      assert.equal(idFromLocation(restored).notice, 'restored');
      const article = (await getArticleById(t.db.handle, id))!;
      assert.deepEqual([article.title, article.lead, article.bodyMarkdown], ['Original title', 'The first lead.', 'Line one.\nLine two stays.\nLine three.']);
      const revisions = await listRevisions(t.db.handle, id);
      assert.deepEqual(revisions.map((r) => [r.number, r.note]).slice(0, 1), [[3, 'Restored revision 1']]);
      assert.equal(revisions[0]!.tags, 'energy');
      assert.ok((await auditActions(id)).includes('article.restore'));

      await author.post(`/admin/articles/${id}`, draftFields({ title: 'Original title', action: 'submit', slug: 'original-title' }));
      assert.equal((await author.post(`/admin/articles/${id}/revisions/1/restore`)).statusCode, 403, 'authors restore only their drafts');
      assert.equal(idFromLocation(await editor.post(`/admin/articles/${id}/revisions/2/restore`)).notice, 'restored');
      assert.equal((await getArticleById(t.db.handle, id))!.status, 'in_review', 'a restore keeps the workflow status');
    });

    test('hostile text in title, lead, body, tags and note comes out escaped on every office page', async () => {
      for (const [i, evil] of hostileStrings.entries()) {
        const id = await newDraft(author, { title: `T${i} ${evil}`, lead: evil, body: `${evil}\n\n[link](${evil})`, tags: `tag${i}, ${evil}`, action: 'submit' });
        const note = `Fix ${evil}`;
        idFromLocation(await editor.post(`/admin/articles/${id}/return`, { note }));
        await author.post(`/admin/articles/${id}`, draftFields({ title: `T${i} ${evil} again`, lead: `${evil}!`, body: `${evil}\n\nmore`, tags: `tag${i}`, slug: `t${i}-x` }));
        for (const [session, url] of [
          [author, `/admin/articles/${id}`],
          [author, `/admin/articles/${id}/revisions`],
          [author, '/admin/articles'],
          [author, '/admin'],
          [editor, '/admin'],
          [editor, `/admin/articles/${id}`],
          [editor, `/admin/articles/${id}/delete`],
        ] as const) {
          const res = await session.get(url);
          assert.equal(res.statusCode, 200, url);
          assert.doesNotMatch(res.body, /<script>alert|<img src=x|<svg onload|href="javascript:/i, `${url} with ${evil}`);
        }
      }
    });

    test('the list filters by status, pages by 50, and the dashboard shows what waits', async () => {
      const t2 = await startTestApp(kind);
      try {
        const expert = await createExpert(t2.db.handle, { name: 'Prolific', slug: 'prolific' });
        for (let i = 0; i < 55; i++) await createArticle(t2.db.handle, { expertId: expert.id, title: `Numbered ${String(i).padStart(2, '0')}`, lead: 'L', bodyMarkdown: 'B', status: 'draft' });
        const ed = await officeSessionFor(t2.app, t2.db.handle, 'editor@rostrum.test');
        const first = (await ed.get('/admin/articles')).body;
        assert.equal(countOf(first, '<tr>') - 1, 50);
        assert.match(first, /Numbered 54/);
        const older = /href="(\/admin\/articles\?cursor=[^"]+)" rel="next"/.exec(first)![1]!;
        const second = (await ed.get(older.replaceAll('&amp;', '&'))).body;
        assert.equal(countOf(second, '<tr>') - 1, 5);
        assert.match(second, /Numbered 00/);
        assert.doesNotMatch(second, /rel="next"/);
        assert.equal((await ed.get('/admin/articles?cursor=%3Cscript%3E')).statusCode, 400);
        assert.match((await ed.get('/admin/articles?status=bogus')).body, /Numbered 54/, 'an unknown filter shows all');

        const au = await officeSessionFor(t2.app, t2.db.handle, 'author@rostrum.test');
        const inReview = await au.post('/admin/articles/new', draftFields({ title: 'Waiting piece', action: 'submit' }));
        const waitingId = idFromLocation(inReview).id;
        const returnedRes = await au.post('/admin/articles/new', draftFields({ title: 'Returned piece', action: 'submit' }));
        const returnedId = idFromLocation(returnedRes).id;
        await ed.post(`/admin/articles/${returnedId}/return`, { note: 'Needs sources' });

        const editorDashboard = (await ed.get('/admin')).body;
        assert.match(editorDashboard, /Waiting for review[\s\S]*Waiting piece/);
        assert.match(editorDashboard, /Returned[\s\S]*Returned piece/);
        assert.match(editorDashboard, /Recent changes[\s\S]*Returned piece/);
        assert.match(editorDashboard, /href="\/admin\/polls\/new"/);
        assert.match(editorDashboard, new RegExp(`href="/admin/articles/${waitingId}"`));
        const authorDashboard = (await au.get('/admin?notice=welcome')).body;
        assert.match(authorDashboard, /Welcome to the editorial office\./);
        assert.match(authorDashboard, /Returned to you[\s\S]*Returned piece[\s\S]*Needs sources/);
        assert.match(authorDashboard, /Waiting for review[\s\S]*Waiting piece/);
        assert.doesNotMatch(authorDashboard, /Numbered|\/admin\/polls\/new/, 'authors see their own expert’s articles only');
        assert.match((await ed.get('/admin/articles?status=in_review')).body, /Waiting piece/);
        assert.doesNotMatch((await ed.get('/admin/articles?status=in_review')).body, /Returned piece/);
        assert.match((await ed.get('/admin/articles?status=returned')).body, /Returned piece/);
        assert.doesNotMatch((await au.get('/admin/articles')).body, /Numbered/);
      } finally {
        await t2.close();
      }
    });

    test('sensible defaults: the editor’s last expert, a slug made again from the title, whole articles only leave draft', async () => {
      const first = (await editor.get('/admin/articles/new')).body;
      assert.match(first, /<select id="field-expert"[\s\S]*?<option value="[a-z-]+" selected>/);
      await editor.post('/admin/articles/new', { expert: 'other-expert', title: 'For the other blog', lead: 'L', body: 'B', action: 'save' });
      assert.match((await editor.get('/admin/articles/new')).body, /<option value="other-expert" selected>/, 'the expert of the article the editor saved last');

      const id = await newDraft(author, { title: 'First working title' });
      assert.equal((await getArticleById(t.db.handle, id))!.slug, 'first-working-title');
      await author.post(`/admin/articles/${id}`, draftFields({ title: 'Final title', slug: '' }));
      assert.equal((await getArticleById(t.db.handle, id))!.slug, 'final-title', 'an emptied slug is made again from the title');
      await author.post(`/admin/articles/${id}`, draftFields({ title: 'Final title', slug: 'chosen-address' }));
      assert.equal((await getArticleById(t.db.handle, id))!.slug, 'chosen-address');

      const hollow = await author.json('POST', '/admin/articles/autosave', { expert: 'author-expert', title: 'Only a title' });
      const hollowId = (hollow.json() as { id: number }).id;
      const submitEmpty = await t.app.inject({ method: 'PATCH', url: `/api/v1/articles/${hollowId}`, headers: bearer(t.tokens.author), payload: { status: 'in_review' } });
      assert.equal(submitEmpty.statusCode, 422, 'an article without a lead does not go to review, from the API either');
      assert.equal((submitEmpty.json() as { error: { field: string } }).error.field, 'lead');
      assert.equal((await getArticleById(t.db.handle, hollowId))!.status, 'draft');
    });

    test('delete asks first, then removes; authors delete only their drafts', async () => {
      const id = await newDraft(author, { title: 'Short-lived' });
      const confirm = await author.get(`/admin/articles/${id}/delete`);
      assert.equal(confirm.statusCode, 200);
      assert.match(confirm.body, />Delete this article</);
      const gone = await author.post(`/admin/articles/${id}/delete`);
      assert.equal(gone.statusCode, 303);
      assert.equal(gone.headers.location, '/admin/articles?notice=deleted');
      assert.equal(await getArticleById(t.db.handle, id), undefined);
      const submitted = await newDraft(author, { title: 'In review, kept', action: 'submit' });
      assert.equal((await author.get(`/admin/articles/${submitted}/delete`)).statusCode, 403);
      assert.equal((await author.post(`/admin/articles/${submitted}/delete`)).statusCode, 403);
      assert.equal(idFromLocation(await admin.post(`/admin/articles/${submitted}/return`, { note: 'Admins review too' })).notice, 'returned');
    });
  });
}
