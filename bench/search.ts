// The search scenario: a large corpus on SQLite and on PostgreSQL, its index built in bulk, then
// autocannon cycling through realistic queries against GET /api/v1/public/search, with the article
// listing API on the same server as the reference measured in the same run.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../src/schema.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { migrations } from '../src/schema.ts';
import { rebuildSearchIndex } from '../src/search/documents.ts';
import { buildCorpus, placeCount, placeName } from './corpus.ts';
import type { BenchOptions } from './options.ts';
import { runLoad, percentile, type LoadResult } from './load.ts';
import { cpuSeconds, killAllChildren, residentMemory, startRostrum, type ServerProcess } from './servers.ts';
import { postgresAnswers, postgresDatabase, sqliteDatabase, type VoteDatabase } from './votes.ts';
import { measureBlocking, type BlockingReport } from './blocking.ts';

export interface SearchEngineResult {
  database: 'sqlite' | 'postgres';
  corpusSeconds: number;
  indexSeconds: number;
  databaseBytes: number;
  reference: LoadResult;
  search: LoadResult;
  /** Search requests/s divided by the listing's. */
  ratioToListing: number;
  cpuUsPerSearch: number | undefined;
  serverRssBytes: number | undefined;
  /** Each query alone, one request at a time: which shapes are slow. */
  queries: Array<{ query: string; total: number; medianMs: number }>;
  /** Whether searches hold up the listing API on the same server (issue 13, item 2). */
  blocking: BlockingReport;
}

export interface SearchReport {
  articles: number;
  experts: number;
  queries: string[];
  results: SearchEngineResult[];
  skipped: string[];
}

const log = (message: string) => process.stderr.write(message + '\n');
const pendingDrops = new Set<() => Promise<void>>();

/** Kills the search servers and drops their databases; for a run that is being stopped. */
export async function abortSearch(): Promise<void> {
  killAllChildren();
  await Promise.allSettled([...pendingDrops].map((drop) => drop()));
}

/** What readers type, in the shapes that cost differently: common and rare words, phrases, pairs, filters. */
function searchQueries(expertSlug: string): string[] {
  const place = (i: number) => placeName(Math.min(i, placeCount - 1)).toLowerCase();
  const q = (params: Record<string, string>) => `/api/v1/public/search?${new URLSearchParams(params)}`;
  return [
    q({ q: 'inflation' }),
    q({ q: 'pipeline' }),
    q({ q: 'sanctioned' }),
    q({ q: 'drought' }),
    q({ q: place(3) }),
    q({ q: place(40) }),
    q({ q: place(900) }),
    q({ q: place(2500) }),
    q({ q: place(4000) }),
    q({ q: '"fiscal policy"' }),
    q({ q: '"coastal railway"' }),
    q({ q: `"observers in ${place(12)}"` }),
    q({ q: 'tariff harvest' }),
    q({ q: 'ceasefire negotiation' }),
    q({ q: `${place(150)} corridor` }),
    q({ q: 'pension reform -election' }),
    q({ q: 'policy', tag: 'energy' }),
    q({ q: 'inflation', expert: expertSlug }),
    q({ q: 'pipeline', from: '2024-01-01', to: '2024-06-30' }),
    q({ q: 'sanction', sort: 'date' }),
    q({ q: 'regulator', page: '3' }),
    q({ q: 'zeppelin' }),
  ];
}

function sqliteFiles(dataDir: string): number {
  return fs
    .readdirSync(dataDir)
    .filter((f) => f.startsWith('rostrum.db'))
    .reduce((sum, f) => sum + fs.statSync(path.join(dataDir, f)).size, 0);
}

async function databaseBytes(database: VoteDatabase, handle: Db, dataDir: string): Promise<number> {
  if (database.kind === 'sqlite') return sqliteFiles(dataDir);
  const { rows } = await sql<{ bytes: number }>`select pg_database_size(current_database()) as bytes`.execute(handle.db);
  return Number(rows[0]!.bytes);
}

/** Fills the database in bulk (rows, not the API), then builds the index in one pass, timing each. */
async function prepare(database: VoteDatabase, options: BenchOptions, dataDir: string) {
  const handle = database.open();
  try {
    await migrateToLatest(handle, migrations);
    let started = performance.now();
    const corpus = await buildCorpus(handle, { articles: options.searchArticles, experts: options.experts });
    const corpusSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const indexed = await rebuildSearchIndex(handle);
    const indexSeconds = (performance.now() - started) / 1000;
    log(`${database.kind}: corpus in ${corpusSeconds.toFixed(1)} s, ${indexed} articles indexed in ${indexSeconds.toFixed(1)} s`);
    // The server starts on settled files: SQLite's write-ahead log folded in, PostgreSQL's statistics fresh.
    await (database.kind === 'sqlite' ? sql`pragma wal_checkpoint(truncate)` : sql`vacuum analyze`).execute(handle.db);
    return { corpus, corpusSeconds, indexSeconds, bytes: await databaseBytes(database, handle, dataDir) };
  } finally {
    await handle.close();
  }
}

async function timeEachQuery(server: ServerProcess, paths: string[]) {
  const rows: SearchEngineResult['queries'] = [];
  for (const p of paths) {
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < 15; i++) {
      const started = performance.now();
      const response = await fetch(server.url + p);
      const body = (await response.json()) as { total: number };
      times.push(performance.now() - started);
      if (response.status !== 200) throw new Error(`GET ${p} answered ${response.status}`);
      total = body.total;
    }
    rows.push({
      query: decodeURIComponent(p.replace('/api/v1/public/search?', '')),
      total,
      medianMs: percentile(
        times.sort((a, b) => a - b),
        0.5,
      ),
    });
  }
  return rows;
}

async function measureEngine(database: VoteDatabase, options: BenchOptions, dataDir: string): Promise<SearchEngineResult> {
  pendingDrops.add(database.drop);
  let server: ServerProcess | undefined;
  try {
    const prepared = await prepare(database, options, dataDir);
    server = await startRostrum(dataDir, database.env, `search-${database.kind}`);
    const expertSlug = prepared.corpus.expertPaths[0]!.split('/').pop()!;
    const paths = searchQueries(expertSlug);
    const queries = await timeEachQuery(server, paths);
    const reference = { baseUrl: server.url, paths: ['/api/v1/public/articles?limit=10'] };
    const target = { baseUrl: server.url, paths };
    log(`Measuring search on ${database.kind}: the listing API, then ${paths.length} queries round-robin`);
    if (options.warmup > 0) await runLoad(reference, options.warmup, options.connections);
    const listing = await runLoad(reference, options.duration, options.connections);
    if (options.warmup > 0) await runLoad(target, options.warmup, options.connections);
    const cpuBefore = cpuSeconds(server.pid);
    const search = await runLoad(target, options.duration, options.connections);
    const cpuAfter = cpuSeconds(server.pid);
    const serverRssBytes = residentMemory(server.pid);
    const blocking = await measureBlocking(server, database.kind, dataDir, database.env, paths, options);
    return {
      database: database.kind,
      corpusSeconds: prepared.corpusSeconds,
      indexSeconds: prepared.indexSeconds,
      databaseBytes: prepared.bytes,
      reference: listing,
      search,
      ratioToListing: search.requestsPerSecond / listing.requestsPerSecond,
      cpuUsPerSearch: cpuBefore !== undefined && cpuAfter !== undefined && search.requests > 0 ? ((cpuAfter - cpuBefore) * 1e6) / search.requests : undefined,
      serverRssBytes,
      queries,
      blocking,
    };
  } finally {
    await server?.stop();
    await database.drop();
    pendingDrops.delete(database.drop);
  }
}

export async function measureSearch(options: BenchOptions, tempDir: string): Promise<SearchReport> {
  const results: SearchEngineResult[] = [];
  const skipped: string[] = [];
  if (options.searchEngines.includes('sqlite')) {
    const sqliteDir = path.join(tempDir, 'search-sqlite');
    results.push(await measureEngine(sqliteDatabase(sqliteDir), options, sqliteDir));
  }
  if (options.searchEngines.includes('postgres')) {
    const reachable = options.postgresAdminUrl ? await postgresAnswers(options.postgresAdminUrl) : 'BENCH_POSTGRES_URL is empty';
    if (reachable === true) {
      const pgDir = path.join(tempDir, 'search-pg');
      results.push(await measureEngine(await postgresDatabase(options.postgresAdminUrl, pgDir), options, pgDir));
    } else {
      skipped.push(`search on PostgreSQL: left out (${reachable})`);
      log(skipped[skipped.length - 1]!);
    }
  }
  return { articles: options.searchArticles, experts: options.experts, queries: searchQueries('<first expert>'), results, skipped };
}
