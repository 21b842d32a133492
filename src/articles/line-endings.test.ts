import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, startTestApp, type TestApp } from '../../test/app.ts';
import { officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { getArticleById } from './store.ts';
import { listRevisions } from './revisions.ts';

/** The same words, as a browser's form posts them (CRLF) and as the editor's script sends them (LF). */
const lines = ['A first paragraph.', '', 'A second one, with a hard break  ', 'after it.', '', '- a list', '- of two'];
const asForm = lines.join('\r\n') + '\r\n';
const asScript = lines.join('\n');

const unchangedSections = (html: string) => html.split('<p class="diff-unchanged">No change.</p>').length - 1;
const insertionsAndDeletions = (html: string) => (html.match(/<(ins|del)>/g) ?? []).length - 2; // less the legend's two

function idOf(res: LightMyRequestResponse): number {
  const match = /^\/admin\/articles\/(\d+)\?/.exec(String(res.headers.location));
  assert.ok(match, `expected a redirect to the editor, got ${res.statusCode} ${res.body.slice(0, 300)}`);
  return Number(match[1]);
}

/** Line endings and trailing blanks are made one way where text enters, and history compares old revisions the same way. */
for (const kind of await databaseKinds()) {
  describe(`line endings in history on ${kind}`, () => {
    let t: TestApp;
    let author: OfficeSession;
    before(async () => {
      t = await startTestApp(kind);
      author = await officeSessionFor(t.app, t.db.handle, 'author@rostrum.test');
    });
    after(() => t.close());

    test('a form post with CRLF, then an autosave of the same text with LF, compare as unchanged', async () => {
      const created = await author.post('/admin/articles/new', { expert: 'author-expert', title: 'Same words', lead: 'A lead\r\nover two lines.\r\n', body: asForm, tags: 'energy', action: 'save' });
      const id = idOf(created);
      assert.equal((await getArticleById(t.db.handle, id))!.bodyMarkdown, asScript, 'the form’s CRLF is kept as LF');
      const autosave = await author.json('POST', '/admin/articles/autosave', {
        id,
        revision: 1,
        expert: 'author-expert',
        title: 'Same words',
        lead: 'A lead\nover two lines.',
        body: asScript,
        slug: 'same-words',
        tags: 'energy',
      });
      assert.equal(autosave.statusCode, 200, autosave.body);
      assert.deepEqual(
        (await listRevisions(t.db.handle, id)).map((r) => r.note),
        ['Autosave', 'Created'],
      );

      const page = await author.get(`/admin/articles/${id}/revisions?from=1&to=2`);
      assert.match(page.body, /Changes from revision 1 to revision 2/);
      assert.equal(unchangedSections(page.body), 4, 'title, lead, body and the other details: no change');
      assert.equal(insertionsAndDeletions(page.body), 0);
    });

    test('the API keeps text the same way', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.author),
        payload: { expert: 'author-expert', title: 'By API ', lead: 'Lead \r\n', body: asForm + '\r\n  \r\n', status: 'draft' },
      });
      assert.equal(res.statusCode, 201, res.body);
      const json = res.json() as { id: number; title: string; lead: string; body: string };
      assert.deepEqual([json.title, json.lead, json.body], ['By API', 'Lead', asScript]);
    });

    test('a revision stored with CRLF before this rule compares cleanly with the same text saved now', async () => {
      const id = idOf(await author.post('/admin/articles/new', { expert: 'author-expert', title: 'Old revision', lead: 'Its lead.', body: asScript, action: 'save' }));
      // As an older Rostrum kept a form post: CRLF and trailing blanks, in the revision and the article alike.
      const stored = lines.map((l) => `${l} `).join('\r\n') + '\r\n\r\n';
      await t.db.handle.db.updateTable('articleRevisions').set({ bodyMarkdown: stored, lead: 'Its lead.\r\n' }).where('articleId', '=', id).execute();
      await t.db.handle.db.updateTable('articles').set({ bodyMarkdown: stored }).where('id', '=', id).execute();
      const saved = await author.post(`/admin/articles/${id}`, {
        expert: 'author-expert',
        title: 'Old revision',
        lead: 'Its lead.',
        body: asForm,
        slug: 'old-revision',
        revision: '1',
        action: 'save',
      });
      assert.equal(saved.statusCode, 303, saved.body.slice(0, 300));

      const page = await author.get(`/admin/articles/${id}/revisions?from=1&to=2`);
      assert.match(page.body, /Changes from revision 1 to revision 2/);
      assert.equal(unchangedSections(page.body), 4, 'nothing changed but the way the old text was kept');
      assert.equal(insertionsAndDeletions(page.body), 0);
    });
  });
}
