import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { canReachPostgres, createTestDatabase, type TestDatabase } from '../../test/databases.ts';
import { openDatabase } from '../db/connect.ts';
import type { Database, Db } from '../schema.ts';
import { createExpert } from '../experts/store.ts';
import { createArticle } from '../articles/store.ts';
import { ensureTag } from '../tags/store.ts';
import { searchArticles } from './search.ts';

// Skipped, and reported so, where PostgreSQL is not running; on CI canReachPostgres fails the file instead.
const skip = (await canReachPostgres()) ? false : 'PostgreSQL is not reachable';

let source: TestDatabase;
let restored: { url: string; handle: Db } | undefined;
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rostrum-restore-'));

before(async () => {
  if (skip) return;
  source = await createTestDatabase('postgres');
});

after(async () => {
  await restored?.handle.close();
  if (restored) execFileSync('psql', [source.url.replace(/\/[^/]+$/, '/postgres'), '-qc', `drop database if exists ${new URL(restored.url).pathname.slice(1)} with (force)`]);
  await source?.drop();
  fs.rmSync(folder, { recursive: true, force: true });
});

// The README's backup is pg_dump, read back with psql. The output sets an empty search_path, and the search
// vectors are generated columns, recomputed by the restore through the search functions of migration 0023.
test('a pg_dump of a site with search documents restores with psql, and its search answers', { skip }, async () => {
  const expert = await createExpert(source.handle, { name: 'Maren Holt' });
  const tag = await ensureTag(source.handle, 'Arctic shipping');
  const article = await createArticle(source.handle, {
    expertId: expert.id,
    title: 'Icebreakers and insurers',
    lead: 'Who pays when the northern route closes.',
    bodyMarkdown: 'The convoy season shortened twice in a decade, and the insurers noticed.',
    status: 'published',
    publishedAt: '2024-05-02T08:00:00.000Z',
    tagIds: [tag.id],
  });
  const dump = path.join(folder, 'site.sql');
  execFileSync('pg_dump', ['--no-owner', '--file', dump, source.url]);
  const name = `${new URL(source.url).pathname.slice(1)}_restored`;
  const admin = source.url.replace(/\/[^/]+$/, '/postgres');
  execFileSync('psql', [admin, '-qc', `create database ${name}`]);
  const url = source.url.replace(/\/[^/]+$/, `/${name}`);
  restored = { url, handle: openDatabase<Database>({ kind: 'postgres', url }) };
  execFileSync('psql', ['--set', 'ON_ERROR_STOP=1', '-q', '--file', dump, url], { stdio: ['ignore', 'ignore', 'pipe'] });

  const counted = await restored.handle.db
    .selectFrom('searchDocuments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  assert.equal(Number(counted.n), 1, 'the search document came back');
  const found = await searchArticles(restored.handle, { query: '"convoy season"', filters: { tagIds: [tag.id], expertId: expert.id } });
  assert.deepEqual(
    found.items.map((i) => i.articleId),
    [article.id],
  );
});
