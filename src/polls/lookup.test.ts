import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { getArticleById } from '../articles/store.ts';
import { createPoll } from './store.ts';

// The poll picker: the lookup searches every poll's question (editors only), and the editor's poll field takes an
// id (the picker) or, without JavaScript, words of a question that fit one poll.

for (const kind of await databaseKinds()) {
  describe(`the poll picker on ${kind}`, () => {
    let t: TestApp;
    let editor: OfficeSession;
    let author: OfficeSession;
    const polls: number[] = [];

    before(async () => {
      t = await startTestApp(kind);
      for (let i = 0; i < 25; i++) polls.push((await createPoll(t.db.handle, { question: `Will the tariff rise in round ${i}?`, options: ['Yes', 'No'] })).id);
      polls.push((await createPoll(t.db.handle, { question: 'Is desalination worth its energy?', options: ['Yes', 'No'] })).id);
      polls.push((await createPoll(t.db.handle, { question: 'Is 100% renewable power realistic by 2040?', options: ['Yes', 'No'] })).id);
      editor = await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test');
      author = await officeSessionFor(t.app, t.db.handle, 'author@rostrum.test');
    });
    after(() => t.close());

    const json = (session: OfficeSession, url: string) => t.app.inject({ url, headers: { cookie: session.cookie, accept: 'application/json' } });

    test('the lookup: questions holding the words, newest first, paged; editors only; bad input is a 400', async () => {
      const found = (await json(editor, '/admin/polls/lookup?q=desalination')).json();
      assert.deepEqual(found, { items: [{ id: String(polls[25]), label: 'Is desalination worth its energy?', hint: 'draft · en' }], next_cursor: null });
      const percent = (await json(editor, '/admin/polls/lookup?q=100%25')).json();
      assert.deepEqual(
        percent.items.map((i: { id: string }) => i.id),
        [String(polls[26])],
        'a % is a character',
      );
      const first = (await json(editor, '/admin/polls/lookup?q=tariff')).json();
      assert.equal(first.items.length, 20);
      const second = (await json(editor, `/admin/polls/lookup?q=tariff&cursor=${first.next_cursor}`)).json();
      assert.equal(second.items.length, 5);
      assert.equal(second.next_cursor, null);
      assert.equal(new Set([...first.items, ...second.items].map((i: { id: string }) => i.id)).size, 25, 'no poll twice');
      assert.equal((await json(author, '/admin/polls/lookup?q=tariff')).statusCode, 403);
      assert.equal((await t.app.inject({ url: '/admin/polls/lookup' })).statusCode < 500, true);
      for (const url of ['/admin/polls/lookup?cursor=bogus', `/admin/polls/lookup?q=${'q'.repeat(201)}`, '/admin/polls/lookup?q=a&q=b']) {
        const res = await json(editor, url);
        assert.equal(res.statusCode, 400, url);
      }
    });

    test('the editor takes words of one poll’s question without JavaScript, and names the polls words could mean', async () => {
      const fields = { expert: 'author-expert', title: 'Water and power', lead: 'Lead.', body: 'Body.', action: 'save', editorial_fields: '1', published_at: '' };
      const saved = await editor.post('/admin/articles/new', { ...fields, poll: 'desalination' });
      assert.equal(saved.statusCode, 303, saved.body.slice(0, 500));
      const id = Number(/\/admin\/articles\/(\d+)/.exec(saved.headers.location as string)![1]);
      assert.equal((await getArticleById(t.db.handle, id))!.pollId, polls[25]);
      const page = (await editor.get(`/admin/articles/${id}`)).body;
      assert.match(page, /data-picker="\/admin\/polls\/lookup"/);
      assert.match(page, new RegExp(`data-picker-value="${polls[25]}"`));
      assert.match(page, /value="Is desalination worth its energy\? \(draft\)"/, 'the field shows the question');
      const several = await editor.post('/admin/articles/new', { ...fields, title: 'Another', poll: 'tariff' });
      assert.equal(several.statusCode, 422);
      assert.match(several.body, /several polls’ questions hold these words/);
      const none = await editor.post('/admin/articles/new', { ...fields, title: 'Yet another', poll: '<script>alert(1)</script>' });
      assert.equal(none.statusCode, 422);
      assert.match(none.body, /no poll’s question holds “&lt;script>alert\(1\)&lt;\/script>”/);
      const byId = await editor.post('/admin/articles/new', { ...fields, title: 'By id', poll: String(polls[3]) });
      assert.equal(byId.statusCode, 303);
    });
  });
}
