import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, startTestApp, type TestApp } from '../../test/app.ts';
import { formBody, officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { createApiToken, createUser, getUserByEmail, setPassword, sha256, updateUser } from '../users/store.ts';

const hour = 3600_000;

for (const kind of await databaseKinds()) {
  describe(`office sessions on ${kind}`, () => {
    let t: TestApp;
    let people = 0;
    before(async () => {
      t = await startTestApp(kind);
    });
    after(() => t.close());

    /** A signed-in person of their own, so that ending one test's session leaves the others alone. */
    async function signedIn(role: 'admin' | 'editor' | 'author' = 'admin'): Promise<OfficeSession & { userId: number }> {
      const email = `${role}${++people}@sessions.rostrum.test`;
      const user = await createUser(t.db.handle, { email, role, name: `Person ${people}` });
      return { ...(await officeSessionFor(t.app, t.db.handle, email)), userId: user.id };
    }

    const tokenOf = (session: OfficeSession) => session.cookie.slice('rostrum_session='.length);
    const sessionRow = (session: OfficeSession) =>
      t.db.handle.db
        .selectFrom('sessions')
        .select(['id', 'expiresAt'])
        .where('tokenHash', '=', sha256(tokenOf(session)))
        .executeTakeFirst();
    const setExpiry = (session: OfficeSession, at: Date) =>
      t.db.handle.db
        .updateTable('sessions')
        .set({ expiresAt: at.toISOString() })
        .where('tokenHash', '=', sha256(tokenOf(session)))
        .execute();
    const apiGet = (cookie: string) => t.app.inject({ url: '/api/v1/settings', headers: { cookie } });

    function assertSentToSignIn(res: { statusCode: number; headers: Record<string, unknown> }, next?: string) {
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, next === undefined ? '/admin/login' : `/admin/login?next=${encodeURIComponent(next)}`);
      assert.equal(res.headers['cache-control'], 'no-store');
    }

    test('office pages are personal: no-store, noindex, and never served to the next visitor from a cache', async () => {
      const session = await signedIn();
      const page = await session.get('/admin');
      assert.equal(page.statusCode, 200);
      assert.equal(page.headers['cache-control'], 'no-store');
      assert.equal(page.headers['x-robots-tag'], 'noindex, nofollow');
      assert.ok(page.body.includes(`Person ${people}`), 'the page names who is signed in');
      const stranger = await t.app.inject({ url: '/admin' });
      assertSentToSignIn(stranger, '/admin');
      assert.ok(!stranger.body.includes(`Person ${people}`));
    });

    test('signing out ends the session: the old cookie is sent to the sign-in page', async () => {
      const session = await signedIn();
      const other = await signedIn();
      assert.ok(await sessionRow(session));
      const out = await session.post('/admin/logout');
      assert.equal(out.statusCode, 303);
      assert.equal(out.headers.location, '/admin/login?signed_out=1');
      const cleared = String(out.headers['set-cookie']);
      assert.match(cleared, /^rostrum_session=;/);
      assert.match(cleared, /Max-Age=0/);
      assert.equal(await sessionRow(session), undefined, 'the session is gone from the database');

      assertSentToSignIn(await session.get('/admin'), '/admin');
      assert.equal((await apiGet(session.cookie)).statusCode, 401);
      const page = await t.app.inject({ url: '/admin/login?signed_out=1' });
      assert.match(page.body, /You have signed out\./);
      assert.equal((await other.get('/admin')).statusCode, 200, 'other sessions go on');

      const again = await session.post('/admin/logout');
      assert.equal(again.statusCode, 303, 'signing out twice is harmless');
    });

    test('an expired session sends office pages to the sign-in page, with the way back', async () => {
      const session = await signedIn();
      await setExpiry(session, new Date(Date.now() - 1000));
      assertSentToSignIn(await session.get('/admin'), '/admin');
      assertSentToSignIn(await session.get('/admin?notice=welcome'), '/admin?notice=welcome');
      assert.equal((await session.post('/admin/logout')).headers.location, '/admin/login?signed_out=1', 'signing out of an ended session just confirms it');
      const json = await t.app.inject({ url: '/admin', headers: { cookie: session.cookie, accept: 'application/json' } });
      assert.equal(json.statusCode, 401);
      assert.equal(json.json().error.code, 'unauthorized');
      const signInPage = await t.app.inject({ url: '/admin/login', headers: { cookie: session.cookie } });
      assert.equal(signInPage.statusCode, 200, 'the sign-in page shows, instead of redirecting back and forth');
    });

    test('cookie-authenticated API requests with an expired session are 401', async () => {
      const session = await signedIn('editor');
      assert.equal((await apiGet(session.cookie)).statusCode, 200, 'before');
      await setExpiry(session, new Date(Date.now() - 1));
      const res = await apiGet(session.cookie);
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().error.code, 'unauthorized');
      const write = await session.json('POST', '/api/v1/polls', { question: 'Still here?', options: ['Yes', 'No'] });
      assert.equal(write.statusCode, 401);
    });

    test('using a session moves its end forward, and the cookie follows', async () => {
      const session = await signedIn();
      await setExpiry(session, new Date(Date.now() + 2 * 60_000));
      const before = Date.now();
      const page = await session.get('/admin');
      assert.equal(page.statusCode, 200);
      const row = await sessionRow(session);
      const ttl = t.db.config.sessionTtlMs;
      assert.ok(Date.parse(row!.expiresAt) >= before + ttl - 5000, `moved to ${row!.expiresAt}`);
      const cookie = String(page.headers['set-cookie']);
      assert.ok(cookie.startsWith(`${session.cookie};`), 'the same session cookie, sent again');
      assert.match(cookie, new RegExp(`Max-Age=${Math.round(ttl / 1000)}\\b`));
      assert.match(cookie, /HttpOnly/);
    });

    test('a session stops working when its person is disabled', async () => {
      const session = await signedIn('editor');
      assert.equal((await session.get('/admin')).statusCode, 200);
      await updateUser(t.db.handle, session.userId, { disabled: true });
      assertSentToSignIn(await session.get('/admin'), '/admin');
      assert.equal((await apiGet(session.cookie)).statusCode, 401);
    });

    test('a role change applies to a live session at once', async () => {
      const session = await signedIn('admin');
      assert.match((await session.get('/admin')).body, /href="\/admin\/users"/);
      await updateUser(t.db.handle, session.userId, { role: 'author' });
      const page = await session.get('/admin');
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /href="\/admin\/users"/, 'no longer offered the people screen');
      const settings = await session.json('PATCH', '/api/v1/settings', { name: 'Taken over' });
      assert.equal(settings.statusCode, 403);
    });

    test('garbage session cookies are no session: a redirect, never a 500', async () => {
      const session = await signedIn();
      const garbage = [
        'rostrum_session=%',
        'rostrum_session=%E0%A4%A',
        'rostrum_session=',
        `rostrum_session=${'A'.repeat(10 * 1024)}`,
        `rostrum_session=${encodeURIComponent('ключ-сессии-🔑')}`,
        'rostrum_session=ключ',
        `rostrum_session=${'A'.repeat(43)}`,
        `rostrum_session=${sha256(tokenOf(session)).slice(0, 43)}`,
        `rostrum_session="${tokenOf(session)}"`,
        "rostrum_session=' OR 1=1 --",
        'rostrum_session',
        '=; ;;; rostrum_session=%00',
      ];
      for (const cookie of garbage) {
        const office = await t.app.inject({ url: '/admin', headers: { cookie } });
        assert.equal(office.statusCode, 303, `${cookie.slice(0, 40)} -> ${office.statusCode}`);
        assert.match(String(office.headers.location), /^\/admin\/login/);
        const api = await apiGet(cookie);
        assert.equal(api.statusCode, 401, `API: ${cookie.slice(0, 40)} -> ${api.statusCode}`);
        const signIn = await t.app.inject({ url: '/admin/login', headers: { cookie } });
        assert.equal(signIn.statusCode, 200, `sign-in page: ${cookie.slice(0, 40)}`);
        const home = await t.app.inject({ url: '/', headers: { cookie } });
        assert.equal(home.statusCode, 200, `public page: ${cookie.slice(0, 40)}`);
      }
    });

    test('a bearer token of a disabled person stops working too', async () => {
      const session = await signedIn('editor');
      const token = await createApiToken(t.db.handle, session.userId, 'script');
      assert.equal((await t.app.inject({ url: '/api/v1/settings', headers: bearer(token) })).statusCode, 200);
      await updateUser(t.db.handle, session.userId, { disabled: true });
      assert.equal((await t.app.inject({ url: '/api/v1/settings', headers: bearer(token) })).statusCode, 401);
    });
  });

  describe(`session length from ROSTRUM_SESSION_HOURS on ${kind}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind, { ROSTRUM_SESSION_HOURS: '2' });
      const user = await getUserByEmail(t.db.handle, 'editor@rostrum.test');
      await setPassword(t.db.handle, user!.id, 'the editor’s own passphrase');
    });
    after(() => t.close());

    test('signing in starts a session of the configured length, in the cookie and in the database', async () => {
      const before = Date.now();
      const res = await t.app.inject({
        method: 'POST',
        url: '/admin/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: formBody({ email: 'editor@rostrum.test', password: 'the editor’s own passphrase' }),
      });
      assert.equal(res.statusCode, 303, res.body);
      const cookie = String(res.headers['set-cookie']);
      assert.match(cookie, /Max-Age=7200\b/);
      const token = decodeURIComponent(cookie.slice('rostrum_session='.length, cookie.indexOf(';')));
      const row = await t.db.handle.db.selectFrom('sessions').select('expiresAt').where('tokenHash', '=', sha256(token)).executeTakeFirstOrThrow();
      const end = Date.parse(row.expiresAt);
      assert.ok(end >= before + 2 * hour - 5000 && end <= Date.now() + 2 * hour + 5000, row.expiresAt);
    });
  });
}
