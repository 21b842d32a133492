import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createTestDatabase, canReachPostgres, databaseKinds } from '../../test/databases.ts';
import { sql, type Kysely, type Migration } from 'kysely';
import { runCli } from '../../test/cli.ts';
import { checksumTable, MigrationChangedError, migrateToLatest, migrationChecksums } from './migrate.ts';
import { migrations } from '../schema.ts';

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

for (const kind of await databaseKinds()) {
  describe(`migration checksums, ${kind}`, () => {
    /** 0005_tags as it might be edited after shipping: one more column. */
    const withEditedTags = (): Record<string, Migration> => ({
      ...migrations,
      '0005_tags': {
        async up(db: Kysely<any>) {
          await migrations['0005_tags']!.up(db);
          await db.schema.alterTable('tags').addColumn('colour', 'varchar(20)').execute();
        },
      },
    });

    test('a migration changed after it was applied stops the start, naming it, and changes nothing', async () => {
      const db = await createTestDatabase(kind);
      try {
        await assert.rejects(migrateToLatest(db.handle, withEditedTags()), (err: Error) => {
          assert.ok(err instanceof MigrationChangedError);
          assert.match(err.message, /^Migration 0005_tags has changed since it was applied to this database\. Applied migrations must never change/);
          return true;
        });
        const columns = (await db.handle.db.introspection.getTables()).find((t) => t.name === 'tags')!.columns.map((c) => c.name);
        assert.ok(!columns.includes('colour'));
        assert.deepEqual(await migrateToLatest(db.handle, migrations), { applied: [] }, 'the unchanged migrations start as before');
      } finally {
        await db.drop();
      }
    });

    test('rostrum serve refuses to start on a database whose applied migration has changed, and says which', { timeout: 120_000 }, async () => {
      const db = await createTestDatabase(kind);
      try {
        // As if the database had applied another 0005_tags than the one this code carries.
        await sql`update ${sql.table(checksumTable)} set checksum = ${'0'.repeat(64)} where name = '0005_tags'`.execute(db.handle.db);
        const result = await runCli(['serve'], { ...db.cliEnv, ROSTRUM_DEMO: '0', PORT: '0' });
        assert.equal(result.code, 1);
        assert.match(result.stderr, /^rostrum: Migration 0005_tags has changed since it was applied to this database\. .*Rostrum does not start on this database until then\.\n$/);
      } finally {
        await db.drop();
      }
    });

    test('rostrum migrate --accept-changed NAME records the checksum this version computes for that applied migration, audited, and the site starts again', { timeout: 120_000 }, async () => {
      const db = await createTestDatabase(kind);
      try {
        // As if a Kysely upgrade compiled 0005_tags' unchanged schema into other SQL text.
        await sql`update ${sql.table(checksumTable)} set checksum = ${'0'.repeat(64)} where name = '0005_tags'`.execute(db.handle.db);
        assert.equal((await runCli(['migrate'], db.cliEnv)).code, 1, 'refused before');
        for (const [name, message] of [
          ['0099_nothing', /^rostrum: There is no migration 0099_nothing in this version of Rostrum\.\n$/],
          ['tags; drop', /^rostrum: --accept-changed must name a migration, such as 0005_tags\n$/],
        ] as const) {
          const refused = await runCli(['migrate', '--accept-changed', name], db.cliEnv);
          assert.equal(refused.code, 2, refused.stderr);
          assert.match(refused.stderr, message);
        }

        const current = (await migrationChecksums(kind, migrations))['0005_tags']!;
        const result = await runCli(['migrate', '--accept-changed', '0005_tags'], db.cliEnv);
        assert.equal(result.code, 0, result.stderr);
        assert.equal(result.stdout, `Migration 0005_tags is now recorded as this version has it (checksum 000000000000 replaced by ${current.slice(0, 12)}).\nThe schema is up to date.\n`);
        const { rows } = await sql<{ checksum: string }>`select checksum from ${sql.table(checksumTable)} where name = '0005_tags'`.execute(db.handle.db);
        assert.deepEqual(rows, [{ checksum: current }]);
        const audited = await db.handle.db.selectFrom('auditEvents').select(['action', 'actorLabel', 'subjectLabel', 'detail']).where('action', '=', 'migration.accept_changed').execute();
        assert.deepEqual(audited, [
          {
            action: 'migration.accept_changed',
            actorLabel: 'command line: rostrum migrate --accept-changed',
            subjectLabel: 'migration 0005_tags',
            detail: `from the command line; checksum 000000000000 replaced by ${current.slice(0, 12)}`,
          },
        ]);
        assert.deepEqual(await migrateToLatest(db.handle, migrations), { applied: [] }, 'it starts again');

        const again = await runCli(['migrate', '--accept-changed', '0005_tags'], db.cliEnv);
        assert.equal(again.stdout, 'Migration 0005_tags is recorded as this version has it already; nothing was changed.\nThe schema is up to date.\n');
      } finally {
        await db.drop();
      }
    });

    test('a database migrated before checksums were kept gets them at its next start, and is guarded from then on', async () => {
      const db = await createTestDatabase(kind);
      try {
        await sql`drop table ${sql.table(checksumTable)}`.execute(db.handle.db);
        assert.deepEqual(await migrateToLatest(db.handle, migrations), { applied: [] });
        const { rows } = await sql<{ name: string }>`select name from ${sql.table(checksumTable)} order by name`.execute(db.handle.db);
        assert.deepEqual(
          rows.map((r) => r.name),
          Object.keys(migrations).sort(),
        );
        await assert.rejects(migrateToLatest(db.handle, withEditedTags()), MigrationChangedError);
      } finally {
        await db.drop();
      }
    });
  });
}

test('a checksum depends on the statements a migration issues, not on how its function is written', async () => {
  for (const kind of ['sqlite', 'postgres'] as const) {
    const rewritten = { '0005_tags': { up: (db: Kysely<any>) => migrations['0005_tags']!.up(db) } };
    const [original, same] = await Promise.all([migrationChecksums(kind, { '0005_tags': migrations['0005_tags']! }), migrationChecksums(kind, rewritten)]);
    assert.equal(same['0005_tags'], original['0005_tags']);
    const other = await migrationChecksums(kind, { '0005_tags': migrations['0001_site_settings']! });
    assert.notEqual(other['0005_tags'], original['0005_tags']);
  }
});

test('recording the checksums, as every start does, loads none of the packages a migration needs for rows (sharp)', { timeout: 60_000 }, async () => {
  // A child process, since this one may have loaded sharp for other tests. sharp is a native library:
  // once loaded, libvips is among the process's shared objects.
  const script = `
    const { migrationChecksums } = await import('./src/db/migrate.ts');
    const { migrations } = await import('./src/schema.ts');
    for (const kind of ['sqlite', 'postgres']) await migrationChecksums(kind, migrations);
    console.log(JSON.stringify(process.report.getReport().sharedObjects.filter((p) => /vips|sharp/.test(p))));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: path.resolve(import.meta.dirname, '../..') });
  assert.deepEqual(JSON.parse(stdout), []);
});

test('the migrations that have shipped are as they shipped (append-only; new ones go into test/fixtures/migration-checksums.json)', async () => {
  const shipped = JSON.parse(fs.readFileSync(new URL('../../test/fixtures/migration-checksums.json', import.meta.url), 'utf8')) as Record<'sqlite' | 'postgres', Record<string, string>>;
  for (const kind of ['sqlite', 'postgres'] as const) {
    const now = await migrationChecksums(kind, migrations);
    for (const [name, checksum] of Object.entries(shipped[kind])) {
      assert.ok(name in now, `migration ${name} has shipped and cannot be removed`);
      assert.equal(now[name], checksum, `migration ${name} has changed on ${kind} since it shipped: restore it and make the change in a new migration`);
    }
  }
});

/**
 * Packages outside Rostrum that a migration may import because it needs what they do, not what Rostrum does
 * with them (0020 re-encodes stored originals with sharp). Each is named here, on purpose: anything else a
 * migration imports is live code whose changes would change what the migration does.
 */
const packagesMigrationsMayImport = new Set(['kysely', 'sharp']);

test('migrations are self-contained: they import kysely, schema-types.ts, frozen modules of their own (migration-*.ts) and the named packages they need, never live code', () => {
  const src = path.resolve(import.meta.dirname, '..');
  const migrationFiles = fs
    .readdirSync(src, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() && fs.existsSync(path.join(src, d.name, 'migrations.ts')) ? [path.join(src, d.name, 'migrations.ts')] : []));
  migrationFiles.push(path.join(src, 'db', 'repair-migrations.ts'));
  const allowed = (file: string, spec: string) => {
    if (packagesMigrationsMayImport.has(spec)) return true;
    const target = path.resolve(path.dirname(file), spec);
    return target === path.join(src, 'db', 'schema-types.ts') || path.basename(target).startsWith('migration-');
  };
  const problems: string[] = [];
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = fs.readFileSync(file, 'utf8');
    // Type-only imports leave nothing at run time.
    for (const match of text.matchAll(/^(?:import|export)(?!\s+type\s)[^;]*?\sfrom\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/gm)) {
      const spec = match[1] ?? match[2]!;
      if (!allowed(file, spec)) problems.push(`${path.relative(src, file)} imports ${spec}`);
      else if (spec.startsWith('.') && path.basename(spec).startsWith('migration-')) visit(path.resolve(path.dirname(file), spec));
    }
  };
  for (const file of migrationFiles) visit(file);
  assert.ok(migrationFiles.length >= 12);
  assert.deepEqual(problems, []);
});
