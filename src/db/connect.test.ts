import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from './connect.ts';
import { loadConfig } from '../config.ts';
import { createTestDatabase, databaseKinds } from '../../test/databases.ts';

/** Opens a real SQLite file and reads back how it syncs and journals. */
async function pragmasOf(options: { synchronous?: 'full' | 'normal' } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rostrum-connect-'));
  const handle = openDatabase({ kind: 'sqlite', url: path.join(dir, 'rostrum.db'), ...options });
  try {
    const synchronous = (await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(handle.db)).rows[0]!.synchronous;
    const journal = (await sql<{ journalMode: string }>`PRAGMA journal_mode`.execute(handle.db)).rows[0]!.journalMode;
    return { synchronous, journal };
  } finally {
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('an opened SQLite database syncs every commit to disk (synchronous=FULL, 2) in WAL mode, so an acknowledged write survives a power cut', async () => {
  assert.deepEqual(await pragmasOf(), { synchronous: 2, journal: 'wal' });
});

test('an operator may choose NORMAL (1) explicitly, through ROSTRUM_SQLITE_SYNCHRONOUS', async () => {
  assert.deepEqual(await pragmasOf({ synchronous: 'normal' }), { synchronous: 1, journal: 'wal' });
  assert.equal(loadConfig({}).sqliteSynchronous, 'full');
  assert.equal(loadConfig({ ROSTRUM_SQLITE_SYNCHRONOUS: 'normal' }).sqliteSynchronous, 'normal');
  assert.throws(() => loadConfig({ ROSTRUM_SQLITE_SYNCHRONOUS: 'off' }), /ROSTRUM_SQLITE_SYNCHRONOUS/);
});

test('DATABASE_POOL_SIZE sets how many connections a process may open to PostgreSQL: 10 unless set, a whole number from 1 to 1000', () => {
  assert.equal(loadConfig({}).databasePoolSize, 10);
  assert.equal(loadConfig({ DATABASE_POOL_SIZE: '4' }).databasePoolSize, 4);
  for (const bad of ['0', '-1', '2.5', 'many', '1001']) assert.throws(() => loadConfig({ DATABASE_POOL_SIZE: bad }), /DATABASE_POOL_SIZE/, bad);
});

// Like every test that runs on both engines: on PostgreSQL where it answers (always on CI).
if ((await databaseKinds()).includes('postgres'))
  test('a PostgreSQL pool never holds more connections than its size, however many queries wait', async () => {
    const database = await createTestDatabase('postgres');
    const handle = openDatabase({ kind: 'postgres', url: database.url, poolSize: 2 });
    try {
      const backends = await Promise.all(Array.from({ length: 8 }, () => sql<{ pid: number }>`select pg_backend_pid() as pid, pg_sleep(0.02)`.execute(handle.db)));
      assert.equal(new Set(backends.map((r) => r.rows[0]!.pid)).size, 2);
    } finally {
      await handle.close();
      await database.drop();
    }
  });
