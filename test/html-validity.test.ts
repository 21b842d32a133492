import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import vnuJar from 'vnu-jar';
import { bearer, sampleJpeg, multipartBody, startTestApp, type TestApp } from './app.ts';

const run = promisify(execFile);

describe('pages are valid HTML (Nu Html Checker)', { timeout: 120_000 }, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp('sqlite');
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/experts',
      headers: bearer(t.tokens.admin),
      payload: { name: 'Valid Expert', bio: 'Bio.', same_as: ['https://orcid.org/0000-0002-1825-0097', 'https://valid.example/'] },
    });
    const form = multipartBody({ name: 'a.jpg', type: 'image/jpeg', bytes: await sampleJpeg() }, { alt: 'A view', credit: 'Desk', credit_url: 'https://example.org' });
    const image = (await t.app.inject({ method: 'POST', url: '/api/v1/media', headers: { ...bearer(t.tokens.admin), ...form.headers }, payload: form.payload })).json() as { id: number };
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/articles',
      headers: bearer(t.tokens.admin),
      payload: {
        expert: 'valid-expert',
        title: 'Valid & sound',
        lead: 'Lead.',
        body: 'Para.[^1]\n\n## Head\n\n> Quote\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[^1]: Note.',
        image: image.id,
        tags: ['Trade'],
        status: 'published',
      },
    });
    // The glossary page, and an article long enough for a table of contents with glossary terms marked.
    for (const payload of [
      { term: 'EAEU', expansion: 'Eurasian "Economic" Union', definition: 'A *union* of [five](https://example.org) states.' },
      { term: 'LNG', expansion: 'Liquefied natural gas' },
    ]) {
      await t.app.inject({ method: 'POST', url: '/api/v1/glossary', headers: bearer(t.tokens.admin), payload });
    }
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/articles',
      headers: bearer(t.tokens.admin),
      payload: {
        expert: 'valid-expert',
        title: 'Long read',
        lead: 'Lead.',
        body: 'The EAEU and LNG.[^1]\n\n## One & two\n\nText.\n\n### Under\n\n- The EAEU\n\n## One & two\n\n[^1]: LNG note.',
        tags: ['Trade'],
        status: 'published',
      },
    });
    // Standalone pages, one nested, linked from the masthead and the footer.
    for (const payload of [
      { title: 'About & contact', path: 'about', body: 'We study *Eurasia*.[^1]\n\n## Write to us\n\n- [By e-mail](mailto:desk@example.org)\n\n[^1]: Since 1998.', menu: 'masthead' },
      { title: 'Our team', path: 'about/team', body: 'Fellows and staff.', menu: 'footer' },
    ]) {
      const page = await t.app.inject({ method: 'POST', url: '/api/v1/pages', headers: bearer(t.tokens.admin), payload: { ...payload, status: 'published' } });
      assert.equal(page.statusCode, 201, page.body);
    }
    // Place pages: a region's, a country's (with and without analysis) and their indexes.
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/articles',
      headers: bearer(t.tokens.admin),
      payload: { expert: 'valid-expert', title: 'Steppe & grain', lead: 'Kazakh wheat.', body: 'Para.', image: image.id, tags: ['Kazakhstan', 'Central Asia'], status: 'published' },
    });
    for (const [question, after] of [
      ['Closed & counted?', { status: 'closed' }],
      ['Open <now>?', { current: true }],
    ] as const) {
      const poll = (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/polls',
          headers: bearer(t.tokens.admin),
          payload: { question, options: ['Yes', 'No'], status: 'open', max_choices: question.startsWith('Open') ? 2 : 1 },
        })
      ).json() as { id: number };
      await t.app.inject({ method: 'POST', url: `/polls/${poll.id}/vote`, payload: { option: (poll as unknown as { options: Array<{ id: number }> }).options[0]!.id } });
      await t.app.inject({ method: 'PATCH', url: `/api/v1/polls/${poll.id}`, headers: bearer(t.tokens.admin), payload: after });
    }
    // The Russian edition: a translation of the first article, with its own Russian poll, a Russian term.
    await t.app.inject({ method: 'PATCH', url: '/api/v1/settings', headers: bearer(t.tokens.admin), payload: { languages: ['en', 'ru'], translations: { ru: { name: 'Совет «Валид»' } } } });
    const original = (await t.app.inject({ url: '/api/v1/public/articles?limit=100' })).json() as { items: Array<{ id: number; slug: string }> };
    const source = original.items.find((a) => a.slug === 'valid-sound')!;
    const russian = await t.app.inject({
      method: 'POST',
      url: '/api/v1/articles',
      headers: bearer(t.tokens.admin),
      payload: {
        expert: 'valid-expert',
        title: 'Верно и здраво',
        lead: 'Лид.',
        body: 'ЕАЭС и СПГ.[^1]\n\n## Раздел\n\n> Цитата\n\n[^1]: Примечание.',
        image: image.id,
        tags: ['Trade', 'Kazakhstan'],
        language: 'ru',
        translation_of: source.id,
        status: 'published',
      },
    });
    assert.equal(russian.statusCode, 201, russian.body);
    await t.app.inject({ method: 'POST', url: '/api/v1/glossary', headers: bearer(t.tokens.admin), payload: { term: 'ЕАЭС', expansion: 'Евразийский экономический союз', language: 'ru' } });
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/polls',
      headers: bearer(t.tokens.admin),
      payload: { question: 'Вопрос?', options: ['Да', 'Нет'], status: 'open', language: 'ru', current: true },
    });
  });
  after(() => t.close());

  test('every public page type passes the checker without errors', async () => {
    const pages = [
      '/',
      '/blogs',
      '/blogs/valid-expert',
      '/blogs/valid-expert/valid-sound',
      '/blogs/valid-expert/valid-sound/print',
      '/tags/trade',
      '/for-business',
      '/for-researchers',
      '/for-students',
      '/nowhere',
      '/polls',
      '/polls/1',
      '/polls/2',
      '/polls/2/embed',
      '/glossary',
      '/about',
      '/about/team',
      '/blogs/valid-expert/long-read',
      '/blogs/valid-expert/long-read/print',
      '/regions',
      '/regions/central-asia',
      '/countries',
      '/countries/kz',
      '/countries/cl',
      '/search',
      '/search?q=sound&sort=date',
      '/search?q=nothing-like-this',
      '/search?q=x&from=2024-02-30',
      '/ru',
      '/ru/blogs',
      '/ru/blogs/valid-expert',
      '/ru/blogs/valid-expert/verno-i-zdravo',
      '/ru/blogs/valid-expert/verno-i-zdravo/print',
      '/ru/tags/trade',
      '/ru/countries/kz',
      '/ru/regions',
      '/ru/polls',
      '/ru/glossary',
      '/ru/for-business',
      '/ru/search?q=здраво',
      '/ru/nowhere',
    ];
    const files = pages.map((url, i) => {
      const file = path.join(t.db.config.dataDir, `page-${i}.html`);
      return { url, file };
    });
    for (const f of files) {
      const res = await t.app.inject({ url: f.url });
      assert.equal(res.statusCode, f.url.includes('nowhere') ? 404 : f.url.includes('2024-02-30') ? 400 : 200, f.url);
      fs.writeFileSync(f.file, res.body);
    }
    const { stdout, stderr } = await run('java', ['-jar', vnuJar, '--format', 'json', '--exit-zero-always', ...files.map((f) => f.file)], { maxBuffer: 10 * 1024 * 1024 });
    const report = JSON.parse(stderr || stdout) as { messages: Array<{ type: string; url: string; message: string; extract?: string }> };
    const errors = report.messages.filter((m) => m.type === 'error');
    const described = errors.map((e) => `${files.find((f) => e.url.endsWith(path.basename(f.file)))?.url}: ${e.message} ${e.extract ?? ''}`);
    assert.deepEqual(described, []);
  });
});
