import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { exportSite, OutputError, streamWriter } from './export.ts';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, startTestApp } from '../../test/app.ts';

test('streamWriter waits for drain, so a slow reader never makes the buffer grow', async () => {
  let maxBuffered = 0;
  const slow = new Writable({
    highWaterMark: 256,
    write(_chunk, _encoding, callback) {
      setTimeout(callback, 1);
    },
  });
  const write = streamWriter(slow);
  const chunk = 'x'.repeat(100);
  for (let i = 0; i < 200; i++) {
    await write(chunk);
    maxBuffered = Math.max(maxBuffered, slow.writableLength);
  }
  assert.ok(maxBuffered <= 256 + chunk.length, `buffered at most ${maxBuffered} bytes`);
});

test("streamWriter turns the stream's error into an OutputError for this and every later write", async () => {
  const full = new Writable({
    write(_chunk, _encoding, callback) {
      callback(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }));
    },
  });
  const write = streamWriter(full);
  await write('a').catch(() => {});
  await new Promise((r) => setImmediate(r));
  const err = await write('b').then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(err instanceof OutputError);
  assert.equal(err.code, 'ENOSPC');
  assert.equal(err.readerGone, false);
  await assert.rejects(write('c'), OutputError);
});

test('a closed pipe (EPIPE) means the reader is gone', () => {
  assert.equal(new OutputError(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })).readerGone, true);
});

for (const kind of await databaseKinds()) {
  test(`the export holds every article whatever its state: drafts, returned drafts, in review, scheduled and published, on ${kind}`, async () => {
    const t = await startTestApp(kind);
    try {
      const create = async (token: string, fields: Record<string, unknown>) => {
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/articles', headers: bearer(token), payload: { expert: 'author-expert', lead: 'Lead', status: 'draft', ...fields } });
        assert.equal(res.statusCode, 201, res.body);
        return (res.json() as { id: number }).id;
      };
      const change = async (token: string, id: number, fields: Record<string, unknown>) => {
        const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/articles/${id}`, headers: bearer(token), payload: fields });
        assert.equal(res.statusCode, 200, res.body);
      };
      const draft = await create(t.tokens.author, { title: 'Half-written draft', body: 'Draft *body*', tags: ['Fisheries'] });
      const inReview = await create(t.tokens.author, { title: 'Waiting for an editor', body: 'Review body' });
      await change(t.tokens.author, inReview, { status: 'in_review' });
      const returned = await create(t.tokens.author, { title: 'Sent back', body: 'Returned body' });
      await change(t.tokens.author, returned, { status: 'in_review' });
      await change(t.tokens.editor, returned, { status: 'draft', review_note: 'Sources, please' });
      const scheduledAt = '2999-03-01T09:00:00.000Z';
      const scheduled = await create(t.tokens.editor, { title: 'Out next spring', body: 'Scheduled body', status: 'published', published_at: scheduledAt });
      const published = await create(t.tokens.editor, { title: 'Out already', body: 'Published body', status: 'published' });

      let text = '';
      await exportSite(
        t.db.handle,
        (chunk) => void (text += chunk),
        () => ({ tick() {}, stop() {} }),
      );
      const doc = JSON.parse(text) as { articles: Array<{ id: number; title: string; body: string; status: string; published_at: string | null; tags: string[]; expert: string }> };
      const byId = new Map(doc.articles.map((a) => [a.id, a]));
      assert.deepEqual(
        [...byId.keys()].sort((a, b) => a - b),
        [draft, inReview, returned, scheduled, published],
      );
      assert.deepEqual(
        [draft, inReview, returned, scheduled, published].map((id) => {
          const a = byId.get(id)!;
          return [a.title, a.status, a.expert];
        }),
        [
          ['Half-written draft', 'draft', 'author-expert'],
          ['Waiting for an editor', 'in_review', 'author-expert'],
          ['Sent back', 'draft', 'author-expert'],
          ['Out next spring', 'published', 'author-expert'],
          ['Out already', 'published', 'author-expert'],
        ],
      );
      assert.equal(byId.get(draft)!.body, 'Draft *body*', 'the Markdown as written');
      assert.deepEqual(byId.get(draft)!.tags, ['fisheries']);
      assert.equal(byId.get(draft)!.published_at, null);
      assert.equal(byId.get(scheduled)!.published_at, scheduledAt, 'a scheduled article keeps its publication time');
    } finally {
      await t.close();
    }
  });
}
