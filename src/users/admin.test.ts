import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, hostileStrings, startTestApp, type TestApp } from '../../test/app.ts';
import { formBody, officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { listAuditEvents } from '../audit/store.ts';
import { getExpertBySlug } from '../experts/store.ts';
import { createUser, getUserByEmail, listUsers, setPassword } from './store.ts';

const password = 'a long and memorable passphrase';

/** The secret a link page shows in its read-only box. */
function shownLink(html: string, label: string): string {
  const box = new RegExp(`<label for="secret-link">${label}</label>.*?<input id="secret-link"[^>]*value="([^"]+)"`, 's').exec(html);
  assert.ok(box, `a read-only box labelled "${label}"`);
  return box[1]!;
}

const pathOf = (url: string) => new URL(url).pathname;
const sessionCookieOf = (res: LightMyRequestResponse) => {
  const header = [res.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('rostrum_session='));
  assert.ok(header, 'a session cookie');
  return header.split(';')[0]!;
};
/** The messages of the error summary at the top of a refused form. */
const problemsOf = (html: string) => [...(/<div class="error-summary"[^>]*>(.*?)<\/div>/s.exec(html)?.[1]?.matchAll(/<li>(.*?)<\/li>/gs) ?? [])].map((m) => m[1]!.replace(/<[^>]+>/g, ''));

for (const kind of await databaseKinds()) {
  describe(`people in the office on ${kind}`, () => {
    let t: TestApp;
    let admin: OfficeSession;
    let authorExpertId: number;
    let addresses = 0;
    before(async () => {
      t = await startTestApp(kind);
      admin = await officeSessionFor(t.app, t.db.handle, 'admin@rostrum.test');
      authorExpertId = (await getExpertBySlug(t.db.handle, 'author-expert'))!.id;
    });
    after(() => t.close());

    const signIn = (email: string, pass: string) =>
      t.app.inject({
        method: 'POST',
        url: '/admin/login',
        // Each sign-in from its own network, so that deliberate failures never throttle another test.
        remoteAddress: `10.80.0.${++addresses}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: formBody({ email, password: pass }),
      });
    const userId = async (email: string) => (await getUserByEmail(t.db.handle, email))!.id;
    const actions = async () => (await listAuditEvents(t.db.handle, { limit: 200 })).map((e) => `${e.action} ${e.subjectLabel}`);
    const personWith = async (email: string, role: 'admin' | 'editor' | 'author' = 'editor') => {
      const user = await createUser(t.db.handle, { email, role, name: email.split('@')[0], password, expertId: role === 'author' ? authorExpertId : null });
      return user.id;
    };

    test('the whole invitation: admin invites, the link signs the person up and in, then it is gone', async () => {
      const form = await admin.get('/admin/users/invite');
      assert.equal(form.statusCode, 200);
      for (const label of ['Email', 'Role', 'Expert', 'Name']) assert.match(form.body, new RegExp(`<label for="field-[a-z]+">${label}</label>`), label);
      assert.match(form.body, /<option value="admin"[^>]*>Administrator<\/option>/);

      const invited = await admin.post('/admin/users/invite', { email: ' New.Author@Rostrum.test ', role: 'author', expert: String(authorExpertId), name: '' });
      assert.equal(invited.statusCode, 201, invited.body);
      assert.equal(invited.headers['cache-control'], 'no-store');
      const url = shownLink(invited.body, 'Invitation link');
      assert.match(url, /^http:\/\/rostrum\.test\/admin\/invitations\/[A-Za-z0-9_-]{43}$/);
      assert.match(invited.body, /<input id="secret-link" type="text" class="secret-value" value="[^"]+" readonly/);
      assert.match(invited.body, /<button type="button" class="button" data-copy-target="secret-link">Copy link<\/button>/);
      assert.match(invited.body, /new\.author@rostrum\.test/);
      assert.match(invited.body, /It works once, until <strong>[A-Z][a-z]+ \d{1,2}, \d{4}, \d\d:\d\d UTC<\/strong>/);

      const people = await admin.get('/admin/users');
      assert.equal(people.statusCode, 200);
      assert.match(people.body, /new\.author@rostrum\.test/);
      assert.match(people.body, /Invited, link pending/);
      assert.ok(!people.body.includes(pathOf(url)), 'the link itself is never shown again');
      assert.match(people.body, /Works until/);

      const page = await t.app.inject({ url: pathOf(url) });
      assert.equal(page.statusCode, 200);
      const accepted = await t.app.inject({
        method: 'POST',
        url: pathOf(url),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: formBody({ name: 'Nadia Author', password, confirm: password }),
      });
      assert.equal(accepted.statusCode, 303, accepted.body);
      const cookie = sessionCookieOf(accepted);
      const office = await t.app.inject({ url: '/admin', headers: { cookie } });
      assert.equal(office.statusCode, 200);
      assert.match(office.body, /Nadia Author/);
      assert.equal((await t.app.inject({ url: pathOf(url) })).statusCode, 410);

      const user = await getUserByEmail(t.db.handle, 'new.author@rostrum.test');
      assert.equal(user?.role, 'author');
      assert.equal(user?.expertId, authorExpertId);
      assert.match((await admin.get('/admin/users')).body, /Nadia Author.*?Active/s);
      assert.ok((await actions()).includes('user.invite new.author@rostrum.test'));
    });

    test('an invitation refuses what the API would refuse, and an address that has an account', async () => {
      const before = (await listUsers(t.db.handle)).length;
      const cases: Array<[Record<string, string | string[]>, string, number]> = [
        [{ role: 'editor' }, 'Email: is required', 422],
        [{ email: 'not-an-address', role: 'editor' }, 'Email: is not an e-mail address', 422],
        [{ email: ['a@example.org', 'b@example.org'], role: 'editor' }, 'Email', 422],
        [{ email: `${'x'.repeat(320)}@example.org`, role: 'editor' }, 'Email: must be at most 320 characters', 422],
        [{ email: 'someone@example.org', role: 'superuser' }, 'Role: choose Author, Editor or Administrator', 422],
        [{ email: 'someone@example.org', role: 'author', expert: '' }, 'Expert: is required for authors', 422],
        [{ email: 'someone@example.org', role: 'author', expert: 'abc' }, 'Expert: must be a positive whole number', 422],
        [{ email: 'someone@example.org', role: 'author', expert: '999999' }, 'Expert: is not one of the experts', 422],
        [{ email: 'someone@example.org', role: 'editor', name: 'bad\u0001name' }, 'Name: must not contain control characters', 422],
        [{ email: 'EDITOR@rostrum.test', role: 'editor' }, 'Email: already has an account', 409],
      ];
      for (const [fields, problem, status] of cases) {
        const res = await admin.post('/admin/users/invite', fields);
        assert.equal(res.statusCode, status, `${JSON.stringify(fields)}: ${res.body.slice(0, 200)}`);
        assert.ok(
          problemsOf(res.body).some((p) => p.startsWith(problem)),
          `${JSON.stringify(fields)} → ${problemsOf(res.body).join(' | ')}`,
        );
      }
      const kept = await admin.post('/admin/users/invite', { email: 'kept@example.org', role: 'author', name: 'Kept Name' });
      assert.equal(kept.statusCode, 422);
      assert.match(kept.body, /value="kept@example\.org"/, 'what was typed stays in the form');
      assert.match(kept.body, /value="Kept Name"/);
      assert.match(kept.body, /<option value="author" selected>Author<\/option>/);
      assert.equal((await listUsers(t.db.handle)).length, before, 'nothing was written');
    });

    test('hostile names are escaped wherever people are listed', async () => {
      for (const [i, evil] of hostileStrings.entries()) {
        const res = await admin.post('/admin/users/invite', { email: `evil${i}@example.org`, role: 'editor', name: evil });
        assert.equal(res.statusCode, 201, res.body);
        assert.ok(!res.body.includes(evil) || !/[<>"]/.test(evil), 'the link page escapes the name');
      }
      const people = await admin.get('/admin/users');
      for (const evil of hostileStrings) if (/[<>]/.test(evil)) assert.ok(!people.body.includes(evil), evil);
      assert.match(people.body, /&lt;script>alert\(&quot;x&quot;\)&lt;\/script>|&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/);
    });

    test('authors and editors may not manage people: 403 on every screen and form', async () => {
      const target = await userId('author@rostrum.test');
      for (const email of ['author@rostrum.test', 'editor@rostrum.test']) {
        const session = await officeSessionFor(t.app, t.db.handle, email);
        for (const url of ['/admin/users', '/admin/users/invite', `/admin/users/${target}`]) assert.equal((await session.get(url)).statusCode, 403, `${email} GET ${url}`);
        const before = (await listUsers(t.db.handle)).length;
        const posts: Array<[string, Record<string, string>]> = [
          ['/admin/users/invite', { email: `sneaky-${email}`, role: 'admin' }],
          [`/admin/users/${target}`, { name: 'Renamed', role: 'admin', expert: '' }],
          [`/admin/users/${target}/disable`, {}],
          [`/admin/users/${target}/enable`, {}],
          [`/admin/users/${target}/reset-link`, {}],
          [`/admin/users/${target}/invite-link`, {}],
        ];
        for (const [url, fields] of posts) assert.equal((await session.post(url, fields)).statusCode, 403, `${email} POST ${url}`);
        assert.equal((await listUsers(t.db.handle)).length, before);
      }
      assert.equal((await getUserByEmail(t.db.handle, 'author@rostrum.test'))?.role, 'author');
      const nav = await (await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test')).get('/admin/account');
      assert.doesNotMatch(nav.body, /href="\/admin\/users"/, 'People is not in an editor’s navigation');
    });

    test('unknown or malformed ids are 404; a form without its CSRF token is 403', async () => {
      for (const url of ['/admin/users/999999', '/admin/users/abc', '/admin/users/0', '/admin/users/1e3']) assert.equal((await admin.get(url)).statusCode, 404, url);
      assert.equal((await admin.post('/admin/users/999999/disable')).statusCode, 404);
      const before = (await listUsers(t.db.handle)).length;
      const noToken = await admin.post('/admin/users/invite', { email: 'csrf@example.org', role: 'editor' }, { csrf: false });
      assert.equal(noToken.statusCode, 403);
      const wrongToken = await admin.post('/admin/users/invite', { _csrf: 'x'.repeat(43), email: 'csrf@example.org', role: 'editor' }, { csrf: false });
      assert.equal(wrongToken.statusCode, 403);
      const crossSite = await admin.post('/admin/users/invite', { email: 'csrf@example.org', role: 'editor' }, { headers: { 'sec-fetch-site': 'cross-site' } });
      assert.equal(crossSite.statusCode, 403);
      assert.equal((await listUsers(t.db.handle)).length, before);
    });

    test('changing a person’s role signs them out everywhere; an author needs an expert', async () => {
      const id = await personWith('promoted@example.org', 'author');
      const theirs = await officeSessionFor(t.app, t.db.handle, 'promoted@example.org');
      assert.equal((await theirs.get('/admin')).statusCode, 200);

      const page = await admin.get(`/admin/users/${id}`);
      assert.equal(page.statusCode, 200);
      for (const label of ['Name', 'Role', 'Expert']) assert.match(page.body, new RegExp(`<label for="field-[a-z]+">${label}</label>`));
      assert.match(page.body, /Create password reset link/);
      assert.match(page.body, /Disable account/);

      const noExpert = await admin.post(`/admin/users/${id}`, { name: 'Promoted', role: 'author', expert: '' });
      assert.equal(noExpert.statusCode, 422);
      assert.ok(problemsOf(noExpert.body).some((p) => p.startsWith('Expert: is required for authors')));

      const nameOnly = await admin.post(`/admin/users/${id}`, { name: 'Promoted Person', role: 'author', expert: String(authorExpertId) });
      assert.equal(nameOnly.statusCode, 303);
      assert.equal((await theirs.get('/admin')).statusCode, 200, 'a new name does not sign anyone out');

      const promoted = await admin.post(`/admin/users/${id}`, { name: 'Promoted Person', role: 'editor', expert: '' });
      assert.equal(promoted.statusCode, 303);
      assert.equal(promoted.headers.location, `/admin/users/${id}?notice=signed_out`);
      const after = await getUserByEmail(t.db.handle, 'promoted@example.org');
      assert.deepEqual([after?.name, after?.role, after?.expertId], ['Promoted Person', 'editor', null]);
      const old = await theirs.get('/admin');
      assert.equal(old.statusCode, 303);
      assert.match(String(old.headers.location), /^\/admin\/login/);
      assert.match((await admin.get(String(promoted.headers.location))).body, /signed out everywhere/);
      assert.ok((await actions()).includes('user.update promoted@example.org'));
    });

    test('disabling ends their sessions at once and refuses sign-in and tokens; enabling lets them back', async () => {
      const id = await personWith('leaver@example.org', 'author');
      const theirs = await officeSessionFor(t.app, t.db.handle, 'leaver@example.org');
      const tokenRes = await admin.post('/admin/tokens', { user: String(id), label: 'laptop' });
      const token = /value="(rst_[^"]+)"/.exec(tokenRes.body)![1]!;
      assert.equal((await t.app.inject({ url: '/api/v1/media/999999', headers: bearer(token) })).statusCode, 404, 'the token works before');

      const disabled = await admin.post(`/admin/users/${id}/disable`);
      assert.equal(disabled.statusCode, 303);
      assert.equal((await theirs.get('/admin')).statusCode, 303, 'their session ended');
      assert.equal((await signIn('leaver@example.org', password)).statusCode, 401);
      assert.equal((await t.app.inject({ url: '/api/v1/media/999999', headers: bearer(token) })).statusCode, 401);
      const page = await admin.get(`/admin/users/${id}?notice=disabled`);
      assert.match(page.body, /Disabled/);
      assert.match(page.body, /Enable account/);
      assert.equal((await admin.post(`/admin/users/${id}/reset-link`)).statusCode, 409, 'no link for a disabled account');

      assert.equal((await admin.post(`/admin/users/${id}/enable`)).statusCode, 303);
      assert.equal((await signIn('leaver@example.org', password)).statusCode, 303);
      const log = await actions();
      assert.ok(log.includes('user.disable leaver@example.org') && log.includes('user.enable leaver@example.org'));
    });

    test('a password reset link: the old password stops working and other sessions end', async () => {
      const id = await personWith('forgetful@example.org');
      const first = await officeSessionFor(t.app, t.db.handle, 'forgetful@example.org');
      const second = await officeSessionFor(t.app, t.db.handle, 'forgetful@example.org');
      assert.equal((await admin.post(`/admin/users/${id}/invite-link`)).statusCode, 409, 'they accepted long ago: a reset, not an invitation');

      const made = await admin.post(`/admin/users/${id}/reset-link`);
      assert.equal(made.statusCode, 200);
      assert.equal(made.headers['referrer-policy'], 'no-referrer');
      const url = shownLink(made.body, 'Password reset link');
      assert.match(url, /^http:\/\/rostrum\.test\/admin\/password-reset\/[A-Za-z0-9_-]{43}$/);
      assert.match(made.body, /data-copy-target="secret-link">Copy link</);

      assert.equal((await t.app.inject({ url: pathOf(url) })).statusCode, 200);
      const fresh = 'an entirely new passphrase';
      const used = await t.app.inject({ method: 'POST', url: pathOf(url), headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: formBody({ password: fresh, confirm: fresh }) });
      assert.equal(used.statusCode, 303, used.body);
      assert.equal((await first.get('/admin')).statusCode, 303);
      assert.equal((await second.get('/admin')).statusCode, 303);
      assert.equal((await signIn('forgetful@example.org', password)).statusCode, 401);
      assert.equal((await signIn('forgetful@example.org', fresh)).statusCode, 303);
      assert.equal((await t.app.inject({ url: pathOf(url) })).statusCode, 410);
      assert.ok((await actions()).includes('user.reset_link forgetful@example.org'));
    });

    test('a new invitation link replaces the old one for someone who never accepted', async () => {
      const invited = await admin.post('/admin/users/invite', { email: 'slow@example.org', role: 'editor' });
      const firstUrl = shownLink(invited.body, 'Invitation link');
      const id = await userId('slow@example.org');
      const page = await admin.get(`/admin/users/${id}`);
      assert.match(page.body, /Create a new invitation link/);
      assert.doesNotMatch(page.body, /Create password reset link/);
      const again = await admin.post(`/admin/users/${id}/invite-link`);
      assert.equal(again.statusCode, 200);
      const secondUrl = shownLink(again.body, 'Invitation link');
      assert.notEqual(secondUrl, firstUrl);
      assert.equal((await t.app.inject({ url: pathOf(firstUrl) })).statusCode, 410);
      assert.equal((await t.app.inject({ url: pathOf(secondUrl) })).statusCode, 200);
    });

    test('your account: everyone changes their own name and password', async () => {
      const email = 'self@example.org';
      await personWith(email, 'author');
      const here = await officeSessionFor(t.app, t.db.handle, email);
      const elsewhere = await officeSessionFor(t.app, t.db.handle, email);
      const page = await here.get('/admin/account');
      assert.equal(page.statusCode, 200);
      for (const label of ['Name', 'Current password', 'New password', 'Confirm new password']) {
        assert.match(page.body, new RegExp(`<label for="field-[a-z_]+">${label}</label>`), label);
      }

      for (const evil of hostileStrings) {
        assert.equal((await here.post('/admin/account', { name: evil })).statusCode, 303);
        const shown = await here.get('/admin/account?notice=saved');
        if (/[<>]/.test(evil)) assert.ok(!shown.body.includes(evil), evil);
        assert.match(shown.body, /Your name is saved/);
      }
      assert.equal((await here.post('/admin/account', { name: '   ' })).statusCode, 422);
      assert.equal((await here.post('/admin/account', { name: ['a', 'b'] })).statusCode, 422);
      assert.equal((await here.post('/admin/account', { name: 'Self Person' })).statusCode, 303);
      assert.equal((await getUserByEmail(t.db.handle, email))?.name, 'Self Person');

      const next = 'my next good passphrase';
      const wrong = await here.post('/admin/account/password', { current_password: 'not it at all', new_password: next, confirm_password: next });
      assert.equal(wrong.statusCode, 422);
      assert.ok(problemsOf(wrong.body).includes('Current password: is not your current password'));
      const mismatch = await here.post('/admin/account/password', { current_password: password, new_password: next, confirm_password: 'something else' });
      assert.equal(mismatch.statusCode, 422);
      assert.ok(problemsOf(mismatch.body).includes('Confirm new password: does not match the new password'));
      const short = await here.post('/admin/account/password', { current_password: password, new_password: 'short', confirm_password: 'short' });
      assert.equal(short.statusCode, 422);
      assert.equal((await signIn(email, password)).statusCode, 303, 'refused changes leave the password as it was');

      const changed = await here.post('/admin/account/password', { current_password: password, new_password: next, confirm_password: next });
      assert.equal(changed.statusCode, 303);
      assert.equal((await here.get('/admin/account')).statusCode, 200, 'this session stays');
      assert.equal((await elsewhere.get('/admin/account')).statusCode, 303, 'the others end');
      assert.equal((await signIn(email, next)).statusCode, 303);
      assert.equal((await signIn(email, password)).statusCode, 401);
      assert.ok((await actions()).includes(`user.password_change ${email}`));
      assert.equal((await here.post('/admin/account/password', { current_password: next, new_password: 'x'.repeat(20), confirm_password: 'x'.repeat(20) }, { csrf: false })).statusCode, 403);
    });

    test('mistyping the current password five times refuses the sixth try with 429, and the refusal is in the audit log', async () => {
      const email = 'mistyper@example.org';
      await personWith(email, 'author');
      const here = await officeSessionFor(t.app, t.db.handle, email);
      const next = 'my next good passphrase';
      const change = (current: string) => here.post('/admin/account/password', { current_password: current, new_password: next, confirm_password: next });
      for (let i = 0; i < 5; i++) assert.equal((await change(`not it ${i}`)).statusCode, 422);
      const refused = await change(password);
      assert.equal(refused.statusCode, 429);
      assert.ok(Number(refused.headers['retry-after']) > 0);
      assert.equal((await signIn(email, next)).statusCode, 401, 'the password is unchanged');
      const entries = await t.db.handle.db.selectFrom('auditEvents').select(['actorLabel', 'subjectLabel', 'detail']).where('action', '=', 'user.password_change_refused').execute();
      assert.deepEqual(entries, [{ actorLabel: email, subjectLabel: email, detail: 'too many failed sign-ins at this account from this network' }]);
    });

    test('a person already signed up shows as active with their session', async () => {
      const id = await personWith('active@example.org');
      await setPassword(t.db.handle, id, password);
      assert.equal((await signIn('active@example.org', password)).statusCode, 303);
      const people = await admin.get('/admin/users');
      assert.match(people.body, /active@example\.org<\/td><td>Editor<\/td><td>—<\/td><td><span class="status status-active">Active<\/span><\/td><td>Signed in /);
    });
    test('the office is never left without an administrator', async () => {
      // This test changes the administrators; it runs last.
      const adminId = await userId('admin@rostrum.test');
      const disableSelf = await admin.post(`/admin/users/${adminId}/disable`);
      assert.equal(disableSelf.statusCode, 409);
      assert.ok(problemsOf(disableSelf.body).some((p) => p.startsWith('You cannot disable your own account')));
      const others = (await listUsers(t.db.handle)).filter((u) => u.role === 'admin' && u.id !== adminId && !u.disabledAt);
      for (const other of others) await admin.post(`/admin/users/${other.id}/disable`);

      const demote = await admin.post(`/admin/users/${adminId}`, { name: 'Admin', role: 'editor', expert: '' });
      assert.equal(demote.statusCode, 409);
      assert.ok(problemsOf(demote.body).some((p) => p.startsWith('This is the only active administrator')));
      assert.equal((await getUserByEmail(t.db.handle, 'admin@rostrum.test'))?.role, 'admin');

      const deputyId = await personWith('deputy@example.org', 'admin');
      const deputy = await officeSessionFor(t.app, t.db.handle, 'deputy@example.org');
      const stepDown = await admin.post(`/admin/users/${adminId}`, { name: 'Admin', role: 'editor', expert: '' });
      assert.equal(stepDown.statusCode, 303);
      assert.equal(stepDown.headers.location, '/admin');
      assert.equal((await admin.get('/admin')).statusCode, 200, 'their own session stays');
      assert.equal((await admin.get('/admin/users')).statusCode, 403, 'as an editor now');
      assert.equal((await deputy.post(`/admin/users/${deputyId}`, { name: 'Deputy', role: 'author', expert: String(authorExpertId) })).statusCode, 409);
      assert.equal((await deputy.post(`/admin/users/${adminId}`, { name: 'Admin', role: 'admin', expert: '' })).statusCode, 303);
      assert.equal((await getUserByEmail(t.db.handle, 'admin@rostrum.test'))?.role, 'admin');
      admin = await officeSessionFor(t.app, t.db.handle, 'admin@rostrum.test');
      assert.equal((await admin.get('/admin/users')).statusCode, 200);
    });
  });
}
