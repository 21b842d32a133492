import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, hostileStrings, multipartBody, sampleJpeg, startTestApp, type TestApp } from '../../test/app.ts';
import { officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { createExpert } from '../experts/store.ts';
import { createUser, sha256 } from '../users/store.ts';
import { listAuditEvents } from '../audit/store.ts';
import { maxActiveLinksPerArticle } from './commands.ts';

/** The secret link a share page shows once, and its token. */
function linkIn(html: string): { url: string; token: string } {
  const match = /value="(http:\/\/[^"]+\/preview\/([A-Za-z0-9_-]+))"/.exec(html);
  assert.ok(match, `the page shows the new link: ${html.slice(0, 300)}`);
  return { url: match[1]!, token: match[2]! };
}

for (const kind of await databaseKinds()) {
  describe(`secret preview links on ${kind}`, () => {
    let t: TestApp;
    let author: OfficeSession;
    let otherAuthor: OfficeSession;
    let editor: OfficeSession;
    before(async () => {
      t = await startTestApp(kind);
      const other = await createExpert(t.db.handle, { name: 'Other Expert', slug: 'other-expert' });
      await createUser(t.db.handle, { email: 'other@rostrum.test', role: 'author', expertId: other.id, name: 'Other Author' });
      author = await officeSessionFor(t.app, t.db.handle, 'author@rostrum.test');
      otherAuthor = await officeSessionFor(t.app, t.db.handle, 'other@rostrum.test');
      editor = await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test');
    });
    after(() => t.close());

    /** A draft on the author's blog, made through the API as an author would. */
    async function draft(title: string, body = 'The first paragraph of the draft.') {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.author),
        payload: { expert: 'author-expert', title, lead: 'A lead for comment.', body, status: 'draft' },
      });
      assert.equal(res.statusCode, 201, res.body);
      return (res.json() as { id: number }).id;
    }

    async function share(session: OfficeSession, id: number, fields: Record<string, string> = { days: '7', label: 'Ministry reviewers' }) {
      return session.post(`/admin/articles/${id}/share`, fields);
    }

    const read = (token: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url: `/preview/${token}`, headers });
    const rows = (articleId: number) => t.db.handle.db.selectFrom('previewLinks').selectAll().where('articleId', '=', articleId).execute();

    test('an author makes a link; it shows the draft as its page will, to anyone, marked noindex and never cached', async () => {
      const id = await draft('Undercurrents of the Caspian trade', 'A paragraph with a footnote.[^1]\n\n[^1]: The source.');
      const made = await share(author, id);
      assert.equal(made.statusCode, 201, made.body.slice(0, 500));
      assert.equal(made.headers['cache-control'], 'no-store');
      const { url, token } = linkIn(made.body);
      assert.ok(url.startsWith(`${t.db.config.publicUrl}/preview/`));
      assert.ok(token.length >= 43, '256 random bits in base64url');
      assert.match(made.body, /Copy it now/);

      // Hashed at rest: the row holds the token's SHA-256, and the token itself is nowhere in it.
      const [row] = await rows(id);
      assert.equal(row!.tokenHash, sha256(token));
      assert.ok(!JSON.stringify(row).includes(token));
      assert.equal(row!.label, 'Ministry reviewers');
      const days = (Date.parse(row!.expiresAt) - Date.parse(row!.createdAt)) / 86_400_000;
      assert.equal(Math.round(days), 7);

      // Anyone with the link, signed in or not, reads the page as it will look.
      const page = await read(token);
      assert.equal(page.statusCode, 200, page.body.slice(0, 500));
      assert.match(page.body, /<h1 class="article-title">Undercurrents of the Caspian trade<\/h1>/);
      assert.match(page.body, /Preview — not published/);
      assert.match(page.body, /<meta name="robots" content="noindex, nofollow"/);
      assert.match(page.body, /class="footnote/, 'the body is rendered as on the article page');
      assert.match(page.body, /class="share/, 'with the article page’s parts (share block)');
      assert.equal(page.headers['x-robots-tag'], 'noindex, nofollow');
      assert.equal(page.headers['cache-control'], 'no-store');
      assert.equal(page.headers['referrer-policy'], 'no-referrer');
      // Sandboxed: its forms (a poll's vote, search) and scripts do nothing.
      assert.match(String(page.headers['content-security-policy']), /sandbox allow-same-origin/);
      assert.doesNotMatch(String(page.headers['content-security-policy']), /allow-forms|allow-scripts/);
      assert.equal(page.headers['x-cache'], undefined);

      // The next reader gets it made afresh: the cache kept nothing, and a change shows at once.
      assert.equal(t.pageCache.get(`/preview/${token}`), undefined);
      const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/articles/${id}`, headers: bearer(t.tokens.author), payload: { title: 'Undercurrents, revised' } });
      assert.equal(patched.statusCode, 200, patched.body);
      const again = await read(token);
      assert.equal(again.statusCode, 200);
      assert.equal(again.headers['x-cache'], undefined);
      assert.match(again.body, /Undercurrents, revised/);

      // The share screen lists it, by whom and until when; the audit log has it.
      const screen = await author.get(`/admin/articles/${id}/share`);
      assert.equal(screen.statusCode, 200);
      assert.match(screen.body, /Ministry reviewers/);
      assert.match(screen.body, /Withdraw/);
      assert.ok(!screen.body.includes(token), 'the token is shown only when made');
      const actions = (await listAuditEvents(t.db.handle, { limit: 20, subject: { kind: 'article', id } })).map((e) => e.action);
      assert.ok(actions.includes('preview.share'));

      // The editor links to it.
      assert.match((await author.get(`/admin/articles/${id}`)).body, new RegExp(`href="/admin/articles/${id}/share"`));
    });

    test('an expired link and a withdrawn one say so (410); an unknown or mangled token is not found (404)', async () => {
      const id = await draft('A draft whose links end');
      const expiring = linkIn((await share(author, id, { days: '1', label: '' })).body).token;
      const withdrawn = linkIn((await share(author, id, { days: '30', label: 'Board' })).body).token;

      // Expired: its time set in the past, rather than waiting a day.
      await t.db.handle.db
        .updateTable('previewLinks')
        .set({ expiresAt: new Date(Date.now() - 60_000).toISOString() })
        .where('tokenHash', '=', sha256(expiring))
        .execute();
      const expired = await read(expiring);
      assert.equal(expired.statusCode, 410);
      assert.match(expired.body, /expired on/);
      assert.equal(expired.headers['x-robots-tag'], 'noindex, nofollow');
      assert.equal(expired.headers['cache-control'], 'no-store');
      assert.equal(expired.headers['referrer-policy'], 'no-referrer');

      // Withdrawn from the share screen.
      const [board] = (await rows(id)).filter((r) => r.label === 'Board');
      const revoked = await author.post(`/admin/articles/${id}/share/${board!.id}/revoke`);
      assert.equal(revoked.statusCode, 303);
      assert.equal(revoked.headers.location, `/admin/articles/${id}/share?notice=revoked`);
      const gone = await read(withdrawn);
      assert.equal(gone.statusCode, 410);
      assert.match(gone.body, /withdrawn/);
      // Withdrawing again finds nothing to withdraw; the screen lists neither link.
      assert.equal((await author.post(`/admin/articles/${id}/share/${board!.id}/revoke`)).statusCode, 404);
      const screen = await author.get(`/admin/articles/${id}/share`);
      assert.doesNotMatch(screen.body, /Board/);
      assert.match(screen.body, /None: no one can read this article through a link/);
      const actions = (await listAuditEvents(t.db.handle, { limit: 20, subject: { kind: 'article', id } })).map((e) => e.action);
      assert.ok(actions.includes('preview.revoke'));

      // Unknown, mangled and hostile tokens: not found, and nothing of them comes back unescaped.
      assert.equal((await read('A'.repeat(43))).statusCode, 404);
      assert.equal((await read('short')).statusCode, 404);
      for (const hostile of hostileStrings) {
        const res = await read(encodeURIComponent(hostile));
        assert.ok(res.statusCode === 404 || res.statusCode === 400, `${hostile}: ${res.statusCode}`);
        assert.ok(!res.body.includes(hostile), 'not echoed');
      }
    });

    test('a link belongs to its article: another article’s path cannot withdraw it, and deleting the article deletes its links', async () => {
      const first = await draft('First draft with a link');
      const second = await draft('Second draft');
      const token = linkIn((await share(author, first)).body).token;
      const [link] = await rows(first);
      assert.equal((await author.post(`/admin/articles/${second}/share/${link!.id}/revoke`)).statusCode, 404);
      assert.equal((await read(token)).statusCode, 200, 'still works');
      // An unknown link id, a link id that is no number.
      assert.equal((await author.post(`/admin/articles/${first}/share/999999/revoke`)).statusCode, 404);
      assert.equal((await author.post(`/admin/articles/${first}/share/abc/revoke`)).statusCode, 404);

      const deleted = await t.app.inject({ method: 'DELETE', url: `/api/v1/articles/${first}`, headers: bearer(t.tokens.author) });
      assert.equal(deleted.statusCode, 204);
      assert.deepEqual(await rows(first), []);
      assert.equal((await read(token)).statusCode, 404);
    });

    test('who may share: the article’s author and editors; an author of another blog may not, and bad input is refused whole', async () => {
      const id = await draft('A draft only its people may share');
      const refused = await share(otherAuthor, id);
      assert.equal(refused.statusCode, 403);
      assert.equal((await otherAuthor.get(`/admin/articles/${id}/share`)).statusCode, 403);
      assert.deepEqual(await rows(id), []);

      const byEditor = await share(editor, id, { days: '30', label: 'Desk' });
      assert.equal(byEditor.statusCode, 201);
      const [link] = await rows(id);
      assert.equal((await otherAuthor.post(`/admin/articles/${id}/share/${link!.id}/revoke`)).statusCode, 403);
      assert.equal((await read(linkIn(byEditor.body).token)).statusCode, 200, 'an author of another blog withdrew nothing');

      // Only 1, 7 or 30 days; a label of at most 100 characters; a form without its CSRF token.
      for (const days of ['2', '0', '-7', 'abc', '', '1e9']) {
        const res = await share(author, id, { days, label: '' });
        assert.equal(res.statusCode, 422, `${days}: ${res.statusCode}`);
        assert.match(res.body, /must be one of 1, 7, 30 days|Works for/);
      }
      assert.equal((await share(author, id, { days: '7', label: 'x'.repeat(101) })).statusCode, 422);
      assert.equal((await author.post(`/admin/articles/${id}/share`, { days: '7' }, { csrf: false })).statusCode, 403);
      assert.equal((await rows(id)).length, 1, 'nothing half-made');
      // A label with markup is kept as text and shown escaped.
      const hostile = await share(author, id, { days: '7', label: hostileStrings[0]! });
      assert.equal(hostile.statusCode, 201);
      assert.ok(!hostile.body.includes(hostileStrings[0]!));
      // An unknown article, an id that is no id.
      assert.equal((await share(author, 999999)).statusCode, 404);
      assert.equal((await author.get('/admin/articles/abc/share')).statusCode, 404);
    });

    test('there is a ceiling on the links that work at once', async () => {
      const id = await draft('A much-shared draft');
      const now = new Date().toISOString();
      await t.db.handle.db
        .insertInto('previewLinks')
        .values(
          Array.from({ length: maxActiveLinksPerArticle }, (_, i) => ({
            articleId: id,
            tokenHash: sha256(`seed-${kind}-${i}`),
            label: '',
            createdBy: null,
            createdAt: now,
            expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
            revokedAt: null,
          })),
        )
        .execute();
      const res = await share(author, id);
      assert.equal(res.statusCode, 409);
      assert.equal((await rows(id)).length, maxActiveLinksPerArticle);
    });

    test('the editor’s preview: the reading page of what is typed, escaped, with its limits', async () => {
      const id = await draft('Saved title');
      // What the form holds, unsaved, with hostile text in every field.
      const res = await author.json('POST', '/admin/articles/preview-page', {
        id: String(id),
        expert: 'author-expert',
        title: hostileStrings[1],
        lead: hostileStrings[3],
        body: `## A heading\n\n${hostileStrings[0]}\n\n<img src=x onerror=alert(1)>\n\nText.[^1]\n\n[^1]: A source.`,
        tags: 'Energy, <b>bold</b>',
        image: '',
        unknown_field_from_another_part: 'kept out',
      });
      assert.equal(res.statusCode, 200, res.body.slice(0, 500));
      assert.equal(res.headers['cache-control'], 'no-store');
      const { html } = res.json() as { html: string };
      assert.match(html, /^<!DOCTYPE html>/i);
      assert.match(html, /class="article-page"/, 'the public layout');
      assert.match(html, /rel="stylesheet" href="\/assets\/screen\.[^"]*css"/, 'the site’s own stylesheet');
      assert.match(html, /<h2 id="a-heading"|<h2[^>]*>A heading/);
      for (const hostile of hostileStrings.slice(0, 4)) assert.ok(!html.includes(hostile), `escaped: ${hostile}`);
      assert.doesNotMatch(html, /<script>alert|<img src=x|<svg onload/);
      assert.match(html, /&lt;b&gt;bold&lt;\/b&gt;|&lt;b>bold/, 'a tag typed with markup shows as text');

      // A hero uploaded before any save shows in the preview.
      const upload = multipartBody({ name: 'hero.jpg', type: 'image/jpeg', bytes: await sampleJpeg(800, 500) }, { alt: 'A harbour at dawn', credit: 'Wire service' });
      const media = await t.app.inject({ method: 'POST', url: '/api/v1/media', headers: { ...bearer(t.tokens.author), ...upload.headers }, payload: upload.payload });
      assert.equal(media.statusCode, 201, media.body);
      const withHero = (
        await author.json('POST', '/admin/articles/preview-page', { expert: 'author-expert', title: 'New', image: String((media.json() as { id: number }).id), image_alt: 'Typed alt' })
      ).json() as { html: string };
      assert.match(withHero.html, /<figure class="hero">/);
      assert.match(withHero.html, /alt="Typed alt"/);

      // Someone else's article is not drawn from its id.
      const other = (await otherAuthor.json('POST', '/admin/articles/preview-page', { id: String(id), expert: 'other-expert', title: 'Mine' })).json() as { html: string };
      assert.doesNotMatch(other.html, /Saved title/);

      // Too large, wrong types, no session, no CSRF: refused, never a 500.
      const huge = await author.json('POST', '/admin/articles/preview-page', { expert: 'author-expert', title: 'x', body: 'y'.repeat(1_100_000) });
      assert.equal(huge.statusCode, 413);
      const long = await author.json('POST', '/admin/articles/preview-page', { expert: 'author-expert', title: 'x', body: 'y'.repeat(200_001) });
      assert.equal(long.statusCode, 422);
      assert.equal((await author.json('POST', '/admin/articles/preview-page', { title: 5 })).statusCode, 422);
      assert.equal((await author.json('POST', '/admin/articles/preview-page', { image: 'no id' })).statusCode, 422);
      const anonymous = await t.app.inject({ method: 'POST', url: '/admin/articles/preview-page', headers: { 'content-type': 'application/json', accept: 'application/json' }, payload: '{}' });
      assert.equal(anonymous.statusCode, 401);
      const noToken = await t.app.inject({ method: 'POST', url: '/admin/articles/preview-page', headers: { cookie: author.cookie, 'content-type': 'application/json' }, payload: '{}' });
      assert.equal(noToken.statusCode, 403);
    });

    test('the editor frames the reading page; Preview without a script posts plain fields to an address with no token', async () => {
      const id = await draft('Framed draft');
      const page = await author.get(`/admin/articles/${id}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<iframe class="preview-frame"[^>]*sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"/);
      assert.match(page.body, /srcdoc="&lt;!doctype html>/i);
      assert.match(page.body, /role="tablist"/);
      // The Preview button posts, without a script, urlencoded to the article's plain address.
      const button = /<button[^>]*value="preview"[^>]*>/.exec(page.body)?.[0] ?? '';
      assert.match(button, new RegExp(`formaction="/admin/articles/${id}"`));
      assert.match(button, /formenctype="application\/x-www-form-urlencoded"/);
      assert.doesNotMatch(button, /_csrf/);

      // That post answers with the editor and the preview of what was typed; nothing is saved.
      const posted = await author.post(`/admin/articles/${id}`, { expert: 'author-expert', title: 'Typed, not saved', lead: 'Lead', body: 'Body text', action: 'preview', image_file: 'chart.png' });
      assert.equal(posted.statusCode, 200, posted.body.slice(0, 300));
      assert.match(posted.body, /value="Typed, not saved"/);
      assert.match(posted.body, /Typed, not saved/);
      assert.match(posted.body, /is not shown in the preview: choose it again/);
      const stored = await t.app.inject({ method: 'GET', url: `/api/v1/articles/${id}`, headers: bearer(t.tokens.author) });
      assert.equal((stored.json() as { title: string }).title, 'Framed draft');
      // And for a new article, to /admin/articles/new.
      const fresh = await author.post('/admin/articles/new', { expert: 'author-expert', title: 'Brand new', lead: '', body: 'Words', action: 'preview' });
      assert.equal(fresh.statusCode, 200);
      assert.match(fresh.body, /Brand new/);
    });
  });
}
