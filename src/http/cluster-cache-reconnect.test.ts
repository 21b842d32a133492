// The connection that LISTENs for other processes' content changes, killed on the server as a failover
// or an administrator would: while it is gone this process cannot hear of changes, so it drops its
// cached pages and keeps none; it reconnects, and then a change made elsewhere drops its cache again.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { buildApp } from '../app.tsx';
import { openDatabase } from '../db/connect.ts';
import { announceContentChange } from '../db/notify.ts';
import type { Database } from '../schema.ts';
import { canReachPostgres, createTestDatabase, postgresAdminUrl } from '../../test/databases.ts';
import { createExpert, updateExpert } from '../experts/store.ts';

const reachable = await canReachPostgres();

/** Runs one statement as the administrator, on the maintenance database. */
async function asAdmin<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** The backends of this database that have run LISTEN: the process's listening connection. */
async function listeners(database: string): Promise<number[]> {
  const rows = await asAdmin<{ pid: number }>(`select pid from pg_stat_activity where datname = $1 and query ilike 'LISTEN %'`, [database]);
  return rows.map((r) => r.pid);
}

/**
 * Asks again (the process works in the background) until `check` holds; the test's timeout bounds the
 * wait. Each step is noted, so that a test that times out says where it was waiting.
 */
async function eventually(t: TestContext, what: string, check: () => Promise<boolean>): Promise<void> {
  t.diagnostic(`waiting until ${what}`);
  while (!(await check())) await sleep(50);
}

test(
  "the listening connection lost: the cache is dropped and none kept until it is back; after it reconnects another process's change drops the cache",
  { skip: reachable ? false : 'PostgreSQL is not reachable', timeout: 120_000 },
  async (t) => {
    const db = await createTestDatabase('postgres');
    const database = new URL(db.url).pathname.slice(1);
    const serverHandle = openDatabase<Database>({ kind: 'postgres', url: db.url });
    const { app } = await buildApp(db.config, serverHandle);
    const page = () => app.inject({ url: '/blogs/shared-expert' });
    try {
      const expert = await createExpert(db.handle, { name: 'Shared Expert', bio: 'First biography.' });
      await page();
      assert.equal((await page()).headers['x-cache'], 'hit', 'the page is cached');
      const [listener] = await listeners(database);
      assert.ok(listener, 'the process listens on a connection of its own');

      // No connection to the database is possible for a while, so the listener cannot come back at once.
      await asAdmin(`alter database ${database} allow_connections false`);
      try {
        await asAdmin('select pg_terminate_backend($1)', [listener]);
        await eventually(t, 'the process notices the loss and drops its cached page', async () => (await page()).headers['x-cache'] !== 'hit');
        const deaf = await page();
        assert.equal(deaf.statusCode, 200, deaf.body);
        assert.equal(deaf.headers['x-cache'], undefined, 'while it cannot hear of changes, it keeps no page');
        assert.equal((await page()).headers['x-cache'], undefined);
      } finally {
        await asAdmin(`alter database ${database} allow_connections true`);
      }

      await eventually(t, 'the process listens again', async () => (await listeners(database)).some((pid) => pid !== listener));
      await eventually(t, 'pages are cached again', async () => (await page()).headers['x-cache'] === 'hit');
      assert.match((await page()).body, /First biography/);

      // A change another process makes, and announces as the CLI does.
      await updateExpert(db.handle, expert.id, { bio: 'Second biography.' });
      await announceContentChange(db.handle);
      await eventually(t, "the change drops this process's cached page", async () => (await page()).body.includes('Second biography'));
    } finally {
      await app.close();
      await serverHandle.close();
      await db.drop();
    }
  },
);
