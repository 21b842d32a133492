import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { databaseKinds } from '../../test/databases.ts';
import { formBody } from '../../test/office.ts';
import { mailText, startMailbox } from '../../test/mailbox.ts';
import { setPassword, getUserByEmail, checkCredentials } from '../users/store.ts';
import { createUserLink, findUsableLink } from '../users/links.ts';

const form = { 'content-type': 'application/x-www-form-urlencoded' };

/** The mail goes after the answer: waits until the mailbox holds `count` messages, then a little longer for strays. */
async function mailArrives(received: unknown[], count: number): Promise<void> {
  for (let waited = 0; received.length < count && waited < 10_000; waited += 25) await new Promise((r) => setTimeout(r, 25));
  await new Promise((r) => setTimeout(r, 300));
}

for (const kind of await databaseKinds()) {
  describe(`forgotten passwords without a mail server on ${kind}`, () => {
    let t: TestApp;
    before(async () => (t = await startTestApp(kind)));
    after(() => t.close());

    test('the page says to ask an administrator and sends nothing', async () => {
      const page = await t.app.inject({ url: '/admin/forgot-password' });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Ask an administrator/);
      assert.doesNotMatch(page.body, /Send reset link/);
      const post = await t.app.inject({ method: 'POST', url: '/admin/forgot-password', headers: form, payload: formBody({ email: 'editor@rostrum.test' }) });
      assert.equal(post.statusCode, 409);
      assert.equal(await t.db.handle.db.selectFrom('userLinks').select('id').executeTakeFirst(), undefined);
    });
  });

  describe(`forgotten passwords with SMTP on ${kind}`, () => {
    let t: TestApp;
    let mailbox: Awaited<ReturnType<typeof startMailbox>>;
    before(async () => {
      mailbox = await startMailbox();
      t = await startTestApp(kind, { ROSTRUM_SMTP_URL: mailbox.url, ROSTRUM_MAIL_FROM: 'Office <office@think.example>' });
    });
    after(async () => {
      await t.close();
      await mailbox.close();
    });

    test('a known address gets a working reset link by mail; an unknown one gets the same answer and no mail', async () => {
      const user = (await getUserByEmail(t.db.handle, 'editor@rostrum.test'))!;
      await setPassword(t.db.handle, user.id, 'the old passphrase');
      const page = await t.app.inject({ url: '/admin/forgot-password' });
      assert.match(page.body, /Send reset link/);

      const unknown = await t.app.inject({ method: 'POST', url: '/admin/forgot-password', headers: form, payload: formBody({ email: 'nobody@rostrum.test' }) });
      const known = await t.app.inject({ method: 'POST', url: '/admin/forgot-password', headers: form, payload: formBody({ email: 'Editor@Rostrum.test' }) });
      assert.equal(unknown.statusCode, 200);
      assert.equal(known.statusCode, 200);
      assert.equal(unknown.body.replace('nobody@rostrum.test', 'X'), known.body.replace('Editor@Rostrum.test', 'X'), 'the same answer either way');

      await mailArrives(mailbox.received, 1);
      assert.equal(mailbox.received.length, 1);
      const mail = mailbox.received[0]!;
      assert.deepEqual(mail.to, ['editor@rostrum.test']);
      assert.match(mail.raw, /^From: Office <office@think\.example>/m);
      const link = /https?:\/\/[^/\s]+(\/admin\/password-reset\/[A-Za-z0-9_-]{43})/.exec(mailText(mail.raw));
      assert.ok(link, mail.raw);

      const reset = await t.app.inject({ method: 'POST', url: link[1]!, headers: form, payload: formBody({ password: 'a brand new passphrase', confirm: 'a brand new passphrase' }) });
      assert.equal(reset.statusCode, 303);
      assert.equal(await checkCredentials(t.db.handle, 'editor@rostrum.test', 'the old passphrase'), undefined);
      assert.equal((await checkCredentials(t.db.handle, 'editor@rostrum.test', 'a brand new passphrase'))?.id, user.id);
    });

    test('requests are throttled per account, so the form cannot flood an inbox; bad input is a 422', async () => {
      const before = mailbox.received.length;
      for (let i = 0; i < 8; i++) {
        await t.app.inject({ method: 'POST', url: '/admin/forgot-password', headers: form, payload: formBody({ email: 'author@rostrum.test' }) });
      }
      await mailArrives(mailbox.received, before + 5);
      assert.equal(mailbox.received.length - before, 5, 'five per account per window');
      const signIn = await t.app.inject({ method: 'POST', url: '/admin/login', headers: form, payload: formBody({ email: 'author@rostrum.test', password: 'not the password' }) });
      assert.equal(signIn.statusCode, 401, 'reset requests in someone’s name do not lock them out of signing in');
      const bad = await t.app.inject({ method: 'POST', url: '/admin/forgot-password', headers: form, payload: formBody({ email: '<script>alert(1)</script>' }) });
      assert.equal(bad.statusCode, 422);
      assert.doesNotMatch(bad.body, /<script>alert/);
      const crossSite = await t.app.inject({
        method: 'POST',
        url: '/admin/forgot-password',
        headers: { ...form, 'sec-fetch-site': 'cross-site' },
        payload: formBody({ email: 'author@rostrum.test' }),
      });
      assert.equal(crossSite.statusCode, 403);
    });

    test('a requested link does not cancel the link an administrator handed out; a newer request replaces an older one', async () => {
      const before = mailbox.received.length;
      const admin = (await getUserByEmail(t.db.handle, 'admin@rostrum.test'))!;
      const editor = (await getUserByEmail(t.db.handle, 'editor@rostrum.test'))!;
      const handed = await createUserLink(t.db.handle, { userId: editor.id, purpose: 'reset', createdBy: admin.id });
      for (let i = 0; i < 2; i++) {
        await t.app.inject({ method: 'POST', url: '/admin/forgot-password', headers: { ...form, 'x-forwarded-for': '198.51.100.9' }, payload: formBody({ email: 'editor@rostrum.test' }) });
        await mailArrives(mailbox.received, before + i + 1);
      }
      assert.ok(await findUsableLink(t.db.handle, handed.token, 'reset'), 'the administrator’s link still works');
      const links = await t.db.handle.db.selectFrom('userLinks').select(['createdBy']).where('userId', '=', editor.id).where('usedAt', 'is', null).execute();
      assert.deepEqual(links.map((l) => l.createdBy).sort(), [admin.id, null].sort(), 'one handed-out link and the newest requested one');
    });
  });
}
