import { createHash } from 'node:crypto';
import {
  Kysely,
  Migrator,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Migration,
  type MigrationProvider,
  type QueryResult,
} from 'kysely';
import { lockKeys, withAdvisoryLock } from './lock.ts';
import { queryPlugins, type DatabaseHandle, type DialectName } from './connect.ts';

class ListProvider implements MigrationProvider {
  constructor(private readonly migrations: Record<string, Migration>) {}
  async getMigrations() {
    return this.migrations;
  }
}

export interface MigrationReport {
  applied: string[];
}

/** Where each applied migration's checksum is kept, beside Kysely's own kysely_migration. */
export const checksumTable = 'migration_checksums';

/** An applied migration that is no longer what was applied: the database and the code disagree on its schema. */
export class MigrationChangedError extends Error {
  constructor(readonly names: string[]) {
    super(
      `${names.length === 1 ? `Migration ${names[0]} has` : `Migrations ${names.join(', ')} have`} changed since ${names.length === 1 ? 'it was' : 'they were'} applied to this database. ` +
        'Applied migrations must never change: restore the original and make the change in a new migration. ' +
        `If only its SQL text changed (after an upgrade of Kysely, say), check that and run: rostrum migrate --accept-changed ${names[0]}. ` +
        'Rostrum does not start on this database until then.',
    );
    this.name = 'MigrationChangedError';
  }
}

/**
 * Brings the schema up to date, after making sure that no migration this database has applied has
 * changed since (see migrationChecksums). On PostgreSQL a session advisory lock serialises processes
 * that start together, so exactly one applies each migration and the others wait and find nothing to do.
 */
export async function migrateToLatest<DB>(handle: DatabaseHandle<DB>, migrations: Record<string, Migration>): Promise<MigrationReport> {
  const db = handle.db as unknown as Kysely<any>;
  return withAdvisoryLock(handle, lockKeys.migrations, async () => {
    const checksums = await migrationChecksums(handle.dialect, migrations);
    const recorded = await recordedChecksums(db);
    const applied = await appliedMigrations(db);
    const changed = applied.filter((name) => recorded.has(name) && checksums[name] !== undefined && recorded.get(name) !== checksums[name]);
    if (changed.length) throw new MigrationChangedError(changed);

    const migrator = new Migrator({ db, provider: new ListProvider(migrations) });
    const { error, results } = await migrator.migrateToLatest();
    if (error) throw error instanceof Error ? error : new Error(String(error));
    // The migrations just applied get their checksums, and so do those applied before checksums were kept
    // (at the first start of this version), as they stand now: what they were when applied is not known.
    const unrecorded = (await appliedMigrations(db)).filter((name) => !recorded.has(name) && checksums[name] !== undefined);
    for (const name of unrecorded) {
      await db
        .insertInto(checksumTable)
        .values({ name, checksum: checksums[name] })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
    }
    return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
  });
}

/** The checksums recorded for this database's applied migrations; the table is made at the first start that keeps them. */
async function recordedChecksums(db: Kysely<any>): Promise<Map<string, string>> {
  await db.schema
    .createTable(checksumTable)
    .ifNotExists()
    .addColumn('name', 'varchar(255)', (c) => c.primaryKey())
    .addColumn('checksum', 'varchar(64)', (c) => c.notNull())
    .execute();
  return new Map((await db.selectFrom(checksumTable).select(['name', 'checksum']).execute()).map((r) => [r.name as string, r.checksum as string]));
}

/** Why `rostrum migrate --accept-changed` refuses: the migration is not one this code carries, or not applied here. */
export class CannotAcceptMigrationError extends Error {
  override name = 'CannotAcceptMigrationError';
}

export interface AcceptedMigration {
  name: string;
  /** The checksum recorded before, if any. */
  previous: string | undefined;
  /** The checksum recorded now: the migration as this code issues it. */
  current: string;
}

/**
 * The way out of MigrationChangedError when a migration's statements changed but its schema did not (a
 * Kysely release that compiles the same schema into other SQL text, say): once the operator has checked
 * that the migration as this code carries it made the schema the database has, its current checksum is
 * recorded in place of the one applied. One migration at a time, named, and only one this database has applied.
 */
export async function acceptChangedMigration<DB>(handle: DatabaseHandle<DB>, migrations: Record<string, Migration>, name: string): Promise<AcceptedMigration> {
  const db = handle.db as unknown as Kysely<any>;
  if (!(name in migrations)) throw new CannotAcceptMigrationError(`There is no migration ${name} in this version of Rostrum.`);
  return withAdvisoryLock(handle, lockKeys.migrations, async () => {
    const current = (await migrationChecksums(handle.dialect, { [name]: migrations[name]! }))[name]!;
    const recorded = await recordedChecksums(db);
    if (!(await appliedMigrations(db)).includes(name)) throw new CannotAcceptMigrationError(`This database has not applied migration ${name}: there is nothing to accept.`);
    await db
      .insertInto(checksumTable)
      .values({ name, checksum: current })
      .onConflict((oc) => oc.column('name').doUpdateSet({ checksum: current }))
      .execute();
    return { name, previous: recorded.get(name), current };
  });
}

async function appliedMigrations(db: Kysely<any>): Promise<string[]> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((t) => t.name === 'kysely_migration')) return [];
  return (await db.selectFrom('kysely_migration').select('name').orderBy('name').execute()).map((r) => r.name as string);
}

/**
 * Each migration's checksum: a SHA-256 of the statements it issues (SQL and parameters, compiled for this
 * engine) when run against a recording connection that answers every query with no rows. The server
 * runs from an esbuild bundle and the tests from tsx, so the functions' source text differs between the
 * two; the statements do not. A migration must therefore issue the same statements each time it runs on
 * an empty database (no clock or randomness in them). What a migration does with rows it reads is not
 * in its checksum, which is why a migration keeps such logic frozen in its own module.
 */
export function migrationChecksums(kind: DialectName, migrations: Record<string, Migration>): Promise<Record<string, string>> {
  // Tests migrate many databases with the one list in a process: record it once per engine.
  const cached = checksumCache.get(migrations) ?? new Map<DialectName, Promise<Record<string, string>>>();
  checksumCache.set(migrations, cached);
  let checksums = cached.get(kind);
  if (!checksums) {
    checksums = computeChecksums(kind, migrations);
    checksums.catch(() => cached.delete(kind));
    cached.set(kind, checksums);
  }
  return checksums;
}

const checksumCache = new WeakMap<Record<string, Migration>, Map<DialectName, Promise<Record<string, string>>>>();

async function computeChecksums(kind: DialectName, migrations: Record<string, Migration>): Promise<Record<string, string>> {
  const checksums: Record<string, string> = {};
  for (const [name, migration] of Object.entries(migrations)) {
    const statements: string[] = [];
    const recorder = new Kysely<any>({ dialect: recordingDialect(kind, statements), plugins: queryPlugins() });
    await migration.up(recorder);
    await recorder.destroy();
    checksums[name] = createHash('sha256').update(statements.join('\n')).digest('hex');
  }
  return checksums;
}

const asJson = (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value);

class RecordingConnection implements DatabaseConnection {
  constructor(private readonly statements: string[]) {}
  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    this.statements.push(JSON.stringify([query.sql, query.parameters], asJson));
    return { rows: [] };
  }
  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('A migration cannot stream query results');
  }
}

class RecordingDriver implements Driver {
  private readonly connection: RecordingConnection;
  constructor(statements: string[]) {
    this.connection = new RecordingConnection(statements);
  }
  async init() {}
  async acquireConnection() {
    return this.connection;
  }
  async beginTransaction() {}
  async commitTransaction() {}
  async rollbackTransaction() {}
  async releaseConnection() {}
  async destroy() {}
}

/** The engine's own adapter and compiler, so that migrations see the engine they expect; queries go to the recorder. */
function recordingDialect(kind: DialectName, statements: string[]): Dialect {
  const postgres = kind === 'postgres';
  return {
    createAdapter: () => (postgres ? new PostgresAdapter() : new SqliteAdapter()),
    createDriver: () => new RecordingDriver(statements),
    createQueryCompiler: () => (postgres ? new PostgresQueryCompiler() : new SqliteQueryCompiler()),
    createIntrospector: (db) => (postgres ? new PostgresIntrospector(db) : new SqliteIntrospector(db)),
  };
}
