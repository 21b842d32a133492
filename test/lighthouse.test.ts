import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.tsx';
import { createTestDatabase, type TestDatabase } from './databases.ts';
import { audit, freePort, launchChromium, pagesOf, warm } from '../scripts/lighthouse.mjs';

/**
 * Lighthouse's categories that do not depend on timing (performance does, so it is left to
 * `npm run lighthouse`), on the four pages issue 13 names, at phone width (the mobile preset: where
 * touch targets are smallest). Needs the lighthouse dev dependency and Debian's Chromium.
 */
describe('Lighthouse on the demo site: accessibility, best practices and SEO', { timeout: 600_000 }, () => {
  let db: TestDatabase;
  let app: FastifyInstance;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let base: string;
  let pages: Awaited<ReturnType<typeof pagesOf>>;

  before(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    // The public address is the one Lighthouse reads: a canonical link to another host fails SEO.
    db = await createTestDatabase('sqlite', { PUBLIC_URL: base }, { migrate: true, demo: true });
    ({ app } = await buildApp(db.config, db.handle));
    await app.listen({ port, host: '127.0.0.1' });
    chromium = await launchChromium();
    pages = await pagesOf(base);
    await warm(base, pages);
  });
  after(async () => {
    await chromium?.close();
    await app?.close();
    await db?.drop();
  });

  for (const name of ['front', 'article', 'polls', 'blog'] as const) {
    test(`the ${name} page scores 1.0`, async () => {
      const result = await audit(base + pages[name], { port: chromium.port, preset: 'mobile', only: ['accessibility', 'best-practices', 'seo'] });
      assert.equal(result.error, undefined);
      assert.deepEqual(result.failing, []);
      assert.deepEqual(result.scores, { accessibility: 1, 'best-practices': 1, seo: 1 });
    });
  }
});
