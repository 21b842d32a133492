import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from './connect.ts';
import { loadConfig } from '../config.ts';

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
