import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../test/databases.ts';
import { createApiToken, createUser, findUserByToken, lastUsedPrecisionMs, listApiTokens, revokeApiTokens } from './store.ts';

for (const kind of await databaseKinds()) {
  describe(`API tokens on ${kind}`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(kind);
    });
    after(() => t.drop());

    const lastUsed = async (id: number) => (await t.handle.db.selectFrom('apiTokens').select('lastUsedAt').where('id', '=', id).executeTakeFirstOrThrow()).lastUsedAt;
    const setLastUsed = (id: number, at: string | null) => t.handle.db.updateTable('apiTokens').set({ lastUsedAt: at }).where('id', '=', id).execute();

    test('findUserByToken notes the last use at most once a minute per token', async () => {
      const user = await createUser(t.handle, { email: 'used@example.org', role: 'editor' });
      const token = await createApiToken(t.handle, user.id, 'ci');
      const other = await createApiToken(t.handle, user.id, 'laptop');
      const [info, otherInfo] = await listApiTokens(t.handle, user.id);
      assert.equal(info!.lastUsedAt, null);

      const before = Date.now();
      assert.equal((await findUserByToken(t.handle, token))?.email, 'used@example.org');
      const first = await lastUsed(info!.id);
      assert.ok(first && Date.parse(first) >= before - 1000 && Date.parse(first) <= Date.now() + 1000, `recorded ${first}`);
      assert.equal(await lastUsed(otherInfo!.id), null, 'only the token that was used');

      // Within the minute: no write.
      const recent = new Date(Date.now() - 30_000).toISOString();
      await setLastUsed(info!.id, recent);
      await findUserByToken(t.handle, token);
      assert.equal(await lastUsed(info!.id), recent);

      // Older than a minute: noted again.
      const old = new Date(Date.now() - lastUsedPrecisionMs - 5_000).toISOString();
      await setLastUsed(info!.id, old);
      await findUserByToken(t.handle, token);
      assert.ok(Date.parse((await lastUsed(info!.id))!) > Date.parse(old) + lastUsedPrecisionMs);

      // Many requests at once on a fresh token: all authenticate.
      const users = await Promise.all(Array.from({ length: 10 }, () => findUserByToken(t.handle, other)));
      assert.ok(users.every((u) => u?.id === user.id));
      assert.notEqual(await lastUsed(otherInfo!.id), null);
    });

    test('a revoked token no longer authenticates; revoking by label leaves the others', async () => {
      const user = await createUser(t.handle, { email: 'revoke@example.org', role: 'admin' });
      const bystander = await createUser(t.handle, { email: 'bystander@example.org', role: 'admin' });
      const ci = await createApiToken(t.handle, user.id, 'ci');
      const laptop = await createApiToken(t.handle, user.id, 'laptop');
      const theirs = await createApiToken(t.handle, bystander.id, 'ci');
      assert.equal(await revokeApiTokens(t.handle, user.id, 'ci'), 1);
      assert.equal(await findUserByToken(t.handle, ci), undefined);
      assert.equal((await findUserByToken(t.handle, laptop))?.id, user.id);
      assert.equal((await findUserByToken(t.handle, theirs))?.id, bystander.id);
      assert.equal(await revokeApiTokens(t.handle, user.id), 1);
      assert.equal(await findUserByToken(t.handle, laptop), undefined);
      assert.deepEqual(await listApiTokens(t.handle, user.id), []);
      assert.equal(await revokeApiTokens(t.handle, user.id), 0);
      assert.equal((await findUserByToken(t.handle, theirs))?.id, bystander.id);
    });
  });
}
