import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, CamelCasePlugin } from 'kysely';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { ReadPool, readPoolDialect } from './read-pool.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface DatabaseHandle<DB> {
  db: Kysely<DB>;
  /**
   * For reads that can take more than a millisecond or so (a search, a sitemap, a list of the whole archive):
   * on a SQLite file, the read pool's threads (see read-pool.ts), which see committed data only; elsewhere
   * `db` itself (PostgreSQL's queries never hold the event loop). Use it through readerOf.
   */
  reader: Kysely<DB>;
  dialect: DialectName;
  /** PostgreSQL pool, for LISTEN/NOTIFY; absent on SQLite. */
  pgPool?: pg.Pool;
  /** SQLite's data_version: it changes when another connection (a CLI command, say) commits. */
  dataVersion?: () => number;
  close(): Promise<void>;
}

// PostgreSQL returns bigint and timestamptz as strings and Dates; SQLite stores ISO text and numbers.
// Normalising here keeps one query code path above this folder.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, (v) => new Date(v).toISOString());
pg.types.setTypeParser(pg.types.builtins.TIMESTAMP, (v) => new Date(v + 'Z').toISOString());

/** The plugins every Rostrum Kysely runs with; migration checksums compile with the same (see migrate.ts). */
export const queryPlugins = () => [new CamelCasePlugin()];

export interface OpenOptions {
  kind: DialectName;
  url: string;
  poolSize?: number;
  /**
   * SQLite only. `full` (the default) syncs the write-ahead log at every commit, so an acknowledged vote
   * or save survives a power cut as well as a crash; `normal` syncs only at checkpoints: still
   * consistent after a power cut, but the last commits before it may be gone.
   */
  synchronous?: SqliteSynchronous;
  /** SQLite only: threads of the read pool (`reader`); 0, or a `:memory:` database, runs reads on `db`. */
  readThreads?: number;
}

export type SqliteSynchronous = 'full' | 'normal';

/** A JavaScript function that SQL on SQLite may call (a trigger that indexes, say). */
export interface SqliteFunction {
  name: string;
  deterministic: boolean;
  implementation: (...args: any[]) => unknown;
}

const sqliteFunctions = new Map<string, SqliteFunction>();
const openSqliteConnections = new Set<SQLite.Database>();

const defineOn = (sqlite: SQLite.Database, f: SqliteFunction) => sqlite.function(f.name, { deterministic: f.deterministic }, f.implementation);

/**
 * Makes a function callable from SQL on every SQLite connection this process has open or opens later. A
 * capability that needs one defines it where the capabilities are composed (compose.ts), not here.
 */
export function defineSqliteFunction(f: SqliteFunction): void {
  sqliteFunctions.set(f.name, f);
  for (const sqlite of openSqliteConnections) if (sqlite.open) defineOn(sqlite, f);
}

export function openDatabase<DB>(options: OpenOptions): DatabaseHandle<DB> {
  if (options.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    // An idle client's error (server restart) must not crash the process.
    pool.on('error', () => {});
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins: queryPlugins() });
    return { db, reader: db, dialect: 'postgres', pgPool: pool, close: () => db.destroy() };
  }
  if (options.url !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(options.url)), { recursive: true });
  const sqlite = new SQLite(options.url);
  sqlite.pragma('journal_mode = WAL');
  // A per-connection setting, not stored in the file: every opening sets it.
  sqlite.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  for (const f of sqliteFunctions.values()) defineOn(sqlite, f);
  openSqliteConnections.add(sqlite);
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), plugins: queryPlugins() });
  const dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
  const threads = options.url === ':memory:' ? 0 : (options.readThreads ?? 0);
  const reader = threads > 0 ? new Kysely<DB>({ dialect: readPoolDialect(new ReadPool({ file: options.url, threads })), plugins: queryPlugins() }) : db;
  return {
    db,
    reader,
    dialect: 'sqlite',
    dataVersion: () => dataVersion.get() as number,
    // The readers first: the main connection, closing last, folds the write-ahead log into the file.
    close: async () => {
      if (reader !== db) await reader.destroy();
      openSqliteConnections.delete(sqlite);
      await db.destroy();
    },
  };
}

/**
 * The handle to pass to a read function whose query may be slow: the same handle with `db` being the reader.
 * Only where committed data will do: a request that reads what it has just written uses the handle itself, and
 * inside a transaction the transaction's own connection is the one that sees its work.
 */
export function readerOf<DB>(handle: DatabaseHandle<DB>): DatabaseHandle<DB> {
  return handle.reader === handle.db || handle.db.isTransaction ? handle : { ...handle, db: handle.reader };
}

/**
 * Kysely prepares every statement anew; preparing is a good part of a small query's cost in SQLite.
 * The same SQL text gets the same prepared statement. Safe because better-sqlite3 runs each
 * statement to completion synchronously (Rostrum streams no query results).
 */
function withStatementCache(sqlite: SQLite.Database, maxStatements = 1000) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        if (statements.size >= maxStatements) statements.clear();
        statement = sqlite.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
    close: () => sqlite.close(),
  };
}
