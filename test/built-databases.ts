// Databases that many tests start from (the migrated schema, the demo institution) are built once and
// copied: a SQLite file in a cache directory, a PostgreSQL template database. Building the demo costs
// about 15 s and migrating a PostgreSQL database several; copying either costs well under one.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What a built database holds: the migrated schema alone, or the demo institution loaded into it. */
export type BuiltContent = 'schema' | 'demo';

/** The sources each kind of content is made by; their relative imports are followed from here. */
const entryFiles: Record<BuiltContent, string[]> = {
  schema: ['src/schema.ts', 'src/db/migrate.ts', 'src/db/connect.ts'],
  // The demo is written through the commands, with what the composition adds (the search index).
  demo: ['src/schema.ts', 'src/db/migrate.ts', 'src/db/connect.ts', 'src/compose.ts', 'src/demo/load.ts'],
};

const relativeImport = /(?:\bfrom|\bimport)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

/**
 * A hash of the files a database is built from: the entry files and every file they reach through relative
 * imports, static or dynamic, and the installed packages' versions. Any change to them builds anew.
 */
function sourceHash(entries: string[]): string {
  const hash = createHash('sha256');
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !fs.existsSync(file)) return;
    seen.add(file);
    const text = fs.readFileSync(file, 'utf8');
    hash.update(path.relative(root, file)).update('\0').update(text).update('\0');
    for (const match of text.matchAll(relativeImport)) visit(path.resolve(path.dirname(file), match[1]!));
  };
  for (const entry of entries) visit(path.join(root, entry));
  hash.update(fs.readFileSync(path.join(root, 'package-lock.json')));
  return hash.digest('hex').slice(0, 16);
}

const hashes = new Map<BuiltContent, string>();

/**
 * The name of a build of `content` as the sources are now. The demo's ballots are dated up to the moment it
 * is loaded, so a demo build is also one day's: tests never read a poll whose votes stopped days ago.
 */
export function buildKey(content: BuiltContent): string {
  if (!hashes.has(content)) hashes.set(content, sourceHash(entryFiles[content]));
  const hash = hashes.get(content)!;
  return content === 'demo' ? `${content}_${hash}_${new Date().toISOString().slice(0, 10).replaceAll('-', '')}` : `${content}_${hash}`;
}

/** Where built SQLite files are kept: ROSTRUM_TEST_CACHE, or a folder in the system's temporary directory. */
export function cacheDirectory(): string {
  const dir = process.env.ROSTRUM_TEST_CACHE ?? path.join(os.tmpdir(), 'rostrum-test-cache');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock whose builder died, or one left empty (its builder died before writing its pid) for a while. */
function lockIsAbandoned(lock: string): boolean {
  try {
    const owner = Number(fs.readFileSync(lock, 'utf8'));
    return owner ? !isAlive(owner) : Date.now() - fs.statSync(lock).mtimeMs > 10_000;
  } catch {
    return false; // gone already: the next round looks again
  }
}

/**
 * The path of a SQLite file holding `content`, built by `build(path)` unless a file of the same key exists.
 * Test files run in parallel processes: a lock file (holding the builder's pid, so a builder that died is
 * noticed) makes exactly one build it while the others wait. The file is written beside its final name
 * and renamed into place, so nobody copies half a build.
 */
export async function builtSqliteFile(content: BuiltContent, build: (file: string) => Promise<void>): Promise<string> {
  const dir = cacheDirectory();
  const file = path.join(dir, `${buildKey(content)}.db`);
  const lock = `${file}.lock`;
  for (;;) {
    if (fs.existsSync(file)) return file;
    let fd: number | undefined;
    try {
      fd = fs.openSync(lock, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (fd === undefined) {
      if (lockIsAbandoned(lock)) fs.rmSync(lock, { force: true });
      else await pause(200);
      continue;
    }
    try {
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      if (fs.existsSync(file)) return file;
      const partial = `${file}.${process.pid}.partial`;
      fs.rmSync(partial, { force: true });
      await build(partial);
      fs.renameSync(partial, file);
      removeStaleBuilds(dir);
      return file;
    } finally {
      fs.rmSync(lock, { force: true });
    }
  }
}

/** Builds older than two days are of sources long changed: they go when a new one is made. */
function removeStaleBuilds(dir: string) {
  const old = Date.now() - 2 * 86_400_000;
  for (const name of fs.readdirSync(dir)) {
    const full = path.join(dir, name);
    if (/\.db$/.test(name) && fs.statSync(full).mtimeMs < old) fs.rmSync(full, { force: true });
  }
}

/** A stable 64-bit advisory lock key for a name, as two 32-bit halves. */
function lockKeyOf(name: string): [number, number] {
  const digest = createHash('sha256').update(name).digest();
  return [digest.readInt32BE(0), digest.readInt32BE(4)];
}

const databaseExists = async (admin: pg.Client, name: string) => (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;

/**
 * The name of a PostgreSQL template database holding `content`, built by `build(url)` unless it exists.
 * Concurrent test processes serialise on an advisory lock named after the template; the build happens in a
 * database of another name, renamed when complete, so a template that exists is always a whole one.
 */
export async function builtPostgresTemplate(adminUrl: string, content: BuiltContent, build: (url: string) => Promise<void>): Promise<string> {
  const name = `rostrum_template_${buildKey(content)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    if (await databaseExists(admin, name)) return name;
    const [high, low] = lockKeyOf(name);
    await admin.query('select pg_advisory_lock($1, $2)', [high, low]);
    try {
      if (await databaseExists(admin, name)) return name;
      const building = `rostrum_building_${process.pid}_${Date.now()}`;
      await admin.query(`CREATE DATABASE ${building}`);
      try {
        const url = new URL(adminUrl);
        url.pathname = `/${building}`;
        await build(url.toString());
        await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
      } catch (err) {
        await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
        throw err;
      }
      return name;
    } finally {
      await admin.query('select pg_advisory_unlock($1, $2)', [high, low]);
    }
  } finally {
    await admin.end();
  }
}

/**
 * Creates a database as a copy of a template. PostgreSQL refuses while anyone else is connected to the
 * template (code 55006); nobody stays connected to ours, so a moment later it succeeds.
 */
export async function createDatabaseFromTemplate(adminUrl: string, name: string, template: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
        return;
      } catch (err) {
        if ((err as { code?: string }).code !== '55006' || attempt >= 50) throw err;
        await pause(100);
      }
    }
  } finally {
    await admin.end();
  }
}
