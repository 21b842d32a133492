import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, canReachPostgres } from '../../test/databases.ts';
import { sql } from 'kysely';
import { runCli } from '../../test/cli.ts';

// Skipped, and reported so, where PostgreSQL is not running; on CI canReachPostgres fails the file instead.
const skip = (await canReachPostgres()) ? false : 'PostgreSQL is not reachable';

test('several processes migrating one PostgreSQL database at once apply each migration exactly once', { skip, timeout: 60_000 }, async () => {
  const db = await createTestDatabase('postgres');
  try {
    // createTestDatabase migrated already; start from an empty schema to make the race real.
    await sql`drop schema public cascade`.execute(db.handle.db);
    await sql`create schema public`.execute(db.handle.db);
    const results = await Promise.all([1, 2, 3, 4].map(() => runCli(['migrate'], { DATABASE_URL: db.url })));
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    const applied = results.filter((r) => r.stdout.startsWith('Applied:'));
    assert.equal(applied.length, 1, 'one process applied the migrations, the others found nothing to do');
    const rows = await sql<{ n: number }>`select count(*)::int as n from kysely_migration`.execute(db.handle.db);
    assert.ok(rows.rows[0]!.n >= 7);
  } finally {
    await db.drop();
  }
});
