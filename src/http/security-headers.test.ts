import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { transportSecurityHeaders } from './security-headers.ts';

const hsts = 'strict-transport-security';

test('Strict-Transport-Security is made for an https public address only', () => {
  assert.deepEqual(transportSecurityHeaders('https://analysis.example.org'), { [hsts]: 'max-age=31536000' });
  assert.deepEqual(transportSecurityHeaders('http://localhost:3000'), {});
});

for (const publicUrl of ['https://rostrum.test', 'http://rostrum.test']) {
  const secure = publicUrl.startsWith('https:');
  describe(`transport security when PUBLIC_URL is ${publicUrl}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp('sqlite', { PUBLIC_URL: publicUrl });
    });
    after(() => t.close());

    test(secure ? 'every kind of answer carries HSTS for a year' : 'no answer carries HSTS', async () => {
      const answers = {
        'a page, rendered': await t.app.inject({ url: '/blogs' }),
        'the same page, from the cache': await t.app.inject({ url: '/blogs' }),
        'a cached page revalidated': await t.app.inject({ url: '/blogs', headers: { 'if-none-match': '"x"' } }),
        'a feed': await t.app.inject({ url: '/feed.xml' }),
        'the public API': await t.app.inject({ url: '/api/v1/public/articles' }),
        'the private API': await t.app.inject({ url: '/api/v1/articles/1', headers: { authorization: `Bearer ${t.tokens.editor}` } }),
        'a refusal': await t.app.inject({ url: '/api/v1/articles/1' }),
        'a page not found': await t.app.inject({ url: '/no/such/page' }),
        'an address the router cannot read': await t.app.inject({ url: '/blogs/%E0%A4%A' }),
        'the office': await t.app.inject({ url: '/admin/login' }),
      };
      assert.equal(answers['the same page, from the cache'].headers['x-cache'], 'hit');
      for (const [what, res] of Object.entries(answers)) {
        assert.equal(res.headers[hsts], secure ? 'max-age=31536000' : undefined, `${what} (${res.statusCode})`);
      }
    });
  });
}
