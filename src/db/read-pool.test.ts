import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import SQLite from 'better-sqlite3';
import { openDatabase, readerOf, type DatabaseHandle } from './connect.ts';
import { ReadPool } from './read-pool.ts';
import { loadConfig } from '../config.ts';

interface Tables {
  notes: { id: number; body: string };
}

/** A SQLite file opened as the server opens it, with a read pool of two threads and one table. */
async function openWithPool(t: { after(fn: () => Promise<void>): void }, readThreads = 2) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rostrum-read-pool-'));
  const file = path.join(dir, 'rostrum.db');
  const handle = openDatabase<Tables>({ kind: 'sqlite', url: file, readThreads });
  t.after(async () => {
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  await sql`create table notes (id integer primary key, body text not null)`.execute(handle.db);
  return { handle, file };
}

/** A query that keeps SQLite busy for a good while: counting to a million, one row at a time. */
const slowCount = (db: Kysely<Tables>) => sql<{ n: number }>`with recursive c(n) as (select 1 union all select n + 1 from c where n < 1000000) select count(*) as n from c`.execute(db);

/** How many times the event loop ran a timer while `work` was under way. */
async function timerTurnsDuring(work: () => Promise<unknown>): Promise<number> {
  let turns = 0;
  const timer = setInterval(() => turns++, 1);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return turns;
}

test('a slow query on the reader runs off the event loop, which keeps turning; on the main connection it holds the loop until it ends', async (t) => {
  const { handle } = await openWithPool(t);
  const onReader = await timerTurnsDuring(async () => assert.equal((await slowCount(handle.reader)).rows[0]!.n, 1_000_000));
  const onMain = await timerTurnsDuring(async () => assert.equal((await slowCount(handle.db)).rows[0]!.n, 1_000_000));
  assert.ok(onReader > 0, `timers ran ${onReader} times during the reader's query`);
  assert.equal(onMain, 0, 'no timer can run while better-sqlite3 runs a query on the main thread');
});

test('the reader sees what the main connection has committed, and each later commit', async (t) => {
  const { handle } = await openWithPool(t);
  await handle.db.insertInto('notes').values({ id: 1, body: 'first' }).execute();
  const read = () => handle.reader.selectFrom('notes').select(['id', 'body']).orderBy('id').execute();
  assert.deepEqual(await read(), [{ id: 1, body: 'first' }]);
  await handle.db.transaction().execute(async (trx) => {
    await trx.updateTable('notes').set({ body: 'changed' }).where('id', '=', 1).execute();
    await trx.insertInto('notes').values({ id: 2, body: 'second' }).execute();
  });
  assert.deepEqual(await read(), [
    { id: 1, body: 'changed' },
    { id: 2, body: 'second' },
  ]);
});

test('queries on the reader come back through the same plugins: snake_case columns as camelCase', async (t) => {
  const { handle } = await openWithPool(t);
  const { rows } = await sql<{ noteCount: number }>`select count(*) as note_count from notes`.execute(handle.reader);
  assert.deepEqual(rows, [{ noteCount: 0 }]);
});

test('a failing query on the reader rejects with SQLite’s error; a write or a transaction on it is refused', async (t) => {
  const { handle } = await openWithPool(t);
  await assert.rejects(
    sql`select * from no_such_table`.execute(handle.reader),
    (err: unknown) => err instanceof SQLite.SqliteError && err.code === 'SQLITE_ERROR' && /no such table/.test(err.message),
  );
  await assert.rejects(handle.reader.insertInto('notes').values({ id: 1, body: 'x' }).execute(), (err: unknown) => err instanceof SQLite.SqliteError && err.code === 'SQLITE_READONLY');
  await assert.rejects(
    handle.reader.transaction().execute(async () => {}),
    /transactions belong on the main connection/,
  );
  // The thread that answered with an error goes on answering.
  assert.deepEqual(await handle.reader.selectFrom('notes').selectAll().execute(), []);
});

test('readerOf gives the pool where it exists, and the handle itself in a transaction, on :memory: and with the pool turned off', async (t) => {
  const { handle } = await openWithPool(t);
  assert.equal(readerOf(handle).db, handle.reader);
  assert.notEqual(handle.reader, handle.db);
  await handle.db.transaction().execute(async (trx) => {
    const inside: DatabaseHandle<Tables> = { ...handle, db: trx };
    assert.equal(readerOf(inside), inside);
  });
  const { handle: off } = await openWithPool(t, 0);
  assert.equal(off.reader, off.db);
  const memory = openDatabase({ kind: 'sqlite', url: ':memory:', readThreads: 2 });
  assert.equal(memory.reader, memory.db);
  await memory.close();
  assert.equal(loadConfig({}).readThreads, 2);
  assert.equal(loadConfig({ ROSTRUM_READ_THREADS: '0' }).readThreads, 0);
  assert.throws(() => loadConfig({ ROSTRUM_READ_THREADS: '-1' }), /ROSTRUM_READ_THREADS/);
});

test('queries beyond the threads wait their turn; a thread that dies takes its query with it as an error, and the next query gets a new thread', async (t) => {
  const { file } = await openWithPool(t);
  const pool = new ReadPool({ file, threads: 2 });
  t.after(() => pool.close());
  const counts = await Promise.all(Array.from({ length: 5 }, (_, i) => pool.run('select ? as n', [i])));
  assert.deepEqual(
    counts.map((c) => c.rows),
    [0, 1, 2, 3, 4].map((n) => [{ n }]),
  );
  assert.equal(pool.size, 2);
  const running = pool.run('with recursive c(n) as (select 1 union all select n + 1 from c where n < 100000000) select count(*) from c', []);
  await pool['threads'].find((thread) => thread.running)!.worker.terminate();
  await assert.rejects(running, /A read thread stopped/);
  assert.equal(pool.size, 1);
  assert.deepEqual((await pool.run('select 7 as n', [])).rows, [{ n: 7 }]);
});

test('close() ends the threads: queries after it are refused, and a process whose work is done exits', async (t) => {
  const { file } = await openWithPool(t);
  const pool = new ReadPool({ file, threads: 2 });
  await Promise.all([pool.run('select 1', []), pool.run('select 2', [])]);
  assert.equal(pool.size, 2);
  await pool.close();
  assert.equal(pool.size, 0);
  await assert.rejects(pool.run('select 1', []), /closed/);

  // In a process of its own: open with a pool, read, close; the process then ends by itself (nothing holds it).
  const connect = path.join(path.dirname(fileURLToPath(import.meta.url)), 'connect.ts');
  const script = `import { openDatabase } from ${JSON.stringify(connect)};
    const handle = openDatabase({ kind: 'sqlite', url: ${JSON.stringify(file)}, readThreads: 2 });
    const rows = await handle.reader.selectFrom('notes').selectAll().execute();
    await handle.close();
    console.log(JSON.stringify(rows));`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  assert.equal(code, 0);
  assert.equal(output.trim(), '[]');
});
