import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { hostileStrings, startTestApp, type TestApp } from '../../test/app.ts';
import { officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { getUserByEmail } from '../users/store.ts';
import { listAuditActions, listAuditEvents, recordAuditEvent } from '../audit/store.ts';
import { auditPolicy } from '../audit/policies.ts';
import { actionInWords } from '../audit/actions.ts';

test('only administrators read the audit log', () => {
  const actor = (role: 'admin' | 'editor' | 'author') => ({ userId: 1, email: 'x@y', name: '', role, expertId: null });
  assert.deepEqual([auditPolicy.read(actor('admin')), auditPolicy.read(actor('editor')), auditPolicy.read(actor('author'))], [true, false, false]);
});

test('actions read as words; an unknown action is shown as recorded', () => {
  assert.equal(actionInWords('article.publish'), 'Published article');
  assert.equal(actionInWords('poll.current'), 'Made poll the current poll');
  assert.equal(actionInWords('something.new'), 'something.new');
});

const rowsOf = (html: string) => [...html.matchAll(/<td class="audit-when"><time datetime="([^"]+)">/g)].map((m) => m[1]!);
const olderLinkOf = (html: string) => /<a href="([^"]+)" rel="next">Older entries<\/a>/.exec(html)?.[1]?.replaceAll('&amp;', '&');

for (const kind of await databaseKinds()) {
  describe(`the audit log in the editorial office on ${kind}`, () => {
    let t: TestApp;
    let admin: OfficeSession;
    let editor: OfficeSession;
    let author: OfficeSession;
    let editorId: number;
    before(async () => {
      t = await startTestApp(kind);
      admin = await officeSessionFor(t.app, t.db.handle, 'admin@rostrum.test');
      editor = await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test');
      author = await officeSessionFor(t.app, t.db.handle, 'author@rostrum.test');
      editorId = (await getUserByEmail(t.db.handle, 'editor@rostrum.test'))!.id;
    });
    after(() => t.close());

    test('entries show when, who, the action in words, the subject linked while it exists, the detail and the address', async () => {
      const made = await editor.post('/admin/polls', { question: 'Logged poll?', answer: ['Yes', 'No'], results: 'always' });
      assert.equal(made.statusCode, 303, made.body);
      const pollId = Number(/\/admin\/polls\/(\d+)/.exec(String(made.headers.location))![1]);
      const page = await admin.get('/admin/audit');
      assert.equal(page.statusCode, 200);
      assert.equal(page.headers['cache-control'], 'no-store');
      for (const column of ['When', 'Who', 'Action', 'Subject', 'Detail', 'IP address']) assert.match(page.body, new RegExp(`<th scope="col">${column}</th>`));
      assert.match(page.body, /<time datetime="\d{4}-\d{2}-\d{2}T[\d:.]+Z">[A-Z][a-z]+ \d+, \d{4}, \d\d:\d\d UTC<\/time>/);
      assert.match(page.body, new RegExp(`<td>editor@rostrum.test</td><td>Created poll</td><td><a href="/admin/polls/${pollId}">Logged poll\\?</a></td><td></td><td class="audit-ip">127.0.0.1</td>`));
      await editor.post(`/admin/polls/${pollId}/delete`, { confirm: '1' });
      const after = await admin.get('/admin/audit');
      assert.match(after.body, /<td>Deleted poll<\/td><td>Logged poll\?<\/td>/);
      assert.doesNotMatch(after.body, new RegExp(`href="/admin/polls/${pollId}"`), 'a deleted subject is no longer linked');
    });

    test('hostile text in the log is shown escaped', async () => {
      await recordAuditEvent(
        t.db.handle,
        { userId: editorId, email: 'editor@rostrum.test' },
        { action: 'article.publish', subject: { kind: 'article', id: 999_999, label: hostileStrings[0] }, detail: hostileStrings[1] },
        hostileStrings[3],
      );
      await recordAuditEvent(t.db.handle, null, { action: hostileStrings[3]!, subject: { kind: hostileStrings[1]!, label: hostileStrings[2] } });
      const page = await admin.get('/admin/audit');
      assert.match(page.body, /<td>Published article<\/td><td>&lt;script>alert\(&quot;x&quot;\)&lt;\/script><\/td>/);
      assert.doesNotMatch(page.body, /<script>alert|<img src=x|<svg onload/);
      assert.doesNotMatch(page.body, /href="javascript:/);
    });

    test('fifty entries a page, newest first, with "Older entries" until the oldest', async () => {
      for (let i = 0; i < 110; i++) {
        await recordAuditEvent(t.db.handle, { userId: editorId, email: 'editor@rostrum.test' }, { action: 'article.save', subject: { kind: 'article', id: i + 1, label: `Paged ${i}` } }, '10.0.0.1');
      }
      const all = await listAuditEvents(t.db.handle, { limit: 1000 });
      const seen: string[] = [];
      let url: string | undefined = '/admin/audit';
      let pages = 0;
      while (url) {
        const res = await admin.get(url);
        assert.equal(res.statusCode, 200, url);
        const rows = rowsOf(res.body);
        assert.ok(rows.length <= 50);
        seen.push(...rows);
        url = olderLinkOf(res.body);
        pages++;
      }
      assert.equal(pages, Math.ceil(all.length / 50));
      assert.equal(seen.length, all.length, 'every entry once, none twice');
      assert.deepEqual(
        seen,
        all.map((e) => e.at),
        'newest first across pages',
      );
      const first = await admin.get('/admin/audit');
      assert.match(olderLinkOf(first.body)!, /^\/admin\/audit\?before=\d+$/);
    });

    test('the log filters by person and by action, and the filters carry over to older pages', async () => {
      const byEditor = await admin.get(`/admin/audit?user=${editorId}&action=article.save`);
      assert.equal(byEditor.statusCode, 200);
      assert.equal(rowsOf(byEditor.body).length, 50);
      assert.doesNotMatch(byEditor.body, /<td>Published article<\/td>/);
      assert.match(byEditor.body, new RegExp(`<option value="${editorId}" selected>`));
      assert.match(byEditor.body, /<option value="article.save" selected>Saved article<\/option>/);
      const older = olderLinkOf(byEditor.body)!;
      assert.match(older, new RegExp(`^/admin/audit\\?user=${editorId}&action=article.save&before=\\d+$`));
      const saves = await listAuditEvents(t.db.handle, { limit: 1000, action: 'article.save', userId: editorId });
      assert.equal(saves.length, 110);
      const onlyPolls = await admin.get('/admin/audit?action=poll.create&user=');
      assert.deepEqual(rowsOf(onlyPolls.body).length, 1);
      assert.match(onlyPolls.body, /Created poll/);
      const nobody = await admin.get('/admin/audit?action=never.happened');
      assert.match(nobody.body, /No entries/);
      assert.ok((await listAuditActions(t.db.handle)).includes('poll.create'));
      for (const bad of ['?user=abc', '?before=-3', '?user=1&user=2', `?action=${'x'.repeat(61)}`]) assert.equal((await admin.get(`/admin/audit${bad}`)).statusCode, 400, bad);
    });

    test('editors and authors are refused the log and do not see it in the navigation', async () => {
      for (const session of [editor, author]) {
        assert.equal((await session.get('/admin/audit')).statusCode, 403);
        assert.doesNotMatch((await session.get('/admin')).body, /href="\/admin\/audit"/);
      }
      assert.match((await admin.get('/admin')).body, /href="\/admin\/audit"/);
    });
  });
}
