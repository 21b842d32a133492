import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../test/databases.ts';
import { hostileStrings, startTestApp, type TestApp } from '../../test/app.ts';
import { formBody, officeSessionFor } from '../../test/office.ts';
import { listAuditEvents } from '../audit/store.ts';
import { checkCredentials, createUser, getUserById, sha256, updateUser } from './store.ts';
import { createSession, findSession } from './sessions.ts';
import { createUserLink, findUsableLink, linkLifetimeMs, linkPath, listOpenLinks, redeemUserLink } from './links.ts';

const day = 24 * 3600_000;
const goodPassword = 'a sentence I will remember';

/** The name of the control a visible label points to, so tests fill forms as a person would. */
function controlLabelled(html: string, label: string): string {
  const labelMatch = new RegExp(`<label for="([^"]+)">${label}</label>`).exec(html);
  assert.ok(labelMatch, `a label "${label}"`);
  const control = new RegExp(`<(?:input|textarea|select)\\b[^>]*\\bid="${labelMatch[1]}"[^>]*>`).exec(html);
  assert.ok(control, `a control for "${label}"`);
  return /\bname="([^"]+)"/.exec(control[0])![1]!;
}

for (const kind of await databaseKinds()) {
  describe(`one-time links in the store on ${kind}`, () => {
    let t: TestDatabase;
    let people = 0;
    before(async () => {
      t = await createTestDatabase(kind);
    });
    after(() => t.drop());

    const newcomer = () => createUser(t.handle, { email: `newcomer${++people}@links.test`, role: 'author' });

    test('a link is a random token whose hash alone is kept, usable for its purpose until it expires', async () => {
      const user = await newcomer();
      const before = Date.now();
      const { token, expiresAt } = await createUserLink(t.handle, { userId: user.id, purpose: 'invite', createdBy: null });
      assert.match(token, /^[A-Za-z0-9_-]{43}$/);
      assert.ok(Math.abs(Date.parse(expiresAt) - (before + linkLifetimeMs.invite)) < 5000);
      assert.equal(linkLifetimeMs.invite, 7 * day);
      assert.equal(linkLifetimeMs.reset, day);
      assert.equal(linkPath('invite', token), `/admin/invitations/${token}`);
      assert.equal(linkPath('reset', token), `/admin/password-reset/${token}`);
      const rows = await t.handle.db.selectFrom('userLinks').selectAll().where('userId', '=', user.id).execute();
      assert.equal(rows[0]!.tokenHash, sha256(token));
      assert.ok(!JSON.stringify(rows).includes(token));

      const link = await findUsableLink(t.handle, token, 'invite');
      assert.equal(link?.user.id, user.id);
      assert.equal(await findUsableLink(t.handle, token, 'reset'), undefined, 'an invitation is not a reset link');
      assert.equal(await findUsableLink(t.handle, token, 'invite', Date.parse(expiresAt)), undefined, 'expired');
      for (const wrong of ['', 'short', token.slice(1), `${token}A`, sha256(token), '%'.repeat(43), "' OR 1=1 --", 'ы'.repeat(43)]) {
        assert.equal(await findUsableLink(t.handle, wrong, 'invite'), undefined, wrong);
      }
      assert.ok((await listOpenLinks(t.handle)).some((l) => l.userId === user.id && l.purpose === 'invite'));
    });

    test('redeeming sets the password and name, works once, and signs the person out everywhere', async () => {
      const user = await newcomer();
      const session = await createSession(t.handle, user.id, day);
      const { token } = await createUserLink(t.handle, { userId: user.id, purpose: 'invite', createdBy: null });
      const link = (await findUsableLink(t.handle, token, 'invite'))!;
      assert.equal(await redeemUserLink(t.handle, link, { password: goodPassword, name: 'Nadia Farouk' }), true);
      assert.equal((await getUserById(t.handle, user.id))?.name, 'Nadia Farouk');
      assert.equal((await checkCredentials(t.handle, user.email, goodPassword))?.id, user.id);
      assert.equal(await findSession(t.handle, session.token, day), undefined, 'earlier sessions end');
      assert.equal(await findUsableLink(t.handle, token, 'invite'), undefined, 'used');
      assert.equal(await redeemUserLink(t.handle, link, { password: 'another password entirely' }), false, 'a second use (two tabs) fails');
      assert.equal((await checkCredentials(t.handle, user.email, goodPassword))?.id, user.id, 'and changes nothing');
      assert.ok(!(await listOpenLinks(t.handle)).some((l) => l.userId === user.id));
    });

    test('a newer link replaces an older one of the same purpose only', async () => {
      const user = await newcomer();
      const older = await createUserLink(t.handle, { userId: user.id, purpose: 'reset', createdBy: null });
      const invite = await createUserLink(t.handle, { userId: user.id, purpose: 'invite', createdBy: null });
      const newer = await createUserLink(t.handle, { userId: user.id, purpose: 'reset', createdBy: null });
      assert.equal(await findUsableLink(t.handle, older.token, 'reset'), undefined);
      assert.ok(await findUsableLink(t.handle, newer.token, 'reset'));
      assert.ok(await findUsableLink(t.handle, invite.token, 'invite'));
    });

    test('a disabled person’s links do not work', async () => {
      const user = await newcomer();
      const { token } = await createUserLink(t.handle, { userId: user.id, purpose: 'reset', createdBy: null });
      await updateUser(t.handle, user.id, { disabled: true });
      assert.equal(await findUsableLink(t.handle, token, 'reset'), undefined);
    });
  });

  describe(`invitation and password reset pages on ${kind}`, () => {
    let t: TestApp;
    let people = 0;
    let adminId: number;
    before(async () => {
      t = await startTestApp(kind);
      adminId = (await t.db.handle.db.selectFrom('users').select('id').where('email', '=', 'admin@rostrum.test').executeTakeFirstOrThrow()).id;
    });
    after(() => t.close());

    async function invited(role: 'admin' | 'editor' | 'author' = 'author') {
      const user = await createUser(t.db.handle, { email: `invitee${++people}@rostrum.test`, role });
      const { token } = await createUserLink(t.db.handle, { userId: user.id, purpose: 'invite', createdBy: adminId });
      return { user, token, path: linkPath('invite', token) };
    }

    const post = (path: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: formBody(fields) });

    function assertGone(res: LightMyRequestResponse, what: string) {
      assert.equal(res.statusCode, 410, `${what}: ${res.statusCode}`);
      assert.match(res.body, /has been used, has expired, or was replaced by a newer one/, what);
      assert.equal(res.headers['set-cookie'], undefined, what);
    }

    const sessionCookieOf = (res: LightMyRequestResponse) => {
      const header = String(res.headers['set-cookie']);
      assert.match(header, /^rostrum_session=[A-Za-z0-9_-]{43};/);
      assert.match(header, /HttpOnly/);
      return header.slice(0, header.indexOf(';'));
    };

    test('an invitation opens a form with "Your name", "Password" and "Confirm password", and no referrer', async () => {
      const { user, path } = await invited();
      const res = await t.app.inject({ url: path });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['referrer-policy'], 'no-referrer', 'the token in the address goes to no other site');
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.equal(controlLabelled(res.body, 'Your name'), 'name');
      assert.equal(controlLabelled(res.body, 'Password'), 'password');
      assert.equal(controlLabelled(res.body, 'Confirm password'), 'confirm');
      assert.ok(res.body.includes(user.email), 'it says whose account this is');
      assert.match(res.body, /<button type="submit"[^>]*>Accept invitation<\/button>/);
      assert.doesNotMatch(res.body, /\bstyle=/);
    });

    test('mismatched, short, missing or oversized passwords are refused with 422 and nothing changes', async () => {
      const { user, path } = await invited();
      const cases: Array<[string, Record<string, string | string[]>, string]> = [
        ['mismatched', { name: 'Ana Lima', password: goodPassword, confirm: `${goodPassword}!` }, 'confirm'],
        ['short', { name: 'Ana Lima', password: 'short', confirm: 'short' }, 'password'],
        ['nine characters', { name: 'Ana Lima', password: '123456789', confirm: '123456789' }, 'password'],
        ['missing', { name: 'Ana Lima' }, 'password'],
        ['far too long', { name: 'Ana Lima', password: 'p'.repeat(20_000), confirm: 'p'.repeat(20_000) }, 'password'],
        ['no name', { name: '   ', password: goodPassword, confirm: goodPassword }, 'name'],
        ['repeated fields', { name: 'Ana Lima', password: [goodPassword, goodPassword], confirm: goodPassword }, 'password'],
      ];
      for (const [what, fields, field] of cases) {
        const res = await post(path, fields);
        assert.equal(res.statusCode, 422, `${what}: ${res.statusCode}`);
        assert.equal(res.headers['set-cookie'], undefined, what);
        assert.match(res.body, /There is a problem/, what);
        assert.match(res.body, new RegExp(`id="field-${field}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="field-${field}"`), `${what}: ${field} is marked`);
        assert.ok(!res.body.includes(goodPassword), `${what}: the password is not sent back`);
      }
      assert.equal(await checkCredentials(t.db.handle, user.email, goodPassword), undefined, 'no password was set');
      assert.equal((await t.app.inject({ url: path })).statusCode, 200, 'the link still works');
    });

    test('a hostile name is sent back escaped when the form is refused, and stored as text when accepted', async () => {
      for (const hostile of hostileStrings) {
        const { path } = await invited();
        const refused = await post(path, { name: hostile, password: goodPassword, confirm: 'does not match at all' });
        assert.equal(refused.statusCode, 422);
        if (/[<>"]/.test(hostile)) assert.ok(!refused.body.includes(hostile), `${hostile} sent back raw`);
        assert.doesNotMatch(refused.body, /<script>alert|<img src=x|<svg onload/);
      }
      const { user, path } = await invited();
      const accepted = await post(path, { name: hostileStrings[0]!, password: goodPassword, confirm: goodPassword });
      assert.equal(accepted.statusCode, 303);
      assert.equal((await getUserById(t.db.handle, user.id))?.name, hostileStrings[0]);
      const dashboard = await t.app.inject({ url: '/admin', headers: { cookie: sessionCookieOf(accepted) } });
      assert.ok(!dashboard.body.includes(hostileStrings[0]!));
      assert.ok(dashboard.body.includes('&lt;script'), 'shown as text');
    });

    test('accepting signs the person in with their name and password, once; the log records it', async () => {
      const { user, path } = await invited('editor');
      const res = await post(path, { name: '  Mei Tanaka ', password: goodPassword, confirm: goodPassword });
      assert.equal(res.statusCode, 303, res.body);
      assert.equal(res.headers.location, '/admin?notice=welcome');
      const cookie = sessionCookieOf(res);
      const dashboard = await t.app.inject({ url: res.headers.location as string, headers: { cookie } });
      assert.equal(dashboard.statusCode, 200);
      assert.match(dashboard.body, /Welcome to the editorial office\./);
      assert.match(dashboard.body, /Mei Tanaka/);

      const stored = await getUserById(t.db.handle, user.id);
      assert.equal(stored?.name, 'Mei Tanaka');
      assert.equal((await checkCredentials(t.db.handle, user.email, goodPassword))?.id, user.id);

      const events = await listAuditEvents(t.db.handle, { limit: 20, subject: { kind: 'user', id: user.id } });
      assert.ok(
        events.some((e) => e.action === 'user.accept_invitation' && e.userId === user.id),
        JSON.stringify(events.map((e) => e.action)),
      );

      assertGone(await t.app.inject({ url: path }), 'the page, a second time');
      assertGone(await post(path, { name: 'Someone Else', password: 'someone else’s password', confirm: 'someone else’s password' }), 'a second use');
      assert.equal((await checkCredentials(t.db.handle, user.email, goodPassword))?.id, user.id, 'the first password stands');
    });

    test('an expired invitation is gone', async () => {
      const { user, path } = await invited();
      await t.db.handle.db
        .updateTable('userLinks')
        .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
        .where('userId', '=', user.id)
        .execute();
      assertGone(await t.app.inject({ url: path }), 'page');
      assertGone(await post(path, { name: 'Too Late', password: goodPassword, confirm: goodPassword }), 'form');
      assert.equal(await checkCredentials(t.db.handle, user.email, goodPassword), undefined);
    });

    test('a newer invitation replaces the older one', async () => {
      const { user, path: olderPath } = await invited();
      const newer = await createUserLink(t.db.handle, { userId: user.id, purpose: 'invite', createdBy: adminId });
      assertGone(await t.app.inject({ url: olderPath }), 'the older link');
      assertGone(await post(olderPath, { name: 'Old Link', password: goodPassword, confirm: goodPassword }), 'the older link’s form');
      assert.equal((await t.app.inject({ url: linkPath('invite', newer.token) })).statusCode, 200);
    });

    test('a link for a disabled person, or sent to the other purpose’s address, is gone', async () => {
      const { user, token, path } = await invited();
      assertGone(await t.app.inject({ url: linkPath('reset', token) }), 'an invitation token at the reset address');
      await updateUser(t.db.handle, user.id, { disabled: true });
      assertGone(await t.app.inject({ url: path }), 'disabled');
    });

    test('malformed tokens are gone, never a 500, and the refusal sends no referrer either', async () => {
      for (const token of ['x', 'A'.repeat(42), 'A'.repeat(44), '!'.repeat(43), encodeURIComponent('ключ'.repeat(11)), "'%20OR%201=1", '%3Cscript%3E', 'A'.repeat(400)]) {
        for (const base of ['/admin/invitations/', '/admin/password-reset/']) {
          const page = await t.app.inject({ url: base + token });
          assertGone(page, `${base}${token.slice(0, 30)}`);
          assert.equal(page.headers['referrer-policy'], 'no-referrer', `${base}${token.slice(0, 30)} referrer policy`);
          assertGone(await post(base + token, { name: 'X', password: goodPassword, confirm: goodPassword }), `POST ${base}${token.slice(0, 30)}`);
        }
      }
      for (const url of ['/admin/invitations/%', '/admin/invitations/%E0%A4%A', `/admin/invitations/${'A'.repeat(2000)}`]) {
        const res = await t.app.inject({ url });
        assert.ok(res.statusCode === 410 || res.statusCode === 404 || res.statusCode === 414, `${url.slice(0, 40)} -> ${res.statusCode}`);
      }
    });

    test('a link form sent from another site is refused', async () => {
      const { user, path } = await invited();
      for (const headers of <Array<Record<string, string>>>[{ 'sec-fetch-site': 'cross-site' }, { origin: 'https://evil.example' }]) {
        const res = await post(path, { name: 'Forged', password: goodPassword, confirm: goodPassword }, headers);
        assert.equal(res.statusCode, 403, JSON.stringify(headers));
      }
      assert.equal(await checkCredentials(t.db.handle, user.email, goodPassword), undefined);
      assert.equal((await t.app.inject({ url: path })).statusCode, 200, 'the link was not used up');
    });

    test('a password reset ends the person’s other sessions and the old password stops working', async () => {
      const user = await createUser(t.db.handle, { email: `resetting${++people}@rostrum.test`, role: 'editor', name: 'Resetting Person', password: 'the old password, forgotten' });
      const laptop = await officeSessionFor(t.app, t.db.handle, user.email);
      assert.equal((await laptop.get('/admin')).statusCode, 200);
      const { token } = await createUserLink(t.db.handle, { userId: user.id, purpose: 'reset', createdBy: adminId });
      const path = linkPath('reset', token);

      const page = await t.app.inject({ url: path });
      assert.equal(page.statusCode, 200);
      assert.equal(page.headers['referrer-policy'], 'no-referrer');
      assert.equal(controlLabelled(page.body, 'Password'), 'password');
      assert.equal(controlLabelled(page.body, 'Confirm password'), 'confirm');
      assert.doesNotMatch(page.body, /<label for="[^"]+">Your name<\/label>/, 'a reset does not ask for the name');

      const res = await post(path, { password: 'a brand new passphrase', confirm: 'a brand new passphrase' });
      assert.equal(res.statusCode, 303, res.body);
      assert.equal(res.headers.location, '/admin?notice=password_set');
      const fresh = sessionCookieOf(res);
      assert.equal((await t.app.inject({ url: '/admin', headers: { cookie: fresh } })).statusCode, 200, 'the new session works');
      assert.equal((await laptop.get('/admin')).statusCode, 303, 'the other session has ended');
      assert.equal(await checkCredentials(t.db.handle, user.email, 'the old password, forgotten'), undefined);
      assert.equal((await checkCredentials(t.db.handle, user.email, 'a brand new passphrase'))?.id, user.id);
      assert.equal((await getUserById(t.db.handle, user.id))?.name, 'Resetting Person', 'the name is unchanged');

      const signIn = await t.app.inject({
        method: 'POST',
        url: '/admin/login',
        remoteAddress: '10.80.0.1',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: formBody({ email: user.email, password: 'the old password, forgotten' }),
      });
      assert.equal(signIn.statusCode, 401, 'the old password no longer signs in');
      const events = await listAuditEvents(t.db.handle, { limit: 20, subject: { kind: 'user', id: user.id } });
      assert.ok(events.some((e) => e.action === 'user.reset_password'));
      assertGone(await t.app.inject({ url: path }), 'the reset link, used');
    });
  });
}
