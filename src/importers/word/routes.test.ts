import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { databaseKinds } from '../../../test/databases.ts';
import { bearer, multipartBody, startTestApp, type TestApp } from '../../../test/app.ts';
import { officeSessionFor, type OfficeSession } from '../../../test/office.ts';
import { runCliInProcess } from '../../../test/cli.ts';
import { briefDocx, changedDocx, deflatedEntry, pngHeaderOnly, rawZip, withRelationship } from '../../../test/word-documents.ts';
import { createExpert } from '../../experts/store.ts';
import { getArticleById } from '../../articles/store.ts';
import { getMediaByHash } from '../../media/store.ts';
import { mediaHashOf, renderMarkdown } from '../../views/markdown.ts';
import { CSRF_FIELD } from '../../http/csrf.ts';
import { maxPasteBytes } from './routes.tsx';
import { maxDocxBytes } from './import-docx.ts';
import { officeHtmlLimits } from './office-html.ts';
import { listAuditEvents } from '../../audit/store.ts';
import { Document, Packer, Paragraph } from 'docx';

const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const wordSample = readFileSync(new URL('./samples/word.html', import.meta.url), 'utf8');

for (const kind of await databaseKinds()) {
  describe(`Word in on ${kind}`, () => {
    let t: TestApp;
    let author: OfficeSession;
    let editor: OfficeSession;
    let brief: Buffer;
    before(async () => {
      t = await startTestApp(kind);
      await createExpert(t.db.handle, { name: 'Other Expert', slug: 'other-expert' });
      author = await officeSessionFor(t.app, t.db.handle, 'author@rostrum.test');
      editor = await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test');
      brief = await briefDocx();
    });
    after(() => t.close());

    /** What the database holds: articles, images and audit entries, to show a refusal wrote nothing. */
    const counts = async () => {
      const { db } = t.db.handle;
      const count = async (table: 'articles' | 'media' | 'auditEvents') =>
        Number(
          (
            await db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      return { articles: await count('articles'), media: await count('media'), audit: await count('auditEvents') };
    };

    const apiImport = (bytes: Buffer | undefined, fields: Record<string, string> = { expert: 'author-expert' }, token = t.tokens.author) => {
      const form = multipartBody(bytes && { name: 'brief.docx', type: docxType, bytes }, fields);
      return t.app.inject({ method: 'POST', url: '/api/v1/articles/import-docx', headers: { ...bearer(token), ...form.headers }, payload: form.payload });
    };

    test('the API makes a draft: title, lead, body with headings, lists, table, image, footnotes and endnotes; what was left out is listed', async () => {
      const response = await apiImport(brief);
      assert.equal(response.statusCode, 201, response.body);
      const answer = response.json() as { id: number; slug: string; url: string; edit_url: string; not_carried: string[] };
      assert.equal(answer.slug, 'energy-security-after-the-winter');
      assert.equal(answer.url, 'http://rostrum.test/blogs/author-expert/energy-security-after-the-winter');
      assert.equal(answer.edit_url, `http://rostrum.test/admin/articles/${answer.id}`);
      assert.deepEqual(answer.not_carried, [
        'Tracked changes: 1 insertion kept as ordinary text, 1 deletion left out. The draft reads as the document does with all changes accepted; the changes themselves are not marked.',
        '1 comment left out: comments are the reviewers’ notes, not part of the article.',
      ]);
      const article = (await getArticleById(t.db.handle, answer.id))!;
      assert.equal(article.status, 'draft');
      assert.equal(article.title, 'Energy security after the winter');
      assert.equal(article.lead, 'Storage is full; the next winter is the test.');
      const image = /!\[Storage levels by country\]\((\/media\/[^)\s]+)\)/.exec(article.bodyMarkdown);
      assert.ok(image, article.bodyMarkdown);
      const media = await getMediaByHash(t.db.handle, mediaHashOf(image[1]!)!);
      assert.equal(media?.alt, 'Storage levels by country');
      assert.equal(
        article.bodyMarkdown.replace(image[1]!, '<image>'),
        `Europe entered the winter with storage **above 90 per cent**[^1]. The question is *what comes next*, and the [latest report](https://example.org/report) gives three answers.[^2]

## Three scenarios

- A mild winter
  - prices fall by spring
- A supply shock

### By country

| Country | Storage (%) |
| ------- | ----------- |
| Germany | 95          |
| Italy   | 91          |

![Storage levels by country](<image>)

Governments should fill storage early.

[^1]: Gas Infrastructure Europe, 1 November.

[^2]: Figures rounded to the nearest per cent.
`,
      );
      const html = renderMarkdown(article.bodyMarkdown);
      assert.match(html, /<section class="footnotes">[\s\S]*Gas Infrastructure Europe[\s\S]*Figures rounded/);
      assert.doesNotMatch(html, /wait and see|Is this figure current/);
    });

    test('an editor imports onto any blog, with a language; an author only onto their own (403, nothing written)', async () => {
      const made = await apiImport(brief, { expert: 'other-expert', language: 'en' }, t.tokens.editor);
      assert.equal(made.statusCode, 201, made.body);
      const before = await counts();
      const refused = await apiImport(brief, { expert: 'other-expert' }, t.tokens.author);
      assert.equal(refused.statusCode, 403);
      assert.deepEqual(await counts(), before);
    });

    test('bad requests: no token, no file, unknown expert, a bad language, JSON instead of multipart, hostile field values', async () => {
      const before = await counts();
      const form = multipartBody({ name: 'brief.docx', type: docxType, bytes: brief }, { expert: 'author-expert' });
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/articles/import-docx', headers: form.headers, payload: form.payload })).statusCode, 401);
      const noFile = await apiImport(undefined);
      assert.equal(noFile.statusCode, 422);
      assert.equal(noFile.json().error.field, 'file');
      assert.equal((await apiImport(brief, { expert: 'nobody-here' })).statusCode, 422);
      assert.equal((await apiImport(brief, { expert: 'author-expert', language: 'xx' })).statusCode, 422);
      assert.equal((await apiImport(brief, { expert: '<script>alert(1)</script>' })).statusCode, 422);
      const oversized = await apiImport(Buffer.alloc(maxDocxBytes + 1));
      assert.equal(oversized.statusCode, 413);
      assert.equal(oversized.json().error.field, 'file');
      const json = await t.app.inject({ method: 'POST', url: '/api/v1/articles/import-docx', headers: bearer(t.tokens.author), payload: { expert: 'author-expert' } });
      assert.equal(json.statusCode, 415);
      assert.deepEqual(await counts(), before);
    });

    test('hostile files get a clear 4xx, fetch nothing and write nothing', async () => {
      // A server the document points at: it must never hear from the import.
      let fetched = 0;
      const server = createServer((_request, response) => {
        fetched++;
        response.end('x');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as { port: number }).port;
      try {
        const cases: Array<[string, Buffer, number, RegExp]> = [
          // An empty file part is no file at all to the form reader: "is required".
          ['empty', Buffer.alloc(0), 422, /is required|is empty/],
          ['not a docx', Buffer.from('%PDF-1.7 not a Word file'), 415, /not a Word document/],
          ['a zip bomb', rawZip([deflatedEntry('word/document.xml', Buffer.alloc(20 * 1024 * 1024))]), 413, /zip bomb/],
          ['a huge image', await changedDocx(brief, (zip) => void zip.file('word/media/huge.png', pngHeaderOnly(12_000, 9_000))), 413, /megapixels/],
          [
            'an external image',
            await changedDocx(
              brief,
              withRelationship(
                `<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="http://127.0.0.1:${port}/pixel.png" TargetMode="External"/>`,
              ),
            ),
            422,
            /never fetches/,
          ],
        ];
        for (const [label, bytes, status, message] of cases) {
          const before = await counts();
          const response = await apiImport(bytes);
          assert.equal(response.statusCode, status, `${label}: ${response.body}`);
          const error = response.json().error as { message: string; field: string };
          assert.match(error.message, message, label);
          assert.equal(error.field, 'file', label);
          assert.deepEqual(await counts(), before, label);
        }
      } finally {
        server.close();
      }
      assert.equal(fetched, 0);
    });

    test('a document without a title is titled from its file name; the draft and its import record are one entry in the log', async () => {
      const untitled = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('Just a first paragraph.'), new Paragraph('And a second one.')] }] }));
      const before = await counts();
      const form = multipartBody({ name: 'C:\\Users\\ana\\Winter notes.docx', type: docxType, bytes: untitled }, { expert: 'author-expert' });
      const response = await t.app.inject({ method: 'POST', url: '/api/v1/articles/import-docx', headers: { ...bearer(t.tokens.author), ...form.headers }, payload: form.payload });
      assert.equal(response.statusCode, 201, response.body);
      const { id } = response.json() as { id: number };
      assert.equal((await getArticleById(t.db.handle, id))?.title, 'Winter notes');
      const after = await counts();
      assert.deepEqual(after, { ...before, articles: before.articles + 1, audit: before.audit + 1 });
      const [entry] = await listAuditEvents(t.db.handle, { limit: 5, subject: { kind: 'article', id } });
      assert.equal(entry?.action, 'article.import_docx');
      assert.deepEqual(JSON.parse(entry.detail), []);
    });

    test('the office form makes the draft and opens its editor with what was not carried over; a refused file comes back on the form', async () => {
      const newPage = await author.get('/admin/articles/new');
      assert.match(newPage.body, /<form method="post" action="\/admin\/articles\/import-docx\?_csrf=[^"]+" enctype="multipart\/form-data" data-word-import="true">/);
      const form = multipartBody({ name: 'brief.docx', type: docxType, bytes: brief }, { expert: 'author-expert' });
      const url = `/admin/articles/import-docx?${CSRF_FIELD}=${encodeURIComponent(author.csrf)}`;
      const posted = await t.app.inject({ method: 'POST', url, headers: { cookie: author.cookie, ...form.headers }, payload: form.payload });
      assert.equal(posted.statusCode, 303, posted.body);
      const location = posted.headers.location as string;
      assert.match(location, /^\/admin\/articles\/\d+\?notice=imported_from_word$/);
      const page = await author.get(location);
      assert.equal(page.statusCode, 200, page.body.slice(0, 300));
      assert.match(page.body, /Draft created from your Word document/);
      assert.match(page.body, /1 comment left out/);
      assert.match(page.body, /Energy security after the winter/);
      // Without the notice in the address, the editor is the ordinary one.
      assert.doesNotMatch((await author.get(location.replace(/\?.*/, ''))).body, /Draft created from your Word document/);
      // Refused: the form again, with the reason, and the right status.
      const bad = multipartBody({ name: 'notes.docx', type: docxType, bytes: Buffer.from('plain text') }, { expert: 'author-expert' });
      const refused = await t.app.inject({ method: 'POST', url, headers: { cookie: author.cookie, ...bad.headers }, payload: bad.payload });
      assert.equal(refused.statusCode, 415);
      assert.match(refused.body, /There is a problem/);
      assert.match(refused.body, /not a Word document/);
      // Without the CSRF token, nothing is done.
      const forged = await t.app.inject({ method: 'POST', url: '/admin/articles/import-docx', headers: { cookie: author.cookie, ...form.headers }, payload: form.payload });
      assert.equal(forged.statusCode, 403);
    });

    test('paste: clipboard HTML becomes Markdown for the signed-in editor, with the CSRF header; bad input is a 4xx', async () => {
      const pasted = await editor.json('POST', '/admin/articles/paste', { html: wordSample });
      assert.equal(pasted.statusCode, 200, pasted.body);
      const { markdown, warnings } = pasted.json() as { markdown: string; warnings: string[] };
      assert.match(markdown, /^## Energy security after the winter\n/);
      assert.match(markdown, /\n\[\^2\]: See the \[solidarity regulation\]\(https:\/\/example\.org\/regulation\)\.\n$/);
      assert.equal(warnings.length, 1);
      const noCsrf = await t.app.inject({
        method: 'POST',
        url: '/admin/articles/paste',
        headers: { cookie: editor.cookie, 'content-type': 'application/json' },
        payload: JSON.stringify({ html: '<p>x</p>' }),
      });
      assert.equal(noCsrf.statusCode, 403);
      const signedOut = await t.app.inject({
        method: 'POST',
        url: '/admin/articles/paste',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        payload: JSON.stringify({ html: '<p>x</p>' }),
      });
      assert.ok([401, 303].includes(signedOut.statusCode), String(signedOut.statusCode));
      assert.equal((await editor.json('POST', '/admin/articles/paste', { html: 42 })).statusCode, 422);
      assert.equal((await editor.json('POST', '/admin/articles/paste', { html: '<p>x</p>', extra: 1 })).statusCode, 422);
      const tooLarge = await editor.json('POST', '/admin/articles/paste', { html: `<p>${'x'.repeat(maxPasteBytes)}</p>` });
      assert.equal(tooLarge.statusCode, 413);
      assert.equal(tooLarge.json().error.code, 'payload_too_large');
      // Within the body limit, but more than one conversion takes: refused before it is parsed, saying why.
      const tooLong = await editor.json('POST', '/admin/articles/paste', { html: `<p>${'word '.repeat(officeHtmlLimits.maxHtmlBytes / 5 + 10)}</p>` });
      assert.equal(tooLong.statusCode, 413);
      assert.equal(tooLong.json().error.field, 'html');
      assert.match(tooLong.json().error.message, /MB of text and markup/);
      const tooMany = await editor.json('POST', '/admin/articles/paste', { html: '<a href="#x">1</a>'.repeat(officeHtmlLimits.maxInPageLinks + 1) });
      assert.equal(tooMany.statusCode, 413);
      assert.match(tooMany.json().error.message, /links within the page/);
      // Word's style sheet does not count against it.
      const styled = await editor.json('POST', '/admin/articles/paste', { html: `<style>${'p.MsoNormal{margin:0}\n'.repeat(150_000)}</style><p>Short.</p>` });
      assert.equal(styled.statusCode, 200, styled.body.slice(0, 300));
      assert.equal(styled.json().markdown, 'Short.\n');
      const broken = await t.app.inject({
        method: 'POST',
        url: '/admin/articles/paste',
        headers: { cookie: editor.cookie, 'x-csrf-token': editor.csrf, 'content-type': 'application/json' },
        payload: '{"html": ',
      });
      assert.equal(broken.statusCode, 400);
    });

    test('the command line imports a .docx as a draft and lists what was not carried over; a bad file is exit code 2', async () => {
      const env = { ...t.db.cliEnv, PUBLIC_URL: 'http://rostrum.test', ROSTRUM_DEMO: '0' };
      const dir = mkdtempSync(path.join(tmpdir(), 'rostrum-word-'));
      try {
        const file = path.join(dir, 'Winter brief.docx');
        writeFileSync(file, await briefDocx({ withImage: false }));
        const result = await runCliInProcess(['article', 'import-docx', file, '--expert', 'author-expert'], env);
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stdout, /Created draft "Energy security after the winter" \(article \d+\) on Author Expert's blog\./);
        assert.match(result.stdout, /Not carried over:\n- Tracked changes/);
        const id = Number(/article (\d+)/.exec(result.stdout)![1]);
        assert.match(result.stdout.trim().split('\n').at(-1)!, new RegExp(`^http://rostrum.test/admin/articles/${id}$`));
        assert.equal((await getArticleById(t.db.handle, id))?.status, 'draft');
        const before = await counts();
        const bad = path.join(dir, 'bad.docx');
        writeFileSync(bad, 'not a document');
        const refused = await runCliInProcess(['article', 'import-docx', bad, '--expert', 'author-expert'], env);
        assert.equal(refused.code, 2);
        assert.match(refused.stderr, /bad\.docx is not a Word document/);
        assert.equal((await runCliInProcess(['article', 'import-docx', path.join(dir, 'missing.docx'), '--expert', 'author-expert'], env)).code, 2);
        assert.equal((await runCliInProcess(['article', 'import-docx', file, '--expert', 'no-such-expert'], env)).code, 2);
        assert.equal((await runCliInProcess(['article', 'import-docx', file], env)).code, 2);
        assert.deepEqual(await counts(), before);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
