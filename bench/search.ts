// The search scenario: a large corpus on SQLite and on PostgreSQL, its index built in bulk, then
// autocannon cycling through realistic queries against GET /api/v1/public/search, with the article
// listing API on the same server as the reference measured in the same run. Two query sets: 22 fixed
// ones in the shapes that cost differently, and 90 drawn from the corpus's own text at run time.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../src/schema.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { migrations } from '../src/schema.ts';
import { composeCapabilities } from '../src/compose.ts';
import { rebuildSearchIndex } from '../src/search/documents.ts';
import { buildCorpus, placeCount, placeName } from './corpus.ts';
import { sampleQueries, type SampledQuery } from './sampled-queries.ts';
import type { BenchOptions } from './options.ts';
import { runLoad, percentile, type LoadResult, type LoadTarget } from './load.ts';
import { cpuSeconds, killAllChildren, residentMemory, startRostrum, type ServerProcess } from './servers.ts';
import { postgresAnswers, postgresDatabase, sqliteDatabase, type VoteDatabase } from './votes.ts';
import { measureBlocking, type BlockingReport } from './blocking.ts';

export interface SearchEngineResult {
  database: 'sqlite' | 'postgres';
  corpusSeconds: number;
  indexSeconds: number;
  databaseBytes: number;
  reference: LoadResult;
  /** The fixed queries, round-robin. */
  search: LoadResult;
  /** Search requests/s divided by the listing's. */
  ratioToListing: number;
  /** Search p99 divided by the listing's. */
  p99RatioToListing: number;
  cpuUsPerSearch: number | undefined;
  /** The queries drawn from the corpus at run time (see sampled-queries.ts), round-robin, as a load of their own. */
  sampled: LoadResult;
  sampledRatioToListing: number;
  sampledP99RatioToListing: number;
  cpuUsPerSampledSearch: number | undefined;
  /** Median time of each sampled query alone, by kind of query: the median over that kind's queries. */
  sampledMedians: Array<{ kind: SampledQuery['kind']; queries: number; medianMs: number; slowestMs: number; slowest: string }>;
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
  /** The seed the sampled queries were drawn with (BENCH_SEARCH_SEED draws the same ones again), and how many. */
  sampledSeed: number;
  sampledQueries: number;
  results: SearchEngineResult[];
  skipped: string[];
}

const log = (message: string) => process.stderr.write(message + '\n');
/** Articles the sampled queries are drawn from, three queries each. */
const sampledArticles = 30;
const pendingDrops = new Set<() => Promise<void>>();

/** Kills the search servers and drops their databases; for a run that is being stopped. */
export async function abortSearch(): Promise<void> {
  killAllChildren();
  await Promise.allSettled([...pendingDrops].map((drop) => drop()));
}

/** The reference: the listing API's first page, on the same server. */
export const listingPath = '/api/v1/public/articles?limit=10';

/** What readers type, in the shapes that cost differently: common and rare words, phrases, pairs, filters. */
export function searchQueries(expertSlug: string): string[] {
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
export async function prepareSearchSite(database: VoteDatabase, options: BenchOptions, dataDir: string) {
  composeCapabilities();
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
    const sampled = await sampleQueries(handle, options.searchSeed, sampledArticles);
    return { corpus, corpusSeconds, indexSeconds, sampled, bytes: await databaseBytes(database, handle, dataDir) };
  } finally {
    await handle.close();
  }
}

/** Each path alone, one request at a time, 15 times: the median time and the number of matches. */
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

/** The sampled queries' medians, summarised by kind: the median of the medians, and the slowest. */
async function timeSampledQueries(server: ServerProcess, sampled: SampledQuery[]): Promise<SearchEngineResult['sampledMedians']> {
  const timed = await timeEachQuery(
    server,
    sampled.map((q) => q.path),
  );
  const kinds = [...new Set(sampled.map((q) => q.kind))];
  return kinds.map((kind) => {
    const ofKind = timed.filter((_, i) => sampled[i]!.kind === kind).sort((a, b) => a.medianMs - b.medianMs);
    const slowest = ofKind[ofKind.length - 1]!;
    return {
      kind,
      queries: ofKind.length,
      medianMs: percentile(
        ofKind.map((q) => q.medianMs),
        0.5,
      ),
      slowestMs: slowest.medianMs,
      slowest: slowest.query,
    };
  });
}

/** A warm-up, then the measurement, with the server's CPU time per request over the measurement. */
async function measureLoad(server: ServerProcess, target: LoadTarget, options: BenchOptions): Promise<{ load: LoadResult; cpuUsPerRequest: number | undefined }> {
  if (options.warmup > 0) await runLoad(target, options.warmup, options.connections);
  const cpuBefore = cpuSeconds(server.pid);
  const load = await runLoad(target, options.duration, options.connections);
  const cpuAfter = cpuSeconds(server.pid);
  return { load, cpuUsPerRequest: cpuBefore !== undefined && cpuAfter !== undefined && load.requests > 0 ? ((cpuAfter - cpuBefore) * 1e6) / load.requests : undefined };
}

async function measureEngine(database: VoteDatabase, options: BenchOptions, dataDir: string): Promise<SearchEngineResult> {
  pendingDrops.add(database.drop);
  let server: ServerProcess | undefined;
  try {
    const prepared = await prepareSearchSite(database, options, dataDir);
    server = await startRostrum(dataDir, database.env, `search-${database.kind}`);
    const expertSlug = prepared.corpus.expertPaths[0]!.split('/').pop()!;
    const paths = searchQueries(expertSlug);
    const queries = await timeEachQuery(server, paths);
    const sampledMedians = await timeSampledQueries(server, prepared.sampled);
    log(`Measuring search on ${database.kind}: the listing API, then ${paths.length} fixed queries round-robin, then ${prepared.sampled.length} sampled ones`);
    const listing = await measureLoad(server, { baseUrl: server.url, paths: [listingPath] }, options);
    const search = await measureLoad(server, { baseUrl: server.url, paths }, options);
    const sampled = await measureLoad(server, { baseUrl: server.url, paths: prepared.sampled.map((q) => q.path) }, options);
    const reference = listing.load;
    const serverRssBytes = residentMemory(server.pid);
    const blocking = await measureBlocking(server, database.kind, dataDir, database.env, paths, options);
    return {
      database: database.kind,
      corpusSeconds: prepared.corpusSeconds,
      indexSeconds: prepared.indexSeconds,
      databaseBytes: prepared.bytes,
      reference,
      search: search.load,
      ratioToListing: search.load.requestsPerSecond / reference.requestsPerSecond,
      p99RatioToListing: search.load.p99Ms / reference.p99Ms,
      cpuUsPerSearch: search.cpuUsPerRequest,
      sampled: sampled.load,
      sampledRatioToListing: sampled.load.requestsPerSecond / reference.requestsPerSecond,
      sampledP99RatioToListing: sampled.load.p99Ms / reference.p99Ms,
      cpuUsPerSampledSearch: sampled.cpuUsPerRequest,
      sampledMedians,
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
  return {
    articles: options.searchArticles,
    experts: options.experts,
    queries: searchQueries('<first expert>'),
    sampledSeed: options.searchSeed,
    sampledQueries: sampledArticles * 3,
    results,
    skipped,
  };
}
