// The processes part: one PostgreSQL database with the search corpus (BENCH_SEARCH_ARTICLES, 100,000),
// served by one `rostrum serve` and then by three behind one port (node:cluster, see cluster.ts), each
// under the same mix at once: pages, the listing API, search and votes, each kind on its own share of
// the connections. Each kind's figures for three processes are compared with one process's, measured in
// the same run on the same database; and the connections the servers held are counted in PostgreSQL.
import pg from 'pg';
import type { BenchOptions } from './options.ts';
import { runLoad, type LoadResult, type LoadTarget } from './load.ts';
import { childPids, cpuSeconds, killAllChildren, startRostrum, startRostrumCluster } from './servers.ts';
import { postgresAnswers, postgresDatabase, type VoteDatabase } from './votes.ts';
import { listingPath, prepareSearchSite, searchQueries } from './search.ts';
import { createPoll } from '../src/polls/store.ts';

export interface ProcessesCase {
  processes: number;
  kinds: Array<{ kind: string; connections: number; load: LoadResult }>;
  /** CPU time of every Rostrum process (not PostgreSQL's) per request of any kind, in microseconds. */
  cpuUsPerRequest: number | undefined;
  /** Connections to the database PostgreSQL counted at the end of the load, the bench's own one excepted. */
  databaseConnections: number | undefined;
}

export interface ProcessesReport {
  articles: number;
  /** DATABASE_POOL_SIZE the servers ran with. */
  poolSize: number;
  results: ProcessesCase[];
  skipped: string[];
}

const log = (message: string) => process.stderr.write(message + '\n');
const pendingDrops = new Set<() => Promise<void>>();

/** Kills the servers and drops the database; for a run that is being stopped. */
export async function abortProcesses(): Promise<void> {
  killAllChildren();
  await Promise.allSettled([...pendingDrops].map((drop) => drop()));
}
const processCounts = [1, 3];
/** The servers' pool size: the default, so that the count shows what an operator gets. */
const poolSize = 10;

export async function measureProcesses(options: BenchOptions, tempDir: string): Promise<ProcessesReport> {
  const report: ProcessesReport = { articles: options.searchArticles, poolSize, results: [], skipped: [] };
  const reachable = options.postgresAdminUrl ? await postgresAnswers(options.postgresAdminUrl) : 'BENCH_POSTGRES_URL is empty';
  if (reachable !== true) {
    report.skipped.push(`several processes on PostgreSQL: left out (${reachable})`);
    log(report.skipped[0]!);
    return report;
  }
  const dataDir = `${tempDir}/processes-pg`;
  const database = await postgresDatabase(options.postgresAdminUrl, dataDir);
  pendingDrops.add(database.drop);
  try {
    const prepared = await prepareSearchSite(database, options, dataDir);
    const pollId = await openPoll(database);
    const expertSlug = prepared.corpus.expertPaths[0]!.split('/').pop()!;
    const mix = planMix(prepared.corpus.articlePaths, prepared.corpus.expertPaths, [...searchQueries(expertSlug), ...prepared.sampled.map((q) => q.path)], pollId, options.connections);
    for (const processes of processCounts) report.results.push(await measureCase(database, dataDir, processes, mix, options));
    return report;
  } finally {
    await database.drop();
    pendingDrops.delete(database.drop);
  }
}

async function openPoll(database: VoteDatabase): Promise<{ id: number; optionId: number }> {
  const handle = database.open();
  try {
    const poll = await createPoll(handle, { question: 'Will the processes agree?', options: ['Yes', 'No'], status: 'open' });
    return { id: poll.id, optionId: poll.options[0]!.id };
  } finally {
    await handle.close();
  }
}

interface MixPart {
  kind: string;
  connections: number;
  /** Paths and body; the base URL is the server's. */
  target: Omit<LoadTarget, 'baseUrl'>;
}

/** The four kinds of request, each with a quarter of the connections. */
function planMix(articlePaths: string[], expertPaths: string[], searchPaths: string[], poll: { id: number; optionId: number }, connections: number): MixPart[] {
  const quarter = Math.max(1, Math.round(connections / 4));
  // 2,000 articles spread through the archive, with the front page, the blogs and the expert blogs:
  // first visits render, later ones come from each process's page cache.
  const step = Math.max(1, Math.floor(articlePaths.length / 2000));
  const pages = ['/', '/blogs', ...expertPaths, ...articlePaths.filter((_, i) => i % step === 0).slice(0, 2000)];
  return [
    { kind: 'pages', connections: quarter, target: { paths: pages } },
    { kind: 'listing API', connections: quarter, target: { paths: [listingPath, `${listingPath}&tag=energy`] } },
    { kind: 'search API', connections: quarter, target: { paths: searchPaths } },
    { kind: 'votes', connections: quarter, target: { paths: [`/polls/${poll.id}/vote`], postJson: { option: poll.optionId } } },
  ];
}

async function measureCase(database: VoteDatabase, dataDir: string, processes: number, mix: MixPart[], options: BenchOptions): Promise<ProcessesCase> {
  const env = { ...database.env, ROSTRUM_VOTE_RATE_LIMIT: '0', DATABASE_POOL_SIZE: String(poolSize) };
  const server = processes === 1 ? await startRostrum(dataDir, env, 'mix-x1') : await startRostrumCluster(dataDir, env, processes);
  try {
    const pids = () => (processes === 1 ? [server.pid] : childPids(server.pid));
    await checkMix(server.url, mix);
    const runMix = (seconds: number) => Promise.all(mix.map((part) => runLoad({ baseUrl: server.url, ...part.target }, seconds, part.connections)));
    log(`Measuring the mix on ${processes} process${processes === 1 ? '' : 'es'}: ${mix.map((m) => `${m.kind} (${m.connections} connections)`).join(', ')}`);
    if (options.warmup > 0) await runMix(options.warmup);
    const cpuBefore = totalCpu(pids());
    const loads = await runMix(options.duration);
    const cpuAfter = totalCpu(pids());
    const databaseConnections = await connectionsTo(database);
    const requests = loads.reduce((n, l) => n + l.requests, 0);
    return {
      processes,
      kinds: mix.map((part, i) => ({ kind: part.kind, connections: part.connections, load: loads[i]! })),
      cpuUsPerRequest: cpuBefore !== undefined && cpuAfter !== undefined && requests > 0 ? ((cpuAfter - cpuBefore) * 1e6) / requests : undefined,
      databaseConnections,
    };
  } finally {
    await server.stop();
  }
}

/** One request of each kind before measuring: a kind measuring refusals would look splendid. */
async function checkMix(baseUrl: string, mix: MixPart[]): Promise<void> {
  for (const { kind, target } of mix) {
    const post = target.postJson !== undefined;
    const response = await fetch(baseUrl + target.paths[0]!, post ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(target.postJson) } : {});
    const body = await response.text();
    if (response.status !== 200) throw new Error(`${kind}: ${post ? 'POST' : 'GET'} ${target.paths[0]} answered ${response.status}: ${body.slice(0, 200)}`);
  }
}

function totalCpu(pids: number[]): number | undefined {
  const times = pids.map(cpuSeconds);
  return pids.length > 0 && times.every((t) => t !== undefined) ? times.reduce((sum: number, t) => sum + t!, 0) : undefined;
}

/** Connections PostgreSQL has open to the servers' database now, other than the one asking. */
async function connectionsTo(database: VoteDatabase): Promise<number | undefined> {
  const client = new pg.Client({ connectionString: database.env.DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ n: string }>('select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
    return Number(rows[0]!.n);
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => {});
  }
}
