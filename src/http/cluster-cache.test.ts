import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildApp } from '../app.tsx';
import { openDatabase } from '../db/connect.ts';
import type { Database } from '../schema.ts';
import { createTestDatabase, canReachPostgres } from '../../test/databases.ts';
import { createExpert } from '../experts/store.ts';
import { createApiToken, createUser } from '../users/store.ts';

// Skipped, and reported so, where PostgreSQL is not running; on CI canReachPostgres fails the file instead.
const skip = (await canReachPostgres()) ? false : 'PostgreSQL is not reachable';

test('a change made through one process drops the cached pages of another sharing PostgreSQL', { skip, timeout: 30_000 }, async () => {
  const db = await createTestDatabase('postgres');
  const secondHandle = openDatabase<Database>({ kind: 'postgres', url: db.url });
  const one = await buildApp(db.config, db.handle);
  const two = await buildApp(db.config, secondHandle);
  try {
    await createExpert(db.handle, { name: 'Shared Expert' });
    const user = await createUser(db.handle, { email: 'e@rostrum.test', role: 'editor' });
    const token = await createApiToken(db.handle, user.id);
    const first = await two.app.inject({ url: '/blogs/shared-expert' });
    assert.equal((await two.app.inject({ url: '/blogs/shared-expert' })).headers['x-cache'], 'hit');
    assert.doesNotMatch(first.body, /Cross-process news/);
    const created = await one.app.inject({
      method: 'POST',
      url: '/api/v1/articles',
      headers: { authorization: `Bearer ${token}` },
      payload: { expert: 'shared-expert', title: 'Cross-process news', lead: 'L', body: 'B', status: 'published' },
    });
    assert.equal(created.statusCode, 201);
    let seen = false;
    for (let i = 0; i < 50 && !seen; i++) {
      await sleep(50);
      seen = (await two.app.inject({ url: '/blogs/shared-expert' })).body.includes('Cross-process news');
    }
    assert.ok(seen, 'the other process shows the new article');
  } finally {
    await one.app.close();
    await two.app.close();
    await secondHandle.close();
    await db.drop();
  }
});
