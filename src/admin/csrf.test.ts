import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, multipartBody, sampleJpeg, startTestApp, type TestApp } from '../../test/app.ts';
import { formBody, officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { officeActor } from '../office/guard.ts';
import { officeSections } from './sections.ts';

// The guard of the office's signed-in scope is tested on a route of its own, so that these tests do not
// depend on which office forms exist: the probe answers who sent the request, once the guard let it through.
officeSections.push(async (office) => {
  office.post('/admin/csrf-probe', async (request) => ({ done: true, by: officeActor(request).email }));
  office.get('/admin/csrf-probe', async (request) => ({ seen: true, by: officeActor(request).email }));
});

const poll = { question: 'Is this request forged?', options: ['Yes', 'No'] };

function assertCsrfRefusal(res: LightMyRequestResponse, what: string) {
  assert.equal(res.statusCode, 403, `${what}: ${res.statusCode} ${res.body.slice(0, 200)}`);
  if (String(res.headers['content-type']).startsWith('application/json')) assert.equal(res.json().error.code, 'csrf', what);
  else assert.match(res.body, /sent from another site/, what);
}

for (const kind of await databaseKinds()) {
  describe(`CSRF protection on ${kind}`, () => {
    let t: TestApp;
    let editor: OfficeSession;
    let otherEditor: OfficeSession;
    before(async () => {
      t = await startTestApp(kind);
      editor = await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test');
      otherEditor = await officeSessionFor(t.app, t.db.handle, 'admin@rostrum.test');
    });
    after(() => t.close());

    /** The wrong tokens a forger might try: none, empty, made up, another session's, and the right one altered. */
    const forgedTokens = (): Array<[string, string | undefined]> => [
      ['no token', undefined],
      ['an empty token', ''],
      ['a made-up token', 'A'.repeat(43)],
      ['another session’s token', otherEditor.csrf],
      ['the token with one character changed', editor.csrf.slice(0, -1) + (editor.csrf.endsWith('A') ? 'B' : 'A')],
      ['the token and more', `${editor.csrf}x`],
    ];

    const formPost = (url: string, token: string | undefined, headers: Record<string, string> = {}, session = editor) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
        payload: formBody(token === undefined ? {} : { _csrf: token }),
      });

    const apiPost = (token: string | undefined, headers: Record<string, string> = {}) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/polls',
        headers: { cookie: editor.cookie, 'content-type': 'application/json', ...(token !== undefined && { 'x-csrf-token': token }), ...headers },
        payload: JSON.stringify(poll),
      });

    const pollCount = async () =>
      Number(
        (
          await t.db.handle.db
            .selectFrom('polls')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    test('an office form in the signed-in scope needs the session’s own token', async () => {
      for (const [what, token] of forgedTokens()) assertCsrfRefusal(await formPost('/admin/csrf-probe', token), what);
      const json = await formPost('/admin/csrf-probe', undefined, { accept: 'application/json' });
      assert.equal(json.statusCode, 403);
      assert.deepEqual(Object.keys(json.json().error).sort(), ['code', 'message']);
      assert.equal(json.json().error.code, 'csrf');

      const done = await formPost('/admin/csrf-probe', editor.csrf);
      assert.equal(done.statusCode, 200, done.body);
      assert.deepEqual(done.json(), { done: true, by: 'editor@rostrum.test' });
      const byHeader = await t.app.inject({ method: 'POST', url: '/admin/csrf-probe', headers: { cookie: editor.cookie, 'x-csrf-token': editor.csrf } });
      assert.equal(byHeader.statusCode, 200, 'scripts may send the token in the header');
    });

    test('signing out is a state change: without the right token the session lives on', async () => {
      const session = await officeSessionFor(t.app, t.db.handle, 'author@rostrum.test');
      for (const [what, token] of forgedTokens()) {
        assertCsrfRefusal(await formPost('/admin/logout', token, {}, session), what);
        assert.equal((await session.get('/admin')).statusCode, 200, `still signed in after ${what}`);
      }
      assertCsrfRefusal(await formPost('/admin/logout', session.csrf, { 'sec-fetch-site': 'cross-site' }, session), 'cross-site');
      assert.equal((await session.get('/admin')).statusCode, 200);
      const out = await formPost('/admin/logout', session.csrf, {}, session);
      assert.equal(out.statusCode, 303);
      assert.equal((await session.get('/admin')).statusCode, 303, 'signed out with the right token');
    });

    test('a cookie-authenticated API request needs the token in its header; the refusal is JSON and changes nothing', async () => {
      const before = await pollCount();
      for (const [what, token] of forgedTokens()) {
        const res = await apiPost(token);
        assert.equal(res.statusCode, 403, what);
        assert.match(String(res.headers['content-type']), /^application\/json/);
        assert.equal(res.json().error.code, 'csrf', what);
      }
      // Tokens in addresses end up in logs and referrers: only a multipart upload may carry one there.
      const inQuery = await t.app.inject({
        method: 'POST',
        url: `/api/v1/polls?_csrf=${encodeURIComponent(editor.csrf)}`,
        headers: { cookie: editor.cookie, 'content-type': 'application/json' },
        payload: JSON.stringify(poll),
      });
      assert.equal(inQuery.statusCode, 403);
      assert.equal(await pollCount(), before, 'no poll was made');

      const made = await apiPost(editor.csrf);
      assert.equal(made.statusCode, 201, made.body);
      assert.equal(await pollCount(), before + 1);
    });

    test('PATCH and DELETE with a session cookie need the token as well', async () => {
      const made = await apiPost(editor.csrf);
      const id = (made.json() as { id: number }).id;
      for (const method of ['PATCH', 'DELETE'] as const) {
        const res = await t.app.inject({
          method,
          url: `/api/v1/polls/${id}`,
          headers: { cookie: editor.cookie, ...(method === 'PATCH' && { 'content-type': 'application/json' }) },
          ...(method === 'PATCH' && { payload: JSON.stringify({ status: 'closed' }) }),
        });
        assert.equal(res.statusCode, 403, method);
        assert.equal(res.json().error.code, 'csrf');
      }
      const still = await t.app.inject({ url: `/api/v1/polls/${id}`, headers: { cookie: editor.cookie } });
      assert.equal(still.statusCode, 200, 'the poll is still there');
      assert.equal((await editor.json('DELETE', `/api/v1/polls/${id}`)).statusCode, 204);
    });

    test('a bearer token needs no CSRF token: programs cannot be tricked into sending one', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/polls', headers: { ...bearer(t.tokens.editor), 'content-type': 'application/json' }, payload: JSON.stringify(poll) });
      assert.equal(res.statusCode, 201, res.body);
      // A broken bearer header is not rescued by a valid cookie.
      const mixed = await t.app.inject({
        method: 'POST',
        url: '/api/v1/polls',
        headers: { authorization: 'Bearer rst_not-a-real-token-at-all-000000', cookie: editor.cookie, 'x-csrf-token': editor.csrf, 'content-type': 'application/json' },
        payload: JSON.stringify(poll),
      });
      assert.equal(mixed.statusCode, 401);
    });

    test('a request another site’s page sent is refused even with the right token', async () => {
      const foreign: Array<Record<string, string>> = [
        { 'sec-fetch-site': 'cross-site' },
        { 'sec-fetch-site': 'same-site' },
        { origin: 'https://evil.example' },
        { 'sec-fetch-site': 'cross-site', origin: 'http://rostrum.test' },
      ];
      for (const headers of foreign) {
        assertCsrfRefusal(await formPost('/admin/csrf-probe', editor.csrf, headers), `form ${JSON.stringify(headers)}`);
        const api = await apiPost(editor.csrf, headers);
        assert.equal(api.statusCode, 403, `API ${JSON.stringify(headers)}`);
        assert.equal(api.json().error.code, 'csrf');
      }
      for (const headers of <Array<Record<string, string>>>[{ 'sec-fetch-site': 'same-origin' }, { origin: 'http://rostrum.test' }]) {
        assert.equal((await formPost('/admin/csrf-probe', editor.csrf, headers)).statusCode, 200, JSON.stringify(headers));
        assert.equal((await apiPost(editor.csrf, headers)).statusCode, 201, JSON.stringify(headers));
      }
    });

    test('reading needs no token', async () => {
      const page = await editor.get('/admin');
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes(`name="_csrf" value="${editor.csrf}"`), 'the page hands out the session’s token');
      const probe = await t.app.inject({ url: '/admin/csrf-probe', headers: { cookie: editor.cookie } });
      assert.deepEqual(probe.json(), { seen: true, by: 'editor@rostrum.test' });
      const settings = await t.app.inject({ url: '/api/v1/settings', headers: { cookie: editor.cookie } });
      assert.equal(settings.statusCode, 200);
      const head = await t.app.inject({ method: 'HEAD', url: '/admin', headers: { cookie: editor.cookie } });
      assert.equal(head.statusCode, 200);
    });

    test('an upload without JavaScript carries the token in its address, and only there for multipart', async () => {
      const form = multipartBody({ name: 'hero.jpg', type: 'image/jpeg', bytes: await sampleJpeg(320, 200) }, { alt: 'A test image', credit: 'Desk' });
      const refused = await t.app.inject({ method: 'POST', url: '/api/v1/media', headers: { cookie: editor.cookie, ...form.headers }, payload: form.payload });
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json().error.code, 'csrf');
      const wrong = await t.app.inject({ method: 'POST', url: `/api/v1/media?_csrf=${otherEditor.csrf}`, headers: { cookie: editor.cookie, ...form.headers }, payload: form.payload });
      assert.equal(wrong.statusCode, 403);
      const accepted = await t.app.inject({
        method: 'POST',
        url: `/api/v1/media?_csrf=${encodeURIComponent(editor.csrf)}`,
        headers: { cookie: editor.cookie, ...form.headers },
        payload: form.payload,
      });
      assert.equal(accepted.statusCode, 201, accepted.body);
    });

    test('a form posted without any session goes to the sign-in page, and a script gets 401', async () => {
      const form = await t.app.inject({ method: 'POST', url: '/admin/csrf-probe', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: formBody({ _csrf: editor.csrf }) });
      assert.equal(form.statusCode, 303);
      assert.equal(form.headers.location, '/admin/login');
      const script = await t.app.inject({ method: 'POST', url: '/admin/csrf-probe', headers: { 'x-csrf-token': editor.csrf, accept: 'application/json' } });
      assert.equal(script.statusCode, 401);
      assert.equal(script.json().error.code, 'unauthorized');
    });

    test('the token belongs to one session: after signing in again the old one is worthless', async () => {
      const first = await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test');
      const second = await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test');
      assert.notEqual(first.csrf, second.csrf);
      assertCsrfRefusal(await formPost('/admin/csrf-probe', first.csrf, {}, second), 'the same person’s other session');
      assert.equal((await formPost('/admin/csrf-probe', second.csrf, {}, second)).statusCode, 200);
    });
  });
}
