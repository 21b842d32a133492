import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase, databaseKinds } from '../../test/databases.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { migrations } from '../schema.ts';
import { nowIso } from '../db/time.ts';

for (const kind of await databaseKinds()) {
  describe(`place suggestions on upgrade, ${kind}`, () => {
    test('articles written before suggestions existed get theirs when the site is upgraded', async () => {
      const t = await createTestDatabase(kind, {}, { migrate: false });
      try {
        await migrateToLatest(t.handle, Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0016')));
        const now = nowIso();
        await sql`insert into experts (slug, name, position, affiliation, bio, created_at, updated_at) values ('old-hand', 'Old Hand', '', '', '', ${now}, ${now})`.execute(t.handle.db);
        const body = 'Kazakhstan and Uzbekistan share the Syr Darya. Kazakhstan upstream, Uzbekistan downstream; Kyrgyzstan holds the dams.';
        await sql`insert into articles (expert_id, slug, title, lead, body_markdown, body_html, status, created_at, updated_at)
          select id, 'water', 'Water in Central Asia', 'Rivers cross borders.', ${body}, '<p>x</p>', 'draft', ${now}, ${now} from experts`.execute(t.handle.db);
        await migrateToLatest(t.handle, migrations);
        const { rows } = await sql<{ tags: string }>`select suggested_tags as tags from articles`.execute(t.handle.db);
        const slugs = (JSON.parse(rows[0]!.tags) as Array<{ slug: string }>).map((s) => s.slug);
        assert.ok(slugs.includes('central-asia'), slugs.join(', '));
        assert.ok(slugs.includes('kazakhstan'), slugs.join(', '));
      } finally {
        await t.drop();
      }
    });
  });
}
