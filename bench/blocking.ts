// The blocking case of the search scenario (issue 13, item 2): does a search hold up the other requests of its
// process? The listing API's p99 alone, then with connections searching beside it, on the same server; on
// SQLite also on a second server with the read pool turned off (ROSTRUM_READ_THREADS=0), in the same run.
import { runLoad, type LoadResult } from './load.ts';
import type { BenchOptions } from './options.ts';
import { startRostrum, type ServerProcess } from './servers.ts';
import { loadConfig } from '../src/config.ts';

/**
 * Connections asking for the listing, and connections searching beside them. Few for the listing: enough of
 * them saturate the server alone, and their p99 is then their own queue, whatever the searches do.
 */
const listingConnections = 2;
const searchingConnections = 10;
const listingPath = '/api/v1/public/articles?limit=10';

export interface BlockingCase {
  /** ROSTRUM_READ_THREADS of the server measured; undefined where it does not apply (PostgreSQL). */
  readThreads: string | undefined;
  alone: LoadResult;
  /** The listing while the searches ran. */
  beside: LoadResult;
  searches: LoadResult;
  /** The listing's p99 beside the searches divided by its p99 alone: 1 is no blocking at all. */
  ratio: number;
}

export interface BlockingReport {
  cases: BlockingCase[];
}

async function measureOn(server: ServerProcess, searchPaths: string[], options: BenchOptions, readThreads: string | undefined): Promise<BlockingCase> {
  const listing = { baseUrl: server.url, paths: [listingPath] };
  const searching = { baseUrl: server.url, paths: searchPaths };
  if (options.warmup > 0) await Promise.all([runLoad(listing, options.warmup, listingConnections), runLoad(searching, options.warmup, searchingConnections)]);
  const alone = await runLoad(listing, options.duration, listingConnections);
  const [beside, searches] = await Promise.all([runLoad(listing, options.duration, listingConnections), runLoad(searching, options.duration, searchingConnections)]);
  return { readThreads, alone, beside, searches, ratio: alone.p99Ms > 0 ? beside.p99Ms / alone.p99Ms : Infinity };
}

/**
 * The blocking case on `server` and, on SQLite, on a server over the same files with the read pool off (the
 * "before"). Both loads come from this process: what they cost it is the same in every case.
 */
export async function measureBlocking(
  server: ServerProcess,
  kind: 'sqlite' | 'postgres',
  dataDir: string,
  env: Record<string, string>,
  searchPaths: string[],
  options: BenchOptions,
): Promise<BlockingReport> {
  const readThreads = kind === 'sqlite' ? (env.ROSTRUM_READ_THREADS ?? String(loadConfig(env).readThreads)) : undefined;
  const cases = [await measureOn(server, searchPaths, options, readThreads)];
  if (kind === 'sqlite') {
    const poolOff = await startRostrum(dataDir, { ...env, ROSTRUM_READ_THREADS: '0' }, 'search-sqlite-no-read-pool');
    try {
      cases.push(await measureOn(poolOff, searchPaths, options, '0'));
    } finally {
      await poolOff.stop();
    }
  }
  return { cases };
}

const ms = (v: number) => v.toFixed(v < 10 ? 2 : 1);

/** The report's lines for each engine's blocking case, and its target (within 2x). */
export function blockingLines(results: Array<{ database: string; blocking?: BlockingReport }>): { lines: string[]; targets: string[] } {
  const measured = results.flatMap((r) => (r.blocking ? r.blocking.cases.map((c) => ({ database: r.database, c })) : []));
  if (measured.length === 0) return { lines: [], targets: [] };
  const label = (database: string, c: BlockingCase) => `${database}${c.readThreads === undefined ? '' : `, ROSTRUM_READ_THREADS=${c.readThreads}`}`;
  return {
    lines: [
      '',
      `Blocking: ${listingPath} p99 with ${listingConnections} connections alone, then with ${searchingConnections} connections searching beside it (same server, same run):`,
      ...measured.map(
        ({ database, c }) =>
          `  ${label(database, c)}: listing p99 ${ms(c.alone.p99Ms)} ms alone, ${ms(c.beside.p99Ms)} ms beside searches (${Math.round(c.beside.requestsPerSecond)} req/s, ` +
          `searches ${Math.round(c.searches.requestsPerSecond)} req/s, p99 ${ms(c.searches.p99Ms)} ms): ${c.ratio.toFixed(2)}x`,
      ),
    ],
    targets: measured
      .filter(({ c }) => c.readThreads !== '0')
      .map(({ database, c }) => `  listing p99 with searches beside it within 2x of alone (${label(database, c)}): ${c.ratio.toFixed(2)}x ${c.ratio <= 2 ? 'met' : 'NOT met'}`),
  };
}
