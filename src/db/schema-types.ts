import { sql, type ColumnDataType, type Kysely, PostgresAdapter, type ColumnDefinitionBuilder, type CreateTableBuilder } from 'kysely';
import type { DialectName } from './connect.ts';

/** Which engine a migration runs on, so a migration can pick column types. */
export function dialectOf(db: Kysely<any>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** Column types that differ between the engines; everything else is written once. */
export function columnTypes(db: Kysely<any>) {
  const pg = dialectOf(db) === 'postgres';
  return {
    timestamp: (pg ? 'timestamptz' : 'text') as ColumnDataType,
    binary: (pg ? 'bytea' : 'blob') as ColumnDataType,
  };
}

/** Adds an auto-incrementing integer primary key named id. */
export function withId<T extends string>(db: Kysely<any>, table: CreateTableBuilder<T, never>) {
  if (dialectOf(db) === 'postgres') {
    return table.addColumn('id', 'integer', (c: ColumnDefinitionBuilder) => c.primaryKey().generatedByDefaultAsIdentity());
  }
  return table.addColumn('id', 'integer', (c: ColumnDefinitionBuilder) => c.primaryKey().autoIncrement());
}

export const nowSql = sql`CURRENT_TIMESTAMP`;
