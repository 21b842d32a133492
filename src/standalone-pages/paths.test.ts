import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { registeredRoutes } from '../../test/routes.ts';
import { couldBePagePath, pagePathProblem, reservedFirstSegments, reservedPathProblem, trimPagePath } from './paths.ts';

test('a page path is slugs separated by single slashes, at most five of them and 300 characters', () => {
  for (const path of ['about', 'about/team', 'terms-of-use', 'a1/b2/c3/d4/e5', 'contact-2025', 'abc']) assert.equal(pagePathProblem(path), undefined, path);
  for (const path of [
    '',
    'About',
    'about//team',
    'about/',
    '/about',
    'about team',
    'about_us',
    'about.html',
    'über',
    '-about',
    'about-',
    'a--b',
    'a/b/c/d/e/f',
    `${'a'.repeat(301)}`,
    'about/%2e%2e',
    'about/..',
  ]) {
    assert.ok(pagePathProblem(path), path);
  }
  assert.equal(trimPagePath('  /about/team/ '), 'about/team');
});

test('the site’s own first segments and language prefixes are refused, wherever the path goes on', () => {
  for (const path of ['blogs', 'blogs/mine', 'search', 'admin/x', 'api', 'glossary', 'for-business', 'tags', 'places', 'regions', 'sitemaps', 'feed', 'feeds/all']) {
    assert.match(pagePathProblem(path) ?? '', /which the site uses for its own pages/, path);
  }
  for (const path of ['ru', 'en/about', 'pt-br', 'zh-tw/team']) assert.match(pagePathProblem(path) ?? '', /language editions/, path);
  // Only the first segment counts, and only a whole one.
  for (const path of ['about/blogs', 'blogs-digest', 'team/ru', 'rus', 'abc-de', 'ab-cde']) assert.equal(reservedPathProblem(path), undefined, path);
  assert.equal(couldBePagePath('blogs'), false);
  assert.equal(couldBePagePath('about/team'), true);
});

describe('the reserved segments cover every route the app registers', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp('sqlite');
  });
  after(() => t.close());

  test('each registered route starts with a reserved segment, so no page can shadow it (or be shadowed)', () => {
    const routes = registeredRoutes(t.app);
    assert.ok(routes.length > 100, `the route tree was not read: ${routes.length} routes`);
    const reserved = new Set(reservedFirstSegments);
    const missing = new Set<string>();
    const catchAll: string[] = [];
    for (const { method, path } of routes) {
      const first = path.split('/')[1] ?? '';
      if (first === '') continue; // the front page, `/`
      // The one catch-all is the fallback that asks the standalone pages (and others) for what no route took.
      if (first.startsWith('*') || first.startsWith(':')) catchAll.push(`${method} ${path}`);
      else if (!reserved.has(first)) missing.add(first);
    }
    assert.deepEqual([...missing].sort(), [], 'first segments of registered routes missing from reservedFirstSegments (src/standalone-pages/paths.ts)');
    assert.deepEqual(catchAll, ['GET /*'], 'routes that take any first segment');
  });

  test('every reserved word is one a page path could otherwise have, or a file name routes use', () => {
    for (const segment of reservedFirstSegments) assert.match(segment, /^[a-z0-9]+(?:-[a-z0-9]+)*$|\.(xml|txt|json|ico)$/, segment);
  });
});
