import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.tsx';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../test/databases.ts';
import { formBody } from '../../test/office.ts';
import { countUsers, createUser, getUserByEmail } from '../users/store.ts';
import { firstAdminSetupPath } from './setup.tsx';

const form = { 'content-type': 'application/x-www-form-urlencoded' };

for (const kind of await databaseKinds()) {
  describe(`first administrator setup on ${kind}`, () => {
    let db: TestDatabase;
    let app: FastifyInstance;
    before(async () => {
      db = await createTestDatabase(kind);
      ({ app } = await buildApp(db.config, db.handle));
    });
    after(async () => {
      await app.close();
      await db.drop();
    });

    test('a fresh install offers a setup link that makes the first administrator once', async () => {
      const path = await firstAdminSetupPath(db.handle);
      assert.ok(path?.startsWith('/admin/setup/'));
      assert.equal(await firstAdminSetupPath(db.handle), path, 'the same link every time, in every process');

      const login = await app.inject({ url: '/admin/login' });
      assert.match(login.body, /no accounts yet/);

      assert.equal((await app.inject({ url: '/admin/setup/not-the-token' })).statusCode, 404);
      const page = await app.inject({ url: path! });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<label for="field-email">Email<\/label>/);
      assert.equal(page.headers['referrer-policy'], 'no-referrer');

      const short = await app.inject({ method: 'POST', url: path!, headers: form, payload: formBody({ name: '<b>Ada</b>', email: 'ada@think.example', password: 'short', confirm: 'short' }) });
      assert.equal(short.statusCode, 422);
      assert.match(short.body, /at least 10 characters/);
      assert.match(short.body, /value="&lt;b>Ada&lt;\/b>"/);
      assert.equal(await countUsers(db.handle), 0, 'nothing written for a refused form');

      const crossSite = await app.inject({
        method: 'POST',
        url: path!,
        headers: { ...form, 'sec-fetch-site': 'cross-site' },
        payload: formBody({ name: 'Ada', email: 'ada@think.example', password: 'a long passphrase', confirm: 'a long passphrase' }),
      });
      assert.equal(crossSite.statusCode, 403);

      const made = await app.inject({
        method: 'POST',
        url: path!,
        headers: form,
        payload: formBody({ name: 'Ada', email: 'ada@think.example', password: 'a long passphrase', confirm: 'a long passphrase' }),
      });
      assert.equal(made.statusCode, 303);
      assert.equal(made.headers.location, '/admin?notice=welcome');
      const cookie = String(made.headers['set-cookie']).split(';')[0]!;
      const office = await app.inject({ url: made.headers.location as string, headers: { cookie } });
      assert.equal(office.statusCode, 200);
      assert.match(office.body, /Welcome to the editorial office/);
      const user = await getUserByEmail(db.handle, 'ada@think.example');
      assert.equal(user?.role, 'admin');
      assert.equal(user?.name, 'Ada');

      assert.equal(await firstAdminSetupPath(db.handle), undefined);
      assert.equal((await app.inject({ url: path! })).statusCode, 410);
      const again = await app.inject({
        method: 'POST',
        url: path!,
        headers: form,
        payload: formBody({ name: 'Eve', email: 'eve@think.example', password: 'a long passphrase', confirm: 'a long passphrase' }),
      });
      assert.equal(again.statusCode, 410);
      assert.equal(await getUserByEmail(db.handle, 'eve@think.example'), undefined);
    });
  });

  describe(`setup on a site with accounts on ${kind}`, () => {
    test('offers no setup link', async () => {
      const db = await createTestDatabase(kind);
      try {
        await createUser(db.handle, { email: 'someone@think.example', role: 'author' });
        assert.equal(await firstAdminSetupPath(db.handle), undefined);
      } finally {
        await db.drop();
      }
    });
  });
}
