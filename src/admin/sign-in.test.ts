import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { databaseKinds } from '../../test/databases.ts';
import { hostileStrings, startTestApp, type TestApp } from '../../test/app.ts';
import { formBody } from '../../test/office.ts';
import { listAuditEvents } from '../audit/store.ts';
import { createUser, getUserByEmail, setPassword, sha256, updateUser } from '../users/store.ts';

const password = 'a long and memorable passphrase';
const mismatch = 'That e-mail address and password do not match an account. Check them and try again.';

/** The one Set-Cookie header of a response, as the browser receives it. */
function sessionSetCookie(res: LightMyRequestResponse): string {
  const header = res.headers['set-cookie'];
  const all = Array.isArray(header) ? header : header === undefined ? [] : [header];
  const ours = all.filter((c) => c.startsWith('rostrum_session='));
  assert.equal(ours.length, 1, `one session cookie in ${JSON.stringify(all)}`);
  return ours[0]!;
}

const cookieValue = (setCookie: string) => decodeURIComponent(setCookie.slice('rostrum_session='.length, setCookie.indexOf(';')));
const cookieAttributes = (setCookie: string) =>
  setCookie
    .split(';')
    .slice(1)
    .map((a) => a.trim());

/** The name of the control a visible label points to, so tests find fields as a person would. */
function controlLabelled(html: string, label: string): string {
  const labelMatch = new RegExp(`<label for="([^"]+)">${label}</label>`).exec(html);
  assert.ok(labelMatch, `a label "${label}"`);
  const control = new RegExp(`<(?:input|textarea|select)\\b[^>]*\\bid="${labelMatch[1]}"[^>]*>`).exec(html);
  assert.ok(control, `a control for "${label}"`);
  return /\bname="([^"]+)"/.exec(control[0])![1]!;
}

/** The refusal shown above the form, from the error summary. */
const refusalOf = (html: string) => /<div class="error-summary"[^>]*>.*?<li>(.*?)<\/li>/s.exec(html)?.[1];

for (const kind of await databaseKinds()) {
  describe(`signing in to the office on ${kind}`, () => {
    let t: TestApp;
    let networks = 0;
    before(async () => {
      t = await startTestApp(kind);
      for (const role of ['admin', 'editor', 'author']) {
        const user = await getUserByEmail(t.db.handle, `${role}@rostrum.test`);
        await setPassword(t.db.handle, user!.id, password);
      }
    });
    after(() => t.close());

    // Each request comes from its own address, so that failures in one test never throttle another.
    const freshAddress = () => `10.70.${Math.floor(++networks / 250)}.${(networks % 250) + 1}`;

    const signIn = (fields: Record<string, string | string[]>, headers: Record<string, string> = {}) =>
      t.app.inject({
        method: 'POST',
        url: '/admin/login',
        remoteAddress: freshAddress(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        payload: formBody(fields),
      });

    test('the sign-in page has a labelled e-mail and password field and a "Sign in" button', async () => {
      const res = await t.app.inject({ url: '/admin/login' });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.equal(controlLabelled(res.body, 'Email'), 'email');
      assert.equal(controlLabelled(res.body, 'Password'), 'password');
      assert.match(res.body, /<input[^>]*name="password"[^>]*type="password"|<input[^>]*type="password"[^>]*name="password"/);
      assert.match(res.body, /<form method="post" action="\/admin\/login"/);
      assert.match(res.body, /<button type="submit"[^>]*>Sign in<\/button>/);
      assert.match(res.body, /<main\b/);
      assert.doesNotMatch(res.body, /\bstyle=/);
    });

    test('signing in sends the person where they were going with an HttpOnly, SameSite=Lax session cookie', async () => {
      const res = await signIn({ email: 'editor@rostrum.test', password, next: '/admin/articles?status=draft' });
      assert.equal(res.statusCode, 303, res.body);
      assert.equal(res.headers.location, '/admin/articles?status=draft');
      assert.equal(res.headers['cache-control'], 'no-store');
      const setCookie = sessionSetCookie(res);
      const attributes = cookieAttributes(setCookie);
      for (const wanted of ['HttpOnly', 'SameSite=Lax', 'Path=/']) assert.ok(attributes.includes(wanted), `${wanted} in ${setCookie}`);
      assert.ok(!attributes.includes('Secure'), 'no Secure flag on an http site, or the browser would drop the cookie');
      assert.ok(attributes.some((a) => /^Max-Age=\d+$/.test(a) && Number(a.slice(8)) > 0));

      // The cookie opens the office, and the database knows only its hash.
      const token = cookieValue(setCookie);
      const office = await t.app.inject({ url: '/admin', headers: { cookie: `rostrum_session=${token}` } });
      assert.equal(office.statusCode, 200);
      const rows = await t.db.handle.db.selectFrom('sessions').selectAll().execute();
      assert.ok(!JSON.stringify(rows).includes(token), 'the cookie value is stored nowhere');
      assert.ok(rows.some((r) => r.tokenHash === sha256(token)));
    });

    test('the e-mail address is matched whatever its case and surrounding spaces', async () => {
      const res = await signIn({ email: '  Editor@Rostrum.TEST ', password });
      assert.equal(res.statusCode, 303, res.body);
      assert.equal(res.headers.location, '/admin');
    });

    test('only office addresses are followed after signing in; anything else goes to /admin', async () => {
      const foreign = [
        'https://evil.example',
        '//evil.example',
        '/\\evil.example',
        '\\\\evil.example',
        'javascript:alert(1)',
        '/administrator',
        '/admin@evil.example',
        'http://rostrum.test/admin',
        '',
        '/admin/\nset-cookie:x=1',
      ];
      for (const next of [...foreign, ...hostileStrings]) {
        const res = await signIn({ email: 'admin@rostrum.test', password, next });
        assert.equal(res.statusCode, 303, next);
        assert.equal(res.headers.location, '/admin', JSON.stringify(next));
      }
      const page = await t.app.inject({ url: `/admin/login?next=${encodeURIComponent('//evil.example/steal')}` });
      assert.match(page.body, /<input type="hidden" name="next" value="\/admin"\/?>/);
      const kept = await t.app.inject({ url: `/admin/login?next=${encodeURIComponent('/admin/polls')}` });
      assert.match(kept.body, /<input type="hidden" name="next" value="\/admin\/polls"\/?>/);
    });

    test('an https site marks the session cookie Secure', async () => {
      const secure = await startTestApp(kind, { PUBLIC_URL: 'https://think.example' });
      try {
        const user = await getUserByEmail(secure.db.handle, 'admin@rostrum.test');
        await setPassword(secure.db.handle, user!.id, password);
        const res = await secure.app.inject({
          method: 'POST',
          url: '/admin/login',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: formBody({ email: 'admin@rostrum.test', password }),
        });
        assert.equal(res.statusCode, 303, res.body);
        const attributes = cookieAttributes(sessionSetCookie(res));
        for (const wanted of ['Secure', 'HttpOnly', 'SameSite=Lax', 'Path=/']) assert.ok(attributes.includes(wanted), wanted);
      } finally {
        await secure.close();
      }
    });

    test('a wrong password and an unknown e-mail get the same 401 and the same words', async () => {
      const wrong = await signIn({ email: 'admin@rostrum.test', password: 'not the password' });
      const unknown = await signIn({ email: 'nobody@rostrum.test', password: 'not the password' });
      for (const res of [wrong, unknown]) {
        assert.equal(res.statusCode, 401);
        assert.equal(res.headers['set-cookie'], undefined);
        assert.equal(res.headers['cache-control'], 'no-store');
        assert.equal(refusalOf(res.body), mismatch);
        assert.ok(!res.body.includes('not the password'), 'the password is never sent back');
      }
      assert.match(wrong.body, /value="admin@rostrum.test"/, 'the e-mail is kept for the next try');
    });

    test('disabled people and people who never chose a password cannot sign in', async () => {
      const leaver = await createUser(t.db.handle, { email: 'leaver@rostrum.test', role: 'editor', password });
      assert.equal((await signIn({ email: 'leaver@rostrum.test', password })).statusCode, 303, 'before');
      await updateUser(t.db.handle, leaver.id, { disabled: true });
      const refused = await signIn({ email: 'leaver@rostrum.test', password });
      assert.equal(refused.statusCode, 401);
      assert.equal(refusalOf(refused.body), mismatch, 'the same words: a disabled account is not revealed');

      await createUser(t.db.handle, { email: 'invited@rostrum.test', role: 'author' });
      for (const guess of ['', ' ', 'null', 'undefined']) {
        const res = await signIn({ email: 'invited@rostrum.test', password: guess });
        assert.ok(res.statusCode === 401 || res.statusCode === 422, `${JSON.stringify(guess)} -> ${res.statusCode}`);
        assert.equal(res.headers['set-cookie'], undefined);
      }
    });

    test('signing in on a browser that still carries a session ends that session', async () => {
      const first = await signIn({ email: 'author@rostrum.test', password });
      const oldCookie = `rostrum_session=${cookieValue(sessionSetCookie(first))}`;
      assert.equal((await t.app.inject({ url: '/admin', headers: { cookie: oldCookie } })).statusCode, 200);
      const second = await signIn({ email: 'author@rostrum.test', password }, { cookie: oldCookie });
      assert.equal(second.statusCode, 303);
      assert.equal((await t.app.inject({ url: '/admin', headers: { cookie: oldCookie } })).statusCode, 303, 'the old session is over');
      const newCookie = `rostrum_session=${cookieValue(sessionSetCookie(second))}`;
      assert.equal((await t.app.inject({ url: '/admin', headers: { cookie: newCookie } })).statusCode, 200);
    });

    test('someone already signed in who visits the sign-in page is sent on', async () => {
      const res = await signIn({ email: 'author@rostrum.test', password });
      const cookie = `rostrum_session=${cookieValue(sessionSetCookie(res))}`;
      const visit = await t.app.inject({ url: '/admin/login', headers: { cookie } });
      assert.equal(visit.statusCode, 303);
      assert.equal(visit.headers.location, '/admin');
      const onward = await t.app.inject({ url: '/admin/login?next=%2Fadmin%2Ftokens', headers: { cookie } });
      assert.equal(onward.headers.location, '/admin/tokens');
      const away = await t.app.inject({ url: `/admin/login?next=${encodeURIComponent('https://evil.example')}`, headers: { cookie } });
      assert.equal(away.headers.location, '/admin');
    });

    test('a sign-in form sent from another site is refused (login CSRF)', async () => {
      const fields = { email: 'admin@rostrum.test', password };
      for (const headers of <Array<Record<string, string>>>[
        { 'sec-fetch-site': 'cross-site' },
        { 'sec-fetch-site': 'same-site' },
        { origin: 'https://evil.example' },
        { origin: 'http://rostrum.test.evil.example' },
      ]) {
        const res = await signIn(fields, headers);
        assert.equal(res.statusCode, 403, JSON.stringify(headers));
        assert.equal(res.headers['set-cookie'], undefined, JSON.stringify(headers));
      }
      const json = await signIn(fields, { 'sec-fetch-site': 'cross-site', accept: 'application/json' });
      assert.equal(json.json().error.code, 'csrf');
      for (const headers of <Array<Record<string, string>>>[{ 'sec-fetch-site': 'same-origin' }, { 'sec-fetch-site': 'none' }, { origin: 'http://rostrum.test' }, {}]) {
        assert.equal((await signIn(fields, headers)).statusCode, 303, JSON.stringify(headers));
      }
    });

    test('hostile text typed as an e-mail address comes back escaped', async () => {
      for (const hostile of hostileStrings) {
        const res = await signIn({ email: hostile, password: 'whatever it is' });
        assert.equal(res.statusCode, 401, hostile);
        assert.ok(!res.body.includes(hostile) || !/[<>"]/.test(hostile), `${hostile} is sent back raw`);
        assert.doesNotMatch(res.body, /<script>alert|<img src=x|<svg onload/);
        if (hostile.includes('<')) assert.ok(res.body.includes('&lt;'), 'shown as text');
      }
    });

    test('empty fields, repeated fields and wrong types are refused with 422, never a 500', async () => {
      const cases: Array<Record<string, string | string[]>> = [
        {},
        { email: '', password: '' },
        { email: 'admin@rostrum.test' },
        { password },
        { email: ['admin@rostrum.test', 'editor@rostrum.test'], password },
        { email: 'admin@rostrum.test', password: [password, password] },
        { email: 'x'.repeat(400), password },
      ];
      for (const fields of cases) {
        const res = await signIn(fields);
        assert.equal(res.statusCode, 422, `${JSON.stringify(fields).slice(0, 80)} -> ${res.statusCode}`);
        assert.equal(res.headers['set-cookie'], undefined);
      }
      for (const payload of [{ email: 5, password: true }, { email: null, password: null }, ['admin@rostrum.test', password]]) {
        const res = await t.app.inject({ method: 'POST', url: '/admin/login', remoteAddress: freshAddress(), headers: { 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
        assert.ok(res.statusCode === 422 || res.statusCode === 415, `${JSON.stringify(payload)} -> ${res.statusCode}`);
      }
      const broken = await t.app.inject({
        method: 'POST',
        url: '/admin/login',
        remoteAddress: freshAddress(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'email=%E0%A4%A&password=%',
      });
      assert.ok(broken.statusCode < 500, `broken encoding -> ${broken.statusCode}`);
    });

    test('a 2 MB sign-in body is refused with 413', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/admin/login',
        remoteAddress: freshAddress(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: formBody({ email: 'admin@rostrum.test', password: 'p'.repeat(2 * 1024 * 1024) }),
      });
      assert.equal(res.statusCode, 413);
    });

    test('the audit log records sign-ins, failed sign-ins and sign-outs', async () => {
      const failed = await signIn({ email: 'audited@rostrum.test', password: 'a wrong guess' });
      assert.equal(failed.statusCode, 401);
      const user = await createUser(t.db.handle, { email: 'audited@rostrum.test', role: 'editor', password });
      const res = await signIn({ email: 'audited@rostrum.test', password });
      const token = cookieValue(sessionSetCookie(res));
      const page = await t.app.inject({ url: '/admin', headers: { cookie: `rostrum_session=${token}` } });
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
      assert.ok(csrf, 'the page carries the sign-out form’s token');
      const out = await t.app.inject({
        method: 'POST',
        url: '/admin/logout',
        headers: { cookie: `rostrum_session=${token}`, 'content-type': 'application/x-www-form-urlencoded' },
        payload: formBody({ _csrf: csrf }),
      });
      assert.equal(out.statusCode, 303);

      const events = await listAuditEvents(t.db.handle, { limit: 200 });
      const about = events.filter((e) => e.subjectLabel === 'audited@rostrum.test').reverse();
      assert.deepEqual(
        about.map((e) => e.action),
        ['user.sign_in_failed', 'user.sign_in', 'user.sign_out'],
      );
      assert.equal(about[0]!.userId, null);
      assert.equal(about[1]!.userId, user.id);
      assert.equal(about[1]!.actorLabel, 'audited@rostrum.test');
      assert.equal(about[2]!.userId, user.id);
      assert.ok(
        about.every((e) => e.ip.startsWith('10.70.') || e.ip === '127.0.0.1'),
        'the address is noted',
      );
    });
  });
}
