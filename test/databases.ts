import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../src/db/connect.ts';
import { composeCapabilities } from '../src/compose.ts';

// Tests write through stores and commands as the app does: search and media usage are composed in.
composeCapabilities();
import { migrateToLatest } from '../src/db/migrate.ts';
import { migrations, type Database, type Db } from '../src/schema.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { builtPostgresTemplate, builtSqliteFile, createDatabaseFromTemplate, type BuiltContent } from './built-databases.ts';

export const postgresAdminUrl = process.env.DATABASE_URL_TEST ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  kind: 'sqlite' | 'postgres';
  url: string;
  handle: Db;
  config: Config;
  /** The environment that points a `rostrum` command at this database. */
  cliEnv: Record<string, string>;
  drop(): Promise<void>;
}

let postgresReachable: Promise<boolean> | undefined;

/** Whether the test PostgreSQL answers. On CI an unreachable server fails the run instead of skipping. */
export function canReachPostgres(): Promise<boolean> {
  postgresReachable ??= (async () => {
    const client = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.end();
      return true;
    } catch (err) {
      if (process.env.CI) throw new Error(`PostgreSQL is required on CI but cannot be reached at ${postgresAdminUrl}: ${String(err)}`, { cause: err });
      return false;
    }
  })();
  return postgresReachable;
}

export interface TestDatabaseOptions {
  /** Whether to bring the schema up to date (the default); false leaves the database empty. */
  migrate: boolean;
  /** Loads the demo institution too (implies migrate): a copy of one built per run. */
  demo?: boolean;
}

/** Makes a built database's content by the code that makes it in production: migrations, and the demo load. */
async function buildContent(kind: 'sqlite' | 'postgres', url: string, content: BuiltContent): Promise<void> {
  const handle = openDatabase<Database>({ kind, url });
  try {
    await migrateToLatest(handle, migrations);
    if (content === 'demo') {
      const { loadDemoContent } = await import('../src/demo/load.ts');
      await loadDemoContent(handle, { tick() {}, stop() {} });
    }
  } finally {
    await handle.close();
  }
}

/** Puts a copy of a built SQLite file at `target` (in the test's own new folder, so nobody reads it half-copied). */
async function copyBuiltSqlite(content: BuiltContent, target: string): Promise<void> {
  const source = await builtSqliteFile(content, (file) => buildContent('sqlite', file, content));
  fs.copyFileSync(source, target);
}

/**
 * A fresh database of the given kind, migrated unless asked not to: a temporary SQLite file or a new PostgreSQL
 * database. A migrated one is a copy of a database migrated once per schema (a cached file; a template database),
 * which holds exactly what migrating a new one would.
 */
export async function createTestDatabase(kind: 'sqlite' | 'postgres', env: Record<string, string> = {}, options: TestDatabaseOptions = { migrate: true }): Promise<TestDatabase> {
  const name = `rostrum_test_${randomBytes(6).toString('hex')}`;
  const content: BuiltContent | undefined = options.demo ? 'demo' : options.migrate ? 'schema' : undefined;
  let url: string;
  let cleanup: () => Promise<void>;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rostrum-test-'));
  if (kind === 'sqlite') {
    url = path.join(dataDir, 'rostrum.db');
    if (content) await copyBuiltSqlite(content, url);
    cleanup = async () => fs.rmSync(dataDir, { recursive: true, force: true });
  } else {
    if (content) {
      const template = await builtPostgresTemplate(postgresAdminUrl, content, (templateUrl) => buildContent('postgres', templateUrl, content));
      await createDatabaseFromTemplate(postgresAdminUrl, name, template);
    } else {
      const admin = new pg.Client({ connectionString: postgresAdminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
    }
    const u = new URL(postgresAdminUrl);
    u.pathname = `/${name}`;
    url = u.toString();
    cleanup = async () => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      const c = new pg.Client({ connectionString: postgresAdminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const cliEnv = { DATA_DIR: dataDir, DATABASE_URL: kind === 'postgres' ? url : `sqlite:${url}` };
  const config = loadConfig({ ...cliEnv, ROSTRUM_DEMO: '0', PUBLIC_URL: 'http://rostrum.test', ...env });
  // Opened as `rostrum serve` opens it: on SQLite with the read pool (ROSTRUM_READ_THREADS), whose threads start with the first slow read.
  const handle = openDatabase<Database>({ kind, url, readThreads: config.readThreads });
  return {
    kind,
    url,
    handle,
    config,
    cliEnv,
    async drop() {
      await handle.close();
      await cleanup();
    },
  };
}

/** The database kinds to run a store or HTTP test against: SQLite always, PostgreSQL when it answers (always on CI). */
export async function databaseKinds(): Promise<Array<'sqlite' | 'postgres'>> {
  return (await canReachPostgres()) ? ['sqlite', 'postgres'] : ['sqlite'];
}
