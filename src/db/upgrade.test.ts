import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { createTestDatabase, databaseKinds, postgresAdminUrl } from '../../test/databases.ts';
import { bearer, sampleJpeg, multipartBody } from '../../test/app.ts';
import { buildApp } from '../app.tsx';
import { loadConfig } from '../config.ts';
import { openDatabase, type DialectName } from './connect.ts';
import { checksumTable, migrateToLatest } from './migrate.ts';
import { migrations, type Db } from '../schema.ts';
import { suggestedTagsJson0016 } from '../articles/migration-0016-places.ts';
import { repairMigrations } from './repair-migrations.ts';

// Databases made by earlier commits of Rostrum; test/fixtures/README.md says how.
const fixtures = path.resolve(import.meta.dirname, '../../test/fixtures/upgrade');
const fixtureTokens = JSON.parse(fs.readFileSync(path.join(fixtures, 'tokens.json'), 'utf8')) as Record<DialectName, string>;

interface FixtureDatabase {
  handle: Db;
  dataDir: string;
  url: string;
  drop(): Promise<void>;
}

/** The SQLite fixture copied to a temporary file, or the PostgreSQL dump loaded into a new database. */
async function openFixture(kind: DialectName): Promise<FixtureDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rostrum-upgrade-'));
  if (kind === 'sqlite') {
    const url = path.join(dataDir, 'rostrum.db');
    fs.writeFileSync(url, gunzipSync(fs.readFileSync(path.join(fixtures, 'sqlite.db.gz'))));
    const handle = openDatabase<any>({ kind, url }) as Db;
    return {
      handle,
      dataDir,
      url: `sqlite:${url}`,
      drop: async () => {
        await handle.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const name = `rostrum_upgrade_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(postgresAdminUrl);
  u.pathname = `/${name}`;
  // A plain pg_dump: SQL that pg runs as one simple query, less psql's \restrict lines (meta-commands, not SQL).
  const dump = gunzipSync(fs.readFileSync(path.join(fixtures, 'postgres.sql.gz')))
    .toString('utf8')
    .replace(/^\\(un)?restrict .*$/gm, '');
  const loader = new pg.Client({ connectionString: u.toString() });
  await loader.connect();
  await loader.query(dump);
  await loader.end();
  const handle = openDatabase<any>({ kind, url: u.toString() }) as Db;
  return {
    handle,
    dataDir,
    url: u.toString(),
    async drop() {
      await handle.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      const c = new pg.Client({ connectionString: postgresAdminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

async function tableNames(db: Kysely<any>, kind: DialectName): Promise<string[]> {
  const { rows } =
    kind === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(db)
      : await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db);
  return rows.map((r) => r.name);
}

async function rowCounts(db: Kysely<any>, kind: DialectName): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await tableNames(db, kind)) {
    const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db);
    counts[table] = Number(rows[0]!.n);
  }
  return counts;
}

/** The schema as a set of lines: every column (type, nullability, default), index, constraint and trigger, in no particular order. */
async function schemaShape(db: Kysely<any>, kind: DialectName): Promise<string[]> {
  const lines: string[] = [];
  if (kind === 'sqlite') {
    for (const table of await tableNames(db, kind)) {
      const { rows } = await sql<{ name: string; type: string; notnull: number; dfltValue: string | null; pk: number }>`
        select name, type, "notnull", dflt_value, pk from pragma_table_info(${table})`.execute(db);
      for (const c of rows) lines.push(`column ${table}.${c.name} ${c.type} notnull=${c.notnull} default=${c.dfltValue} pk=${c.pk}`);
    }
    const { rows } = await sql<{ type: string; name: string; sql: string | null }>`
      select type, name, sql from sqlite_master where type in ('index', 'trigger')`.execute(db);
    for (const o of rows) lines.push(`${o.type} ${o.name} ${o.sql ?? ''}`);
    return lines.sort();
  }
  const columns = await sql<Record<string, string | null>>`
    select table_name, column_name, data_type, character_maximum_length, is_nullable, column_default, is_identity, generation_expression
    from information_schema.columns where table_schema = 'public'`.execute(db);
  for (const c of columns.rows) lines.push(`column ${Object.values(c).join(' ')}`);
  const indexes = await sql<{ indexdef: string }>`select indexdef from pg_indexes where schemaname = 'public'`.execute(db);
  for (const i of indexes.rows) lines.push(`index ${i.indexdef}`);
  const constraints = await sql<{ name: string; def: string }>`
    select conrelid::regclass::text || '.' || conname as name, pg_get_constraintdef(oid) as def from pg_constraint where connamespace = 'public'::regnamespace`.execute(db);
  for (const c of constraints.rows) lines.push(`constraint ${c.name} ${c.def}`);
  return lines.sort();
}

async function hasIndex(db: Kysely<any>, kind: DialectName, name: string): Promise<boolean> {
  const { rows } =
    kind === 'sqlite'
      ? await sql`select 1 from sqlite_master where type = 'index' and name = ${name}`.execute(db)
      : await sql`select 1 from pg_indexes where schemaname = 'public' and indexname = ${name}`.execute(db);
  return rows.length === 1;
}

for (const kind of await databaseKinds()) {
  describe(`upgrading a database made by Rostrum's first commit, ${kind}`, () => {
    test('the repair migration adds what the edited migrations left out, keeps every row, and the site serves it', { timeout: 120_000 }, async () => {
      const fixture = await openFixture(kind);
      const fresh = await createTestDatabase(kind);
      try {
        const db = fixture.handle.db;
        // The fixture is what the finding describes: no variant_widths, neither index.
        await assert.rejects(sql`select variant_widths from media`.execute(db));
        assert.equal(await hasIndex(db, kind, 'articles_featured_idx'), false);
        assert.equal(await hasIndex(db, kind, 'api_tokens_user_idx'), false);
        const before = await rowCounts(db, kind);
        for (const table of [
          'settings',
          'media',
          'media_variants',
          'experts',
          'users',
          'api_tokens',
          'tags',
          'articles',
          'article_tags',
          'portals',
          'portal_articles',
          'polls',
          'poll_options',
          'poll_ballots',
          'poll_choices',
          'poll_vote_windows',
          'sessions',
          'sign_in_failures',
          'user_links',
          'audit_events',
          'article_revisions',
          'search_documents',
          'search_document_tags',
          'glossary_terms',
        ]) {
          assert.ok((before[table] ?? 0) > 0, `the fixture has rows in ${table}`);
        }

        const report = await migrateToLatest(fixture.handle, migrations);
        assert.deepEqual(
          report.applied,
          Object.keys(migrations)
            .filter((name) => name >= '0019')
            .sort(),
          'in the order Kysely applies them: by name',
        );
        // Its migrations predate checksums: each gets one now, and later starts check them.
        const checksums = await sql<{ name: string }>`select name from ${sql.table(checksumTable)} order by name`.execute(db);
        assert.deepEqual(
          checksums.rows.map((r) => r.name),
          Object.keys(migrations).sort(),
        );

        // Repaired: the column, filled from the variants each image has, and both indexes.
        const media = await sql<{ id: number; widths: string }>`select id, variant_widths as widths from media order by id`.execute(db);
        for (const m of media.rows) {
          const variants = await sql<{ width: number }>`select distinct width from media_variants where media_id = ${m.id} order by width`.execute(db);
          assert.equal(m.widths, variants.rows.map((v) => v.width).join(','), `variant_widths of media ${m.id}`);
          assert.notEqual(m.widths, '');
        }
        assert.equal(await hasIndex(db, kind, 'articles_featured_idx'), true);
        assert.equal(await hasIndex(db, kind, 'api_tokens_user_idx'), true);
        // Nothing else differs from a database made by today's migrations.
        assert.deepEqual(await schemaShape(db, kind), await schemaShape(fresh.handle.db, kind));

        // Every row is still there, and what they say.
        const after = await rowCounts(db, kind);
        for (const [table, count] of Object.entries(before)) {
          if (table === 'kysely_migration') assert.equal(after[table], count + report.applied.length);
          // FTS5's own tables hold the index's segments, which 0022 rebuilds: their number of rows is its layout, not
          // data. 0024 drops search_fts with them: search_terms_fts finds the matches since.
          else if (/^search_fts(_|$)/.test(table)) continue;
          // 0022 (SQLite) and 0043 (both: the drafts' index) ask for the search index to be rebuilt, which the app does
          // when it starts: one row, whoever asked.
          else if (table === 'search_state') assert.equal(after[table], count + 1, 'the rebuild 0022 and 0043 ask for');
          else assert.equal(after[table], count, `rows in ${table}`);
        }
        const article = await sql<{ title: string; featured: number; status: string }>`
          select title, featured, status from articles where slug = 'water-before-borders-amu-darya'`.execute(db);
        assert.deepEqual(article.rows, [{ title: 'Water Before Borders: The Amu Darya and the Politics of a New Canal', featured: 1, status: 'published' }]);
        // What 0016 stored when 78c0f6e upgraded this database is what its frozen place detection gives today.
        const texts = await sql<{ title: string; lead: string; body: string; suggested: string }>`
          select title, lead, body_markdown as body, suggested_tags as suggested from articles`.execute(db);
        assert.ok(texts.rows.some((r) => r.suggested !== '[]'));
        for (const row of texts.rows) assert.equal(suggestedTagsJson0016(row), row.suggested, row.title);
        const poll = await sql<{ voters: number }>`select voters from polls where is_current = 1`.execute(db);
        assert.deepEqual(poll.rows, [{ voters: 5 }]);
        const people = await sql<{ email: string; role: string }>`select email, role from users order by id`.execute(db);
        assert.deepEqual(
          people.rows.map((p) => `${p.email} ${p.role}`),
          ['admin@fixture.example admin', 'editor@fixture.example editor', 'author@fixture.example author', 'invited@fixture.example author'],
        );

        // The site starts on it: a fixture article with its images' sources, the author's old token, an upload.
        const config = loadConfig({ DATA_DIR: fixture.dataDir, DATABASE_URL: fixture.url, ROSTRUM_DEMO: '0', PUBLIC_URL: 'http://rostrum.test' });
        const { app } = await buildApp(config, fixture.handle);
        try {
          const page = await app.inject({ url: '/blogs/daniyar-seitkali/water-before-borders-amu-darya' });
          assert.equal(page.statusCode, 200);
          assert.match(page.body, /Water Before Borders/);
          assert.match(page.body, /<source type="image\/avif" srcset="[^"]*\/media\/[0-9a-f]+\/[^"]*\d+w/);
          // Search, its index rebuilt as the app started (0022 asks for it on SQLite), finds the article with a filter.
          const found = await app.inject({ url: '/api/v1/public/search?q=amu%20darya&expert=daniyar-seitkali' });
          assert.equal(found.statusCode, 200, found.body);
          assert.deepEqual(
            found.json().items.map((i: { slug: string }) => i.slug),
            ['water-before-borders-amu-darya'],
          );
          const token = bearer(fixtureTokens[kind]);
          const created = await app.inject({
            method: 'POST',
            url: '/api/v1/articles',
            headers: token,
            payload: { expert: 'ola-fixture', status: 'draft', title: 'Written after the upgrade', lead: 'A lead.', body: 'Kazakhstan, Kazakhstan, Kazakhstan.' },
          });
          assert.equal(created.statusCode, 201, created.body);
          const upload = multipartBody({ name: 'after.jpg', type: 'image/jpeg', bytes: await sampleJpeg(640, 400) }, { alt: 'After the upgrade' });
          const uploaded = await app.inject({ method: 'POST', url: '/api/v1/media', headers: { ...token, ...upload.headers }, payload: upload.payload });
          assert.equal(uploaded.statusCode, 201, uploaded.body);
        } finally {
          await app.close();
        }
      } finally {
        await fresh.drop();
        await fixture.drop();
      }
    });
  });
}

for (const kind of await databaseKinds()) {
  test(`the repair changes nothing on a database that has what it adds, ${kind}`, async () => {
    const fresh = await createTestDatabase(kind);
    try {
      const db = fresh.handle.db;
      const now = new Date().toISOString();
      await sql`insert into media (hash, mime, width, height, variant_widths, created_at, original) values ('f0', 'image/png', 900, 600, '480,800', ${now}, ${Buffer.from('x')})`.execute(db);
      const shape = await schemaShape(db, kind);
      await repairMigrations['0019_repair_edited_migrations']!.up(db);
      assert.deepEqual(await schemaShape(db, kind), shape);
      const { rows } = await sql<{ widths: string }>`select variant_widths as widths from media`.execute(db);
      assert.deepEqual(rows, [{ widths: '480,800' }]);
    } finally {
      await fresh.drop();
    }
  });
}
