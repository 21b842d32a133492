import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseHtml } from 'node-html-parser';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, multipartBody, startTestApp, type TestApp } from '../../test/app.ts';
import { officeSessionFor } from '../../test/office.ts';
import { getExpertBySlug } from './store.ts';
import { parseProfileLinks, profileLinkLabel } from './links.ts';

const links = ['https://orcid.org/0000-0002-1825-0097', 'https://scholar.google.com/citations?user=abc', 'https://www.linkedin.com/in/mira', 'https://x.com/mira', 'https://mira.example/'];

describe('profile links', () => {
  test('known sites get their usual names, others their host', () => {
    assert.deepEqual(links.map(profileLinkLabel), ['ORCID', 'Google Scholar', 'LinkedIn', 'X', 'mira.example']);
  });

  test('a stored value that is not a list of https links reads as none', () => {
    assert.deepEqual(parseProfileLinks('not json'), []);
    assert.deepEqual(parseProfileLinks('{"a":1}'), []);
    assert.deepEqual(parseProfileLinks('["javascript:alert(1)", "https://ok.example/", 3]'), ['https://ok.example/']);
  });
});

for (const kind of await databaseKinds()) {
  describe(`expert profile links on ${kind}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind);
    });
    after(() => t.close());

    const post = (payload: unknown) => t.app.inject({ method: 'POST', url: '/api/v1/experts', headers: bearer(t.tokens.admin), payload: payload as object });

    test('the API takes same_as, gives it back, and the blog shows the links with rel="me"', async () => {
      const created = await post({ name: 'Mira Kowal', same_as: links });
      assert.equal(created.statusCode, 201, created.body);
      assert.deepEqual((created.json() as { same_as: string[] }).same_as, links);
      const publicJson = await t.app.inject({ url: '/api/v1/public/experts/mira-kowal' });
      assert.deepEqual((publicJson.json() as { same_as: string[] }).same_as, links);
      const doc = parseHtml((await t.app.inject({ url: '/blogs/mira-kowal' })).body);
      const anchors = doc.querySelectorAll('.expert-links a');
      assert.deepEqual(
        anchors.map((a) => [a.getAttribute('href'), a.getAttribute('rel'), a.text]),
        links.map((l, i) => [l, 'me noopener', ['ORCID', 'Google Scholar', 'LinkedIn', 'X', 'mira.example'][i]]),
      );
      assert.match(doc.querySelector('.expert-links')!.text, /^Elsewhere: ORCID · Google Scholar · /);

      const patched = await t.app.inject({ method: 'PATCH', url: '/api/v1/experts/mira-kowal', headers: bearer(t.tokens.admin), payload: { same_as: [links[0]] } });
      assert.equal(patched.statusCode, 200, patched.body);
      assert.deepEqual((patched.json() as { same_as: string[] }).same_as, [links[0]]);
      const cleared = await t.app.inject({ method: 'PATCH', url: '/api/v1/experts/mira-kowal', headers: bearer(t.tokens.admin), payload: { same_as: [] } });
      assert.deepEqual((cleared.json() as { same_as: string[] }).same_as, []);
      assert.equal(parseHtml((await t.app.inject({ url: '/blogs/mira-kowal' })).body).querySelector('.expert-links'), null);
    });

    test('anything but up to ten https addresses of at most 500 characters is refused with 422, as every invalid API input is', async () => {
      const bad: unknown[] = [
        ['http://orcid.org/0000'],
        ['javascript:alert(1)'],
        ['https://user:pass@example.org/'],
        ['not a url'],
        ['https://localhost/'],
        [`https://example.org/${'a'.repeat(490)}`],
        Array.from({ length: 11 }, (_, i) => `https://example.org/${i}`),
        'https://orcid.org/0000',
        [42],
        null,
      ];
      for (const [i, same_as] of bad.entries()) {
        const res = await post({ name: `Refused ${i}`, same_as });
        assert.equal(res.statusCode, 422, `${JSON.stringify(same_as)}: ${res.body}`);
        const error = (res.json() as { error: { code: string; field?: string } }).error;
        assert.match(String(error.field), /^same_as/);
      }
      const patch = await t.app.inject({ method: 'PATCH', url: '/api/v1/experts/author-expert', headers: bearer(t.tokens.admin), payload: { same_as: ['ftp://x.example/'] } });
      assert.equal(patch.statusCode, 422);
      assert.equal(await getExpertBySlug(t.db.handle, 'refused-0'), undefined);
    });

    test('the office edits the links one per line and refuses a bad one on the form', async () => {
      const admin = await officeSessionFor(t.app, t.db.handle, 'admin@rostrum.test');
      const expert = (await getExpertBySlug(t.db.handle, 'author-expert'))!;
      const submit = (fields: Record<string, string>) => {
        const form = multipartBody(undefined, fields, { fileField: 'photo_file', emptyFilePart: true });
        return t.app.inject({ method: 'POST', url: `/admin/experts/${expert.id}?_csrf=${encodeURIComponent(admin.csrf)}`, headers: { cookie: admin.cookie, ...form.headers }, payload: form.payload });
      };
      const page = await admin.get(`/admin/experts/${expert.id}`);
      assert.match(page.body, /<label for="field-same_as">Profile links, one per line<\/label>/);
      const saved = await submit({ name: expert.name, title: '', affiliation: '', bio: '', same_as: ` ${links[0]}\r\n\r\n${links[4]} \r\n` });
      assert.equal(saved.statusCode, 303, saved.body);
      assert.equal((await getExpertBySlug(t.db.handle, 'author-expert'))!.sameAs, JSON.stringify([links[0], links[4]]));
      const form = parseHtml((await admin.get(`/admin/experts/${expert.id}`)).body);
      assert.equal(form.querySelector('#field-same_as')!.text, `${links[0]}\n${links[4]}`);

      const refused = await submit({ name: expert.name, same_as: 'http://insecure.example/' });
      assert.equal(refused.statusCode, 422);
      assert.match(refused.body, /Profile links/);
      assert.match(refused.body, /must each be a full https:\/\/ address/);
      assert.equal((await getExpertBySlug(t.db.handle, 'author-expert'))!.sameAs, JSON.stringify([links[0], links[4]]));
    });
  });
}
