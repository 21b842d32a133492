import { sql, type Kysely, type Migration } from 'kysely';
import { dialectOf } from './schema-types.ts';

/**
 * Migrations that repair what earlier ones left behind. Each is idempotent: a database made after the
 * fault already has what it adds. Like every migration, it uses only kysely and schema-types.ts.
 */
export const repairMigrations: Record<string, Migration> = {
  // 0002_media (media.variant_widths), 0004_users (api_tokens_user_idx) and 0006_articles
  // (articles_featured_idx) were edited after they shipped; databases made by the first versions lack these.
  '0019_repair_edited_migrations': {
    async up(db: Kysely<any>) {
      if (!(await hasColumn(db, 'media', 'variant_widths'))) {
        await db.schema
          .alterTable('media')
          .addColumn('variant_widths', 'varchar(100)', (c) => c.notNull().defaultTo(''))
          .execute();
      }
      await fillVariantWidths(db);
      await db.schema.createIndex('api_tokens_user_idx').ifNotExists().on('api_tokens').column('user_id').execute();
      await db.schema.createIndex('articles_featured_idx').ifNotExists().on('articles').columns(['featured', 'status', 'published_at']).execute();
    },
  },
};

async function hasColumn(db: Kysely<any>, table: string, column: string): Promise<boolean> {
  const { rows } =
    dialectOf(db) === 'postgres'
      ? await sql`select 1 as found from information_schema.columns where table_schema = current_schema() and table_name = ${table} and column_name = ${column}`.execute(db)
      : await sql`select 1 as found from pragma_table_info(${table}) where name = ${column}`.execute(db);
  return rows.length > 0;
}

/**
 * An image's stored widths, as 0002_media's later version writes them at upload: its variants' distinct
 * widths, ascending, comma-separated. Only images without them (made before the column) are filled.
 */
async function fillVariantWidths(db: Kysely<any>) {
  const { rows } = await sql<{ image: number; width: number }>`
    select distinct v.media_id as image, v.width as width from media_variants v join media m on m.id = v.media_id
    where m.variant_widths = '' order by v.media_id, v.width`.execute(db);
  const widths = new Map<number, number[]>();
  for (const { image, width } of rows) widths.set(Number(image), [...(widths.get(Number(image)) ?? []), Number(width)]);
  for (const [image, list] of widths) {
    await sql`update media set variant_widths = ${list.join(',')} where id = ${image} and variant_widths = ''`.execute(db);
  }
}
