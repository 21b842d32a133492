import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, startTestApp, type TestApp } from '../../test/app.ts';
import { listAuditEvents } from './store.ts';

/** Changes made through the API are in the audit log under the same actions as the office's. */
for (const kind of await databaseKinds()) {
  describe(`the audit log records API changes on ${kind}`, () => {
    let t: TestApp;
    before(async () => (t = await startTestApp(kind)));
    after(() => t.close());

    const api = (method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown) =>
      t.app.inject({
        method,
        url,
        headers: { ...bearer(t.tokens.editor), ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { payload: JSON.stringify(body) }),
      });
    const logged = async () => (await listAuditEvents(t.db.handle, { limit: 100 })).map((e) => `${e.action} ${e.subjectLabel} by ${e.actorLabel}`);

    test('polls: create, edit, open, make current, close, delete', async () => {
      const made = await api('POST', '/api/v1/polls', { question: 'Audited poll?', options: ['Yes', 'No'] });
      assert.equal(made.statusCode, 201);
      const { id } = made.json() as { id: number };
      assert.equal((await api('PATCH', `/api/v1/polls/${id}`, { question: 'Audited poll, edited?' })).statusCode, 200);
      assert.equal((await api('PATCH', `/api/v1/polls/${id}`, { status: 'open', current: true })).statusCode, 200);
      assert.equal((await api('PATCH', `/api/v1/polls/${id}`, { status: 'closed' })).statusCode, 200);
      assert.equal((await api('DELETE', `/api/v1/polls/${id}`)).statusCode, 204);
      const log = await logged();
      for (const line of [
        'poll.create Audited poll? by editor@rostrum.test',
        'poll.update Audited poll, edited? by editor@rostrum.test',
        'poll.open Audited poll, edited? by editor@rostrum.test',
        'poll.current Audited poll, edited? by editor@rostrum.test',
        'poll.close Audited poll, edited? by editor@rostrum.test',
        'poll.delete Audited poll, edited? by editor@rostrum.test',
      ])
        assert.ok(log.includes(line), `${line}\n${log.join('\n')}`);
    });

    test('tags: create', async () => {
      assert.equal((await api('POST', '/api/v1/tags', { name: 'Audited topic' })).statusCode, 201);
      assert.ok((await logged()).includes('tag.create Audited topic by editor@rostrum.test'));
    });

    test('portals: edit', async () => {
      assert.equal((await api('PUT', '/api/v1/portals/business', { intro: 'Audited introduction.' })).statusCode, 200);
      const entry = (await listAuditEvents(t.db.handle, { limit: 100 })).find((e) => e.action === 'portal.update');
      assert.ok(entry);
      assert.equal(entry.actorLabel, 'editor@rostrum.test');
      assert.match(entry.detail ?? '', /introduction/);
    });

    test('settings: change, by an administrator; a refused change leaves no row', async () => {
      const refused = await t.app.inject({
        method: 'PATCH',
        url: '/api/v1/settings',
        headers: { ...bearer(t.tokens.editor), 'content-type': 'application/json' },
        payload: JSON.stringify({ tagline: 'No' }),
      });
      assert.equal(refused.statusCode, 403);
      assert.ok(!(await logged()).some((l) => l.startsWith('settings.update')));
      const changed = await t.app.inject({
        method: 'PATCH',
        url: '/api/v1/settings',
        headers: { ...bearer(t.tokens.admin), 'content-type': 'application/json' },
        payload: JSON.stringify({ tagline: 'Audited tagline' }),
      });
      assert.equal(changed.statusCode, 200);
      const entry = (await listAuditEvents(t.db.handle, { limit: 100 })).find((e) => e.action === 'settings.update');
      assert.equal(entry?.actorLabel, 'admin@rostrum.test');
      assert.equal(entry?.detail, 'Changed: tagline');
    });
  });
}
