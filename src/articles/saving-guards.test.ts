import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, multipartBody, sampleJpeg, startTestApp, type TestApp, type UploadFile } from '../../test/app.ts';
import { officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { createExpert, updateExpert } from '../experts/store.ts';
import { getMediaByHash, getMediaById, saveImage } from '../media/store.ts';
import { hashOf } from '../media/pipeline.ts';
import { listAuditEvents } from '../audit/store.ts';
import { CSRF_FIELD } from '../http/csrf.ts';
import { ArticleChangedError, createArticle, getArticleById, saveArticleChanges } from './store.ts';
import { listRevisions } from './revisions.ts';

const draftFields = (over: Record<string, string> = {}) => ({ expert: 'author-expert', title: 'A draft', lead: 'Its lead.', body: 'Its body.', action: 'save', ...over });
const revisionOf = (html: string) => /<input type="hidden" name="revision" value="(\d*)"\/>/.exec(html)?.[1];
const noticeOf = (res: LightMyRequestResponse) => /\?notice=(\w+)$/.exec(String(res.headers.location))?.[1];

/**
 * The guards added after review: image descriptions only by those entitled to them, lost updates and
 * late autosaves refused, refused saves leaving nothing behind, publication times kept to the second.
 */
for (const kind of await databaseKinds()) {
  describe(`article save guards on ${kind}`, () => {
    let t: TestApp;
    let author: OfficeSession;
    let editor: OfficeSession;
    let otherExpertId: number;
    before(async () => {
      t = await startTestApp(kind);
      otherExpertId = (await createExpert(t.db.handle, { name: 'Portrait Owner', slug: 'portrait-owner' })).id;
      author = await officeSessionFor(t.app, t.db.handle, 'author@rostrum.test');
      editor = await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test');
    });
    after(() => t.close());

    async function postEditor(session: OfficeSession, url: string, fields: Record<string, string>, file?: UploadFile) {
      const form = multipartBody(file, fields, { fileField: 'image_file', emptyFilePart: true });
      return t.app.inject({ method: 'POST', url: `${url}?${CSRF_FIELD}=${encodeURIComponent(session.csrf)}`, headers: { cookie: session.cookie, ...form.headers }, payload: form.payload });
    }

    test('an author cannot rewrite the alt text or credit of another expert’s portrait, by id or by uploading its bytes', async () => {
      const bytes = await sampleJpeg(321, 123);
      const portrait = await saveImage(t.db.handle, bytes, { alt: 'Portrait of the owner', credit: 'Studio', creditUrl: '' });
      await updateExpert(t.db.handle, otherExpertId, { photoMediaId: portrait.id });
      const row = async () => {
        const m = (await getMediaById(t.db.handle, portrait.id))!;
        return [m.alt, m.credit, m.creditUrl];
      };

      const byId = await author.post(
        '/admin/articles/new',
        draftFields({ title: 'Borrowed face', image: String(portrait.id), image_alt: 'Hijacked', image_credit: 'Mallory', image_credit_url: 'https://evil.example/' }),
      );
      assert.equal(byId.statusCode, 303, byId.body.slice(0, 300));
      assert.equal(noticeOf(byId), 'image_kept', 'the form says the description was kept');
      assert.deepEqual(await row(), ['Portrait of the owner', 'Studio', '']);
      const page = await author.get(String(byId.headers.location));
      assert.match(page.body, /alt text and credit were kept/);

      const byBytes = await postEditor(author, '/admin/articles/new', draftFields({ title: 'Borrowed again', image_alt: 'Hijacked', image_credit: 'Mallory' }), {
        name: 'p.jpg',
        type: 'image/jpeg',
        bytes,
      });
      assert.equal(byBytes.statusCode, 303, byBytes.body.slice(0, 300));
      assert.deepEqual(await row(), ['Portrait of the owner', 'Studio', '']);

      const patch = await t.app.inject({ method: 'PATCH', url: `/api/v1/media/${portrait.id}`, headers: bearer(t.tokens.author), payload: { alt: 'Hijacked' } });
      assert.equal(patch.statusCode, 403, patch.body);
      assert.deepEqual(await row(), ['Portrait of the owner', 'Studio', '']);

      const byEditor = await t.app.inject({ method: 'PATCH', url: `/api/v1/media/${portrait.id}`, headers: bearer(t.tokens.editor), payload: { credit: 'Studio <b>Nord</b>' } });
      assert.equal(byEditor.statusCode, 200, byEditor.body);
      const audit = await listAuditEvents(t.db.handle, { limit: 10, subject: { kind: 'media', id: portrait.id } });
      assert.deepEqual(
        audit.map((e) => e.action),
        ['media.describe'],
      );
    });

    test('an author describes an image only their own drafts show; uploads and descriptions are audited', async () => {
      const form = multipartBody({ name: 'own.jpg', type: 'image/jpeg', bytes: await sampleJpeg(222, 111) }, { alt: 'Mine' });
      const uploaded = await t.app.inject({ method: 'POST', url: '/api/v1/media', headers: { ...bearer(t.tokens.author), ...form.headers }, payload: form.payload });
      assert.equal(uploaded.statusCode, 201, uploaded.body);
      const { id } = uploaded.json() as { id: number };
      const patch = (payload: object) => t.app.inject({ method: 'PATCH', url: `/api/v1/media/${id}`, headers: bearer(t.tokens.author), payload });
      assert.equal((await patch({ alt: 'Not yet used' })).statusCode, 403, 'an image no article uses could be anyone’s');

      const saved = await author.post('/admin/articles/new', draftFields({ title: 'Own picture', image: String(id), image_alt: 'Mine, described' }));
      assert.equal(noticeOf(saved), 'created');
      assert.equal((await getMediaById(t.db.handle, id))!.alt, 'Mine, described');
      const ok = await patch({ credit: 'Me' });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal((ok.json() as { credit: string }).credit, 'Me');

      const audit = await listAuditEvents(t.db.handle, { limit: 10, subject: { kind: 'media', id } });
      assert.deepEqual(audit.map((e) => e.action).reverse(), ['media.upload', 'media.describe', 'media.describe']);
      const malformed = await t.app.inject({
        method: 'POST',
        url: '/api/v1/media',
        headers: { ...bearer(t.tokens.author), 'content-type': 'multipart/form-data; boundary=xyz' },
        payload: '--xyz\r\nContent-Disposition: form-data; name="alt"\r\n\r\ncut',
      });
      assert.equal(malformed.statusCode, 400, malformed.body);
    });

    test('a save from an older revision is refused with 409, keeping the text typed; an autosave by the same person is not older', async () => {
      const created = await author.post('/admin/articles/new', draftFields({ title: 'Contested' }));
      const url = String(created.headers.location).split('?')[0]!;
      const id = Number(url.split('/').pop());
      const opened = revisionOf((await author.get(url)).body);
      assert.equal(opened, '1');

      // The author's own autosaves answer the revision they kept; a save from that revision goes through.
      const autosave = await author.json('POST', '/admin/articles/autosave', { id, revision: 1, expert: 'author-expert', title: 'Contested', lead: 'Lead', body: 'Autosaved words' });
      assert.equal(autosave.statusCode, 200, autosave.body);
      const kept = (autosave.json() as { revision: number }).revision;
      const again = await author.json('POST', '/admin/articles/autosave', { id, revision: kept, expert: 'author-expert', title: 'Contested', lead: 'Lead', body: 'More autosaved words' });
      assert.equal((again.json() as { revision: number }).revision, kept, 'folded into the same revision');
      const mine = await author.post(url, draftFields({ title: 'Contested', body: 'Saved by me', revision: String(kept) }));
      assert.equal(mine.statusCode, 303, mine.body.slice(0, 500));

      // The editor saves meanwhile; the author's form, made from the revision before, is refused.
      const editorView = revisionOf((await editor.get(url)).body)!;
      const byEditor = await editor.post(url, draftFields({ title: 'Contested', body: 'The editor’s version', revision: editorView }));
      assert.equal(byEditor.statusCode, 303, byEditor.body.slice(0, 500));
      const latest = (await listRevisions(t.db.handle, id))[0]!.number;
      const stale = await author.post(url, draftFields({ title: 'Contested', body: 'My <stale> words', revision: editorView }));
      assert.equal(stale.statusCode, 409);
      assert.ok(stale.body.includes(`This article was changed since you opened it (revision ${latest} by editor@rostrum.test). Your text is below; copy what you need and reload.`), stale.body);
      // Escaped as HTML needs it: "<" always, ">" as the renderer chooses (both are safe in a textarea).
      assert.match(stale.body, /My &lt;stale(>|&gt;) words/, 'the text typed comes back, escaped');
      assert.equal((await getArticleById(t.db.handle, id))!.bodyMarkdown, 'The editor’s version');
      assert.equal((await listRevisions(t.db.handle, id))[0]!.number, latest, 'no revision was added');

      const staleAutosave = await author.json('POST', '/admin/articles/autosave', { id, revision: Number(editorView), expert: 'author-expert', title: 'Contested', lead: '', body: 'Late' });
      assert.equal(staleAutosave.statusCode, 409);
      assert.match((staleAutosave.json() as { error: { message: string } }).error.message, /changed since you opened it/);
      assert.equal((await getArticleById(t.db.handle, id))!.bodyMarkdown, 'The editor’s version');
    });

    test('a save expecting a draft finds a published article and changes nothing', async () => {
      const expertId = (await createExpert(t.db.handle, { name: 'Store Expert', slug: 'store-expert' })).id;
      const article = await createArticle(t.db.handle, { expertId, title: 'Out', lead: 'L', bodyMarkdown: 'Published body', status: 'published' });
      await assert.rejects(
        saveArticleChanges(t.db.handle, article.id, { bodyMarkdown: 'Autosaved over it', tagLabels: ['Never made'] }, { userId: null, note: 'Autosave', autosave: true }, { status: 'draft' }),
        (err) => err instanceof ArticleChangedError && err.reason === 'status',
      );
      assert.equal((await getArticleById(t.db.handle, article.id))!.bodyMarkdown, 'Published body');
      assert.equal((await listRevisions(t.db.handle, article.id)).length, 1);
      assert.equal(await t.db.handle.db.selectFrom('tags').select('id').where('slug', '=', 'never-made').executeTakeFirst(), undefined);
    });

    test('a refused save leaves no uploaded image and no new tag behind', async () => {
      await author.post('/admin/articles/new', draftFields({ title: 'Holds the slug', slug: 'held-slug' }));
      const bytes = await sampleJpeg(191, 97);
      const refused = await postEditor(author, '/admin/articles/new', draftFields({ title: 'Wants the slug', slug: 'held-slug', tags: 'Zanzibar Quarterly, Energy' }), {
        name: 'z.jpg',
        type: 'image/jpeg',
        bytes,
      });
      assert.equal(refused.statusCode, 409, refused.body.slice(0, 300));
      assert.match(refused.body, /is taken by another article/);
      assert.equal(await getMediaByHash(t.db.handle, hashOf(bytes)), undefined, 'the upload was not kept');
      assert.equal(await t.db.handle.db.selectFrom('tags').select('id').where('slug', '=', 'zanzibar-quarterly').executeTakeFirst(), undefined, 'the tag was not made');
    });

    test('an editor’s save keeps the stored publication time to the second unless the minute changes', async () => {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.editor),
        payload: { expert: 'author-expert', title: 'Timed', lead: 'L', body: 'B', status: 'published', published_at: '2022-03-01T10:03:27.793Z' },
      });
      assert.equal(created.statusCode, 201, created.body);
      const id = (created.json() as { id: number }).id;
      const page = (await editor.get(`/admin/articles/${id}`)).body;
      assert.match(page, /name="published_at"[^>]*value="2022-03-01T10:03"/);
      const save = (time: string) => editor.post(`/admin/articles/${id}`, draftFields({ title: 'Timed', slug: 'timed', published_at: time, editorial_fields: '1', revision: revisionOf(page)! }));
      assert.equal((await save('2022-03-01T10:03')).statusCode, 303);
      assert.equal((await getArticleById(t.db.handle, id))!.publishedAt, '2022-03-01T10:03:27.793Z');
      const moved = await editor.post(`/admin/articles/${id}`, draftFields({ title: 'Timed', slug: 'timed', published_at: '2022-03-01T10:04', editorial_fields: '1' }));
      assert.equal(moved.statusCode, 303);
      assert.equal((await getArticleById(t.db.handle, id))!.publishedAt, '2022-03-01T10:04:00.000Z');
    });

    test('unpublishing a scheduled article drops its time: publishing again without one means now', async () => {
      const future = new Date(Date.now() + 7 * 86_400_000).toISOString();
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.editor),
        payload: { expert: 'author-expert', title: 'Rescheduled', lead: 'L', body: 'B', status: 'published', published_at: future },
      });
      const id = (created.json() as { id: number }).id;
      assert.equal((await getArticleById(t.db.handle, id))!.publishedAt, future);
      const patch = (payload: object) => t.app.inject({ method: 'PATCH', url: `/api/v1/articles/${id}`, headers: bearer(t.tokens.editor), payload });
      assert.equal((await patch({ status: 'draft' })).statusCode, 200);
      assert.equal((await getArticleById(t.db.handle, id))!.publishedAt, null);
      const before = new Date().toISOString();
      assert.equal((await patch({ status: 'published' })).statusCode, 200);
      const publishedAt = (await getArticleById(t.db.handle, id))!.publishedAt!;
      assert.ok(publishedAt >= before && publishedAt <= new Date().toISOString(), publishedAt);

      // A time already past stays: it is when the article first went out.
      assert.equal((await patch({ status: 'draft' })).statusCode, 200);
      assert.equal((await getArticleById(t.db.handle, id))!.publishedAt, publishedAt);
    });
  });
}
