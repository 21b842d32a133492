import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { databaseKinds } from '../../test/databases.ts';
import { formBody } from '../../test/office.ts';
import { getUserByEmail, setPassword } from '../users/store.ts';
import { createUserLink, linkPath } from '../users/links.ts';

const form = { 'content-type': 'application/x-www-form-urlencoded' };

for (const kind of await databaseKinds()) {
  describe(`a password reset after a lockout on ${kind}`, () => {
    let t: TestApp;
    before(async () => (t = await startTestApp(kind)));
    after(() => t.close());

    test('the sign-in page sends a locked-out person to an administrator for a link; the new password then works at once', async () => {
      const user = (await getUserByEmail(t.db.handle, 'author@rostrum.test'))!;
      await setPassword(t.db.handle, user.id, 'the forgotten passphrase');
      const signIn = (password: string) => t.app.inject({ method: 'POST', url: '/admin/login', headers: form, payload: formBody({ email: 'author@rostrum.test', password }) });
      for (let i = 0; i < 5; i++) assert.equal((await signIn(`wrong guess ${i}`)).statusCode, 401);
      const locked = await signIn('still wrong');
      assert.equal(locked.statusCode, 429);
      assert.match(locked.body, /password reset link/);

      const { token } = await createUserLink(t.db.handle, { userId: user.id, purpose: 'reset', createdBy: null });
      const reset = await t.app.inject({ method: 'POST', url: linkPath('reset', token), headers: form, payload: formBody({ password: 'a fresh passphrase', confirm: 'a fresh passphrase' }) });
      assert.equal(reset.statusCode, 303);
      assert.equal((await signIn('a fresh passphrase')).statusCode, 303, 'the lockout is lifted by the reset');
    });
  });
}
