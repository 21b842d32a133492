import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { exportSite, OutputError, streamWriter } from './export.ts';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, startTestApp } from '../../test/app.ts';
import { commandLineActor } from '../core/actor.ts';
import { updateSiteSettings } from '../site/commands.ts';
import { createTag } from '../tags/commands.ts';
import { updateExpert } from '../experts/commands.ts';
import { updatePortal } from '../portals/commands.ts';
import { createPoll } from '../polls/commands.ts';
import { createTerm } from '../glossary/commands.ts';

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

for (const kind of await databaseKinds()) {
  test(`the export carries the editions: languages of polls and terms, texts in other languages, and each translation's first version (even one later in the list), on ${kind}`, async () => {
    const t = await startTestApp(kind);
    try {
      const actor = commandLineActor('test');
      await updateSiteSettings(t.ctx, actor, { languages: ['en', 'ru'] });
      await createTag(t.ctx, actor, { name: 'Energy', slug: 'energy', translations: { ru: { name: 'Энергетика' } } });
      await updateExpert(t.ctx, actor, { slug: 'author-expert' }, { translations: { ru: { name: 'Автор Экспертов', bio: 'Пишет об энергетике.' } } });
      await updatePortal(t.ctx, actor, 'business', { translations: { ru: { title: 'Бизнесу', intro: 'Для *деловых* людей.' } } });
      await createPoll(t.ctx, actor, { question: 'Что дальше?', options: ['Да', 'Нет'], maxChoices: 1, status: 'open', current: true, language: 'ru' });
      await createTerm(t.ctx, actor, { term: 'ОДКБ', expansion: 'Организация Договора о коллективной безопасности', language: 'ru' });
      const create = async (fields: Record<string, unknown>) => {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/articles',
          headers: bearer(t.tokens.editor),
          payload: { expert: 'author-expert', lead: 'Lead', body: 'Body', status: 'published', ...fields },
        });
        assert.equal(res.statusCode, 201, res.body);
        return (res.json() as { id: number }).id;
      };
      // The Russian text came first; the English one, written later, was made the group's first version.
      const russian = await create({ title: 'Сначала по-русски', language: 'ru', slug: 'сначала' });
      const english = await create({ title: 'Then in English' });
      const linked = await t.app.inject({ method: 'PATCH', url: `/api/v1/articles/${russian}`, headers: bearer(t.tokens.editor), payload: { translation_of: english } });
      assert.equal(linked.statusCode, 200, linked.body);
      const french = await create({ title: 'Puis en français', language: 'fr', translation_of: english });
      const alone = await create({ title: 'On its own' });

      let text = '';
      await exportSite(
        t.db.handle,
        (chunk) => void (text += chunk),
        () => ({ tick() {}, stop() {} }),
      );
      type Items = Array<Record<string, any>>;
      const doc = JSON.parse(text) as { settings: { languages: string[] }; tags: Items; experts: Items; portals: Items; polls: Items; glossary: Items; articles: Items };
      assert.deepEqual(doc.settings.languages, ['en', 'ru']);
      assert.deepEqual(doc.tags.find((tag) => tag.slug === 'energy')!.translations, { ru: { name: 'Энергетика' } });
      assert.deepEqual(doc.experts[0]!.translations, { ru: { name: 'Автор Экспертов', title: '', affiliation: '', bio: 'Пишет об энергетике.' } });
      assert.deepEqual(doc.portals.find((p) => p.slug === 'business')!.translations, { ru: { title: 'Бизнесу', intro: 'Для *деловых* людей.' } });
      assert.deepEqual(doc.portals.find((p) => p.slug === 'students')!.translations, {});
      assert.deepEqual(
        doc.polls.map((p) => [p.question, p.language, p.current]),
        [['Что дальше?', 'ru', true]],
      );
      assert.deepEqual(
        doc.glossary.map((g) => [g.term, g.language]),
        [['ОДКБ', 'ru']],
      );
      const article = new Map(doc.articles.map((a) => [a.id as number, a]));
      assert.deepEqual(
        [russian, english, french, alone].map((id) => [article.get(id)!.language, article.get(id)!.translation_of]),
        [
          ['ru', english],
          ['en', null],
          ['fr', english],
          ['en', null],
        ],
      );
      assert.equal(article.get(russian)!.slug, 'сначала');
      assert.ok(doc.articles.findIndex((a) => a.id === russian) < doc.articles.findIndex((a) => a.id === english), 'a translation may come before the version it names');
    } finally {
      await t.close();
    }
  });
}
